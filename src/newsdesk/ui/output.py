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


#: Attributes that show on blank cells (reverse, underline, strike, double underline,
#: overline): spaces drawn with them are not erased.
_VISIBLE_ON_BLANKS = frozenset({"7", "4", "9", "21", "53"})


class _Frame:
    """One frame being rewritten: what the terminal is known to have (style, cursor) and what is
    pending (a style, a cursor move), sent only when text needs it."""

    __slots__ = ("actual", "col", "forward", "out", "raw", "row", "target", "wanted")

    def __init__(self) -> None:
        self.out: list[str] = []
        self.actual: Style | None = None  # the style the terminal has (None: unknown)
        self.wanted: Style | None = None  # the style the next text must be drawn with (None: as is)
        # The physical cursor (1-based; None: unknown) and where it should logically be.
        self.row: int | None = None
        self.col: int | None = None
        self.target: tuple[int, int] | None = None  # pending absolute move
        self.forward = 0  # pending relative move right (after an erase), when target is None
        self.raw: list[str] = []  # pending motions that cannot be turned into an absolute move

    def flush_motion(self) -> None:
        """Send the pending cursor move (as short as the known cursor allows)."""
        emit = self.out.append
        if self.target is not None:
            r, c = self.target
            if self.row == r and self.col is not None and c > self.col:
                n = c - self.col
                emit(f"\x1b[{n}C" if n > 1 else "\x1b[C")
            elif self.row != r or self.col != c:
                emit(f"\x1b[{r};{c}H")
            self.row, self.col = r, c
            self.target = None
        elif self.forward:
            emit(f"\x1b[{self.forward}C" if self.forward > 1 else "\x1b[C")
            if self.col is not None:
                self.col += self.forward
        self.forward = 0
        if self.raw:
            self.out.extend(self.raw)
            self.raw.clear()

    def flush_style(self) -> None:
        """Send the difference to the wanted style, if any."""
        if self.wanted is not None and self.wanted != self.actual:
            self.out.append(_transition(self.actual, self.wanted))
            self.actual = self.wanted

    def sgr(self, params: str, whole: str) -> None:
        """A style: kept pending; one it does not understand passes through and resets it."""
        base = (
            self.wanted if self.wanted is not None else (self.actual if self.actual is not None else _PLAIN)
        )
        parsed = _parse_sgr(params, base)
        if parsed is None:
            self.flush_motion()
            self.flush_style()
            self.out.append(whole)
            self.actual = self.wanted = None
        else:
            self.wanted = parsed

    def line_move(self, char: str) -> None:
        """``\\n`` (down) or ``\\r`` (to column 1): a pending absolute move where the logical cursor
        is known, else sent as it is."""
        if self.target is not None:
            where: tuple[int, int] | None = self.target
        elif self.row is not None and self.col is not None:
            where = (self.row, self.col + self.forward)
        else:
            where = None
        if where is not None and not self.raw:
            self.target = (where[0] + 1, where[1]) if char == "\n" else (where[0], 1)
            self.forward = 0
        else:
            self.raw.append(char)

    def escape(self, sequence: str) -> None:
        """Any other escape: sent as it is, after what is pending; nothing is assumed after it."""
        self.flush_motion()
        self.flush_style()
        self.out.append(sequence)
        self.row = self.col = None
        self.actual = self.wanted = None

    def text(self, text: str) -> None:
        """Text: drawn with the wanted style; long runs of blanks on the default background are
        erased (ECH) instead of drawn."""
        self.flush_motion()
        ascii_text = bool(_ASCII.match(text))
        wanted = self.wanted
        erase = (
            wanted is not None
            and not wanted[2]
            and not (wanted[0] & _VISIBLE_ON_BLANKS)
            and "        " in text
        )
        if not erase:
            self.flush_style()
            self.out.append(text)
            if self.col is not None and ascii_text:
                self.col += len(text)
            else:
                self.row = self.col = None
            return
        self.erase_blanks(text)
        if ascii_text and self.col is not None:
            self.col += len(text) - self.forward
        else:
            # Position unknown: a later absolute move is still fine, text needs the pending CUF.
            self.row = self.col = None

    def erase_blanks(self, text: str) -> None:
        """Send ``text`` with its runs of 8+ spaces erased (ECH) and skipped (CUF); a run at its
        end leaves the skip pending (`forward`), sent only if something is drawn next."""
        emit = self.out.append
        pos = 0
        for run in _SPACES.finditer(text):
            if run.start() > pos:
                self.flush_style()
                emit(text[pos : run.start()])
            actual = self.actual
            if actual is None or actual[2] or actual[0] & _VISIBLE_ON_BLANKS:
                self.flush_style()
            n = run.end() - run.start()
            emit(f"\x1b[{n}X")
            if run.end() < len(text):
                emit(f"\x1b[{n}C")
            else:
                self.forward = n
            pos = run.end()
        if pos < len(text):
            self.flush_style()
            emit(text[pos:])


def compact(data: str) -> str:
    """Rewrite one frame of terminal output into fewer bytes with the same result on screen."""
    if "\x1b[" not in data:
        return data
    frame = _Frame()
    for m in _TOKEN.finditer(data):
        kind = m.lastgroup
        if kind == "sgr":
            frame.sgr(m.group("sgr"), m.group())
        elif kind == "col":
            frame.target = (int(m.group("row")), int(m.group("col")))
            frame.forward = 0
            frame.raw.clear()
        elif kind == "nl" or kind == "cr":
            frame.line_move(m.group())
        elif kind == "esc":
            frame.escape(m.group())
        else:
            frame.text(m.group("text"))
    frame.flush_motion()
    frame.flush_style()
    return "".join(frame.out)


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
