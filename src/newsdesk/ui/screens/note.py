"""The note prompt of a verdict: one line that grows to several as it wraps.

``enter`` gives the verdict, ``esc`` cancels (nothing is written), ``ctrl+j`` (or ``alt+enter``)
starts a new line, ``ctrl+e`` opens the note in ``$VISUAL`` / ``$EDITOR``. A request for changes
needs a note: ``enter`` on an empty one says so instead of closing. Dismissed with the note
(possibly empty), or None when cancelled.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from newsdesk.core.model.textsafe import clean_line
from newsdesk.ui.external import run_editor
from newsdesk.ui.widgets.visible import VisibleTextArea


class NoteArea(VisibleTextArea):
    """A TextArea where enter submits and ctrl+j / alt+enter insert a line break."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+e", "screen.editor", "$EDITOR", show=False, priority=True),
    ]

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.screen.action_submit()  # type: ignore[attr-defined]
            return
        if event.key in ("ctrl+j", "alt+enter", "shift+enter"):
            event.stop()
            event.prevent_default()
            start, end = self.selection
            self._replace_via_keyboard("\n", start, end)
            return
        await super()._on_key(event)


class NotePrompt(ModalScreen[str | None]):
    """Ask for a verdict's note, at the bottom of the screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", key_display="esc"),
    ]

    def __init__(
        self, title: str, *, required: bool, action: str, on_submit: Callable[[str], object] | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.required = required
        self.action = action
        #: Called with the note on enter; the caller dismisses the prompt when it is done (without
        #: it, enter dismisses with the note).
        self.on_submit = on_submit
        self.submitted = False

    def compose(self) -> ComposeResult:
        with Vertical(id="note-panel"):
            yield Static(Content.styled(clean_line(self.title_text, 300), "bold"), id="note-title")
            area = NoteArea(id="note-text", soft_wrap=True, show_line_numbers=False, compact=True)
            area.placeholder = "note for the author (required)" if self.required else "note (optional)"
            yield area
            yield Static(self._hint(), id="note-hint")

    def _hint(self, error: str | None = None) -> Content:
        keys = f"enter {self.action} · esc cancel · ctrl+j newline · ctrl+e editor"
        if error:
            return Content.assemble((error, "bold $error"), "  ", (keys, "dim"))
        return Content.styled(keys, "dim")

    def on_mount(self) -> None:
        self.query_one(NoteArea).focus()

    def on_text_area_changed(self) -> None:
        """A hint about the note ("a note is required") goes once the note is typed."""
        if not self.submitted and self.note.strip():
            self.query_one("#note-hint", Static).update(self._hint())

    @property
    def note(self) -> str:
        return self.query_one(NoteArea).text

    def action_submit(self) -> None:
        if self.submitted:
            return
        note = self.note.strip()
        if self.required and not note:
            self.query_one("#note-hint", Static).update(self._hint("a note is required"))
            return
        if self.on_submit is None:
            self.dismiss(note)
            return
        self.submitted = True
        self.query_one(NoteArea).read_only = True
        self.query_one("#note-hint", Static).update(Content.styled("saving…", "dim"))
        self.on_submit(note)

    def action_cancel(self) -> None:
        if not self.submitted:  # once saving, the save decides
            self.dismiss(None)

    def action_editor(self) -> None:
        """Edit the note in $VISUAL / $EDITOR (the app is suspended meanwhile)."""
        area = self.query_one(NoteArea)
        fd, name = tempfile.mkstemp(prefix="newsdesk-note-", suffix=".txt")
        path = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(area.text)
            error = run_editor(self.app, path)  # edit mode's: $VISUAL, else $EDITOR, else vi
            if error is None:
                text = path.read_text(encoding="utf-8", errors="replace").rstrip("\n")
                doc = area.document
                area.replace(text, doc.start, doc.end)  # keeps undo
        except OSError as exc:
            error = f"cannot edit the note: {exc.strerror or exc}"
        finally:
            path.unlink(missing_ok=True)
        if error:
            self.query_one("#note-hint", Static).update(self._hint(error))
        area.focus()
