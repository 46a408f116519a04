"""`newsdesk.core.review.git.commit` (the app's C): one file committed as it is on disk; a commit a
hook refuses leaves git's index exactly as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import git
from newsdesk.core.review.git import commit

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path: Path, git_identity: None) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: A\n---\nOne.\n")
    (folder / "b.md").write_text("---\ntitle: B\n---\nOne.\n")
    git(folder, "init", "-q")
    git(folder, "add", "--all")
    git(folder, "commit", "-qm", "first")
    return folder


def refuse(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'a.md: title is required' >&2\nexit 1\n")
    hook.chmod(0o755)


def index(repo: Path) -> str:
    return git(repo, "ls-files", "--stage")


def test_a_refused_commit_of_a_changed_file_leaves_the_index_as_it_was(repo: Path) -> None:
    (repo / "b.md").write_text("---\ntitle: B, staged by hand\n---\nOne.\n")
    git(repo, "add", "b.md")  # the user's own staged change to another file
    (repo / "a.md").write_text("---\ntitle: A, staged\n---\nOne.\n")
    git(repo, "add", "a.md")  # ...and an earlier version of this one
    (repo / "a.md").write_text("---\ntitle: A, saved by newsdesk\n---\nOne.\n")
    before = index(repo)
    refuse(repo)
    done = commit(repo / "a.md", "Amend A")
    assert not done.ok and "title is required" in done.output
    assert index(repo) == before
    assert git(repo, "log", "-1", "--format=%s").strip() == "first"


def test_a_refused_commit_of_a_new_file_does_not_leave_it_staged(repo: Path) -> None:
    (repo / "c.md").write_text("---\ntitle: C\n---\nNew.\n")
    before = index(repo)
    refuse(repo)
    assert not commit(repo / "c.md", "Add C").ok
    assert index(repo) == before
    assert "?? c.md" in git(repo, "status", "--porcelain")


def test_a_commit_takes_the_file_as_on_disk_and_nothing_else(repo: Path) -> None:
    (repo / "b.md").write_text("---\ntitle: B, staged by hand\n---\nOne.\n")
    git(repo, "add", "b.md")
    (repo / "a.md").write_text("---\ntitle: A, saved\n---\nOne.\n")
    (repo / "c.md").write_text("---\ntitle: C\n---\nNew.\n")
    assert commit(repo / "a.md", "Amend A").ok
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["a.md"]
    assert "title: A, saved" in git(repo, "show", "HEAD:a.md")
    assert git(repo, "diff", "--cached", "--name-only").split() == ["b.md"]  # still the user's
    assert commit(repo / "c.md", "Add C").ok
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["c.md"]
