"""Editing widgets that show control characters as visible symbols.

Textual's Input and TextArea draw their text as it is: an article value holding ``ESC ] 52``
(a clipboard write), ``ESC [ 2 J`` (clear the screen) or an OSC 8 link reached the terminal raw
when the edit form opened. These subclasses draw `visible` text instead -- one symbol for one
character (``␛``, ``␇``, ``�``), so the cursor and the selection, which are indexes into the real
text, stay right -- while the value keeps the real characters: a field saved untouched is written
back byte for byte, and the user can delete the symbols like any character.
"""

from __future__ import annotations

from rich.text import Text
from textual._cells import cell_len
from textual.expand_tabs import expand_tabs_inline
from textual.widgets import Input, TextArea

from newsdesk.core.textsafe import visible


class VisibleInput(Input):
    """An Input whose value is drawn through `visible`."""

    # Input measures the cursor and maps clicks through these two; the drawn characters are one
    # cell wide where the real controls count as zero.
    @property
    def _value(self) -> Text:
        return Text(visible(self.value), no_wrap=True, overflow="ignore", end="")

    def _position_to_cell(self, position: int) -> int:
        return cell_len(expand_tabs_inline(visible(self.value[:position]), 4))

    def _cell_offset_to_index(self, offset: int) -> int:
        shown = visible(self.value)
        offset += self.scroll_offset.x
        cells = 0
        for index, char in enumerate(shown):
            width = cell_len(char)
            if cells <= offset < cells + width:
                return index
            cells += width
        return max(0, min(offset, len(shown)))


class VisibleTextArea(TextArea):
    """A TextArea whose lines are drawn through `visible`.

    (The wrapping and the cursor's screen column are still measured on the real text, where a
    control is zero cells wide: a wrapped line holding some is drawn that many cells wider, cut at
    the edge. Only hostile text has them; what matters is that they never reach the terminal.)
    """

    def get_line(self, line_index: int) -> Text:
        return Text(visible(self.document.get_line(line_index)), end="", no_wrap=True)
