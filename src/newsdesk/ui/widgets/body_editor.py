"""The body editor: a soft-wrapping TextArea with Markdown highlighting, off for long bodies.

Textual's TextArea re-runs the whole highlighting query on every edit, so its cost grows with the
document (`benchmarks/bench_edit.py` measures it): above `HIGHLIGHT_MAX_LINES` lines the body is
edited as plain text and the label says so.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from newsdesk.ui.widgets.visible import VisibleTextArea

#: Above this many lines, Markdown highlighting is off (an insert stays under ~10 ms on a slow
#: 2-core machine; measured in benchmarks/bench_edit.py).
HIGHLIGHT_MAX_LINES = 800


def wants_highlighting(text: str) -> bool:
    return text.count("\n") < HIGHLIGHT_MAX_LINES


class BodyEditor(VisibleTextArea):
    """The article body."""

    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, text: str, *, id: str | None = None, read_only: bool = False) -> None:
        highlight = wants_highlighting(text)
        language = "markdown" if highlight and "markdown" in self.available_languages_static() else None
        super().__init__(
            text,
            language=None,  # set once the screen is up: parsing the whole body delays the first frame
            soft_wrap=True,
            tab_behavior="focus",
            read_only=read_only,
            show_line_numbers=False,
            id=id,
            compact=True,
            highlight_cursor_line=False,
        )
        self.highlighting = language is not None
        self.cursor_blink = False  # a blinking cursor sends bytes over SSH twice a second

    def on_mount(self) -> None:
        if self.highlighting:
            self.set_timer(0.05, self._highlight)

    def _highlight(self) -> None:
        self.language = "markdown"

    @staticmethod
    def available_languages_static() -> set[str]:
        from textual._tree_sitter import get_language

        return {"markdown"} if get_language("markdown") is not None else set()


class RawEditor(VisibleTextArea):
    """The whole text of a file whose front matter does not parse (no highlighting: it is broken)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+z", "undo", show=False)]

    def __init__(self, text: str, *, id: str | None = None, read_only: bool = False) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            read_only=read_only,
            show_line_numbers=True,
            id=id,
            compact=True,
        )
        self.cursor_blink = False
