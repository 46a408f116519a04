"""Values typed on the command line (``newsdesk set KEY=VALUE``), read by the field's schema type."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from newsdesk.core.schema import FieldSpec
from newsdesk.core.splice import FieldPath

__all__ = ["parse_cli_value", "spec_for_path"]


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def parse_cli_value(spec: FieldSpec | None, raw: str) -> object:
    """Parse a ``KEY=VALUE`` value by the field's schema type; `ValueError` names the problem.

    Unknown fields (``spec`` is None) take the text as a string, or JSON when it starts with
    ``[`` or ``{``.
    """
    if spec is None:
        stripped = raw.strip()
        if stripped[:1] in ("[", "{"):
            return _json(raw, "a JSON value")
        return raw
    ftype = spec.type
    if ftype in ("string", "text"):
        return raw
    if ftype == "url":
        if not raw.strip() or any(ch.isspace() for ch in raw.strip()):
            raise ValueError(f"{raw!r} is not a URL")
        return raw.strip()
    if ftype == "enum":
        if raw not in spec.values:
            raise ValueError(f"{raw!r} is not one of: {', '.join(spec.values)}")
        return raw
    if ftype == "date":
        text = raw.strip()
        if not _DATE.fullmatch(text):
            raise ValueError(f"{raw!r} is not a date; write it as YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{raw!r} is not a real date") from None
    if ftype == "datetime":
        text = raw.strip()
        try:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(
                f"{raw!r} is not a date and time; write it as YYYY-MM-DD HH:MM[:SS][+HH:MM]"
            ) from None
        return value
    if ftype == "integer":
        text = raw.strip()
        if not re.fullmatch(r"[-+]?\d+", text):
            raise ValueError(f"{raw!r} is not a whole number")
        return int(text)
    if ftype == "boolean":
        text = raw.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(f"{raw!r} is not true or false")
    if ftype == "list":
        value = _json(raw, 'a JSON array, e.g. ["one","two"]')
        if not isinstance(value, list):
            raise ValueError('expected a JSON array, e.g. ["one","two"]')
        if spec.items == "string":
            for i, item in enumerate(value):
                if not isinstance(item, str):
                    raise ValueError(f"item {i + 1} ({json.dumps(item)}) is not a string")
        elif spec.items == "object":
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    raise ValueError(f"item {i + 1} ({json.dumps(item)}) is not an object")
        return value
    if ftype == "object":
        value = _json(raw, 'a JSON object, e.g. {"name":"..."}')
        if not isinstance(value, dict):
            raise ValueError('expected a JSON object, e.g. {"name":"..."}')
        return value
    return raw  # pragma: no cover - FIELD_TYPES is closed


def _json(raw: str, what: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"expected {what}: {exc.msg} at character {exc.pos + 1}") from None


def spec_for_path(fields: Mapping[str, FieldSpec], path: FieldPath) -> FieldSpec | None:
    """The schema spec that describes the value at ``path`` (None when the schema says nothing)."""
    spec = fields.get(str(path[0]))
    for part in path[1:]:
        if spec is None:
            return None
        if isinstance(part, int):
            if spec.type != "list":
                return None
            spec = FieldSpec(
                name=spec.name, type="object" if spec.items == "object" else "string", fields=spec.fields
            )
        else:
            spec = spec.fields.get(part)
    return spec
