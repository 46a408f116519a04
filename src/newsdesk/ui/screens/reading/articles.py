"""The article pane's loading: the article under the list's cursor read, checked and laid out in
a thread, and put on screen by the loop.

Debounced: a move after the cursor has rested reads and lays out the article at once and puts it
on screen after ``settle`` seconds (a key that follows sooner cancels it), but while keys repeat
the article waits until the cursor rests for ``debounce`` seconds, so quick moves repaint only the
two list rows they touch. Once an article is shown, the ones above and below it are read ahead, so
the next move needs neither the disk nor the Markdown renderer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

from textual.cache import LRUCache
from textual.timer import Timer
from textual.worker import get_current_worker

from newsdesk.core.folder.index import Entry
from newsdesk.core.model.article import Article
from newsdesk.core.model.problems import Problem
from newsdesk.core.read.reader import load_article
from newsdesk.ui import render
from newsdesk.ui.messages import ArticleShown
from newsdesk.ui.screens.reading.context import MainContext
from newsdesk.ui.widgets.article_view import Prepared

#: An article read and checked, with its body rendered, and its raw view when that is on:
#: (article, problems, (markdown, lines), raw lines or None).
Loaded = tuple[Article, list[Problem], tuple[str, render.PreRendered], list[render.Line] | None]

#: Moves closer together than this count as a key repeat.
REPEAT_WINDOW = 0.1
#: Delay after an article is shown before its neighbours are read ahead.
PREFETCH_DELAY = 0.08


def _stale(article: Article, entry: Entry) -> bool:
    fp = article.fingerprint
    return fp is None or fp.mtime_ns != entry.mtime_ns or fp.size != entry.size


def _prefetch_key(entry: Entry, width: int, dark: bool, raw: bool) -> tuple[object, ...]:
    return (entry.path, entry.mtime_ns, entry.size, width, dark, raw)


def _read(
    entry: Entry, width: int, dark: bool, raw: bool, check: Callable[[Article], list[Problem]]
) -> Loaded:
    """Read, check and render an article (in a worker thread: nothing here runs on the loop)."""
    article = load_article(entry.path)
    problems = check(article)
    text = render.body_markdown(article, problems)
    raw_lines = render.raw_source(article, dark) if raw else None
    return article, problems, (text, render.markdown_lines(text, width, dark)), raw_lines


class ArticleLoading:
    """What the article pane shows follows the list's cursor (`follow`), read ahead around it."""

    def __init__(self, screen: MainContext) -> None:
        self.screen = screen
        self._last_move = 0.0
        self._show_at = 0.0
        #: Articles read ahead (`prefetch`, `_prefetch_neighbours`), by `_prefetch_key`.
        self.prefetched: LRUCache[tuple[object, ...], Loaded] = LRUCache(8)
        #: The article waiting to be loaded (keys repeat) or put on screen (``settle``).
        self.load_timer: Timer | None = None

    def stop_timer(self) -> None:
        if self.load_timer is not None:
            self.load_timer.stop()
            self.load_timer = None

    def follow(self, entry: Entry | None) -> None:
        """The cursor moved to ``entry`` (None: no row): load it, at once or once keys stop."""
        screen = self.screen
        now = time.monotonic()
        resting = now - self._last_move > REPEAT_WINDOW
        self._last_move = now
        self.stop_timer()
        if entry is None:
            if not screen.scanning:
                screen.article_view.clear("No article matches.")
            return
        shown = screen.article_view.shown
        if shown is not None and shown.path == entry.path and not _stale(shown.article, entry):
            return  # already on display (e.g. the cursor came back)
        app = screen.nd_app
        if resting:
            # Read and lay out the article at once, but put it on screen only once the cursor has
            # stayed ``settle`` seconds: a key that follows quickly (a repeat) cancels it.
            self.load(entry, show_at=now + app.settle)
        elif app.debounce <= 0:
            self.load(entry)
        else:
            self.load_timer = screen.set_timer(app.debounce, lambda: self.load(entry))

    def open(self, entry: Entry) -> None:
        """``enter`` on ``entry``: shown now, unless it is already."""
        shown = self.screen.article_view.shown
        if shown is None or shown.path != entry.path:
            self.stop_timer()
            self.load(entry)

    def load(self, entry: Entry, show_at: float = 0.0) -> None:
        """Read ``entry`` in a worker and show it (not before ``show_at``, a `time.monotonic`)."""
        screen = self.screen
        view = screen.article_view
        self._show_at = show_at
        width, dark = view.body_width, screen.app.current_theme.dark
        loaded = self.prefetched.get(_prefetch_key(entry, width, dark, view.raw))
        if loaded is not None:
            screen.workers.cancel_group(screen, "article")
            self._show_article(entry, *loaded)
            return
        screen.run_worker(
            partial(self._load, entry, width, dark, view.raw),
            name="_load_worker",
            group="article",
            description="article",
            exclusive=True,
            thread=True,
        )

    def _load(self, entry: Entry, width: int, dark: bool, raw: bool = False) -> None:
        worker = get_current_worker()
        loaded = _read(entry, width, dark, raw, self.screen.nd_app.check)
        if not worker.is_cancelled:
            self.screen.from_worker(self._show_article, entry, *loaded)

    def prefetch(self, entry: Entry, width: int, dark: bool, raw: bool) -> None:
        """Read and lay out ``entry`` in a worker unless it is already read ahead (the review flow
        does this for the next article in the queue while a note is typed)."""
        if _prefetch_key(entry, width, dark, raw) not in self.prefetched:
            self._prefetch_worker([entry], width, dark, raw)

    def _prefetch_neighbours(self) -> None:
        """Read the articles above and below the cursor while it rests: the next move shows
        one of them without waiting for the disk and the Markdown renderer."""
        screen = self.screen
        rows, cursor = screen.article_list.rows, screen.article_list.cursor
        width, dark = screen.article_view.body_width, screen.app.current_theme.dark
        raw = screen.article_view.raw
        wanted = [
            rows[i]
            for i in (cursor + 1, cursor - 1)
            if 0 <= i < len(rows) and _prefetch_key(rows[i], width, dark, raw) not in self.prefetched
        ]
        if wanted and width > 0:
            self._prefetch_worker(wanted, width, dark, raw)

    def _prefetch_worker(self, entries: list[Entry], width: int, dark: bool, raw: bool = False) -> None:
        self.screen.run_worker(
            partial(self._prefetch, entries, width, dark, raw),
            name="_prefetch_worker",
            group="prefetch",
            description="prefetch",
            exclusive=True,
            thread=True,
        )

    def _prefetch(self, entries: list[Entry], width: int, dark: bool, raw: bool) -> None:
        worker = get_current_worker()
        for entry in entries:
            if worker.is_cancelled:
                return
            try:
                loaded = _read(entry, width, dark, raw, self.screen.nd_app.check)
            except Exception:  # a file that vanished: the real load reports it
                continue
            if not worker.is_cancelled:
                key = _prefetch_key(entry, width, dark, raw)
                self.screen.from_worker(self._store_prefetched, key, loaded)

    def _store_prefetched(self, key: tuple[object, ...], loaded: Loaded) -> None:
        self.prefetched[key] = loaded

    def _show_article(
        self,
        entry: Entry,
        article: Article,
        problems: list[Problem],
        body: tuple[str, render.PreRendered],
        raw: list[render.Line] | None = None,
    ) -> None:
        screen = self.screen
        current = screen.article_list.current
        if current is None or current.path != entry.path:
            return  # the cursor moved on meanwhile
        schema = screen.nd_app.schema_for(entry.path)
        prepared = screen.article_view.prepare(
            article, problems, entry.rel, body, raw, roles=schema.roles, schema=schema
        )
        wait = self._show_at - time.monotonic()
        if wait > 0.001:
            self.load_timer = screen.set_timer(wait, lambda: self._put_article(entry, prepared))
        else:
            self._put_article(entry, prepared)

    def _put_article(self, entry: Entry, prepared: Prepared) -> None:
        screen = self.screen
        current = screen.article_list.current
        if current is None or current.path != entry.path:
            return
        self.load_timer = None
        screen.article_view.put(prepared)
        screen.post_message(ArticleShown(entry.path))
        # Once the frame is drawn: the reading thread must not compete with the drawing.
        screen.set_timer(PREFETCH_DELAY, self._prefetch_neighbours)
