"""Giving verdicts: plan and save a move (verdicts) and what changed since the last one
(since, from git). Built on rules and write."""
