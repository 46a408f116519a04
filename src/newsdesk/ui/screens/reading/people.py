"""Everyone named across the folder (`newsdesk.core.persons.people.PeopleIndex`): built in a
thread once the scan is done and after each change, shown by the People view and the sidebar's
counts."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from newsdesk.core.folder.index import Entry
from newsdesk.core.model.article import Article
from newsdesk.ui.screens.reading.context import MainContext
from newsdesk.ui.widgets.article_view import PeopleView

if TYPE_CHECKING:
    from newsdesk.core.persons.people import PeopleIndex
    from newsdesk.ui.screens.people import PeopleScreen


class PeopleIndexing:
    """The reader's people index (`MainContext.people`) and the People screens waiting for it."""

    def __init__(self, screen: MainContext) -> None:
        self.screen = screen
        self.waiting: list[PeopleScreen] = []

    def open_view(self, focused: object) -> None:
        """``w``: the People view; from the sidebar (``focused``), at the person under its cursor."""
        from newsdesk.ui.screens.people import PeoplePlace, PeopleScreen

        person = focused.current_person if isinstance(focused, PeopleView) else None
        place = self.screen.people_place
        self.screen.app.push_screen(
            PeopleScreen(self.screen, person, place if isinstance(place, PeoplePlace) else None)
        )

    def want(self, screen: PeopleScreen) -> None:
        """``screen`` waits for the people index (`PeopleScreen.index_ready` is called)."""
        self.waiting.append(screen)
        self.build()

    def build(self) -> None:
        """The index is stale: build it again (after the scan, if one is running)."""
        screen = self.screen
        screen.people_stale = True
        if screen.scanning:
            return  # built once the scan is done
        entries = list(screen.model.entries.values())
        screen.run_worker(
            partial(self._build, entries),
            name="_people_worker",
            group="people",
            description="people index",
            exclusive=True,
            thread=True,
        )

    def _build(self, entries: list[Entry]) -> None:
        """(worker) The index of ``entries``, with the folder's people.toml."""
        from newsdesk.core.persons.config import (
            EMPTY_CONFIG,
            PeopleConfigError,
            load_people_config,
            people_file_for,
        )
        from newsdesk.core.persons.people import ArticlePeople, PeopleIndex

        worker = get_current_worker()
        error = None
        try:
            config = load_people_config(people_file_for(self.screen.folder, self.screen.nd_app.schema.source))
        except PeopleConfigError as exc:
            config, error = EMPTY_CONFIG, str(exc)
        articles = [ArticlePeople(e.path, e.rel, e.title, e.date, e.persons) for e in entries]
        index = PeopleIndex.build(articles, config)
        if not worker.is_cancelled:
            self.screen.from_worker(self._done, index, error)

    def _done(self, index: PeopleIndex, error: str | None) -> None:
        screen = self.screen
        screen.people = index
        screen.people_stale = False
        if error:
            screen.show_message(f"people.toml not used: {error}", "error", timeout=10)
        from newsdesk.ui.screens.people import PeopleScreen

        self.waiting = []
        for shown in screen.app.screen_stack:  # an open People view follows the folder
            if isinstance(shown, PeopleScreen) and shown.is_attached:
                shown.index_ready(index)
        if screen.article_view.shown is not None:
            screen.article_view.refresh_people()

    def counts(self, article: Article) -> dict[str, int]:
        """For each person named in ``article``: in how many other articles they appear."""
        index = self.screen.people
        if index is None:
            return {}
        roles = self.screen.nd_app.roles_for(article.path)
        out: dict[str, int] = {}
        for which in ("attendees", "speakers"):
            for person in roles.people_of(article.metadata, which):
                if person.name and person.name not in out:
                    found = index.person_named(person.name)
                    if found is not None:
                        paths = {a.article.path for a in found.appearances}
                        out[person.name] = len(paths - {article.path})
        return out
