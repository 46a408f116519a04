"""Front-matter values as a form shows them, and typed text back as values.

Edit mode shows each value as text in a control and turns what the editor typed back into a value
of the field's type. One rule makes an untouched form save nothing: a control whose text is still
the text it was given returns the *original* value, untouched (a quoted date stays a string, an
integer that a string field holds stays an integer). Only text the editor changed is parsed.

Text that does not parse as the field's type (``2024-02-30`` for a date, ``ten`` for an integer)
is returned as text, so `validate_article` says what is wrong with it, at that field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from newsdesk.core.rules.schema import FieldSpec
from newsdesk.core.write.splice import UNSET

__all__ = [
    "display",
    "fits",
    "kind_of",
    "list_from_lines",
    "list_to_lines",
    "parse",
]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INT = re.compile(r"[-+]?\d+")
_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+)")
_SCALARS = (str, int, float, bool, dt.date, dt.time)


def kind_of(spec: FieldSpec | None) -> str:
    """The kind of control for a field: input, date, integer, text, enum, boolean, strings,
    objects, or readonly (a type the form does not edit)."""
    if spec is None:
        return "readonly"
    t = spec.type
    if t in ("string", "url", "string_or_list"):  # string_or_list: a list shows read-only
        return "input"
    if t == "number":
        return "integer"  # the same one-line control; `parse` reads a fraction too
    if t in ("date", "datetime"):
        return "date"
    if t == "list":
        return "objects" if spec.items == "object" else "strings"
    if t in ("text", "integer", "enum", "boolean"):
        return t
    return "readonly"


def fits(spec: FieldSpec | None, value: Any) -> bool:
    """Whether the form can show ``value`` in the control for ``spec`` without losing anything.

    A value that does not fit is shown read-only and kept exactly.
    """
    kind = kind_of(spec)
    if value is UNSET or value is None:
        return kind != "readonly"
    if kind in ("input", "text", "date", "integer"):
        return isinstance(value, _SCALARS) and not (
            isinstance(value, str) and kind == "input" and "\n" in value
        )
    if kind == "enum":
        return isinstance(value, _SCALARS)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "strings":
        return isinstance(value, list) and all(
            isinstance(v, _SCALARS)
            and "\n" not in display(v)
            and display(v).strip() == display(v)
            and display(v)
            for v in value
        )
    if kind == "objects":
        return isinstance(value, list)
    return False


def display(value: Any) -> str:
    """A scalar value as the text a control shows."""
    if value is UNSET or value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def parse(spec: FieldSpec | None, text: str) -> Any:
    """The value for ``text`` typed in the control of ``spec``; `UNSET` for an empty control
    (the field is removed). Text that does not parse is returned as text."""
    if not text.strip():
        return UNSET
    kind = kind_of(spec)
    if kind == "date":
        stripped = text.strip()
        if _DATE.fullmatch(stripped):
            try:
                return dt.date.fromisoformat(stripped)
            except ValueError:
                return stripped
        if (spec is not None and spec.type == "datetime") or len(stripped) > 10:
            try:
                return dt.datetime.fromisoformat(stripped.replace("Z", "+00:00"))
            except ValueError:
                return stripped
        return stripped
    if kind == "integer":
        stripped = text.strip()
        if _INT.fullmatch(stripped):
            return int(stripped)
        if spec is not None and spec.type == "number" and _NUMBER.fullmatch(stripped):
            return float(stripped)
        return stripped
    if kind == "input" and spec is not None and spec.type == "url":
        return text.strip()
    return text


def list_to_lines(items: Sequence[Any]) -> str:
    """A list of strings as one item per line."""
    return "\n".join(display(v) for v in items)


def list_from_lines(text: str, original: Sequence[Any]) -> list[Any]:
    """Lines back to a list; an item whose text is unchanged keeps its original value (so a
    number in a tag list stays a number). Blank lines are dropped. Lines end at ``\n`` only: an
    item may hold any other break (a form feed, U+2028), which the form keeps (`area_text`)."""
    pool: dict[str, list[Any]] = {}
    for item in original:
        pool.setdefault(display(item), []).append(item)
    out: list[Any] = []
    for line in text.split("\n"):
        item_text = line.strip()
        if not item_text:
            continue
        same_text = pool.get(item_text)
        out.append(same_text.pop(0) if same_text else item_text)
    return out
