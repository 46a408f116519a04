"""Walking a folder for its article files: sorted, hidden folders and ``node_modules`` skipped,
symlinked folders not followed, one file system, never /proc, /sys or /dev.

Apart from `newsdesk.core.folder.index` so that ``newsdesk validate`` walks a folder without
importing the index, its cache (json) and the people references.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from newsdesk.core.rules.schema import SCHEMA_FILENAME

ARTICLE_SUFFIXES = (".md", ".markdown")


def is_article_path(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")


#: Never walked into: the kernel's and devices' file systems. Walking a symlink to ``/`` must not
#: list /proc (tens of thousands of entries that change all the time).
NEVER_WALK = frozenset({"/proc", "/sys", "/dev"})
#: A walk that has passed this many files (articles or not) tells ``on_many``, once.
MANY_FILES = 100_000


def _never_walked(real: str) -> bool:
    return real in NEVER_WALK or real.startswith(("/proc/", "/sys/"))


def iter_article_paths(root: Path, *, on_many: Callable[[Path, int], None] | None = None) -> Iterator[Path]:
    """Article files under ``root`` (a file or folder), in sorted order.

    Hidden folders and ``node_modules`` are skipped and symlinked folders are not followed (so a
    symlink loop cannot trap the walk). The walk stays on ``root``'s file system, like ``find
    -xdev``, and never enters /proc, /sys or /dev, even through a symlink to ``/``. When it has
    passed `MANY_FILES` files, ``on_many(root, count)`` is called once (the walk goes on).
    """
    for _, files in iter_article_folders(root, on_many=on_many):
        yield from files


def _is_article_name(name: str) -> bool:
    """`is_article_path` of a file called ``name``, without making a Path of it (".md" tested
    first: most are)."""
    return (name.endswith(".md") or name.lower().endswith(ARTICLE_SUFFIXES)) and not name.startswith(".")


def iter_article_folders(
    root: Path, *, on_many: Callable[[Path, int], None] | None = None, links: set[Path] | None = None
) -> Iterator[tuple[Path, list[Path]]]:
    """`iter_article_paths`, a folder at a time: (folder, its article files in sorted order).

    Every file of one folder comes with the same ``folder`` object, so what depends on the folder
    (its schema) can be worked out once. A ``root`` that is not a folder is its own one file:
    ``(root, [root])``. ``links`` hears of the files that are symbolic links (from the walk's
    listing, at no cost; one ``islink`` for a ``root`` that is a file).
    """
    for folder, names, linked in _walk(root, on_many):
        if names is None:
            if links is not None and os.path.islink(root):
                links.add(root)
            yield root, [root]
        else:
            if linked and links is not None:
                links.update(folder / name for name in linked)
            yield folder, [folder / name for name in names]


def iter_article_names(root: Path) -> Iterator[tuple[Path, list[str]]]:
    """`iter_article_folders` of a folder with the files' names (no Path made per file); nothing
    for a ``root`` that is not a folder."""
    for folder, names, _ in _walk(root, None):
        if names is not None:
            yield folder, names


def _walk(
    root: Path, on_many: Callable[[Path, int], None] | None
) -> Iterator[tuple[Path, list[str] | None, frozenset[str]]]:
    """(folder, its article files' names in sorted order, those that are links); ``(root, None,
    ...)`` for a ``root`` that is not a folder."""
    for folder, _, names, _, links in walk_folders_links(root, on_many):
        if names is None or names:
            yield folder, names, links


def walk_folders(
    root: Path, on_many: Callable[[Path, int], None] | None = None
) -> Iterator[tuple[Path, str, list[str] | None, bool]]:
    """`iter_article_names` with what else the walk saw of each folder, so that no one has to
    ask the file system again: (folder, its real path, its article files' names, whether it
    holds a ``newsdesk.toml``), every folder walked, with article files or not. The real path
    costs nothing: the walk follows no symlinked folder, so a folder's is its parent's and its
    name (one ``realpath``, of the root). Yields ``(root, "", None, False)`` for a ``root`` that
    is not a folder."""
    for folder, real, names, has_schema, _ in walk_folders_links(root, on_many):
        yield folder, real, names, has_schema


#: No article file of a folder is a link.
NO_LINKS: frozenset[str] = frozenset()


def walk_folders_links(
    root: Path, on_many: Callable[[Path, int], None] | None = None
) -> Iterator[tuple[Path, str, list[str] | None, bool, frozenset[str]]]:
    """`walk_folders` with, last, the names of the folder's article files that are symbolic
    links (usually `NO_LINKS`). Free: the listing's file types say which names are links
    (``DirEntry.is_symlink`` needs no ``stat``), so only those need a closer look (where they
    lead: `newsdesk.core.read.links.link_outside`)."""
    try:
        st = os.stat(root)
    except OSError:
        yield root, "", None, False, NO_LINKS
        return
    if not stat.S_ISDIR(st.st_mode):
        yield root, "", None, False, NO_LINKS
        return
    real_root = os.path.realpath(root)
    if _never_walked(real_root):
        return
    device = st.st_dev
    seen = 0
    told = on_many is None
    sep = os.sep
    # Each folder with the text it is listed by (its parent's and its name: no Path turned into
    # text per folder) and its real path.
    stack: list[tuple[Path, str, str]] = [(root, os.fspath(root), real_root)]
    while stack:
        folder, text, real = stack.pop()
        try:
            with os.scandir(text) as listing:
                entries = list(listing)
        except OSError:
            continue
        names: list[str] = []
        folders: list[tuple[str, os.DirEntry[str]]] = []
        linked: list[str] = []
        for entry in entries:
            name = entry.name
            try:
                # The listing's file types, no stat: a regular file (most entries) is one test.
                if entry.is_file(follow_symlinks=False):
                    names.append(name)
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if not name.startswith(".") and name != "node_modules":
                        folders.append((name, entry))
                    continue
                if entry.is_symlink():
                    linked.append(name)
                    if entry.is_dir():
                        continue  # a symlinked folder: not followed
            except OSError:
                pass
            names.append(name)
        # Names are tested as text: a Path is made only for an article.
        files = sorted(filter(_is_article_name, names))
        links = frozenset(linked).intersection(files) if linked else NO_LINKS
        yield folder, real, files, SCHEMA_FILENAME in names, links
        seen += len(names)
        if not told and seen >= MANY_FILES:
            told = True
            assert on_many is not None
            on_many(root, seen)
        if not folders:
            continue
        below: list[tuple[Path, str, str]] = []
        folders.sort()  # by name (names in one folder differ)
        real_sep = real if real.endswith(sep) else real + sep  # os.path.join's
        text_sep = text if text.endswith(sep) else text + sep
        for name, entry in folders:
            sub_real = real_sep + name
            if sub_real in NEVER_WALK:
                continue
            try:
                if entry.stat(follow_symlinks=False).st_dev != device:
                    continue  # another file system is mounted here
            except OSError:
                continue
            below.append((folder / name, text_sep + name, sub_real))
        stack.extend(reversed(below))
