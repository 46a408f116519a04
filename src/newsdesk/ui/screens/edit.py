"""Edit mode: a form made from the schema, the body editor, checks before saving, never losing work.

The screen only calls core: `check_save` / `check_new` (would this save be refused? the text to
write), `write_text` / `create_article` (the one atomic save with its conflict check), the journal
(unsaved edits kept outside the articles folder) and `merge_lines` (raw text back, line endings
kept). "Unsaved" means the form's values differ from the saved ones, not that keys were pressed.

Three modes: the form (front matter parses), raw (it does not: the whole text, with the parser's
error and the cursor at its line) and read-only (the reader could not read the file losslessly, or
it cannot be written: the form is shown, greyed, and says why).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal, cast

from textual import events, on, work
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
from newsdesk.core.model.body import merge_lines, split_lines
from newsdesk.core.model.errors import ConflictError, SaveError
from newsdesk.core.model.problems import Problem
from newsdesk.core.model.record import replace
from newsdesk.core.model.textsafe import clean_line, escape_path
from newsdesk.core.read.reader import load_article, parse_text
from newsdesk.core.rules.editcheck import SaveCheck, check_new, check_save, differences, top_field
from newsdesk.core.rules.schema import Schema
from newsdesk.core.rules.workflow import REVIEW_FIELD
from newsdesk.core.write import journal
from newsdesk.core.write.disk import link_outside
from newsdesk.core.write.merge import DiskMerge, plan_merge
from newsdesk.core.write.save import BROKEN_CODES, render_metadata, write_text
from newsdesk.core.write.splice import UNSET
from newsdesk.ui.host import NewsdeskHost
from newsdesk.ui.screens.dialogs import (
    ConfirmDialog,
    ConflictDialog,
    DiffScreen,
    RecoveryChoice,
    RecoveryDialog,
    UnsavedDialog,
    differences_content,
)
from newsdesk.ui.widgets.body_editor import HIGHLIGHT_MAX_LINES, BodyEditor, RawEditor
from newsdesk.ui.widgets.form_factory import make_control
from newsdesk.ui.widgets.form_fields import FieldControl, FormChanged
from newsdesk.ui.widgets.object_list import AddButton, ItemRow, ObjectListField

#: Fields mounted with the first frame (the rest follow at once).
FIRST_FIELDS = 6
#: Unsaved edits are journalled this long after typing stops (seconds).
JOURNAL_DELAY = 2.0
#: Seconds a save waits for another newsdesk save in the same folder (which holds its lock for
#: milliseconds). Saving runs on the event loop, so it must not wait the CLI's 10 s; after this the
#: save is refused with a message and the edits stay unsaved (and journalled) for another ctrl+s.
SAVE_LOCK_WAIT = 1.0


@dataclass
class NewDraft:
    """A new article, not written yet: where it goes and in which format."""

    folder: Path
    format: Literal["yaml", "toml"]
    entry_id: str


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


def broken_problem(article: Article) -> Problem | None:
    for p in article.problems:
        if p.code in BROKEN_CODES:
            return p
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
        self._journal_timer: Timer | None = None
        self._open_mark: Path | None = None
        self._leaving = False
        self.controls: dict[str, FieldControl] = {}
        self._header_status: Any = None
        self.form_ready = False
        #: Shown (as a warning) once the screen is up: e.g. what a Hugo archetype left unfilled.
        self.opening_message: str | None = None
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
            yield Static(self._raw_problem(), id="raw-problem")
            yield RawEditor(self.shown_raw, id="raw", read_only=self.read_only is not None)
        else:
            with Container(id="edit-main"):
                with VerticalScroll(id="form", can_focus=False):
                    # The first fields go up with the first frame; the rest follow right after
                    # (a long article's people lists would otherwise delay opening it).
                    yield from self._make_controls()[:FIRST_FIELDS]
                with Vertical(id="body-pane"):
                    yield Static(id="body-label")
                    yield BodyEditor(self.shown_body, id="body", read_only=self.read_only is not None)
        yield Static(id="edit-message")
        yield Footer()

    def _make_controls(self) -> list[FieldControl]:
        controls: dict[str, FieldControl] = {}
        schema = self.schema
        saved, shown = self.saved_meta, self.shown_meta
        for name, spec in schema.fields.items():
            if name == REVIEW_FIELD and name not in saved and name not in shown:
                continue  # no review history yet: verdicts write it, the form has nothing to show
            controls[name] = make_control(name, spec, saved.get(name, UNSET), shown.get(name, UNSET), schema)
        for name in [*saved, *shown]:
            if name not in controls:
                controls[name] = make_control(
                    name, None, saved.get(name, UNSET), shown.get(name, UNSET), schema
                )
        # On screen: the roles' fields first, then the rest in file order (then the schema's).
        r = schema.roles
        first = [r.title, r.date, r.byline, r.summary, r.status, r.attendees, r.speakers]
        order = {name: i for i, name in enumerate(dict.fromkeys([*first, *saved, *shown, *controls]))}
        controls = dict(sorted(controls.items(), key=lambda item: order[item[0]]))
        self.controls = controls
        if self.read_only is not None:
            for control in controls.values():
                control.disabled = True
        return list(controls.values())

    def _raw_problem(self) -> Content:
        p = self.broken
        if p is None:
            return Content("")
        return Content.assemble(
            ("✗ ", "bold $error"),
            (f"line {p.line}, column {p.column}: {clean_line(p.message)}", "bold $error"),
            ("  — the front matter does not parse; fix it here (ctrl+s saves)", "$text-muted"),
        )

    def on_mount(self) -> None:
        self.nd_app.pause_reader()
        self._after_compose()
        if self.opening_message:
            self.show_message(self.opening_message, "warning", timeout=0)
        self.call_after_refresh(self._mount_rest)
        if self.recovery:
            self.call_after_refresh(self._offer_recovery)
        if self.new_draft is None:
            self._open_mark = self.article.path
            journal.mark_open(self._open_mark)  # another newsdesk opening it is told so
        interval = self.nd_app.poll_interval
        if interval and self.new_draft is None:
            self.set_interval(interval, self._check_disk)

    def _after_compose(self) -> None:
        self.dirty = self.is_dirty()
        self._update_header()
        if self.mode == "raw":
            raw = self.query_one("#raw", RawEditor)
            p = self.broken
            if p is not None:
                raw.cursor_location = (max(p.line - 1, 0), max(p.column - 1, 0))
            raw.focus()
            self.call_after_refresh(raw.scroll_cursor_visible, center=True)
        else:
            body = self.query_one("#body", BodyEditor)
            lines = body.document.line_count
            label = (
                "Body — Markdown"
                if body.highlighting
                else f"Body — plain text (highlighting is off above {HIGHLIGHT_MAX_LINES:,} lines: {lines:,})"
                if lines >= HIGHLIGHT_MAX_LINES
                else "Body"
            )
            self.query_one("#body-label", Static).update(Content.styled(label, "bold"))
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
        out: dict[str, Any] = {}
        controls = self.controls
        # Keys the file does not have are written in schema order (the form shows roles first).
        new_keys = [n for n in dict.fromkeys([*self.schema.fields, *controls]) if n in controls]
        if self.new_draft is not None:  # nothing on disk yet: schema order
            for name in new_keys:
                value = controls[name].value()
                if value is not UNSET:
                    out[name] = value
            return out
        for key in self.saved_meta:
            control = controls.get(key)
            value = control.value() if control is not None else self.saved_meta[key]
            if value is not UNSET:
                out[key] = value
        for name in new_keys:
            if name not in self.saved_meta:
                value = controls[name].value()
                if value is not UNSET:
                    out[name] = value
        return out

    def body_text(self) -> str:
        if self.mode == "raw":
            return self.query_one("#raw", RawEditor).text
        return self.query_one("#body", BodyEditor).text

    def body_changed(self) -> bool:
        if self.mode == "raw":
            raw = self.query_one("#raw", RawEditor)
            return raw.document.lines != split_lines(self.article.text)[0]
        return self.query_one("#body", BodyEditor).document.lines != self._saved_lines

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

    # -- reacting to edits -----------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Switch.Changed)
    @on(FormChanged)
    def _edited(self) -> None:
        if not self.is_mounted:
            return
        dirty = self.is_dirty()
        field = self.schema.roles.status
        status = self.controls[field].value() if field in self.controls else None
        if dirty != self.dirty or status != self._header_status:
            self.dirty = dirty
            self._header_status = status
            self._update_header()
        if self.read_only is None:
            if self._journal_timer is not None:
                self._journal_timer.stop()
            self._journal_timer = self.set_timer(JOURNAL_DELAY, self._journal_now)

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
        check = self.check()
        control.set_problems(self._problems_by_field(check).get(control.field_name, []))

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

    def _stop_of(self, widget: Widget) -> Widget:
        """What one Tab passes: a list of people (its rows and add button) is one stop."""
        if isinstance(widget, (ItemRow, AddButton)):
            node = widget.parent
            while node is not None and not isinstance(node, ObjectListField):
                node = node.parent
            if node is not None:
                return node
        return widget

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
        here = chain.index(focused)
        unit = self._stop_of(focused)
        for step in range(1, len(chain) + 1):
            widget = chain[(here + delta * step) % len(chain)]
            stop = self._stop_of(widget)
            if stop is unit:
                continue
            target = stop.entry() if isinstance(stop, ObjectListField) else widget
            if target is not None:
                self._go_to(target, stop if isinstance(stop, ObjectListField) else None)
            return

    def _go_to(self, target: Widget, control: Widget | None = None) -> None:
        """Focus ``target`` and keep its field in view (the label too, where it fits)."""
        target.focus(scroll_visible=False)
        field = control or self._control_of(target)

        def show() -> None:
            if field is not None and field.size.height <= self.query_one("#form").size.height:
                field.scroll_visible(animate=False, immediate=True)
            target.scroll_visible(animate=False, immediate=True)

        self.call_after_refresh(show)

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
        lists = [
            c
            for name, c in self.controls.items()
            if isinstance(c, ObjectListField) and name in self.schema.roles.people_fields and c.is_attached
        ]
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
        node: Any = widget
        while node is not None and node is not self:
            if isinstance(node, FieldControl):
                return node
            node = node.parent
        return None

    # -- header and messages ----------------------------------------------------------------

    def _update_header(self) -> None:
        # State first (modified, changed on disk, read-only), so a long path never hides it at 80
        # columns; words, not only colours, for mono terminals.
        parts: list[str | tuple[str, str]] = [(" EDIT ", "bold reverse"), " "]
        if self.dirty:
            parts.append(("● modified", "bold $warning"))
            parts.append(("  ", ""))
        if self.disk_changed:
            parts.append(("changed on disk", "bold $error"))
            parts.append(("  ", ""))
        if self.read_only is not None:
            link = " (a link outside the folder)" if " is a link to " in self.read_only else ""
            parts.append(("read-only" + link, "bold $error"))
            parts.append(("  ", ""))
        if self.mode == "raw":
            parts.append(("raw text", "bold $warning"))
            parts.append(("  ", ""))
        if self.new_draft is not None:
            parts.append(("new article (named when first saved)", "bold"))
        else:
            parts.append((clean_line(self.rel), "bold"))
        roles = self.schema.roles
        if self.mode == "form" and roles.status in self.controls:
            field = roles.status
            status = self.controls[field].value() if self.is_mounted else self.shown_meta.get(field)
            # The status role's field (a draft flag: draft / published).
            shown = roles.status_of({field: status}) if status is not UNSET else None
            if shown:
                parts.append(("  ·  ", "$text-muted"))
                parts.append(clean_line(shown))
        try:
            # One fixed line: no layout pass (which would redraw and resend the whole screen).
            self.query_one("#edit-header", Static).update(Content.assemble(*parts), layout=False)
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

    # -- checking ---------------------------------------------------------------------------

    def check(self) -> SaveCheck:
        values = self.form_values()
        body = self.body_text()
        if self.new_draft is not None:
            return check_new(self.article, values, body, self.new_draft.format, self.schema)
        return check_save(self.article, values, body, self.schema)

    def _problems_by_field(self, check: SaveCheck) -> dict[str, list[Problem]]:
        grouped: dict[str, list[Problem]] = {}
        for p in check.problems:
            name = top_field(p.field)
            if name is not None and name in self.controls:
                grouped.setdefault(name, []).append(p)
        return grouped

    def _show_problems(self, check: SaveCheck) -> None:
        grouped = self._problems_by_field(check)
        for name, control in self.controls.items():
            control.set_problems(grouped.get(name, []))

    def _summary(self, problems: list[Problem], word: str) -> str:
        names = [p.field or p.code for p in problems]
        shown = ", ".join(clean_line(n) for n in names[:4]) + (" …" if len(names) > 4 else "")
        return f"{len(problems)} {word}{'s' if len(problems) != 1 else ''} ({shown})"

    # -- saving ----------------------------------------------------------------------------

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
        if self.read_only is not None:
            self.show_message(f"Not saved: read-only: {self.read_only}", "error")
            return
        if self.mode == "raw":
            self._save_raw(then)
            return
        check = self.check()
        self._show_problems(check)
        if check.refused or check.text is None:
            self._refuse(check)
            return
        if self.new_draft is not None:
            self._save_new(check, then)
            return
        if check.text == self.article.text:
            self._saved(self.article, check, wrote=False)
            if then is not None:
                then()
            return
        self._write(check.text, check, then)

    def _refuse(self, check: SaveCheck) -> None:
        errors = check.blocking
        order = {name: i for i, name in enumerate(self.controls)}

        def rank(p: Problem) -> tuple[int, int, int]:
            name = top_field(p.field)
            return (order.get(name or "", len(order)), p.line, p.column)

        errors.sort(key=rank)
        first = errors[0] if errors else None
        if first is not None:
            name = top_field(first.field)
            control = self.controls.get(name or "")
            target = control.focus_target(first.field) if control is not None else None
            if target is not None and target.focusable:
                target.focus()
                self.call_after_refresh(target.scroll_visible)
        summary = self._summary(errors, "error") if errors else "cannot be saved"
        unplaced = [p for p in errors if top_field(p.field) not in self.controls]
        extra = f": {clean_line(unplaced[0].message)}" if unplaced else ""
        self.show_message(f"Not saved: {summary}{extra}; fix and press ctrl+s", "error", timeout=0)

    def _write(
        self, text: str, check: SaveCheck, then: Callable[[], object] | None, *, force: bool = False
    ) -> None:
        try:
            saved = write_text(
                self.article,
                text,
                force=force,
                lock_timeout=SAVE_LOCK_WAIT,
                follow_symlinks=self.schema.follow_symlinks,
            )
        except ConflictError:
            self._conflict(text, check, then)
            return
        except SaveError as exc:
            self.show_message(f"Not saved: {exc}", "error", timeout=0)
            return
        self._saved(saved, check, wrote=True)
        if then is not None:
            then()

    def _saved(self, saved: Article, check: SaveCheck | None, *, wrote: bool) -> None:
        self.article = saved
        self.saved_meta = dict(saved.metadata)
        self.saved_body = saved.body
        self._saved_lines = split_lines(saved.body)[0]
        self.shown_raw = saved.text
        for control in self.controls.values():
            control.rebase()
        self.disk_changed = False
        self._forget_journal()
        self.dirty = self.is_dirty()
        self._update_header()
        warnings = check.warnings if check is not None else []
        already = check.already if check is not None else []
        note = f"; {self._summary(warnings, 'warning')}" if warnings else ""
        if already:
            note += f"; {self._summary(already, 'error')} already in the file, left as it was"
        if wrote:
            self.show_message(f"Saved {self.rel}{note}", "success")
            self.nd_app.refresh_reader(self.article.path)
        else:
            self.show_message(f"Nothing to save: no changes{note}")

    def _save_new(self, check: SaveCheck, then: Callable[[], object] | None) -> None:
        import datetime as dt

        from newsdesk.core.infer.newarticle import create_article

        draft = self.new_draft
        assert draft is not None
        values = self.form_values()
        roles = self.schema.roles
        title = values.get(roles.title)
        date = values.get(roles.date)
        day = date if isinstance(date, dt.date) else dt.date.today()
        if isinstance(day, dt.datetime):
            day = day.date()
        body = merge_lines("", self.body_text())
        try:
            created = create_article(
                draft.folder,
                values,
                body,
                draft.format,
                title=str(title or ""),
                date=day,
                lock_timeout=SAVE_LOCK_WAIT,
                follow_symlinks=self.schema.follow_symlinks,
            )
        except SaveError as exc:
            self.show_message(f"Not saved: {exc}", "error", timeout=0)
            return
        journal.remove_entry(self.article.path, draft.entry_id)
        self.new_draft = None
        try:
            self.rel = os.path.relpath(created.path, self.nd_app.folder)
        except ValueError:
            self.rel = str(created.path)
        self._saved(created, check, wrote=True)
        if then is not None:
            then()

    def _save_raw(self, then: Callable[[], object] | None) -> None:
        text = merge_lines(self.article.text, self.body_text(), self.article.newline)
        parsed = parse_text(text, self.article.path, bom=self.article.bom)
        still = broken_problem(parsed)

        def write() -> None:
            if text == self.article.text:
                self.show_message("Nothing to save: no changes")
                if then is not None:
                    then()
                return
            try:
                saved = write_text(
                    self.article,
                    text,
                    lock_timeout=SAVE_LOCK_WAIT,
                    follow_symlinks=self.schema.follow_symlinks,
                )
            except ConflictError:
                self._conflict(text, None, then)
                return
            except SaveError as exc:
                self.show_message(f"Not saved: {exc}", "error", timeout=0)
                return
            self._forget_journal()
            self.run_worker(self._after_raw_save(saved, then))

        if still is None:
            write()
            return

        def answer(result: str | None) -> None:
            if result == "yes":
                write()

        self.app.push_screen(
            ConfirmDialog(
                "The front matter still does not parse",
                f"line {still.line}, column {still.column}: {still.message}. Save this half-fixed text anyway?",
            ),
            answer,
        )

    async def _after_raw_save(self, saved: Article, then: Callable[[], object] | None) -> None:
        broken = broken_problem(saved)
        await self.reload(saved)
        if broken is None:
            self.show_message(f"Saved {self.rel}; the front matter parses now: back to the form", "success")
        else:
            self.show_message(f"Saved {self.rel}; the front matter still does not parse", "warning")
        self.nd_app.refresh_reader(self.article.path)
        if then is not None:
            then()

    # -- conflicts --------------------------------------------------------------------------

    def _conflict(self, text: str, check: SaveCheck | None, then: Callable[[], object] | None) -> None:
        """The file changed on disk: ask at once; the version on disk is read and merged with
        ``text`` in a worker meanwhile (the dialog then says what a merge would do)."""
        self.disk_changed = True
        self._update_header()
        base = self.article
        merging = self.mode == "form"
        plans: list[DiskMerge | None] = []  # filled once read

        def plan() -> DiskMerge | None:
            if not plans:  # chosen before the worker was done: read it now
                plans.append(plan_merge(base, text, order=list(self.schema.fields)))
            return plans[0]

        def chosen(result: str | None) -> None:
            if result == "merge":
                found = plan()
                if found is None:
                    self.show_message(
                        "Cannot merge: the version on disk cannot be read or does not parse "
                        "(ctrl+s, then d shows it)",
                        "error",
                        timeout=0,
                    )
                else:
                    self._merge(found, check, then)
            elif result == "diff":
                self._show_difference(lambda: self._conflict(text, check, then))
            elif result == "reload":
                self._confirm_reload()
            elif result == "overwrite":
                found = plan() if merging else None
                if found is not None:
                    self._write_over(
                        found, found.overwrite(), check, then, "overwrote the fields you changed"
                    )
                elif self.mode == "raw":
                    try:
                        saved = write_text(
                            self.article,
                            text,
                            force=True,
                            lock_timeout=SAVE_LOCK_WAIT,
                            follow_symlinks=self.schema.follow_symlinks,
                        )
                    except SaveError as exc:
                        self.show_message(f"Not saved: {exc}", "error", timeout=0)
                        return
                    self._forget_journal()
                    self.run_worker(self._after_raw_save(saved, then))
                else:
                    self._write(text, check or SaveCheck(text, ()), then, force=True)
            else:
                self.show_message("Not saved: the file changed on disk (ctrl+s to decide again)", "warning")

        dialog = ConflictDialog(
            "Changed on disk",
            f"{self.rel} was changed on disk since you opened it (another editor, a git pull). "
            "Your edits are not saved yet.",
            can_merge=merging,
        )
        self.app.push_screen(dialog, chosen)
        if merging:
            self._merge_worker(base, text, plans, dialog)

    @work(thread=True, exclusive=True, group="merge", description="merge")
    def _merge_worker(
        self, base: Article, text: str, plans: list[DiskMerge | None], dialog: ConflictDialog
    ) -> None:
        found = plan_merge(base, text, order=list(self.schema.fields))

        def done() -> None:
            if not plans:
                plans.append(found)
            note = plans[0].describe() if plans[0] is not None else "The version on disk cannot be merged."
            dialog.add_note(note)

        try:
            self.app.call_from_thread(done)
        except RuntimeError:
            pass  # the app is gone: nothing to say

    def _merge(self, plan: DiskMerge, check: SaveCheck | None, then: Callable[[], object] | None) -> None:
        """m: a clean merge is written at once; fields changed on both sides are decided first."""
        result = plan.result
        if not result.conflicts:
            self._write_over(plan, plan.resolved(frozenset()), check, then, plan.from_disk())
            return
        from newsdesk.ui.screens.merge import MergeDecision, MergeScreen

        def decided(decision: MergeDecision | None) -> None:
            if decision is None:
                self.show_message("Not saved: the file changed on disk (ctrl+s to decide again)", "warning")
            elif decision.edit is not None:
                self._edit_conflict(plan, decision.edit)
            else:
                self._write_over(plan, plan.resolved(decision.take_ours), check, then, plan.from_disk())

        self.app.push_screen(MergeScreen(self.rel, result.conflicts), decided)

    def _write_over(
        self,
        plan: DiskMerge,
        text: str | None,
        check: SaveCheck | None,
        then: Callable[[], object] | None,
        note: str,
    ) -> None:
        """Write ``text`` over the version read from disk (conflict-checked against it again)."""
        if text is None:
            self.show_message(f"Not saved: {plan.error or 'cannot merge'}", "error", timeout=0)
            return
        try:
            saved = write_text(
                plan.fresh, text, lock_timeout=SAVE_LOCK_WAIT, follow_symlinks=self.schema.follow_symlinks
            )
        except ConflictError:
            self._conflict(plan.ours_text, check, then)  # changed again meanwhile: read it again
            return
        except SaveError as exc:
            self.show_message(f"Not saved: {exc}", "error", timeout=0)
            return
        self._forget_journal()
        self.disk_changed = False
        self.run_worker(self._after_merge_save(saved, note, then))

    async def _after_merge_save(self, saved: Article, note: str, then: Callable[[], object] | None) -> None:
        await self.reload(saved)  # the form shows what was written: theirs' fields too
        self.show_message(f"Saved {self.rel}: {note}", "success", timeout=0)
        self.nd_app.refresh_reader(saved.path)
        if then is not None:
            then()

    def _edit_conflict(self, plan: DiskMerge, field: str) -> None:
        """e: back to the form, now over the version on disk, with your values (of the fields
        changed on both sides too) and ``field`` focused: the next ctrl+s saves over it."""
        shown = plan.mine_over_theirs()
        if shown is None:
            self.show_message(f"Cannot merge: {plan.error}", "error", timeout=0)
            return
        meta, body = shown

        async def back() -> None:
            await self.reload(plan.fresh, shown_meta=meta, shown_body=body)
            self._edited()
            self.show_message(f"Merged with the version on disk, not saved yet: check {field}, then ctrl+s")
            control = self.controls.get(top_field(field) or "")
            target = control.focus_target(field) if control is not None else None
            if field == "body" or target is None:
                self.query_one("#body", BodyEditor).focus()
            elif target.focusable:
                target.focus()
                self.call_after_refresh(target.scroll_visible)

        self.run_worker(back())

    def _show_difference(self, back: Callable[[], None]) -> None:
        theirs = load_article(self.article.path)
        if self.mode == "raw" or broken_problem(theirs) is not None:
            fields, body = differences(
                {}, {}, theirs.text, merge_lines(self.article.text, self.body_text(), self.article.newline)
            )
        else:
            mine_body = merge_lines(self.article.body, self.body_text(), self.article.newline)
            fields, body = differences(
                theirs.metadata, self.form_values(), theirs.body, mine_body, order=list(self.schema.fields)
            )
        self.app.push_screen(
            DiffScreen("On disk vs. yours", differences_content(fields, body)), lambda _: back()
        )

    def _confirm_reload(self) -> None:
        def answer(result: str | None) -> None:
            if result == "yes":
                self._forget_journal()
                self.disk_changed = False
                self.run_worker(self._reload_from_disk("Reloaded: your edits were dropped"))

        self.app.push_screen(
            ConfirmDialog(
                "Reload from disk", "Your unsaved edits will be dropped. Reload the version on disk?"
            ),
            answer,
        )

    async def _reload_from_disk(self, message: str) -> None:
        article = load_article(self.article.path)
        await self.reload(article)
        self.show_message(message)

    @work(thread=True, exclusive=True, group="disk-check", description="disk check")
    def _check_disk_worker(self, article: Article) -> None:
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
            self.app.call_from_thread(self._mark_disk_changed, article)

    def _check_disk(self) -> None:
        if not self.disk_changed:
            self._check_disk_worker(self.article)

    def _mark_disk_changed(self, article: Article) -> None:
        if article is self.article and not self.disk_changed:
            self.disk_changed = True
            self._update_header()
            self.show_message(
                "The file changed on disk; your form is kept. ctrl+s shows the conflict; esc and e reloads.",
                "warning",
                timeout=0,
            )

    # -- the journal ------------------------------------------------------------------------

    def journal_entry(self) -> journal.Entry | None:
        """The pending edits as a journal entry (None: nothing unsaved)."""
        if not self.is_dirty():
            return None
        if self.mode == "raw":
            return journal.for_article(self.article, self.article.metadata, None, raw=self.body_text())
        body = self.body_text() if self.body_changed() else None
        if self.new_draft is not None:
            return journal.for_article(
                self.article,
                self.form_values(),
                body,
                new_format=self.new_draft.format,
                new_entry_id=self.new_draft.entry_id,
            )
        return journal.for_article(self.article, self.form_values(), body)

    def _journal_now(self) -> None:
        self._journal_timer = None
        entry = self.journal_entry()
        self._journal_worker(entry)

    @work(thread=True, exclusive=True, group="journal", description="journal")
    def _journal_worker(self, entry: journal.Entry | None) -> None:
        if entry is None:
            self._forget_journal()
            return
        try:
            journal.write_entry(entry)
        except SaveError as exc:
            self.app.call_from_thread(self.show_message, f"Cannot keep unsaved edits: {exc}", "warning")

    def write_journal_sync(self) -> None:
        """Journal now, in this thread (SIGHUP/SIGTERM: the app is about to die)."""
        try:
            entry = self.journal_entry()
            if entry is not None:
                journal.write_entry(entry)
        except Exception:
            pass

    def _forget_journal(self) -> None:
        """Remove this app's entry for the article (other instances' entries stay)."""
        if self._journal_timer is not None:
            self._journal_timer.stop()
            self._journal_timer = None
        if self.new_draft is not None:
            journal.remove_entry(self.article.path, self.new_draft.entry_id)
        else:
            journal.remove_entry(self.article.path)

    def on_unmount(self) -> None:
        if self._open_mark is not None:
            journal.mark_closed(self._open_mark)

    def _offer_recovery(self) -> None:
        """Offer the kept edits: one set at once; several (several apps died) as a list first."""
        if not self.recovery:
            return
        if len(self.recovery) == 1:
            self._offer_entry(self.recovery[0])
            return

        def row(e: journal.Entry) -> Content:
            # The new values, so that sets changing the same fields can be told apart.
            shown = [f"{k}: {'(removed)' if v is UNSET else v}" for k, v in e.changes.items()]
            shown += [d for d in e.describe() if d.startswith("edit ")]
            what = clean_line("; ".join(shown), 50)
            return Content.assemble((f"kept {e.kept_at()}", "bold"), "  ", what)

        def chosen(index: int | None) -> None:
            if index is not None and 0 <= index < len(self.recovery):
                self._offer_entry(self.recovery[index])

        self.app.push_screen(
            RecoveryChoice(
                f"{len(self.recovery)} sets of unsaved edits were kept for this article",
                [row(e) for e in self.recovery],
            ),
            chosen,
        )

    def _offer_entry(self, entry: journal.Entry) -> None:
        state = entry.file_state()
        when = entry.kept_at()
        if entry.raw is not None:
            fields, body = differences({}, {}, self.article.text, entry.raw)
        elif entry.is_new:
            fields, body = differences({}, entry.changes, "", entry.body or "")
        else:
            mine = entry.apply(self.article.metadata)
            mine_body = (
                self.article.body
                if entry.body is None
                else merge_lines(self.article.body, entry.body, self.article.newline)
            )
            fields, body = differences(
                self.article.metadata, mine, self.article.body, mine_body, order=list(self.schema.fields)
            )
        note = {
            "changed": "The file has changed on disk since: restoring opens the conflict dialog.",
            "missing": "The file has been deleted since.",
        }.get(state, "")
        message = Content.assemble(
            f"Unsaved edits of this article were kept at {when}. Restoring would change:\n",
            differences_content(fields, body, limit=12),
            (f"\n{note}" if note else "", "bold $warning"),
        )

        def answer(result: str | None) -> None:
            if result == "restore":
                self.run_worker(self._restore(entry, state))
            elif result == "discard":
                journal.discard(entry)
                self.recovery = [e for e in self.recovery if e is not entry]
                self.show_message("Kept edits discarded")
                if self.recovery:
                    self._offer_recovery()
            elif len(self.recovery) > 1:
                self._offer_recovery()  # esc: back to the list

        self.app.push_screen(RecoveryDialog("Restore unsaved edits?", message), answer)

    async def _restore(self, entry: journal.Entry, state: str) -> None:
        article = self.article
        if entry.raw is not None:
            await self.reload(article)
            raw = self.query_one("#raw", RawEditor) if self.mode == "raw" else None
            if raw is not None:
                raw.replace(entry.raw, raw.document.start, raw.document.end)
        elif entry.is_new:
            if self.new_draft is not None and entry.new_format is not None:
                self.new_draft.format = entry.new_format
            await self.reload(article, shown_meta=dict(entry.changes), shown_body=entry.body)
        else:
            if state == "changed" and entry.fingerprint is not None:
                # The edits were made on an older version: keep its fingerprint so saving stops at
                # the conflict dialog instead of writing over the new version.
                article = replace(article, fingerprint=entry.fingerprint)
            shown = entry.apply(article.metadata)
            await self.reload(article, shown_meta=shown, shown_body=entry.body)
        self._edited()
        self._adopt(entry)
        if state == "changed" and not entry.is_new:
            self.disk_changed = True
            self._update_header()
            try:
                text = (
                    render_metadata(
                        article, self.form_values(), order=list(self.schema.fields), body=self.body_text()
                    )
                    if self.mode == "form"
                    else merge_lines(article.text, self.body_text(), article.newline)
                )
            except SaveError as exc:
                self.show_message(f"Restored, but cannot be saved as is: {exc}", "warning", timeout=0)
                return
            self._conflict(text, None, None)
        elif self.recovery:
            n = len(self.recovery)
            self.show_message(
                f"Restored (not saved yet: ctrl+s); {n} other kept set{'s stay' if n != 1 else ' stays'} for later",
                "success",
            )
        else:
            self.show_message("Restored the kept edits (not saved yet: ctrl+s)", "success")

    def _adopt(self, entry: journal.Entry) -> None:
        """The restored edits are this app's now: its own entry holds them, then the kept one goes
        (in that order: a crash in between keeps both, never neither)."""
        self.recovery = [e for e in self.recovery if e is not entry]
        try:
            mine = self.journal_entry()
            if mine is not None:
                journal.write_entry(mine)
        except SaveError:
            return  # the kept entry stays: nothing lost
        if entry.writer_state() != "mine":
            journal.discard(entry)

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
                self._forget_journal()
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
        if self._journal_timer is not None:
            self._journal_timer.stop()
            self._journal_timer = None
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
