"""Why a save did not happen: the exceptions of the saving path (`newsdesk.core.write.save`)."""

from __future__ import annotations


class SaveError(Exception):
    """An article that cannot be saved (read-only, broken front matter, failed write). Says why."""


class ConflictError(SaveError):
    """The file changed (or was deleted) on disk since the article was read."""


class ReadOnlyError(SaveError):
    """The file's owner may not write it (mode 0444 and the like): saved only when forced.

    The message starts with ``read-only: PATH``.
    """


class LinkOutsideError(SaveError):
    """The file (or a folder on its way) is a symbolic link to a place outside the folder being
    worked on (the git work tree, else the folder of the nearest ``newsdesk.toml``): nothing is
    written unless links may be followed (``--follow-symlinks``, ``[articles] follow_symlinks``).

    A repository is untrusted input: a committed ``x.md -> /etc/passwd`` must not let a save change
    the target. ``link`` is the link's path, ``target`` where it leads, ``root`` the folder.
    """

    def __init__(self, message: str, link: str = "", target: str = "", root: str = "") -> None:
        super().__init__(message)
        self.link, self.target, self.root = link, target, root


class EditError(SaveError):
    """A change that cannot be spliced into the existing text (raised by the format editors)."""
