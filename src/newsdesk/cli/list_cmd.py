"""``newsdesk list [FOLDER] [--status S] [--json]``: one line per article.

Each line starts with a path that ``newsdesk show`` accepts from the same working folder. The
columns are as wide as the screen allows: a path too long to line up pushes its own row along
instead of padding every row to it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from newsdesk.cli.common import jsonable, load_schema_or_fail, relative_to_cwd, resolve_folder
from newsdesk.core.folder.index import Entry, FolderIndex
from newsdesk.core.model.article import Article
from newsdesk.core.model.problems import Problem, did_you_mean
from newsdesk.core.model.textsafe import clean_line, escape_path
from newsdesk.core.rules.schema import SchemaLookup
from newsdesk.core.rules.validate import validate_article

#: The narrowest the title column is allowed to get when paths are lined up.
MIN_TITLE = 30


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", nargs="?", help="folder (or file) of articles; default: the configured folder"
    )
    parser.add_argument("--status", help="only articles with this status")
    parser.add_argument("--json", action="store_true", help="print a JSON array of objects")


def run(args: argparse.Namespace) -> int:
    from newsdesk.cli.errors import UsageError

    root: Path = resolve_folder(args.folder)
    schema = load_schema_or_fail(root if root.is_dir() else root.parent)
    # Each article is read with its section's newsdesk.toml (as validate does): its field roles
    # say where the title, date, byline and status are.
    schemas = SchemaLookup(root, schema)

    def check(article: Article) -> list[Problem]:
        broken = schemas.error_for(article.path)
        if broken is not None:
            return [*article.problems, Problem("invalid-schema", broken.message, broken.line or 1, 1)]
        return validate_article(article, schemas.for_path(article.path))

    index = FolderIndex(root, checker=check, schemas=schemas)
    links: set[Path] = set()  # the articles that are symlinks: the walk's listing says so for free
    entries = [index.load_entry(p) for p in index.article_paths(on_many=_tell_many, links=links)]
    # The statuses of the schemas in use (a section's own may differ from the folder's).
    in_use = schemas.statuses_in_use() if entries else (schema.statuses if schema.has_status else ())
    if args.status is not None:
        if args.status not in in_use:
            known = ", ".join(in_use) if in_use else "none: these articles have no status"
            close = did_you_mean(args.status, in_use, cutoff=0.6)
            hint = f" (did you mean {close}?)" if close else ""
            raise UsageError(f"unknown status {args.status!r}{hint}; choose from {known}")
        entries = [e for e in entries if e.status == args.status]
    shown = _shown_paths(entries, relative=args.folder is None)
    outside = _links_outside(entries, links, schemas)
    if args.json:
        rows = [
            {
                "path": path,
                "title": e.title or None,
                "date": e.date or None,
                "status": e.status or None,
                "byline": e.byline or None,
                "format": e.format,
                "problems": e.problem_count,
                "errors": e.errors,
                "warnings": e.warnings,
                **({"link": outside[e.path]} if e.path in outside else {}),
            }
            for e, path in zip(entries, shown, strict=True)
        ]
        json.dump(jsonable(rows), sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
        sys.stdout.write("\n")
        return 0
    if entries:
        # No status column for a site whose articles have no status (never a column of '-').
        with_status = bool(in_use) or any(e.status for e in entries)
        marked = [
            f"{path} -> {outside[e.path]}" if e.path in outside else path
            for e, path in zip(entries, shown, strict=True)
        ]
        sys.stdout.write("\n".join(_lines(entries, marked, with_status=with_status)) + "\n")
    return 0


def _tell_many(root: Path, count: int) -> None:
    from newsdesk.core.folder import walk

    print(
        f"newsdesk: warning: {escape_path(root)} holds more than {walk.MANY_FILES:,} files; still looking "
        "(is it the right folder?)",
        file=sys.stderr,
        flush=True,
    )


def _links_outside(entries: list[Entry], links: set[Path], schemas: SchemaLookup) -> dict[Path, str]:
    """The articles that are links out of the folder (newsdesk reads them, but will not write
    them), each with its target, escaped. Only the links are looked at (usually none)."""
    if not links:
        return {}
    from newsdesk.core.read.links import file_link_outside

    out: dict[Path, str] = {}
    for e in entries:
        if e.path in links and not schemas.for_path(e.path).follow_symlinks:
            found = file_link_outside(e.path)
            if found is not None:
                out[e.path] = escape_path(found[0])
    return out


def _shown_paths(entries: list[Entry], *, relative: bool) -> list[str]:
    """Paths as ``show`` takes them: as found under the folder given, or (for the configured
    folder, found from an absolute path) relative to the working folder when inside it."""
    if not relative:
        return [escape_path(e.path) for e in entries]
    return [escape_path(relative_to_cwd(e.path)) for e in entries]


def _lines(entries: list[Entry], paths: list[str], *, with_status: bool = True) -> list[str]:
    status_width = max((len(clean_line(e.status)) for e in entries if e.status), default=1)
    columns = shutil.get_terminal_size((100, 24)).columns
    # Line up the paths that fit beside a readable title; longer ones push only their own row.
    room = max(columns - (10 + 2) - ((status_width + 2) if with_status else 0) - 2 - MIN_TITLE, 20)
    fitting = [len(p) for p in paths if len(p) <= room]
    width = max(fitting, default=0)
    out = []
    for e, path in zip(entries, paths, strict=True):
        title = clean_line(e.title) if e.title else "(no title)"
        line = f"{path:<{width}}  {e.date or '-':<10}  "
        if with_status:
            status = clean_line(e.status) if e.status else "-"
            line += f"{status:<{status_width}}  "
        line += title
        counts = [f"{e.errors} error{'s' if e.errors != 1 else ''}"] if e.errors else []
        if e.warnings:
            counts.append(f"{e.warnings} warning{'s' if e.warnings != 1 else ''}")
        if counts:
            line += f"  [{', '.join(counts)}]"
        out.append(line)
    return out
