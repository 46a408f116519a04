"""The profile of a person an article names by slug (`newsdesk.core.rules.references`): opened in
the reader when it is an article of the list, else shown in a read-only box."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsdesk.ui.screens.reading.context import MainContext
from newsdesk.ui.widgets.article_view import PeopleView

if TYPE_CHECKING:
    from newsdesk.core.rules.references import Profile


class ProfileOpener:
    """Finds and opens the profiles of the article the reader shows."""

    def __init__(self, screen: MainContext) -> None:
        self.screen = screen

    def open_for(self, focused: object) -> None:
        """On the sidebar (``focused``), the person under its cursor; else the article's one such
        person, or a pick of them."""
        screen = self.screen
        shown = screen.article_view.shown
        if shown is None or not isinstance(shown.article.metadata, dict):
            return
        from newsdesk.core.rules.references import people_profiles

        schema = screen.nd_app.schema_for(shown.path)
        named = people_profiles(shown.article.metadata, schema)
        found = [(field, slug, p) for field, slug, p in named if p is not None]
        if isinstance(focused, PeopleView) and focused.current_person is not None:
            person = focused.current_person
            roles = schema.roles
            mine = [f for f in found if f[0] in (roles.speakers, roles.attendees) and f[2].label == person]
            if not mine:
                screen.show_message(f"{person} is not named by a profile", "warning")
                return
            found = mine[:1]
        if not found:
            unknown = [slug for _, slug, p in named if p is None]
            why = f"{unknown[0]!r} names no profile" if unknown else "no one here is named by a profile"
            screen.show_message(why, "warning")
            return
        if len(found) == 1:
            self.open(*found[0])
            return
        from newsdesk.ui.widgets.profile_picker import ProfilePicker

        by_slug = {slug: (field, slug, p) for field, slug, p in found}

        def chosen(slug: str | None) -> None:
            if slug is not None and slug in by_slug:
                self.open(*by_slug[slug])

        profiles = [p for _, _, p in found]
        screen.app.push_screen(ProfilePicker(profiles, "Open whose profile?"), chosen)

    def open(self, field: str, slug: str, profile: Profile) -> None:
        """Open ``profile`` in the reader when it is an article of the list, else show it."""
        screen = self.screen
        if profile.is_file:
            try:
                rel = profile.path.resolve().relative_to(screen.folder.resolve())
            except (OSError, ValueError, RuntimeError):
                rel = None
            path = screen.folder / rel if rel is not None else None
            if path is not None and path in screen.model.entries:
                screen.open_path(path)
                current = screen.article_list.current
                if current is not None and current.path == path:
                    return
        from newsdesk.core.rules.references import profile_fields, reference_fields
        from newsdesk.ui.screens.profiles import ProfileDialog

        shown = screen.article_view.shown
        spec = None
        if shown is not None:
            spec = reference_fields(screen.nd_app.schema_for(shown.path)).get(field)
        try:
            fields = profile_fields(spec, profile) if spec is not None else {}
        except (OSError, ValueError):
            fields = {}
        screen.app.push_screen(ProfileDialog(profile, fields, profile.path))
