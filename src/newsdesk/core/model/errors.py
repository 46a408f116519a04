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


class EditError(SaveError):
    """A change that cannot be spliced into the existing text (raised by the format editors)."""
