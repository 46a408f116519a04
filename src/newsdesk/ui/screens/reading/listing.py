"""The folder's listing in the reader: the first scan (rows handed to the loop in batches while a
thread reads), the live refresh after it (a watcher, or a poll, reports changes; one refresh at a
time re-reads them), the unsaved edits kept in the recovery journal, git's marks, and the folder
going away and coming back."""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import cast

from textual.message import Message
from textual.worker import Worker, get_current_worker

from newsdesk.core.folder.index import Entry, FolderGone
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.rules.refspec import one_pass
from newsdesk.ui.messages import ScanFinished
from newsdesk.ui.screens.reading.context import MainContext
from newsdesk.ui.watch import FolderWatcher


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
        #: Whether a `RowsRead` is on its way to the loop (one at a time).
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
    """The scan thread has rows waiting (`RowsWaiting`); the screen lists them."""

    def __init__(self, waiting: RowsWaiting) -> None:
        super().__init__()
        self.waiting = waiting


class FolderListing:
    """The reader's list of the folder: scanned once, then kept in step with the disk.

    The screen keeps what others read (`scanning`, `load_progress`, `folder_gone`, `index`,
    `git_marks`); this part keeps the refresh's own state.
    """

    def __init__(self, screen: MainContext) -> None:
        self.screen = screen
        #: Set once the first scan's index cache is written (or found current): the list is
        #: complete a little before.
        self.cache_saved = threading.Event()
        # Paths reported changed and not yet re-read (a walk of the whole folder wanted instead),
        # and whether a refresh is running.
        self._pending: set[Path] = set()
        self._pending_walk = False
        self._refreshing = False
        #: While edit mode is up the reader does not refresh (`pause_refresh`).
        self.refresh_paused = False
        self.watcher: FolderWatcher | None = None
        #: Whether the editor was told the built-in schema made the list's ✗ (once a session).
        self._told_built_in = False

    # -- the first scan -------------------------------------------------------------------------

    def watch(self) -> None:
        """Follow the folder's changes: a watcher (armed before the scan: what changes while the
        folder is read is re-read after), or for one file a stat now and then."""
        screen = self.screen
        interval = screen.nd_app.poll_interval
        if interval and screen.index.root_is_dir:
            self.watcher = FolderWatcher(
                screen.folder,
                on_changes=lambda paths: screen.from_worker(self._changes_seen, paths),
                on_gone=lambda: screen.from_worker(self._folder_gone),
                on_back=lambda: screen.from_worker(self._folder_back),
                poll_interval=interval,
                check_interval=min(2.0, interval),
            )
            self.watcher.start()
        elif interval:
            screen.set_interval(interval, self._poll)

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()

    def scan(self, read: Callable[[], None]) -> None:
        """Read the folder in a thread: ``read`` is the scan's body (`read_folder`, called
        through the screen's `_read_folder`)."""
        self.screen.run_worker(
            partial(self._scan, read),
            name="_scan",
            group="scan",
            description="scan",
            exclusive=True,
            thread=True,
        )

    def _scan(self, read: Callable[[], None]) -> None:
        try:
            # Each profile collection listed and signed once (the sections' schema keys name
            # their profiles' state: 4 sections x 1,044 author profiles were 4,176 stats here).
            with one_pass():
                read()
        finally:
            self.cache_saved.set()

    def read_folder(self) -> None:
        """The scan's body, in its thread: list the folder (batches, then done), then write the
        index cache."""
        worker = get_current_worker()
        screen = self.screen
        entries: dict[Path, Entry] = {}
        waiting = RowsWaiting(lambda: worker.is_cancelled)
        progress = [0]  # the folder's size, once known
        started = last = time.monotonic()

        def add(path: Path, entry: Entry) -> None:
            nonlocal last
            entries[path] = entry
            now = time.monotonic()
            # The first rows go up at once; then a batch every 0.25 s.
            if waiting.put(
                entry, len(entries), progress[0], now - last > (0.05 if now - started < 0.3 else 0.25)
            ):
                screen.post_message(RowsRead(waiting))
                last = now

        read = self._from_workers(add, progress, lambda: worker.is_cancelled)
        if read is None:
            return
        complete, current, verify = read
        if not complete:
            here = self._from_here(entries, add, progress, lambda: worker.is_cancelled)
            if here is None:
                return
            current = here
        if screen.index.root_is_dir and not screen.folder.is_dir():
            # Renamed or removed: never list the folder itself as an article.
            screen.from_worker(self._folder_gone)
            return
        screen.index.entries = entries
        if worker.is_cancelled:
            return
        # The list is complete before the cache is written (JSON and an fsync: half a second at
        # 10,000 articles); the cache is a snapshot of this moment, written in this thread after.
        save = None if current else screen.index.cache_saver()
        screen.from_worker(self._scan_done, waiting, len(entries), verify)
        if save is not None:
            save()

    def _from_workers(
        self, add: Callable[[Path, Entry], None], progress: list[int], cancelled: Callable[[], bool]
    ) -> tuple[bool, bool, bool] | None:
        """(scan thread) What the app's worker processes (started by the newsdesk command) read:
        whether that is the whole folder, whether the index cache holds exactly that (nothing to
        save), and whether to walk the folder again once listed. None: the scan was cancelled.

        The first time they read already while the app was starting, so before the folder was
        watched: it is walked again once listed (a change meanwhile must not go unseen)."""
        screen = self.screen
        pool = screen.nd_app.scan_pool
        if pool is None or not screen.index.root_is_dir:
            return False, False, False
        scan = pool.take(screen.index, cancelled)
        verify = scan is not None and self.watcher is not None
        if scan is None:
            pool.scan(screen.index.cache_file, screen.index.cache_tag)
            scan = pool.take(screen.index, cancelled)
        if scan is not None:
            for path, entry in scan.entries():
                progress[0] = scan.total
                add(path, entry)
        if cancelled():
            return None
        return scan is not None and scan.complete, scan is not None and scan.cache_current, verify

    def _from_here(
        self,
        entries: dict[Path, Entry],
        add: Callable[[Path, Entry], None],
        progress: list[int],
        cancelled: Callable[[], bool],
    ) -> bool | None:
        """(scan thread) The folder read here (no workers, or what they did not read): entries
        remembered from the last run stand for files whose size and mtime still match, the rest
        is read. ``entries`` (which ``add`` fills; those the workers listed on the way in) is
        filled again in the folder's order. Whether the index cache holds exactly them; None:
        cancelled, or the folder is gone."""
        screen = self.screen
        index = screen.index
        paths = list(index.article_paths())
        if index.root_is_dir and not screen.folder.is_dir():
            screen.from_worker(self._folder_gone)  # never list the folder itself as an article
            return None
        progress[0] = len(paths)
        remembered = index.load_cache()
        current = not entries and remembered == len(paths)
        known = dict(entries)
        entries.clear()
        for path in paths:
            if cancelled():
                return None
            listed = known.get(path)
            if listed is not None:
                entries[path] = listed
                continue
            found = index.cached_entry(path)
            if found is None:
                found = index.load_entry(path)
                current = False
            add(path, found)
        return current

    def add_batch(self, batch: list[Entry], done: int, total: int) -> None:
        screen = self.screen
        screen.model.add(batch)
        screen.load_progress = (done, total)
        screen.apply_rows()

    def _scan_done(self, waiting: RowsWaiting, total: int, verify: bool = False) -> None:
        screen = self.screen
        screen.model.add(waiting.take()[0])
        screen.scanning = False
        # The index and the app are long-lived: keep them out of the garbage collector's full
        # passes, which otherwise walk every entry again and again (pauses of 100+ ms while the
        # cursor moves through a 10,000-article folder). The command started with the collector
        # off (`newsdesk.cli.app_cmd.start_up`): on from here.
        gc.freeze()
        gc.enable()
        screen.load_progress = (total, total)
        screen.apply_rows()
        current = screen.article_list.current
        shown = screen.article_view.shown
        if current is not None and (shown is None or shown.path != current.path):
            screen.load_article(current)
        if not screen.model.entries:
            screen.article_view.clear(f"No articles (*.md, *.markdown) in {clean_line(screen.folder)}")
        elif not self._told_built_in and screen.nd_app.schema.source is None:
            # A site with no newsdesk.toml is checked against the built-in schema (the sample
            # reports' fields): when half its articles or more fail it, those ✗ are rules the
            # site never had (as `validate` says too); one broken report among good ones is not.
            entries = screen.model.entries.values()
            if 2 * sum(1 for entry in entries if entry.errors) >= len(entries):
                self._told_built_in = True
                screen.app.notify(
                    "no newsdesk.toml: ✗ by the built-in schema (run newsdesk init --detect)",
                    severity="warning",
                    timeout=15,
                    markup=False,
                )
        screen.post_message(ScanFinished())
        self.git_refresh()
        screen.build_people()
        if verify:
            self._pending_walk = True  # read before the folder was watched: look again
        self._kick_refresh()  # changes seen while the folder was read

    def restart(self) -> bool:
        """Empty the list for a new scan (False: the folder is gone, nothing to scan)."""
        screen = self.screen
        if screen.folder_gone:
            return False
        screen.scanning = True
        screen.load_progress = (0, 0)
        gc.unfreeze()  # the old entries may be collected again
        screen.model.replace_all([])
        screen.apply_rows()
        return True

    # -- live folder ----------------------------------------------------------------------------

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

    def refresh_from_disk(self, paths: set[Path] | None = None) -> None:
        """Re-read ``paths`` (None: walk the folder), e.g. a file newsdesk itself just wrote."""
        self._changes_seen(None if paths is None else set(paths))

    def pause_refresh(self) -> None:
        """Stop applying changes on disk (edit mode is on top: a repaint beneath it would reach the
        terminal as a full redraw). Changes seen meanwhile are kept and applied on `resume_refresh`."""
        self.refresh_paused = True

    def resume_refresh(self) -> None:
        self.refresh_paused = False
        self._kick_refresh()
        self.find_kept(first=False)  # edit mode closed: edits restored, saved or discarded

    @property
    def refreshing(self) -> bool:
        """Whether a refresh of the list is under way."""
        return self._refreshing

    def _kick_refresh(self) -> None:
        """Re-read what changed, one refresh at a time and never while the folder is read."""
        screen = self.screen
        if screen.scanning or self._refreshing or screen.folder_gone or self.refresh_paused:
            return
        if not self._pending and not self._pending_walk:
            return
        paths = None if self._pending_walk else self._pending
        self._pending, self._pending_walk = set(), False
        self._refreshing = True
        self.start_refresh(paths)

    def start_refresh(self, paths: set[Path] | None = None) -> Worker[None]:
        """Re-read ``paths`` (None: walk the whole folder) in a worker, which it returns."""
        return cast(
            "Worker[None]",
            self.screen.run_worker(
                partial(self._refresh, paths),
                name="_refresh_worker",
                group="refresh",
                description="refresh",
                thread=True,
            ),
        )

    def _refresh(self, paths: set[Path] | None) -> None:
        """(worker) Re-read ``paths`` (None: walk the whole folder) and apply what changed."""
        index = self.screen.index
        try:
            if paths is None:
                updated, removed = index.refresh()
            else:
                updated, removed = index.refresh_paths(paths)
        except FolderGone:
            self.screen.from_worker(self._folder_gone)
            return
        except Exception:  # e.g. a folder that vanished half-way: the watcher reports it
            updated, removed = [], []
        self.screen.from_worker(self._apply_changes, updated, removed)

    def _apply_changes(self, updated: list[Entry], removed: list[Path]) -> None:
        self._refreshing = False
        self._kick_refresh()  # what changed meanwhile
        if not updated and not removed:
            return
        screen = self.screen
        screen.build_people()
        self.git_refresh()
        screen.model.remove(removed)
        screen.model.add(updated)
        current = screen.article_list.current
        screen.apply_rows()
        if screen.model.words:
            screen.model.body_matches = None
            screen.schedule_grep()
        shown = screen.article_view.shown
        changed = {e.path for e in updated}
        if shown is not None and shown.path in changed and current is not None and current.path == shown.path:
            screen.load_article(current)
        n = len(updated) + len(removed)
        screen.show_message(f"{n} file{'s' if n != 1 else ''} changed on disk; list updated")

    def _folder_gone(self) -> None:
        """The folder was renamed or removed: say so (no article stands for it)."""
        self._refreshing = False
        screen = self.screen
        if screen.folder_gone:
            return
        screen.folder_gone = True
        screen.workers.cancel_group(screen, "scan")
        screen.scanning = False
        gc.enable()  # off while starting (`newsdesk.cli.app_cmd.start_up`)
        self._pending, self._pending_walk = set(), False
        screen.model.replace_all([])
        screen.index.entries = {}
        screen.apply_rows()
        name = clean_line(screen.folder)
        screen.article_view.clear(
            f"The folder {name} is gone (renamed or removed). It is listed again as soon as it is back."
        )
        screen.show_message(f"the folder {name} is gone", "error", timeout=0)

    def _folder_back(self) -> None:
        screen = self.screen
        if not screen.folder_gone:
            return
        screen.folder_gone = False
        screen.show_message(f"the folder {clean_line(screen.folder)} is back")
        screen.call_later(screen.action_reload)

    # -- unsaved edits kept in the recovery journal ------------------------------------------

    def find_kept(self, first: bool) -> None:
        """Mark the articles with unsaved edits kept (``first``: at start, and say how many)."""
        self.screen.run_worker(
            partial(self._kept, first),
            name="_kept_worker",
            group="kept",
            description="kept edits",
            exclusive=True,
            thread=True,
        )

    def _kept(self, first: bool) -> None:
        """(worker) Which articles of the folder have unsaved edits kept (an app that died with them)."""
        from newsdesk.core.write import journal

        try:
            paths = journal.kept_paths()
        except Exception:  # a broken journal never stops the reader
            return
        root = Path(os.path.abspath(self.screen.folder))
        kept = frozenset(p for p in paths if p == root or root in p.parents)
        self.screen.from_worker(self._kept_done, kept, first)

    def _kept_done(self, kept: frozenset[Path], first: bool) -> None:
        screen = self.screen
        screen.article_list.set_kept(kept)
        screen.update_title()
        if first and kept:
            n = len(kept)
            have = f"{n} articles have" if n != 1 else "1 article has"
            screen.show_message(
                f"{have} unsaved edits kept (✎ in the list): e on one restores or discards them",
                "warning",
                timeout=20,
            )

    # -- git -----------------------------------------------------------------------------------

    def git_refresh(self) -> None:
        """Ask git (in a worker) which articles are modified or untracked: the list marks them."""
        self.screen.run_worker(
            self._git,
            name="_git_worker",
            group="git",
            description="git status",
            exclusive=True,
            thread=True,
        )

    def _git(self) -> None:
        from newsdesk.core.review.git import status

        marks = status(self.screen.folder)
        self.screen.from_worker(self._git_done, marks)

    def _git_done(self, marks: dict[Path, str] | None) -> None:
        self.screen.git_marks = marks
        self.screen.article_list.set_git_marks(marks or {})
