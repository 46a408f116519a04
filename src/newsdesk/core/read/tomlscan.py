"""Where keys and array items stand in TOML front matter.

``tomllib`` gives values but no positions, so this small scanner walks the (already validated)
TOML text and records, for each key path (``title``, ``speakers[1]``, ``speakers[1].name``,
``venue.city``), the position of the key and the span of its value. It understands comments,
all four string kinds, arrays, inline tables, dotted keys, ``[table]`` and ``[[array.of.tables]]``.
"""

from __future__ import annotations

from newsdesk.core.model.article import FieldLoc, Pos

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    def __init__(self, text: str, first_line: int, offset: int) -> None:
        self.s = text
        self.i = 0
        self.first = first_line
        self.offset = offset
        self.locs: dict[str, FieldLoc] = {}
        self.aot_counts: dict[str, int] = {}
        # line starts, for offset -> (line, column)
        self.line_starts = [0]
        for idx, ch in enumerate(text):
            if ch == "\n":
                self.line_starts.append(idx + 1)

    # -- helpers ---------------------------------------------------------------------------

    def pos(self, index: int) -> Pos:
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= index:
                lo = mid
            else:
                hi = mid - 1
        return Pos(self.first + lo, index - self.line_starts[lo] + 1)

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def skip_ws(self, newlines: bool = False) -> None:
        s = self.s
        while self.i < len(s):
            ch = s[self.i]
            if ch in " \t" or (newlines and ch in "\r\n"):
                self.i += 1
            elif ch == "#" and newlines:
                self.skip_comment()
            else:
                break

    def skip_comment(self) -> None:
        end = self.s.find("\n", self.i)
        self.i = len(self.s) if end < 0 else end

    def skip_line(self) -> None:
        end = self.s.find("\n", self.i)
        self.i = len(self.s) if end < 0 else end + 1

    def read_key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_ws()
            ch = self.peek()
            if ch in ('"', "'"):
                start = self.i
                self.skip_string()
                raw = self.s[start + 1 : self.i - 1]
                parts.append(raw)
            else:
                start = self.i
                while self.peek() and self.peek() in _BARE:
                    self.i += 1
                parts.append(self.s[start : self.i])
                if start == self.i:
                    return parts
            self.skip_ws()
            if self.peek() == ".":
                self.i += 1
                continue
            return parts

    def skip_string(self) -> None:
        s = self.s
        quote = s[self.i]
        if s.startswith(quote * 3, self.i):
            end = s.find(quote * 3, self.i + 3)
            while end >= 0 and quote == '"' and _escaped(s, end):
                end = s.find(quote * 3, end + 1)
            end = len(s) if end < 0 else end + 3
            while end < len(s) and s[end] == quote:  # up to two quotes may close the string
                end += 1
            self.i = end
            return
        j = self.i + 1
        while j < len(s):
            ch = s[j]
            if quote == '"' and ch == "\\":
                j += 2
                continue
            if ch == quote or ch == "\n":
                break
            j += 1
        self.i = min(j + 1, len(s))

    # -- grammar ---------------------------------------------------------------------------

    def scan(self) -> dict[str, FieldLoc]:
        prefix = ""
        s = self.s
        while self.i < len(s):
            self.skip_ws(newlines=True)
            if self.i >= len(s):
                break
            ch = s[self.i]
            if ch == "[":
                start = self.i
                aot = s.startswith("[[", self.i)
                self.i += 2 if aot else 1
                name = ".".join(self.read_key())
                self.skip_line()
                key_pos = self.pos(start)
                if aot:
                    n = self.aot_counts.get(name, 0)
                    self.aot_counts[name] = n + 1
                    if n == 0:
                        self.record(name, key_pos, start, start)
                    prefix = f"{name}[{n}]"
                else:
                    prefix = name
                self.record(prefix, key_pos, start, start)
                continue
            key_start = self.i
            key = ".".join(self.read_key())
            if self.peek() != "=":
                self.skip_line()
                continue
            self.i += 1
            path = f"{prefix}.{key}" if prefix else key
            self.value(path, self.pos(key_start))
            self.skip_line()
        return self.locs

    def record(self, path: str, key_pos: Pos, start: int, end: int) -> None:
        self.locs.setdefault(
            path,
            FieldLoc(key=key_pos, value=self.pos(start), start=self.offset + start, end=self.offset + end),
        )

    def value(self, path: str, key_pos: Pos) -> None:
        self.skip_ws()
        start = self.i
        ch = self.peek()
        if ch == "[":
            self.i += 1
            n = 0
            while True:
                self.skip_ws(newlines=True)
                if self.peek() in ("]", ""):
                    self.i += 1
                    break
                item_start = self.i
                self.value(f"{path}[{n}]", self.pos(item_start))
                n += 1
                self.skip_ws(newlines=True)
                if self.peek() == ",":
                    self.i += 1
        elif ch == "{":
            self.i += 1
            while True:
                self.skip_ws()
                if self.peek() in ("}", "", "\n"):
                    self.i += 1
                    break
                sub_start = self.i
                sub = ".".join(self.read_key())
                if self.peek() != "=":
                    break
                self.i += 1
                self.value(f"{path}.{sub}", self.pos(sub_start))
                self.skip_ws()
                if self.peek() == ",":
                    self.i += 1
        elif ch in ('"', "'"):
            self.skip_string()
        else:
            while self.i < len(self.s) and self.s[self.i] not in ",]}\n#":
                self.i += 1
            end = self.i
            while end > start and self.s[end - 1] in " \t\r":
                end -= 1
            self.record(path, key_pos, start, end)
            return
        self.record(path, key_pos, start, self.i)


def _escaped(s: str, index: int) -> bool:
    backslashes = 0
    j = index - 1
    while j >= 0 and s[j] == "\\":
        backslashes += 1
        j -= 1
    return backslashes % 2 == 1


def toml_locations(fm_text: str, first_line: int, offset: int) -> dict[str, FieldLoc]:
    """Positions of keys and array items in valid TOML text (``first_line`` is its file line)."""
    try:
        return _Scanner(fm_text, first_line, offset).scan()
    except (IndexError, ValueError, RecursionError):  # pragma: no cover - scanner is best effort
        return {}
