"""A profile of a person named by slug, read-only (issue 20 §1): `ProfileDialog` shows its fields
(a row of a data file, or a profile file outside the folder shown, has no article of the list to
open). Profile text is data: it goes in as `Content`, never markup. The picker is
`newsdesk.ui.widgets.profile_picker`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.rules.references import Profile
from newsdesk.ui.render import value_text
from newsdesk.ui.widgets.profile_picker import profile_content


class ProfileDialog(ModalScreen[None]):
    """A profile's fields, read-only: ``esc`` (or ``enter``, ``q``) closes it."""

    DEFAULT_CSS = """
    ProfileDialog { align: center middle; }
    ProfileDialog > .dialog-box { width: 76; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: round $accent; background: $surface; }
    ProfileDialog #profile-fields { height: auto; max-height: 16; margin: 1 0; }
    ProfileDialog .dialog-keys { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close", show=False),
    ]

    def __init__(self, profile: Profile, fields: Mapping[str, Any], where: Path | str) -> None:
        super().__init__()
        self.profile = profile
        self.fields = dict(fields)
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(profile_content(self.profile, slug=False), classes="dialog-title")
            lines = [
                Content.assemble(("slug: ", "$text-muted"), clean_line(self.profile.key, 200)),
                Content.assemble(("from: ", "$text-muted"), clean_line(str(self.where), 200)),
            ]
            for key, value in self.fields.items():
                lines.append(
                    Content.assemble((f"{clean_line(str(key), 40)}: ", "bold"), value_text(value, 400))
                )
            with VerticalScroll(id="profile-fields", can_focus=False):
                yield Static(Content("\n").join(lines))
            yield Static(Content.styled("esc close (read-only)", "$text-muted"), classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
