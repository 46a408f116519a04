"""The article pane: header, (narrow layout) sidebars, and the body as Markdown or raw source."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from newsdesk.core.article import Article
from newsdesk.core.problems import Problem
from newsdesk.ui import render
from newsdesk.ui.messages import BackToList


@dataclass(frozen=True)
class Shown:
    """The article on display and what was checked about it."""

    article: Article
    problems: list[Problem]
    rel: str

    @property
    def path(self) -> Path:
        return self.article.path


class PeoplePanel(Static):
    """Attendees, speakers and problems of the article (one per layout; CSS shows one).

    A hidden panel keeps its content pending until it is shown, so a new article costs one
    layout less.
    """

    _pending: Content | None = None

    def set_people(self, content: Content) -> None:
        if self.display and (self.parent is None or self.parent.display):
            self._pending = None
            self.update(content)
        else:
            self._pending = content

    def on_show(self) -> None:
        if self._pending is not None:
            self.update(self._pending)
            self._pending = None


class BodyMarkdown(Static):
    """The body rendered as Markdown, in one widget (no child widgets to mount per article).

    The Markdown is rendered to lines in the worker thread that read the file
    (`render.markdown_lines`); on a change of width it is rendered again here.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.markdown = ""
        self.rendered_width = 0

    def show_lines(self, markdown: str, lines: render.PreRendered | None) -> None:
        self.markdown = markdown
        if lines is None or lines.width != self.size.width:
            lines = render.markdown_lines(markdown, self.size.width or 60, self.app.current_theme.dark)
        self.rendered_width = lines.width
        self.update(lines if markdown else "")

    def on_resize(self) -> None:
        if self.markdown and self.size.width and self.size.width != self.rendered_width:
            self.show_lines(self.markdown, None)


class ArticleView(VerticalScroll, can_focus=True):
    """Scrollable article pane."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("h,escape", "back", "Back to list", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: Shown | None = None
        self.raw = False
        self._raw_for: Path | None = None

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Content.styled("Loading…", "dim"), id="article-header")
        yield PeoplePanel(id="side-narrow", classes="people")
        yield BodyMarkdown(id="body")
        yield Static(id="raw")

    def action_back(self) -> None:
        self.post_message(BackToList())

    def action_page(self, direction: int) -> None:
        if direction > 0:
            self.scroll_page_down(animate=False)
        else:
            self.scroll_page_up(animate=False)

    # -- showing ----------------------------------------------------------------------------

    def clear(self, message: str) -> None:
        self.shown = None
        self.query_one("#article-header", Static).update(Content.styled(message, "dim"))
        self.query_one("#body", BodyMarkdown).show_lines("", None)
        self.query_one("#raw", Static).update("")
        for panel in self.app.query(PeoplePanel):
            panel.set_people(Content(""))

    @property
    def body_width(self) -> int:
        return self.query_one("#body", BodyMarkdown).size.width

    async def show(
        self,
        article: Article,
        problems: list[Problem],
        rel: str,
        body: tuple[str, render.PreRendered] | None = None,
    ) -> None:
        """Display ``article``; when it is the one already shown (a refresh), keep the scroll."""
        same = self.shown is not None and self.shown.path == article.path
        self.shown = Shown(article, problems, rel)
        self._raw_for = None
        header = render.header(article, problems, rel)
        side = render.people(article, problems)
        if body is None:
            text = render.body_markdown(article, problems)
            body = (text, render.markdown_lines(text, self.body_width, self.app.current_theme.dark))
        with self.app.batch_update():
            self.query_one("#article-header", Static).update(header)
            for panel in self.app.query(PeoplePanel):
                panel.set_people(side)
            if self.raw:
                self._update_raw()
            else:
                self.query_one("#body", BodyMarkdown).show_lines(*body)
            if not same:
                self.scroll_home(animate=False, immediate=True)

    def set_raw(self, raw: bool) -> None:
        self.raw = raw
        self.set_class(raw, "-raw")
        if raw:
            self._update_raw()
        elif self.shown is not None:
            self.query_one("#body", BodyMarkdown).show_lines(
                render.body_markdown(self.shown.article, self.shown.problems), None
            )
        self.scroll_home(animate=False)

    def _update_raw(self) -> None:
        if self.shown is None or self._raw_for == self.shown.path:
            return
        self._raw_for = self.shown.path
        dark = self.app.current_theme.dark
        self.query_one("#raw", Static).update(render.raw_source(self.shown.article, dark))
