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
  (index cache, user configuration, journals) and the site's (``newsdesk.toml``, ``people.toml``).

Links out of the folder. Every writer here first resolves the final target and refuses
(`LinkOutsideError`, nothing written) when it lies outside the folder being worked on
(`write_root`: the git work tree holding the path, else the folder of the nearest
``newsdesk.toml``, else the file's own folder): a repository is untrusted input, and a committed
``x.md -> /etc/passwd`` (or a linked folder ``articles/sub -> /etc``) must not let a save change the
target. ``follow_symlinks=True`` (``--follow-symlinks``, ``[articles] follow_symlinks``) allows it;
links that stay inside the folder are followed as before. newsdesk's own files (``own_folder``:
caches, journals, the user configuration) live outside the articles: for them the folder is the
file's own folder, and a file that is a link out of it is refused.

Hard links. A file with several names is written in place (a rename would split the link); its
names may lie in different folders, whose folder locks do not exclude each other. So the in-place
write also holds an exclusive ``flock`` on the file itself (the inode stays the same in place, so
every writer of any of its names meets the same lock), and re-checks the bytes under it: two
writers of one inode through ``f1/art.md`` and ``f2/art.md`` cannot both pass the check and then
overwrite each other. Readers that must not see a half-written in-place file take the shared lock
(`read_locked`).

Temporary files. A writer killed between creating its ``.NAME.XXXX.newsdesk-tmp`` and the rename
leaves it behind. Every temporary file is created and removed while its writer holds the folder's
lock, so a later save, once it holds that lock, removes the folder's temporary files older than
`STALE_TMP_AGE` seconds (their writer is gone: a live one would hold the lock; the age also spares
a writer on a file system without ``flock``). Backup copies (``.newsdesk-backup``) are never removed
this way: one left behind holds the only copy of a file whose in-place write was cut short.

The lock is advisory: editors, git and other tools do not take it. Against them the conflict
check runs as late as possible (after the temporary file is written, right before the rename).
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsdesk.core.model.article import Article, Fingerprint
from newsdesk.core.model.errors import ConflictError, LinkOutsideError, ReadOnlyError, SaveError
from newsdesk.core.read.links import link_outside, write_root

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: no locking, the conflict check alone
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "LOCK_TIMEOUT",
    "STALE_TMP_AGE",
    "atomic_write",
    "check_conflict",
    "check_inside",
    "create_file",
    "folder_lock",
    "link_outside",
    "read_locked",
    "remove_stale_temp_files",
    "replace_checked",
    "write_root",
]

#: How long a save waits for another save in the same folder before giving up (seconds).
LOCK_TIMEOUT = 10.0
_TMP_SUFFIX = ".newsdesk-tmp"
#: A temporary file older than this (seconds), found by a writer holding the folder's lock, was
#: left by a writer that is gone (`remove_stale_temp_files`).
STALE_TMP_AGE = 60.0
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


def _acquire(fd: int, folder: Path, timeout: float, mode: int | None = None) -> bool:
    deadline = time.monotonic() + timeout
    delay = 0.001
    while True:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if mode is None else mode) | fcntl.LOCK_NB)
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
        import random  # only while another save holds the lock: not imported by every cache write

        time.sleep(delay * (0.5 + random.random() / 2))
        delay = min(delay * 2, 0.05)


@contextmanager
def read_locked(path: str | os.PathLike[str], *, timeout: float | None = None) -> Iterator[None]:
    """Hold a shared ``flock`` on the file ``path`` while reading it: an in-place write (a file
    with hard links, or one whose owner a rename could not keep) holds the exclusive lock while the
    file is truncated and rewritten, so a read inside this sees the whole file before or after.

    Never fails and never waits longer than ``timeout`` (default `LOCK_TIMEOUT`): without the lock
    the read goes ahead (and the save's own check still catches a change).
    """
    fd = -1
    if fcntl is not None:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                fd = -1
            else:
                _acquire(fd, Path(path), LOCK_TIMEOUT if timeout is None else timeout, fcntl.LOCK_SH)
        except (OSError, SaveError):
            pass
    try:
        yield
    finally:
        if fd >= 0:
            os.close(fd)


# -- links out of the folder (found by newsdesk.core.read.links) -------------------------------


def check_inside(
    path: str | os.PathLike[str],
    *,
    follow_symlinks: bool = False,
    own_folder: bool = False,
    verb: str = "write",
) -> None:
    """Raise `LinkOutsideError` when writing ``path`` would write outside the folder being worked
    on (see `link_outside`), unless ``follow_symlinks``."""
    if follow_symlinks:
        return
    found = link_outside(path, own_folder=own_folder)
    if found is None:
        return
    from newsdesk.core.model.textsafe import escape_path

    link, target, root = found
    if os.path.abspath(path) == link:
        how = f"it is a link to {escape_path(target)}"
    else:
        how = f"its folder {escape_path(link)} is a link to {escape_path(target)}"
    hint = "" if own_folder else " (use --follow-symlinks to allow)"
    raise LinkOutsideError(
        f"refusing to {verb} {escape_path(path)}: {how}, outside {escape_path(root)}{hint}",
        link,
        target,
        root,
    )


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
    if fp is None or len(data) != fp.size or _sha256(data) != fp.sha256:
        raise ConflictError(f"{article.path} was changed on disk since it was opened")


def _sha256(data: bytes) -> str:
    import hashlib  # for saving an article: writing a cache (a first `validate ONE.md`) needs none

    return hashlib.sha256(data).hexdigest()


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
    follow_symlinks: bool = False,
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
    A target outside the folder being worked on is `LinkOutsideError` unless ``follow_symlinks``.
    """
    path = article.path
    check_inside(path, follow_symlinks=follow_symlinks)
    target = Path(os.path.realpath(path))
    with folder_lock(target.parent, timeout=lock_timeout) as locked:
        if locked:
            remove_stale_temp_files(target.parent)
        st = _stat(path, target, missing_ok=force)
        if st is None:  # forced over a deleted file: write it anew
            _replace(path, target, data, None, None)
        else:
            _check_writable(path, target, st, read_only_ok)
            _replace(path, target, data, st, None if force else article)
        return _fingerprint(path, target, data)


def atomic_write(
    path: Path,
    data: bytes,
    *,
    mode: int | None = None,
    follow_symlinks: bool = False,
    own_folder: bool = False,
) -> None:
    """Replace (or create) ``path`` with ``data``: locked, atomic, owner, group and mode kept.

    No conflict or read-only check. ``mode``: the file gets exactly this mode from its first byte
    on, whatever the umask or the mode of the file it replaces (private files: the recovery
    journal). `LinkOutsideError` when the target lies outside the folder being worked on (unless
    ``follow_symlinks``); ``own_folder`` for newsdesk's own files (caches, journals,
    configuration): the file must not be a link out of its own folder.
    """
    check_inside(path, follow_symlinks=follow_symlinks, own_folder=own_folder)
    target = Path(os.path.realpath(path))
    with folder_lock(target.parent):
        _replace(path, target, data, _stat(path, target, missing_ok=True), None, mode)


def create_file(
    path: Path, data: bytes, *, lock_timeout: float | None = None, follow_symlinks: bool = False
) -> Fingerprint:
    """Write a new file at ``path`` (temp file, fsync, link into place); `SaveError` if it exists,
    `LinkOutsideError` if its folder is a link out of the folder being worked on (unless
    ``follow_symlinks``)."""
    check_inside(path, follow_symlinks=follow_symlinks, verb="create")
    target = Path(os.path.realpath(Path(path).parent)) / Path(path).name
    with folder_lock(target.parent, timeout=lock_timeout) as locked:
        if locked:
            remove_stale_temp_files(target.parent)
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
    return Fingerprint(len(data), mtime, _sha256(data))


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
        # os.urandom, as secrets.token_hex(4) is; secrets imports random, hmac and base64.
        name = str(target.parent / f".{target.name}.{os.urandom(4).hex()}{suffix}")
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

    Holds an exclusive ``flock`` on the file itself throughout: the file's other names may lie in
    other folders, under other folder locks (see the module's doc).
    """
    flags = (
        os.O_RDWR | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    )
    try:
        fd = os.open(target, flags)
    except FileNotFoundError:
        raise ConflictError(f"{path} was deleted or moved since it was opened") from None
    except OSError as exc:
        raise SaveError(f"cannot save {path}: {_reason(exc)}") from None
    try:
        if fcntl is not None:
            _acquire(fd, target, LOCK_TIMEOUT, fcntl.LOCK_EX)
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


def remove_stale_temp_files(folder: Path, *, now: float | None = None) -> list[str]:
    """Remove ``folder``'s temporary files (``.*.newsdesk-tmp``) older than `STALE_TMP_AGE`; their names.

    Call only while holding ``folder``'s lock: every writer creates and removes its temporary file
    under that lock, so one found then belongs to a writer that is gone (killed before it could
    clean up). Never raises; backup copies are left alone (see the module's doc).
    """
    removed: list[str] = []
    limit = (time.time() if now is None else now) - STALE_TMP_AGE
    try:
        with os.scandir(folder) as it:
            stale = [e for e in it if e.name.startswith(".") and e.name.endswith(_TMP_SUFFIX)]
        for entry in stale:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode) and st.st_mtime < limit:
                _remove(entry.path)
                removed.append(entry.path)
    except OSError:
        pass
    return removed


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
