"""Edits kept by an app that died (its journal entries, `newsdesk.core.write.journal`): offered
when the article is opened, restored into the form (or raw text), or discarded."""

from __future__ import annotations

from textual.content import Content

from newsdesk.core.model.body import merge_lines
from newsdesk.core.model.errors import SaveError
from newsdesk.core.model.record import replace
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.rules.editcheck import differences
from newsdesk.core.write import journal
from newsdesk.core.write.save import render_metadata
from newsdesk.core.write.splice import UNSET
from newsdesk.ui.screens.dialogs import RecoveryChoice, RecoveryDialog, differences_content
from newsdesk.ui.screens.editmode.conflicts import ConflictFlow
from newsdesk.ui.screens.editmode.context import EditContext
from newsdesk.ui.screens.editmode.journalling import EditJournal

#: What restoring means when the file is no longer as the kept edits found it.
STATE_NOTES = {
    "changed": "The file has changed on disk since: restoring opens the conflict dialog.",
    "missing": "The file has been deleted since.",
}


class Recovery:
    """The kept edits of one article (`EditContext.recovery`), offered one set at a time."""

    def __init__(self, screen: EditContext, journal: EditJournal, conflicts: ConflictFlow) -> None:
        self.screen = screen
        self.journal = journal
        self.conflicts = conflicts

    def offer(self) -> None:
        """Offer the kept edits: one set at once; several (several apps died) as a list first."""
        screen = self.screen
        if not screen.recovery:
            return
        if len(screen.recovery) == 1:
            self.offer_entry(screen.recovery[0])
            return

        def row(e: journal.Entry) -> Content:
            # The new values, so that sets changing the same fields can be told apart.
            shown = [f"{k}: {'(removed)' if v is UNSET else v}" for k, v in e.changes.items()]
            shown += [d for d in e.describe() if d.startswith("edit ")]
            what = clean_line("; ".join(shown), 50)
            return Content.assemble((f"kept {e.kept_at()}", "bold"), "  ", what)

        def chosen(index: int | None) -> None:
            if index is not None and 0 <= index < len(screen.recovery):
                self.offer_entry(screen.recovery[index])

        screen.app.push_screen(
            RecoveryChoice(
                f"{len(screen.recovery)} sets of unsaved edits were kept for this article",
                [row(e) for e in screen.recovery],
            ),
            chosen,
        )

    def offer_entry(self, entry: journal.Entry) -> None:
        """Show what restoring ``entry`` would change; restore, discard, or (esc) back to the list."""
        screen = self.screen
        state = entry.file_state()
        note = STATE_NOTES.get(state, "")
        message = Content.assemble(
            f"Unsaved edits of this article were kept at {entry.kept_at()}. Restoring would change:\n",
            self._changes(entry),
            (f"\n{note}" if note else "", "bold $warning"),
        )

        def answer(result: str | None) -> None:
            if result == "restore":
                screen.run_worker(self.restore(entry, state))
            elif result == "discard":
                journal.discard(entry)
                screen.recovery = [e for e in screen.recovery if e is not entry]
                screen.show_message("Kept edits discarded")
                if screen.recovery:
                    self.offer()
            elif len(screen.recovery) > 1:
                self.offer()  # esc: back to the list

        screen.app.push_screen(RecoveryDialog("Restore unsaved edits?", message), answer)

    def _changes(self, entry: journal.Entry) -> Content:
        """What restoring ``entry`` would change, as the dialog lists it."""
        article = self.screen.article
        if entry.raw is not None:
            fields, body = differences({}, {}, article.text, entry.raw)
        elif entry.is_new:
            fields, body = differences({}, entry.changes, "", entry.body or "")
        else:
            mine = entry.apply(article.metadata)
            mine_body = (
                article.body if entry.body is None else merge_lines(article.body, entry.body, article.newline)
            )
            fields, body = differences(
                article.metadata, mine, article.body, mine_body, order=list(self.screen.schema.fields)
            )
        return differences_content(fields, body, limit=12)

    async def restore(self, entry: journal.Entry, state: str) -> None:
        """Show ``entry``'s edits (not saved yet); edits made on an older version of the file go
        to the conflict dialog at once."""
        screen = self.screen
        article = screen.article
        if entry.raw is not None:
            await screen.reload(article)
            if screen.mode == "raw":
                raw = screen.editor()
                raw.replace(entry.raw, raw.document.start, raw.document.end)
        elif entry.is_new:
            if screen.new_draft is not None and entry.new_format is not None:
                screen.new_draft.format = entry.new_format
            await screen.reload(article, shown_meta=dict(entry.changes), shown_body=entry.body)
        else:
            if state == "changed" and entry.fingerprint is not None:
                # The edits were made on an older version: keep its fingerprint so saving stops at
                # the conflict dialog instead of writing over the new version.
                article = replace(article, fingerprint=entry.fingerprint)
            shown = entry.apply(article.metadata)
            await screen.reload(article, shown_meta=shown, shown_body=entry.body)
        screen.edited()
        self.adopt(entry)
        if state == "changed" and not entry.is_new:
            screen.disk_changed = True
            screen.update_header()
            try:
                text = (
                    render_metadata(
                        article,
                        screen.form_values(),
                        order=list(screen.schema.fields),
                        body=screen.body_text(),
                    )
                    if screen.mode == "form"
                    else merge_lines(article.text, screen.body_text(), article.newline)
                )
            except SaveError as exc:
                screen.show_message(f"Restored, but cannot be saved as is: {exc}", "warning", timeout=0)
                return
            self.conflicts.ask(text, None, None)
        elif screen.recovery:
            n = len(screen.recovery)
            screen.show_message(
                f"Restored (not saved yet: ctrl+s); {n} other kept set{'s stay' if n != 1 else ' stays'} for later",
                "success",
            )
        else:
            screen.show_message("Restored the kept edits (not saved yet: ctrl+s)", "success")

    def adopt(self, entry: journal.Entry) -> None:
        """The restored edits are this app's now: its own entry holds them, then the kept one goes
        (in that order: a crash in between keeps both, never neither)."""
        screen = self.screen
        screen.recovery = [e for e in screen.recovery if e is not entry]
        try:
            mine = self.journal.entry()
            if mine is not None:
                journal.write_entry(mine)
        except SaveError:
            return  # the kept entry stays: nothing lost
        if entry.writer_state() != "mine":
            journal.discard(entry)
