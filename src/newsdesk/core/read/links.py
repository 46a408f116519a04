"""Where a link leads: the folder a file belongs to, and whether a link leads out of it.

Pure look-ups (``lexists``/``islink``/``realpath``), no writing: `newsdesk.core.write.disk`
refuses a write through a link out of the folder (`link_outside`), and ``newsdesk validate``,
``list`` and ``show`` say where such a link points (they read through it). Kept below the writers
so that a check of one file imports nothing of the write path (no ``hashlib``).
"""

from __future__ import annotations

import os

__all__ = ["ROOT_MARKERS", "file_link_outside", "is_inside", "link_outside", "write_root"]

#: What marks the folder being worked on: a git work tree, a site's ``newsdesk.toml``.
ROOT_MARKERS = (".git", "newsdesk.toml")


def write_root(path: str | os.PathLike[str]) -> str:
    """The folder a write to ``path`` must stay inside (lexical, absolute, not resolved).

    Found upwards from the *unresolved* absolute path: the nearest folder holding ``.git`` or
    ``newsdesk.toml`` -- widened to the git work tree that holds a ``newsdesk.toml`` folder --,
    else the file's own folder. A marker reached through a link inside the tree does not count:
    when a link lies between a marker and the next marker above it (``articles/sub -> /etc``, and
    ``/etc/.git`` exists), the marker above wins. Links above the tree (``/home -> /data/home``)
    are harmless: the comparison is between resolved paths.
    """
    start = os.path.dirname(os.path.abspath(path))
    ancestors = [start]
    while (parent := os.path.dirname(ancestors[-1])) != ancestors[-1]:
        ancestors.append(parent)
    best: int | None = None
    linked = False
    for i, folder in enumerate(ancestors):
        if any(os.path.lexists(os.path.join(folder, m)) for m in ROOT_MARKERS):
            if best is not None and not linked:
                break
            best, linked = i, False
        linked = linked or os.path.islink(folder)
    if best is None:
        return start
    for folder in ancestors[best:]:  # a site's newsdesk.toml folder: the git work tree holding it
        if os.path.lexists(os.path.join(folder, ".git")):
            return folder
        if os.path.islink(folder):
            break
    return ancestors[best]


def is_inside(target: str, root: str) -> bool:
    """Whether the path ``target`` is ``root`` or lies below it (both resolved, as text)."""
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def link_outside(path: str | os.PathLike[str], *, own_folder: bool = False) -> tuple[str, str, str] | None:
    """``(link, target, root)`` when ``path`` (or a folder on its way) is a link that leads out of
    its `write_root` (``own_folder``: out of its own folder); None when it stays inside."""
    abspath = os.path.abspath(path)
    root = os.path.dirname(abspath) if own_folder else write_root(abspath)
    if os.path.lexists(abspath):
        target = os.path.realpath(abspath)
    else:  # a new file: where its folder really is
        target = os.path.join(os.path.realpath(os.path.dirname(abspath)), os.path.basename(abspath))
    if is_inside(target, os.path.realpath(root)):
        return None
    link, shown = abspath, target
    if not os.path.islink(abspath):  # a linked folder on the way: name it
        folder = os.path.dirname(abspath)
        while len(folder) > len(root) and not os.path.islink(folder):
            folder = os.path.dirname(folder)
        link, shown = folder, os.path.realpath(folder)
    return link, shown, root


def file_link_outside(path: str | os.PathLike[str]) -> tuple[str, str] | None:
    """``(target, root)`` when the file ``path`` is itself a link that leads out of its
    `write_root` (what ``validate``, ``list`` and ``show`` say of an article read through such a
    link); None otherwise, and for a linked folder on the way (a folder walk follows none)."""
    found = link_outside(path)
    if found is None or found[0] != os.path.abspath(path):
        return None
    return found[1], found[2]
