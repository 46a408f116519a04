"""The reader (main screen) as its parts see it (`newsdesk.ui.screens.reading`): what other
screens may ask of it (`newsdesk.ui.host.Reader`), and the list, the messages and the workers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textual.content import Content

from newsdesk.ui.host import NewsdeskHost, Reader
from newsdesk.ui.listmodel import ListModel
from newsdesk.ui.widgets.article_list import ArticleList
from newsdesk.ui.widgets.filter_line import FilterLine

if TYPE_CHECKING:
    from newsdesk.core.folder.index import Entry, FolderIndex


class MainContext(Reader, Protocol):
    """The main screen as its parts see it."""

    folder: Path
    model: ListModel
    index: FolderIndex
    folder_gone: bool
    git_marks: dict[Path, str] | None

    @property
    def app(self) -> Any: ...

    @property
    def nd_app(self) -> NewsdeskHost: ...

    @property
    def workers(self) -> Any: ...

    @property
    def article_list(self) -> ArticleList: ...

    @property
    def filter_line(self) -> FilterLine: ...

    def show_message(self, text: str | Content, severity: str = ..., timeout: float = ...) -> None: ...

    def from_worker(self, callback: Callable[..., object], *args: object) -> None:
        """Run ``callback`` on the app's loop from a worker thread, unless the screen is going away."""
        ...

    def apply_rows(self, *, to_top: bool = False) -> None: ...

    def update_title(self) -> None: ...

    def build_people(self) -> None:
        """The people index is stale: build it again (`reading.people.PeopleIndexing.build`)."""
        ...

    def schedule_grep(self) -> None:
        """Grep the bodies for the filter's words anew (`reading.filtering.ListFilter.schedule_grep`)."""
        ...

    def load_article(self, entry: Entry, show_at: float = 0.0) -> None: ...

    async def action_reload(self) -> None: ...

    def post_message(self, message: Any) -> bool: ...

    def run_worker(self, *args: Any, **kwargs: Any) -> Any: ...

    def set_timer(self, *args: Any, **kwargs: Any) -> Any: ...

    def set_interval(self, *args: Any, **kwargs: Any) -> Any: ...

    def call_later(self, *args: Any, **kwargs: Any) -> Any: ...
