"""``newsdesk set PATH KEY=VALUE... [--unset KEY]``: change front-matter fields, nothing else.

Values are parsed by the field's schema type (a date takes ``2022-02-24``; a list takes a JSON array,
``tags='["employment","2022"]'``). A value that does not fit is refused (exit 1, file unchanged).
Problems elsewhere in the article are printed as warnings and do not block the change. Setting a
field to the value it already has leaves the file untouched.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from newsdesk.cli import CommandError, UsageError
from newsdesk.cli.common import load_schema_or_fail
from newsdesk.core.article import Article
from newsdesk.core.problems import Problem
from newsdesk.core.reader import load_article
from newsdesk.core.save import UNSET, SaveError, render, write_text
from newsdesk.core.schema import Schema
from newsdesk.core.splice import parse_path
from newsdesk.core.textsafe import clean, clean_line
from newsdesk.core.values import parse_cli_value, spec_for_path

_EPILOG = """\
examples:
  newsdesk set articles/x.md status=review
  newsdesk set articles/x.md date=2022-02-24 'title=Spring employment meeting'
  newsdesk set articles/x.md 'tags=["employment","2022"]'
  newsdesk set articles/x.md 'attendees[1].role=Vice President' --unset summary

Only the changed fields' lines are rewritten; comments, order, quoting and the body stay as they are.
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = _EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("path", metavar="PATH", help="the article file to change")
    parser.add_argument(
        "assignments",
        nargs="*",
        metavar="KEY=VALUE",
        help="field to set; KEY may reach into lists: attendees[1].role",
    )
    parser.add_argument(
        "--unset", action="append", default=[], metavar="KEY", help="remove a field or list item (repeatable)"
    )
    parser.add_argument(
        "-n", "--dry-run", action="store_true", help="print the change as a diff; write nothing"
    )
    # Let options and KEY=VALUE pairs mix in any order: `set a.md --unset x title=y`.
    parser.parse_args = parser.parse_intermixed_args  # type: ignore[method-assign]


def run(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not args.assignments and not args.unset:
        raise UsageError("nothing to change: give KEY=VALUE and/or --unset KEY")
    raw_pairs: list[tuple[str, str]] = []
    for item in args.assignments:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"expected KEY=VALUE, got {item!r}")
        raw_pairs.append((key, value))
    keys = [k for k, _ in raw_pairs] + list(args.unset)
    if len(set(keys)) != len(keys):
        raise UsageError("each field may be given only once")
    schema = load_schema_or_fail(path)
    article = load_article(path)
    if article.read_only or article.fingerprint is None:
        why = article.problems[0].message if article.problems else "cannot be read"
        raise CommandError(f"{path}: {why}")

    changes: dict[str, object] = {}
    for key, raw in raw_pairs:
        try:
            field_path = parse_path(key, article.metadata)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        spec = spec_for_path(schema.fields, field_path)
        if spec is None and len(field_path) == 1 and schema.unknown_fields == "error":
            raise CommandError(
                f"{path}: field '{key}' is not in the schema (unknown fields are errors); file unchanged"
            )
        try:
            changes[key] = parse_cli_value(spec, raw)
        except ValueError as exc:
            raise CommandError(f"{path}: field '{key}': {exc}; file unchanged") from None
    for key in args.unset:
        try:
            parse_path(key, article.metadata)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        changes[key] = UNSET

    try:
        text = render(article, changes, order=list(schema.fields))
    except SaveError as exc:
        raise CommandError(f"{exc}; file unchanged") from None

    if text == article.text:
        _warn(path, _problems(article, schema))
        print(f"{path}: unchanged (the fields already have these values)")
        return 0
    if args.dry_run:
        diff = difflib.unified_diff(
            article.text.splitlines(keepends=True),
            text.splitlines(keepends=True),
            fromfile=str(path),
            tofile=str(path),
        )
        sys.stdout.write(clean("".join(diff)))
        return 0
    try:
        saved = write_text(article, text)
    except SaveError as exc:
        raise CommandError(f"{exc}; file unchanged") from None
    _warn(path, _problems(saved, schema))
    print(f"{path}: updated {', '.join(clean_line(k) for k in keys)}")
    return 0


def _problems(article: Article, schema: Schema) -> list[Problem]:
    """Load problems and schema diagnostics: shown as warnings, never blocking a `set`."""
    from newsdesk.core.validate import validate_article

    return validate_article(article, schema)


def _warn(path: Path, problems: list[Problem]) -> None:
    for p in sorted(problems, key=Problem.sort_key):
        print(f"{path}:{p.line}:{p.column}: warning[{p.code}] {clean_line(p.message)}", file=sys.stderr)
