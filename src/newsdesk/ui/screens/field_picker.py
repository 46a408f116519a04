"""Jump to a field of the edit form (``ctrl+g``): type a few letters of its name, ``enter`` goes
there, ``esc`` stays. Keyboard only; fits 80x24. Dismissed with the field's name, or None."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from newsdesk.core.model.textsafe import clean_line


class FieldPicker(ModalScreen[str | None]):
    """A filter line over the form's fields."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel", show=False),
        Binding("down", "move(1)", show=False, priority=True),
        Binding("up", "move(-1)", show=False, priority=True),
        Binding("enter", "pick", show=False, priority=True),
    ]

    DEFAULT_CSS = """
    FieldPicker { align: center top; }
    #picker { width: 60; max-width: 100%; height: auto; max-height: 18; border: round $accent;
              background: $surface; padding: 0 1; margin-top: 2; }
    #picker-query { border: none; height: 1; padding: 0; }
    #picker-list { height: auto; max-height: 12; border: none; padding: 0; }
    """

    def __init__(self, fields: list[str]) -> None:
        super().__init__()
        self.fields = fields
        self.shown: list[str] = list(fields)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static("Go to field (type to filter, enter goes, esc stays)", markup=False)
            yield Input(placeholder="field name", id="picker-query")
            yield OptionList(*[Option(clean_line(f)) for f in self.fields], id="picker-list", markup=False)

    def on_mount(self) -> None:
        self.query_one("#picker-list", OptionList).highlighted = 0 if self.fields else None
        self.query_one("#picker-query", Input).focus()

    def matching(self, query: str) -> list[str]:
        """The fields matching ``query`` (fuzzy, best first; all of them for an empty query)."""
        query = query.strip()
        if not query:
            return list(self.fields)
        matcher = Matcher(query)
        scored = [(matcher.match(f), i, f) for i, f in enumerate(self.fields)]
        return [f for score, _, f in sorted(scored, key=lambda t: (-t[0], t[1])) if score > 0]

    def on_input_changed(self, event: Input.Changed) -> None:
        self.shown = self.matching(event.value)
        box = self.query_one("#picker-list", OptionList)
        box.clear_options()
        box.add_options([Option(clean_line(f)) for f in self.shown])
        box.highlighted = 0 if self.shown else None

    def action_move(self, delta: int) -> None:
        box = self.query_one("#picker-list", OptionList)
        if self.shown:
            now = box.highlighted or 0
            box.highlighted = max(0, min(len(self.shown) - 1, now + delta))

    def action_pick(self) -> None:
        box = self.query_one("#picker-list", OptionList)
        query = self.query_one("#picker-query", Input).value
        shown = self.matching(query)
        if shown != self.shown:  # enter came before the list caught up with the typing
            self.dismiss(shown[0] if shown else None)
            return
        index = box.highlighted
        self.dismiss(self.shown[index] if index is not None and self.shown else None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.shown[event.option_index] if self.shown else None)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
