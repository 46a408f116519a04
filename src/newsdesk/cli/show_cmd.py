"""``newsdesk show PATH [--json]``: an article's metadata and body."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from newsdesk.cli.common import jsonable
from newsdesk.core.reader import load_article
from newsdesk.core.textsafe import clean, clean_line


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="the article file")
    parser.add_argument("--json", action="store_true", help="print {path, format, metadata, body, problems}")


def run(args: argparse.Namespace) -> int:
    from newsdesk.cli import UsageError

    path = Path(args.path)
    if not path.exists() and not path.is_symlink():
        raise UsageError(f"no such file: {args.path}")
    article = load_article(path)
    problems = [
        {"line": p.line, "column": p.column, "severity": p.severity, "code": p.code, "message": p.message}
        for p in article.problems
    ]
    if args.json:
        doc = {
            "path": str(path),
            "format": article.format,
            "metadata": jsonable(article.metadata),
            "body": article.body,
            "problems": problems,
        }
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
        sys.stdout.write("\n")
    else:
        lines = [f"{clean_line(key)}: {_render(value)}" for key, value in article.metadata.items()]
        sys.stdout.write("\n".join(lines) + ("\n" if lines else ""))
        sys.stdout.write("\n" + clean(article.body))
        if article.body and not article.body.endswith("\n"):
            sys.stdout.write("\n")
    for p in article.problems:
        print(f"{path}:{p.line}:{p.column}: {p.severity}[{p.code}] {clean_line(p.message)}", file=sys.stderr)
    return 1 if article.has_errors else 0


def _render(value: Any) -> str:
    plain = jsonable(value)
    if isinstance(plain, str):
        return clean_line(plain)
    return clean_line(json.dumps(plain, ensure_ascii=False))
