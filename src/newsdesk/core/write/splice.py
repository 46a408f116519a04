"""The diff-and-splice engine: turn ``old -> new`` metadata into the smallest edits on the source text.

Shared by the format editors (`newsdesk.core.write.yaml_edit`, `newsdesk.core.write.toml_edit`), which implement
the `Editor` protocol with exact source positions. Nothing here reads or writes files.

Changes are keyed by field path: ``title``, ``attendees[1].role``, ``related[0]``, ``venue.city``.
The value `UNSET` removes a field or list item; an index equal to the list's length appends.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher
from typing import Any, Literal, Protocol

from newsdesk.core.model.errors import EditError, SaveError

__all__ = [
    "UNSET",
    "Editor",
    "Fallback",
    "FieldPath",
    "Splicer",
    "apply_changes",
    "apply_edits",
    "diff",
    "parse_path",
    "same",
]


class Fallback(Exception):
    """An editor cannot edit inside this node: the caller rewrites the whole node instead."""


class _Unset:
    _instance: _Unset | None = None

    def __new__(cls) -> _Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        return "UNSET"


#: Change value meaning "remove this field (or list item)".
UNSET: Any = _Unset()

PathPart = str | int
FieldPath = tuple[PathPart, ...]

# -- values ------------------------------------------------------------------------------------


def same(a: object, b: object) -> bool:
    """Equality that also compares types: ``1`` is not ``True``, a date is not a datetime."""
    if a is b:
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dt.datetime) or isinstance(b, dt.datetime):
        return type(a) is type(b) and a == b and _tz(a) == _tz(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return type(a) is type(b) and a == b
    return type(a) is type(b) and a == b


def _tz(value: object) -> object:
    return value.utcoffset() if isinstance(value, dt.datetime) else None


def canon(value: object) -> str:
    """A hashable, type-aware key for matching list items."""

    def default(o: object) -> str:
        return f"<{type(o).__name__}:{o}>"

    def tag(v: object) -> object:
        if isinstance(v, dict):
            return {str(k): tag(x) for k, x in v.items()}
        if isinstance(v, list):
            return [tag(x) for x in v]
        if isinstance(v, str):
            return v
        return f"<{type(v).__name__}:{v!r}>"

    return json.dumps(tag(value), sort_keys=True, default=default, ensure_ascii=False)


# -- field paths -------------------------------------------------------------------------------

_DATETIME_SEP = re.compile(r"\b\d{4}-\d\d-\d\d([Tt ])\d\d?:\d\d")


def datetime_sep(text: str) -> str:
    """How ``text`` writes date-times: ``" "`` when most of its date-times separate date and time
    with a space, else ``"T"`` (RFC 3339's form, and the one a file with none gets)."""
    seps = [m.group(1) for m in _DATETIME_SEP.finditer(text)]
    spaces = seps.count(" ")
    return " " if spaces and spaces > len(seps) - spaces else "T"


_TOKEN = re.compile(r"(?P<key>[^.\[\]]+)|\[(?P<idx>\d+)\]|(?P<dot>\.)")


def parse_path(path: str, metadata: Mapping[str, object] | None = None) -> FieldPath:
    """``attendees[1].role`` -> ``("attendees", 1, "role")``. A top-level key that exists as written
    (``og:title``, even ``a.b``) wins over the dotted reading."""
    if metadata is not None and path in metadata:
        return (path,)
    parts: list[PathPart] = []
    expect_key = True
    pos = 0
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if m is None:
            raise ValueError(f"invalid field path {path!r}")
        if m.group("key") is not None:
            if not expect_key:
                raise ValueError(f"invalid field path {path!r}")
            parts.append(m.group("key"))
            expect_key = False
        elif m.group("idx") is not None:
            if expect_key:
                raise ValueError(f"invalid field path {path!r}")
            parts.append(int(m.group("idx")))
        else:
            if expect_key:
                raise ValueError(f"invalid field path {path!r}")
            expect_key = True
        pos = m.end()
    if expect_key or not parts:
        raise ValueError(f"invalid field path {path!r}")
    return tuple(parts)


def apply_changes(metadata: Mapping[str, Any], changes: Mapping[str, object]) -> dict[str, Any]:
    """A deep copy of ``metadata`` with ``changes`` (keyed by field path) applied."""
    result: dict[str, Any] = copy.deepcopy(dict(metadata))
    for raw_path, value in changes.items():
        path = parse_path(raw_path, metadata)
        _apply_one(result, path, value, raw_path)
    return result


def _apply_one(root: dict[str, Any], path: FieldPath, value: object, raw: str) -> None:
    container: Any = root
    for i, part in enumerate(path[:-1]):
        nxt = path[i + 1]
        if isinstance(container, dict):
            if part not in container or container[part] is None:
                if value is UNSET:
                    return
                container[part] = [] if isinstance(nxt, int) else {}
            container = container[part]
        elif isinstance(container, list) and isinstance(part, int):
            if part >= len(container):
                if value is UNSET:
                    return
                if part > len(container):
                    raise SaveError(f"{raw}: there is no item {part} (the list has {len(container)})")
                # One past the end appends a new item, built from the rest of the path.
                container.append([] if isinstance(nxt, int) else {})
            elif container[part] is None and value is not UNSET:
                container[part] = [] if isinstance(nxt, int) else {}  # an empty item (`- `) is filled
            container = container[part]
        else:
            raise SaveError(f"{raw}: {_describe(path[: i + 1])} is not a list or mapping")
    last = path[-1]
    new = copy.deepcopy(value)
    if isinstance(container, dict) and isinstance(last, str):
        if new is UNSET:
            container.pop(last, None)
        else:
            container[last] = new
    elif isinstance(container, list) and isinstance(last, int):
        if new is UNSET:
            if last < len(container):
                del container[last]
        elif last < len(container):
            container[last] = new
        elif last == len(container):
            container.append(new)
        else:
            raise SaveError(f"{raw}: there is no item {last} (the list has {len(container)})")
    else:
        kind = (
            "list" if isinstance(container, list) else "mapping" if isinstance(container, dict) else "value"
        )
        raise SaveError(f"{raw}: {_describe(path[:-1])} is a {kind}; cannot set {last!r} in it")


def _describe(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(front matter)"


def apply_edits(s: str, edits: Sequence[tuple[int, int, str]]) -> str:
    """Apply non-overlapping splices ``(start, end, text)`` to ``s``.

    Insertions at the same point keep their order and come before a replacement starting there;
    overlapping deletions are merged. Any other overlap is an `EditError`.
    """
    order = sorted(range(len(edits)), key=lambda i: (edits[i][0], edits[i][0] != edits[i][1], i))
    out: list[str] = []
    cur = 0
    for i in order:
        start, end, text = edits[i]
        if start < cur:
            if text == "" and out and out[-1] == "":
                cur = max(cur, end)
                continue
            raise EditError("internal error: overlapping edits")
        out.append(s[cur:start])
        out.append(text)
        cur = end
    out.append(s[cur:])
    return "".join(out)


class Splicer:
    """Bookkeeping shared by the format editors: splices collected on one front-matter text.

    ``s`` is the text with ``\\n`` line ends as parsed; ``nl`` is the file's line ending, applied
    to inserted text. Splices are applied together by `result` (see `apply_edits`).
    """

    def __init__(self, fm: str, newline: str = "\n") -> None:
        self.s = fm
        self.nl = newline
        self.edits: list[tuple[int, int, str]] = []

    def mark(self) -> int:
        return len(self.edits)

    def rollback(self, mark: int) -> None:
        del self.edits[mark:]

    def _splice(self, start: int, end: int, text: str) -> None:
        if self.nl != "\n":
            text = text.replace("\n", self.nl)
        self.edits.append((start, end, text))

    def result(self) -> str:
        return apply_edits(self.s, self.edits)

    def _line_start(self, i: int) -> int:
        return self.s.rfind("\n", 0, i) + 1


# -- the diff engine ---------------------------------------------------------------------------


class Editor(Protocol):
    """What a format editor offers the diff engine. Offsets are into the front-matter text."""

    def can_descend(self, path: FieldPath, kind: Literal["map", "seq"]) -> bool: ...
    def replace(self, path: FieldPath, old: object, new: object) -> None: ...
    def add_key(
        self, path: FieldPath, key: str, value: object, after: str | None, before: str | None
    ) -> None: ...
    def remove_key(self, path: FieldPath, key: str) -> None: ...
    def insert_item(self, path: FieldPath, before: int, value: object) -> None: ...
    def remove_item(self, path: FieldPath, index: int) -> None: ...
    def mark(self) -> int: ...
    def rollback(self, mark: int) -> None: ...


def diff(editor: Editor, old: object, new: object, order: Sequence[str] | None = None) -> None:
    """Turn ``old -> new`` (the whole metadata) into minimal editor operations."""
    try:
        _diff(editor, (), old, new, order)
    except Fallback:
        raise EditError("cannot edit this front matter in place") from None


def _diff(ed: Editor, path: FieldPath, old: object, new: object, order: Sequence[str] | None) -> None:
    if same(old, new):
        return
    if path:
        mark = ed.mark()
        try:
            if _descend(ed, path, old, new, None):
                return
        except Fallback:
            ed.rollback(mark)
        try:
            ed.replace(path, old, new)
        except Fallback:
            if len(path) == 1:
                raise EditError(f"cannot rewrite field '{_describe(path)}' in place") from None
            raise
        return
    if not _descend(ed, path, old, new, order):
        ed.replace(path, old, new)


def _descend(ed: Editor, path: FieldPath, old: object, new: object, order: Sequence[str] | None) -> bool:
    if isinstance(old, dict) and isinstance(new, dict):
        survivors = [k for k in old if k in new]
        if (path and not survivors) or not ed.can_descend(path, "map"):
            return False
        for key in old:
            if key not in new:
                ed.remove_key(path, key)
        for key in old:
            if key in new and not same(old[key], new[key]):
                _diff(ed, (*path, key), old[key], new[key], None)
        for key in new:
            if key not in old:
                after, before = _neighbours(key, list(old), order)
                ed.add_key(path, key, new[key], after, before)
        return True
    if isinstance(old, list) and isinstance(new, list):
        if not old or not new or not ed.can_descend(path, "seq"):
            return False
        matcher = SequenceMatcher(None, [canon(x) for x in old], [canon(y) for y in new], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            common = min(i2 - i1, j2 - j1)
            for k in range(common):
                _diff(ed, (*path, i1 + k), old[i1 + k], new[j1 + k], None)
            for k in range(i1 + common, i2):
                ed.remove_item(path, k)
            for k in range(j1 + common, j2):
                ed.insert_item(path, i2, new[k])
        return True
    return False


def _neighbours(key: str, existing: list[str], order: Sequence[str] | None) -> tuple[str | None, str | None]:
    """Where the schema's order puts a new key: after an existing key, or before one."""
    if not order or key not in order:
        return None, None
    rank = {k: i for i, k in enumerate(order)}
    mine = rank[key]
    before_me = [k for k in existing if k in rank and rank[k] < mine]
    if before_me:
        return max(before_me, key=lambda k: rank[k]), None
    after_me = [k for k in existing if k in rank and rank[k] > mine]
    if after_me:
        return None, min(after_me, key=lambda k: rank[k])
    return None, None
