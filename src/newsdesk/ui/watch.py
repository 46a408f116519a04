"""Following a folder for changes: file-system notifications, not a polling walk.

`FolderWatcher` runs `watchfiles` (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on
Windows) in a daemon thread of its own and reports the paths that changed. An idle folder costs
nothing: no walk, no ``stat`` per file, one wake-up of the thread every few seconds to see that the
folder is still there. Where notifications cannot be had (an inotify watch limit reached, a file
system without them) it falls back to watchfiles' polling watcher, and if even that fails, to a
walk of the whole folder every ``poll_interval`` seconds. ``WATCHFILES_FORCE_POLLING=1`` forces
polling (network file systems, where other machines' changes raise no notification).

When the folder itself is renamed or removed, ``on_gone`` is called; the watcher then looks for it
every ``poll_interval`` seconds and calls ``on_back`` when it is there again.

Callbacks run in the watcher's thread: the receiver hands them to its event loop.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsdesk.core.folder.walk import ARTICLE_SUFFIXES
from newsdesk.core.rules.schema import SCHEMA_FILENAME

#: How long changes are gathered into one report at most (ms), and the quiet time that ends a
#: batch of changes (ms): a change shows within about half a second.
DEBOUNCE_MS = 400
STEP_MS = 100
#: How often an idle watcher checks that the folder is still there (ms).
CHECK_MS = 2000


class FolderWatcher:
    """Report changes under ``root`` to ``on_changes(paths)`` (``None``: re-walk everything)."""

    def __init__(
        self,
        root: Path,
        on_changes: Callable[[set[Path] | None], None],
        on_gone: Callable[[], None],
        on_back: Callable[[], None],
        *,
        poll_interval: float = 2.0,
        check_interval: float = CHECK_MS / 1000,
        force_polling: bool | None = None,
    ) -> None:
        self.root = root
        self.on_changes = on_changes
        self.on_gone = on_gone
        self.on_back = on_back
        self.poll_interval = max(0.05, poll_interval)
        self.check_ms = max(50, int(check_interval * 1000))
        self.force_polling = force_polling
        #: "notify" (file-system notifications), "polling" (watchfiles' poller) or "walk".
        self.mode = "starting"
        #: Why notifications are not used (when ``mode`` is not "notify").
        self.reason = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        #: Set once the watcher reports changes (notifications armed): at the latest
        #: ``check_interval`` seconds after it started.
        self.ready = threading.Event()

    # -- control ------------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="newsdesk-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    # -- the thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        watchfiles: Any
        try:
            import watchfiles
        except ImportError as exc:  # a broken install: keep working, by walking
            self.reason = f"watchfiles cannot be imported ({exc})"
            watchfiles = None
        while not self.stopped:
            if not self.root.is_dir():
                self._wait_for_return()
                continue
            if watchfiles is None or self.mode == "walk":
                self._walk_loop()
                continue
            polling = self.force_polling or self.mode == "polling"
            try:
                self._watch(watchfiles, polling)
            except Exception as exc:
                if not self.root.is_dir():
                    continue  # gone while the watch started: handled at the top
                self.reason = f"{type(exc).__name__}: {exc}"
                self.mode = "walk" if polling else "polling"

    def _watch(self, watchfiles: Any, polling: bool | None) -> None:
        self.mode = "polling" if polling else "notify"
        for changes in watchfiles.watch(
            self.root,
            watch_filter=self._wanted,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=self._stop,
            rust_timeout=self.check_ms,
            yield_on_timeout=True,
            force_polling=polling or None,
            poll_delay_ms=int(self.poll_interval * 1000),
            recursive=True,
            ignore_permission_denied=True,
            raise_interrupt=False,
        ):
            if not self.root.is_dir():
                return  # renamed or removed: `_run` reports it
            if changes:
                # Named as the folder was given (watchfiles names them absolute): the index
                # knows them by the paths it walked, e.g. "articles/a.md".
                self.on_changes({self._as_given(path) for _, path in changes})
            self.ready.set()
        # The generator returns when the stop event is set.

    def _as_given(self, path: str) -> Path:
        """``path`` under the folder as it was given (relative stays relative)."""
        try:
            rel = os.path.relpath(path, self.root)
        except ValueError:
            return Path(path)
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            return Path(path)  # not under the folder as given (a symlinked folder): as named
        return self.root / rel

    def _walk_loop(self) -> None:
        """No notifications at all: ask for a walk of the folder every ``poll_interval``."""
        self.mode = "walk"
        self.ready.set()
        while not self._stop.wait(self.poll_interval):
            if not self.root.is_dir():
                return
            self.on_changes(None)

    def _wait_for_return(self) -> None:
        self.on_gone()
        while not self._stop.wait(self.poll_interval):
            if self.root.is_dir():
                self.on_back()
                return

    def _wanted(self, change: object, path: str) -> bool:
        """Whether a change matters: articles, and folders (which may hold articles)."""
        try:
            rel = os.path.relpath(path, self.root)
        except ValueError:
            return False
        parts = rel.split(os.sep)
        if any(part.startswith(".") or part == "node_modules" for part in parts if part not in ("", ".")):
            return False
        if path.lower().endswith(ARTICLE_SUFFIXES) or os.path.basename(path) == SCHEMA_FILENAME:
            return True  # an article, or a section's schema (its articles' roles and fields)
        # Another kind of file is of no interest; a folder (or a path that is gone, which may
        # have been a folder) is.
        return not os.path.isfile(path)
