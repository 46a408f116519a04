"""What the list pane shows: filtering and sorting `Entry` rows (no Textual here).

The model keeps every entry by path plus the visible, filtered and sorted list. Filtering matches
every word of the query against `Entry.search_text` (title, byline, section, status, path, tags,
people); body words are matched by a background grep whose result (`body_matches`) is merged in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from newsdesk.core.index import Entry, read_regular_file

SORTS: tuple[str, ...] = ("date", "title", "status", "path")
STATUS_FILTERS: tuple[str, ...] = ("all", "draft", "review", "approved", "published", "problems")
STATUS_ORDER = {"draft": 0, "review": 1, "approved": 2, "published": 3}
#: How much of a file the body search reads (the reader's own limit).
GREP_BYTES = 8 * 1024 * 1024
#: Sorts whose natural direction is descending (newest first).
_DESCENDING = {"date"}


def query_words(query: str) -> tuple[str, ...]:
    return tuple(query.casefold().split())


class ListModel:
    """Entries, the active filter/status/sort, and the visible rows."""

    def __init__(self) -> None:
        self.entries: dict[Path, Entry] = {}
        self._search: dict[Path, str] = {}
        self.visible: list[Entry] = []
        self.query = ""
        self.status = "all"
        self.sort = "date"
        self.reverse = False
        #: (query words, paths whose file text contains every word); None until a grep finishes.
        self.body_matches: tuple[tuple[str, ...], frozenset[Path]] | None = None

    # -- entries ----------------------------------------------------------------------------

    def add(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.entries[entry.path] = entry
            self._search[entry.path] = entry.search_text

    def remove(self, paths: Iterable[Path]) -> None:
        for path in paths:
            self.entries.pop(path, None)
            self._search.pop(path, None)

    def replace_all(self, entries: Iterable[Entry]) -> None:
        self.entries.clear()
        self._search.clear()
        self.add(entries)

    # -- state ------------------------------------------------------------------------------

    @property
    def words(self) -> tuple[str, ...]:
        return query_words(self.query)

    def cycle_sort(self) -> str:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.reverse = False
        return self.sort

    def cycle_status(self) -> str:
        self.status = STATUS_FILTERS[(STATUS_FILTERS.index(self.status) + 1) % len(STATUS_FILTERS)]
        return self.status

    @property
    def descending(self) -> bool:
        return (self.sort in _DESCENDING) != self.reverse

    def describe(self) -> str:
        """The filter and sort, for the list header."""
        arrow = "↓" if self.descending else "↑"
        parts = []
        if self.query:
            parts.append(f"/{self.query}")
        if self.status != "all":
            parts.append("with problems" if self.status == "problems" else self.status)
        parts.append(f"{self.sort}{arrow}")
        return " · ".join(parts)

    # -- computing the visible rows ---------------------------------------------------------

    def _status_ok(self, entry: Entry) -> bool:
        if self.status == "all":
            return True
        if self.status == "problems":
            return entry.problem_count > 0
        return entry.status.casefold() == self.status

    def matching(self) -> Iterator[Entry]:
        words = self.words
        body: frozenset[Path] = frozenset()
        if words and self.body_matches is not None and self.body_matches[0] == words:
            body = self.body_matches[1]
        search = self._search
        for path, entry in self.entries.items():
            if not self._status_ok(entry):
                continue
            if words:
                text = search[path]
                if not all(w in text for w in words) and path not in body:
                    continue
            yield entry

    def rebuild(self) -> list[Entry]:
        rows = list(self.matching())
        rows.sort(key=self._key, reverse=self.descending)
        self.visible = rows
        return rows

    def _key(self, entry: Entry) -> tuple[object, ...]:
        if self.sort == "date":
            return (entry.date, entry.rel)
        if self.sort == "title":
            return (not entry.title, entry.title.casefold(), entry.rel)
        if self.sort == "status":
            return (STATUS_ORDER.get(entry.status.casefold(), 9), entry.date, entry.rel)
        return (entry.rel,)


def grep_files(
    paths: Iterable[Path], words: tuple[str, ...], cancelled: object = None
) -> Iterator[tuple[Path, bool]]:
    """Yield (path, matched) for each file: matched when its text holds every word (case-folded).

    Files are read one by one and not kept. ``cancelled`` is an optional callable returning True
    to stop early.
    """
    check = cancelled if callable(cancelled) else None
    for n, path in enumerate(paths):
        if check is not None and n % 64 == 0 and check():
            return
        # A FIFO or device among the articles is never opened (it would block the search, and
        # the worker thread, forever).
        data = read_regular_file(path, GREP_BYTES)
        if data is None:
            yield path, False
            continue
        text = data.decode("utf-8", "replace").casefold()
        yield path, all(w in text for w in words)
