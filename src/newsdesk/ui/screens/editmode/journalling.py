"""Unsaved edits kept outside the articles folder (`newsdesk.core.write.journal`) while typing:
written once typing stops for `JOURNAL_DELAY`, in a thread; removed once saved or discarded."""

from __future__ import annotations

from functools import partial

from textual.timer import Timer

from newsdesk.core.model.errors import SaveError
from newsdesk.core.write import journal
from newsdesk.ui.screens.editmode.context import EditContext

#: Unsaved edits are journalled this long after typing stops (seconds).
JOURNAL_DELAY = 2.0


class EditJournal:
    """The journal entry of one edit screen: this app's copy of its unsaved edits."""

    def __init__(self, screen: EditContext) -> None:
        self.screen = screen
        self.timer: Timer | None = None

    def entry(self) -> journal.Entry | None:
        """The pending edits as a journal entry (None: nothing unsaved)."""
        screen = self.screen
        if not screen.is_dirty():
            return None
        article = screen.article
        if screen.mode == "raw":
            return journal.for_article(article, article.metadata, None, raw=screen.body_text())
        body = screen.body_text() if screen.body_changed() else None
        draft = screen.new_draft
        if draft is not None:
            return journal.for_article(
                article, screen.form_values(), body, new_format=draft.format, new_entry_id=draft.entry_id
            )
        return journal.for_article(article, screen.form_values(), body)

    def schedule(self) -> None:
        """An edit: journal once typing has stopped for `JOURNAL_DELAY` seconds."""
        if self.timer is not None:
            self.timer.stop()
        self.timer = self.screen.set_timer(JOURNAL_DELAY, self.now)

    def now(self) -> None:
        """Journal the edits now (in a thread; what the timer does)."""
        self.timer = None
        entry = self.entry()
        self.screen.run_worker(
            partial(self._write, entry),
            name="_journal_worker",
            group="journal",
            description="journal",
            exclusive=True,
            thread=True,
        )

    def _write(self, entry: journal.Entry | None) -> None:
        """(worker) Write ``entry``; None: forget this app's entry."""
        if entry is None:
            self.forget()
            return
        try:
            journal.write_entry(entry)
        except SaveError as exc:
            self.screen.app.call_from_thread(
                self.screen.show_message, f"Cannot keep unsaved edits: {exc}", "warning"
            )

    def write_sync(self) -> None:
        """Journal now, in this thread (SIGHUP/SIGTERM: the app is about to die)."""
        try:
            entry = self.entry()
            if entry is not None:
                journal.write_entry(entry)
        except Exception:
            pass

    def stop_timer(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None

    def forget(self) -> None:
        """Remove this app's entry for the article (other instances' entries stay)."""
        self.stop_timer()
        screen = self.screen
        if screen.new_draft is not None:
            journal.remove_entry(screen.article.path, screen.new_draft.entry_id)
        else:
            journal.remove_entry(screen.article.path)
