"""A folder of articles, listed from their front matter.

The index keeps one small `Entry` per article (what the list pane and ``newsdesk list`` show) and
never holds bodies: an article is read whole only when it is opened. Files are found in sorted
order, hidden folders skipped, symlinked folders not followed (so a symlink loop cannot trap the
scan), and every file, however broken, gets an entry carrying its problems.
"""

from __future__ import annotations

import gc
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newsdesk.core.folder.walk import is_article_path, iter_article_folders
from newsdesk.core.model.article import Article
from newsdesk.core.model.problems import Problem
from newsdesk.core.model.record import Record, replace
from newsdesk.core.persons.refs import PersonRef, refs_from_json, refs_to_json
from newsdesk.core.persons.refs import refs_of as people_refs
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.roles import DEFAULT_ROLES, Roles, text_value, text_values
from newsdesk.core.rules.schema import SCHEMA_FILENAME, Schema, SchemaLookup
from newsdesk.core.rules.workflow import REVIEW_FIELD, Verdict, history

#: Bumped whenever `Entry` or what goes into it changes; older cache files are then ignored.
#: 2: values read through the field roles; each row names the section schema it was read with.
#: 3: the review fields (last verdict, who asked for review and when).
#: 4: each entry records its attendees and speakers (`Entry.persons`) for the people index.
#: 5: lone-CR front matter is read, dates come from file names, bylines and people resolved
#:    through [references], problem rows from the new checks (issues 20 and 25).
CACHE_FORMAT = 5
Checker = Callable[[Article], list[Problem]]
#: A cache file larger than this is not ours (about 1 KB per article).
MAX_CACHE_BYTES = 512 * 1024 * 1024
_set = object.__setattr__


class Entry(Record):
    """What the list shows of one article.

    (A frozen value written out, not a dataclass: the people checks of `newsdesk validate ONE.md`
    import this module; see `newsdesk.core.model.record`.)"""

    __slots__ = (
        "asked_at",
        "asked_by",
        "byline",
        "date",
        "errors",
        "first_problem",
        "format",
        "has_status",
        "last_by",
        "last_verdict",
        "mtime_ns",
        "path",
        "people",
        "persons",
        "rel",
        "section",
        "size",
        "status",
        "tags",
        "title",
        "warnings",
    )
    _fields = (
        "path",
        "rel",
        "title",
        "date",
        "status",
        "byline",
        "section",
        "tags",
        "people",
        "format",
        "errors",
        "warnings",
        "first_problem",
        "mtime_ns",
        "size",
        "has_status",
        "last_verdict",
        "last_by",
        "asked_by",
        "asked_at",
        "persons",
    )

    path: Path
    rel: str
    title: str
    date: str
    status: str
    byline: str
    section: str
    tags: tuple[str, ...]
    people: tuple[str, ...]
    format: str | None
    errors: int
    warnings: int
    first_problem: str | None
    mtime_ns: int
    size: int
    #: Whether the article's site has a status at all (a status field or a draft flag): an
    #: empty ``status`` is then a missing one.
    has_status: bool
    #: The last review verdict (``changes-requested``...) and who gave it; "" without a history.
    last_verdict: str
    last_by: str
    #: Who last asked for review (the last ``submitted`` entry) and when (ISO text); "" if none.
    asked_by: str
    asked_at: str
    #: Each attendee and speaker with role, organization and topic, read through the field roles
    #: (what the people index is built from: the files are not read again for it).
    persons: tuple[PersonRef, ...]

    def __init__(
        self,
        path: Path,
        rel: str,
        title: str,
        date: str,
        status: str,
        byline: str,
        section: str,
        tags: tuple[str, ...],
        people: tuple[str, ...],
        format: str | None,
        errors: int,
        warnings: int,
        first_problem: str | None,
        mtime_ns: int,
        size: int,
        has_status: bool = True,
        last_verdict: str = "",
        last_by: str = "",
        asked_by: str = "",
        asked_at: str = "",
        persons: tuple[PersonRef, ...] = (),
    ) -> None:
        _set(self, "path", path)
        _set(self, "rel", rel)
        _set(self, "title", title)
        _set(self, "date", date)
        _set(self, "status", status)
        _set(self, "byline", byline)
        _set(self, "section", section)
        _set(self, "tags", tags)
        _set(self, "people", people)
        _set(self, "format", format)
        _set(self, "errors", errors)
        _set(self, "warnings", warnings)
        _set(self, "first_problem", first_problem)
        _set(self, "mtime_ns", mtime_ns)
        _set(self, "size", size)
        _set(self, "has_status", has_status)
        _set(self, "last_verdict", last_verdict)
        _set(self, "last_by", last_by)
        _set(self, "asked_by", asked_by)
        _set(self, "asked_at", asked_at)
        _set(self, "persons", persons)

    @property
    def problem_count(self) -> int:
        return self.errors + self.warnings

    @property
    def search_text(self) -> str:
        """Lower-cased text that the list filter matches against (body words aside)."""
        return " ".join(
            (self.title, self.byline, self.section, self.status, self.rel, *self.tags, *self.people)
        ).casefold()


class FolderGone(Exception):
    """The folder being indexed is no longer there (renamed or removed)."""

    def __init__(self, root: Path) -> None:
        super().__init__(f"the folder {root} is gone")
        self.root = root


def read_regular_file(path: Path, max_bytes: int) -> bytes | None:
    """The first ``max_bytes`` of ``path`` if it is a regular file, else None (never raises).

    A FIFO, socket or device is never opened: ``stat`` first, then ``O_NONBLOCK`` (so a file
    swapped for a FIFO in between cannot block) and ``fstat`` to be sure of what was opened.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except (OSError, ValueError):
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks: list[bytes] = []
        left = max_bytes
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def listed_paths(
    root: Path,
    schemas: SchemaLookup | None,
    *,
    on_many: Callable[[Path, int], None] | None = None,
    links: set[Path] | None = None,
) -> Iterator[Path]:
    """`iter_article_paths` without the files their schema's ``[articles] exclude`` says are not
    articles (a README.md at a repository's root), as ``newsdesk validate`` skips them: looked up
    once per folder. A ``root`` that is one file is listed whatever the schema says. ``links``:
    as `iter_article_folders`."""
    for folder, files in iter_article_folders(root, on_many=on_many, links=links):
        if schemas is not None and files[0] is not root:
            excluded = schemas.for_path(files[0]).excluded_in(folder)
            if excluded is not None:
                files = [f for f in files if not excluded(f.name)]
        yield from files


def schema_checker(schemas: SchemaLookup) -> Checker:
    """An article's problems against its own schema (its section's ``newsdesk.toml``, else the
    folder's), as the app and its scan workers check them: under a broken section schema, the
    article's own problems and an ``invalid-schema`` error (the folder's schema applies meanwhile)."""
    from newsdesk.core.rules.validate import validate_article

    def check(article: Article) -> list[Problem]:
        broken = schemas.error_for(article.path)
        if broken is not None:  # as validate reports it
            problem = Problem("invalid-schema", broken.message, broken.line or 1, broken.column or 1)
            return [*article.problems, problem]
        schema = schemas.for_path(article.path)
        problems = validate_article(article, schema)
        if schema.references:
            from newsdesk.core.rules.references import reference_problems  # (see `summarize`)

            problems = sorted([*problems, *reference_problems(article, schema)], key=Problem.sort_key)
        return problems

    return check


def summarize(
    article: Article,
    root: Path | None = None,
    problems: Iterable[Problem] | None = None,
    schema: Schema | None = None,
    *,
    rel: str | None = None,
) -> Entry:
    """The list's view of ``article``: title, date, status, byline and people by the field roles
    of ``schema`` (default: newsdesk's own names). ``rel``: the path relative to ``root``, when
    the caller knows it (the folder index works it out without pathlib)."""
    roles = schema.roles if schema is not None else DEFAULT_ROLES
    probs = list(article.problems if problems is None else problems)
    errors = sum(1 for p in probs if p.is_error)
    first = min(probs, key=lambda p: (not p.is_error, p.line, p.column)) if probs else None
    if rel is None:
        try:
            rel = str(article.path.relative_to(root)) if root and root.is_dir() else str(article.path)
        except ValueError:
            rel = str(article.path)
    # What `roles.view(article)` gives, read here directly (this runs for every file of a folder).
    meta = article.metadata
    date = roles.date_of(meta, article.path.name)
    status = roles.status_of(meta) if meta else None
    fp = article.fingerprint
    last, asked = _review_of(article)
    resolver = None
    if schema is not None and schema.references:  # imported only then: `validate ONE.md` imports less
        from newsdesk.core.rules.references import resolver_for

        resolver = resolver_for(schema)
    byline = roles.byline_of(meta) or ""
    labels = roles.people_labels(meta)
    persons = people_refs(meta, roles, resolver) if meta else ()
    if resolver is not None and meta:
        # Slugs naming profiles: the profiles' names (the slug when it names none).
        if roles.byline in resolver.fields:  # `people_refs` resolved them: its authors, in order
            byline = ", ".join(r[2] or "" for r in persons if r[0] == "author")
        if any(f in resolver.fields for f in roles.people_fields):
            labels = tuple(r[2] or r[6] or "(unnamed)" for r in persons if r[0] != "author")
    return Entry(
        path=article.path,
        rel=rel,
        title=roles.title_of(meta) or "",
        date=date.isoformat() if date else "",
        status=status or "",
        byline=byline,
        section=text_value(meta.get("section")) or "",
        tags=tuple(text_values(meta.get("tags"))),
        people=labels,
        format=article.format,
        errors=errors,
        warnings=len(probs) - errors,
        first_problem=f"{first.line}:{first.column} {first.message}" if first else None,
        mtime_ns=fp.mtime_ns if fp else 0,
        size=fp.size if fp else 0,
        has_status=schema.has_status if schema is not None else True,
        last_verdict=last.verdict if last is not None else "",
        last_by=last.by if last is not None else "",
        asked_by=asked.by if asked is not None else "",
        asked_at=asked.at.isoformat() if asked is not None and asked.at is not None else "",
        persons=persons,
    )


def _review_of(article: Article) -> tuple[Verdict | None, Verdict | None]:
    """The last verdict and the last request for review (cheap when there is no history)."""
    if REVIEW_FIELD not in article.metadata:
        return None, None
    entries = history(article.metadata)
    asked = next((e for e in reversed(entries) if e.verdict == "submitted"), None)
    return (entries[-1] if entries else None), asked


def cache_tag(schema: Schema) -> str:
    """What cached entries depend on besides the files: newsdesk's version and the schema file."""
    from newsdesk import __version__

    source = "built-in"
    if schema.source is not None:
        try:
            st = schema.source.stat()
            source = f"{schema.source}:{st.st_mtime_ns}:{st.st_size}"
        except OSError:
            source = str(schema.source)
    return f"newsdesk {__version__}; format {CACHE_FORMAT}; schema {source}"


#: Longer escaped names are hashed (a file name holds at most 255 bytes).
MAX_CACHE_NAME = 180


def cache_file_for(root: Path, cache_dir: Path) -> Path:
    """Where the entries of the folder ``root`` are remembered between runs: named after the
    folder's real path, %-escaped (``index-%2Fsrv%2Fsite.json``): one name per folder, readable,
    and no hashing module for a pre-commit run to import (`urllib.parse` is pathlib's anyway); a
    path too long for a file name by its SHA-256 (hex, so never taken for an escaped path)."""
    real = os.fsencode(os.path.realpath(root))
    key = quote(real, safe="")
    if len(key) > MAX_CACHE_NAME:
        import hashlib

        key = hashlib.sha256(real).hexdigest()[:20]
    return cache_dir / f"index-{key}.json"


_ROW_FIELDS: tuple[str, ...] = Entry._fields
_ROW_TYPES: tuple[type | tuple[type, ...], ...] = tuple(
    (str, type(None)) if f in ("format", "first_problem") else list if f in ("tags", "people")
    else int if f in ("errors", "warnings", "mtime_ns", "size")
    else bool if f == "has_status" else str
    for f in _ROW_FIELDS
)  # fmt: skip


_PEOPLE_FIELD = _ROW_FIELDS.index("people")
_PERSONS_FIELD = _ROW_FIELDS.index("persons")

# -- the people cache ------------------------------------------------------------------------------
#
# Beside each folder's index cache, written with it: what the people checks need of each article
# (``newsdesk validate ONE.md`` on an article naming people reads it instead of the whole index
# cache: at 10,000 articles 13 MB to parse against a few). Line 1: a JSON header (formats, tag,
# root); line 2: a JSON list of rows (`PEOPLE_ROW`); then one line per row, in the same order: its
# attendees and speakers as `refs_to_json` writes them (parsed only for the rows that matter).
# JSON text holds no raw newline, so the lines cannot be confused.

#: Bumped whenever the people cache's rows change; older ones are then ignored.
PEOPLE_CACHE_FORMAT = 2  # 2: authors from references are people too (issue 20)
#: A people cache row: (path under the root, mtime_ns, size, section schema key, date, title, the
#: people labels `Entry.people`).
PEOPLE_ROW = ("rel", "mtime_ns", "size", "schema_key", "date", "title", "people")
_PEOPLE_ROW_TYPES: tuple[type, ...] = (str, int, int, str, str, str, list)
_PEOPLE_FROM_ROW = tuple(_ROW_FIELDS.index(f) for f in PEOPLE_ROW if f != "schema_key")
PeopleCacheRow = tuple[str, int, int, str, str, str, list[str]]


def people_cache_file(cache_file: Path) -> Path:
    """The people cache that goes with the index cache ``cache_file``."""
    return cache_file.with_name("people-" + cache_file.name.removeprefix("index-"))


def _people_cache_text(index_rows: list[list[Any]], tag: str, root: Path) -> str | None:
    """The people cache of the index cache rows ``index_rows``; None if a row is not as we wrote it."""
    rows: list[list[Any]] = []
    persons: list[str] = []
    for row in index_rows:
        values = [row[i] for i in _PEOPLE_FROM_ROW]
        values.insert(3, row[-1])  # the schema key
        refs = row[_PERSONS_FIELD]
        if not isinstance(refs, str) or "\n" in refs:
            return None
        rows.append(values)
        persons.append(refs)
    head = json.dumps({"format": [CACHE_FORMAT, PEOPLE_CACHE_FORMAT], "tag": tag, "root": str(root)})
    body = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), default=str)
    return "\n".join([head, body, *persons])


def read_people_cache(
    cache_file: Path, tag: str
) -> tuple[dict[str, tuple[PeopleCacheRow, int]], list[str]] | None:
    """The people cache of the index cache ``cache_file``, if written under ``tag``: each row by
    its path under the root, with the number of its people's line, and the lines (see
    `refs_from_json`). None when it is missing, damaged, or of another format or tag."""
    try:
        raw = read_regular_file(people_cache_file(cache_file), MAX_CACHE_BYTES)
        if raw is None:
            return None
        lines = raw.decode("utf-8").split("\n")
        if len(lines) < 2:
            return None
        head = json.loads(lines[0])
        if head.get("format") != [CACHE_FORMAT, PEOPLE_CACHE_FORMAT] or head.get("tag") != tag:
            return None
        rows = _json_without_gc(lines[1])
        if type(rows) is not list or len(rows) != len(lines) - 2:
            return None
        out: dict[str, tuple[PeopleCacheRow, int]] = {}
        types = _PEOPLE_ROW_TYPES
        for n, row in enumerate(rows, 2):
            if type(row) is not list or len(row) != len(types) or not all(map(isinstance, row, types)):
                return None
            out[row[0]] = (tuple(row), n)
    except (OSError, ValueError, TypeError, AttributeError):
        return None
    return out, lines


def _entry_row(entry: Entry, schema_key: str) -> list[Any]:
    row = [*(getattr(entry, name) for name in _ROW_FIELDS), schema_key]
    row[_PERSONS_FIELD] = refs_to_json(entry.persons)  # one JSON text per row (see refs_to_json)
    return row


def _entry_from_row(path: Path, row: list[Any]) -> tuple[Entry, str]:
    """The `Entry` for ``path`` from its cache row and the section schema it was read with;
    `ValueError` when the row is not one we wrote."""
    *row, schema_key = row
    if (
        len(row) != len(_ROW_FIELDS)
        or not all(map(isinstance, row, _ROW_TYPES))
        or not isinstance(schema_key, str)
    ):
        raise ValueError("not an index row")
    values = dict(zip(_ROW_FIELDS, row, strict=True))
    values.update(
        path=path,
        tags=tuple(values["tags"]),
        people=tuple(values["people"]),
        persons=refs_from_json(values["persons"]),
    )
    return Entry(**values), schema_key


def _json_without_gc(raw: bytes | str) -> Any:
    """``json.loads`` with the garbage collector paused: the cache is hundreds of thousands of
    small lists, and the collector walking them again and again while they are made doubled the
    time to read it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return json.loads(raw)
    finally:
        if enabled:
            gc.enable()


class FolderIndex:
    """Entries for every article under ``root``, refreshed file by file.

    With a ``cache_file``, the entries are remembered between runs (`save_cache`, `load_cache`):
    `cached_entry` gives back those whose file still has the same size and modification time, so
    reopening a large folder reads only what changed. ``cache_tag`` names what the entries depend
    on besides the files (the schema and newsdesk's version); a cache written under another tag is
    ignored. ``schemas`` gives each article's schema, whose field roles say where its title, date,
    byline and status are (default: newsdesk's own names); an entry remembered under another
    section schema than the one that applies now is read again.
    """

    def __init__(
        self,
        root: Path,
        checker: Checker | None = None,
        *,
        schemas: SchemaLookup | None = None,
        cache_file: Path | None = None,
        cache_tag: str = "",
    ) -> None:
        self.root = root
        self.checker = checker
        self.schemas = schemas
        #: The section schema each entry was read with (see `SchemaLookup.key_for`).
        self._schema_keys: dict[Path, str] = {}
        self.cache_file = cache_file
        self.cache_tag = cache_tag
        self.entries: dict[Path, Entry] = {}
        self._cached_rows: dict[str, list[Any]] = {}
        #: Rows handed out raw by `cached_row`: written back as they are by `save_cache`.
        self._kept_rows: dict[Path, list[Any]] = {}
        #: A folder (not one file) is indexed: if it disappears, that is `FolderGone`, never an
        #: article named after the folder.
        self.root_is_dir = root.is_dir()

    def load_cache(self) -> int:
        """Read the entries remembered by an earlier run; returns how many there are.

        A missing, damaged or differently tagged cache counts as empty, never as an error.
        """
        self._cached_rows = {}
        if self.cache_file is None:
            return 0
        try:
            raw = read_regular_file(self.cache_file, MAX_CACHE_BYTES)
            if raw is None:
                return 0
            data = _json_without_gc(raw)
            if data.get("format") == CACHE_FORMAT and data.get("tag") == self.cache_tag:
                # Keyed by the path under the root: `newsdesk validate` (the people checks) and the
                # app share the rows however the folder was spelled ("articles", "/srv/articles").
                key = 1 if self.root_is_dir else 0
                self._cached_rows = {
                    row[key]: row for row in data["entries"] if isinstance(row, list) and len(row) > key
                }
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self._cached_rows = {}
        return len(self._cached_rows)

    def _row_of(self, path: Path) -> list[Any] | None:
        key = str(path)
        if self.root_is_dir:
            # The path under the root, as `summarize` writes ``rel`` (string work: pathlib's
            # relative_to is the slowest part of looking 10,000 rows up).
            root = str(self.root)
            prefix = "" if root == "." else root if root.endswith(os.sep) else root + os.sep
            if key.startswith(prefix) and key != prefix:
                key = key[len(prefix) :]
            else:
                try:
                    key = str(path.relative_to(self.root))
                except ValueError:
                    return None
        return self._cached_rows.get(key)

    def cached_row(self, path: Path) -> dict[str, Any] | None:
        """The remembered row of ``path`` as field name -> value, as the cache holds it (``tags``
        a list, ``persons`` JSON text), if the file still has its size and mtime and the same
        section schema applies, else None.

        Cheaper than `cached_entry` when a few fields are needed (the people checks of a
        pre-commit run); `save_cache` writes such a row back as it is.
        """
        row = self._row_of(path)
        if row is None or len(row) != len(_ROW_FIELDS) + 1:
            return None
        fields_row, schema_key = row[:-1], row[-1]
        if not all(map(isinstance, fields_row, _ROW_TYPES)) or schema_key != self._schema_key(path):
            return None
        values = dict(zip(_ROW_FIELDS, fields_row, strict=True))
        try:
            st = path.stat()
        except OSError:
            return None
        if values["mtime_ns"] != st.st_mtime_ns or values["size"] != st.st_size:
            return None
        self._kept_rows[path] = row
        return values

    def cached_labels(self, path: Path) -> list[str] | None:
        """The people labels (`Entry.people`) of a row `cached_row` handed out, else None."""
        row = self._kept_rows.get(path)
        return row[_PEOPLE_FIELD] if row is not None else None

    def cached_entry(self, path: Path) -> Entry | None:
        """The remembered entry for ``path`` if the file still has its size and mtime, else None."""
        row = self._row_of(path)
        if row is None:
            return None
        try:
            entry, schema_key = _entry_from_row(path, row)
            st = path.stat()
        except (ValueError, TypeError, OSError):
            return None
        if entry.mtime_ns != st.st_mtime_ns or entry.size != st.st_size:
            return None
        if schema_key != self._schema_key(path):
            return None
        self._schema_keys[path] = schema_key
        return entry

    def note_schema(self, path: Path, key: str | None = None) -> None:
        """Remember which section schema ``path`` was read with (a row a scan worker made):
        ``key``, the worker's `noted_schema_key` (None: worked out here, a ``stat`` per folder
        for its ``newsdesk.toml`` and, with references, the state of every profile)."""
        self._schema_keys[path] = self._schema_key(path) if key is None else key

    def noted_schema_key(self, path: Path) -> str:
        """The key of the section schema ``path``'s entry was read with (`cached_entry` and
        `load_entry` note it), else the one that applies now."""
        key = self._schema_keys.get(path)
        return self._schema_key(path) if key is None else key

    def known_schema_key(self, path: Path) -> str | None:
        """The key `noted_schema_key` gives when it is noted (no file looked at), else None."""
        return self._schema_keys.get(path)

    def _schema_key(self, path: Path) -> str:
        return self.schemas.key_for(path) if self.schemas is not None else ""

    def schema_for(self, path: Path) -> Schema | None:
        """The schema of the article ``path`` (its section's); None: newsdesk's built-in names."""
        return self.schemas.for_path(path) if self.schemas is not None else None

    def roles_for(self, path: Path) -> Roles:
        """The field roles of the article ``path`` (its section's schema)."""
        schema = self.schema_for(path)
        return schema.roles if schema is not None else DEFAULT_ROLES

    def save_cache(self) -> bool:
        """Remember the current entries for the next run; False (quietly) when it cannot."""
        return self.cache_saver()()

    def cache_saver(self) -> Callable[[], bool]:
        """`save_cache` in two steps: this call takes a snapshot of the entries (cheap: copies of
        two dicts of immutable values), the returned call writes it (JSON and an fsync, half a
        second at 10,000 articles), so the app can list the folder as complete first and write
        the cache after, in the same thread, while the entries go on changing."""
        cache_file = self.cache_file
        entries = dict(self.entries)
        kept = dict(self._kept_rows)
        keys = dict(self._schema_keys)

        def save() -> bool:
            if cache_file is None:
                return False
            return self._write_cache(cache_file, self._rows(entries, kept, keys))

        return save

    def _rows(
        self, entries: dict[Path, Entry], kept: dict[Path, list[Any]], keys: dict[Path, str]
    ) -> list[list[Any]]:
        """The cache's rows: each entry with the key of the section schema it was read with
        (noted when it was read: working every key out again was a `stat` per folder and, with
        references, every profile listed again), and the rows `cached_row` handed out."""
        rows = [
            _entry_row(e, keys[e.path] if e.path in keys else self._schema_key(e.path))
            for e in entries.values()
        ]
        rows += [row for path, row in kept.items() if path not in entries]
        return rows

    def _write_cache(self, cache_file: Path, rows: list[list[Any]]) -> bool:
        data = {"format": CACHE_FORMAT, "tag": self.cache_tag, "root": str(self.root), "entries": rows}
        from newsdesk.core.model.errors import SaveError
        from newsdesk.core.write.disk import atomic_write

        try:
            # Row by row: one json.dumps of the whole 13 MB (at 10,000 articles) holds the GIL for
            # 150 ms, which the app's event loop, running beside this thread, would feel.
            encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)
            head = encoder.encode({k: v for k, v in data.items() if k != "entries"})
            text = head[:-1] + ',"entries":[' + ",".join(map(encoder.encode, rows)) + "]}"
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(cache_file, text.encode("utf-8"), own_folder=True)
        except (OSError, ValueError, SaveError):
            return False
        self._write_people_cache(cache_file, rows)
        return True

    def save_people_cache(self) -> bool:
        """Write the people cache alone (`read_people_cache`), from the current entries and the
        rows `cached_row` handed out; False (quietly) when it cannot."""
        if self.cache_file is None:
            return False
        rows = self._rows(self.entries, self._kept_rows, self._schema_keys)
        return self._write_people_cache(self.cache_file, rows)

    def _write_people_cache(self, cache_file: Path, rows: list[list[Any]]) -> bool:
        if not self.root_is_dir:
            return False
        from newsdesk.core.model.errors import SaveError
        from newsdesk.core.write.disk import atomic_write

        try:
            text = _people_cache_text(rows, self.cache_tag, self.root)
            if text is None:
                return False
            atomic_write(people_cache_file(cache_file), text.encode("utf-8"), own_folder=True)
        except (OSError, ValueError, SaveError):
            return False
        return True

    def _rel(self, path: Path) -> str:
        """``str(path.relative_to(root))`` (as `summarize` words it), from the text of the paths."""
        text = str(path)
        if self.root_is_dir:
            root = str(self.root)
            if root == ".":
                if not text.startswith(("/", "../")) and text != "..":
                    return text
            elif text.startswith(root if root.endswith("/") else root + "/"):
                return text[len(root) + (not root.endswith("/")) :]
        try:
            return str(path.relative_to(self.root)) if self.root_is_dir else text
        except ValueError:
            return text

    def load_entry(self, path: Path) -> Entry:
        # Positions are skipped: a checker that reports a problem works them out when it needs them.
        # Never saved from. A profile, perhaps: read once in a pass, for its entry and its slugs.
        refspec = sys.modules.get("newsdesk.core.rules.refspec")  # not imported: no profiles known
        if refspec is not None and refspec.PLACES:  # some schema names profiles (see `summarize`)
            from newsdesk.core.rules.references import read_article

            article = read_article(path)
        else:
            article = load_article(path, locations=False, digest=False)
        self._schema_keys[path] = self._schema_key(path)
        problems = self.checker(article) if self.checker else None
        entry = summarize(article, self.root, problems, self.schema_for(path), rel=self._rel(path))
        if article.fingerprint is None:
            # Not read (a FIFO, a device, permission denied): remember what stat says, so that an
            # unchanged special file is not "changed" at every refresh. Never opened.
            try:
                st = os.stat(path)
            except OSError:
                return entry
            entry = replace(entry, mtime_ns=st.st_mtime_ns, size=st.st_size)
        return entry

    def article_paths(
        self,
        under: Path | None = None,
        *,
        on_many: Callable[[Path, int], None] | None = None,
        links: set[Path] | None = None,
    ) -> Iterator[Path]:
        """The articles under ``under`` (default: the root) the index lists: `listed_paths`
        (``links``: as there). A walk of the root is a new scan: the profiles' files are looked at again."""
        if under is None:
            from newsdesk.core.rules.references import forget_resolvers

            forget_resolvers()
        return listed_paths(self.root if under is None else under, self.schemas, on_many=on_many, links=links)

    def _excluded(self, path: Path) -> bool:
        if self.schemas is None or path == self.root:
            return False
        excluded = self.schemas.for_path(path).excluded_in(path.parent)
        return excluded is not None and excluded(path.name)

    def scan(self, progress: Callable[[int, int], None] | None = None) -> list[Entry]:
        """(Re)read every article. ``progress(done, total)`` is called now and then."""
        from newsdesk.core.rules.refspec import one_pass  # (not for `validate ONE.md`)

        paths = list(self.article_paths())
        entries: dict[Path, Entry] = {}
        with one_pass():  # each profile collection looked at once per scan
            for n, path in enumerate(paths, 1):
                entries[path] = self.load_entry(path)
                if progress and (n % 250 == 0 or n == len(paths)):
                    progress(n, len(paths))
        self.entries = entries
        return list(entries.values())

    def _check_root(self) -> None:
        if self.root_is_dir and not self.root.is_dir():
            raise FolderGone(self.root)

    def changed_paths(self) -> tuple[list[Path], list[Path]]:
        """Paths added or modified on disk since the last scan, and paths removed.

        Raises `FolderGone` when the indexed folder is no longer there.
        """
        self._check_root()
        current = set(self.article_paths())
        self._check_root()  # removed while it was walked
        removed = [p for p in self.entries if p not in current]
        for path in removed:
            self._schema_keys.pop(path, None)
        if self.schemas is not None:
            self.schemas.forget()  # a section's newsdesk.toml may have come, changed or gone
        changed: list[Path] = []
        for path in sorted(current):
            entry = self.entries.get(path)
            if entry is not None and self._schema_keys.get(path, "") != self._schema_key(path):
                changed.append(path)
                continue
            try:
                st = path.stat()
            except OSError:
                if entry is None or entry.mtime_ns != 0:
                    changed.append(path)
                continue
            if entry is None or entry.mtime_ns != st.st_mtime_ns or entry.size != st.st_size:
                changed.append(path)
        return changed, removed

    def refresh(self) -> tuple[list[Entry], list[Path]]:
        """Re-read what changed on disk; returns (updated entries, removed paths).

        Walks the whole folder: the fallback when no change notifications are to be had (see
        `refresh_paths`). Raises `FolderGone` when the folder is no longer there.
        """
        from newsdesk.core.rules.refspec import one_pass

        with one_pass():  # the sections' schema keys look at each profile collection once
            changed, removed = self.changed_paths()
            return self._apply(changed, removed)

    def _apply(self, changed: Iterable[Path], removed: Iterable[Path]) -> tuple[list[Entry], list[Path]]:
        from newsdesk.core.rules.refspec import one_pass

        gone = [p for p in removed if self.entries.pop(p, None) is not None]
        updated: list[Entry] = []
        with one_pass():
            for path in changed:
                entry = self.load_entry(path)
                if self.entries.get(path) != entry:
                    self.entries[path] = entry
                    updated.append(entry)
        return updated, gone

    def _indexed(self, path: Path) -> bool:
        """Whether ``path`` (under the root) is where the walk looks: no hidden folder on the way."""
        try:
            parts = path.relative_to(self.root).parts
        except ValueError:
            return False
        return all(not part.startswith(".") and part != "node_modules" for part in parts[:-1])

    def refresh_paths(self, paths: Iterable[Path]) -> tuple[list[Entry], list[Path]]:
        """Re-read only ``paths`` (files or folders a change notification named).

        A path that is an article is read again (reported only if its entry changed); a folder
        that appeared is walked for articles; a path that is gone takes its entry, or every entry
        under it (a folder renamed or removed), with it. Raises `FolderGone` when the indexed
        folder itself is gone. Special files are only ever stat-ed (see `load_entry`).
        """
        self._check_root()
        from newsdesk.core.rules.references import forget_resolvers

        forget_resolvers()  # a profile may be among the paths
        if not self.root_is_dir:
            return self._apply([self.root] if os.path.lexists(self.root) else [], [])
        changed: set[Path] = set()
        removed: set[Path] = set()
        folders_gone: list[Path] = []
        for path in paths:
            if path == self.root or not self._indexed(path):
                continue
            if path.name == SCHEMA_FILENAME:
                # A section's newsdesk.toml came, changed or went: its articles may read
                # differently now (their roles, their fields).
                if self.schemas is not None:
                    self.schemas.forget()
                    folder = path.parent
                    changed.update(
                        p
                        for p in self.entries
                        if p.is_relative_to(folder) and self._schema_keys.get(p, "") != self._schema_key(p)
                    )
                continue
            try:
                st = os.lstat(path)
            except OSError:
                if path in self.entries:
                    removed.add(path)
                elif not is_article_path(path):
                    folders_gone.append(path)
                continue
            if stat.S_ISDIR(st.st_mode):
                if not path.name.startswith(".") and path.name != "node_modules":
                    changed.update(self.article_paths(path))
            elif is_article_path(path) and not self._excluded(path):
                changed.add(path)
        if folders_gone:
            for known in self.entries:
                if any(known.is_relative_to(folder) for folder in folders_gone):
                    removed.add(known)
        return self._apply(sorted(changed), sorted(removed))
