"""The ``/`` filter line of the reader's list and of the People view."""

from __future__ import annotations

from typing import ClassVar, Protocol, cast

from textual.binding import Binding, BindingType

from newsdesk.ui.widgets.visible import VisibleInput


class FilterScreen(Protocol):
    def close_filter(self, keep: bool = False) -> None: ...


class FilterLine(VisibleInput):
    """Typing filters at once; enter (or ↓) keeps the filter, esc clears it. The screen it is on
    closes it (``close_filter``)."""

    # The footer says what enter and esc do while typing (the screen's own keys are hidden
    # meanwhile: letters go into the filter).
    BINDINGS: ClassVar[list[BindingType]] = [
        # One footer entry reads "enter keep · esc clear" (the footer's own spacing has no dot).
        Binding("enter", "done", "keep · esc clear", key_display="enter"),
        Binding("escape", "clear_filter", "clear", key_display="esc", show=False),
        Binding("down", "done", "To the list", show=False),
    ]

    def action_clear_filter(self) -> None:
        self.value = ""
        cast(FilterScreen, self.screen).close_filter()

    def action_done(self) -> None:
        cast(FilterScreen, self.screen).close_filter(keep=True)
