"""The reader's filter line: the list follows as it is typed; words the list text does not match
are looked for in the articles' bodies by a grep in a thread (`newsdesk.ui.listmodel.grep_files`)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual.timer import Timer
from textual.worker import get_current_worker

from newsdesk.ui.listmodel import grep_files, query_words
from newsdesk.ui.messages import GrepFinished
from newsdesk.ui.screens.reading.context import MainContext

#: Seconds the filter waits after a key before grepping the bodies.
GREP_DELAY = 0.15


class ListFilter:
    """The filter of one reader: its line, its query and the body grep."""

    def __init__(self, screen: MainContext) -> None:
        self.screen = screen
        self._grep_timer: Timer | None = None

    def show(self, show: bool) -> None:
        # Inline display (not a CSS class) so the box is focusable at once: keys typed right
        # after "/" must land in it, not run list commands.
        self.screen.filter_line.display = show

    def open(self) -> None:
        """/: the filter line, focused."""
        self.show(True)
        self.screen.set_focus(self.screen.filter_line)

    def close(self, keep: bool = False) -> None:
        """Back to the list; ``keep``: a typed filter stays (and so does its line)."""
        box = self.screen.filter_line
        if not keep or not box.value:
            box.value = ""
            self.show(False)
        self.screen.set_focus(self.screen.article_list)

    def clear(self) -> None:
        """esc: every article again, and the list focused."""
        screen = self.screen
        if screen.model.query:
            screen.filter_line.value = ""
            self.show(False)
            self.set("")
        screen.set_focus(screen.article_list)

    def set(self, query: str) -> None:
        """Filter the list by ``query`` (its body words are grepped soon)."""
        model = self.screen.model
        if query == model.query:
            return
        model.query = query
        self.screen.apply_rows()
        self.schedule_grep()

    def schedule_grep(self) -> None:
        """Grep the bodies for the query's words once typing pauses (none: stop a running grep)."""
        if self._grep_timer is not None:
            self._grep_timer.stop()
            self._grep_timer = None
        screen = self.screen
        words = screen.model.words
        if not words:
            screen.workers.cancel_group(screen, "grep")
            return
        self._grep_timer = screen.set_timer(GREP_DELAY, lambda: self._start_grep(words))

    def _start_grep(self, words: tuple[str, ...]) -> None:
        self.screen.run_worker(
            partial(self._grep, words),
            name="_grep",
            group="grep",
            description="grep",
            exclusive=True,
            thread=True,
        )

    def _grep(self, words: tuple[str, ...]) -> None:
        """(worker) The articles whose bodies hold every word of ``words``."""
        worker = get_current_worker()
        search = {path: entry.search_text for path, entry in list(self.screen.model.entries.items())}
        # Only files whose list text does not already match need their body read.
        candidates = [p for p, text in search.items() if not all(w in text for w in words)]
        matches = {p for p, ok in grep_files(candidates, words, lambda: worker.is_cancelled) if ok}
        if not worker.is_cancelled:
            self.screen.from_worker(self._grep_done, words, frozenset(matches))

    def _grep_done(self, words: tuple[str, ...], matches: frozenset[Path]) -> None:
        screen = self.screen
        if query_words(screen.model.query) != words:
            return
        screen.model.body_matches = (words, matches)
        screen.apply_rows()
        screen.post_message(GrepFinished(words))
