"""Walking a folder for articles: one file system (like ``find -xdev``), never /proc, /sys or /dev,
and a word when a walk passes 100,000 files. No test walks the real root file system: a mount is
made in a private mount namespace (``unshare -m``, as root) or the folders are named by symlinks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import newsdesk.core.folder.walk as walk
from newsdesk.core.folder.walk import iter_article_paths

GOOD = "---\ntitle: Good\ndate: 2024-01-01\nstatus: draft\n---\nBody.\n"


def names(root: Path, **kwargs: object) -> list[str]:
    return [str(p.relative_to(root)) for p in iter_article_paths(root, **kwargs)]  # type: ignore[arg-type]


def test_walk_order_skips_and_symlinked_folders(tmp_path: Path) -> None:
    for rel in ("b.md", "a.markdown", "z/c.md", "z/y/d.md", "m/e.md", ".hidden/f.md", "node_modules/g.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(GOOD)
    (tmp_path / "notes.txt").write_text("x")
    os.symlink(tmp_path / "z", tmp_path / "link")  # a folder symlink is not followed
    os.symlink("/proc", tmp_path / "proc")
    os.symlink("missing.md", tmp_path / "dangling.md")  # a broken file link is listed (and reported)
    assert names(tmp_path) == ["a.markdown", "b.md", "dangling.md", "m/e.md", "z/c.md", "z/y/d.md"]


def test_a_root_that_is_a_symlink_to_proc_or_sys_is_not_entered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entered: list[str] = []
    real_scandir = os.scandir

    def spy(path: str | os.PathLike[str] = ".") -> object:
        entered.append(os.path.realpath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", spy)
    for target in ("/proc", "/sys", "/proc/self"):
        if not os.path.isdir(target):
            continue
        link = tmp_path / target.strip("/").replace("/", "-")
        os.symlink(target, link)
        assert list(iter_article_paths(link)) == []
    assert not [p for p in entered if p.startswith(("/proc", "/sys"))]


def test_never_walk_folders_are_skipped_below_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What keeps a walk of '/' out of /proc, /sys and /dev, shown on a folder of our own.
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "x.md").write_text(GOOD)
    (tmp_path / "a.md").write_text(GOOD)
    real = os.path.realpath(tmp_path / "dev")
    monkeypatch.setattr(walk, "NEVER_WALK", frozenset({real}))
    assert names(tmp_path) == ["a.md"]
    link = tmp_path.parent / f"{tmp_path.name}-link"
    os.symlink(tmp_path, link)
    try:
        assert names(link) == ["a.md"]  # through a symlink too: the real path is compared
    finally:
        link.unlink()


def test_on_many_is_called_once_when_the_walk_passes_many_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(walk, "MANY_FILES", 5)
    for i in range(4):
        (tmp_path / f"a{i}.md").write_text(GOOD)
        (tmp_path / "sub").mkdir(exist_ok=True)
        (tmp_path / "sub" / f"b{i}.txt").write_text("x")
        (tmp_path / "sub2").mkdir(exist_ok=True)
        (tmp_path / "sub2" / f"c{i}.txt").write_text("x")
    calls: list[tuple[Path, int]] = []
    found = list(iter_article_paths(tmp_path, on_many=lambda root, n: calls.append((root, n))))
    assert len(found) == 4
    assert calls == [(tmp_path, 8)]


# -- another file system mounted inside the folder ------------------------------------------

NAMESPACE_SCRIPT = """
set -e
mount -t tmpfs newsdesk-test "$1/desk/mounted"
printf -- '---\\ntitle: On another device\\n---\\n' > "$1/desk/mounted/other.md"
shift
exec "$@"
"""


def _in_mount_namespace(tmp_path: Path, *command: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("unshare") is None or not sys.platform.startswith("linux"):
        pytest.skip("needs unshare (util-linux) on Linux")
    probe = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "true"], capture_output=True, timeout=30
    )
    if probe.returncode != 0:
        pytest.skip("cannot make a mount namespace here (needs root or user namespaces)")
    return subprocess.run(
        [
            "unshare",
            "-m",
            "--propagation",
            "private",
            "sh",
            "-c",
            NAMESPACE_SCRIPT,
            "sh",
            str(tmp_path),
            *command,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    (tmp_path / "desk" / "mounted").mkdir(parents=True)
    (tmp_path / "desk" / "a.md").write_text(GOOD)
    os.symlink(tmp_path / "desk", tmp_path / "root-link")  # like a symlink to '/'
    return tmp_path


def test_a_walk_does_not_cross_into_another_file_system(desk: Path) -> None:
    code = (
        "import sys, pathlib; from newsdesk.core.folder.walk import iter_article_paths as it; "
        "root = pathlib.Path(sys.argv[1]); print([str(p.relative_to(root)) for p in it(root)])"
    )
    for root in (desk / "desk", desk / "root-link"):
        result = _in_mount_namespace(desk, sys.executable, "-c", code, str(root))
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "['a.md']"


def test_validate_and_list_stay_on_one_file_system(desk: Path) -> None:
    result = _in_mount_namespace(
        desk, sys.executable, "-m", "newsdesk", "validate", "--format", "json", str(desk / "root-link")
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["files_checked"] == 1
    result = _in_mount_namespace(desk, sys.executable, "-m", "newsdesk", "list", str(desk / "root-link"))
    assert result.returncode == 0, result.stderr
    assert "other.md" not in result.stdout and "a.md" in result.stdout
    # the file named on purpose is still read
    named = _in_mount_namespace(
        desk, sys.executable, "-m", "newsdesk", "validate", str(desk / "desk" / "mounted" / "other.md")
    )
    assert "1 file checked" in named.stdout
