"""Saving from edit mode: check, then the one atomic save (`write_text` / `create_article`) with
its conflict check. A conflict is handed to the handler the screen gives (`conflicts`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Protocol

from newsdesk.core.model.article import Article
from newsdesk.core.model.body import merge_lines
from newsdesk.core.model.errors import ConflictError, SaveError
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.read.reader import parse_text
from newsdesk.core.rules.editcheck import SaveCheck, top_field
from newsdesk.core.write import journal
from newsdesk.core.write.save import write_text
from newsdesk.ui.screens.dialogs import ConfirmDialog
from newsdesk.ui.screens.editmode.context import EditContext, broken_problem
from newsdesk.ui.screens.editmode.form import in_form_order, problems_by_field, summary
from newsdesk.ui.screens.editmode.journalling import EditJournal

#: Seconds a save waits for another newsdesk save in the same folder (which holds its lock for
#: milliseconds). Saving runs on the event loop, so it must not wait the CLI's 10 s; after this the
#: save is refused with a message and the edits stay unsaved (and journalled) for another ctrl+s.
SAVE_LOCK_WAIT = 1.0

Then = Callable[[], object] | None


class ConflictHandler(Protocol):
    def __call__(self, text: str, check: SaveCheck | None, then: Then) -> None:
        """The file changed on disk since it was read: ``text`` was not written."""
        ...


class SaveFlow:
    """Check and write what one edit screen shows."""

    def __init__(self, screen: EditContext, journal: EditJournal, on_conflict: ConflictHandler) -> None:
        self.screen = screen
        self.journal = journal
        self.on_conflict = on_conflict

    def save(self, then: Then = None) -> None:
        """Check and write; ``then`` runs once the article is saved (also after a conflict resolved
        by overwriting)."""
        screen = self.screen
        if screen.read_only is not None:
            screen.show_message(f"Not saved: read-only: {screen.read_only}", "error")
            return
        if screen.mode == "raw":
            self.save_raw(then)
            return
        check = screen.check()
        self.show_problems(check)
        if check.refused or check.text is None:
            self.refuse(check)
            return
        if screen.new_draft is not None:
            self.save_new(check, then)
            return
        if check.text == screen.article.text:
            self.saved(screen.article, check, wrote=False)
            if then is not None:
                then()
            return
        self.write(check.text, check, then)

    def show_problems(self, check: SaveCheck) -> None:
        """Each control shows its problems (none: it clears them)."""
        grouped = problems_by_field(check.problems, self.screen.controls)
        for name, control in self.screen.controls.items():
            control.set_problems(grouped.get(name, []))

    def refuse(self, check: SaveCheck) -> None:
        """Not saved: the first error's field takes the focus, the message line says why."""
        screen = self.screen
        controls = screen.controls
        errors = check.blocking
        in_form_order(errors, controls)
        first = errors[0] if errors else None
        if first is not None:
            screen.focus_field(first.field)
        said = summary(errors, "error") if errors else "cannot be saved"
        unplaced = [p for p in errors if top_field(p.field) not in controls]
        extra = f": {clean_line(unplaced[0].message)}" if unplaced else ""
        screen.show_message(f"Not saved: {said}{extra}; fix and press ctrl+s", "error", timeout=0)

    def _written(self, text: str, check: SaveCheck | None, then: Then, force: bool) -> Article | None:
        """``text`` written over the article through the one save; None when it was not (a
        conflict goes to `on_conflict`, any other refusal is said on the status line)."""
        screen = self.screen
        try:
            return write_text(
                screen.article,
                text,
                force=force,
                lock_timeout=SAVE_LOCK_WAIT,
                follow_symlinks=screen.schema.follow_symlinks,
            )
        except ConflictError:
            self.on_conflict(text, check, then)
        except SaveError as exc:
            screen.show_message(f"Not saved: {exc}", "error", timeout=0)
        return None

    def write(self, text: str, check: SaveCheck, then: Then, *, force: bool = False) -> None:
        """Write the form's ``text`` over the article (``force``: whatever is on disk now)."""
        saved = self._written(text, check, then, force)
        if saved is None:
            return
        self.saved(saved, check, wrote=True)
        if then is not None:
            then()

    def saved(self, saved: Article, check: SaveCheck | None, *, wrote: bool) -> None:
        """``saved`` is the saved state now: the form stays, the journal entry goes."""
        screen = self.screen
        screen.rebase(saved)
        screen.disk_changed = False
        self.journal.forget()
        screen.dirty = screen.is_dirty()
        screen.update_header()
        warnings = check.warnings if check is not None else []
        already = check.already if check is not None else []
        note = f"; {summary(warnings, 'warning')}" if warnings else ""
        if already:
            note += f"; {summary(already, 'error')} already in the file, left as it was"
        if wrote:
            screen.show_message(f"Saved {screen.rel}{note}", "success")
            screen.nd_app.refresh_reader(screen.article.path)
        else:
            screen.show_message(f"Nothing to save: no changes{note}")

    def save_new(self, check: SaveCheck, then: Then) -> None:
        """Create the new article (named from its title and date) in the draft's folder."""
        import datetime as dt

        from newsdesk.core.infer.newarticle import create_article

        screen = self.screen
        draft = screen.new_draft
        assert draft is not None
        values = screen.form_values()
        roles = screen.schema.roles
        title = values.get(roles.title)
        date = values.get(roles.date)
        day = date if isinstance(date, dt.date) else dt.date.today()
        if isinstance(day, dt.datetime):
            day = day.date()
        body = merge_lines("", screen.body_text())
        try:
            created = create_article(
                draft.folder,
                values,
                body,
                draft.format,
                title=str(title or ""),
                date=day,
                lock_timeout=SAVE_LOCK_WAIT,
                follow_symlinks=screen.schema.follow_symlinks,
            )
        except SaveError as exc:
            screen.show_message(f"Not saved: {exc}", "error", timeout=0)
            return
        journal.remove_entry(screen.article.path, draft.entry_id)
        screen.new_draft = None
        try:
            screen.rel = os.path.relpath(created.path, screen.nd_app.folder)
        except ValueError:
            screen.rel = str(created.path)
        self.saved(created, check, wrote=True)
        if then is not None:
            then()

    def save_raw(self, then: Then) -> None:
        """Raw mode: write the text; if its front matter still does not parse, ask first."""
        screen = self.screen
        article = screen.article
        text = merge_lines(article.text, screen.body_text(), article.newline)
        parsed = parse_text(text, article.path, bom=article.bom)
        still = broken_problem(parsed)

        def write() -> None:
            if text == screen.article.text:
                screen.show_message("Nothing to save: no changes")
                if then is not None:
                    then()
                return
            self.write_raw(text, then)

        if still is None:
            write()
            return

        def answer(result: str | None) -> None:
            if result == "yes":
                write()

        screen.app.push_screen(
            ConfirmDialog(
                "The front matter still does not parse",
                f"line {still.line}, column {still.column}: {still.message}. Save this half-fixed text anyway?",
            ),
            answer,
        )

    def write_raw(self, text: str, then: Then, *, force: bool = False) -> None:
        """Write raw ``text`` over the article, then show it afresh (the form, if it parses now)."""
        saved = self._written(text, None, then, force)
        if saved is None:
            return
        self.journal.forget()
        self.screen.run_worker(self._after_raw_save(saved, then))

    async def _after_raw_save(self, saved: Article, then: Then) -> None:
        screen = self.screen
        broken = broken_problem(saved)
        await screen.reload(saved)
        if broken is None:
            screen.show_message(
                f"Saved {screen.rel}; the front matter parses now: back to the form", "success"
            )
        else:
            screen.show_message(f"Saved {screen.rel}; the front matter still does not parse", "warning")
        screen.nd_app.refresh_reader(screen.article.path)
        if then is not None:
            then()
