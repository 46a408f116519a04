"""The review queue (``R``): the articles in review, the oldest request first, with how long each
has waited and who asked. ``enter`` reads one; ``]`` / ``[`` go through them from anywhere."""

from __future__ import annotations

from typing import ClassVar, cast

from rich.cells import cell_len, set_cell_size
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.style import Style as VisualStyle
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from newsdesk.core.folder.index import Entry
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.rules.workflow import waited
from newsdesk.ui import review_render
from newsdesk.ui.host import NewsdeskHost, Reader
from newsdesk.ui.review_queue import asked_at


def _fit(text: str, width: int) -> str:
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class QueueList(OptionList):
    """The queue's rows; j / k move the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
        Binding("g", "first", show=False),
        Binding("G", "last", show=False),
        Binding("l", "select", show=False),
    ]

    def get_visual_style(self, *component_classes: str, partial: bool = False) -> VisualStyle:
        # Textual draws a reversed option by swapping its colours; without colours (NO_COLOR) the
        # swap is lost and the cursor row showed bold only. Keep the reverse as an attribute.
        style = super().get_visual_style(*component_classes, partial=partial)
        if self.app.no_color and "option-list--option-highlighted" in component_classes:
            style = style + VisualStyle(reverse=True)
        return style


class QueueScreen(Screen[None]):
    """Articles waiting for review."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "read", "Read", key_display="enter", show=False),
        Binding("escape,h,R", "close", "Back", key_display="esc"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Entry] = []
        self._width = 0

    @property
    def nd_app(self) -> NewsdeskHost:
        return cast(NewsdeskHost, self.app)

    @property
    def main(self) -> Reader | None:
        return self.nd_app.main_screen

    def compose(self) -> ComposeResult:
        yield Static(id="queue-header")
        yield Static(id="queue-columns")
        yield QueueList(id="queue", markup=False)
        yield Static(
            Content.styled(
                "enter read · ] / [ next / previous in review · a x in the article · esc back", "dim"
            ),
            id="queue-keys",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_rows()
        self.query_one(QueueList).focus()
        main = self.main
        if main is not None and main.scanning:
            self.set_interval(0.3, self._while_loading)

    def _while_loading(self) -> None:
        main = self.main
        self.refresh_rows()
        if main is None or not main.scanning:
            for timer in list(self._timers):
                timer.stop()

    def on_resize(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        """Show the main screen's queue (the cursor stays on its article)."""
        if not self.is_mounted:
            return
        main = self.main
        rows = list(main.review_queue) if main is not None else []
        loading = main is not None and main.scanning
        lst = self.query_one(QueueList)
        width = max(20, lst.scrollable_content_region.width or self.size.width - 2)
        # The highlight stays on its article as the queue changes; it starts on the oldest request.
        keep = self.rows[lst.highlighted].path if lst.highlighted is not None and self.rows else None
        self.rows = rows
        self._width = width
        lst.clear_options()
        lst.add_options([Option(self._row(e, width), id=str(i)) for i, e in enumerate(rows)])
        if rows:
            index = next((i for i, e in enumerate(rows) if e.path == keep), 0)
            lst.highlighted = index
        n = len(rows)
        title = f"Review queue: {n} article{'s' if n != 1 else ''} in review, the oldest request first"
        if loading:
            title += " (loading…)"
        elif not n:
            title = "Review queue: nothing is waiting for review"
        self.query_one("#queue-header", Static).update(Content.styled(title, "bold"))
        self.query_one("#queue-columns", Static).update(
            Content.styled(_fit("waited", 7) + _fit("asked by", self._who_width(width) + 1) + "title", "dim")
        )

    @staticmethod
    def _who_width(width: int) -> int:
        return max(8, min(20, width // 4))

    def _row(self, entry: Entry, width: int) -> Content:
        when = asked_at(entry)
        ago = waited(when, review_render.clock())
        if not entry.asked_at:
            ago = "~" + ago  # no request on record: since the file last changed
        who_w = self._who_width(width)
        who = clean_line(entry.asked_by or "?", 60)
        title = clean_line(entry.title, 300) or f"({clean_line(entry.rel)})"
        marker = ""
        if entry.errors:
            marker = f"✗{min(entry.errors, 99)} "
        rest = width - 7 - who_w - 1
        return Content.assemble(
            (_fit(ago, 6) + " ", "bold"),
            (_fit(who, who_w) + " ", "$text-muted"),
            (marker, "bold $error"),
            _fit(title, max(1, rest - len(marker))),
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_read()

    def action_read(self) -> None:
        lst = self.query_one(QueueList)
        if lst.highlighted is None or not self.rows:
            return
        entry = self.rows[lst.highlighted]
        app = self.nd_app
        self.dismiss()
        main = app.main_screen
        if main is not None:
            main.jump_to(entry.path)
            main.set_focus(main.article_view)

    def action_close(self) -> None:
        self.dismiss()
