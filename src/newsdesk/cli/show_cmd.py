"""``newsdesk show PATH [--json]``: an article's metadata and body, and what ``validate`` reports.

The text output is for people: one field per line, lists as lists, one attendee or speaker per
line (name — role, organization; the topic under it), multi-line text indented, nothing cut.
The problems are the ones ``newsdesk validate`` prints for the file (load problems and schema
diagnostics), on stderr; the exit code is 1 when there is an error, as for ``validate``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from newsdesk.cli.common import jsonable, load_schema_or_fail
from newsdesk.core.model.textsafe import clean, clean_line, escape_path
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.validate import validate_article

#: List items that are people: shown as "name — role, organization" (the attendees and speakers
#: roles' fields, read with the site's person keys; any other list whose items have these keys).
_PERSON_KEYS = ("name", "group")
_PERSON_DETAILS = ("role", "organization")
_SAME_KEYS: Mapping[str, str] = {}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="the article file")
    parser.add_argument("--json", action="store_true", help="print {path, format, metadata, body, problems}")


def run(args: argparse.Namespace) -> int:
    from newsdesk.cli.errors import UsageError

    path = Path(args.path)
    shown = escape_path(path)
    try:
        os.lstat(path)
    except OSError:
        raise UsageError(f"no such file: {shown}") from None
    if path.is_dir():
        raise UsageError(
            f"{shown} is a folder; show takes one article file (newsdesk list {shown} lists its articles)"
        )
    schema = load_schema_or_fail(path.parent if path.parent.parts else Path("."))
    article = load_article(path)
    problems = validate_article(article, schema)
    refs = _references(article.metadata, schema) if schema.references else {}
    if refs:
        from newsdesk.core.model.problems import Problem
        from newsdesk.core.rules.references import reference_problems

        problems = sorted([*problems, *reference_problems(article, schema)], key=Problem.sort_key)
    # A link out of the folder: read through, as validate does, and said where it points.
    outside = None
    if os.path.islink(path) and not schema.follow_symlinks:
        from newsdesk.core.model.problems import Problem
        from newsdesk.core.read.links import file_link_outside
        from newsdesk.core.rules.validate import link_outside_warning

        outside = file_link_outside(path)
        if outside is not None:
            problems = sorted([*problems, link_outside_warning(path, *outside)], key=Problem.sort_key)
    if args.json:
        doc = {
            "path": shown,
            **({"link": escape_path(outside[0])} if outside else {}),
            "format": article.format,
            "metadata": jsonable(article.metadata),
            **({"references": refs} if refs else {}),
            "body": article.body,
            "problems": [
                {
                    "line": p.line,
                    "column": p.column,
                    "severity": p.severity,
                    "code": p.code,
                    "field": p.field,
                    "message": p.message,
                }
                for p in problems
            ],
        }
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
        sys.stdout.write("\n")
    else:
        lines: list[str] = []
        if outside is not None:
            target, root = (escape_path(part) for part in outside)
            lines.append(f"(a link to {target}, outside {root}: newsdesk reads it but will not write it)")
        roles = schema.roles
        people = {roles.attendees: roles.person, roles.speakers: roles.person}
        for key, value in article.metadata.items():
            if key in refs:
                lines += _ref_lines(clean_line(key, limit=None), value, refs[key])
                continue
            keys = people.get(key) if isinstance(key, str) else None
            lines += _field(clean_line(key, limit=None), value, "", keys)
        sys.stdout.write("\n".join(lines) + ("\n" if lines else ""))
        sys.stdout.write("\n" + clean(article.body))
        if article.body and not article.body.endswith("\n"):
            sys.stdout.write("\n")
    for p in problems:
        print(f"{shown}:{p.line}:{p.column}: {p.severity}[{p.code}] {clean_line(p.message)}", file=sys.stderr)
    return 1 if any(p.is_error for p in problems) else 0


# -- references --------------------------------------------------------------------------


def _references(metadata: dict[str, Any], schema: Any) -> dict[str, list[dict[str, Any]]]:
    """Each reference field's slugs with the profiles they name (None: no such profile)."""
    from newsdesk.core.rules.references import ref_values, resolver_for

    resolver = resolver_for(schema)
    if resolver is None:
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    for field in resolver.fields:
        if field not in metadata:
            continue
        rows = []
        for _, slug in ref_values(metadata[field]):
            p = resolver.profile(field, slug)
            rows.append(
                {
                    "slug": slug,
                    "name": p.name if p else None,
                    "organization": p.organization if p else None,
                    "role": p.role if p else None,
                    "profile": escape_path(p.path) if p and p.is_file else None,
                }
            )
        out[field] = rows
    return out


def _ref_lines(key: str, value: Any, rows: list[dict[str, Any]]) -> list[str]:
    """A reference field: each person by the profile's name, with role and organization, and
    the slug as written (an unknown one says so)."""
    many = isinstance(value, list)
    lines = [f"{key} ({len(rows)}):"] if many else []
    for row in rows:
        slug = clean_line(row["slug"], limit=None)
        if row["name"] is None and row["organization"] is None:
            text = f"{slug} (no such profile)"
        else:
            details = ", ".join(clean_line(row[k], limit=None) for k in ("role", "organization") if row[k])
            text = clean_line(row["name"] or slug, limit=None) + (f" — {details}" if details else "")
            text += f" ({slug})"
        lines.append(f"  - {text}" if many else f"{key}: {text}")
    return lines or [f"{key}: (none)"]


# -- text for people -----------------------------------------------------------------------


def _one_line(value: Any) -> str:
    plain = jsonable(value)
    if isinstance(plain, str):
        return clean_line(plain, limit=None)
    if plain is None:
        return "(empty)"
    if isinstance(plain, bool):
        return "true" if plain else "false"
    return clean_line(json.dumps(plain, ensure_ascii=False), limit=None)


def _is_multiline(value: Any) -> bool:
    return isinstance(value, str) and "\n" in value.strip("\n")


def _field(key: str, value: Any, indent: str, person_keys: Mapping[str, str] | None = None) -> list[str]:
    """``key: value`` lines; lists and mappings below the key, indented.

    ``person_keys``: the field is the attendees or speakers role; the site's keys for name, role...
    """
    if isinstance(value, list):
        if not value:
            return [f"{indent}{key}: (none)"]
        keys = person_keys or _SAME_KEYS
        people = all(isinstance(v, dict) and any(keys.get(k, k) in v for k in _PERSON_KEYS) for v in value)
        head = f"{indent}{key} ({len(value)}):" if people else f"{indent}{key}:"
        lines = [head]
        for item in value:
            lines += _person(item, indent + "  ", keys) if people else _item(item, indent + "  ")
        return lines
    if isinstance(value, dict):
        if not value:
            return [f"{indent}{key}: (none)"]
        lines = [f"{indent}{key}:"]
        for sub_key, sub in value.items():
            lines += _field(clean_line(str(sub_key), limit=None), sub, indent + "  ")
        return lines
    if _is_multiline(value):
        return [
            f"{indent}{key}:",
            *(f"{indent}  {clean_line(line, limit=None)}" for line in value.strip("\n").split("\n")),
        ]
    return [f"{indent}{key}: {_one_line(value)}"]


def _item(item: Any, indent: str) -> list[str]:
    """One list item: ``- value``, or a mapping's keys under its first one."""
    if isinstance(item, dict) and item:
        lines = _field_lines(item, indent + "  ")
        return [f"{indent}- {lines[0].lstrip()}", *lines[1:]]
    if _is_multiline(item):
        first, *rest = (clean_line(line, limit=None) for line in item.strip("\n").split("\n"))
        return [f"{indent}- {first}", *(f"{indent}  {line}" for line in rest)]
    return [f"{indent}- {_one_line(item)}"]  # a nested list as one line: [1, 2]


def _field_lines(mapping: dict[Any, Any], indent: str) -> list[str]:
    lines: list[str] = []
    for key, value in mapping.items():
        lines += _field(clean_line(str(key), limit=None), value, indent)
    return lines


def _person(item: dict[str, Any], indent: str, keys: Mapping[str, str] = _SAME_KEYS) -> list[str]:
    """``- name — role, organization``; a group is marked; the topic and any other keys below."""
    name_key, group_key = keys.get("name", "name"), keys.get("group", "group")
    details_keys = [keys.get(k, k) for k in _PERSON_DETAILS]
    name, group = item.get(name_key), item.get(group_key)
    if name not in (None, ""):
        label = _one_line(name)
    elif group not in (None, ""):
        label = f"{_one_line(group)} (group)"
    else:
        label = "(no name)"
    details = [_one_line(item[k]) for k in details_keys if item.get(k) not in (None, "")]
    lines = [f"{indent}- {label}" + (f" — {', '.join(details)}" if details else "")]
    shown = {group_key if name in (None, "") else name_key, *details_keys}
    rest = {k: v for k, v in item.items() if k not in shown and not (k == name_key and v in (None, ""))}
    if name not in (None, "") and group not in (None, ""):
        rest = {group_key: group, **{k: v for k, v in rest.items() if k != group_key}}
    lines += _field_lines(rest, indent + "  ")
    return lines
