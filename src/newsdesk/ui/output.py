"""Fewer bytes to the terminal: a lossless rewrite of each frame Textual writes.

Textual writes every styled segment as ``ESC[<full style>m text ESC[0m`` and starts every chunk of
a line with an absolute cursor move. Over a slow SSH link that is most of the traffic. `compact`
rewrites a frame so the terminal ends up showing exactly the same cells:

* SGR: styles are applied lazily and only the difference from the current style is sent
  (``ESC[0m ESC[38;5;214;48;5;233m`` between two segments that differ in colour becomes
  ``ESC[38;5;214m``);
* cursor moves: a run of moves collapses to the last one, and a move to where the cursor already
  is (known only after plain ASCII text, so wide or ambiguous-width characters never mislead it)
  is dropped or shortened to a relative move;
* runs of spaces on the terminal's default background become ECH (erase characters), which needs
  no background-colour-erase support because the background is the default one.

Anything it does not understand passes through untouched and resets what it assumes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.driver import Driver

_TOKEN = re.compile(
    r"\x1b\[(?P<sgr>[0-9;]*)m"
    r"|\x1b\[(?P<row>\d+);(?P<col>\d+)H"
    r"|(?P<nl>\n)"
    r"|(?P<cr>\r)"
    r"|(?P<esc>\x1b(?:\[[0-9;?<>=!$ ]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[^\[\]]))"
    r"|(?P<text>[^\x1b\n\r]+)"
)
_ASCII = re.compile(r"[ -~]*\Z")
_SPACES = re.compile(r" {8,}")

#: Attribute codes: on-code -> off-code.
_OFF = {
    "1": "22",
    "2": "22",
    "3": "23",
    "4": "24",
    "5": "25",
    "6": "25",
    "7": "27",
    "8": "28",
    "9": "29",
    "21": "24",
    "51": "54",
    "52": "54",
    "53": "55",
}

Style = tuple[frozenset[str], str, str]  # (attributes, fg params, bg params)
_PLAIN: Style = (frozenset(), "", "")


def _parse_sgr(params: str, current: Style) -> Style | None:
    """Apply SGR ``params`` to ``current``; None when they hold something not understood."""
    attrs, fg, bg = set(current[0]), current[1], current[2]
    parts = params.split(";") if params else ["0"]
    i = 0
    while i < len(parts):
        p = parts[i] or "0"
        if p == "0":
            attrs, fg, bg = set(), "", ""
        elif p in ("38", "48"):
            if i + 2 < len(parts) and parts[i + 1] == "5":
                value, i = f"{p};5;{parts[i + 2]}", i + 2
            elif i + 4 < len(parts) and parts[i + 1] == "2":
                value, i = f"{p};2;{parts[i + 2]};{parts[i + 3]};{parts[i + 4]}", i + 4
            else:
                return None
            if p == "38":
                fg = value
            else:
                bg = value
        elif p == "39":
            fg = ""
        elif p == "49":
            bg = ""
        elif p.isdigit() and (30 <= int(p) <= 37 or 90 <= int(p) <= 97):
            fg = p
        elif p.isdigit() and (40 <= int(p) <= 47 or 100 <= int(p) <= 107):
            bg = p
        elif p in _OFF:
            attrs.add(p)
        elif p in ("22", "23", "24", "25", "27", "28", "29", "54", "55"):
            attrs -= {k for k, off in _OFF.items() if off == p}
        else:
            return None
        i += 1
    return (frozenset(attrs), fg, bg)


def _full(style: Style) -> list[str]:
    return [*sorted(style[0]), *(x for x in (style[1], style[2]) if x)]


def _transition(old: Style | None, new: Style) -> str:
    """The shortest SGR sequence taking the terminal from ``old`` to ``new``."""
    full = "\x1b[" + ";".join(["0", *_full(new)]) + "m" if new != _PLAIN else "\x1b[0m"
    if old is None:
        return full
    codes: list[str] = []
    removed = old[0] - new[0]
    added = set(new[0] - old[0])
    for attr in sorted(removed):
        off = _OFF[attr]
        if off not in codes:
            codes.append(off)
        if off == "22":  # 22 clears both bold and dim: restore the one that stays
            added |= {a for a in ("1", "2") if a in new[0]}
    codes += sorted(added)
    if new[1] != old[1]:
        codes.append(new[1] or "39")
    if new[2] != old[2]:
        codes.append(new[2] or "49")
    diff = "\x1b[" + ";".join(codes) + "m"
    return diff if len(diff) < len(full) else full


def compact(data: str) -> str:
    """Rewrite one frame of terminal output into fewer bytes with the same result on screen."""
    if "\x1b[" not in data:
        return data
    out: list[str] = []
    emit = out.append
    actual: Style | None = None  # the style the terminal has (None: unknown)
    wanted: Style | None = None  # the style the next text must be drawn with (None: as is)
    # The physical cursor (1-based; None: unknown) and where it should logically be.
    row: int | None = None
    col: int | None = None
    target: tuple[int, int] | None = None  # pending absolute move
    forward = 0  # pending relative move right (after an erase), when target is None
    raw: list[str] = []  # pending motions that cannot be turned into an absolute move

    def flush_motion() -> None:
        nonlocal target, forward, row, col
        if target is not None:
            r, c = target
            if row == r and col is not None and c > col:
                n = c - col
                emit(f"\x1b[{n}C" if n > 1 else "\x1b[C")
            elif row != r or col != c:
                emit(f"\x1b[{r};{c}H")
            row, col = r, c
            target = None
        elif forward:
            emit(f"\x1b[{forward}C" if forward > 1 else "\x1b[C")
            if col is not None:
                col += forward
        forward = 0
        if raw:
            out.extend(raw)
            raw.clear()

    def flush_style() -> None:
        nonlocal actual
        if wanted is not None and wanted != actual:
            emit(_transition(actual, wanted))
            actual = wanted

    def logical() -> tuple[int, int] | None:
        if target is not None:
            return target
        if row is not None and col is not None:
            return (row, col + forward)
        return None

    for m in _TOKEN.finditer(data):
        kind = m.lastgroup
        if kind == "sgr":
            base = wanted if wanted is not None else (actual if actual is not None else _PLAIN)
            parsed = _parse_sgr(m.group("sgr"), base)
            if parsed is None:
                flush_motion()
                flush_style()
                emit(m.group())
                actual = wanted = None
            else:
                wanted = parsed
        elif kind == "col":
            target = (int(m.group("row")), int(m.group("col")))
            forward = 0
            raw.clear()
        elif kind == "nl":
            where = logical()
            if where is not None and not raw:
                target, forward = (where[0] + 1, where[1]), 0
            else:
                raw.append("\n")
        elif kind == "cr":
            where = logical()
            if where is not None and not raw:
                target, forward = (where[0], 1), 0
            else:
                raw.append("\r")
        elif kind == "esc":
            flush_motion()
            flush_style()
            emit(m.group())
            row = col = None
            actual = wanted = None
        else:
            text = m.group("text")
            flush_motion()
            ascii_text = bool(_ASCII.match(text))
            erase = (
                wanted is not None
                and not wanted[2]
                and not (wanted[0] & {"7", "4", "9", "21", "53"})
                and "        " in text
            )
            if not erase:
                flush_style()
                emit(text)
                if col is not None and ascii_text:
                    col += len(text)
                else:
                    row = col = None
                continue
            pos = 0
            for run in _SPACES.finditer(text):
                if run.start() > pos:
                    flush_style()
                    emit(text[pos : run.start()])
                if actual is None or actual[2] or actual[0] & {"7", "4", "9", "21", "53"}:
                    flush_style()
                n = run.end() - run.start()
                emit(f"\x1b[{n}X")
                if run.end() < len(text):
                    emit(f"\x1b[{n}C")
                else:
                    forward = n  # sent only if something is drawn next without a move first
                pos = run.end()
            if pos < len(text):
                flush_style()
                emit(text[pos:])
            if ascii_text and col is not None:
                col += len(text) - forward
            else:
                row = col = None
                if forward:
                    # Position unknown: a later absolute move is still fine, text needs the CUF.
                    pass
    flush_motion()
    flush_style()
    return "".join(out)


_CUP = re.compile(r"\x1b\[(\d+);(\d+)H")
_ESCAPES = re.compile(r"\x1b\[[0-9;]*m")
_SYNC = ("\x1b[?2026h", "\x1b[?2026l")


class ScreenCache:
    """What is on the terminal, chunk by chunk, so unchanged chunks are not sent again.

    Textual writes each frame as chunks: an absolute cursor move, then the styled segments of one
    widget's part of one line (every segment carries its whole style). A chunk identical to the one
    last written at the same place, with nothing written over it since, is dropped.
    """

    def __init__(self) -> None:
        self.rows: dict[int, dict[int, tuple[str, int]]] = {}

    def clear(self) -> None:
        self.rows.clear()

    def dedupe(self, frame: str) -> str:
        from rich.cells import cell_len

        starts = [m for m in _CUP.finditer(frame)]
        if not starts or starts[0].start() != 0:
            self.clear()
            return frame
        out: list[str] = []
        for n, m in enumerate(starts):
            end = starts[n + 1].start() if n + 1 < len(starts) else len(frame)
            body = frame[m.end() : end]
            tail = ""
            if body.endswith("\n"):
                body, tail = body[:-1], "\n"
            y, x = int(m.group(1)), int(m.group(2))
            text = _ESCAPES.sub("", body)
            if "\x1b" in text or "\n" in text or "\r" in text:
                # Something this cache does not follow: forget everything, send as is.
                self.clear()
                out.append(frame[m.start() : end])
                continue
            width = cell_len(text)
            if width == 0:
                out.append(frame[m.start() : end])
                continue
            row = self.rows.setdefault(y, {})
            if row.get(x) == (body, width):
                continue
            for cx, (_, cw) in list(row.items()):
                if cx < x + width and x < cx + cw:
                    del row[cx]
            row[x] = (body, width)
            out.append(m.group() + body + tail)
        return "".join(out)


def compact_driver(base: type[Driver]) -> type[Driver]:
    """``base`` (Textual's terminal driver) writing only changed chunks, each frame `compact`-ed."""

    class CompactDriver(base):  # type: ignore[valid-type,misc]
        screen_cache = ScreenCache()

        def write(self, data: str) -> None:
            if data in _SYNC:
                super().write(data)
                return
            if data.startswith("\x1b[") and _CUP.match(data):
                data = self.screen_cache.dedupe(data)
            else:
                self.screen_cache.clear()
            super().write(compact(data))

    CompactDriver.__name__ = f"Compact{base.__name__}"
    return CompactDriver
