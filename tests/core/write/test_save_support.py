"""Helpers for the saving tests (no tests here): where a field stands, and what a change touched."""

from __future__ import annotations

import datetime as dt
from typing import Any

from newsdesk.core.model.article import Article


def line_of(text: str, offset: int) -> int:
    """0-based line of ``offset`` in ``text``."""
    return text.count("\n", 0, offset)


def field_lines(article: Article, path: str) -> tuple[int, int]:
    """0-based first and last line (inclusive) of a field's key and value in ``article.text``.

    Trailing blank lines and comment lines no deeper than the key inside the parser's span (block
    collections' end marks run on to the next key) are not counted as the field's.
    """
    loc = article.locations[path]
    text = article.text
    first = loc.key.line - 1
    last = line_of(text, loc.end)
    lines = text.split("\n")
    if loc.end > loc.start and text[loc.end - 1] == "\n":
        last -= 1
    col = loc.key.column - 1

    def outside(line: str) -> bool:  # blank, or a comment at or left of the key's column
        stripped = line.lstrip()
        return not stripped.strip() or (stripped.startswith("#") and len(line) - len(stripped) <= col)

    while last > first and outside(lines[last]):
        last -= 1
    return first, max(first, last)


def changed_lines(old: str, new: str) -> tuple[int, int, int]:
    """(first changed line, old lines changed, new lines) of a single-hunk change: common prefix and
    suffix lines are trimmed. ``(-1, 0, 0)`` when equal."""
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    if a == b:
        return -1, 0, 0
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    s = 0
    while s < min(len(a), len(b)) - p and a[len(a) - 1 - s] == b[len(b) - 1 - s]:
        s += 1
    return p, len(a) - p - s, len(b) - p - s


def assert_confined(old: str, new: str, first: int, last: int) -> tuple[int, int]:
    """The change from ``old`` to ``new`` touches only lines ``first..last`` (0-based, inclusive, of
    ``old``; an insertion right after ``last`` counts as inside). Returns (old lines, new lines)."""
    p, n_old, n_new = changed_lines(old, new)
    assert p >= 0, "nothing changed"
    assert p >= first, f"line {p + 1} changed, before the field (lines {first + 1}-{last + 1})"
    assert p + n_old - 1 <= last, f"line {p + n_old} changed, after the field (lines {first + 1}-{last + 1})"
    return n_old, n_new


def edited(value: Any) -> Any:
    """A different value of the same kind, as an editor would make it."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, dt.datetime):
        return value + dt.timedelta(days=1)
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, str):
        return (value.strip() or "empty") + " (edited)"
    if isinstance(value, list):
        if value and isinstance(value[0], str):
            return [*value, "added item"]
        return [*value, {"name": "Added Person"}]
    if isinstance(value, dict):
        return {**value, "added": "yes"}
    if value is None:
        return "now set"
    return value
