"""``newsdesk review [FOLDER]``: open the app on the review queue (the articles in review)."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder",
        nargs="?",
        help="folder of articles (default: the configured folder, else ./articles, else .)",
    )


def run(args: argparse.Namespace) -> int:
    from newsdesk.cli.app_cmd import run_app

    return run_app(args.folder, start="review")
