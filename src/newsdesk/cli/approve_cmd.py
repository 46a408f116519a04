"""``newsdesk approve PATH``: approve an article in review (review -> approved). See `newsdesk.cli.verdict`."""

from __future__ import annotations

import argparse

from newsdesk.cli import verdict

VERDICT = "approved"


def configure(parser: argparse.ArgumentParser) -> None:
    verdict.configure(parser, VERDICT)


def run(args: argparse.Namespace) -> int:
    return verdict.run(args, VERDICT)
