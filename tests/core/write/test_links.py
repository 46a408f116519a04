"""Issue 24: no writer writes through a link to a place outside the folder being worked on.

A cloned repository is untrusted input: ``articles/x.md -> /etc/passwd`` (or a linked folder
``articles/sub -> /etc``) must not let ``set``, a verdict, ``new``, ``init``, the journal or the
app's save change the target. Every test here builds a temporary repository (``repo/.git``) and a
target outside it, and checks the target's bytes are unchanged; ``--follow-symlinks`` (or
``[articles] follow_symlinks = true``) allows it; a link inside the folder is still saved in place.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core.model.errors import LinkOutsideError, SaveError
from newsdesk.core.read.reader import load_article
from newsdesk.core.write import disk, journal
from newsdesk.core.write.save import create, save, write_text

ART = "---\ntitle: Old T\nstatus: draft\ndate: 2024-01-02\nbyline: Ana\n---\nBody.\n"
PASSWD = "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534::/:/usr/sbin/nologin\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """``tmp/repo`` (a git work tree: ``.git``) with ``articles/a.md``; ``tmp/outside`` beside it."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "articles").mkdir()
    (root / "articles" / "a.md").write_text(ART)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text(PASSWD)
    (outside / "secret.md").write_text(ART)
    return root


def outside(repo: Path, name: str) -> Path:
    return repo.parent / "outside" / name


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "newsdesk-" in p.name)


# -- the rule ---------------------------------------------------------------------------------------


def test_the_root_is_the_git_work_tree_else_newsdesk_toml_else_the_folder(tmp_path: Path) -> None:
    (tmp_path / "plain" / "sub").mkdir(parents=True)
    assert disk.write_root(tmp_path / "plain" / "sub" / "x.md") == str(tmp_path / "plain" / "sub")
    (tmp_path / "plain" / "newsdesk.toml").write_text("")
    assert disk.write_root(tmp_path / "plain" / "sub" / "x.md") == str(tmp_path / "plain")
    (tmp_path / ".git").mkdir()
    assert disk.write_root(tmp_path / "plain" / "sub" / "x.md") == str(tmp_path)  # widened to git


def test_a_marker_reached_through_a_link_does_not_move_the_root(repo: Path) -> None:
    # /etc under etckeeper holds a .git: articles/sub -> /etc must not make /etc the folder.
    (outside(repo, ".git")).mkdir()
    (repo / "articles" / "sub").symlink_to(outside(repo, ""))
    assert disk.write_root(repo / "articles" / "sub" / "passwd") == str(repo)
    with pytest.raises(LinkOutsideError, match=r"its folder .*sub is a link to .*outside"):
        disk.check_inside(repo / "articles" / "sub" / "passwd")


def test_a_link_above_the_work_tree_is_harmless(tmp_path: Path) -> None:
    (tmp_path / "data" / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "data" / "repo" / "a.md").write_text(ART)
    (tmp_path / "home").symlink_to(tmp_path / "data")  # like /home -> /data/home
    article = load_article(tmp_path / "home" / "repo" / "a.md")
    assert save(article, {"title": "New"}).metadata["title"] == "New"


# -- set --------------------------------------------------------------------------------------------


def test_set_refuses_a_link_to_etc_passwd(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = repo / "articles" / "x.md"
    link.symlink_to(outside(repo, "passwd"))
    code, _, err = run(capsys, "set", str(link), "title=New T", "--add")
    assert code == 1
    assert err.count("\n") == 1, err
    assert "refusing to write" in err and "x.md: it is a link to" in err and "passwd" in err
    assert f"outside {repo}" in err and "--follow-symlinks" in err
    assert outside(repo, "passwd").read_text() == PASSWD
    assert link.is_symlink()


def test_set_never_gives_a_non_markdown_file_front_matter(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = repo / "articles" / "x.md"
    link.symlink_to(outside(repo, "passwd"))
    code, _, err = run(capsys, "set", str(link), "title=New T", "--add", "--follow-symlinks")
    assert code == 1 and "not a .md or .markdown file" in err
    assert outside(repo, "passwd").read_text() == PASSWD
    (repo / "articles" / "notes.txt").write_text("plain text\n")
    code, _, err = run(capsys, "set", str(repo / "articles" / "notes.txt"), "title=T", "--add")
    assert code == 1 and "not a .md or .markdown file" in err
    assert (repo / "articles" / "notes.txt").read_text() == "plain text\n"
    (repo / "articles" / "plain.md").write_text("just a body\n")  # a Markdown file is still given one
    assert run(capsys, "set", str(repo / "articles" / "plain.md"), "title=T", "--add")[0] == 0
    assert load_article(repo / "articles" / "plain.md").metadata == {"title": "T"}


def test_set_through_a_linked_folder_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "articles" / "sub").symlink_to(outside(repo, ""))
    code, _, err = run(capsys, "set", str(repo / "articles" / "sub" / "secret.md"), "title=New T")
    assert code == 1 and "sub is a link to" in err
    assert outside(repo, "secret.md").read_text() == ART


def test_set_follows_the_link_with_the_flag_or_the_setting(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = repo / "articles" / "x.md"
    link.symlink_to(outside(repo, "secret.md"))
    assert run(capsys, "set", str(link), "title=New T", "--follow-symlinks")[0] == 0
    assert load_article(outside(repo, "secret.md")).metadata["title"] == "New T"
    assert link.is_symlink()
    (repo / "newsdesk.toml").write_text("[articles]\nfollow_symlinks = true\n")
    assert run(capsys, "set", str(link), "title=Newer")[0] == 0
    assert load_article(outside(repo, "secret.md")).metadata["title"] == "Newer"


def test_a_link_inside_the_folder_is_still_saved_in_place(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "drafts").mkdir()
    (repo / "drafts" / "d.md").write_text(ART)
    link = repo / "articles" / "d.md"
    link.symlink_to(Path("..") / "drafts" / "d.md")
    assert run(capsys, "set", str(link), "title=New T")[0] == 0
    assert link.is_symlink()
    assert load_article(repo / "drafts" / "d.md").metadata["title"] == "New T"


# -- the other writers ------------------------------------------------------------------------------


def test_write_text_refuses_and_allows_with_follow_symlinks(repo: Path) -> None:
    """What the app's save calls (edit mode passes [articles] follow_symlinks)."""
    link = repo / "articles" / "x.md"
    link.symlink_to(outside(repo, "secret.md"))
    article = load_article(link)
    with pytest.raises(LinkOutsideError) as caught:
        save(article, {"title": "New"})
    assert isinstance(caught.value, SaveError)
    assert caught.value.target == str(outside(repo, "secret.md"))
    assert outside(repo, "secret.md").read_text() == ART
    assert leftovers(outside(repo, "")) == [] and leftovers(repo / "articles") == []
    saved = write_text(article, ART.replace("Old T", "New"), follow_symlinks=True)
    assert saved.metadata["title"] == "New"


def test_a_dangling_link_out_is_not_created(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "newsdesk.toml").symlink_to(outside(repo, "bashrc"))
    code, _, err = run(capsys, "init", str(repo), "--force")
    assert code == 1 and "refusing to write" in err and "bashrc" in err
    assert not outside(repo, "bashrc").exists()


def test_verdict_refused_on_a_link_out(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = repo / "articles" / "x.md"
    link.symlink_to(outside(repo, "secret.md"))
    code, _, err = run(capsys, "submit", str(link))
    assert code == 1 and "refusing to write" in err and "secret.md" in err
    assert outside(repo, "secret.md").read_text() == ART
    code, _, err = run(capsys, "submit", str(link), "--follow-symlinks")
    assert code == 0, err
    assert load_article(outside(repo, "secret.md")).metadata["status"] == "review"


def test_new_refused_in_a_linked_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "articles" / "sub").symlink_to(outside(repo, ""))
    before = sorted(p.name for p in outside(repo, "").iterdir())
    code, _, err = run(capsys, "new", "A title", "--folder", str(repo / "articles" / "sub"))
    assert code == 1 and "refusing to create" in err and "sub is a link to" in err
    assert sorted(p.name for p in outside(repo, "").iterdir()) == before
    code, _, _ = run(
        capsys, "new", "A title", "--folder", str(repo / "articles" / "sub"), "--follow-symlinks"
    )
    assert code == 0
    assert len(list(outside(repo, "").glob("*-a-title.md"))) == 1


def test_create_into_a_linked_folder_is_refused(repo: Path) -> None:
    (repo / "articles" / "sub").symlink_to(outside(repo, ""))
    with pytest.raises(LinkOutsideError):
        create(repo / "articles" / "sub" / "n.md", {"title": "T"}, "\n", "yaml")
    assert not outside(repo, "n.md").exists()


def test_init_force_refused_on_a_link_out(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (outside(repo, "bashrc")).write_text("alias ls='ls -F'\n")
    (repo / "newsdesk.toml").symlink_to(outside(repo, "bashrc"))
    code, _, err = run(capsys, "init", str(repo), "--force")
    assert code == 1 and "newsdesk.toml: it is a link to" in err
    assert outside(repo, "bashrc").read_text() == "alias ls='ls -F'\n"
    assert run(capsys, "init", str(repo), "--force", "--follow-symlinks")[0] == 0
    assert "[articles]" in outside(repo, "bashrc").read_text()


def test_a_journal_file_that_is_a_link_is_refused(tmp_path: Path, repo: Path) -> None:
    """Recovery: the journal folder is newsdesk's own (outside the articles) and keeps working,
    even when it is itself a link; a journal *file* that is a link out of it is never written."""
    state = tmp_path / "state"
    state.mkdir()
    (tmp_path / "state-link").symlink_to(state)
    folder = tmp_path / "state-link" / "recovery"
    entry = journal.Entry(path=repo / "articles" / "a.md", fingerprint=None, changes={"title": "X"})
    written = journal.write_entry(entry, folder)
    assert written.is_file()
    written.unlink()
    written.symlink_to(outside(repo, "passwd"))
    with pytest.raises(LinkOutsideError):
        journal.write_entry(entry, folder)
    assert outside(repo, "passwd").read_text() == PASSWD


def test_own_files_refuse_a_link_out(tmp_path: Path, repo: Path) -> None:
    """Caches and the user configuration: own_folder."""
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "index-x.json").symlink_to(outside(repo, "passwd"))
    with pytest.raises(LinkOutsideError):
        disk.atomic_write(cache / "index-x.json", b"{}", own_folder=True)
    assert outside(repo, "passwd").read_text() == PASSWD
    disk.atomic_write(cache / "people-x.json", b"{}", own_folder=True)  # a plain file: fine
    assert (cache / "people-x.json").read_bytes() == b"{}"


def test_the_setting_must_be_a_boolean(tmp_path: Path) -> None:
    from newsdesk.core.rules.schema import SchemaError, load_schema

    (tmp_path / "newsdesk.toml").write_text('[articles]\nfollow_symlinks = "yes"\n')
    with pytest.raises(SchemaError, match="follow_symlinks must be true or false"):
        load_schema(tmp_path / "newsdesk.toml")


def test_refusal_escapes_the_path(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = repo / "articles" / "x\x1b]0;pwned\x07.md"
    link.symlink_to(outside(repo, "secret.md"))
    code, _, err = run(capsys, "set", os.fsdecode(link), "title=T")
    assert code == 1 and "\x1b" not in err and "\x07" not in err
