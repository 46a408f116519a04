"""Edit mode: a form made from the schema, the body editor, checks before saving, never losing work.

The screen only calls core: `check_save` / `check_new` (would this save be refused? the text to
write), `write_text` / `create_article` (the one atomic save with its conflict check), the journal
(unsaved edits kept outside the articles folder) and `merge_lines` (raw text back, line endings
kept). "Unsaved" means the form's values differ from the saved ones, not that keys were pressed.

Three modes: the form (front matter parses), raw (it does not: the whole text, with the parser's
error and the cursor at its line) and read-only (the reader could not read the file losslessly, or
it cannot be written: the form is shown, greyed, and says why).

`EditScreen` holds the widgets, the keys and the saved state, and wires the parts of
`newsdesk.ui.screens.editmode` (saving, conflicts, the journal, recovery), which ask it only
through `editmode.context.EditContext`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Literal, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, Select, Static, Switch, TextArea

from newsdesk.core.model.article import Article
from newsdesk.core.model.body import split_lines
from newsdesk.core.model.textsafe import clean_line, escape_path
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.editcheck import SaveCheck, check_new, check_save
from newsdesk.core.rules.schema import Schema
from newsdesk.core.write import journal
from newsdesk.core.write.disk import link_outside
from newsdesk.core.write.splice import UNSET
from newsdesk.ui.host import NewsdeskHost
from newsdesk.ui.screens.dialogs import UnsavedDialog
from newsdesk.ui.screens.editmode import form, navigation
from newsdesk.ui.screens.editmode.conflicts import ConflictFlow, DiskWatch
from newsdesk.ui.screens.editmode.context import NewDraft, broken_problem
from newsdesk.ui.screens.editmode.journalling import EditJournal
from newsdesk.ui.screens.editmode.recovery import Recovery
from newsdesk.ui.screens.editmode.saving import SaveFlow
from newsdesk.ui.widgets.body_editor import BodyEditor, RawEditor
from newsdesk.ui.widgets.form_fields import FieldControl, FormChanged
from newsdesk.ui.widgets.object_list import ObjectListField

__all__ = ["EditScreen", "NewDraft", "broken_problem", "read_only_reason"]

#: Fields mounted with the first frame (the rest follow at once).
FIRST_FIELDS = 6


def read_only_reason(article: Article, *, follow_symlinks: bool = False) -> str | None:
    """Why ``article`` cannot be saved from edit mode (None: it can)."""
    if article.read_only:
        return article.problems[0].message if article.problems else "it could not be read losslessly"
    if article.fingerprint is None:
        return None
    path = article.path
    outside = None if follow_symlinks else link_outside(path)
    if outside is not None:
        link, target, root = outside
        return (
            f"{escape_path(link)} is a link to {escape_path(target)}, outside {escape_path(root)} "
            "([articles] follow_symlinks = true allows saving it)"
        )
    if not os.access(path, os.W_OK):
        return "you do not have permission to change this file"
    folder = Path(os.path.realpath(path)).parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"you do not have permission to write in its folder ({folder.name})"
    return None


class EditScreen(Screen[None]):
    """Edit one article."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "leave", "Back"),
        Binding("ctrl+o", "external", "$EDITOR"),
        Binding("E", "external", "$EDITOR", show=False),  # where E does not type (a person row...)
        Binding("ctrl+pagedown", "switch(1)", "Next article", show=False),
        Binding("ctrl+pageup", "switch(-1)", "Previous article", show=False),
        Binding("f1", "help", "Help"),
        Binding("ctrl+g", "pick_field", "Go to field"),
        Binding("alt+p", "people", "People", show=False),
        Binding("tab", "next_field(1)", "Next field", show=False),
        Binding("shift+tab", "next_field(-1)", "Previous field", show=False),
    ]

    def __init__(
        self,
        article: Article,
        schema: Schema,
        *,
        rel: str,
        new_draft: NewDraft | None = None,
        recovery: list[journal.Entry] | None = None,
    ) -> None:
        super().__init__(classes="edit")
        self.schema = schema
        self.rel = rel
        self.new_draft = new_draft
        #: Kept edits to offer (their writers are gone), oldest first.
        self.recovery = list(recovery or [])
        self.disk_changed = False
        self.dirty = False
        self._open_mark: Path | None = None
        self._leaving = False
        self.controls: dict[str, FieldControl] = {}
        self._header_status: Any = None
        self.form_ready = False
        #: Shown (as a warning) once the screen is up: e.g. what a Hugo archetype left unfilled.
        self.opening_message: str | None = None
        # The parts (newsdesk.ui.screens.editmode): each asks this screen only as an EditContext.
        self.edit_journal = EditJournal(self)
        self.saver = SaveFlow(self, self.edit_journal, on_conflict=self._conflict)
        self.conflicts = ConflictFlow(self, self.edit_journal, self.saver)
        self.recovering = Recovery(self, self.edit_journal, self.conflicts)
        self.disk_watch = DiskWatch(self)
        self._set_article(article)

    def _set_article(
        self, article: Article, shown_meta: dict[str, Any] | None = None, shown_body: str | None = None
    ) -> None:
        """Take ``article`` as the saved state; show ``shown_*`` (default: the same)."""
        self.article = article
        self.saved_meta: dict[str, Any] = dict(article.metadata)
        self.saved_body = article.body
        self._saved_lines = split_lines(article.body)[0]
        self.shown_meta = dict(article.metadata) if shown_meta is None else shown_meta
        self.shown_body = article.body if shown_body is None else shown_body
        broken = broken_problem(article) if self.new_draft is None else None
        self.mode: Literal["form", "raw"] = "raw" if broken is not None else "form"
        self.broken = broken
        self.read_only = (
            read_only_reason(article, follow_symlinks=self.schema.follow_symlinks)
            if self.new_draft is None
            else None
        )
        self.shown_raw = article.text

    def rebase(self, saved: Article) -> None:
        """After a save: ``saved`` is the saved state, and what the form shows is saved."""
        self.article = saved
        self.saved_meta = dict(saved.metadata)
        self.saved_body = saved.body
        self._saved_lines = split_lines(saved.body)[0]
        self.shown_raw = saved.text
        for control in self.controls.values():
            control.rebase()

    @property
    def nd_app(self) -> NewsdeskHost:
        return cast(NewsdeskHost, self.app)

    def mark_leaving(self) -> None:
        """Edit mode is closing without its leave checks (another article's edit mode replaces it)."""
        self._leaving = True

    # -- composition -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="edit-header")
        if self.mode == "raw":
            yield Static(form.raw_problem(self.broken), id="raw-problem")
            yield RawEditor(self.shown_raw, id="raw", read_only=self.read_only is not None)
        else:
            with Container(id="edit-main"):
                with VerticalScroll(id="form", can_focus=False):
                    # The first fields go up with the first frame; the rest follow right after
                    # (a long article's people lists would otherwise delay opening it).
                    self.controls = form.make_controls(
                        self.schema, self.saved_meta, self.shown_meta, disabled=self.read_only is not None
                    )
                    yield from list(self.controls.values())[:FIRST_FIELDS]
                with Vertical(id="body-pane"):
                    yield Static(id="body-label")
                    yield BodyEditor(self.shown_body, id="body", read_only=self.read_only is not None)
        yield Static(id="edit-message")
        yield Footer()

    def on_mount(self) -> None:
        self.nd_app.pause_reader()
        self._after_compose()
        if self.opening_message:
            self.show_message(self.opening_message, "warning", timeout=0)
        self.call_after_refresh(self._mount_rest)
        if self.recovery:
            self.call_after_refresh(self.recovering.offer)
        if self.new_draft is None:
            self._open_mark = self.article.path
            journal.mark_open(self._open_mark)  # another newsdesk opening it is told so
        interval = self.nd_app.poll_interval
        if interval and self.new_draft is None:
            self.set_interval(interval, self._check_disk)

    def _after_compose(self) -> None:
        self.dirty = self.is_dirty()
        self.update_header()
        if self.mode == "raw":
            raw = self.query_one("#raw", RawEditor)
            p = self.broken
            if p is not None:
                raw.cursor_location = (max(p.line - 1, 0), max(p.column - 1, 0))
            raw.focus()
            self.call_after_refresh(raw.scroll_cursor_visible, center=True)
        else:
            body = self.query_one("#body", BodyEditor)
            self.query_one("#body-label", Static).update(form.body_label(body))
            first = self._first_focus()
            if first is not None:
                first.focus(scroll_visible=False)
            self.query_one("#form", VerticalScroll).scroll_home(animate=False, immediate=True)
        if self.read_only is not None:
            self.show_message(f"read-only: {self.read_only}", "warning", timeout=0)

    def _first_focus(self) -> Widget | None:
        if self.read_only is not None:
            return self.query_one("#body", BodyEditor)
        for control in self.controls.values():
            target = control.focus_target()
            if target is not None and target.focusable:
                return target
        return self.query_one("#body", BodyEditor)

    async def reload(
        self, article: Article, shown_meta: dict[str, Any] | None = None, shown_body: str | None = None
    ) -> None:
        """Show ``article`` afresh (after a reload, a save in raw mode, an external edit, a restore)."""
        self._set_article(article, shown_meta, shown_body)
        await self.recompose()
        await self._mount_rest()
        self._after_compose()

    async def _mount_rest(self) -> None:
        """Mount the fields that were left out of the first frame."""
        if self.mode != "form":
            self.form_ready = True
            return
        rest = [c for c in list(self.controls.values())[FIRST_FIELDS:] if not c.is_attached]
        if rest:
            await self.query_one("#form", VerticalScroll).mount_all(rest)
        self.form_ready = True

    # -- values ----------------------------------------------------------------------------

    def form_values(self) -> dict[str, Any]:
        """The metadata the form stands for: saved keys in their order, then new ones (schema order)."""
        return form.form_values(self.controls, self.schema, self.saved_meta, new=self.new_draft is not None)

    def editor(self) -> TextArea:
        """The body editor in the form, the whole text in raw mode."""
        if self.mode == "raw":
            return self.query_one("#raw", RawEditor)
        return self.query_one("#body", BodyEditor)

    def body_text(self) -> str:
        return self.editor().text

    def body_changed(self) -> bool:
        if self.mode == "raw":
            return self.editor().document.lines != split_lines(self.article.text)[0]
        return self.editor().document.lines != self._saved_lines

    def is_dirty(self) -> bool:
        if self.read_only is not None or (not self.is_mounted and not self.controls):
            return False
        try:
            if self.body_changed():
                return True
        except Exception:  # not composed yet
            return False
        if self.mode == "raw":
            return False
        return any(control.is_changed() for control in self.controls.values())

    def check(self) -> SaveCheck:
        values = self.form_values()
        body = self.body_text()
        if self.new_draft is not None:
            return check_new(self.article, values, body, self.new_draft.format, self.schema)
        return check_save(self.article, values, body, self.schema)

    # -- reacting to edits -----------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Switch.Changed)
    @on(FormChanged)
    def edited(self) -> None:
        """An edit: the header follows (modified, the status), the journal keeps it soon."""
        if not self.is_mounted:
            return
        dirty = self.is_dirty()
        field = self.schema.roles.status
        status = self.controls[field].value() if field in self.controls else None
        if dirty != self.dirty or status != self._header_status:
            self.dirty = dirty
            self._header_status = status
            self.update_header()
        if self.read_only is None:
            self.edit_journal.schedule()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Errors show as the editor leaves a field, not only on save."""
        if self.mode != "form" or self._leaving or self.read_only is not None:
            return
        control = self._control_of(event.widget)
        if control is None:
            return
        focused = self.focused
        if focused is not None and self._control_of(focused) is control:
            return  # still inside the same field (a list's rows)
        grouped = form.problems_by_field(self.check().problems, self.controls)
        control.set_problems(grouped.get(control.field_name, []))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The field (and the person row) holding the focus is marked ``-current``: without
        colours its label shows it (an input's cursor may be out of view)."""
        marked = [n for n in event.widget.ancestors_with_self if n.has_class("field") or n.has_class("item")]
        for old in self.query(".-current"):
            if old not in marked:
                old.remove_class("-current")
        for new in marked:
            new.add_class("-current")

    # -- moving between fields -----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Raw text has no fields to go to (and Tab is the text area's there).
        return not (action in ("pick_field", "people", "next_field") and self.mode != "form")

    def action_next_field(self, delta: int) -> None:
        """tab / shift+tab: the next / previous field; a list of items is one stop (↓ / ↑ move
        within it, and Tab comes back to the item focused last)."""
        chain = self.focus_chain
        focused = self.focused
        if not chain:
            return
        if focused is None or focused not in chain:
            chain[0 if delta > 0 else -1].focus()
            return
        found = navigation.next_stop(chain, focused, delta)
        if found is not None:
            self._go_to(*found)

    def _go_to(self, target: Widget, control: Widget | None = None) -> None:
        """Focus ``target`` and keep its field in view (the label too, where it fits)."""
        target.focus(scroll_visible=False)
        field = control or self._control_of(target)

        def show() -> None:
            if field is not None and field.size.height <= self.query_one("#form").size.height:
                field.scroll_visible(animate=False, immediate=True)
            target.scroll_visible(animate=False, immediate=True)

        self.call_after_refresh(show)

    def focus_field(self, field: str | None) -> bool:
        """Focus the control of ``field`` (a top-level name or a path into it) and bring it into
        view; False: the form has nothing to focus for it."""
        target = navigation.field_target(self.controls, field)
        if target is None:
            return False
        if target.focusable:
            target.focus()
            self.call_after_refresh(target.scroll_visible)
        return True

    def action_pick_field(self) -> None:
        """ctrl+g: jump to a field by (a few letters of) its name."""
        if self.mode != "form":
            return
        from newsdesk.ui.screens.field_picker import FieldPicker

        names = [n for n, c in self.controls.items() if c.is_attached and c.focus_target() is not None]

        def chosen(name: str | None) -> None:
            control = self.controls.get(name or "")
            if control is None:
                return
            target = control.entry() if isinstance(control, ObjectListField) else control.focus_target()
            if target is not None:
                self._go_to(target, control)

        self.app.push_screen(FieldPicker(names), chosen)

    def action_people(self) -> None:
        """alt+p: the next list of people (attendees, speakers, ...)."""
        lists = navigation.people_lists(self.controls, self.schema.roles.people_fields)
        if not lists:
            self.show_message("this form has no list of people", "warning")
            return
        current = self._control_of(self.focused)
        index = lists.index(current) + 1 if current in lists else 0
        control = lists[index % len(lists)]
        target = control.entry()
        if target is not None:
            self._go_to(target, control)

    def _control_of(self, widget: Widget | None) -> FieldControl | None:
        return navigation.control_of(widget, self)

    # -- header and messages ----------------------------------------------------------------

    def update_header(self) -> None:
        """The header line follows the state (modified, changed on disk, the status...)."""
        roles = self.schema.roles
        shown = None
        if self.mode == "form" and roles.status in self.controls:
            field = roles.status
            status = self.controls[field].value() if self.is_mounted else self.shown_meta.get(field)
            # The status role's field (a draft flag: draft / published).
            shown = roles.status_of({field: status}) if status is not UNSET else None
        line = form.header(
            dirty=self.dirty,
            disk_changed=self.disk_changed,
            read_only=self.read_only,
            raw=self.mode == "raw",
            new=self.new_draft is not None,
            rel=self.rel,
            status=shown,
        )
        try:
            # One fixed line: no layout pass (which would redraw and resend the whole screen).
            self.query_one("#edit-header", Static).update(line, layout=False)
        except NoMatches:
            pass

    _message_timer: Timer | None = None

    def show_message(self, text: str | Content, severity: str = "information", timeout: float = 6) -> None:
        content = text if isinstance(text, Content) else Content(clean_line(text))
        if severity == "error":
            content = content.stylize("bold $error")
        elif severity == "warning":
            content = content.stylize("$warning")
        elif severity == "success":
            content = content.stylize("$success")
        line = self.query_one("#edit-message", Static)
        line.update(content)
        if self._message_timer is not None:
            self._message_timer.stop()
            self._message_timer = None
        if timeout:
            self._message_timer = self.set_timer(timeout, lambda: line.update(""))

    # -- saving, the disk, the journal (newsdesk.ui.screens.editmode) ------------------------------

    def action_save(self) -> None:
        # ctrl+s is a priority binding: it runs as the key arrives, while keys typed just before it
        # (a fast typist, a paste, a slow link) may still wait in the focused field's queue. Saving
        # after that queue keeps "type, then ctrl+s" in order.
        self.after_pending_keys(self.save)

    def after_pending_keys(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the focused widget has handled the keys already sent to it."""
        focused = self.focused
        if focused is None:
            callback()
        else:
            focused.call_later(callback)

    def save(self, then: Callable[[], object] | None = None) -> None:
        """Check and write; ``then`` runs once the article is saved (also after a conflict resolved
        by overwriting)."""
        self.saver.save(then)

    def _conflict(self, text: str, check: SaveCheck | None, then: Callable[[], object] | None) -> None:
        """A save found the file changed on disk: the conflict dialog decides."""
        self.conflicts.ask(text, check, then)

    def _check_disk(self) -> None:
        self.disk_watch.check()

    def journal_entry(self) -> journal.Entry | None:
        """The pending edits as a journal entry (None: nothing unsaved)."""
        return self.edit_journal.entry()

    def _journal_now(self) -> None:
        self.edit_journal.now()

    def write_journal_sync(self) -> None:
        """Journal now, in this thread (SIGHUP/SIGTERM: the app is about to die)."""
        self.edit_journal.write_sync()

    def on_unmount(self) -> None:
        if self._open_mark is not None:
            journal.mark_closed(self._open_mark)

    # -- leaving ---------------------------------------------------------------------------

    def confirm_leave(self, then: Callable[[], object]) -> None:
        """Run ``then`` once unsaved edits are saved or discarded (asks: s / d / esc)."""
        if not self.is_dirty():
            then()
            return

        def answer(result: str | None) -> None:
            if result == "save":
                self.save(then)
            elif result == "discard":
                self.edit_journal.forget()
                self.dirty = False
                then()

        name = "this new article" if self.new_draft is not None else self.rel
        self.app.push_screen(
            UnsavedDialog("Unsaved changes", f"{name} has unsaved changes."),
            answer,
        )

    def action_leave(self) -> None:
        self.confirm_leave(self.close)

    def close(self) -> None:
        """Back to the reader, on the same article."""
        self._leaving = True
        self.edit_journal.stop_timer()
        path = self.article.path if self.new_draft is None else None
        app = self.app
        app.pop_screen()
        self.nd_app.back_to_reader(path)

    def action_switch(self, delta: int) -> None:
        self.confirm_leave(lambda: self.nd_app.edit_neighbour(self, delta))

    def action_external(self) -> None:
        if self.new_draft is not None:
            self.show_message("Save the new article first (ctrl+s), then edit it in $EDITOR", "warning")
            return
        self.confirm_leave(self._run_external)

    def _run_external(self) -> None:
        from newsdesk.ui.external import run_editor

        self._leaving = True
        error = run_editor(self.app, self.article.path)
        self._leaving = False
        if error is not None:
            self.show_message(error, "error")
            return
        article = load_article(self.article.path)

        async def after() -> None:
            await self.reload(article)
            self.show_message(self.nd_app.validation_summary(article))
            self.nd_app.refresh_reader(self.article.path)

        self.run_worker(after())

    def action_help(self) -> None:
        from newsdesk.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(section="Edit mode"))
