"""Writing files safely: the only code that writes an article.

Every write takes newsdesk's lock on the folder that holds the real file (`folder_lock`), so
re-checking the file and replacing it are one step for every newsdesk writer (the CLI, the app,
review actions): two saves of one file cannot both pass the conflict check and then overwrite each
other. Inside the lock:

* `replace_checked` (articles): refuses a read-only file (`ReadOnlyError`) or one the current user
  may not write ("permission denied") before anything is written; writes a temporary file beside
  the target, fsyncs it, gives it the target's owner, group and mode, checks the bytes on disk
  still are the ones the article was read from (`ConflictError`), renames it over the target and
  fsyncs the folder.
* Where the rename could not keep owner, group or mode (a user may write the file but may not
  chown to its owner or group) or would split a hard link, the file is written in place instead,
  after a backup copy in the same folder (vim's ``backupcopy=auto``); a failed in-place write is
  undone from the copy. Owner, group and mode never change silently.
* `create_file` links a new file into place without ever replacing an existing name.
* `atomic_write` is the same replace without the article checks, for newsdesk's own files
  (index cache, user configuration).

The lock is advisory: editors, git and other tools do not take it. Against them the conflict
check runs as late as possible (after the temporary file is written, right before the rename).
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import secrets
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsdesk.core.model.article import Article, Fingerprint
from newsdesk.core.model.errors import ConflictError, ReadOnlyError, SaveError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: no locking, the conflict check alone
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "LOCK_TIMEOUT",
    "atomic_write",
    "check_conflict",
    "create_file",
    "folder_lock",
    "replace_checked",
]

#: How long a save waits for another save in the same folder before giving up (seconds).
LOCK_TIMEOUT = 10.0
_TMP_SUFFIX = ".newsdesk-tmp"
_BACKUP_SUFFIX = ".newsdesk-backup"


# -- the lock ----------------------------------------------------------------------------------


@contextmanager
def folder_lock(folder: Path, *, timeout: float | None = None) -> Iterator[bool]:
    """Hold newsdesk's exclusive lock on ``folder`` (``flock`` on the folder itself).

    A lock on the folder leaves no file behind, and unlike a lock on the article it survives the
    rename that replaces the article's inode. Waits up to ``timeout`` (default `LOCK_TIMEOUT`)
    seconds, then raises
    `SaveError`. Yields False (and goes ahead unlocked) where the folder cannot be opened or the
    file system has no ``flock``. Not re-entrant: do not call a writer while holding it.
    """
    if fcntl is None:  # pragma: no cover
        yield False
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        yield False
        return
    try:
        locked = _acquire(fd, folder, LOCK_TIMEOUT if timeout is None else timeout)
        yield locked
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def _acquire(fd: int, folder: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    delay = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            pass
        except OSError:  # ENOLCK, EBADF (NFS emulates flock with fcntl locks), EOPNOTSUPP
            return False
        if time.monotonic() >= deadline:
            raise SaveError(
                f"another save in this folder held its lock for {timeout:g} s: nothing was written, "
                f"try again (folder {folder})"
            )
        time.sleep(delay * (0.5 + random.random() / 2))
        delay = min(delay * 2, 0.05)


# -- checks ------------------------------------------------------------------------------------


def check_conflict(article: Article) -> None:
    """Raise `ConflictError` when the file's bytes differ from what ``article`` was read from."""
    fp = article.fingerprint
    path = article.path
    if fp is None:
        raise ConflictError(f"{path} was not read from disk, so it cannot be checked for changes")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise ConflictError(f"{path} is no longer a regular file")
            data = fh.read(fp.size + 1)
    except FileNotFoundError:
        raise ConflictError(f"{path} was deleted or moved since it was opened") from None
    except OSError as exc:
        raise SaveError(f"cannot save {path}: {_reason(exc)}") from None
    _compare(article, data)


def _compare(article: Article, data: bytes) -> None:
    fp = article.fingerprint
    if fp is None or len(data) != fp.size or hashlib.sha256(data).hexdigest() != fp.sha256:
        raise ConflictError(f"{article.path} was changed on disk since it was opened")


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)


def _check_writable(path: Path, target: Path, st: os.stat_result, read_only_ok: bool) -> None:
    """Refuse, before anything is written, a file its owner may not write or we may not write."""
    mode = f"{stat.S_IMODE(st.st_mode):04o}"
    owner_may_write = bool(st.st_mode & stat.S_IWUSR)
    if not owner_may_write and not read_only_ok:
        raise ReadOnlyError(f"read-only: {path} (mode {mode}): its owner may not write it")
    kwargs = {"effective_ids": True} if os.access in os.supports_effective_ids else {}
    if os.access(target, os.W_OK, **kwargs):
        return
    # A file we own but may not write: forcing replaces it, as vim's :w! does; mode is kept.
    if read_only_ok and not owner_may_write and st.st_uid == os.geteuid():
        return
    raise SaveError(f"cannot save {path}: permission denied (owner uid {st.st_uid}, mode {mode})")


# -- writing -----------------------------------------------------------------------------------


def replace_checked(
    article: Article,
    data: bytes,
    *,
    force: bool = False,
    read_only_ok: bool = False,
    lock_timeout: float | None = None,
) -> Fingerprint:
    """Write ``data`` over ``article``'s file as one locked step; return the new file's fingerprint.

    In `folder_lock`: refuses a file its owner may not write (`ReadOnlyError`, unless
    ``read_only_ok``) or the current user may not write (`SaveError`, "permission denied"), then
    writes and fsyncs a temporary file beside the real target (a symlink is followed and stays a
    link), gives it the target's owner, group and mode, checks the bytes on disk are still the ones
    ``article`` was read from (`ConflictError`; skipped when ``force``), renames it over the target
    and fsyncs the folder. Where owner, group or mode cannot be kept that way, or the file has other
    hard links, writes in place after a backup copy (see the module's doc). On any failure the file
    is as it was and no temporary file is left. ``lock_timeout``: how long to wait for another save
    in the folder (default `LOCK_TIMEOUT`; the app waits less, so its screen never stalls for long).
    """
    path = article.path
    target = Path(os.path.realpath(path))
    with folder_lock(target.parent, timeout=lock_timeout):
        st = _stat(path, target, missing_ok=force)
        if st is None:  # forced over a deleted file: write it anew
            _replace(path, target, data, None, None)
        else:
            _check_writable(path, target, st, read_only_ok)
            _replace(path, target, data, st, None if force else article)
        return _fingerprint(path, target, data)


def atomic_write(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace (or create) ``path`` with ``data``: locked, atomic, owner, group and mode kept.

    For newsdesk's own files (index cache, configuration): no conflict or read-only check.
    ``mode``: the file gets exactly this mode from its first byte on, whatever the umask or the
    mode of the file it replaces (private files: the recovery journal).
    """
    target = Path(os.path.realpath(path))
    with folder_lock(target.parent):
        _replace(path, target, data, _stat(path, target, missing_ok=True), None, mode)


def create_file(path: Path, data: bytes, *, lock_timeout: float | None = None) -> Fingerprint:
    """Write a new file at ``path`` (temp file, fsync, link into place); `SaveError` if it exists."""
    target = Path(os.path.realpath(Path(path).parent)) / Path(path).name
    with folder_lock(target.parent, timeout=lock_timeout):
        tmp = _temp_file(path, target, 0o666)  # the umask (and a default ACL) apply
        try:
            _fill(tmp, data)
            os.link(tmp, target)  # FileExistsError when the name is taken
        except FileExistsError:
            raise SaveError(f"cannot create {path}: a file with that name already exists") from None
        except OSError as exc:
            raise SaveError(f"cannot create {path}: {_reason(exc)}") from None
        finally:
            _remove(tmp)
        _fsync_dir(target.parent)
        return _fingerprint(path, target, data)


def _stat(path: Path, target: Path, *, missing_ok: bool) -> os.stat_result | None:
    try:
        st = os.stat(target)
    except FileNotFoundError:
        if missing_ok:
            return None
        raise ConflictError(f"{path} was deleted or moved since it was opened") from None
    except OSError as exc:
        raise SaveError(f"cannot save {path}: {_reason(exc)}") from None
    if not stat.S_ISREG(st.st_mode):
        raise SaveError(f"cannot save {path}: not a regular file")
    return st


def _fingerprint(path: Path, target: Path, data: bytes) -> Fingerprint:
    try:
        mtime = os.stat(target).st_mtime_ns
    except OSError:
        mtime = 0
    return Fingerprint(len(data), mtime, hashlib.sha256(data).hexdigest())


def _replace(
    path: Path,
    target: Path,
    data: bytes,
    st: os.stat_result | None,
    article: Article | None,
    mode: int | None = None,
) -> None:
    """Temp file, fsync, owner/group/mode, conflict check (when ``article``), rename, folder fsync."""
    if st is not None and st.st_nlink > 1 and mode is None:
        _write_in_place(path, target, data, st, article)  # a rename would split the hard link
        return
    tmp = _temp_file(path, target, 0o600 if st is not None or mode is not None else 0o666)
    try:
        if mode is not None:
            os.chmod(tmp, mode)  # before any data: the umask does not widen it
        _fill(tmp, data)
        if mode is None and st is not None and not _take_owner_and_mode(tmp, st):
            _remove(tmp)
            _write_in_place(path, target, data, st, article)
            return
        if article is not None:
            check_conflict(article)  # as late as possible: editors and git do not take the lock
        os.replace(tmp, target)
    except BaseException as exc:
        _remove(tmp)
        if isinstance(exc, OSError):
            raise SaveError(f"cannot save {path}: {_reason(exc)}") from None
        raise
    _fsync_dir(target.parent)


def _temp_file(path: Path, target: Path, mode: int, suffix: str = _TMP_SUFFIX) -> str:
    """Create an empty file ``.NAME.XXXXXXXX<suffix>`` beside ``target``; its name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        name = str(target.parent / f".{target.name}.{secrets.token_hex(4)}{suffix}")
        try:
            os.close(os.open(name, flags, mode))
            return name
        except FileExistsError:
            continue
        except OSError as exc:
            raise SaveError(f"cannot save {path}: cannot write in {target.parent}: {_reason(exc)}") from None
    raise SaveError(
        f"cannot save {path}: cannot create a temporary file in {target.parent}"
    )  # pragma: no cover


def _fill(name: str, data: bytes) -> None:
    """Write ``data`` into the (empty) file ``name`` and fsync it."""
    with open(name, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _take_owner_and_mode(tmp: str, st: os.stat_result) -> bool:
    """Give ``tmp`` the owner, group and mode of ``st``; False when that is not allowed."""
    mine = os.stat(tmp)
    uid = st.st_uid if mine.st_uid != st.st_uid else -1
    gid = st.st_gid if mine.st_gid != st.st_gid else -1
    if uid != -1 or gid != -1:
        try:
            os.chown(tmp, uid, gid)  # before chmod: chown clears set-id bits
        except PermissionError:
            return False
    os.chmod(tmp, stat.S_IMODE(st.st_mode))
    now = os.stat(tmp)
    return (now.st_uid, now.st_gid, stat.S_IMODE(now.st_mode)) == (
        st.st_uid,
        st.st_gid,
        stat.S_IMODE(st.st_mode),
    )


def _write_in_place(
    path: Path, target: Path, data: bytes, st: os.stat_result, article: Article | None
) -> None:
    """Overwrite ``target`` in place (owner, group, mode and links stay), after a backup copy.

    The backup (``.NAME.XXXX.newsdesk-backup`` beside the file, readable by its writer only) is
    removed once the new content is on disk. If writing fails, the original content is written
    back; if even that fails, the backup is kept and the error names it.
    """
    try:
        fd = os.open(target, os.O_RDWR | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ConflictError(f"{path} was deleted or moved since it was opened") from None
    except OSError as exc:
        raise SaveError(f"cannot save {path}: {_reason(exc)}") from None
    try:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino) or not stat.S_ISREG(now.st_mode):
            raise ConflictError(f"{path} was replaced on disk since it was opened")
        original = _read_all(fd)
        if article is not None:
            _compare(article, original)
        backup = _temp_file(path, target, 0o600, _BACKUP_SUFFIX)
        try:
            _fill(backup, original)
        except OSError as exc:
            _remove(backup)
            raise SaveError(f"cannot save {path}: cannot write a backup copy: {_reason(exc)}") from None
        try:
            _overwrite(fd, data)
        except OSError as exc:
            try:
                _overwrite(fd, original)
            except OSError:
                raise SaveError(
                    f"cannot save {path}: {_reason(exc)}; the file may be damaged: "
                    f"its previous content is in {backup}"
                ) from None
            _remove(backup)
            raise SaveError(f"cannot save {path}: {_reason(exc)}; the file was restored") from None
        _remove(backup)
    finally:
        os.close(fd)
    _fsync_dir(target.parent)


def _read_all(fd: int) -> bytes:
    chunks = []
    os.lseek(fd, 0, os.SEEK_SET)
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _overwrite(fd: int, data: bytes) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def _remove(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


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
