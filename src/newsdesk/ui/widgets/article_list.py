"""The list pane: one row per article, rendered line by line (only visible rows are drawn).

A `ScrollView` with ``render_line`` over a plain list of `Entry`: 10,000 rows cost nothing until
they scroll into view, and a cursor move repaints just the two rows that changed, which keeps the
bytes written to a slow terminal small.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsdesk.core.folder.index import Entry
from newsdesk.core.model.textsafe import clean_line, shown_line
from newsdesk.ui.messages import CursorMoved, OpenArticle

#: status -> (badge, component class)
BADGES: dict[str, tuple[str, str]] = {
    "draft": ("DFT", "articlelist--draft"),
    "review": ("REV", "articlelist--review"),
    "approved": ("APP", "articlelist--approved"),
    "published": ("PUB", "articlelist--published"),
}


def problem_mark(errors: int, warnings: int) -> str:
    """One cell: ``✗`` an article with errors, ``!`` one with warnings only, a space otherwise.

    A fixed column, so that no row moves when an article gains or loses a problem; the counts are
    in the article pane."""
    return "✗" if errors else "!" if warnings else " "


#: Before the title of an article whose unsaved edits were kept (a crash, a dropped link).
KEPT_MARK = "✎ "


def row_title(entry: Entry) -> str:
    """The title a row shows: the article's, or its file name in parentheses."""
    return shown_line(entry.title) or f"({clean_line(entry.rel)})"


def _fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` cells (ellipsis when cut) and pad it."""
    from rich.cells import cell_len, set_cell_size

    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class ArticleList(ScrollView, can_focus=True):
    """Rows of articles with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor(1)", "Down", show=False),
        Binding("k,up", "cursor(-1)", "Up", show=False),
        Binding("g,home", "first", "First", show=False),
        Binding("G,end", "last", "Last", show=False),
        Binding("pagedown,ctrl+d", "page(1)", "Page down", show=False),
        Binding("pageup,ctrl+u", "page(-1)", "Page up", show=False),
        Binding("enter,l", "open", "Read", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "articlelist--cursor",
        "articlelist--cursor-blurred",
        "articlelist--date",
        "articlelist--byline",
        "articlelist--error",
        "articlelist--warning",
        "articlelist--draft",
        "articlelist--review",
        "articlelist--approved",
        "articlelist--published",
        "articlelist--other",
        "articlelist--git",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Entry] = []
        self.cursor = 0
        #: Articles (absolute paths) with unsaved edits kept in the recovery journal (`set_kept`).
        self.kept: frozenset[Path] = frozenset()
        #: Whether the status column is shown: not for a site whose articles have no status.
        self.show_status = True
        #: git's marks (`newsdesk.core.review.git.status`): M changed, ? untracked; none: no column.
        self.git_marks: dict[Path, str] = {}
        self._cache: LRUCache[tuple[int, Entry, int, bool, bool], Strip] = LRUCache(512)

    # -- data -------------------------------------------------------------------------------

    @property
    def current(self) -> Entry | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def set_rows(
        self,
        rows: list[Entry],
        *,
        keep: Entry | None = None,
        to_top: bool = False,
        show_status: bool | None = None,
    ) -> None:
        """Show ``rows``; the cursor stays on ``keep`` (by path) when it is still listed.
        ``show_status``: show the status column (None: as before)."""
        if show_status is not None:
            self.show_status = show_status
        before = self.current
        self.rows = rows
        self._cache.clear()
        index = 0
        if not to_top and keep is not None:
            index = next((i for i, e in enumerate(rows) if e.path == keep.path), -1)
            if index < 0:
                index = min(self.cursor, len(rows) - 1)
        self.cursor = max(0, index)
        self.virtual_size = Size(self.size.width, len(rows))
        self.refresh()
        self._scroll_cursor_visible(center=True)
        after = self.current
        if after != before:
            self.post_message(CursorMoved(after, by_user=False))

    def set_kept(self, paths: frozenset[Path]) -> None:
        """Mark the articles at ``paths`` (absolute) as having unsaved edits kept."""
        if paths != self.kept:
            self.kept = paths
            self._cache.clear()
            self.refresh()

    def is_kept(self, entry: Entry) -> bool:
        return bool(self.kept) and Path(os.path.abspath(entry.path)) in self.kept

    def set_git_marks(self, marks: dict[Path, str]) -> None:
        """Mark the rows git sees modified or untracked (one cell, only while some are)."""
        if marks != self.git_marks:
            self.git_marks = marks
            self._cache.clear()
            self.refresh()

    # -- cursor -----------------------------------------------------------------------------

    def move_to(self, index: int) -> None:
        if not self.rows:
            return
        index = max(0, min(index, len(self.rows) - 1))
        if index == self.cursor:
            return
        old = self.cursor
        self.cursor = index
        self.refresh_line(old)
        self.refresh_line(index)
        self._scroll_cursor_visible()
        self.post_message(CursorMoved(self.current, by_user=True))

    def _scroll_cursor_visible(self, center: bool = False) -> None:
        height = self.scrollable_content_region.height or self.size.height
        if height <= 0:
            return
        top = self.scroll_offset.y
        if top <= self.cursor < top + height:
            return
        if center:
            target = self.cursor - height // 2
        elif self.cursor < top:
            target = self.cursor
        else:
            target = self.cursor - height + 1
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.rows) - 1)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(1, self.size.height - 1))

    def action_open(self) -> None:
        entry = self.current
        if entry is not None:
            self.post_message(OpenArticle(entry))

    def on_focus(self) -> None:
        self.refresh_line(self.cursor)

    def on_blur(self) -> None:
        self.refresh_line(self.cursor)

    def on_resize(self) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self.rows))
        # Shorter (the title above the list took a line more): the cursor stays in view.
        self.call_after_refresh(self._scroll_cursor_visible)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    async def _on_click(self, event: object) -> None:
        # Mouse is optional; a click selects the row under the pointer.
        y = getattr(event, "y", None)
        if isinstance(y, int):
            self.move_to(self.scroll_offset.y + y)

    # -- rendering --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y  # rounded, as Textual repaints (see LinesView.render_line)
        width = self.scrollable_content_region.width
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        entry = self.rows[index]
        is_cursor = index == self.cursor
        key = (index, entry, width, is_cursor, self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(entry, width, is_cursor)
            self._cache[key] = strip
        return strip

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _render_row(self, entry: Entry, width: int, is_cursor: bool) -> Strip:
        base = self.rich_style
        problem = problem_mark(entry.errors, entry.warnings)
        style = "articlelist--error" if entry.errors else "articlelist--warning"
        segments: list[Segment] = []
        used = 0
        if self.git_marks:  # one cell of its own: M modified, ? untracked (git)
            segments.append(Segment(self.git_marks.get(entry.path, " "), self._style("articlelist--git")))
            used = 1
        segments.append(Segment(problem, self._style(style)))
        used += 1
        if not self.show_status:
            segments.append(Segment(" "))
            used += 1
        else:
            badge, bclass = BADGES.get(entry.status.casefold(), ("", "articlelist--other"))
            if not badge:
                # A site's own status by its first letters; a missing one is marked only where
                # the article's site has a status at all.
                badge = clean_line(entry.status)[:3].upper() or ("---" if entry.has_status else "")
            # ↩ right after the badge: sent back with changes requested (the last verdict).
            sent_back = entry.last_verdict == "changes-requested"
            segments += [
                Segment(_fit(badge, 3), self._style(bclass)),
                Segment("↩", self._style("articlelist--warning")) if sent_back else Segment(" "),
            ]
            used += 4
        if width - used - 11 >= 30:  # the date only when the title keeps 30 columns
            segments.append(Segment(_fit(entry.date or "", 10) + " ", self._style("articlelist--date")))
            used += 11
        rest = width - used
        byline_w = min(22, rest // 3) if rest >= 40 else 0
        title = row_title(entry)
        title_w = rest - (byline_w + 1 if byline_w else 0)
        if self.is_kept(entry) and title_w > 8:
            segments.append(Segment(KEPT_MARK, self._style("articlelist--warning")))
            title_w -= len(KEPT_MARK)
        segments.append(Segment(_fit(title, title_w)))
        if byline_w:
            # Who gave the last review verdict, with its mark (✓ approved, ↩ changes requested,
            # → submitted, ↑ published); the byline when there is no review history.
            who = shown_line(entry.byline)
            if entry.last_by:
                from newsdesk.ui.review_render import mark

                who = f"{mark(entry.last_verdict)[0]} {clean_line(entry.last_by)}"
            segments.append(Segment(" " + _fit(who, byline_w), self._style("articlelist--byline")))
        if is_cursor:
            cursor = self._style("articlelist--cursor" if self.has_focus else "articlelist--cursor-blurred")
            segments = [Segment(s.text, (s.style or Style()) + cursor) for s in segments]
        strip = Strip(segments).apply_style(base).adjust_cell_length(width, base)
        return strip.simplify()
