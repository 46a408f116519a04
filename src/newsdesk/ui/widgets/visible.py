"""Editing widgets that show control characters as visible symbols.

Textual's Input and TextArea draw their text as it is: an article value holding ``ESC ] 52``
(a clipboard write), ``ESC [ 2 J`` (clear the screen) or an OSC 8 link reached the terminal raw
when the edit form opened. These subclasses draw `visible` text instead -- one symbol for one
character (``␛``, ``␇``, ``�``), so the cursor and the selection, which are indexes into the real
text, stay right -- while the value keeps the real characters: a field saved untouched is written
back byte for byte, and the user can delete the symbols like any character.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast, overload

from rich.text import Text
from textual._cells import cell_len, cell_width_to_column_index
from textual.expand_tabs import expand_tabs_inline
from textual.geometry import Size
from textual.widgets import Input, TextArea
from textual.widgets.text_area import DocumentBase, WrappedDocument

from newsdesk.core.model.textsafe import visible


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


class _DrawnLines(Sequence[str]):
    """A document's lines as drawn (`visible`), mapped when asked for: an edit re-wraps a few."""

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [visible(line) for line in self._lines[index]]
        return visible(self._lines[index])


class _DrawnDocument:
    """The view of a document that TextArea's wrapping and navigation measure: the drawn lines,
    whose symbols are one cell wide where the real controls count as zero. Indexes are the same
    (`visible` maps one character to one), so every location found here is right in the real
    document."""

    def __init__(self, document: DocumentBase) -> None:
        self.real = document

    @property
    def lines(self) -> Sequence[str]:
        return _DrawnLines(self.real.lines)

    @property
    def line_count(self) -> int:
        return self.real.line_count

    def get_line(self, index: int) -> str:
        return visible(self.real.get_line(index))

    def __getitem__(self, index: int | slice) -> str | list[str]:
        return _DrawnLines(self.real.lines)[index]

    def get_size(self, tab_width: int) -> Size:
        lines = self.lines
        width = max((cell_len(line.expandtabs(tab_width)) for line in lines), default=0)
        return Size(width, len(lines))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


class VisibleTextArea(TextArea):
    """A TextArea whose lines are drawn through `visible`.

    Its wrapping, its cursor's screen column and its clicks are measured on the drawn lines too
    (`_DrawnDocument`): a line holding controls wraps where its symbols reach the edge, instead of
    running past it.
    """

    def get_line(self, line_index: int) -> Text:
        return Text(visible(self.document.get_line(line_index)), end="", no_wrap=True)

    # TextArea sets `wrapped_document` when it gets a document (and the navigator reads the
    # document from it): the wrapping is made on the drawn view of the same document.
    @property
    def wrapped_document(self) -> WrappedDocument:
        return self._drawn_wrapped

    @wrapped_document.setter
    def wrapped_document(self, wrapped: WrappedDocument) -> None:
        wrapped.document = cast(DocumentBase, _DrawnDocument(wrapped.document))
        self._drawn_wrapped = wrapped

    def get_column_width(self, row: int, column: int) -> int:
        line = visible(self.document[row])
        return cell_len(expand_tabs_inline(line[:column], self.indent_width))

    def cell_width_to_column_index(self, cell_width: int, row_index: int) -> int:
        return cell_width_to_column_index(visible(self.document[row_index]), cell_width, self.indent_width)

    def _refresh_size(self) -> None:
        if self.soft_wrap:
            super()._refresh_size()
            return
        # (TextArea's own, measured on the drawn lines.)
        width, height = cast(_DrawnDocument, self.wrapped_document.document).get_size(self.indent_width)
        self.virtual_size = Size(width + self.gutter_width + 1, height)
        self._refresh_scrollbars()
