"""The main screen: list pane, article pane, sidebars, message line and footer.

Loading, live refresh, body grep and article reads run in thread workers; the screen only applies
their results. Article loading is debounced: a move after the cursor has rested reads and lays out
the article at once and puts it on screen after ``settle`` seconds (a key that follows sooner
cancels it), but while keys repeat the article waits until the cursor rests for ``debounce``
seconds, so quick moves repaint only the two list rows they touch. Once an article is shown, the
ones above and below it are read ahead, so the next move needs neither the disk nor the Markdown
renderer.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable
from inspect import isawaitable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from newsdesk.core.folder.index import Entry, FolderGone
from newsdesk.core.model.article import Article
from newsdesk.core.model.problems import Problem
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.refspec import one_pass
from newsdesk.ui import render
from newsdesk.ui.host import NewsdeskHost
from newsdesk.ui.listmodel import ListModel
from newsdesk.ui.messages import (
    ArticleShown,
    BackToList,
    CursorMoved,
    OpenArticle,
    ScanFinished,
)
from newsdesk.ui.review_queue import queue_of, review_status
from newsdesk.ui.screens.reading.filtering import ListFilter
from newsdesk.ui.screens.reading.people import PeopleIndexing
from newsdesk.ui.screens.reading.profiles import ProfileOpener
from newsdesk.ui.watch import FolderWatcher
from newsdesk.ui.widgets.article_list import ArticleList, row_title
from newsdesk.ui.widgets.article_view import ArticleView, PeopleView, Prepared
from newsdesk.ui.widgets.filter_line import FilterLine

if TYPE_CHECKING:
    from newsdesk.core.persons.people import PeopleIndex
    from newsdesk.ui.screens.people import PeopleScreen

#: An article read and checked, with its body rendered, and its raw view when that is on:
#: (article, problems, (markdown, lines), raw lines or None).
Loaded = tuple[Article, list[Problem], tuple[str, render.PreRendered], list[render.Line] | None]


#: Seconds the garbage collector stays off at start at most (`newsdesk.cli.app_cmd.start_up`).
COLLECTOR_OFF_AT_MOST = 5.0


class MainScreen(Screen[None]):
    """Browse a folder of articles."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "open_filter", "Filter"),
        Binding("s", "sort", "Sort"),
        Binding("S", "reverse", "Reverse", show=False),
        Binding("f", "status", "Status"),
        Binding("r", "raw", "Raw"),
        Binding("p", "sidebars", "Sidebars"),
        Binding("z", "zoom_list", "Wide list", show=False),
        Binding("w", "people", "People", show=False),  # in the help: the footer is full at 80 columns
        Binding("o", "profile", "Profile", show=False),
        Binding("space", "page(1)", "Page down", show=False),
        Binding("b", "page(-1)", "Page up", show=False),
        Binding("escape", "escape", "Clear filter", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
        Binding("e", "edit", "Edit", show=False),
        Binding("E", "external_edit", "$EDITOR", show=False),
        Binding("n", "new_article", "New", show=False),
        # Review (newsdesk.ui.review); R, ] and [ are the app's (they work from every screen).
        Binding("a", "verdict('approved')", "Approve", show=False),
        Binding("x", "verdict('changes-requested')", "Request changes", show=False),
        Binding("P", "verdict('published')", "Publish", show=False),
        Binding("u", "verdict('submitted')", "Submit to review", show=False),
        Binding("ctrl+z", "undo_verdict", "Undo verdict", show=False),
        Binding("d", "changes", "Changes since verdict", show=False),
        Binding("C", "commit", "Commit", show=False),  # git: this article's saved change
    ]

    #: Screen actions hidden from the footer while the filter is typed into.
    TYPING_HIDES = frozenset(
        {
            "open_filter",
            "sort",
            "status",
            "raw",
            "sidebars",
            "zoom_list",
            "people",
            "profile",
            "help",
            "quit",
            "verdict",
            "changes",
            "undo_verdict",
            "commit",
        }
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.TYPING_HIDES and isinstance(self.focused, FilterLine))

    #: Moves closer together than this count as a key repeat.
    REPEAT_WINDOW = 0.1
    #: Delay after an article is shown before its neighbours are read ahead.
    PREFETCH_DELAY = 0.08

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.model = ListModel()
        self.scanning = True
        self.load_progress = (0, 0)
        self._last_move = 0.0
        self._show_at = 0.0
        self._prefetched: LRUCache[tuple[object, ...], Loaded] = LRUCache(8)
        self._load_timer: Timer | None = None
        self._message_timer: Timer | None = None
        #: Set once the first scan's index cache is written (or found current): the list is
        #: complete a little before.
        self.cache_saved = threading.Event()
        self._user_moved = False
        # Live folder: paths reported changed and not yet re-read (None in the set's place: walk
        # the whole folder), whether a refresh is running, and whether the folder has gone.
        self._pending: set[Path] = set()
        self._pending_walk = False
        self._refreshing = False
        #: While edit mode is up the reader does not refresh (`pause_refresh`).
        self.refresh_paused = False
        self.folder_gone = False
        self.watcher: FolderWatcher | None = None
        # The review queue (`update_queue`): oldest request first.
        self.review_queue: list[Entry] = []
        self.queue_pos: dict[Path, int] = {}
        self._queue_label: str | None = None
        #: Everyone named across the folder (built in a worker after the scan; see `_build_people`).
        self.people: PeopleIndex | None = None
        self.people_stale = True
        #: Where the People view was left (`PeoplePlace`): the next one opens there.
        self.people_place: object = None
        #: The article opened from the People view: esc on it goes back there.
        self.from_people: Path | None = None
        #: Lines the cursor's title took above the list (`update_title`).
        self._title_lines = 0
        #: The last verdict given in this session (the article before it, as written, the verdict):
        #: ctrl+z takes it back (newsdesk.ui.review.undo_verdict).
        self.last_verdict: tuple[Article, Article, str] | None = None
        #: git's view of the folder (None: not a git work tree, or not asked yet).
        self.git_marks: dict[Path, str] | None = None
        # The parts (newsdesk.ui.screens.reading): each asks this screen only as a MainContext.
        self.list_filter = ListFilter(self)
        self.people_indexing = PeopleIndexing(self)
        self.profile_opener = ProfileOpener(self)

    def from_worker(self, callback: Callable[..., object], *args: object) -> None:
        """Run ``callback`` on the app's loop from a worker thread, unless the screen is going away.

        Workers may finish while the app quits (an article loading as ``q`` is pressed); their
        results are then dropped instead of failing on widgets that are being removed.
        """

        async def guarded() -> None:
            if self._closing or self._closed or self._pruning or not self.is_attached:
                return
            try:
                result = callback(*args)
                if isawaitable(result):
                    await result
            except NoMatches:
                pass  # widgets removed while the callback was queued

        try:
            self.app.call_from_thread(guarded)  # type: ignore[arg-type]  # mypy infers Never for the TypeVar
        except RuntimeError:
            pass  # the app's loop is closed: nothing to show any more

    @property
    def nd_app(self) -> NewsdeskHost:
        return cast(NewsdeskHost, self.app)

    # -- composition ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="list-pane"):
                yield Static(id="list-header")
                yield Static(id="list-title")
                yield FilterLine(placeholder="filter: title, people, tags, section, body words", id="filter")
                yield ArticleList(id="list")
            yield ArticleView(id="article")
            yield PeopleView(id="sidebar", classes="people")
        yield Static(id="message")
        yield Footer()

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#list", ArticleList)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def filter_line(self) -> FilterLine:
        return self.query_one("#filter", FilterLine)

    def on_mount(self) -> None:
        self.index = self.nd_app.make_index()
        self._sync_statuses()
        self.article_view.people_counts = self.people_counts
        self.update_header()
        self.set_focus(self.article_list)
        interval = self.nd_app.poll_interval
        if interval and self.index.root_is_dir:
            # Armed before the scan: what changes while the folder is read is re-read after.
            self.watcher = FolderWatcher(
                self.folder,
                on_changes=lambda paths: self.from_worker(self._changes_seen, paths),
                on_gone=lambda: self.from_worker(self._folder_gone),
                on_back=lambda: self.from_worker(self._folder_back),
                poll_interval=interval,
                check_interval=min(2.0, interval),
            )
            self.watcher.start()
        elif interval:
            self.set_interval(interval, self._poll)  # one file: a stat now and then
        # The command starts with the garbage collector off until the folder is listed
        # (`newsdesk.cli.app_cmd.start_up`); a folder that takes long to read gets it back anyway.
        self.set_timer(COLLECTOR_OFF_AT_MOST, gc.enable)
        # The first frame goes up before the list is filled: taking the workers' entries and
        # listing each batch (this process's thread and loop) would otherwise come first.
        self.call_after_refresh(self._scan)
        self._kept_worker(first=True)

    def on_unmount(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()

    # -- loading the folder -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="scan", description="scan")
    def _scan(self) -> None:
        try:
            # Each profile collection listed and signed once (the sections' schema keys name
            # their profiles' state: 4 sections x 1,044 author profiles were 4,176 stats here).
            with one_pass():
                self._read_folder()
        finally:
            self.cache_saved.set()

    class RowsWaiting:
        """Rows the scan thread has read and the loop has not listed yet. The thread hands them
        over without waiting for the loop: it waited 20-40 ms per batch while the loop drew
        (half the listing of the site shape), reading nothing meanwhile. The loop takes what
        has gathered (`take`) when it gets to it; the scan's end takes the rest."""

        def __init__(self, cancelled: Callable[[], bool]) -> None:
            self.lock = threading.Lock()
            self.rows: list[Entry] = []
            #: How many entries are read, of how many (the header's progress).
            self.done = 0
            self.total = 0
            #: Whether a `MainScreen.RowsRead` is on its way to the loop (one at a time).
            self.posted = False
            self.cancelled = cancelled

        def put(self, entry: Entry, done: int, total: int, post: bool) -> bool:
            """Add a row; True when the loop should be told (``post``, and it is not already)."""
            with self.lock:
                self.rows.append(entry)
                self.done, self.total = done, total
                if post and not self.posted:
                    self.posted = True
                    return True
                return False

        def take(self) -> tuple[list[Entry], int, int]:
            """The rows gathered (emptied), and the progress."""
            with self.lock:
                rows, self.rows = self.rows, []
                self.posted = False
                return rows, self.done, self.total

    class RowsRead(Message):
        """The scan thread has rows waiting (`MainScreen.RowsWaiting`)."""

        def __init__(self, waiting: MainScreen.RowsWaiting) -> None:
            super().__init__()
            self.waiting = waiting

    @on(RowsRead)
    def _rows_read(self, message: RowsRead) -> None:
        rows, done, total = message.waiting.take()
        if rows and not message.waiting.cancelled():  # a cancelled scan's rows are not listed
            self._add_batch(rows, done, total)

    def _read_folder(self) -> None:
        """The scan's body, in its thread: list the folder (batches, then done), then write the
        index cache."""
        worker = get_current_worker()
        root = self.folder
        entries: dict[Path, Entry] = {}
        waiting = self.RowsWaiting(lambda: worker.is_cancelled)
        total = 0
        started = last = time.monotonic()

        def add(path: Path, entry: Entry) -> None:
            nonlocal last
            entries[path] = entry
            now = time.monotonic()
            # The first rows go up at once; then a batch every 0.25 s.
            if waiting.put(entry, len(entries), total, now - last > (0.05 if now - started < 0.3 else 0.25)):
                self.post_message(self.RowsRead(waiting))
                last = now

        # The app's worker processes (started by the newsdesk command) read the folder; the
        # first time already while the app was starting, so before the folder was watched: it
        # is walked again once listed (a change meanwhile must not go unseen).
        pool = self.nd_app.scan_pool
        scan = None
        verify = False
        #: Whether the index cache already holds exactly the entries listed (nothing to save).
        current = False
        if pool is not None and self.index.root_is_dir:
            cancelled = lambda: worker.is_cancelled  # noqa: E731
            scan = pool.take(self.index, cancelled)
            verify = scan is not None and self.watcher is not None
            if scan is None:
                pool.scan(self.index.cache_file, self.index.cache_tag)
                scan = pool.take(self.index, cancelled)
            if scan is not None:
                for path, entry in scan.entries():
                    total = scan.total
                    add(path, entry)
            if worker.is_cancelled:
                return
            current = scan is not None and scan.cache_current
        if scan is None or not scan.complete:
            # Here (no workers, or what they did not read): entries remembered from the last run
            # stand for files whose size and mtime still match, the rest is read.
            paths = list(self.index.article_paths())
            if self.index.root_is_dir and not root.is_dir():
                self.from_worker(self._folder_gone)  # never list the folder itself as an article
                return
            total = len(paths)
            remembered = self.index.load_cache()
            current = not entries and remembered == total
            known, entries = entries, {}
            for path in paths:
                if worker.is_cancelled:
                    return
                listed = known.get(path)
                if listed is not None:
                    entries[path] = listed
                    continue
                found = self.index.cached_entry(path)
                if found is None:
                    found = self.index.load_entry(path)
                    current = False
                add(path, found)
        if self.index.root_is_dir and not root.is_dir():
            # Renamed or removed: never list the folder itself as an article.
            self.from_worker(self._folder_gone)
            return
        self.index.entries = entries
        if worker.is_cancelled:
            return
        # The list is complete before the cache is written (JSON and an fsync: half a second at
        # 10,000 articles); the cache is a snapshot of this moment, written in this thread after.
        save = None if current else self.index.cache_saver()
        self.from_worker(self._scan_done, waiting, len(entries), verify)
        if save is not None:
            save()

    def _add_batch(self, batch: list[Entry], done: int, total: int) -> None:
        self.model.add(batch)
        self.load_progress = (done, total)
        self.apply_rows()

    def _scan_done(self, waiting: RowsWaiting, total: int, verify: bool = False) -> None:
        self.model.add(waiting.take()[0])
        self.scanning = False
        # The index and the app are long-lived: keep them out of the garbage collector's full
        # passes, which otherwise walk every entry again and again (pauses of 100+ ms while the
        # cursor moves through a 10,000-article folder). The command started with the collector
        # off (`newsdesk.cli.app_cmd.start_up`): on from here.
        gc.freeze()
        gc.enable()
        self.load_progress = (total, total)
        self.apply_rows()
        current = self.article_list.current
        shown = self.article_view.shown
        if current is not None and (shown is None or shown.path != current.path):
            self.load_article(current)
        if not self.model.entries:
            self.article_view.clear(f"No articles (*.md, *.markdown) in {clean_line(self.folder)}")
        self.post_message(ScanFinished())
        self.git_refresh()
        self._build_people()
        if verify:
            self._pending_walk = True  # read before the folder was watched: look again
        self._kick_refresh()  # changes seen while the folder was read

    def apply_rows(self, *, to_top: bool = False) -> None:
        self._sync_statuses()
        rows = self.model.rebuild()
        lst = self.article_list
        keep = lst.current if self._user_moved else None
        lst.set_rows(rows, keep=keep, to_top=to_top or keep is None, show_status=bool(self.model.statuses))
        if self.scanning:
            # Rows arriving moved the cursor's row (a newer article sorts above the one shown):
            # the pane never shows another article than the cursor's, not even for the frame
            # before the cursor's move is handled (`_cursor_moved` reads the new one).
            shown, current = self.article_view.shown, lst.current
            if shown is not None and (current is None or current.path != shown.path):
                self.article_view.clear("Loading…")
        self.update_queue()
        self.update_header()

    def _sync_statuses(self) -> None:
        """The status filter, sort and column follow the statuses of the schemas that apply to
        the listed articles (a section's own; Hugo's draft flag: draft, published; none: no
        status column)."""
        app = self.nd_app
        if self.model.entries:
            statuses = app.schemas.statuses_in_use()
        else:
            statuses = app.schema.statuses if app.schema.has_status else ()
        self.model.set_statuses(statuses)

    def update_header(self) -> None:
        shown, total = len(self.model.visible), len(self.model.entries)
        parts: list[str | tuple[str, str]] = []
        if self.folder_gone:
            parts.append(("folder gone ", "bold $error"))
        elif self.scanning:
            done, of = self.load_progress
            parts.append((f"Loading {done:,}/{of:,}… " if of else "Loading… ", "$warning"))
        self._queue_label = self.queue_label(self.article_list.current)
        if self._queue_label:  # the cursor is on an article in review: where it is in the queue
            parts.append((self._queue_label, "bold $accent"))
        else:
            parts.append((f"{shown:,}", "bold"))
            parts.append(f" of {total:,}  ")
            parts.append((clean_line(self.model.describe()), "$text-muted"))
        self.query_one("#list-header", Static).update(Content.assemble(*parts))
        self.update_title()

    #: The most lines the cursor's title takes above the list (the rest is cut).
    TITLE_LINES = 3

    def update_title(self) -> None:
        """The whole title of the cursor's article above the list: a row has room for 20-30
        characters of it at 80 columns. Laid out again only when it takes more or fewer lines, so
        that a cursor move repaints this line and the two rows, not the screen."""
        entry = self.article_list.current
        line = self.query_one("#list-title", Static)
        if entry is None:
            content = Content("")
        else:
            content = Content(row_title(entry))
            if self.article_list.is_kept(entry):
                content = Content.assemble(content, ("  (unsaved edits kept: e restores them)", "$warning"))
        width = line.content_region.width
        lines = 0
        if width > 0:
            wrapped = content.wrap(width)
            lines = min(self.TITLE_LINES, len(wrapped))
            if len(wrapped) > lines:  # cut on its last line, with an ellipsis
                content = Content("\n").join(
                    [*wrapped[: lines - 1], wrapped[lines - 1].truncate(width - 1) + "…"]
                )
        line.update(content, layout=width <= 0 or lines != self._title_lines)
        self._title_lines = lines

    # -- live folder ------------------------------------------------------------------------

    def _poll(self) -> None:
        """Walk the folder for changes (one file, or no watcher): the fallback."""
        self._changes_seen(None)

    def _changes_seen(self, paths: set[Path] | None) -> None:
        """The watcher saw ``paths`` change (None: anything may have changed)."""
        if paths is None:
            self._pending_walk = True
        else:
            self._pending |= paths
        self._kick_refresh()

    def pause_refresh(self) -> None:
        """Stop applying changes on disk (edit mode is on top: a repaint beneath it would reach the
        terminal as a full redraw). Changes seen meanwhile are kept and applied on `resume_refresh`."""
        self.refresh_paused = True

    def resume_refresh(self) -> None:
        self.refresh_paused = False
        self._kick_refresh()
        self._kept_worker(first=False)  # edit mode closed: edits restored, saved or discarded

    # -- unsaved edits kept in the recovery journal ------------------------------------------

    @work(thread=True, exclusive=True, group="kept", description="kept edits")
    def _kept_worker(self, first: bool) -> None:
        """Which articles of the folder have unsaved edits kept (an app that died with them)."""
        from newsdesk.core.write import journal

        try:
            paths = journal.kept_paths()
        except Exception:  # a broken journal never stops the reader
            return
        root = Path(os.path.abspath(self.folder))
        kept = frozenset(p for p in paths if p == root or root in p.parents)
        self.from_worker(self._kept_done, kept, first)

    def _kept_done(self, kept: frozenset[Path], first: bool) -> None:
        self.article_list.set_kept(kept)
        self.update_title()
        if first and kept:
            n = len(kept)
            have = f"{n} articles have" if n != 1 else "1 article has"
            self.show_message(
                f"{have} unsaved edits kept (✎ in the list): e on one restores or discards them",
                "warning",
                timeout=20,
            )

    def refresh_from_disk(self, paths: set[Path] | None = None) -> None:
        """Re-read ``paths`` (None: walk the folder), e.g. a file newsdesk itself just wrote."""
        self._changes_seen(None if paths is None else set(paths))

    @property
    def refreshing(self) -> bool:
        """Whether a refresh of the list is under way."""
        return self._refreshing

    def _kick_refresh(self) -> None:
        """Re-read what changed, one refresh at a time and never while the folder is read."""
        if self.scanning or self._refreshing or self.folder_gone or self.refresh_paused:
            return
        if not self._pending and not self._pending_walk:
            return
        paths = None if self._pending_walk else self._pending
        self._pending, self._pending_walk = set(), False
        self._refreshing = True
        self._refresh_worker(paths)

    @work(thread=True, group="refresh", description="refresh")
    def _refresh_worker(self, paths: set[Path] | None = None) -> None:
        """Re-read ``paths`` (None: walk the whole folder) and apply what changed."""
        try:
            if paths is None:
                updated, removed = self.index.refresh()
            else:
                updated, removed = self.index.refresh_paths(paths)
        except FolderGone:
            self.from_worker(self._folder_gone)
            return
        except Exception:  # e.g. a folder that vanished half-way: the watcher reports it
            updated, removed = [], []
        self.from_worker(self._apply_changes, updated, removed)

    def _apply_changes(self, updated: list[Entry], removed: list[Path]) -> None:
        self._refreshing = False
        self._kick_refresh()  # what changed meanwhile
        if not updated and not removed:
            return
        self._build_people()
        self.git_refresh()
        self.model.remove(removed)
        self.model.add(updated)
        current = self.article_list.current
        self.apply_rows()
        if self.model.words:
            self.model.body_matches = None
            self._schedule_grep()
        shown = self.article_view.shown
        changed = {e.path for e in updated}
        if shown is not None and shown.path in changed and current is not None and current.path == shown.path:
            self.load_article(current)
        n = len(updated) + len(removed)
        self.show_message(f"{n} file{'s' if n != 1 else ''} changed on disk; list updated")

    # -- git -----------------------------------------------------------------------------------

    def git_refresh(self) -> None:
        """Ask git (in a worker) which articles are modified or untracked: the list marks them."""
        self._git_worker()

    @work(thread=True, exclusive=True, group="git", description="git status")
    def _git_worker(self) -> None:
        from newsdesk.core.review.git import status

        marks = status(self.folder)
        self.from_worker(self._git_done, marks)

    def _git_done(self, marks: dict[Path, str] | None) -> None:
        self.git_marks = marks
        self.article_list.set_git_marks(marks or {})

    def _folder_gone(self) -> None:
        """The folder was renamed or removed: say so (no article stands for it)."""
        self._refreshing = False
        if self.folder_gone:
            return
        self.folder_gone = True
        self.workers.cancel_group(self, "scan")
        self.scanning = False
        gc.enable()  # off while starting (`newsdesk.cli.app_cmd.start_up`)
        self._pending, self._pending_walk = set(), False
        self.model.replace_all([])
        self.index.entries = {}
        self.apply_rows()
        name = clean_line(self.folder)
        self.article_view.clear(
            f"The folder {name} is gone (renamed or removed). It is listed again as soon as it is back."
        )
        self.show_message(f"the folder {name} is gone", "error", timeout=0)

    def _folder_back(self) -> None:
        if not self.folder_gone:
            return
        self.folder_gone = False
        self.show_message(f"the folder {clean_line(self.folder)} is back")
        self.call_later(self.action_reload)

    async def action_reload(self) -> None:
        """Re-read the whole folder."""
        if self.folder_gone:
            return
        self.scanning = True
        self.load_progress = (0, 0)
        gc.unfreeze()  # the old entries may be collected again
        self.model.replace_all([])
        self.apply_rows()
        self._scan()

    # -- cursor and article -----------------------------------------------------------------

    @on(CursorMoved)
    def _cursor_moved(self, event: CursorMoved) -> None:
        if self.queue_label(event.entry) != self._queue_label:
            self.update_header()
        else:
            self.update_title()
        current = self.article_list.current
        if (
            not event.by_user
            and event.entry is not None
            and current is not None
            and current.path != event.entry.path
        ):
            # Stale: the rows were re-listed, then the cursor moved on (a verdict, then the next
            # article in the queue). Counting it as a move would make the real one a key repeat.
            return
        if event.by_user:
            self._user_moved = True
        elif self.scanning and self.article_view.shown is not None:
            return  # rows still arriving, the cursor's article already shown (`apply_rows`)
        now = time.monotonic()
        resting = now - self._last_move > self.REPEAT_WINDOW
        self._last_move = now
        if self._load_timer is not None:
            self._load_timer.stop()
            self._load_timer = None
        entry = event.entry
        if entry is None:
            if not self.scanning:
                self.article_view.clear("No article matches.")
            return
        shown = self.article_view.shown
        if shown is not None and shown.path == entry.path and not self._stale(shown.article, entry):
            return  # already on display (e.g. the cursor came back)
        app = self.nd_app
        if resting:
            # Read and lay out the article at once, but put it on screen only once the cursor has
            # stayed ``settle`` seconds: a key that follows quickly (a repeat) cancels it.
            self.load_article(entry, show_at=now + app.settle)
        elif app.debounce <= 0:
            self.load_article(entry)
        else:
            self._load_timer = self.set_timer(app.debounce, lambda: self.load_article(entry))

    @staticmethod
    def _stale(article: Article, entry: Entry) -> bool:
        fp = article.fingerprint
        return fp is None or fp.mtime_ns != entry.mtime_ns or fp.size != entry.size

    def load_article(self, entry: Entry, show_at: float = 0.0) -> None:
        """Read ``entry`` in a worker and show it (not before ``show_at``, a `time.monotonic`)."""
        view = self.article_view
        self._show_at = show_at
        width, dark = view.body_width, self.app.current_theme.dark
        loaded = self._prefetched.get(self._prefetch_key(entry, width, dark, view.raw))
        if loaded is not None:
            self.workers.cancel_group(self, "article")
            self._show_article(entry, *loaded)
            return
        self._load_worker(entry, width, dark, view.raw)

    def prefetch(self, entry: Entry, width: int, dark: bool, raw: bool) -> None:
        """Read and lay out ``entry`` in a worker unless it is already read ahead (the review flow
        does this for the next article in the queue while a note is typed)."""
        if self._prefetch_key(entry, width, dark, raw) not in self._prefetched:
            self._prefetch_worker([entry], width, dark, raw)

    # -- the review queue (kept here; newsdesk.ui.review moves through it) ------------------

    def update_queue(self) -> None:
        """Recompute the queue from the screen's entries (called whenever the rows change)."""
        app = self.nd_app
        index = self.index
        by_key: dict[str, str | None] = {}

        def status_for(path: Path) -> str | None:
            # By the schema key the row was read with (the scan notes it; the same key is the
            # same schema file in the same state): one lookup per key, not one per folder, which
            # on a site is a `stat` per folder (1,366) on the loop while the rows come in.
            key = index.known_schema_key(path)
            if key is None:
                return review_status(app.schema_for(path))
            if key not in by_key:
                by_key[key] = review_status(app.schema_for(path))
            return by_key[key]

        queue = queue_of(list(self.model.entries.values()), status_for)
        self.review_queue = queue
        self.queue_pos = {e.path: i for i, e in enumerate(queue)}
        from newsdesk.ui.screens.queue import QueueScreen

        for other in self.app.screen_stack:
            if isinstance(other, QueueScreen):
                other.refresh_rows()

    def queue_label(self, entry: Entry | None) -> str | None:
        """``3 of 7 in review`` when ``entry`` is in the queue."""
        if entry is None:
            return None
        pos = self.queue_pos.get(entry.path)
        if pos is None:
            return None
        return f"{pos + 1} of {len(self.review_queue)} in review"

    @staticmethod
    def _prefetch_key(entry: Entry, width: int, dark: bool, raw: bool) -> tuple[object, ...]:
        return (entry.path, entry.mtime_ns, entry.size, width, dark, raw)

    @staticmethod
    def _read(
        entry: Entry, width: int, dark: bool, raw: bool, check: Callable[[Article], list[Problem]]
    ) -> Loaded:
        """Read, check and render an article (in a worker thread: nothing here runs on the loop)."""
        article = load_article(entry.path)
        problems = check(article)
        text = render.body_markdown(article, problems)
        raw_lines = render.raw_source(article, dark) if raw else None
        return article, problems, (text, render.markdown_lines(text, width, dark)), raw_lines

    @work(thread=True, exclusive=True, group="article", description="article")
    def _load_worker(self, entry: Entry, width: int, dark: bool, raw: bool = False) -> None:
        worker = get_current_worker()
        loaded = self._read(entry, width, dark, raw, self.nd_app.check)
        if not worker.is_cancelled:
            self.from_worker(self._show_article, entry, *loaded)

    def _prefetch_neighbours(self) -> None:
        """Read the articles above and below the cursor while it rests: the next move shows
        one of them without waiting for the disk and the Markdown renderer."""
        rows, cursor = self.article_list.rows, self.article_list.cursor
        width, dark = self.article_view.body_width, self.app.current_theme.dark
        raw = self.article_view.raw
        wanted = [
            rows[i]
            for i in (cursor + 1, cursor - 1)
            if 0 <= i < len(rows) and self._prefetch_key(rows[i], width, dark, raw) not in self._prefetched
        ]
        if wanted and width > 0:
            self._prefetch_worker(wanted, width, dark, raw)

    @work(thread=True, exclusive=True, group="prefetch", description="prefetch")
    def _prefetch_worker(self, entries: list[Entry], width: int, dark: bool, raw: bool = False) -> None:
        worker = get_current_worker()
        for entry in entries:
            if worker.is_cancelled:
                return
            try:
                loaded = self._read(entry, width, dark, raw, self.nd_app.check)
            except Exception:  # a file that vanished: the real load reports it
                continue
            if not worker.is_cancelled:
                key = self._prefetch_key(entry, width, dark, raw)
                self.from_worker(self._store_prefetched, key, loaded)

    def _store_prefetched(self, key: tuple[object, ...], loaded: Loaded) -> None:
        self._prefetched[key] = loaded

    def _show_article(
        self,
        entry: Entry,
        article: Article,
        problems: list[Problem],
        body: tuple[str, render.PreRendered],
        raw: list[render.Line] | None = None,
    ) -> None:
        current = self.article_list.current
        if current is None or current.path != entry.path:
            return  # the cursor moved on meanwhile
        schema = self.nd_app.schema_for(entry.path)
        prepared = self.article_view.prepare(
            article, problems, entry.rel, body, raw, roles=schema.roles, schema=schema
        )
        wait = self._show_at - time.monotonic()
        if wait > 0.001:
            self._load_timer = self.set_timer(wait, lambda: self._put_article(entry, prepared))
        else:
            self._put_article(entry, prepared)

    def _put_article(self, entry: Entry, prepared: Prepared) -> None:
        current = self.article_list.current
        if current is None or current.path != entry.path:
            return
        self._load_timer = None
        self.article_view.put(prepared)
        self.post_message(ArticleShown(entry.path))
        # Once the frame is drawn: the reading thread must not compete with the drawing.
        self.set_timer(self.PREFETCH_DELAY, self._prefetch_neighbours)

    @on(OpenArticle)
    def _open_article(self, event: OpenArticle) -> None:
        if self.has_class("-list-zoom"):
            self.remove_class("-list-zoom")
            self.call_after_refresh(self.article_view.relayout)
        shown = self.article_view.shown
        if shown is None or shown.path != event.entry.path:
            if self._load_timer is not None:
                self._load_timer.stop()
                self._load_timer = None
            self.load_article(event.entry)
        self.set_focus(self.article_view)

    @on(BackToList)
    def _back(self) -> None:
        self.set_focus(self.article_list)

    def jump_to(self, path: Path) -> None:
        """Put the cursor on ``path`` (clearing filters that hide it)."""
        if path not in {e.path for e in self.model.visible}:
            self.model.query = ""
            self.model.status = "all"
            self.filter_line.value = ""
            self.list_filter.show(False)
            self.apply_rows()
        for i, entry in enumerate(self.model.visible):
            if entry.path == path:
                self.article_list.move_to(i)
                break
        self.set_focus(self.article_list)

    # -- filter (newsdesk.ui.screens.reading.filtering) --------------------------------------

    def action_open_filter(self) -> None:
        self.list_filter.open()

    def on_key(self, event: events.Key) -> None:
        """Move the focus at once for "/", enter/l and h/esc, so keys typed right after land there.

        Keys that arrive together (a fast typist, a paste, a slow link) are all queued for the
        list before a binding would move the focus; without this they would be lost.
        """
        # Likewise enter/l and h/esc move the focus now, not after a message round trip, so
        # "ljjj" typed in one burst scrolls the article instead of moving the list cursor.
        if event.key in ("enter", "l") and self.focused is self.article_list:
            event.stop()
            event.prevent_default()
            self.article_list.action_open()
            if self.article_list.current is not None:
                self.set_focus(self.article_view)
            return
        if event.key in ("h", "escape") and self.focused is self.article_view:
            event.stop()
            event.prevent_default()
            self.set_focus(self.article_list)
            shown = self.article_view.shown
            back, self.from_people = self.from_people, None
            if event.key == "escape" and back is not None and shown is not None and shown.path == back:
                self.action_people()  # back to the person it was opened from
            return
        box = self.query_one("#filter", FilterLine)
        if event.key == "slash" and self.focused is not box:
            event.stop()
            event.prevent_default()
            self.action_open_filter()
            return
        if self.focused is box and event.is_printable and event.character and box.display:
            box.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    def close_filter(self, keep: bool = False) -> None:
        self.list_filter.close(keep)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.close_filter(keep=True)

    def set_filter(self, query: str) -> None:
        self.list_filter.set(query)

    def _schedule_grep(self) -> None:
        self.list_filter.schedule_grep()

    def action_escape(self) -> None:
        self.list_filter.clear()

    # -- sort, status, views ----------------------------------------------------------------

    def action_sort(self) -> None:
        self.model.cycle_sort()
        self.apply_rows()
        self.show_message(f"sorted by {self.model.sort}")

    def action_reverse(self) -> None:
        self.model.reverse = not self.model.reverse
        self.apply_rows()

    def action_status(self) -> None:
        status = self.model.cycle_status()
        self.apply_rows()
        self.show_message("showing " + ("articles with problems" if status == "problems" else f"{status}"))

    def action_raw(self) -> None:
        view = self.article_view
        view.set_raw(not view.raw)

    def action_sidebars(self) -> None:
        """Wide: hide or show the sidebars. Narrow (the people are in the article pane, one line
        per list): show or fold all of it (roles, topics, links, other fields, problems)."""
        self.toggle_class("-details" if self.has_class("-narrow") else "-no-sidebars")
        self.article_view.relayout()

    def action_zoom_list(self) -> None:
        """The list alone, across the whole width: every row with its date, status and byline (a
        list pane beside the article at 80-120 columns has room for the title only). Again, or
        reading an article, puts the article back beside it."""
        self.toggle_class("-list-zoom")
        self.set_focus(self.article_list)
        if not self.has_class("-list-zoom"):
            self.call_after_refresh(self.article_view.relayout)

    def on_resize(self) -> None:
        # The breakpoint classes (narrow/wide) are set on resize: the article pane takes or drops
        # the people panel.
        self.call_after_refresh(self.article_view.relayout)
        self.call_after_refresh(self.update_title)

    def action_page(self, direction: int) -> None:
        self.article_view.action_page(direction)

    async def action_quit(self) -> None:
        """q: the App's quit (which may ask first, e.g. with unsaved edits)."""
        await self.app.action_quit()

    def action_verdict(self, verdict: str) -> None:
        """a / x / P / u: approve, request changes, publish, send to review (asks for a note)."""
        self.nd_app.start_verdict(verdict)

    def action_undo_verdict(self) -> None:
        """ctrl+z: take back the last verdict of this session."""
        self.nd_app.undo_verdict()

    def action_changes(self) -> None:
        """d: what changed since the article's last verdict."""
        self.nd_app.show_changes()

    def action_commit(self) -> None:
        """C: commit this article's saved change (git), with a message you type."""
        self.nd_app.commit_article()

    # -- people and profiles (newsdesk.ui.screens.reading) ------------------------------------

    def action_people(self) -> None:
        """``w``: the People view; from the sidebar, at the person under its cursor."""
        self.people_indexing.open_view(self.focused)

    def action_profile(self) -> None:
        """``o`` (``enter`` on the sidebar): the profile of a person the article names by slug.
        On the sidebar, the person under its cursor; else the article's one such person, or a
        pick of them. A profile that is an article of the list is opened in the reader; any
        other (a row of a data file, a file outside the folder) is shown in a read-only box."""
        self.profile_opener.open_for(self.focused)

    def want_people(self, screen: PeopleScreen) -> None:
        """``screen`` waits for the people index (`PeopleScreen.index_ready` is called)."""
        self.people_indexing.want(screen)

    def _build_people(self) -> None:
        self.people_indexing.build()

    def people_counts(self, article: Article) -> dict[str, int]:
        """For each person named in ``article``: in how many other articles they appear."""
        return self.people_indexing.counts(article)

    def open_path(self, path: Path, *, from_people: bool = False) -> None:
        """Put the list cursor on ``path`` and open it in the reader (from the People view:
        esc on it goes back there)."""
        self.from_people = path if from_people else None
        self.jump_to(path)
        current = self.article_list.current
        if current is not None and current.path == path:
            self.post_message(OpenArticle(current))

    def action_help(self) -> None:
        from newsdesk.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    # -- messages ---------------------------------------------------------------------------

    def show_message(self, text: str | Content, severity: str = "information", timeout: float = 5) -> None:
        line = self.query_one("#message", Static)
        content = text if isinstance(text, Content) else Content(clean_line(text))
        if severity == "error":
            content = content.stylize("bold $error")
        elif severity == "warning":
            content = content.stylize("$warning")
        line.update(content)
        if self._message_timer is not None:
            self._message_timer.stop()
            self._message_timer = None
        if timeout > 0:  # 0: stays until the next message
            self._message_timer = self.set_timer(timeout, lambda: line.update(""))

    # -- edit mode (the App routes it to newsdesk.ui.editing) ----------------------------------------------------

    def action_edit(self) -> None:
        """Edit the highlighted article (e)."""
        current = self.article_list.current
        if current is not None:
            self.nd_app.open_edit(current.path)

    def action_external_edit(self) -> None:
        """The highlighted article in $VISUAL / $EDITOR (E)."""
        current = self.article_list.current
        if current is not None:
            self.nd_app.external_edit(current.path)

    def action_new_article(self) -> None:
        """A new article in edit mode (n)."""
        self.nd_app.new_article()
