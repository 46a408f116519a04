"""``newsdesk log PATH [--json]``: an article's review history.

Text: the status, then one verdict per line, newest first (time, verdict, who), each note indented
below it. ``--json``: ``{path, status, review: [{by, at, verdict, note}...]}`` with the entries
oldest first, as the file holds them. Exit 0 (also with no history), 2 for a missing file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from pathlib import Path

from newsdesk.cli.common import load_schema_or_fail
from newsdesk.core.model.textsafe import clean, clean_line, escape_path
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.workflow import Verdict, history


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="the article file")
    parser.add_argument(
        "--json", action="store_true", help="print {path, status, review: [{by, at, verdict, note}]}"
    )


def run(args: argparse.Namespace) -> int:
    from newsdesk.cli.errors import CommandError, UsageError

    path = Path(args.path)
    shown = escape_path(path)
    try:
        os.stat(path)
    except FileNotFoundError:
        raise UsageError(f"no such file: {shown}") from None
    except OSError:
        pass
    if path.is_dir():
        raise UsageError(f"{shown} is a folder: give one article file")
    schema = load_schema_or_fail(path.parent if path.parent.parts else Path("."))
    article = load_article(path)
    if article.fingerprint is None:
        why = article.problems[0].message if article.problems else "cannot be read"
        raise CommandError(f"{shown}: {clean_line(why)}")
    status = schema.roles.status_of(article.metadata)
    entries = history(article.metadata)
    if args.json:
        doc = {"path": shown, "status": status, "review": [e.as_dict() for e in entries]}
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    count = f"{len(entries)} verdict{'s' if len(entries) != 1 else ''}" if entries else "no review history"
    print(f"{shown}: {clean_line(status or '(no status)')}; {count}")
    for entry in reversed(entries):
        print(format_entry(entry))
    return 0


def when(entry: Verdict) -> str:
    """``2024-05-01 10:00 +02:00``: the entry's time as written, to the minute."""
    at = entry.at
    if at is None:
        return clean_line(entry.at_text or "?", 25)
    text = at.strftime("%Y-%m-%d %H:%M")
    offset = at.strftime("%z")
    return f"{text} {offset[:3]}:{offset[3:]}" if offset else text


def format_entry(entry: Verdict, width: int = 80) -> str:
    head = f"{when(entry):<22} {clean_line(entry.verdict or '?', 20):<17} {clean_line(entry.by or '?', 60)}"
    lines = [head.rstrip()]
    for paragraph in clean(entry.note).split("\n") if entry.note else []:
        lines += textwrap.wrap(paragraph, width - 4, initial_indent="    ", subsequent_indent="    ") or [""]
    return "\n".join(lines)
