"""What screens may ask of the app, and what other screens may ask of the reader: two small typed
interfaces, below every screen, so that no screen or widget imports ``ui/app.py``.

`NewsdeskHost` is the App's side (`newsdesk.ui.app.NewsdeskApp` is the one implementation, the
composition root): the folder and its schemas, the checker, and the flows a screen starts but does
not own (edit mode, verdicts, the queue), which the App routes to `newsdesk.ui.editing` and
`newsdesk.ui.review`. `Reader` is what the queue and People screens read of the main screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textual.app import App

if TYPE_CHECKING:
    from newsdesk.core.folder.index import Entry, FolderIndex
    from newsdesk.core.folder.scanpool import ScanPool
    from newsdesk.core.model.article import Article
    from newsdesk.core.model.problems import Problem
    from newsdesk.core.persons.people import PeopleIndex
    from newsdesk.core.rules.roles import Roles
    from newsdesk.core.rules.schema import Schema, SchemaLookup


class Reader(Protocol):
    """The reader (main screen) as the queue and People screens see it."""

    scanning: bool
    load_progress: tuple[int, int]
    review_queue: list[Entry]
    queue_pos: dict[Path, int]
    people: PeopleIndex | None
    people_stale: bool
    #: Where the People view was left (a `newsdesk.ui.screens.people.PeoplePlace`), for the next.
    people_place: Any

    @property
    def article_view(self) -> Any: ...

    def jump_to(self, path: Path) -> None: ...

    def open_path(self, path: Path, *, from_people: bool = False) -> None: ...

    def want_people(self, screen: Any) -> None: ...

    def set_focus(self, widget: Any, scroll_visible: bool = True, from_app_focus: bool = False) -> None: ...


class NewsdeskHost(App[None]):
    """The App as screens see it. Each flow method is implemented by `NewsdeskApp`."""

    folder: Path
    schema: Schema
    schemas: SchemaLookup
    poll_interval: float
    settle: float
    debounce: float
    scan_pool: ScanPool | None
    cache_dir: Path | None
    #: Who gives verdicts, once asked (`newsdesk.core.review.verdicts.reviewer_name`).
    reviewer: str | None = None

    def schema_for(self, path: Path) -> Schema:
        raise NotImplementedError

    def roles_for(self, path: Path) -> Roles:
        raise NotImplementedError

    def check(self, article: Article) -> list[Problem]:
        raise NotImplementedError

    def make_index(self) -> FolderIndex:
        raise NotImplementedError

    @property
    def main_screen(self) -> Reader | None:
        """The main screen, when it is on the stack."""
        raise NotImplementedError

    def action_review_queue(self) -> None:
        raise NotImplementedError

    def action_queue_step(self, delta: int) -> None:
        raise NotImplementedError

    # -- flows a screen starts (edit mode: newsdesk.ui.editing; review: newsdesk.ui.review) --

    def open_edit(self, path: Path) -> None:
        raise NotImplementedError

    def external_edit(self, path: Path) -> None:
        raise NotImplementedError

    def new_article(self) -> None:
        raise NotImplementedError

    def pause_reader(self) -> None:
        raise NotImplementedError

    def refresh_reader(self, path: Path | None = None) -> None:
        raise NotImplementedError

    def back_to_reader(self, path: Path | None) -> None:
        raise NotImplementedError

    def edit_neighbour(self, screen: Any, delta: int) -> None:
        raise NotImplementedError

    def validation_summary(self, article: Article) -> str:
        raise NotImplementedError

    def start_verdict(self, verdict: str) -> None:
        raise NotImplementedError

    def show_changes(self) -> None:
        raise NotImplementedError

    def undo_verdict(self) -> None:
        raise NotImplementedError

    def commit_article(self) -> None:
        raise NotImplementedError
