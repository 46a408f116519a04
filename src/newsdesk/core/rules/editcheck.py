"""Would this save be refused? Edit mode's checks, and what differs between two versions.

`check_save` renders the edited values and body exactly as saving would (the same splice and
read-back), reads the result back and runs `validate_article` on it: errors refuse the save,
warnings do not. Every problem carries its field path (``speakers[1].name``) so a form can show it
at the field, and the rendered text is returned so the save writes exactly what was checked.

One exception keeps the gate from locking people out of their own files: an error that was
already in the file as it is on disk, in a field the edit leaves alone (a status another tool
wrote, a duplicate key), is shown but does not block — the save does not make the article worse.
Any error the edit brings in, or that stands in a field the editor changed, blocks.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from newsdesk.core.model.article import Article
from newsdesk.core.model.errors import SaveError
from newsdesk.core.model.problems import Problem
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.read.reader import parse_text
from newsdesk.core.rules.schema import Schema
from newsdesk.core.rules.validate import validate_article
from newsdesk.core.write.save import render_metadata, render_new
from newsdesk.core.write.splice import UNSET, same

__all__ = ["SaveCheck", "check_new", "check_save", "differences", "top_field"]


@dataclass(frozen=True)
class SaveCheck:
    """The outcome of checking an edit: the text to write (None: cannot be rendered), problems,
    and which errors were already in the file in fields the edit leaves alone (not blocking)."""

    text: str | None
    problems: tuple[Problem, ...]
    kept: frozenset[Problem] = frozenset()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def blocking(self) -> list[Problem]:
        """The errors that refuse the save."""
        return [p for p in self.problems if p.is_error and p not in self.kept]

    @property
    def already(self) -> list[Problem]:
        """Errors already in the file, in fields the edit does not touch: shown, not blocking."""
        return [p for p in self.problems if p.is_error and p in self.kept]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def refused(self) -> bool:
        return self.text is None or bool(self.blocking)


def top_field(path: str | None) -> str | None:
    """The top-level field of a field path: ``speakers[1].name`` -> ``speakers``."""
    if not path:
        return None
    cut = len(path)
    for sep in ".[":
        i = path.find(sep)
        if i > 0:
            cut = min(cut, i)
    return path[:cut]


def _checked(
    text: str,
    article: Article,
    schema: Schema,
    new_meta: Mapping[str, Any] | None = None,
) -> SaveCheck:
    parsed = parse_text(text, article.path, bom=article.bom)
    problems = validate_article(parsed, schema)
    kept: set[Problem] = set()
    if new_meta is not None and any(p.is_error for p in problems):
        before = {(p.code, p.field) for p in validate_article(article, schema) if p.is_error}
        changed = {
            k
            for k in set(article.metadata) | set(new_meta)
            if not same(article.metadata.get(k, UNSET), new_meta.get(k, UNSET))
        }
        for p in problems:
            if p.is_error and (p.code, p.field) in before and top_field(p.field) not in changed:
                kept.add(p)
    return SaveCheck(text, tuple(problems), frozenset(kept))


def check_save(
    article: Article,
    new_meta: Mapping[str, Any],
    body: str | None,
    schema: Schema,
) -> SaveCheck:
    """Render ``new_meta`` and ``body`` over ``article`` (as `render_metadata` does) and check them."""
    try:
        text = render_metadata(article, new_meta, order=list(schema.fields), body=body)
    except SaveError as exc:
        return SaveCheck(None, (Problem("save", clean_line(str(exc))),))
    return _checked(text, article, schema, new_meta)


def check_new(
    article: Article,
    metadata: Mapping[str, Any],
    body: str,
    fmt: Literal["yaml", "toml"],
    schema: Schema,
) -> SaveCheck:
    """The same for a new article (``article`` stands for it: its path and newline)."""
    from newsdesk.core.model.body import merge_lines

    text = render_new(metadata, merge_lines("", body), fmt)
    check = parse_text(text, article.path)
    if not same(check.metadata, dict(metadata)):
        return SaveCheck(
            None,
            (Problem("save", f"these values cannot be written as {fmt.upper()} front matter"),),
        )
    return _checked(text, article, schema)


# -- what differs ------------------------------------------------------------------------------


def show_value(value: Any, limit: int = 200) -> str:
    """A value on one line, for dialogs: text as is, lists and mappings compactly."""
    if value is UNSET:
        return "(not set)"
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, (dt.date, dt.time)):
        text = value.isoformat()
    elif isinstance(value, list):
        text = "[" + ", ".join(show_value(v, limit) for v in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k}: {show_value(v, limit)}" for k, v in value.items()) + "}"
    else:
        text = str(value)
    text = clean_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class FieldDifference:
    field: str
    theirs: Any
    mine: Any


def differences(
    theirs_meta: Mapping[str, Any],
    mine_meta: Mapping[str, Any],
    theirs_body: str,
    mine_body: str,
    *,
    order: Sequence[str] = (),
) -> tuple[list[FieldDifference], list[str]]:
    """Per field, the values that differ; and a unified diff of the bodies (their -> mine)."""
    keys = list(dict.fromkeys([*order, *theirs_meta, *mine_meta]))
    fields = [
        FieldDifference(k, theirs_meta.get(k, UNSET), mine_meta.get(k, UNSET))
        for k in keys
        if not same(theirs_meta.get(k, UNSET), mine_meta.get(k, UNSET))
    ]
    body_diff: list[str] = []
    if theirs_body != mine_body:
        body_diff = [
            line.rstrip("\r\n")
            for line in difflib.unified_diff(
                theirs_body.splitlines(keepends=True),
                mine_body.splitlines(keepends=True),
                "on disk",
                "yours",
                n=1,
            )
        ]
    return fields, body_diff
