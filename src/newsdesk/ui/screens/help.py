"""The ``?`` screen: every key binding."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.strip import Strip

from newsdesk.ui.keys import KEYS
from newsdesk.ui.render import Line
from newsdesk.ui.widgets.article_view import LinesView


def help_lines() -> list[Line]:
    """The keys table; a description that wraps goes on under the description, not the keys."""
    lines: list[Line] = [(Content.styled("newsdesk keys", "bold $accent"), 0), (Content(""), 0)]
    section = None
    width = max(len(k) for _, k, _ in KEYS)
    for where, keys, does in KEYS:
        if where != section:
            if section is not None:
                lines.append((Content(""), 0))
            lines.append((Content.styled(where, "bold"), 0))
            section = where
        lines.append((Content.assemble("  ", (keys.ljust(width), "bold $secondary"), "  ", does), width + 4))
    lines += [
        (Content(""), 0),
        (Content.styled("j / k, space / b, g / G scroll; esc, q or ? closes this help", "dim"), 0),
    ]
    return lines


def help_content() -> Content:
    """The help as one `Content` (plain text, e.g. for a test or a pager)."""
    return Content("\n").join(line for line, _ in help_lines())


class HelpView(LinesView, can_focus=True):
    """The keys, drawn line by line with hanging indents; as tall as its lines (up to the CSS
    max-height, then it scrolls)."""

    EXPECT_OVERFLOW = False

    def __init__(self, *, id: str | None = None, section: str | None = None) -> None:
        super().__init__(id=id)
        self.source = help_lines()
        #: The section to open at (its heading on the top row), once the lines are laid out.
        self.start_at = section

    def build(self, source: object, width: int) -> list[Strip]:
        assert isinstance(source, list)
        return self.content_strips(source, width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.build(self.source, max(1, width)))

    def on_resize(self) -> None:
        super().on_resize()
        if self.start_at is not None and self.lines:
            self.call_after_refresh(self.scroll_to_section, self.start_at)
            self.start_at = None

    def section_row(self, section: str) -> int:
        """The row of ``section``'s heading as laid out now (0 when there is no such section)."""
        lines = help_lines()
        heading = next((i for i, (line, _) in enumerate(lines) if line.plain == section), 0)
        return len(self.content_strips(lines[:heading], max(1, self.lines_width)))

    def scroll_to_section(self, section: str) -> None:
        self.scroll_to(y=self.section_row(section), animate=False, immediate=True)


class HelpScreen(ModalScreen[None]):
    """A modal list of every binding."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "dismiss", "Close"),
        # q quits here too, as everywhere (the footer beneath says so; the App asks first when
        # edits are unsaved): the help is not a pager whose q closes it.
        Binding("q", "app.quit", "Quit"),
        Binding("j,down", "scroll(1)", show=False),
        Binding("k,up", "scroll(-1)", show=False),
        Binding("space,pagedown,ctrl+d", "page(1)", show=False),
        Binding("b,pageup,ctrl+u", "page(-1)", show=False),
        Binding("g,home", "top", show=False),
        Binding("G,end", "bottom", show=False),
    ]

    def __init__(self, section: str | None = None) -> None:
        """``section``: open at that section of the keys (e.g. "Edit mode" from edit mode)."""
        super().__init__()
        self.section = section

    def compose(self) -> ComposeResult:
        yield HelpView(id="help", section=self.section)

    def on_mount(self) -> None:
        self.query_one(HelpView).focus()

    def action_scroll(self, delta: int) -> None:
        self.query_one(HelpView).scroll_relative(y=delta, animate=False)

    def action_page(self, direction: int) -> None:
        view = self.query_one(HelpView)
        view.scroll_relative(y=direction * max(1, view.scrollable_content_region.height - 1), animate=False)

    def action_top(self) -> None:
        self.query_one(HelpView).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one(HelpView).scroll_end(animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
