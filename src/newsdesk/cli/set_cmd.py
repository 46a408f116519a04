"""``newsdesk set PATH KEY=VALUE... [--unset KEY]``: change front-matter fields, nothing else.

Values are parsed by the field's schema type (a date takes ``2022-02-24``; a list takes a JSON array,
``tags='["employment","2022"]'``); a field the schema does not know keeps the type of its current
value. A value that does not fit, a key neither the schema nor the file knows (unless ``--add``), or
a key python-frontmatter reserves, or a status field where the folder fixes the status (Jekyll's
``_drafts/``; both unless ``--force``) is refused (exit 1, file unchanged). Setting
a field to the value it already has leaves the file untouched.

If the file changes on disk while ``set`` runs (another ``set``, the app, an editor), ``set`` reads
it again and merges its change with the other writer's, field by field (`newsdesk.core.write.merge`, the
merge the app and git's merge driver use): when the other writer changed none of the fields it
changes (a person appended to a list by both is no clash), it writes the merge (and says so on
stderr); otherwise it refuses, naming the field.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shlex
import stat
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.cli.common import add_follow_symlinks, check_link, load_schema_or_fail
from newsdesk.cli.errors import CommandError, UsageError
from newsdesk.core.model.article import Article
from newsdesk.core.model.problems import Problem
from newsdesk.core.model.record import replace
from newsdesk.core.model.textsafe import clean, clean_line, escape_path
from newsdesk.core.read.reader import load_article, parse_text
from newsdesk.core.rules.roles import FLAG_STATUSES
from newsdesk.core.rules.schema import FieldSpec, Schema
from newsdesk.core.rules.values import RESERVED_KEYS, parse_cli_value, spec_for_path, unknown_key
from newsdesk.core.write.disk import read_locked
from newsdesk.core.write.save import UNSET, ConflictError, ReadOnlyError, SaveError, render, write_text
from newsdesk.core.write.splice import FieldPath, parse_path

#: How many times `set` re-reads a file that keeps changing under it before it gives up.
MAX_TRIES = 20

_EPILOG = """\
examples:
  newsdesk set articles/x.md status=review
  newsdesk set articles/x.md date=2022-02-24 'title=Spring employment meeting'
  newsdesk set articles/x.md 'tags=["employment","2022"]'
  newsdesk set articles/x.md 'attendees[1].role=Vice President' --unset summary
  newsdesk set articles/x.md 'attendees[3].name=New Person'    # on a list of 3: appends
  newsdesk set articles/x.md --add weight=2                       # a field nobody has yet

Only the changed fields' lines are rewritten; comments, order, quoting and the body stay as they are.
Exit codes: 0 changed (or already so), 1 refused (file unchanged), 2 usage error or missing file.
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
        "--add",
        action="store_true",
        help="allow keys that neither the schema nor the file has yet (otherwise refused as typos)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write a read-only file (its mode is kept), add a key python-frontmatter reserves "
        f"({', '.join(sorted(RESERVED_KEYS))}), or a status field where the folder fixes the status",
    )
    parser.add_argument(
        "-n", "--dry-run", action="store_true", help="print the change as a diff; write nothing"
    )
    add_follow_symlinks(parser)
    # Let options and KEY=VALUE pairs mix in any order: `set a.md --unset x title=y`.
    parser.parse_args = parser.parse_intermixed_args  # type: ignore[method-assign]


@dataclass(frozen=True)
class _Request:
    """What the command line asks for, independent of the file's current content."""

    path: Path
    pairs: list[tuple[str, str]]
    unsets: list[str]
    add: bool
    force: bool

    @property
    def keys(self) -> list[str]:
        return [k for k, _ in self.pairs] + self.unsets

    @property
    def shown(self) -> str:
        """The path as every command prints it: one line, control characters escaped."""
        return escape_path(self.path)


def run(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not args.assignments and not args.unset:
        raise UsageError("nothing to change: give KEY=VALUE and/or --unset KEY")
    pairs: list[tuple[str, str]] = []
    for item in args.assignments:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"expected KEY=VALUE, got {item!r}")
        pairs.append((key, value))
    request = _Request(path, pairs, list(args.unset), args.add, args.force)
    if len(set(request.keys)) != len(request.keys):
        raise UsageError("each field may be given only once")
    _check_path(path)
    schema = load_schema_or_fail(path)
    if args.follow_symlinks:
        schema = replace(schema, follow_symlinks=True)
    check_link(path, schema.follow_symlinks)
    article = _load(request)
    changes = _changes(request, article, schema)
    order = list(schema.fields)
    text = _render(request, article, changes, order)
    shown = request.shown

    if text == article.text:
        _report(request, article, _problems(article, schema), None)
        print(f"{shown}: unchanged (the fields already have these values)")
        return 0
    if args.dry_run:
        diff = difflib.unified_diff(
            article.text.splitlines(keepends=True),
            text.splitlines(keepends=True),
            fromfile=shown,
            tofile=shown,
        )
        sys.stdout.write(clean("".join(diff)))
        return 0
    result = _save(request, article, schema, changes, text, order)
    if result is None:
        print(f"{shown}: unchanged (someone else set these values meanwhile)")
        return 0
    saved, based_on = result
    _report(request, saved, _problems(saved, schema), _problems(based_on, schema))
    print(f"{shown}: updated {_keys(request.keys)}")
    return 0


def _keys(keys: Sequence[str]) -> str:
    return ", ".join(clean_line(k) for k in keys)


def _said(exc: Exception, request: _Request) -> str:
    """An error's message for one line, the file's name in it escaped as everywhere else."""
    return clean_line(str(exc).replace(os.fspath(request.path), request.shown), limit=None)


def _check_path(path: Path) -> None:
    """A missing path or a folder is a usage error (exit 2), as for every command."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise UsageError(f"no such file: {escape_path(path)}") from None
    except OSError:
        return  # unreadable: load_article says why (exit 1)
    if stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{escape_path(path)} is a folder: set changes one article file")


def _load(request: _Request) -> Article:
    article = _read(request.path)
    if article.read_only or article.fingerprint is None:
        why = article.problems[0].message if article.problems else "cannot be read"
        raise CommandError(f"{request.shown}: {clean_line(why)}; file unchanged")
    if article.format is None and not article.text.strip():
        raise CommandError(
            f"{request.shown}: the file is {'blank' if article.text else 'empty'}: it has no front matter "
            "for set to change; start the article with newsdesk new, or write its front matter in an "
            "editor; file unchanged"
        )
    return article


def _read(path: Path) -> Article:
    """The article as one whole version: never half of an in-place write (a file with hard links
    is rewritten in place: an unlocked read could see it truncated, and blame a field for it)."""
    with read_locked(path):
        return load_article(path)


# -- what to change --------------------------------------------------------------------------


def _changes(request: _Request, article: Article, schema: Schema) -> dict[str, object]:
    """The changes (field path -> value or UNSET) the request makes to ``article``; refuses bad ones."""
    from newsdesk.core.rules.validate import control_message, value_controls

    path, metadata = request.shown, article.metadata
    changes: dict[str, object] = {}
    for key, raw in request.pairs:
        field_path = _parse(key, metadata)
        _check_key(request, schema, metadata, key, field_path)
        spec = spec_for_path(schema.fields, field_path)
        if spec is None and len(field_path) == 1 and schema.unknown_fields == "error":
            raise CommandError(
                f"{path}: field '{clean_line(key)}' is not in the schema (unknown fields are errors); "
                "file unchanged"
            )
        try:
            if _is_draft_flag(schema, field_path):
                changes[key] = _flag_value(schema, spec, raw, _get(metadata, field_path))
            else:
                changes[key] = parse_cli_value(spec, raw, _get(metadata, field_path))
        except ValueError as exc:
            raise CommandError(
                f"{path}: field '{clean_line(key)}': {clean_line(exc)}; file unchanged"
            ) from None
        # validate's rule, refused here as edit mode refuses it: ESC, a bidi override...; a line
        # break or tab in a one-line field.
        control = next(value_controls(_show(field_path), spec, changes[key]), None)
        if control is not None:
            raise CommandError(f"{path}: {clean_line(control_message(*control))}; file unchanged")
    for key in request.unsets:
        field_path = _parse(key, metadata)
        found = unknown_key(schema.fields, metadata, field_path)
        if found is not None:
            raise CommandError(f"{path}: no field {clean_line(key)}{_hint(found.suggestion)}; file unchanged")
        changes[key] = UNSET
    return changes


def _is_draft_flag(schema: Schema, field_path: FieldPath) -> bool:
    """Whether ``field_path`` is the status role's field, a boolean draft flag (Hugo's ``draft``)."""
    return schema.roles.draft_flag and len(field_path) == 1 and field_path[0] == schema.roles.status


def _flag_value(schema: Schema, spec: FieldSpec | None, raw: str, current: object) -> object:
    """A draft flag takes a status (``draft`` / ``published``) as well as true / false."""
    roles = schema.roles
    text = raw.strip()
    if text in FLAG_STATUSES:
        return roles.status_value(text)
    try:
        return parse_cli_value(spec or _FLAG_SPEC, raw, current)
    except ValueError:
        roles.status_value(text)  # raises: names the two statuses and how to have more
        raise


_FLAG_SPEC = FieldSpec(name="draft", type="boolean")


def _parse(key: str, metadata: Mapping[str, Any]) -> FieldPath:
    try:
        return parse_path(key, metadata)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _check_key(
    request: _Request, schema: Schema, metadata: Mapping[str, Any], key: str, field_path: FieldPath
) -> None:
    path = request.shown
    top = field_path[0]
    if top in RESERVED_KEYS and top not in metadata and not request.force:
        raise CommandError(
            f"{path}: '{top}' is reserved by python-frontmatter: with it, frontmatter.load() fails "
            "(TypeError) for everyone reading this file; use --force to add it anyway; file unchanged"
        )
    fixed = schema.fixed_status_reason()
    if fixed is not None and top in (*_STATUS_WORDS, schema.roles.status) and not request.force:
        # Jekyll's _drafts/: a `published` or `status` written there would change nothing the site
        # builds, and say the opposite of where the file is.
        raise CommandError(
            f"{path}: {clean_line(fixed)}; use --force to write '{clean_line(top)}' anyway; file unchanged"
        )
    if request.add or _is_draft_flag(schema, field_path):
        return
    found = unknown_key(schema.fields, metadata, field_path)
    if found is not None:
        raise CommandError(
            f"{path}: no field {clean_line(found.where)} in the schema or in the file"
            f"{_hint(found.suggestion)}; "
            "to add a new field, use --add; file unchanged"
        )


#: Fields that would claim a status where the folder fixes it (`Schema.fixed_status_reason`).
_STATUS_WORDS = ("status", "published", "draft")


def _hint(suggestion: str | None) -> str:
    return f" (did you mean {clean_line(suggestion)}?)" if suggestion else ""


def _render(request: _Request, article: Article, changes: Mapping[str, object], order: Sequence[str]) -> str:
    try:
        return render(article, changes, order=order)
    except SaveError as exc:
        raise CommandError(f"{_said(exc, request)}; file unchanged") from None


# -- saving, and merging with a concurrent writer ------------------------------------------------


def _save(
    request: _Request,
    article: Article,
    schema: Schema,
    changes: dict[str, object],
    text: str,
    order: Sequence[str],
) -> tuple[Article, Article] | None:
    """Write ``text``; on a conflict, merge it with the new version (`newsdesk.core.write.merge`).

    Returns the article as written and the version it was written over; None when another writer
    had already set these values. A field the other writer changed differently is refused.
    """
    from newsdesk.core.write.merge import merge

    path, shown = request.path, request.shown
    ours = parse_text(text, path, bom=article.bom)
    current, merged = article, False
    for _ in range(MAX_TRIES):
        try:
            saved = write_text(
                current, text, read_only_ok=request.force, follow_symlinks=schema.follow_symlinks
            )
        except ConflictError as exc:
            fresh = _read(path)
            if fresh.read_only or fresh.fingerprint is None or not path.exists():
                raise CommandError(f"{_said(exc, request)}; file unchanged") from None
            try:
                result = merge(article, ours, fresh, order=order)
            except SaveError as err:
                raise CommandError(f"{_said(err, request)}; file unchanged") from None
            if result.conflicts or result.text is None:
                clash = _named(result.conflicts[0].field if result.conflicts else "", request, article)
                raise CommandError(
                    f"{shown}: {clean_line(clash)} was changed on disk by someone else while set ran; "
                    "nothing was written (run set again to change it anyway)"
                ) from None
            text, current, merged = result.text, fresh, True
            if text == fresh.text:
                return None
            continue
        except ReadOnlyError as exc:
            raise CommandError(
                f"{_said(exc, request)}; use --force to write it anyway; file unchanged"
            ) from None
        except SaveError as exc:
            raise CommandError(f"{_said(exc, request)}; file unchanged") from None
        if merged:
            print(
                f"newsdesk: {shown} changed on disk while set ran; merged: applied "
                f"{_keys(request.keys)} to the new version, other changes kept",
                file=sys.stderr,
            )
        return saved, current
    raise CommandError(
        f"{shown} kept changing on disk while set ran ({MAX_TRIES} tries); nothing was written"
    )


def _named(conflict: str, request: _Request, article: Article) -> str:
    """The conflicting field as the user named it: the key given when the conflict is on the whole
    list or mapping around it (``tags[0]`` for a clash on ``tags``); a clash on a list item (another
    person now) names the item."""
    if conflict.endswith("]"):
        return conflict
    for key in request.keys:
        shown = _show(parse_path(key, article.metadata))
        if not conflict or shown.startswith((conflict + ".", conflict + "[")):
            return key
    return conflict


_MISSING: Any = object()


def _get(metadata: Any, field_path: FieldPath) -> Any:
    """The value at ``field_path``, or `_MISSING`."""
    node = metadata
    for part in field_path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return _MISSING
        elif not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


def _show(field_path: FieldPath) -> str:
    out = ""
    for part in field_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# -- what to tell the user -------------------------------------------------------------------


def _problems(article: Article, schema: Schema) -> list[Problem]:
    """Load problems and schema diagnostics: shown as warnings, never blocking a `set`."""
    from newsdesk.core.rules.validate import validate_article

    return validate_article(article, schema)


def _report(
    request: _Request, article: Article, problems: list[Problem], before: list[Problem] | None
) -> None:
    """Print the problems of the touched fields (and any this set introduced); count the rest."""
    touched = [_show(parse_path(k, article.metadata)) for k in request.keys]
    known = {(p.code, p.field) for p in before} if before is not None else None
    shown, others = [], 0
    for p in sorted(problems, key=Problem.sort_key):
        if _related(p.field, touched) or (known is not None and (p.code, p.field) not in known):
            shown.append(p)
        else:
            others += 1
    path = request.shown
    for p in shown:
        print(f"{path}:{p.line}:{p.column}: warning[{p.code}] {clean_line(p.message)}", file=sys.stderr)
    if others:
        noun = "problem" if others == 1 else "problems"
        print(f"{others} other {noun}: run newsdesk validate {shlex.quote(path)}", file=sys.stderr)


def _related(field: str | None, touched: list[str]) -> bool:
    if field is None:
        return False
    for t in touched:
        if field == t or field.startswith((t + ".", t + "[")) or t.startswith((field + ".", field + "[")):
            return True
    return False
