"""Messages passed between newsdesk widgets and screens."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from newsdesk.core.folder.index import Entry


class CursorMoved(Message):
    """The list cursor now rests on ``entry`` (None: the list is empty)."""

    def __init__(self, entry: Entry | None, *, by_user: bool) -> None:
        super().__init__()
        self.entry = entry
        self.by_user = by_user


class OpenArticle(Message):
    """The user chose the highlighted article (enter / l): focus the article pane."""

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry


class BackToList(Message):
    """Leave the article pane for the list (h / esc)."""


class ScanFinished(Message):
    """The full scan of the folder is done."""


class ArticleShown(Message):
    """An article is now on display."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class GrepFinished(Message):
    """Body matches for ``words`` are merged into the list."""

    def __init__(self, words: tuple[str, ...]) -> None:
        super().__init__()
        self.words = words
