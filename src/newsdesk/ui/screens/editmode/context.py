"""What the parts of edit mode ask of the edit screen, and the small types they share.

`EditContext` is the edit screen (`newsdesk.ui.screens.edit.EditScreen`) as its parts see it: its
saved state, its values and its messages. The parts never import the screen (that would be a
circle) and never reach into its private names.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from textual.content import Content
from textual.widgets import TextArea

from newsdesk.core.model.article import Article
from newsdesk.core.model.problems import Problem
from newsdesk.core.rules.editcheck import SaveCheck
from newsdesk.core.rules.schema import Schema
from newsdesk.core.write import journal
from newsdesk.core.write.save import BROKEN_CODES
from newsdesk.ui.host import NewsdeskHost
from newsdesk.ui.widgets.form_fields import FieldControl


@dataclass
class NewDraft:
    """A new article, not written yet: where it goes and in which format."""

    folder: Path
    format: Literal["yaml", "toml"]
    entry_id: str


def broken_problem(article: Article) -> Problem | None:
    """The problem that keeps ``article``'s front matter from parsing (None: it parses)."""
    for p in article.problems:
        if p.code in BROKEN_CODES:
            return p
    return None


class EditContext(Protocol):
    """The edit screen as its parts see it."""

    article: Article
    schema: Schema
    rel: str
    mode: Literal["form", "raw"]
    new_draft: NewDraft | None
    read_only: str | None
    controls: dict[str, FieldControl]
    saved_meta: dict[str, Any]
    disk_changed: bool
    dirty: bool
    #: Kept edits still to offer (their writers are gone), oldest first.
    recovery: list[journal.Entry]

    @property
    def app(self) -> Any: ...

    @property
    def nd_app(self) -> NewsdeskHost: ...

    def show_message(self, text: str | Content, severity: str = ..., timeout: float = ...) -> None: ...

    def update_header(self) -> None: ...

    def editor(self) -> TextArea:
        """The body editor in the form, the whole text in raw mode."""
        ...

    def body_text(self) -> str: ...

    def body_changed(self) -> bool: ...

    def form_values(self) -> dict[str, Any]: ...

    def is_dirty(self) -> bool: ...

    def check(self) -> SaveCheck: ...

    def edited(self) -> None:
        """Note an edit made by a part (header, journal)."""
        ...

    def rebase(self, saved: Article) -> None:
        """Take ``saved`` as the saved state, keeping what the form shows."""
        ...

    def reload(
        self, article: Article, shown_meta: dict[str, Any] | None = None, shown_body: str | None = None
    ) -> Awaitable[None]: ...

    def focus_field(self, field: str | None) -> bool:
        """Focus the control of ``field`` (a top-level name or a path into it); False: none."""
        ...

    def run_worker(self, *args: Any, **kwargs: Any) -> Any: ...

    def set_timer(self, *args: Any, **kwargs: Any) -> Any: ...

    def call_after_refresh(self, *args: Any, **kwargs: Any) -> Any: ...
