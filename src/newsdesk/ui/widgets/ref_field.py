"""Reference fields in the edit form (issue 20 §1): a field whose values are slugs naming profiles
(``ref = "presenters"``) is edited as text, as before, with

* ``ctrl+t``: pick from the profiles (`ProfilePicker`: type to filter by name, organization or
  slug; each shown as "Name — Organization (slug)"); the choice sets the slug (of the line under
  the cursor, in a list);
* a line under the field naming the profiles the slugs name, and a warning for a slug that names
  none (with a did-you-mean). The warning does not refuse the save: ``newsdesk validate``
  reports the slug (``unknown-reference``). Only the slug is ever written, by the usual save.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input, Static, TextArea

from newsdesk.core.model.problems import did_you_mean
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.rules.fieldtext import list_from_lines
from newsdesk.core.rules.references import Profile, load_profiles, reference_fields
from newsdesk.ui.widgets.form_fields import FieldControl, InputField, StringListField

#: The key that opens the picker (in the help's edit-mode keys).
PICK_KEY = "ctrl+t"
#: Profiles named on the line under a field at most.
NAMED_AT_MOST = 4


def is_reference(name: str, schema: Any) -> bool:
    """Whether the field ``name`` of ``schema`` names profiles (a ``ref`` to a known table)."""
    return schema is not None and name in reference_fields(schema)


class _Reference(FieldControl):
    """What the string and list reference fields share: the profiles, the picker, the line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(PICK_KEY, "pick_profile", "Pick a profile", show=False),
    ]

    _profiles: dict[str, Profile] | None = None

    @property
    def profiles(self) -> dict[str, Profile]:
        """The profiles the field may name, by slug (read once per state of their files)."""
        if self._profiles is None:
            spec = reference_fields(self.schema).get(self.field_name) if self.schema is not None else None
            self._profiles = load_profiles(spec) if spec is not None else {}
        return self._profiles

    def slugs(self) -> list[str]:
        raise NotImplementedError

    def ref_line(self) -> Content:
        """The profiles the slugs name, and a warning per slug that names none."""
        profiles = self.profiles
        named: list[str] = []
        unknown: list[Content] = []
        for slug in self.slugs():
            profile = profiles.get(slug)
            if profile is not None:
                name = clean_line(profile.label, 60)
                if profile.organization:
                    name += " — " + clean_line(profile.organization, 60)
                named.append(name)
                continue
            hint = did_you_mean(slug, profiles)
            why = f"! no profile {clean_line(slug, 60)!r}"
            if hint:
                why += f" (did you mean {clean_line(hint, 60)!r}?)"
            unknown.append(Content.styled(why, "$warning"))
        lines: list[Content] = []
        if named:
            more = len(named) - NAMED_AT_MOST
            text = "; ".join(named[:NAMED_AT_MOST]) + (f"; … {more} more" if more > 0 else "")
            lines.append(Content.styled("→ " + text, "$text-muted"))
        if self.INLINE:  # the hint here, not on a line of its own (80x24: rows count)
            pick = Content.styled(f"{PICK_KEY}: pick a profile", "$text-muted")
            lines = [lines[0] + Content("  ") + pick] if lines else [pick]
        return Content("\n").join(lines + unknown)

    def compose_ref_line(self) -> ComposeResult:
        yield Static(self.ref_line(), classes="field-note ref-note", markup=False)

    def update_ref_line(self) -> None:
        for line in self.query_children(".ref-note"):
            assert isinstance(line, Static)
            line.update(self.ref_line())

    def action_pick_profile(self) -> None:
        from newsdesk.ui.widgets.profile_picker import ProfilePicker

        picker = ProfilePicker(
            list(self.profiles.values()),
            f"{self.field_name}: pick a profile",
            self.current_slug(),
            allow_new=True,
        )
        self.app.push_screen(picker, self._picked)

    def current_slug(self) -> str:
        """The slug the picker starts from (its filter text)."""
        raise NotImplementedError

    def _picked(self, slug: str | None) -> None:
        if slug is not None:
            self.set_slug(slug)
        self.focus_control()
        # The whole field, with the names line under it, in view: what was picked is seen.
        self.call_after_refresh(self.scroll_visible, animate=False)

    def set_slug(self, slug: str) -> None:
        raise NotImplementedError

    def focus_control(self) -> None:
        target = self.focus_target()
        if target is not None:
            target.focus()


class RefField(_Reference, InputField):
    """A string field naming one profile by slug."""

    def compose_control(self) -> ComposeResult:
        yield from InputField.compose_control(self)
        yield from self.compose_ref_line()

    def slugs(self) -> list[str]:
        text = self.input.value.strip() if self.is_mounted else str(self.shown or "").strip()
        return [text] if text else []

    def current_slug(self) -> str:
        return self.input.value.strip()

    def set_slug(self, slug: str) -> None:
        self.input.value = slug
        self.input.cursor_position = len(slug)

    @on(Input.Changed)
    def _typed(self) -> None:
        self.update_ref_line()


class RefListField(_Reference, StringListField):
    """A list of strings naming profiles by slug: one slug per line."""

    def label_note(self) -> str:
        return f"one per line; {PICK_KEY}: pick from the profiles for the line under the cursor"

    def compose_control(self) -> ComposeResult:
        yield from StringListField.compose_control(self)
        yield from self.compose_ref_line()

    def slugs(self) -> list[str]:
        if not self.is_mounted:
            return [str(v).strip() for v in self.shown] if isinstance(self.shown, list) else []
        return [str(v).strip() for v in list_from_lines(self.area.text, []) if str(v).strip()]

    def current_slug(self) -> str:
        row = self.area.cursor_location[0]
        return self.area.document.get_line(row).strip()

    def set_slug(self, slug: str) -> None:
        area = self.area
        row = area.cursor_location[0]
        line = area.document.get_line(row)
        area.replace(slug, (row, 0), (row, len(line)))
        area.move_cursor((row, len(slug)))

    @on(TextArea.Changed)
    def _typed(self) -> None:
        self.update_ref_line()
