"""Writing files safely: atomic replace, conflict checks. The only code that writes an article.

`atomic_write` writes a temporary file in the target's folder, fsyncs it and renames it over the
target; `create_file` links a new file into place without ever replacing an existing name;
`check_conflict` compares the bytes on disk with the fingerprint taken when the article was read.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from newsdesk.core.article import Article
from newsdesk.core.errors import ConflictError, SaveError

__all__ = ["atomic_write", "check_conflict", "create_file"]


def check_conflict(article: Article) -> None:
    """Raise `ConflictError` when the file's bytes differ from what ``article`` was read from."""
    fp = article.fingerprint
    path = article.path
    if fp is None:
        raise ConflictError(f"{path} was not read from disk, so it cannot be checked for changes")
    try:
        with open(path, "rb") as fh:
            data = fh.read(fp.size + 1)
    except FileNotFoundError:
        raise ConflictError(f"{path} was deleted or moved since it was opened") from None
    except OSError as exc:
        raise SaveError(f"cannot save {path}: {_reason(exc)}") from None
    if len(data) != fp.size or hashlib.sha256(data).hexdigest() != fp.sha256:
        raise ConflictError(f"{path} was changed on disk since it was opened")


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path``'s content with ``data`` atomically.

    Writes a temporary file in the target's folder, flushes and fsyncs it, then ``os.replace``\\ s it
    over the target. A symlink is followed (its target is replaced; the link stays a link); the mode
    bits are kept. On failure the original is untouched, the temporary file removed, and `SaveError`
    says why.
    """
    target = Path(os.path.realpath(path))
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise SaveError(f"cannot save {path}: {_reason(exc)}") from None
    _write_then(path, target, data, st, os.replace)


def _write_then(path: Path, target: Path, data: bytes, st: os.stat_result | None, finish: Any) -> None:
    """Write ``data`` to a fsynced temporary file beside ``target``, then ``finish(tmp, target)``."""
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".newsdesk-tmp", dir=folder)
    except OSError as exc:
        raise SaveError(f"cannot save {path}: cannot write in {folder}: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if st is not None:
            os.chmod(tmp_name, stat.S_IMODE(st.st_mode))
            if hasattr(os, "chown"):
                try:
                    os.chown(tmp_name, -1, st.st_gid)
                except OSError:
                    pass
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        finish(tmp_name, target)
    except BaseException as exc:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        if isinstance(exc, FileExistsError):
            raise SaveError(f"cannot create {path}: a file with that name already exists") from None
        if isinstance(exc, OSError):
            raise SaveError(f"cannot save {path}: {_reason(exc)}") from None
        raise
    _fsync_dir(folder)


def _link_new(tmp_name: str, target: Path) -> None:
    """Give the temporary file its final name without ever replacing an existing file."""
    os.link(tmp_name, target)  # FileExistsError when the name is taken
    os.unlink(tmp_name)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def create_file(path: Path, data: bytes) -> None:
    """Write a new file at ``path`` (temp file, fsync, link into place); `SaveError` if it exists."""
    _write_then(path, Path(os.path.abspath(path)), data, None, _link_new)
