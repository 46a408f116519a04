"""`newsdesk.ui.output`: the rewritten frames must leave the terminal showing the same cells.

A small terminal model (cursor moves, SGR, ECH, CUF, LF, CR, wide characters) replays the frames
Textual would write and the rewritten ones, and compares what each cell shows.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from newsdesk.ui.output import ScreenCache, compact

_SEQ = re.compile(r"\x1b\[([0-9;]*)([A-Za-z])|([^\x1b])")
VISIBLE_ON_SPACE = {"7", "4", "9", "53"}


class Terminal:
    """Just enough of a VT100 (non-BCE: erased cells get the default background)."""

    def __init__(self, width: int = 40, height: int = 8) -> None:
        self.width, self.height = width, height
        self.cells: dict[tuple[int, int], tuple[str, tuple[object, ...]]] = {}
        self.row = self.col = 1
        self.sgr: dict[str, str] = {}

    def _apply_sgr(self, params: str) -> None:
        parts = params.split(";") if params else ["0"]
        i = 0
        while i < len(parts):
            p = parts[i] or "0"
            if p == "0":
                self.sgr = {}
            elif p in ("38", "48"):
                n = 3 if parts[i + 1] == "5" else 5
                self.sgr["fg" if p == "38" else "bg"] = ";".join(parts[i + 1 : i + n])
                i += n - 1
            elif p == "39":
                self.sgr.pop("fg", None)
            elif p == "49":
                self.sgr.pop("bg", None)
            elif p == "22":
                self.sgr.pop("1", None)
                self.sgr.pop("2", None)
            elif p in ("23", "24", "25", "27", "28", "29", "55"):
                off = {"23": "3", "24": "4", "25": "5", "27": "7", "28": "8", "29": "9", "55": "53"}[p]
                self.sgr.pop(off, None)
            elif 30 <= int(p) <= 37 or 90 <= int(p) <= 97:
                self.sgr["fg"] = p
            elif 40 <= int(p) <= 47 or 100 <= int(p) <= 107:
                self.sgr["bg"] = p
            else:
                self.sgr[p] = "on"
            i += 1

    def _cell(self, ch: str) -> tuple[str, tuple[object, ...]]:
        if ch == " ":
            # A space shows only its background and line-drawing attributes.
            return (" ", (self.sgr.get("bg"), *sorted(k for k in self.sgr if k in VISIBLE_ON_SPACE)))
        return (ch, tuple(sorted(self.sgr.items())))

    def feed(self, data: str) -> None:
        for m in _SEQ.finditer(data):
            params, final, ch = m.group(1), m.group(2), m.group(3)
            if ch is not None:
                if ch == "\n":
                    self.row += 1
                elif ch == "\r":
                    self.col = 1
                else:
                    self.cells[(self.row, self.col)] = self._cell(ch)
                    if cell_len(ch) == 2:
                        self.cells[(self.row, self.col + 1)] = ("", ())
                    self.col += cell_len(ch)
            elif final == "H":
                r, c = params.split(";")
                self.row, self.col = int(r), int(c)
            elif final == "m":
                self._apply_sgr(params)
            elif final == "C":
                self.col += int(params or 1)
            elif final == "X":
                for i in range(int(params or 1)):
                    self.cells[(self.row, self.col + i)] = (" ", (None,))
            else:
                raise AssertionError(f"unexpected sequence {m.group()!r}")

    def screen(self) -> dict[tuple[int, int], tuple[str, tuple[object, ...]]]:
        # Unwritten cells are blank default cells.
        return {k: v for k, v in self.cells.items() if v != (" ", (None,))}


STYLES = st.sampled_from(
    [
        "",
        "1",
        "2",
        "1;3",
        "7",
        "4",
        "38;5;214",
        "38;5;253;48;5;233",
        "1;38;5;231;48;5;32",
        "48;5;17",
        "32",
        "2;37",
    ]
)
TEXTS = st.text(alphabet=" abcXYZ·—滨海▏", min_size=1, max_size=14).map(
    lambda s: s if len(s) < 3 else s + " " * (len(s) % 11)
)


@st.composite
def frames(draw: st.DrawFn) -> str:
    """A frame as Textual writes it: chunks of (move, styled segments), lines split by LF."""
    out = []
    for _ in range(draw(st.integers(1, 6))):
        row, col = draw(st.integers(1, 8)), draw(st.integers(1, 20))
        out.append(f"\x1b[{row};{col}H")
        width = 0
        for _ in range(draw(st.integers(1, 4))):
            text = draw(TEXTS)
            if width + cell_len(text) > 40 - col:
                break
            width += cell_len(text)
            style = draw(STYLES)
            out.append(f"\x1b[{style}m{text}\x1b[0m" if style else text)
        if draw(st.booleans()):
            out.append("\n")
    out.append(f"\x1b[{draw(st.integers(1, 8))};1H")
    return "".join(out)


def replay(*chunks: str) -> dict[tuple[int, int], tuple[str, tuple[object, ...]]]:
    term = Terminal()
    for chunk in chunks:
        term.feed(chunk)
    return term.screen()


@settings(max_examples=300, deadline=None)
@given(frames())
def test_compact_keeps_the_screen(frame: str) -> None:
    assert replay(compact(frame)) == replay(frame)
    assert len(compact(frame)) <= len(frame) + 8


@settings(max_examples=200, deadline=None)
@given(st.lists(frames(), min_size=1, max_size=5))
def test_screen_cache_keeps_the_screen(frame_list: list[str]) -> None:
    cache = ScreenCache()
    sent = [compact(cache.dedupe(f)) for f in frame_list]
    assert replay(*sent) == replay(*frame_list)


def test_compact_shrinks_a_typical_frame() -> None:
    row = (
        "\x1b[3;1H\x1b[38;5;253;48;5;233m    \x1b[0m\x1b[38;5;214;48;5;233mDFT\x1b[0m"
        "\x1b[38;5;253;48;5;233m Staff and Students\x1b[0m\x1b[3;24H\x1b[38;5;253;48;5;233m \x1b[0m"
    )
    out = compact(row)
    assert replay(out) == replay(row)
    assert len(out) < len(row) * 0.7


def test_unchanged_chunks_are_not_sent_again() -> None:
    cache = ScreenCache()
    frame = "\x1b[1;1H\x1b[1mTitle\x1b[0m\n\x1b[2;1HBody\x1b[3;1H"
    assert "Title" in cache.dedupe(frame)
    again = cache.dedupe(frame.replace("Body", "Next"))
    assert "Title" not in again and "Next" in again
    # an unknown sequence makes it forget the screen
    assert "Title" in cache.dedupe("\x1b[2J" + frame) or "Title" in cache.dedupe(frame)
