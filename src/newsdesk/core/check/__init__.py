"""Checking many files: the batch runner (validate_paths), its forked workers and the people
checks across a folder. Built on folder; newsdesk validate's entry point."""
