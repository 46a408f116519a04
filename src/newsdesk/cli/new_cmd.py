"""``newsdesk new "TITLE" [--folder F] [--date D] [--format yaml|toml]``: start a new article.

Writes ``YYYY-MM-DD-slug-of-title.md`` in the folder (the configured articles folder by default),
never over an existing file (``-2``, ``-3``... are added), with status ``draft``, the date and every
schema default filled in (in the fields the site's roles name), and prints its path. On a Hugo site
with archetypes it starts from the folder's archetype instead (its simple templates filled in;
anything else left as written, with a warning on stderr).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from newsdesk.cli.common import add_follow_symlinks, default_folder, load_schema_or_fail, relative_to_cwd
from newsdesk.cli.errors import CommandError, UsageError
from newsdesk.core.infer.newarticle import archetype_for, create_article, initial_metadata
from newsdesk.core.model.errors import SaveError
from newsdesk.core.model.textsafe import clean_line


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("title", metavar="TITLE", help="the article's title")
    parser.add_argument("--folder", metavar="F", help="where to write it (default: the articles folder)")
    parser.add_argument("--date", metavar="D", help="its date, YYYY-MM-DD (default: today)")
    parser.add_argument(
        "--format", choices=("yaml", "toml"), help="front matter format (default: the schema's)"
    )
    add_follow_symlinks(parser)


def run(args: argparse.Namespace) -> int:
    title = args.title
    if not title.strip():
        raise UsageError("the title is empty")
    if "\n" in title or "\r" in title:
        raise UsageError("the title must be one line")
    if args.folder is None:
        folder = default_folder()
    else:
        folder = Path(args.folder)
        if not folder.is_dir():
            raise UsageError(f"no such folder: {args.folder}")
    if args.date is None:
        date = dt.date.today()
    else:
        try:
            date = dt.date.fromisoformat(args.date)
        except ValueError:
            raise UsageError(f"--date {args.date!r} is not a date; write it as YYYY-MM-DD") from None
    schema = load_schema_or_fail(folder)
    # A Hugo site's archetype for the folder, when it has one; else the schema's defaults.
    archetype, warnings = archetype_for(folder, title, date)
    for warning in warnings:
        print(f"newsdesk: warning: {clean_line(warning)}", file=sys.stderr)
    fmt = args.format or (archetype.format if archetype is not None else schema.format)
    metadata = initial_metadata(schema, title, date, archetype)
    body = archetype.body if archetype is not None and archetype.body.strip() else "\n"
    try:
        article = create_article(
            folder,
            metadata,
            body,
            fmt,
            title=title,
            date=date,
            follow_symlinks=args.follow_symlinks or schema.follow_symlinks,
        )
    except SaveError as exc:
        raise CommandError(str(exc)) from None
    print(clean_line(str(relative_to_cwd(article.path))))
    return 0
