"""One-line inputs of the edit form: Textual's Input plus undo / redo (ctrl+z / ctrl+y).

Textual's Input has no undo; an editor expects ctrl+z to bring back what ctrl+u or a slip took.
Each change is remembered (typing runs of one word are kept as one step), up to `MAX_UNDO` steps.
"""

from __future__ import annotations

import time
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.widgets import Input

from newsdesk.ui.widgets.visible import VisibleInput

#: Steps remembered per input.
MAX_UNDO = 100
#: Single-character edits closer together than this (seconds) are undone together.
_GROUP = 1.0


class FieldInput(VisibleInput):
    """A compact Input with undo/redo; value text is data (never markup), control characters are
    drawn as visible symbols (`VisibleInput`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("ctrl+y", "redo", "Redo", show=False),
    ]

    def __init__(self, value: str = "", *, placeholder: str = "", id: str | None = None) -> None:
        self._undo: list[tuple[str, int]] = []
        self._redo: list[tuple[str, int]] = []
        self._restoring = True  # the initial value is not an edit
        # Compact by the stylesheet (FieldInput in newsdesk.tcss), not compact=True: the reactive
        # adds its class after construction, one restyle per input (dozens in a long form).
        super().__init__(value, placeholder=placeholder, id=id, select_on_focus=False)
        # A blinking cursor repaints twice a second: bytes over SSH for nothing.
        self.cursor_blink = False
        self._restoring = False
        self._last_edit = 0.0
        self._last_len = len(value)

    def _watch_value(self, value: str) -> None:
        # Input grows its virtual size with every character, and a virtual size change is a
        # layout pass: the whole screen is redrawn and sent again (kilobytes over SSH per key).
        # The box itself never changes size, so only the new width is recorded and the input
        # repainted.
        # (Otherwise as Input._watch_value in Textual 8.2: no suggester, no validators here.)
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        self._suggestion = ""
        self.refresh()
        self.post_message(self.Changed(self, value, None))
        if self._initial_value:
            self.cursor_position = len(self.value)
            self._initial_value = False

    def watch_value(self, old: str, new: str) -> None:
        if self._restoring or old == new:
            return
        now = time.monotonic()
        grouped = (
            self._undo
            and now - self._last_edit < _GROUP
            and abs(len(new) - len(old)) == 1
            and abs(len(old) - self._last_len) == 1
            and not new[-1:].isspace()
        )
        if not grouped:
            self._undo.append((old, min(self.cursor_position, len(old))))
            del self._undo[:-MAX_UNDO]
        self._redo.clear()
        self._last_edit = now
        self._last_len = len(new)

    def _restore(self, state: tuple[str, int]) -> None:
        self._restoring = True
        try:
            self.value = state[0]
            self.cursor_position = min(state[1], len(state[0]))
        finally:
            self._restoring = False
        self._last_edit = 0.0

    def action_undo(self) -> None:
        if self._undo:
            self._redo.append((self.value, self.cursor_position))
            self._restore(self._undo.pop())

    def action_redo(self) -> None:
        if self._redo:
            self._undo.append((self.value, self.cursor_position))
            self._restore(self._redo.pop())

    def reset_history(self) -> None:
        self._undo.clear()
        self._redo.clear()
