"""Fixtures shared by the whole suite."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "articles"
REALWORLD = REPO.parent / "shared" / "realworld"


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's real configuration or cache."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a file under tmp_path: ``write("a.md", "text")`` or bytes."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
        return path

    return _write


def git(folder: Path, *args: str) -> str:
    """Run git in ``folder``; its output (a failure fails the test)."""
    import subprocess

    return subprocess.run(
        ["git", *args], cwd=folder, check=True, capture_output=True, text=True, timeout=60
    ).stdout


@pytest.fixture
def git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commits by "Test Desk", with no system or user git configuration."""
    for var in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(var, "Test Desk")
    for var in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(var, "desk@example.org")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))


@pytest.fixture
def sample_folder(tmp_path: Path) -> Path:
    """A private copy of the bundled articles."""
    target = tmp_path / "articles"
    shutil.copytree(ARTICLES, target)
    return target


@pytest.fixture
def realworld_folder(tmp_path: Path) -> Path:
    """A private copy of ../shared/realworld (skipped when it is absent)."""
    source = REALWORLD / "digitalgov-news-2023"
    if not source.is_dir():
        pytest.skip("../shared/realworld is not present in this checkout")
    target = tmp_path / "realworld"
    shutil.copytree(source, target)
    return target


def unescape_path(shown: str) -> str:
    """What a script does to get a path back from newsdesk's output."""
    import os
    import re

    def one(match: re.Match[str]) -> str:
        token = match.group()
        if token == "\\\\":
            return "\\"
        if token[1] in "ntr":
            return {"n": "\n", "t": "\t", "r": "\r"}[token[1]]
        if token[1] == "x":
            return os.fsdecode(bytes([int(token[2:], 16)]))
        return chr(int(token[2:], 16))

    return re.sub(r"\\(?:\\|[ntr]|x[0-9a-f]{2}|u[0-9a-f]{4})", one, shown)
