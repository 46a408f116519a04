"""The file changed on disk while it was edited: noticed by polling (`DiskWatch`), decided in the
conflict dialog at save time (`ConflictFlow`): merge, see the difference, reload, or overwrite."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial

from newsdesk.core.model.article import Article
from newsdesk.core.model.body import merge_lines
from newsdesk.core.model.errors import ConflictError, SaveError
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.editcheck import SaveCheck, differences
from newsdesk.core.write import journal
from newsdesk.core.write.merge import DiskMerge, plan_merge
from newsdesk.core.write.save import write_text
from newsdesk.ui.screens.dialogs import ConfirmDialog, ConflictDialog, DiffScreen, differences_content
from newsdesk.ui.screens.editmode.context import EditContext, broken_problem
from newsdesk.ui.screens.editmode.journalling import EditJournal
from newsdesk.ui.screens.editmode.saving import SAVE_LOCK_WAIT, SaveFlow, Then

#: Said when the conflict dialog is left without a decision.
NOT_DECIDED = "Not saved: the file changed on disk (ctrl+s to decide again)"


class ConflictFlow:
    """What to do with edits the file on disk no longer matches."""

    def __init__(self, screen: EditContext, journal: EditJournal, saver: SaveFlow) -> None:
        self.screen = screen
        self.journal = journal
        self.saver = saver

    def ask(self, text: str, check: SaveCheck | None, then: Then) -> None:
        """The file changed on disk: ask at once; the version on disk is read and merged with
        ``text`` in a worker meanwhile (the dialog then says what a merge would do)."""
        screen = self.screen
        screen.disk_changed = True
        screen.update_header()
        base = screen.article
        merging = screen.mode == "form"
        plans: list[DiskMerge | None] = []  # filled once read

        def plan() -> DiskMerge | None:
            if not plans:  # chosen before the worker was done: read it now
                plans.append(plan_merge(base, text, order=list(screen.schema.fields)))
            return plans[0]

        def chosen(result: str | None) -> None:
            if result == "merge":
                found = plan()
                if found is None:
                    screen.show_message(
                        "Cannot merge: the version on disk cannot be read or does not parse "
                        "(ctrl+s, then d shows it)",
                        "error",
                        timeout=0,
                    )
                else:
                    self.merge(found, check, then)
            elif result == "diff":
                self.show_difference(lambda: self.ask(text, check, then))
            elif result == "reload":
                self.confirm_reload()
            elif result == "overwrite":
                self.overwrite(plan() if merging else None, text, check, then)
            else:
                screen.show_message(NOT_DECIDED, "warning")

        dialog = ConflictDialog(
            "Changed on disk",
            f"{screen.rel} was changed on disk since you opened it (another editor, a git pull). "
            "Your edits are not saved yet.",
            can_merge=merging,
        )
        screen.app.push_screen(dialog, chosen)
        if merging:
            screen.run_worker(
                partial(self._merge_worker, base, text, plans, dialog),
                name="_merge_worker",
                group="merge",
                description="merge",
                exclusive=True,
                thread=True,
            )

    def overwrite(self, plan: DiskMerge | None, text: str, check: SaveCheck | None, then: Then) -> None:
        """o: your version wins (merged: only the fields you changed; raw: the whole text)."""
        if plan is not None:
            self.write_over(plan, plan.overwrite(), check, then, "overwrote the fields you changed")
        elif self.screen.mode == "raw":
            self.saver.write_raw(text, then, force=True)
        else:
            self.saver.write(text, check or SaveCheck(text, ()), then, force=True)

    def _merge_worker(
        self, base: Article, text: str, plans: list[DiskMerge | None], dialog: ConflictDialog
    ) -> None:
        """(worker) Read the version on disk and merge; the dialog then says what a merge does."""
        found = plan_merge(base, text, order=list(self.screen.schema.fields))

        def done() -> None:
            if not plans:
                plans.append(found)
            note = plans[0].describe() if plans[0] is not None else "The version on disk cannot be merged."
            dialog.add_note(note)

        try:
            self.screen.app.call_from_thread(done)
        except RuntimeError:
            pass  # the app is gone: nothing to say

    def merge(self, plan: DiskMerge, check: SaveCheck | None, then: Then) -> None:
        """m: a clean merge is written at once; fields changed on both sides are decided first."""
        result = plan.result
        if not result.conflicts:
            self.write_over(plan, plan.resolved(frozenset()), check, then, plan.from_disk())
            return
        from newsdesk.ui.screens.merge import MergeDecision, MergeScreen

        def decided(decision: MergeDecision | None) -> None:
            if decision is None:
                self.screen.show_message(NOT_DECIDED, "warning")
            elif decision.edit is not None:
                self.edit_conflict(plan, decision.edit)
            else:
                self.write_over(plan, plan.resolved(decision.take_ours), check, then, plan.from_disk())

        self.screen.app.push_screen(MergeScreen(self.screen.rel, result.conflicts), decided)

    def write_over(
        self, plan: DiskMerge, text: str | None, check: SaveCheck | None, then: Then, note: str
    ) -> None:
        """Write ``text`` over the version read from disk (conflict-checked against it again)."""
        screen = self.screen
        if text is None:
            screen.show_message(f"Not saved: {plan.error or 'cannot merge'}", "error", timeout=0)
            return
        try:
            saved = write_text(
                plan.fresh, text, lock_timeout=SAVE_LOCK_WAIT, follow_symlinks=screen.schema.follow_symlinks
            )
        except ConflictError:
            self.ask(plan.ours_text, check, then)  # changed again meanwhile: read it again
            return
        except SaveError as exc:
            screen.show_message(f"Not saved: {exc}", "error", timeout=0)
            return
        self.journal.forget()
        screen.disk_changed = False
        screen.run_worker(self._after_merge_save(saved, note, then))

    async def _after_merge_save(self, saved: Article, note: str, then: Then) -> None:
        screen = self.screen
        await screen.reload(saved)  # the form shows what was written: theirs' fields too
        screen.show_message(f"Saved {screen.rel}: {note}", "success", timeout=0)
        screen.nd_app.refresh_reader(saved.path)
        if then is not None:
            then()

    def edit_conflict(self, plan: DiskMerge, field: str) -> None:
        """e: back to the form, now over the version on disk, with your values (of the fields
        changed on both sides too) and ``field`` focused: the next ctrl+s saves over it."""
        screen = self.screen
        shown = plan.mine_over_theirs()
        if shown is None:
            screen.show_message(f"Cannot merge: {plan.error}", "error", timeout=0)
            return
        meta, body = shown

        async def back() -> None:
            await screen.reload(plan.fresh, shown_meta=meta, shown_body=body)
            screen.edited()
            screen.show_message(f"Merged with the version on disk, not saved yet: check {field}, then ctrl+s")
            if field == "body" or not screen.focus_field(field):
                screen.editor().focus()

        screen.run_worker(back())

    def show_difference(self, back: Callable[[], None]) -> None:
        """d: the version on disk against yours; ``back`` runs when it is closed."""
        screen = self.screen
        article = screen.article
        theirs = load_article(article.path)
        if screen.mode == "raw" or broken_problem(theirs) is not None:
            fields, body = differences(
                {}, {}, theirs.text, merge_lines(article.text, screen.body_text(), article.newline)
            )
        else:
            mine_body = merge_lines(article.body, screen.body_text(), article.newline)
            fields, body = differences(
                theirs.metadata,
                screen.form_values(),
                theirs.body,
                mine_body,
                order=list(screen.schema.fields),
            )
        screen.app.push_screen(
            DiffScreen("On disk vs. yours", differences_content(fields, body)), lambda _: back()
        )

    def confirm_reload(self) -> None:
        """r: drop the edits and show the version on disk (asks first)."""
        screen = self.screen

        def answer(result: str | None) -> None:
            if result == "yes":
                self.journal.forget()
                screen.disk_changed = False
                screen.run_worker(self._reload_from_disk("Reloaded: your edits were dropped"))

        screen.app.push_screen(
            ConfirmDialog(
                "Reload from disk", "Your unsaved edits will be dropped. Reload the version on disk?"
            ),
            answer,
        )

    async def _reload_from_disk(self, message: str) -> None:
        screen = self.screen
        article = load_article(screen.article.path)
        await screen.reload(article)
        screen.show_message(message)


class DiskWatch:
    """Polls the file (stat, then its hash) and marks the screen once it changed on disk."""

    def __init__(self, screen: EditContext) -> None:
        self.screen = screen

    def check(self) -> None:
        """(timer) Look again, in a thread, unless it is known to have changed already."""
        if not self.screen.disk_changed:
            self.screen.run_worker(
                partial(self._check, self.screen.article),
                name="_check_disk_worker",
                group="disk-check",
                description="disk check",
                exclusive=True,
                thread=True,
            )

    def _check(self, article: Article) -> None:
        """(worker) Has ``article``'s file changed since it was read?"""
        fp = article.fingerprint
        if fp is None:
            return
        try:
            st = os.stat(article.path)
            changed = st.st_size != fp.size or st.st_mtime_ns != fp.mtime_ns
        except OSError:
            changed = True
        if changed:
            entry = journal.Entry(article.path, fp)
            changed = entry.file_state() != "unchanged"
        if changed:
            self.screen.app.call_from_thread(self._mark_changed, article)

    def _mark_changed(self, article: Article) -> None:
        screen = self.screen
        if article is screen.article and not screen.disk_changed:
            screen.disk_changed = True
            screen.update_header()
            screen.show_message(
                "The file changed on disk; your form is kept. ctrl+s shows the conflict; esc and e reloads.",
                "warning",
                timeout=0,
            )
