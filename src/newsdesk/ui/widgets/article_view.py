"""The article pane and the wide sidebar, both drawn line by line (Textual's line API).

Showing an article swaps a list of pre-rendered `Strip`s and repaints the pane: no child widgets
change size, so there is no re-layout of the screen per article. The body (the costly part) is
rendered to lines in the worker thread that read the file (`render.markdown_lines`); header and
people are a few lines and are rendered here. On a change of width everything is rendered again.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from newsdesk.core.model.article import Article
from newsdesk.core.model.problems import Problem
from newsdesk.core.rules.roles import DEFAULT_ROLES, Roles
from newsdesk.core.rules.schema import Schema
from newsdesk.ui import render
from newsdesk.ui.messages import BackToList


def display_article(article: Article, schema: Schema | None) -> Article:
    """``article`` with the people it names by reference resolved to their profiles (a copy, for
    showing only: the article itself, which edits and verdicts use, keeps its slugs)."""
    if schema is None or not schema.references or not isinstance(article.metadata, dict):
        return article
    from newsdesk.core.rules.references import display_metadata

    metadata = display_metadata(article.metadata, schema)
    if metadata is None:
        return article
    shown = copy.copy(article)
    shown.metadata = metadata
    return shown


@dataclass(frozen=True)
class Shown:
    """The article on display and what was checked about it."""

    article: Article
    problems: list[Problem]
    rel: str

    @property
    def path(self) -> Path:
        return self.article.path


def _blank() -> Strip:
    return Strip([Segment("")], 0)


class Laid:
    """Lines laid out for one size of a view, ready to be put on screen."""

    __slots__ = ("key", "lines", "source", "width")

    def __init__(self, source: object, lines: list[Strip], width: int, key: tuple[object, ...]) -> None:
        self.source = source
        self.lines = lines
        self.width = width
        self.key = key


class LinesView(ScrollView):
    """A vertically scrolling list of pre-rendered lines.

    What is shown is a ``source`` (defined by the subclass) that `build` renders at a width. The
    view picks the width, with room for the scrollbar only when the lines overflow, and draws the
    visible lines. Laying out (`lay_out`) and putting on screen (`install`) are separate so that
    the costly part can be done ahead of time.
    """

    DEFAULT_CSS = """
    LinesView {
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    #: Whether the lines usually overflow the view (then the width with a scrollbar is tried first).
    EXPECT_OVERFLOW: ClassVar[bool] = True

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.source: object = None
        self.lines: list[Strip] = []
        self.lines_width = 0
        self._style_key: object = None
        self._styled: dict[int, Strip] = {}
        self._base = (Style(), Style())
        self._line_cache: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(2048)

    # -- sizes ------------------------------------------------------------------------------

    @property
    def full_width(self) -> int:
        """Width of the text without a scrollbar."""
        return self.content_region.width

    @property
    def scroll_width(self) -> int:
        """Width of the text with a vertical scrollbar."""
        return max(1, self.full_width - self.styles.scrollbar_size_vertical)

    def layout_key(self) -> tuple[object, ...]:
        """What the lines depend on besides the source."""
        return (self.full_width, self.content_region.height)

    def build(self, source: object, width: int) -> list[Strip]:
        raise NotImplementedError

    # -- laying out -------------------------------------------------------------------------

    def lay_out(self, source: object) -> Laid | None:
        """Render ``source`` to lines for the current size (None before the view has a size)."""
        full = self.full_width
        if full <= 0:
            return None
        height = self.content_region.height
        narrow = self.scroll_width
        key = self.layout_key()
        if not self.EXPECT_OVERFLOW or narrow == full:
            lines = self.build(source, full)
            if len(lines) <= height or narrow == full:
                return Laid(source, lines, full, key)
            return Laid(source, self.build(source, narrow), narrow, key)
        lines = self.build(source, narrow)
        if len(lines) <= height:
            wide = self.build(source, full)
            if len(wide) <= height:
                return Laid(source, wide, full, key)
        return Laid(source, lines, narrow, key)

    def install(self, laid: Laid | None, source: object = None) -> None:
        """Put laid-out lines on screen (laid out again if the size changed meanwhile)."""
        if laid is None or laid.key != self.layout_key():
            self.source = laid.source if laid is not None else source
            laid = self.lay_out(self.source)
            if laid is None:
                self.lines_width = 0
                return
        self.source = laid.source
        self.lines = laid.lines
        self.lines_width = laid.width
        self._style_key = None
        self._set_virtual_size(Size(laid.width, len(laid.lines)))
        self.refresh()

    def relayout(self) -> None:
        """Render the lines again for the current size and repaint."""
        self.install(None, self.source)

    def _set_virtual_size(self, size: Size) -> None:
        """Set the virtual size without a re-layout of the screen.

        Only the scrollbar depends on it; when the scrollbar comes or goes, that (a reactive with
        ``layout=True``) asks for the layout.
        """
        if size == self.virtual_size:
            return
        self.set_reactive(LinesView.virtual_size, size)
        if self.is_mounted and self.container_size:
            self._scroll_update(size)
        else:
            self.refresh(layout=True)

    def on_resize(self) -> None:
        self.relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_key = None
        self._line_cache.clear()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: object) -> None:
        self.forget()
        self.relayout()

    def forget(self) -> None:
        """Drop what was rendered for the old theme."""

    # -- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        # The rounded offset (`scroll_offset`), not int(scroll_y): Textual repaints a scrolling
        # view when the rounded offset changes, so an animated scroll that ends at 59 after
        # passing 58.6 was drawn from row 58 and never repainted (the last line out of view).
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if self._style_key != width:
            # The widget's style takes a walk up the DOM: look it up once, not per line.
            self._style_key = width
            self._styled = {}
            base = self.rich_style
            self._base = (base, Style(bgcolor=base.bgcolor))
        strip = self._styled.get(index)
        if strip is None:
            base, pad = self._base
            if 0 <= index < len(self.lines):
                strip = self.lines[index].apply_style(base).adjust_cell_length(width, pad)
            else:
                strip = Strip.blank(width, pad)
            if len(self._styled) > 512:
                self._styled.clear()
            self._styled[index] = strip
        return strip

    # -- helpers ----------------------------------------------------------------------------

    def content_strips(self, lines: list[render.Line] | None, width: int) -> list[Strip]:
        """``lines`` wrapped to ``width`` (resolving theme variables such as ``$error``).

        Each line's continuation lines start at its hanging indent (under the text, not under the
        bullet, label or line number); a line whose indent is None is cut to the width instead.
        Rendered a line at a time, with a cache: names, roles, headings and dates recur from one
        article to the next, and wrapping styled text is the costly part of showing an article.
        """
        if not lines:
            return []
        out: list[Strip] = []
        cache = self._line_cache
        for line, indent in lines:
            key = (line.plain, tuple(line.spans), width, indent)
            strips = cache.get(key)
            if strips is None:
                strips = self._wrap(line, width, indent)
                cache[key] = strips
            out += strips
        return out

    def _wrap(self, line: Content, width: int, indent: int | None) -> list[Strip]:
        if not line.plain:
            return [_blank()]
        style = self.visual_style
        if indent is None:
            return Visual.to_strips(self, line.truncate(width, ellipsis=True), width, None, style)[:1]
        if indent <= 0 or indent * 2 > width or line.cell_length <= width:
            return Visual.to_strips(self, line, width, None, style)
        head, rest = line[:indent], line[indent:]
        prefix = Visual.to_strips(self, head, indent, None, style)[0].adjust_cell_length(indent)
        pad = Strip.blank(indent)
        body = Visual.to_strips(self, rest, width - indent, None, style)
        return [Strip.join([prefix if n == 0 else pad, strip]) for n, strip in enumerate(body)]


class PeopleView(LinesView, can_focus=True):
    """The wide sidebar: attendees, speakers and problems.

    Focused, it has a cursor on the named people (``j``/``k``): ``w`` opens the People view at
    the person under it, ``enter`` the profile of a person named by slug (the screen's
    ``profile`` action)."""

    EXPECT_OVERFLOW = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"peopleview--cursor"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "person(1)", "Next person", show=False),
        Binding("k,up", "person(-1)", "Previous person", show=False),
        Binding("enter", "screen.profile", "Profile", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.source: list[render.Line] = []
        #: (line of ``source``, name) of each named person; the cursor is an index into it.
        self.names: list[tuple[int, str]] = []
        self.cursor = 0
        #: The first strip of each source line, as last built.
        self._starts: list[int] = []

    @property
    def in_view(self) -> bool:
        return self.display and (self.parent is None or self.parent.display)

    @property
    def current_person(self) -> str | None:
        """The name under the cursor (None without named people)."""
        if not self.names:
            return None
        return self.names[min(self.cursor, len(self.names) - 1)][1]

    def prepare(self, content: list[render.Line]) -> Laid | None:
        return self.lay_out(content) if self.in_view else None

    def put(
        self, content: list[render.Line], laid: Laid | None, names: list[tuple[int, str]] | None = None
    ) -> None:
        """Show ``content`` (laid out by `prepare`, or when the panel is next shown)."""
        self.names = names or []
        self.cursor = 0
        if self.in_view:
            self.install(laid, content)
            self.scroll_home(animate=False, immediate=True)
        else:
            self.source = content
            self.lines_width = 0  # laid out when shown

    def set_people(
        self,
        content: list[render.Line],
        names: list[tuple[int, str]] | None = None,
        *,
        keep_cursor: bool = False,
    ) -> None:
        cursor, offset = self.cursor, self.scroll_offset.y
        self.put(content, self.prepare(content), names)
        if keep_cursor:
            self.cursor = min(cursor, max(len(self.names) - 1, 0))
            self.scroll_to(y=offset, animate=False, immediate=True)

    def on_show(self) -> None:
        if not self.lines_width:
            self.relayout()

    def build(self, source: object, width: int) -> list[Strip]:
        assert isinstance(source, list)
        out: list[Strip] = []
        starts: list[int] = []
        for line in source:
            starts.append(len(out))
            out += self.content_strips([line], width)
        self._starts = starts
        return out

    def _cursor_strips(self) -> range:
        if not self.names or not self.has_focus or not self._starts:
            return range(0)
        line = self.names[min(self.cursor, len(self.names) - 1)][0]
        if line >= len(self._starts):
            return range(0)
        end = self._starts[line + 1] if line + 1 < len(self._starts) else len(self.lines)
        return range(self._starts[line], end)

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if self.scroll_offset.y + y in self._cursor_strips():
            cursor = self.get_component_rich_style("peopleview--cursor", partial=True)
            segments = [Segment(text, (style or Style()) + cursor, control) for text, style, control in strip]
            strip = Strip(segments, strip.cell_length)
        return strip

    def action_person(self, delta: int) -> None:
        if not self.names:
            self.scroll_relative(y=delta, animate=False)
            return
        self.cursor = max(0, min(self.cursor + delta, len(self.names) - 1))
        strips = self._cursor_strips()
        if strips:
            top, height = self.scroll_offset.y, self.scrollable_content_region.height
            if strips.start < top:
                self.scroll_to(y=strips.start, animate=False, immediate=True)
            elif strips.stop > top + height:
                self.scroll_to(y=strips.stop - height, animate=False, immediate=True)
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


@dataclass
class Page:
    """What the article pane shows: built from an article, rendered by `ArticleView.build`."""

    header: list[render.Line]
    #: The sidebars' content (attendees, speakers, links, other fields, problems).
    people: list[render.Line]
    #: (line of ``people``, name) of each named attendee and speaker: the sidebar's ``w`` targets.
    names: list[tuple[int, str]] = field(default_factory=list)
    #: Where the site keeps the people (to show them again: `ArticleView.refresh_people`).
    roles: Roles = DEFAULT_ROLES
    #: The narrow layout's one-line-per-list summary of ``people``.
    compact: list[render.Line] = field(default_factory=list)
    markdown: str = ""
    #: The body rendered at a width (rendered ahead of time in the worker, or here).
    bodies: dict[int, render.PreRendered] = field(default_factory=dict)
    raw: list[render.Line] | None = None
    shown: Shown | None = None
    #: The article as shown: its people given by reference resolved to their profiles
    #: (`display_article`); ``shown.article`` otherwise.
    display: Article | None = None


@dataclass
class Prepared:
    """An article laid out ahead of time for the pane and the sidebars (`ArticleView.prepare`)."""

    page: Page
    laid: Laid | None
    sidebars: list[tuple[PeopleView, Laid | None]]


class ArticleView(LinesView, can_focus=True):
    """Scrollable article pane: header, (narrow layout) people, then the body or the raw file."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("h,escape", "back", "Back to list", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: For an article: in how many other articles each person appears (set by the screen).
        self.people_counts: Callable[[Article], dict[str, int]] | None = None
        self.raw = False
        self.page = Page([(Content.styled("Loading…", "dim"), 0)], [])
        self.source = self.page

    @property
    def shown(self) -> Shown | None:
        return self.page.shown

    def forget(self) -> None:
        self.page.bodies = {}
        if self.page.raw is not None:
            self.page.raw = None
            self._start_raw()

    def _start_raw(self) -> None:
        """Highlight the raw file in a worker (it can be 200,000 characters)."""
        page = self.page
        if self.raw and page.raw is None and page.shown is not None:
            self._raw_worker(page, page.shown.article, self.app.current_theme.dark)

    @work(thread=True, exclusive=True, group="raw", description="raw view")
    def _raw_worker(self, page: Page, article: Article, dark: bool) -> None:
        lines = render.raw_source(article, dark)
        try:
            self.app.call_from_thread(self._raw_ready, page, lines)
        except RuntimeError:
            pass  # the app is gone

    def _raw_ready(self, page: Page, lines: list[render.Line]) -> None:
        if page is self.page and page.raw is None:
            page.raw = lines
            if self.raw and self.is_attached:
                self.relayout()

    def action_back(self) -> None:
        self.post_message(BackToList())

    def action_page(self, direction: int) -> None:
        if direction > 0:
            self.scroll_page_down(animate=False)
        else:
            self.scroll_page_up(animate=False)

    # Keys scroll without animation: an animated jump to the end sends a frame per step over
    # the link, and ``less``/``vim`` users expect the jump. (Textual's own actions animate.)

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)

    def action_page_down(self) -> None:
        self.action_page(1)

    def action_page_up(self) -> None:
        self.action_page(-1)

    # -- what is shown ----------------------------------------------------------------------

    @property
    def shows_people(self) -> bool:
        """Whether the people are in this pane (narrow layout, not raw): one line per list, or
        all of the sidebars' content after ``p`` (`shows_details`)."""
        return not self.raw and self.screen.has_class("-narrow")

    @property
    def shows_details(self) -> bool:
        """Whether the narrow layout shows the sidebars' content in full (``p``)."""
        return self.shows_people and self.screen.has_class("-details")

    def layout_key(self) -> tuple[object, ...]:
        return (*super().layout_key(), self.raw, self.shows_people, self.shows_details)

    @property
    def body_width(self) -> int:
        """The width to render a body at ahead of time (room for a scrollbar)."""
        return self.scroll_width

    def _body(self, page: Page, width: int) -> list[Strip]:
        if not page.markdown:
            return []
        lines = page.bodies.get(width)
        if lines is None:
            lines = render.markdown_lines(page.markdown, width, self.app.current_theme.dark)
            page.bodies = {width: lines}
        return [Strip(line) for line in lines.lines]

    def build(self, source: object, width: int) -> list[Strip]:
        assert isinstance(source, Page)
        if self.raw:
            if source.raw is None:
                return self.content_strips([(Content.styled("Reading the file…", "dim"), 0)], width)
            return self.content_strips(source.raw, width)
        lines = self.content_strips(source.header, width)
        if self.shows_people:
            # Narrow: the one-line summaries follow the header without a blank line (at 80x24
            # every row counts: the body starts on the first screen); all of it after a gap.
            if self.shows_details and source.people:
                lines.append(_blank())
                lines += self.content_strips(source.people, width)
            elif source.compact:
                lines += self.content_strips(source.compact, width)
        lines.append(_blank())
        lines += self._body(source, width)
        return lines

    # -- showing ----------------------------------------------------------------------------

    def _sidebars(self) -> list[PeopleView]:
        return list(self.screen.query(PeopleView))

    def clear(self, message: str) -> None:
        self.page = Page([(Content.styled(message, "dim"), 0)], [])
        for panel in self._sidebars():
            panel.set_people([], [])
        self.install(None, self.page)

    def prepare(
        self,
        article: Article,
        problems: list[Problem],
        rel: str,
        body: tuple[str, render.PreRendered] | None = None,
        raw: list[render.Line] | None = None,
        roles: Roles = DEFAULT_ROLES,
        schema: Schema | None = None,
    ) -> Prepared:
        """Lay ``article`` out for the pane and the sidebars, without touching the screen.

        ``body`` and ``raw`` are rendered ahead of time in a worker; without ``raw`` the raw
        view (when on) is highlighted in a worker once the article is put on screen. ``roles``:
        where the site keeps the title, date, byline, status and people; ``schema``: its
        references (people named by slug are shown by their profiles' names)."""
        names: list[tuple[int, str]] = []
        display = display_article(article, schema)
        page = Page(
            header=render.header(display, problems, rel, roles),
            people=render.details(display, problems, roles, self._counts(display), names),
            names=names,
            roles=roles,
            # People named by slug are shown with their organization here too.
            compact=render.compact(display, problems, roles, organizations=display is not article),
            shown=Shown(article, problems, rel),
            display=display,
        )
        if body is None:
            page.markdown = render.body_markdown(article, problems)
        else:
            page.markdown = body[0]
            page.bodies = {body[1].width: body[1]}
        page.raw = raw
        sidebars = [(panel, panel.prepare(page.people)) for panel in self._sidebars()]
        return Prepared(page, self.lay_out(page), sidebars)

    def _counts(self, article: Article) -> dict[str, int] | None:
        return self.people_counts(article) if self.people_counts is not None else None

    def refresh_people(self) -> None:
        """Show the people of the article on display again (their counts have changed)."""
        page, shown = self.page, self.page.shown
        if shown is None:
            return
        names: list[tuple[int, str]] = []
        display = page.display or shown.article
        page.people = render.details(display, shown.problems, page.roles, self._counts(display), names)
        page.names = names
        for panel in self._sidebars():
            panel.set_people(page.people, names, keep_cursor=True)
        if self.shows_details:
            self.relayout()

    def put(self, prepared: Prepared) -> None:
        """Put a prepared article on screen; when it is the one already shown, keep the scroll."""
        page = prepared.page
        same = (
            self.page.shown is not None and page.shown is not None and self.page.shown.path == page.shown.path
        )
        with self.app.batch_update():
            self.page = page
            for panel, laid in prepared.sidebars:
                panel.put(page.people, laid, page.names)
            self.install(prepared.laid, page)
            if not same:
                self.scroll_home(animate=False, immediate=True)
        self._start_raw()

    async def show(
        self,
        article: Article,
        problems: list[Problem],
        rel: str,
        body: tuple[str, render.PreRendered] | None = None,
        roles: Roles = DEFAULT_ROLES,
    ) -> None:
        """Display ``article``; when it is the one already shown (a refresh), keep the scroll."""
        self.put(self.prepare(article, problems, rel, body, roles=roles))

    def set_raw(self, raw: bool) -> None:
        self.raw = raw
        self.set_class(raw, "-raw")
        self._start_raw()
        self.relayout()
        self.scroll_home(animate=False)
