"""What the list pane shows: filtering and sorting `Entry` rows (no Textual here).

The model keeps every entry by path plus the visible, filtered and sorted list. Filtering matches
every word of the query against `Entry.search_text` (title, byline, section, status, path, tags,
people); body words are matched by a background grep whose result (`body_matches`) is merged in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from newsdesk.core.folder.index import Entry, read_regular_file
from newsdesk.core.rules.schema import DEFAULT_STATUSES

SORTS: tuple[str, ...] = ("date", "title", "status", "path")
#: How much of a file the body search reads (the reader's own limit).
GREP_BYTES = 8 * 1024 * 1024
#: Sorts whose natural direction is descending (newest first).
_DESCENDING = {"date"}


def query_words(query: str) -> tuple[str, ...]:
    return tuple(query.casefold().split())


class ListModel:
    """Entries, the active filter/status/sort, and the visible rows.

    ``statuses`` are the site's, in workflow order (Hugo's draft flag: draft, published; none for
    a site without status): the status filter cycles through them, and sorting by status follows
    their order.
    """

    def __init__(self, statuses: Iterable[str] = DEFAULT_STATUSES) -> None:
        self.entries: dict[Path, Entry] = {}
        self._search: dict[Path, str] = {}
        self.visible: list[Entry] = []
        self.query = ""
        self.status = "all"
        self.sort = "date"
        self.reverse = False
        #: (query words, paths whose file text contains every word); None until a grep finishes.
        self.body_matches: tuple[tuple[str, ...], frozenset[Path]] | None = None
        self.statuses: tuple[str, ...] = ()
        self.status_filters: tuple[str, ...] = ("all", "problems")
        self.sorts: tuple[str, ...] = SORTS
        self._order: dict[str, int] = {}
        self.set_statuses(statuses)

    def set_statuses(self, statuses: Iterable[str]) -> bool:
        """Use the site's ``statuses``; returns whether they changed. A status filter or sort
        that no longer applies falls back to all / date."""
        statuses = tuple(statuses)
        if statuses == self.statuses and self._order:
            return False
        self.statuses = statuses
        self.status_filters = ("all", *statuses, "problems")
        self.sorts = SORTS if statuses else tuple(s for s in SORTS if s != "status")
        self._order = {s.casefold(): i for i, s in enumerate(statuses)}
        if self.status not in self.status_filters:
            self.status = "all"
        if self.sort not in self.sorts:
            self.sort = "date"
        return True

    # -- entries ----------------------------------------------------------------------------

    def add(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.entries[entry.path] = entry
            self._search[entry.path] = entry.search_text

    def remove(self, paths: Iterable[Path]) -> None:
        for path in paths:
            self.entries.pop(path, None)
            self._search.pop(path, None)

    def replace(self, entry: Entry) -> int | None:
        """Put ``entry`` in place of the one with its path, in the visible rows too, when that
        keeps it in the same row (still shown, same sort key). Returns the row; None when the rows
        must be rebuilt (`rebuild`), which the caller then does; the entry is stored either way."""
        old = self.entries.get(entry.path)
        self.add([entry])
        if old is None:
            return None
        shown_before, shown_now = self._shown(old), self._shown(entry)
        if shown_before != shown_now or (shown_now and self._key(old) != self._key(entry)):
            return None
        if not shown_now:
            return -1  # hidden before and after: nothing on screen changes
        for i, row in enumerate(self.visible):
            if row.path == entry.path:
                self.visible[i] = entry
                return i
        return None

    def _shown(self, entry: Entry) -> bool:
        if not self._status_ok(entry):
            return False
        words = self.words
        if not words:
            return True
        if all(w in self._search[entry.path] for w in words):
            return True
        body = self.body_matches
        return body is not None and body[0] == words and entry.path in body[1]

    def replace_all(self, entries: Iterable[Entry]) -> None:
        self.entries.clear()
        self._search.clear()
        self.add(entries)

    # -- state ------------------------------------------------------------------------------

    @property
    def words(self) -> tuple[str, ...]:
        return query_words(self.query)

    def cycle_sort(self) -> str:
        self.sort = self.sorts[(self.sorts.index(self.sort) + 1) % len(self.sorts)]
        self.reverse = False
        return self.sort

    def cycle_status(self) -> str:
        filters = self.status_filters
        self.status = filters[(filters.index(self.status) + 1) % len(filters)]
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
        return entry.status.casefold() == self.status.casefold()

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
            return (self._order.get(entry.status.casefold(), len(self._order)), entry.date, entry.rel)
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
