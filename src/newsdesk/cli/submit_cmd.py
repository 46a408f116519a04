"""``newsdesk submit PATH``: submit an article for review (draft -> review). See `newsdesk.cli.verdict`."""

from __future__ import annotations

import argparse

from newsdesk.cli import verdict

VERDICT = "submitted"


def configure(parser: argparse.ArgumentParser) -> None:
    verdict.configure(parser, VERDICT)


def run(args: argparse.Namespace) -> int:
    return verdict.run(args, VERDICT)
