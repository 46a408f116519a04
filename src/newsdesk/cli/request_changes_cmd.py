"""``newsdesk request-changes PATH``: send an article back with a note (-> draft). See `newsdesk.cli.verdict`."""

from __future__ import annotations

import argparse

from newsdesk.cli import verdict

VERDICT = "changes-requested"


def configure(parser: argparse.ArgumentParser) -> None:
    verdict.configure(parser, VERDICT)


def run(args: argparse.Namespace) -> int:
    return verdict.run(args, VERDICT)
