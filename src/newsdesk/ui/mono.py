"""No colour at all: for ``NO_COLOR`` and for terminals without colours (vt100, xterm-mono).

Textual's own answer to ``NO_COLOR`` depends on the theme at start-up: for a truecolour theme it
maps colours to greys, which made newsdesk's default ANSI theme black on black. Here every colour
is dropped instead, foreground and background alike, so the terminal draws with its own default
colours; emphasis is bold, dim, italic, underline and reverse. The stylesheet's ``:nocolor`` rules
make what colour alone used to show (the cursor row, the focused pane, the input cursor) visible
with those attributes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

#: Terminal names with no colours, known without asking terminfo.
_MONO_NAMES = ("vt52", "vt100", "vt102", "vt220", "vt320", "vt420", "dumb")
#: Terminals with colours, known without asking terminfo (the usual ones: no process to start).
_COLOUR_NAMES = (
    "xterm", "screen", "tmux", "linux", "rxvt", "ansi", "putty", "alacritty", "xterm-kitty",
    "foot", "wezterm", "xterm-ghostty",
)  # fmt: skip
_COLOUR_SUFFIXES = ("-256color", "-truecolor", "-direct", "-16color", "-88color", "-color")


def terminal_colours(term: str) -> int | None:
    """How many colours terminfo says ``term`` has (None when it cannot tell).

    Asks ``tput`` (curses' ``setupterm`` works once per process, so it cannot be asked about
    another terminal later).
    """
    import shutil
    import subprocess

    tput = shutil.which("tput")
    if tput is None:
        return None
    try:
        done = subprocess.run(
            [tput, "-T", term, "colors"], capture_output=True, text=True, timeout=2, check=False
        )
        return int(done.stdout.strip()) if done.returncode == 0 else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def wants_no_colour(environ: Mapping[str, str] | None = None) -> bool:
    """Whether to draw without colour: ``NO_COLOR`` set (non-empty) or a monochrome terminal."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return True
    term = env.get("TERM", "").strip().lower()
    if not term:
        return False
    if term.endswith(("-mono", "-m")) or term in _MONO_NAMES:
        return True
    if term in _COLOUR_NAMES or term.endswith(_COLOUR_SUFFIXES):
        return False
    colours = terminal_colours(term)
    return colours is not None and colours < 8


@lru_cache(1024)
def without_colour(style: Style) -> Style:
    """``style`` with its colours removed and its attributes (bold, dim, reverse, ...) kept."""
    return Style(
        bold=style.bold,
        dim=style.dim,
        italic=style.italic,
        underline=style.underline,
        reverse=style.reverse,
        strike=style.strike,
        meta=style.meta if style._meta else None,  # what a click means (scrollbars, palette) stays
    )


class NoColour(LineFilter):
    """Drop every colour from what is drawn (the terminal's default colours show)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        plain = without_colour
        return [
            Segment(text, None if style is None else plain(style), control)
            for text, style, control in segments
        ]
