"""Splicing edits into TOML front matter without touching anything else.

Positions come from `newsdesk.core.read.tomlscan`; values are serialised with tomli-w (inline forms:
``[a, b]``, ``{ k = v }``). ``[[array]]`` tables are edited entry by entry: changing ``speakers[1].role``
rewrites that one line inside the second ``[[speakers]]`` table.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import tomli_w

from newsdesk.core.model.article import FieldLoc
from newsdesk.core.model.errors import EditError
from newsdesk.core.read.tomlscan import toml_locations
from newsdesk.core.write.splice import Fallback, FieldPath, Splicer, datetime_sep

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def key_text(key: object) -> str:
    k = str(key)
    return k if _BARE_KEY.fullmatch(k) else _extract(k)


def _extract(value: object, *, multiline: bool = False) -> str:
    try:
        text = tomli_w.dumps({"v": value}, multiline_strings=multiline)
    except (TypeError, ValueError) as exc:
        raise EditError(f"cannot write {value!r} in TOML front matter: {exc}") from None
    if not text.startswith("v = "):  # pragma: no cover - tomli-w writes scalars inline
        raise EditError(f"cannot write {value!r} inline in TOML")
    return text[4:].removesuffix("\n")


def inline(value: object, *, quote: str | None = None, multiline: bool = False, dt_sep: str = "T") -> str:
    """TOML text for ``value`` in inline form; date-times with ``dt_sep`` between date and time
    (the document's own style, see `datetime_sep`; tomli-w alone writes a space)."""
    if value is None:
        raise EditError("TOML has no empty (null) value; remove the field instead")
    if isinstance(value, str):
        if "\n" in value:
            return _extract(value, multiline=multiline)
        if quote == "'" and "'" not in value and not _CONTROL.search(value):
            return f"'{value}'"
        return _extract(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = (f"{key_text(k)} = {inline(v, dt_sep=dt_sep)}" for k, v in value.items())
        return "{ " + ", ".join(items) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(inline(v, dt_sep=dt_sep) for v in value) + "]"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=dt_sep)
    return _extract(value)


def _is_table_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def dump_document(metadata: dict[str, Any]) -> str:
    """New TOML front matter (ends with a newline)."""
    return tomli_w.dumps(metadata)


def _pstr(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class TomlEditor(Splicer):
    """Collects splices on a TOML front-matter text; see `newsdesk.core.write.splice.Editor`."""

    def __init__(self, fm: str, newline: str = "\n") -> None:
        super().__init__(fm, newline)
        self.locs: dict[str, FieldLoc] = toml_locations(fm, 1, 0)
        self.dt_sep = datetime_sep(fm)
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(fm) if ch == "\n"]
        heads: dict[int, str] = {}
        for path, loc in self.locs.items():
            if self._header_loc(loc) and (loc.start not in heads or path.endswith("]")):
                heads[loc.start] = path
        self.headers: list[tuple[int, str]] = sorted(heads.items())

    # -- helpers --------------------------------------------------------------------------

    def _header_loc(self, loc: FieldLoc) -> bool:
        return loc.start == loc.end and self.s.startswith("[", loc.start)

    def _next_line(self, i: int) -> int:
        j = self.s.find("\n", i)
        return len(self.s) if j < 0 else j + 1

    def _key_offset(self, loc: FieldLoc) -> int:
        return self.line_starts[loc.key.line - 1] + loc.key.column - 1

    def _section_end(self, header: int) -> int:
        """Where the section opened at ``header`` ends: the next header's line, or the end."""
        for offset, _ in self.headers:
            if offset > header:
                return self._line_start(offset)
        return len(self.s)

    def _content_end(self, start: int, end: int) -> int:
        """End of the last non-blank line in ``[start, end)`` (after its newline)."""
        i = end
        while i > start and self.s[i - 1] in " \t\r\n":
            i -= 1
        return self._next_line(i) if i > start else start

    def _top_level_kvs(self) -> list[FieldLoc]:
        first_header = self.headers[0][0] if self.headers else len(self.s)
        return [
            loc
            for path, loc in self.locs.items()
            if "[" not in path
            and not self._header_loc(loc)
            and self._key_offset(loc) < first_header
            and "." not in path
        ]

    def _sections_of(self, key: str) -> list[tuple[int, int]]:
        out = []
        for offset, path in self.headers:
            if path == key or path.startswith((key + ".", key + "[")):
                out.append((self._line_start(offset), self._section_end(offset)))
        return out

    def _remove_range(self, start: int, end: int) -> None:
        if end >= len(self.s):  # the last section: take the blank lines before it too
            while start > 0 and not self.s[self._line_start(start - 1) : start].strip():
                start = self._line_start(start - 1)
        self._splice(start, end, "")

    def _section_text(self, name: str, table: dict[str, Any], *, array: bool) -> str:
        head = f"[[{name}]]" if array else f"[{name}]"
        lines = [head] + [
            f"{key_text(k)} = {inline(v, multiline=True, dt_sep=self.dt_sep)}" for k, v in table.items()
        ]
        return "\n".join(lines) + "\n"

    def _append_at_end(self, text: str) -> None:
        pos = self._content_end(0, len(self.s))
        lead = "\n" if pos > 0 else ""
        if pos > 0 and self.s[pos - 1] != "\n":
            lead = "\n\n"
        self._splice(pos, pos, lead + text)

    # -- editor protocol ------------------------------------------------------------------

    def can_descend(self, path: FieldPath, kind: str) -> bool:
        if not path:
            return kind == "map"
        loc = self.locs.get(_pstr(path))
        if loc is None:
            return False
        if self._header_loc(loc):
            is_aot = self.s.startswith("[[", loc.start) and not isinstance(path[-1], int)
            return is_aot if kind == "seq" else not is_aot
        if kind == "seq":  # an inline array, one line or several
            return self.s.startswith("[", loc.start)
        return False

    def replace(self, path: FieldPath, old: object, new: object) -> None:
        if not path:
            if not isinstance(new, dict):
                raise EditError("front matter must be a table")
            text = dump_document(new)
            if not old:
                self._append_at_end(text)
            else:
                self._splice(0, len(self.s), text)
            return
        p = _pstr(path)
        loc = self.locs.get(p)
        if loc is None:
            raise Fallback
        if self._header_loc(loc):
            if isinstance(path[-1], int) and isinstance(new, dict):  # one [[array]] entry
                header = loc.start
                body_start = self._next_line(header)
                end = self._content_end(body_start, self._section_end(header))
                lines = "".join(
                    f"{key_text(k)} = {inline(v, multiline=True, dt_sep=self.dt_sep)}\n"
                    for k, v in new.items()
                )
                self._splice(body_start, max(end, body_start), lines)
                return
            if len(path) != 1:
                raise Fallback
            key = str(path[0])
            for start, end in self._sections_of(key):
                self._remove_range(start, end)
            self._add_top_level(key, new, None, None)
            return
        s = self.s
        old_text = s[loc.start : loc.end]
        quote = "'" if old_text.startswith("'") and not old_text.startswith("'''") else None
        top_kv = len(path) == 1 or self._in_section_body(path)
        if isinstance(new, list) and "\n" in old_text and old_text.startswith("["):
            first = s[loc.start + 1 : loc.end].lstrip(" \t\r\n")
            item_col = loc.start + 1 + (len(s[loc.start + 1 : loc.end]) - len(first))
            indent = item_col - self._line_start(item_col)
            close = self._key_offset(loc) - self._line_start(self._key_offset(loc))
            if new:
                items = "".join(f"{' ' * indent}{inline(v, dt_sep=self.dt_sep)},\n" for v in new)
                text = f"[\n{items}{' ' * close}]"
            else:
                text = "[]"
        else:
            text = inline(new, quote=quote, multiline=top_kv, dt_sep=self.dt_sep)
        self._splice(loc.start, loc.end, text)

    def _in_section_body(self, path: FieldPath) -> bool:
        """Whether ``path`` is a key written as ``key = value`` directly in a [table] section."""
        parent = self.locs.get(_pstr(path[:-1]))
        return parent is not None and self._header_loc(parent)

    def _add_top_level(self, key: str, value: object, after: str | None, before: str | None) -> None:
        if (isinstance(value, dict) and value) or _is_table_list(value):
            if isinstance(value, dict):
                if any(isinstance(v, dict) or _is_table_list(v) for v in value.values()):
                    text = tomli_w.dumps({key: value})
                else:
                    text = self._section_text(key_text(key), value, array=False)
            else:
                assert isinstance(value, list)
                text = "\n".join(self._section_text(key_text(key), t, array=True) for t in value)
            self._append_at_end(text)
            return
        line = f"{key_text(key)} = {inline(value, multiline=True, dt_sep=self.dt_sep)}\n"
        kvs = self._top_level_kvs()
        by_name = {p: loc for p, loc in self.locs.items() if loc in kvs}
        if after is not None and after in by_name:
            pos = self._next_line(by_name[after].end)
        elif before is not None and before in by_name:
            pos = self._line_start(self._key_offset(by_name[before]))
        elif kvs:
            pos = self._next_line(max(loc.end for loc in kvs))
        elif self.headers:
            pos = self._line_start(self.headers[0][0])
            line += "\n"
        else:
            pos = self._content_end(0, len(self.s))
        if pos > 0 and self.s[pos - 1] != "\n":
            line = "\n" + line
        self._splice(pos, pos, line)

    def add_key(
        self, path: FieldPath, key: str, value: object, after: str | None, before: str | None
    ) -> None:
        if not path:
            self._add_top_level(key, value, after, before)
            return
        p = _pstr(path)
        loc = self.locs.get(p)
        if loc is None or not self._header_loc(loc):
            raise Fallback
        header = loc.start
        end = self._section_end(header)
        ends = [
            child.end
            for cp, child in self.locs.items()
            if cp.startswith(p + ".") and header < child.start <= end and not self._header_loc(child)
        ]
        pos = self._next_line(max(ends)) if ends else self._next_line(header)
        line = f"{key_text(key)} = {inline(value, multiline=True, dt_sep=self.dt_sep)}\n"
        if pos > 0 and self.s[pos - 1] != "\n":
            line = "\n" + line
        self._splice(pos, pos, line)

    def remove_key(self, path: FieldPath, key: str) -> None:
        p = _pstr((*path, key))
        loc = self.locs.get(p)
        if loc is None:
            raise Fallback
        if self._header_loc(loc):
            if path:
                raise Fallback
            for start, end in self._sections_of(str(key)):
                self._remove_range(start, end)
            return
        ko = self._key_offset(loc)
        start = self._line_start(ko)
        if self.s[start:ko].strip():
            raise Fallback
        self._splice(start, self._next_line(loc.end), "")

    def insert_item(self, path: FieldPath, before: int, value: object) -> None:
        p = _pstr(path)
        loc = self.locs.get(p)
        if loc is not None and not self._header_loc(loc) and self.s.startswith("[", loc.start):
            self._append_inline(p, loc, before, value)
            return
        if loc is None or not self._header_loc(loc) or not isinstance(value, dict):
            raise Fallback
        text = self._section_text(p, value, array=True)
        entry = self.locs.get(f"{p}[{before}]")
        if entry is not None:
            self._splice(self._line_start(entry.start), self._line_start(entry.start), text + "\n")
            return
        n = before - 1
        last = self.locs.get(f"{p}[{n}]")
        if last is None:
            raise Fallback
        pos = self._content_end(last.start, self._section_end(last.start))
        self._splice(pos, pos, "\n" + text)

    def _append_inline(self, p: str, loc: FieldLoc, before: int, value: object) -> None:
        """Append ``value`` to an inline array, leaving its other items' text alone.

        ``["a", "b"]`` becomes ``["a", "b", "c"]``; an array written one item per line gets a new
        line in the same indentation (with a trailing comma when the others have one).
        """
        last = self.locs.get(f"{p}[{before - 1}]") if before > 0 else None
        if last is None or f"{p}[{before}]" in self.locs:
            raise Fallback
        s = self.s
        close = loc.end - 1
        if s[close] != "]" or close < last.end:
            raise Fallback
        text = inline(value, dt_sep=self.dt_sep)
        item_line = self._line_start(last.start)
        rest = s[last.end : self._next_line(last.end)]
        own_line = not s[item_line : last.start].strip() and self._line_start(close) > last.end
        if own_line:
            m = re.fullmatch(r"([ \t]*)(,?)([ \t]*(#[^\n]*)?\r?\n)", rest)
            if m is None:
                raise Fallback
            pad = s[item_line : last.start]
            if not m.group(2):
                self._splice(last.end, last.end, ",")
            trailing = "," if m.group(2) else ""
            pos = self._next_line(last.end)
            self._splice(pos, pos, f"{pad}{text}{trailing}\n")
            return
        between = s[last.end : close]
        if "#" in between or "\n" in between:
            raise Fallback
        if between.strip(" \t") == ",":  # ["a", "b", ] keeps its trailing comma
            pos = last.end + between.index(",") + 1
            self._splice(pos, pos, f" {text},")
            return
        self._splice(last.end, last.end, f", {text}")

    def remove_item(self, path: FieldPath, index: int) -> None:
        p = _pstr(path)
        loc = self.locs.get(p)
        item = self.locs.get(f"{p}[{index}]")
        if loc is None or item is None:
            raise Fallback
        if self._header_loc(loc):
            start = self._line_start(item.start)
            self._remove_range(start, self._section_end(item.start))
            return
        s = self.s
        start = self._line_start(item.start)
        rest_end = self._next_line(item.end)
        if s[start : item.start].strip() or not re.fullmatch(
            r"[ \t]*,?[ \t]*(#[^\n]*)?\r?\n?", s[item.end : rest_end]
        ):
            raise Fallback
        self._splice(start, rest_end, "")
