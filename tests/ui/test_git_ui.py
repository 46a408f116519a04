"""Issue 21 item 5: git in the app, lightly: list marks for modified / untracked articles, and C
commits the current article's saved change with a typed message (hooks run; nothing pushed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input

from conftest import git
from newsdesk.core.review.git import status
from newsdesk.ui.screens.commit import CommitPrompt
from newsdesk.ui.screens.dialogs import DiffScreen

from .conftest import article, make_app, ready, wait_until, write_folder
from .edit_support import screen_text

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path: Path, git_identity: None) -> Path:
    folder = write_folder(
        tmp_path / "repo" / "articles",
        {
            "a.md": article("Alpha budget", "2024-03-01", "approved"),
            "b.md": article("Bravo library", "2024-02-01"),
        },
    )
    git(folder.parent, "init", "-q")  # the articles are a folder of the repository
    git(folder.parent, "add", "--all")
    git(folder.parent, "commit", "-qm", "first")
    return folder


def test_status_marks_modified_and_untracked(repo: Path, tmp_path: Path) -> None:
    (repo / "a.md").write_text(article("Alpha budget, amended", "2024-03-01", "approved"))
    (repo / "new.md").write_text(article("New"))
    (repo.parent / "outside.md").write_text("not in the folder")
    assert status(repo) == {repo / "a.md": "M", repo / "new.md": "?"}
    assert status(tmp_path / "not-a-repo-folder") is None
    plain = tmp_path / "plain"
    plain.mkdir()
    assert status(plain) is None


async def test_list_marks_and_the_commit_key(repo: Path) -> None:
    path = repo / "a.md"
    path.write_text(article("Alpha budget, amended", "2024-03-01", "approved"))
    (repo / "new.md").write_text(article("New one", "2024-01-01"))
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        main = app.main_screen
        assert main is not None
        await wait_until(pilot, lambda: main.git_marks is not None and bool(main.article_list.git_marks))
        await pilot.pause()
        listed = main.article_list
        lines = [listed.render_line(y).text for y in range(len(listed.rows))]

        def row(title: str) -> str:
            return next(line for line in lines if title in line)

        assert row("Alpha budget").startswith("M") and row("New one").startswith("?")
        assert row("Bravo library").startswith(" ")
        main.jump_to(path)
        await pilot.pause()
        await pilot.press("C")
        await wait_until(pilot, lambda: isinstance(app.screen, CommitPrompt))
        await pilot.pause()
        prompt = app.screen.query_one("#commit-message", Input)
        assert prompt.value == "approve: Alpha budget, amended"
        await pilot.press("end", *" (figures)", "enter")
        await wait_until(pilot, lambda: path not in (main.git_marks or {path: "M"}))
        assert (repo / "new.md") in (main.git_marks or {})  # only the article was committed
    assert git(repo, "log", "-1", "--format=%s").strip() == "approve: Alpha budget, amended (figures)"
    assert git(repo, "status", "--porcelain", "--", "a.md") == ""
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["articles/a.md"]


async def test_a_refusing_hook_is_shown_and_nothing_is_committed(repo: Path) -> None:
    hook = repo.parent / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'newsdesk validate: a.md: title is required' >&2\nexit 1\n")
    hook.chmod(0o755)
    path = repo / "a.md"
    path.write_text(article("Alpha budget, amended", "2024-03-01", "approved"))
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        main = app.main_screen
        assert main is not None
        await wait_until(pilot, lambda: bool(main.git_marks))
        main.jump_to(path)
        await pilot.press("C")
        await wait_until(pilot, lambda: isinstance(app.screen, CommitPrompt))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DiffScreen))
        await pilot.pause()
        assert "title is required" in screen_text(app)
    assert git(repo, "log", "-1", "--format=%s").strip() == "first"


async def test_no_git_no_marks_and_C_says_why(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "plain", {"a.md": article("Alpha")})
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        main = app.main_screen
        assert main is not None
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        await pilot.press("C")
        await pilot.pause()
        assert not isinstance(app.screen, CommitPrompt)
        assert "not in a git work tree" in screen_text(app)
        assert main.article_list.git_marks == {}
