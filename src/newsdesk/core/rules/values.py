"""Values typed on the command line (``newsdesk set KEY=VALUE``), read by the field's schema type.

Also what ``set`` checks about a key before it changes anything: whether the schema or the file knows
it (`unknown_key`, with a did-you-mean), and the keys python-frontmatter reserves (`RESERVED_KEYS`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsdesk.core.model.problems import did_you_mean
from newsdesk.core.rules.schema import FieldSpec
from newsdesk.core.write.splice import FieldPath

__all__ = ["RESERVED_KEYS", "UnknownKey", "parse_cli_value", "spec_for_path", "unknown_key"]

#: Top-level keys python-frontmatter passes as its own arguments (``Post(content, handler, **metadata)``):
#: a file with one of them makes ``frontmatter.load`` raise TypeError for every reader.
RESERVED_KEYS = frozenset({"content", "handler", "self"})

_MISSING: Any = object()


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def parse_cli_value(spec: FieldSpec | None, raw: str, current: object = _MISSING) -> object:
    """Parse a ``KEY=VALUE`` value by the field's schema type; `ValueError` names the problem.

    A field the schema does not know (``spec`` is None) keeps the type of its ``current`` value
    (integer, float, boolean, date, date-time, list) when the text reads as that type; otherwise
    it takes the text as a string, or JSON when it starts with ``[`` or ``{``.
    """
    if spec is None:
        return _parse_unknown(raw, current)
    ftype = spec.type
    if ftype in ("string", "text"):
        return raw
    if ftype == "url":
        if not raw.strip() or any(ch.isspace() for ch in raw.strip()):
            raise ValueError(f"{raw!r} is not a URL")
        return raw.strip()
    if ftype == "enum":
        if raw not in spec.values:
            hint = did_you_mean(raw, spec.values)
            tail = f"; did you mean '{hint}'?" if hint else ""
            raise ValueError(f"{raw!r} is not one of: {', '.join(spec.values)}{tail}")
        return raw
    if ftype == "date":
        return _parse_date(raw)
    if ftype == "datetime":
        return _parse_datetime(raw)
    if ftype in ("integer", "number"):
        return _parse_number(raw, whole=ftype == "integer")
    if ftype == "string_or_list":
        if raw.strip()[:1] == "[":
            return parse_cli_value(FieldSpec(name=spec.name, type="list", items="string"), raw)
        return raw
    if ftype == "boolean":
        text = raw.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(f"{raw!r} is not true or false")
    if ftype == "list":
        return _parse_list(raw, spec.items)
    if ftype == "object":
        value = _json(raw, 'a JSON object, e.g. {"name":"..."}')
        if not isinstance(value, dict):
            raise ValueError('expected a JSON object, e.g. {"name":"..."}')
        return value
    return raw  # pragma: no cover - FIELD_TYPES is closed


def _parse_unknown(raw: str, current: object) -> object:
    """`parse_cli_value` for a field the schema does not know: as the ``current`` value's type."""
    kept = _as_type_of(current, raw)
    if kept is not _MISSING:
        return kept
    stripped = raw.strip()
    if stripped[:1] in ("[", "{"):
        return _json(raw, "a JSON value")
    return raw


def _parse_date(raw: str) -> dt.date:
    text = raw.strip()
    if not _DATE.fullmatch(text):
        raise ValueError(f"{raw!r} is not a date; write it as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        from newsdesk.core.model.dates import impossible_date

        year, month, day = (int(part) for part in text.split("-"))
        why = impossible_date(year, month, day)  # as the app says it: "February 2024 has 29 days"
        raise ValueError(f"{raw!r} is not a real date" + (f": {why}" if why else "")) from None


def _parse_datetime(raw: str) -> dt.datetime:
    text = raw.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"{raw!r} is not a date and time; write it as YYYY-MM-DD HH:MM[:SS][+HH:MM]"
        ) from None


def _parse_number(raw: str, *, whole: bool) -> int | float:
    """An ``integer`` (``whole``) or a ``number`` field's value."""
    text = raw.strip()
    if whole:
        if not re.fullmatch(r"[-+]?\d+", text):
            raise ValueError(f"{raw!r} is not a whole number")
        return int(text)
    if _INT.fullmatch(text):
        return int(text)
    if not _FLOAT.fullmatch(text):
        raise ValueError(f"{raw!r} is not a number")
    return float(text)


def _parse_list(raw: str, items: str | None) -> list[Any]:
    """A ``list`` field's value: a JSON array, of strings or of objects as ``items`` says."""
    value = _json(raw, 'a JSON array, e.g. ["one","two"]')
    if not isinstance(value, list):
        raise ValueError('expected a JSON array, e.g. ["one","two"]')
    if items == "string":
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise ValueError(f"item {i + 1} ({json.dumps(item)}) is not a string")
    elif items == "object":
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise ValueError(f"item {i + 1} ({json.dumps(item)}) is not an object")
    return value


_INT = re.compile(r"[-+]?\d+")
_FLOAT = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def _as_type_of(current: object, raw: str) -> object:
    """``raw`` read as the type of ``current``, or `_MISSING` when it does not read as that type."""
    text = raw.strip()
    if isinstance(current, bool):
        low = text.lower()
        return True if low in _TRUE else False if low in _FALSE else _MISSING
    if isinstance(current, int):
        if _INT.fullmatch(text):
            return int(text)
        return float(text) if _FLOAT.fullmatch(text) else _MISSING  # a number stays a number
    if isinstance(current, float):
        return float(text) if _FLOAT.fullmatch(text) else _MISSING
    if isinstance(current, dt.datetime):
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return _MISSING
    if isinstance(current, dt.date):
        if not _DATE.fullmatch(text):
            return _MISSING
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return _MISSING
    if isinstance(current, list) and text.startswith("["):
        try:
            value = _json(text, "a JSON array")
        except ValueError:
            return _MISSING
        return value if isinstance(value, list) else _MISSING
    return _MISSING


#: A value typed on the command line may nest lists and objects this deep (front matter is for
#: people to read: no real field comes near it, and the YAML and TOML writers recurse).
MAX_DEPTH = 100


def _json(raw: str, what: str) -> Any:
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"expected {what}: {exc.msg} at character {exc.pos + 1}") from None
    except RecursionError:  # json's scanner recurses: thousands of '[' raise it
        raise ValueError(_TOO_DEEP) from None
    if _too_deep(value):
        raise ValueError(_TOO_DEEP)
    return value


_TOO_DEEP = f"lists and objects nested more than {MAX_DEPTH} deep"


def _too_deep(value: Any) -> bool:
    """Whether ``value`` nests lists and objects more than `MAX_DEPTH` deep (no recursion)."""
    level = [value]
    for _ in range(MAX_DEPTH):
        level = [
            child
            for node in level
            if isinstance(node, (list, dict))
            for child in (node.values() if isinstance(node, dict) else node)
        ]
        if not level:
            return False
    return any(isinstance(node, (list, dict)) for node in level)


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


@dataclass(frozen=True)
class UnknownKey:
    """A key of a field path that neither the schema nor the file knows."""

    #: The field path up to and including the unknown key, e.g. ``attendees[0].rol``.
    where: str
    key: str
    suggestion: str | None


def unknown_key(
    fields: Mapping[str, FieldSpec], metadata: Mapping[str, Any], path: FieldPath
) -> UnknownKey | None:
    """The first key of ``path`` that is neither in the schema nor already in the file, if any.

    A key is known when the schema describes it, when the file already has it at that place (for a
    key inside list items: in any item of that list), or when the schema describes the enclosing
    field but none of its keys (a list of objects without ``fields``). Indexes are not checked here.
    """
    level: Mapping[str, FieldSpec] | object | None = fields  # None: the schema says nothing here
    nodes: list[Any] = [metadata]  # the file's values at this level
    shown = ""
    for part in path:
        if isinstance(part, int):
            shown += f"[{part}]"
            nodes = [item for node in nodes if isinstance(node, list) for item in node]
            continue
        shown += f".{part}" if shown else part
        in_file = [node[part] for node in nodes if isinstance(node, dict) and part in node]
        spec = level.get(part) if isinstance(level, Mapping) else None
        if spec is None and not in_file and level is not _ANY:
            candidates = [*(level if isinstance(level, Mapping) else ())]
            candidates += [str(k) for node in nodes if isinstance(node, dict) for k in node]
            return UnknownKey(shown, part, did_you_mean(part, candidates))
        nodes = in_file
        if spec is not None:
            level = spec.fields or _ANY
        elif level is not _ANY:
            level = None
    return None


_ANY = object()  # the schema describes a field but not its keys: any key is fine
