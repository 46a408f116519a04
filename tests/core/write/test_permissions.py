"""Saving keeps a file's owner, group and mode, and refuses what its owner or the user may not write.

The cases that need an ordinary user run ``python -m newsdesk set`` (or a short snippet) as
``nobody`` through ``setpriv``: the suite runs as root in CI, and root may write anything. They are
skipped (with the reason) only when the process is not root, ``setpriv`` is missing, or ``nobody``
cannot run this interpreter and checkout.
"""

from __future__ import annotations

import errno
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import newsdesk.core.write.disk as disk
from newsdesk.core.read.reader import load_article
from newsdesk.core.write.save import ReadOnlyError, SaveError, save

TEXT = "---\ntitle: Old\ndate: 2022-02-24\nstatus: draft\n---\nBody.\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SETPRIV = shutil.which("setpriv")


def _nobody() -> tuple[int, int]:
    entry = pwd.getpwnam("nobody")
    return entry.pw_uid, entry.pw_gid


def _as_nobody(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    uid, gid = _nobody()
    assert SETPRIV is not None
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": "/tmp",
        "XDG_CACHE_HOME": "/tmp/.newsdesk-nobody-cache",
        "PYTHONDONTWRITEBYTECODE": "1",
        "NO_COLOR": "1",
    }
    if "PYTHONPATH" in os.environ:
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    cmd = [SETPRIV, "--reuid", str(uid), "--regid", str(gid), "--clear-groups", sys.executable, *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=120, check=False)


def _skip_reason() -> str | None:
    if not IS_ROOT:
        return "needs root to create files owned by others and to run as nobody"
    if SETPRIV is None:
        return "setpriv (util-linux) is not installed"
    try:
        _nobody()
    except KeyError:
        return "there is no user 'nobody'"
    probe = _as_nobody("-c", "import newsdesk.cli")
    if probe.returncode != 0:
        return f"nobody cannot run {sys.executable} with newsdesk: {probe.stderr.strip()[-200:]}"
    return None


_REASON = _skip_reason() if IS_ROOT else "needs root to create files owned by others and to run as nobody"
as_nobody = pytest.mark.skipif(_REASON is not None, reason=_REASON or "")


@pytest.fixture
def world() -> Iterator[Path]:
    """A folder under /tmp that nobody can reach (pytest's own tmp root is 0700)."""
    base = Path(tempfile.mkdtemp(prefix="newsdesk-perm-", dir="/tmp"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _article(folder: Path, uid: int, gid: int, mode: int, name: str = "a.md") -> Path:
    path = folder / name
    path.write_text(TEXT)
    os.chown(path, uid, gid)
    path.chmod(mode)
    return path


def _nobodys_folder(world: Path, mode: int = 0o755) -> Path:
    uid, gid = _nobody()
    folder = world / "desk"
    folder.mkdir()
    os.chown(folder, uid, gid)
    folder.chmod(mode)
    return folder


def _owner(path: Path) -> tuple[int, int, int]:
    st = os.stat(path)
    return st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)


def _set_as_nobody(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _as_nobody("-m", "newsdesk", "set", str(path), *args)


# -- as nobody -----------------------------------------------------------------------------------


@as_nobody
def test_user_editing_another_owners_file_keeps_owner_group_mode(world: Path) -> None:
    # root:nogroup 0664: nobody may write it (group) but may not give a new file root's uid.
    _, gid = _nobody()
    folder = _nobodys_folder(world)
    path = _article(folder, 0, gid, 0o664)
    inode = os.stat(path).st_ino
    done = _set_as_nobody(path, "title=New")
    assert done.returncode == 0, done.stderr
    assert "title: New" in path.read_text()
    assert _owner(path) == (0, gid, 0o664)
    assert os.stat(path).st_ino == inode  # written in place
    assert sorted(p.name for p in folder.iterdir()) == ["a.md"]  # the backup copy is gone


@as_nobody
def test_user_editing_own_file_of_a_foreign_group_keeps_the_group(world: Path) -> None:
    uid, _ = _nobody()
    folder = _nobodys_folder(world)
    path = _article(folder, uid, 0, 0o644)  # group root: nobody is not in it
    done = _set_as_nobody(path, "title=New")
    assert done.returncode == 0, done.stderr
    assert "title: New" in path.read_text()
    assert _owner(path) == (uid, 0, 0o644)
    assert sorted(p.name for p in folder.iterdir()) == ["a.md"]


@as_nobody
def test_user_editing_own_file_replaces_it_atomically(world: Path) -> None:
    uid, gid = _nobody()
    folder = _nobodys_folder(world)
    path = _article(folder, uid, gid, 0o640)
    inode = os.stat(path).st_ino
    done = _set_as_nobody(path, "title=New")
    assert done.returncode == 0, done.stderr
    assert "title: New" in path.read_text()
    assert _owner(path) == (uid, gid, 0o640)
    assert os.stat(path).st_ino != inode  # the atomic rename, not the in-place fallback
    assert sorted(p.name for p in folder.iterdir()) == ["a.md"]


@as_nobody
def test_file_the_user_may_not_write_is_refused_before_any_temp_file(world: Path) -> None:
    folder = _nobodys_folder(world)  # nobody could create a temp file here and rename it over
    path = _article(folder, 0, 0, 0o644)
    done = _set_as_nobody(path, "title=New")
    assert done.returncode == 1
    assert "permission denied" in done.stderr and done.stderr.count("\n") == 1
    assert path.read_text() == TEXT and _owner(path) == (0, 0, 0o644)
    snippet = (
        "import sys, newsdesk.core.write.disk as d\n"
        "from newsdesk.core.read.reader import load_article\n"
        "from newsdesk.core.write.save import save, SaveError\n"
        "def no_temp(*a, **k): raise AssertionError('a temporary file was created')\n"
        "d._temp_file = no_temp\n"
        "try:\n"
        "    save(load_article(sys.argv[1]), {'title': 'New'})\n"
        "except SaveError as exc:\n"
        "    print(exc)\n"
    )
    done = _as_nobody("-c", snippet, str(path))
    assert done.returncode == 0, done.stderr
    assert "permission denied" in done.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["a.md"]


@as_nobody
def test_read_only_file_is_refused_and_force_keeps_its_mode(world: Path) -> None:
    uid, gid = _nobody()
    folder = _nobodys_folder(world)
    path = _article(folder, uid, gid, 0o444)
    done = _set_as_nobody(path, "title=New")
    assert done.returncode == 1
    assert done.stderr.startswith(f"newsdesk: read-only: {path}")
    assert path.read_text() == TEXT
    done = _set_as_nobody(path, "--force", "title=New")
    assert done.returncode == 0, done.stderr
    assert "title: New" in path.read_text()
    assert _owner(path) == (uid, gid, 0o444)


@as_nobody
def test_file_in_a_folder_the_user_may_not_write_says_so(world: Path) -> None:
    uid, gid = _nobody()
    folder = world / "locked"
    folder.mkdir(mode=0o755)  # root's
    path = _article(folder, uid, gid, 0o644)
    done = _set_as_nobody(path, "title=New")
    assert done.returncode == 1
    assert f"cannot write in {folder}: permission denied" in done.stderr
    assert path.read_text() == TEXT


@as_nobody
def test_sticky_shared_folder(world: Path) -> None:
    # /tmp-like folder: nobody may write root's group-writable file but not rename over it.
    _, gid = _nobody()
    folder = world / "shared"
    folder.mkdir()
    folder.chmod(0o1777)
    path = _article(folder, 0, gid, 0o664)
    done = _set_as_nobody(path, "title=New")
    assert done.returncode == 0, done.stderr
    assert _owner(path) == (0, gid, 0o664)
    assert sorted(p.name for p in folder.iterdir()) == ["a.md"]


# -- as root -------------------------------------------------------------------------------------


@pytest.mark.skipif(not IS_ROOT, reason="needs root to chown a file to another user")
def test_root_editing_another_users_file_keeps_owner_and_group(tmp_path: Path) -> None:
    uid, gid = _nobody()
    path = _article(tmp_path, uid, gid, 0o640)
    save(load_article(path), {"title": "New"})
    assert _owner(path) == (uid, gid, 0o640)
    assert "title: New" in path.read_text()


def test_read_only_file_is_refused_unless_allowed(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(TEXT)
    path.chmod(0o444)
    article = load_article(path)
    with pytest.raises(ReadOnlyError) as caught:
        save(article, {"title": "New"})
    assert str(caught.value).startswith(f"read-only: {path} (mode 0444)")
    assert path.read_text() == TEXT
    if IS_ROOT or os.access(tmp_path, os.W_OK):
        save(article, {"title": "New"}, read_only_ok=True)
        assert "title: New" in path.read_text()
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o444


def test_hard_linked_file_stays_linked(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(TEXT)
    other = tmp_path / "same.md"
    os.link(path, other)
    save(load_article(path), {"title": "New"})
    assert os.stat(path).st_ino == os.stat(other).st_ino
    assert "title: New" in other.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "same.md"]


def _in_place_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every save take the backup-copy path, as when owner or group cannot be kept."""
    monkeypatch.setattr(disk, "_take_owner_and_mode", lambda tmp, st: False)


def _failing_writes(monkeypatch: pytest.MonkeyPatch, failures: int) -> None:
    real = os.write
    left = [failures]

    def write(fd: int, data: bytes | memoryview) -> int:
        if left[0] > 0:
            left[0] -= 1
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(disk.os, "write", write)


def test_in_place_write_keeps_inode_and_leaves_no_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_text(TEXT)
    inode = os.stat(path).st_ino
    _in_place_only(monkeypatch)
    saved = save(load_article(path), {"title": "New"})
    assert os.stat(path).st_ino == inode
    assert path.read_text() == TEXT.replace("Old", "New")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]
    save(saved, {"title": "Newer"})  # the returned article's fingerprint matches the file
    assert "title: Newer" in path.read_text()


def test_failed_in_place_write_is_undone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.md"
    path.write_text(TEXT)
    _in_place_only(monkeypatch)
    _failing_writes(monkeypatch, 1)
    with pytest.raises(SaveError, match="disk is full; the file was restored"):
        save(load_article(path), {"title": "New"})
    assert path.read_text() == TEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_failed_restore_keeps_the_backup_and_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_text(TEXT)
    _in_place_only(monkeypatch)
    _failing_writes(monkeypatch, 2)
    with pytest.raises(SaveError, match="previous content is in") as caught:
        save(load_article(path), {"title": "New"})
    backups = [p for p in tmp_path.iterdir() if p.name.endswith(".newsdesk-backup")]
    assert len(backups) == 1 and str(backups[0]) in str(caught.value)
    assert backups[0].read_text() == TEXT


def test_in_place_write_still_checks_for_conflicts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.core.model.errors import ConflictError

    path = tmp_path / "a.md"
    path.write_text(TEXT)
    article = load_article(path)
    with open(path, "a") as fh:  # changed in place: same inode, other bytes
        fh.write("more\n")
    _in_place_only(monkeypatch)
    with pytest.raises(ConflictError):
        save(article, {"title": "New"})
    assert path.read_text() == TEXT + "more\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]
