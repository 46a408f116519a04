"""``newsdesk list [FOLDER] [--status S] [--json]``: one line per article."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newsdesk.cli.common import jsonable, load_schema_or_fail, resolve_folder
from newsdesk.core.index import FolderIndex
from newsdesk.core.textsafe import clean_line
from newsdesk.core.validate import validate_article


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", nargs="?", help="folder (or file) of articles; default: the configured folder"
    )
    parser.add_argument("--status", help="only articles with this status")
    parser.add_argument("--json", action="store_true", help="print a JSON array of objects")


def run(args: argparse.Namespace) -> int:
    from newsdesk.cli import UsageError

    root: Path = resolve_folder(args.folder)
    schema = load_schema_or_fail(root)
    if args.status is not None and args.status not in schema.statuses:
        raise UsageError(f"unknown status {args.status!r}; choose from {', '.join(schema.statuses)}")
    index = FolderIndex(root, checker=lambda article: validate_article(article, schema))
    entries = index.scan()
    if args.status is not None:
        entries = [e for e in entries if e.status == args.status]
    if args.json:
        rows = [
            {
                "path": e.rel,
                "title": e.title or None,
                "date": e.date or None,
                "status": e.status or None,
                "byline": e.byline or None,
                "format": e.format,
                "problems": e.problem_count,
                "errors": e.errors,
                "warnings": e.warnings,
            }
            for e in entries
        ]
        json.dump(jsonable(rows), sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
        sys.stdout.write("\n")
        return 0
    width = max((len(e.rel) for e in entries), default=0)
    out = []
    for e in entries:
        title = clean_line(e.title) if e.title else "(no title)"
        line = f"{clean_line(e.rel):<{width}}  {e.date or '-':<10}  {e.status or '-':<9}  {title}"
        if e.problem_count:
            noun = "problem" if e.problem_count == 1 else "problems"
            line += f"  [{e.problem_count} {noun}]"
        out.append(line)
    if out:
        sys.stdout.write("\n".join(out) + "\n")
    return 0
