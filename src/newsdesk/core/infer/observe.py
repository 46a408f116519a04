"""Observing front-matter values for `newsdesk.core.infer.detect`: what was seen at each field path.

A `Node` records, over many articles (or list items), the kinds of values a field had, their
examples, text lengths, short values (enum candidates), number ranges, list lengths and the
shapes of mappings. `observe_mapping` fills one from an article's front matter; `merge` adds
what another worker saw. The type decisions made from it are `newsdesk.core.infer.fieldtypes`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from newsdesk.core.model.dates import DATE_TEXT, DATETIME_TEXT, URL_TEXT, impossible_date

__all__ = [
    "ENUM_MAX_CHARS",
    "ENUM_MAX_VALUES",
    "ENUM_MIN_REPEAT",
    "NO_KEYS",
    "Node",
    "Shape",
    "merge",
    "observe_mapping",
    "without",
]

#: Enum: 2 to this many distinct values, each used this many times on average, short one-liners.
ENUM_MAX_VALUES = 12
ENUM_MIN_REPEAT = 3
ENUM_MAX_CHARS = 40
#: Distinct short values remembered per field (beyond this it is not an enum).
TRACK_VALUES = 64
#: Mappings nested deeper than this are not looked into (their schema says only "object").
MAX_DEPTH = 6


#: The keys of a mapping: those with a value, and those present but blank.
Shape = tuple[frozenset[str], frozenset[str]]
NO_KEYS: Shape = (frozenset(), frozenset())


@dataclass(slots=True)
class Node:
    """What was seen at one field path, over many articles (or list items). Mergeable.

    File numbers are indexes into the list of paths read; every list holds one entry per
    occurrence, so its length is a count.
    """

    kinds: dict[str, list[int]] = field(default_factory=dict)  # non-blank values by kind
    blanks: dict[str, list[int]] = field(default_factory=dict)  # blank values: none/str/list/map
    examples: dict[str, Any] = field(default_factory=dict)  # first value of each kind
    str_chars: int = 0
    str_max: int = 0
    multiline: int = 0
    urls: int = 0
    numeric_text: int = 0  # numbers written as text: "3,048", 1459/1460
    values: dict[str, list[int]] | None = field(default_factory=dict)  # short text values
    int_lo: int | None = None
    int_hi: int | None = None
    trues: int = 0
    len_lo: int | None = None  # list lengths
    len_hi: int = 0
    #: Mappings seen here, by their keys: (keys with a value, keys present but blank).
    shapes: dict[Shape, list[int]] = field(default_factory=dict)
    order: float = 0.0  # sum of this key's relative positions in its mappings (0 first, 1 last)
    fields: dict[str, Node] = field(default_factory=dict)
    items: Node | None = None
    dup_names: list[int] = field(default_factory=list)  # lists of mappings naming someone twice
    formats: dict[str, int] = field(default_factory=dict)  # (the root node) yaml/toml files


#: A number written as text, with separators: "3,048", "1459/1460", "2.5", "10-12".
_NUMERIC_TEXT = re.compile(r"\d[\d ]*(?:[.,/-]\d[\d ]*)+")


def _date_text_kind(text: str) -> str | None:
    """``dstr``/``dtstr`` when validate accepts ``text`` as a date/date-time, ``bdstr`` when it
    looks like one but validate would reject it, None when it is not date-like at all."""
    match = DATETIME_TEXT.fullmatch(text) or DATE_TEXT.fullmatch(text)
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups()[:3])
    timed = match.re is DATETIME_TEXT
    if impossible_date(year, month, day) is not None:
        return "bdstr"
    if timed:
        hour, minute = int(match.group(4)), int(match.group(5))
        second = int(match.group(6) or 0)
        if hour > 23 or minute > 59 or second > 59:
            return "bdstr"
    if len(match.group(2)) != 2 or len(match.group(3)) != 2:
        return "bdstr"
    return "dtstr" if timed else "dstr"


def _add(table: dict[str, list[int]], key: str, fi: int) -> None:
    found = table.get(key)
    if found is None:
        table[key] = [fi]
    else:
        found.append(fi)


def _observe(node: Node, value: Any, fi: int, depth: int) -> bool:
    """Record ``value`` (seen in file ``fi``) in ``node``; True when it is blank.

    Over 80 lines on purpose: it runs once per value of every article, and a call per kind of
    value would cost time on large sites; each branch is one kind of value.
    """
    t = type(value)
    if t is str:
        text = value.strip()
        if not text:
            _add(node.blanks, "str", fi)
            return True
        kind = "str"
        if text[:1].isdigit() and len(text) >= 8:
            kind = _date_text_kind(text) or "str"
        _add(node.kinds, kind, fi)
        if kind not in node.examples:
            node.examples[kind] = value
        size = len(value)
        node.str_chars += size
        if size > node.str_max:
            node.str_max = size
        # A block scalar's final newline ('title: >') is not a line break in the value.
        newline = "\n" in value.rstrip("\r\n")
        if newline:
            node.multiline += 1
        if text[:4].lower() == "http" and URL_TEXT.fullmatch(text):
            node.urls += 1
        elif text[:1].isdigit() and _NUMERIC_TEXT.fullmatch(text) and kind == "str":
            node.numeric_text += 1
        values = node.values
        if values is not None:
            if size > ENUM_MAX_CHARS or newline:
                node.values = None
            else:
                seen = values.get(value)
                if seen is not None:
                    seen.append(fi)
                elif len(values) >= TRACK_VALUES:
                    node.values = None
                else:
                    values[value] = [fi]
        return False
    if value is None:
        _add(node.blanks, "none", fi)
        return True
    if t is dict:
        if not value:
            _add(node.blanks, "map", fi)
            return True
        _add(node.kinds, "map", fi)
        if depth < MAX_DEPTH:
            observe_mapping(node, value, fi, depth + 1)
        return False
    if t is list:
        if not value:
            _add(node.blanks, "list", fi)
            return True
        _add(node.kinds, "list", fi)
        size = len(value)
        if node.len_lo is None or size < node.len_lo:
            node.len_lo = size
        if size > node.len_hi:
            node.len_hi = size
        if depth > MAX_DEPTH:  # lists of lists of ...: never typed anyway (no list item type fits)
            return False
        items = node.items
        if items is None:
            items = node.items = Node()
        names: set[str] = set()
        for item in value:
            _observe(items, item, fi, depth + 1)
            if type(item) is dict:
                name = item.get("name")
                if isinstance(name, str) and name.strip():
                    key = " ".join(name.split()).casefold()
                    if key in names and (not node.dup_names or node.dup_names[-1] != fi):
                        node.dup_names.append(fi)
                    names.add(key)
        return False
    if t is bool:
        kind = "bool"
        if value:
            node.trues += 1
    elif t is int:
        kind = "int"
        if node.int_lo is None or value < node.int_lo:
            node.int_lo = value
        if node.int_hi is None or value > node.int_hi:
            node.int_hi = value
    elif t is float:
        kind = "float"
    elif t is dt.datetime:
        kind = "datetime"
    elif t is dt.date:
        kind = "date"
    elif t is dt.time:
        kind = "time"
    else:
        kind = "other"
    _add(node.kinds, kind, fi)
    if kind not in node.examples:
        node.examples[kind] = value
    return False


def observe_mapping(node: Node, mapping: dict[Any, Any], fi: int, depth: int) -> None:
    fields = node.fields
    keys: list[str] = []
    blanks: list[str] = []
    step = 1.0 / max(len(mapping) - 1, 1)
    for i, (raw, value) in enumerate(mapping.items()):
        key = raw if type(raw) is str else str(raw)
        child = fields.get(key)
        if child is None:
            child = fields[key] = Node()
        child.order += i * step
        (blanks if _observe(child, value, fi, depth) else keys).append(key)
    shape = (frozenset(keys), frozenset(blanks))
    found = node.shapes.get(shape)
    if found is None:
        node.shapes[shape] = [fi]
    else:
        found.append(fi)


def merge(into: Node, other: Node) -> None:
    """Add what ``other`` saw to ``into`` (``other`` must not be used afterwards)."""
    for table, more in ((into.kinds, other.kinds), (into.blanks, other.blanks)):
        for key, files in more.items():
            if key in table:
                table[key].extend(files)
            else:
                table[key] = files
    for key, value in other.examples.items():
        into.examples.setdefault(key, value)
    into.str_chars += other.str_chars
    into.str_max = max(into.str_max, other.str_max)
    into.multiline += other.multiline
    into.urls += other.urls
    into.numeric_text += other.numeric_text
    if into.values is not None:
        if other.values is None:
            into.values = None
        else:
            for key, files in other.values.items():
                if key in into.values:
                    into.values[key].extend(files)
                else:
                    into.values[key] = files
            if len(into.values) > TRACK_VALUES:
                into.values = None
    if other.int_lo is not None:
        into.int_lo = other.int_lo if into.int_lo is None else min(into.int_lo, other.int_lo)
    if other.int_hi is not None:
        into.int_hi = other.int_hi if into.int_hi is None else max(into.int_hi, other.int_hi)
    into.trues += other.trues
    if other.len_lo is not None:
        into.len_lo = other.len_lo if into.len_lo is None else min(into.len_lo, other.len_lo)
    into.len_hi = max(into.len_hi, other.len_hi)
    into.order += other.order
    for shape, files in other.shapes.items():
        if shape in into.shapes:
            into.shapes[shape].extend(files)
        else:
            into.shapes[shape] = files
    for key, child in other.fields.items():
        if key in into.fields:
            merge(into.fields[key], child)
        else:
            into.fields[key] = child
    if other.items is not None:
        if into.items is None:
            into.items = other.items
        else:
            merge(into.items, other.items)
    into.dup_names.extend(other.dup_names)
    for fmt, count in other.formats.items():
        into.formats[fmt] = into.formats.get(fmt, 0) + count


def without(node: Node, kind: str) -> Node:
    """``node`` with its values of ``kind`` forgotten (a shallow copy)."""
    copy = Node(**{name: getattr(node, name) for name in Node.__slots__})
    copy.kinds = {k: files for k, files in node.kinds.items() if k != kind}
    return copy
