"""The commit prompt (``C``): one line, the commit message, prefilled.

``enter`` commits (an empty message is refused), ``esc`` cancels (nothing is run). Dismissed
with the message, or None.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from newsdesk.core.model.textsafe import clean_line
from newsdesk.ui.screens.dialogs import key_hints


class CommitPrompt(ModalScreen[str | None]):
    """Ask for a commit message."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, title: str, message: str) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.prefill = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Content.styled(clean_line(self.title_text), "bold"), classes="dialog-title")
            yield Input(clean_line(self.prefill), id="commit-message", select_on_focus=False)
            yield Static(id="commit-note")
            yield Static(key_hints([("enter", "commit (hooks run; nothing is pushed)"), ("esc", "cancel")]))

    def on_mount(self) -> None:
        self.query_one("#commit-message", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        message = event.value.strip()
        if not message:
            self.query_one("#commit-note", Static).update(
                Content.styled("a commit needs a message", "$error")
            )
            return
        self.dismiss(message)

    def action_cancel(self) -> None:
        self.dismiss(None)
