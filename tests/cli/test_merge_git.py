"""Issue 21: ``newsdesk merge-driver`` and ``newsdesk git-setup``, and a real ``git merge`` with them."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.cli import main

ARTICLE = """\
---
# the desk's comment
title: Spring meeting  # keep me
date: 2024-05-01
section: Campus
status: review
byline: Ann Lee
summary: A meeting.
review:
  - {by: Ann Lee, at: 2024-05-01T10:00:00+02:00, verdict: submitted}
---
First paragraph.

Second paragraph.
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _three(tmp_path: Path, ours: str, theirs: str, base: str = ARTICLE) -> list[str]:
    names = []
    for name, text in (("O", base), ("A", ours), ("B", theirs)):
        (tmp_path / name).write_text(text)
        names.append(str(tmp_path / name))
    return names


# -- merge-driver ----------------------------------------------------------------------------------


def test_driver_merges_different_fields_into_ours(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    o, a, b = _three(
        tmp_path,
        ARTICLE.replace("section: Campus", "section: News"),
        ARTICLE.replace("review\n", "approved\n"),
    )
    code, out, err = run(capsys, "merge-driver", o, a, b, "articles/x.md")
    assert (code, out, err) == (0, "", "")
    assert Path(a).read_text() == ARTICLE.replace("section: Campus", "section: News").replace(
        "status: review", "status: approved"
    )


def test_driver_marks_only_the_conflicting_field(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    o, a, b = _three(
        tmp_path,
        ARTICLE.replace("section: Campus", "section: News").replace("First", "1st"),
        ARTICLE.replace("section: Campus", "section: Sport").replace("Second", "2nd"),
    )
    code, _, err = run(capsys, "merge-driver", o, a, b, "articles/x.md")
    assert code == 1 and "conflicts left" in err
    assert Path(a).read_text() == ARTICLE.replace(
        "section: Campus\n", "<<<<<<< ours\nsection: News\n=======\nsection: Sport\n>>>>>>> theirs\n"
    ).replace("First", "1st").replace("Second", "2nd")
    code, out, _ = run(capsys, "validate", a)
    assert code == 1 and "error[conflict-markers]" in out and f"{a}:5:1:" in out
    assert "yaml-syntax" not in out  # the markers are named, not the syntax error they cause


def test_driver_falls_back_to_a_line_merge_for_broken_front_matter(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = "---\ntitle: [unclosed\n---\nBody\n"
    o, a, b = _three(tmp_path, broken.replace("Body", "Ours"), broken.replace("Body", "Theirs"), base=broken)
    code, _, _ = run(capsys, "merge-driver", o, a, b)
    assert code == 1
    assert Path(a).read_text() == broken.replace(
        "Body\n", "<<<<<<< ours\nOurs\n=======\nTheirs\n>>>>>>> theirs\n"
    )


def test_driver_missing_file_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(
        capsys, "merge-driver", str(tmp_path / "nope"), str(tmp_path / "A"), str(tmp_path / "B")
    )
    assert code == 1 and err.count("\n") == 1 and "cannot read" in err


def test_validate_conflict_markers_in_the_body(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text(ARTICLE.replace("Second paragraph.\n", "<<<<<<< ours\nA\n=======\nB\n>>>>>>> theirs\n"))
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1 and f"{path}:14:1: error[conflict-markers]" in out
    heading = tmp_path / "h.md"
    heading.write_text(ARTICLE.replace("First paragraph.", "Heading\n======="))
    assert "conflict-markers" not in run(capsys, "validate", str(heading))[1]


# -- git-setup and a real git merge ------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, check=False)


@pytest.fixture
def repo(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "site"
    repo.mkdir()
    assert git(repo, "init", "-q", "-b", "main").returncode == 0
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    code, out, err = run(capsys, "git-setup", str(repo))
    assert code == 0, err
    assert f"{repo}/.gitattributes: added *.md merge=newsdesk" in out
    assert "git config --local merge.newsdesk.driver" in out and "-m newsdesk merge-driver %O %A %B %P" in out
    (repo / "articles").mkdir()
    (repo / "articles" / "a.md").write_text(ARTICLE)
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "base").returncode == 0
    return repo


def _branches(repo: Path, ours: str, theirs: str) -> subprocess.CompletedProcess[str]:
    path = repo / "articles" / "a.md"
    git(repo, "checkout", "-q", "-b", "other")
    path.write_text(theirs)
    git(repo, "commit", "-qam", "theirs")
    git(repo, "checkout", "-q", "main")
    path.write_text(ours)
    git(repo, "commit", "-qam", "ours")
    return git(repo, "merge", "--no-edit", "other")


@needs_git
def test_git_setup_is_idempotent(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "git-setup", str(repo))
    assert code == 0 and "already has" in out
    assert (repo / ".gitattributes").read_text() == "*.md merge=newsdesk\n*.markdown merge=newsdesk\n"
    driver = git(repo, "config", "merge.newsdesk.driver").stdout.strip()
    assert driver == f"{shlex.quote(sys.executable)} -P -m newsdesk merge-driver %O %A %B %P"


@needs_git
def test_git_setup_keeps_existing_attributes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    git(tmp_path, "init", "-q")
    (tmp_path / ".gitattributes").write_text("*.png binary\n*.md merge=newsdesk")
    code, out, _ = run(capsys, "git-setup", str(tmp_path))
    assert code == 0 and out.count("added") == 1
    assert (tmp_path / ".gitattributes").read_text() == (
        "*.png binary\n*.md merge=newsdesk\n*.markdown merge=newsdesk\n"
    )


@needs_git
def test_git_setup_outside_a_repository(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "git-setup", str(tmp_path))
    assert code == 1 and "not inside a git repository" in err


@needs_git
def test_git_merge_of_different_fields_is_clean(repo: Path) -> None:
    ours = ARTICLE.replace("section: Campus", "section: News")
    theirs = ARTICLE.replace("summary: A meeting.", "summary: A long meeting.")  # the line after next
    theirs = theirs.replace("date: 2024-05-01", "date: 2024-05-02")  # the line before
    done = _branches(repo, ours, theirs)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (repo / "articles" / "a.md").read_text() == ours.replace("A meeting.", "A long meeting.").replace(
        "2024-05-01\n", "2024-05-02\n"
    )


@needs_git
def test_git_merge_of_two_verdicts_is_clean(repo: Path) -> None:
    after = "verdict: submitted}\n"
    ours = ARTICLE.replace("status: review", "status: approved").replace(
        after, after + "  - {by: Bo, at: 2024-05-02T09:00:00+02:00, verdict: approved}\n"
    )
    theirs = ARTICLE.replace(
        after, after + "  - {by: Cy, at: 2024-05-01T12:00:00+02:00, verdict: approved, note: fine}\n"
    ).replace("status: review", "status: approved")
    done = _branches(repo, ours, theirs)
    assert done.returncode == 0, done.stdout + done.stderr
    # Both verdicts, in time order, each as its branch wrote it.
    assert (repo / "articles" / "a.md").read_text() == ARTICLE.replace(
        "status: review", "status: approved"
    ).replace(
        after,
        after
        + "  - {by: Cy, at: 2024-05-01T12:00:00+02:00, verdict: approved, note: fine}\n"
        + "  - {by: Bo, at: 2024-05-02T09:00:00+02:00, verdict: approved}\n",
    )


@needs_git
def test_git_merge_of_the_same_field_marks_that_field_only(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ours = ARTICLE.replace("section: Campus", "section: News").replace("First", "1st")
    theirs = ARTICLE.replace("section: Campus", "section: Sport").replace("byline: Ann Lee", "byline: Bo")
    done = _branches(repo, ours, theirs)
    assert done.returncode == 1 and "CONFLICT" in done.stdout
    path = repo / "articles" / "a.md"
    assert path.read_text() == ARTICLE.replace(
        "section: Campus\n", "<<<<<<< ours\nsection: News\n=======\nsection: Sport\n>>>>>>> theirs\n"
    ).replace("First", "1st").replace("byline: Ann Lee", "byline: Bo")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1 and ":5:1: error[conflict-markers]" in out
