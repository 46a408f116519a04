"""New articles: their file name and first metadata.

A new article is named ``YYYY-MM-DD-slug-of-title.md`` in its folder and never takes a name that
exists: ``-2``, ``-3``... are added. Its metadata starts as the schema wants a new draft: the title,
status ``draft``, the date (in the fields the site's roles name), and every field the schema gives a
``default`` (in schema order); or, on a Hugo site with archetypes, as the matching archetype has it
(`archetype_for`, `newsdesk.core.infer.archetype`).
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from newsdesk.core.model.article import Article
from newsdesk.core.model.errors import SaveError
from newsdesk.core.rules.schema import Schema

if TYPE_CHECKING:
    from newsdesk.core.infer.archetype import Archetype

__all__ = [
    "MAX_SLUG",
    "archetype_for",
    "create_article",
    "file_names",
    "initial_metadata",
    "slugify",
    "unused_path",
]

#: Slugs are cut (at a word boundary) to this many characters.
MAX_SLUG = 60


def slugify(title: str) -> str:
    """``"Spring Employment Meeting!"`` -> ``"spring-employment-meeting"``.

    Accents are dropped (``é`` -> ``e``); letters of other scripts are kept; everything else
    separates words. A title with no letters or digits gives ``untitled``.
    """
    text = unicodedata.normalize("NFKD", title)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words: list[str] = []
    word: list[str] = []
    for ch in text.casefold():
        if ch.isalnum() and ch.isprintable():
            word.append(ch)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    slug = ""
    for w in words:
        candidate = f"{slug}-{w}" if slug else w
        if len(candidate) > MAX_SLUG:
            if not slug:
                slug = w[:MAX_SLUG]
            break
        slug = candidate
    return slug or "untitled"


def file_names(title: str, date: dt.date) -> Iterator[str]:
    """Candidate file names, best first: ``2024-05-22-title.md``, then ``-2``, ``-3``..."""
    stem = f"{date.isoformat()}-{slugify(title)}"
    yield f"{stem}.md"
    n = 2
    while True:
        yield f"{stem}-{n}.md"
        n += 1


def unused_path(folder: Path, title: str, date: dt.date) -> Path:
    """The first candidate name not taken in ``folder`` (by a file, folder or dangling link)."""
    for name in file_names(title, date):
        path = folder / name
        if not os.path.lexists(path):
            return path
    raise AssertionError("unreachable")  # pragma: no cover


def initial_metadata(
    schema: Schema, title: str, date: dt.date, archetype: Archetype | None = None
) -> dict[str, Any]:
    """A new draft's metadata, in schema order: title, date, status and every schema default.

    The title, date and status go in the fields the site's roles name (a draft flag: ``true``);
    a site without status gets none. With a Hugo ``archetype``, its front matter (filled in, in
    its order) is the start instead, with the title, and the date and status where it has none.
    """
    roles = schema.roles
    known: dict[str, Any] = {roles.title: title, roles.date: date}
    if schema.has_status and roles.status_fixed is None:  # a fixed status is written nowhere
        statuses = schema.statuses
        known[roles.status] = roles.status_value("draft" if "draft" in statuses else statuses[0])
    if archetype is not None:
        start = dict(archetype.metadata)
        start[roles.title] = title  # typed by the editor (the archetype's title form gives it too)
        for name, value in known.items():
            start.setdefault(name, value)
        return start
    meta: dict[str, Any] = {}
    for name, spec in schema.fields.items():
        if name in known:
            meta[name] = known[name]
        elif spec.default is not None:
            meta[name] = spec.default
    for name, value in known.items():  # a schema without these fields still gets them
        meta.setdefault(name, value)
    return meta


def archetype_for(
    folder: Path, title: str, date: dt.date, *, now: dt.datetime | None = None
) -> tuple[Archetype | None, list[str]]:
    """The Hugo archetype a new article in ``folder`` starts from (None: none, or one that cannot
    be used), filled in for ``title`` and ``date`` (``{{ .Date }}``: that day at the current
    time, with the local offset), and the warnings to show."""
    from newsdesk.core.infer.archetype import find_archetype, load_archetype

    path = find_archetype(folder)
    if path is None:
        return None, []
    clock = (now or dt.datetime.now()).time().replace(microsecond=0)
    when = dt.datetime.combine(date, clock).astimezone()
    return load_archetype(path, title=title, when=when)


def create_article(
    folder: Path,
    metadata: dict[str, Any],
    body: str,
    fmt: Literal["yaml", "toml"],
    *,
    title: str,
    date: dt.date,
    attempts: int = 10_000,
    lock_timeout: float | None = None,
    follow_symlinks: bool = False,
) -> Article:
    """Write a new article under the first free name; never overwrites (another writer may take a
    name between the look and the write: then the next name is tried)."""
    from newsdesk.core.write.save import create

    last: SaveError | None = None
    names = file_names(title, date)
    for _ in range(attempts):
        path = folder / next(names)
        if os.path.lexists(path):
            continue
        try:
            return create(
                path, metadata, body, fmt, lock_timeout=lock_timeout, follow_symlinks=follow_symlinks
            )
        except SaveError as exc:
            if not os.path.lexists(path):
                raise  # a real failure (read-only folder, unwritable values), not a name taken
            last = exc
    raise last or SaveError(f"cannot find a free file name in {folder}")
