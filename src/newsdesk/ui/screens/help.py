"""The ``?`` screen: every key binding."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from newsdesk.ui.keys import KEYS


def help_content() -> Content:
    parts: list[Content] = [Content.styled("newsdesk keys", "bold $accent"), Content("")]
    section = None
    width = max(len(k) for _, k, _ in KEYS)
    for where, keys, does in KEYS:
        if where != section:
            if section is not None:
                parts.append(Content(""))
            parts.append(Content.styled(where, "bold"))
            section = where
        parts.append(Content.assemble("  ", (keys.ljust(width), "bold $secondary"), "  ", does))
    parts += [Content(""), Content.styled("esc, q or ? closes this help", "dim")]
    return Content("\n").join(parts)


class HelpScreen(ModalScreen[None]):
    """A modal list of every binding."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll(1)", show=False),
        Binding("k,up", "scroll(-1)", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(help_content(), id="help-text")

    def action_scroll(self, delta: int) -> None:
        self.query_one("#help", VerticalScroll).scroll_relative(y=delta, animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
