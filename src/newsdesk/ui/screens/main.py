"""The main screen: list pane, article pane, sidebars, message line and footer.

The screen keeps the widgets, the keys and the list's rows; its parts (`newsdesk.ui.screens.reading`)
read the folder and keep it in step with the disk (`listing`), load the article under the cursor
(`articles`), filter the list, index the people and open profiles. Their threads' results are
applied on the loop.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from inspect import isawaitable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from newsdesk.core.folder.index import Entry
from newsdesk.core.model.article import Article
from newsdesk.core.model.textsafe import clean_line
from newsdesk.ui.host import NewsdeskHost
from newsdesk.ui.listmodel import ListModel
from newsdesk.ui.messages import BackToList, CursorMoved, OpenArticle
from newsdesk.ui.review_queue import queue_of, review_status
from newsdesk.ui.screens.reading.articles import ArticleLoading, Loaded
from newsdesk.ui.screens.reading.filtering import ListFilter
from newsdesk.ui.screens.reading.listing import FolderListing, RowsRead
from newsdesk.ui.screens.reading.people import PeopleIndexing
from newsdesk.ui.screens.reading.profiles import ProfileOpener
from newsdesk.ui.widgets.article_list import ArticleList, row_title
from newsdesk.ui.widgets.article_view import ArticleView, PeopleView
from newsdesk.ui.widgets.filter_line import FilterLine

if TYPE_CHECKING:
    import threading

    from textual.cache import LRUCache
    from textual.worker import Worker

    from newsdesk.core.persons.people import PeopleIndex
    from newsdesk.ui.screens.people import PeopleScreen
    from newsdesk.ui.watch import FolderWatcher

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

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.model = ListModel()
        self.scanning = True
        self.load_progress = (0, 0)
        self._message_timer: Timer | None = None
        #: Whether the cursor was moved by a key (the list keeps it on its row as rows arrive).
        self._user_moved = False
        #: The folder was renamed or removed (`FolderListing`): the list is empty until it is back.
        self.folder_gone = False
        # The review queue (`update_queue`): oldest request first.
        self.review_queue: list[Entry] = []
        self.queue_pos: dict[Path, int] = {}
        self._queue_label: str | None = None
        #: Everyone named across the folder (built in a worker after the scan: `PeopleIndexing`).
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
        self.listing = FolderListing(self)
        self.article_loading = ArticleLoading(self)

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
        self.listing.watch()
        # The command starts with the garbage collector off until the folder is listed
        # (`newsdesk.cli.app_cmd.start_up`); a folder that takes long to read gets it back anyway.
        self.set_timer(COLLECTOR_OFF_AT_MOST, gc.enable)
        # The scan starts now, not after a refresh: the command's workers have been reading
        # since before Textual was imported, and taking what they read is light. Waiting for a
        # refresh kept a one-article folder unlisted ~90 ms after its first frame; the first
        # frame is as soon either way (`bench_ui.py --issue13`, the README's issue 23 rounds).
        self._scan()
        self.listing.find_kept(first=True)

    def on_unmount(self) -> None:
        self.listing.stop()

    # -- the folder's listing (newsdesk.ui.screens.reading.listing) ----------------------------

    def _scan(self) -> None:
        """Read the folder in a worker (`FolderListing.scan`), its body `_read_folder`."""
        self.listing.scan(self._read_folder)

    def _read_folder(self) -> None:
        """The scan's body, in its thread (`FolderListing.read_folder`): through the screen, so a
        test can tell which thread reads the folder."""
        self.listing.read_folder()

    @on(RowsRead)
    def _rows_read(self, message: RowsRead) -> None:
        rows, done, total = message.waiting.take()
        if rows and not message.waiting.cancelled():  # a cancelled scan's rows are not listed
            self._add_batch(rows, done, total)

    def _add_batch(self, batch: list[Entry], done: int, total: int) -> None:
        self.listing.add_batch(batch, done, total)

    @property
    def cache_saved(self) -> threading.Event:
        """Set once the first scan's index cache is written (or found current): the list is
        complete a little before."""
        return self.listing.cache_saved

    @property
    def watcher(self) -> FolderWatcher | None:
        return self.listing.watcher

    async def action_reload(self) -> None:
        """Re-read the whole folder."""
        if self.listing.restart():
            self._scan()

    def pause_refresh(self) -> None:
        """Stop applying changes on disk while edit mode is up (`FolderListing.pause_refresh`)."""
        self.listing.pause_refresh()

    def resume_refresh(self) -> None:
        self.listing.resume_refresh()

    @property
    def refresh_paused(self) -> bool:
        return self.listing.refresh_paused

    def refresh_from_disk(self, paths: set[Path] | None = None) -> None:
        """Re-read ``paths`` (None: walk the folder), e.g. a file newsdesk itself just wrote."""
        self.listing.refresh_from_disk(paths)

    @property
    def refreshing(self) -> bool:
        """Whether a refresh of the list is under way."""
        return self.listing.refreshing

    def _refresh_worker(self, paths: set[Path] | None = None) -> Worker[None]:
        """Re-read ``paths`` (None: walk the whole folder) now, in a worker."""
        return self.listing.start_refresh(paths)

    def git_refresh(self) -> None:
        """Ask git (in a worker) which articles are modified or untracked: the list marks them."""
        self.listing.git_refresh()

    # -- the list's rows ----------------------------------------------------------------------

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

    # -- cursor and article (newsdesk.ui.screens.reading.articles) ------------------------------

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
        self.article_loading.follow(event.entry)

    def load_article(self, entry: Entry, show_at: float = 0.0) -> None:
        """Read ``entry`` in a worker and show it (not before ``show_at``, a `time.monotonic`)."""
        self.article_loading.load(entry, show_at)

    def prefetch(self, entry: Entry, width: int, dark: bool, raw: bool) -> None:
        """Read and lay out ``entry`` in a worker unless it is already read ahead (the review flow
        does this for the next article in the queue while a note is typed)."""
        self.article_loading.prefetch(entry, width, dark, raw)

    @property
    def _prefetched(self) -> LRUCache[tuple[object, ...], Loaded]:
        """The articles read ahead (`ArticleLoading.prefetched`)."""
        return self.article_loading.prefetched

    @property
    def _load_timer(self) -> Timer | None:
        return self.article_loading.load_timer

    @on(OpenArticle)
    def _open_article(self, event: OpenArticle) -> None:
        if self.has_class("-list-zoom"):
            self.remove_class("-list-zoom")
            self.call_after_refresh(self.article_view.relayout)
        self.article_loading.open(event.entry)
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

    def schedule_grep(self) -> None:
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

    def build_people(self) -> None:
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
