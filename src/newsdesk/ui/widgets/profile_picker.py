"""Pick a profile of a person named by slug (issue 20 §1): `ProfilePicker`, a small modal the edit
form's reference fields (`ref_field`) and the reader's ``o`` open.

Type to filter profiles by name, organization or slug (each shown as "Name — Organization
(slug)"); ``↓`` / ``↑`` move, ``enter`` chooses, ``esc`` cancels. Dismissed with the chosen slug.
With ``allow_new``, ``enter`` when nothing matches gives the text as typed (a slug that names no
profile yet: the caller warns). Profile text is data: it goes in as `Content`, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.rules.references import Profile

#: Options a picker lists at most (type more to narrow a long list down).
MAX_OPTIONS = 200


def profile_content(profile: Profile, *, slug: bool = True) -> Content:
    """ "Name — Organization (slug)"; the slug only when there is a name (else it is the name)."""
    parts: list[str | tuple[str, str]] = [(clean_line(profile.label, 80), "bold")]
    if profile.organization:
        parts.append(" — " + clean_line(profile.organization, 80))
    if slug and profile.name:
        parts.append((f" ({clean_line(profile.key, 80)})", "$text-muted"))
    return Content.assemble(*parts)


def matches(profile: Profile, words: Sequence[str]) -> bool:
    """Whether every word of the filter is in the profile's name, organization or slug."""
    text = " ".join(x for x in (profile.name, profile.organization, profile.key) if x).casefold()
    return all(word in text for word in words)


class ProfilePicker(ModalScreen[str | None]):
    """Pick a profile by typing part of its name, organization or slug."""

    DEFAULT_CSS = """
    ProfilePicker { align: center middle; }
    ProfilePicker > .dialog-box { width: 76; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: round $accent; background: $surface; }
    ProfilePicker #profile-filter { border: none; height: 1; padding: 0; margin: 1 0 0 0; }
    ProfilePicker #profile-options { height: auto; max-height: 12; border: none; }
    ProfilePicker .dialog-keys { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("down", "move(1)", "Next", show=False, priority=True),
        Binding("up", "move(-1)", "Previous", show=False, priority=True),
    ]

    def __init__(
        self,
        profiles: Sequence[Profile],
        title: str,
        query: str = "",
        *,
        allow_new: bool = False,
    ) -> None:
        super().__init__()
        self.profiles = sorted(profiles, key=lambda p: (p.label.casefold(), p.key))
        self.title_text = title
        self.query_text = query
        self.allow_new = allow_new
        self.shown: list[Profile] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Content.styled(self.title_text, "bold"), classes="dialog-title")
            yield Input(self.query_text, placeholder="type a name, organization or slug", id="profile-filter")
            yield OptionList(id="profile-options")
            keys = "↓/↑ pick · enter choose · esc cancel"
            if self.allow_new:
                keys += " · no match: enter uses the text as a new slug"
            yield Static(Content.styled(keys, "$text-muted"), classes="dialog-keys")

    def on_mount(self) -> None:
        self._fill(self.query_text)
        self.query_one(Input).focus()

    @property
    def options(self) -> OptionList:
        return self.query_one("#profile-options", OptionList)

    def _fill(self, text: str) -> None:
        words = text.casefold().split()
        found = [p for p in self.profiles if matches(p, words)]
        # A slug typed exactly comes first.
        found.sort(key=lambda p: p.key != text.strip())
        self.shown = found[:MAX_OPTIONS]
        options = self.options
        options.clear_options()
        options.add_options([Option(profile_content(p)) for p in self.shown])
        if len(found) > MAX_OPTIONS:
            more = Content.styled(f"… {len(found) - MAX_OPTIONS} more: type to narrow", "$text-muted")
            options.add_option(Option(more, disabled=True))
        elif not found:
            none = "no profile matches" + (": enter uses the text as a new slug" if self.allow_new else "")
            options.add_option(Option(Content.styled(none, "$warning"), disabled=True))
        options.highlighted = 0 if self.shown else None

    @on(Input.Changed, "#profile-filter")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_move(self, delta: int) -> None:
        if not self.shown:
            return
        current = self.options.highlighted or 0
        self.options.highlighted = max(0, min(current + delta, len(self.shown) - 1))

    @on(Input.Submitted, "#profile-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = self.options.highlighted
        if self.shown and index is not None and index < len(self.shown):
            self.dismiss(self.shown[index].key)
        elif self.allow_new and event.value.strip():
            self.dismiss(event.value.strip())

    @on(OptionList.OptionSelected, "#profile-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.shown):
            self.dismiss(self.shown[event.option_index].key)

    def action_cancel(self) -> None:
        self.dismiss(None)
