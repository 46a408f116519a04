"""The people warnings of a large folder: worked out in this process, except where the roles
change in most articles, whose articles are shared with forked children (`warnings_spread`,
issue 23 item 4): the same warnings, in the same places, as one process."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from newsdesk.core.check import forked, people_check
from newsdesk.core.check.batch import validate_paths

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
import generate

PEOPLE_CODES = ("name-variant", "role-changed", "speaker-not-attending")


def _warnings(root: Path, jobs: int) -> list[tuple[str, str, str, int, int, str | None]]:
    report = validate_paths([root], jobs=jobs)  # 300 files: read in one process either way
    return [
        (str(path), p.code, p.message, p.line, p.column, p.field)
        for path, p in report.diagnostics()
        if p.code in PEOPLE_CODES
    ]


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    calls: list[tuple[int, int]] = []
    run_chunks = forked.run_chunks

    def counted(count: int, work: Callable[[int], Any], workers: int) -> list[Any]:
        calls.append((count, workers))
        return run_chunks(count, work, workers)

    monkeypatch.setattr(people_check, "PARALLEL_WARNINGS", 1)
    monkeypatch.setattr(forked, "run_chunks", counted)
    return calls


@pytest.mark.parametrize("roles", ["realistic", "random"])
def test_spread_gives_the_sequential_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, roles: str
) -> None:
    root = tmp_path / "articles"
    generate.generate(root, 300, roles=roles)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    alone = _warnings(root, 1)
    calls = _spy(monkeypatch)
    assert _warnings(root, 1) == alone and not calls  # --jobs 1: one process, as asked
    together = _warnings(root, 2)
    if roles == "random":  # the roles change in most articles: spread over a forked child
        assert calls and calls[0][1] == 2 and calls[0][0] > 1
    else:  # forking cost what it saved (a child copies the pages it touches): here
        assert not calls
    assert together == alone and len(alone) > 10


def test_a_child_that_fails_has_its_warnings_worked_out_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "articles"
    generate.generate(root, 120, roles="random")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    alone = _warnings(root, 1)
    calls = _spy(monkeypatch)
    parent = os.getpid()
    real = people_check.locate_pending_at

    def dies_in_a_child(*args: Any) -> Any:
        if os.getpid() != parent:
            os._exit(3)
        return real(*args)

    monkeypatch.setattr(people_check, "locate_pending_at", dies_in_a_child)
    # (120 articles: too few for `new_roles` to give up on its own, which is what spreads them)
    monkeypatch.setattr(people_check, "new_roles", lambda *_, **__: None)
    assert _warnings(root, 2) == alone and calls


def test_validate_walks_the_folder_once_for_its_people(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The people pass takes the folder's articles from validate's own walk (fifth round of issue
    23): one walk, not two, and the same warnings as when it walked the folder again."""
    from newsdesk.core.folder import walk

    root = tmp_path / "articles"
    generate.generate(root, 120, roles="realistic")
    (root / "sub").mkdir()
    (root / "sub" / "zz.md").write_text("---\ntitle: Z\nattendees:\n  - name: Jane Dooe\n---\n")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    walks: list[Path] = []
    real = walk.walk_folders_links

    def counted(root: Path, *args: Any) -> Any:
        walks.append(root)
        return real(root, *args)

    monkeypatch.setattr(walk, "walk_folders_links", counted)
    once = _warnings(root, 1)
    assert len(walks) == 1
    monkeypatch.setattr(people_check, "_from_walk", lambda *args: None)  # as before: walked again
    assert _warnings(root, 1) == once and len(walks) == 3
    assert once


def test_validate_dot_takes_each_articles_place_from_the_walk_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``newsdesk validate .`` (CI's usual line): the walk names the files relative to the folder
    already, so no `Path` is made per file to work out their places (it cost 30 ms at 10,000),
    and the warnings, which name the articles before and after, are the same as given by name."""
    root = tmp_path / "articles"
    generate.generate(root, 120, roles="realistic")
    (root / "sub").mkdir()
    for day, role in (("01", "Dean"), ("02", "Chair")):  # a lasting change: said naming sub/a01.md
        (root / "sub" / f"a{day}.md").write_text(
            f"---\ntitle: Z\ndate: 2030-01-{day}\nattendees:\n  - name: Liu Hong\n    role: {role}\n---\n"
        )
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(root)
    by_name = validate_paths([root], jobs=1)
    real = people_check._rel
    made: list[str] = []

    def counted(path: Path | str, base: Path) -> str:
        made.append(str(path))
        return real(path, base)

    monkeypatch.setattr(people_check, "_rel", counted)
    dot = validate_paths([Path(".")], jobs=1)
    assert not made
    said = [(p.code, p.message, p.line) for _, p in by_name.diagnostics() if p.code in PEOPLE_CODES]
    assert (
        said and [(p.code, p.message, p.line) for _, p in dot.diagnostics() if p.code in PEOPLE_CODES] == said
    )
    assert any("from 'Dean' in sub/a01.md (2030-01-01)" in m for _, m, _ in said)


def test_the_readers_send_back_no_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a reading worker sends back for an article naming people holds no `Path` (the
    parent has the file's path; pickling 5,000 Paths and making them again cost more than the
    rest of the results), and the report is the same as one process's."""
    import pickle

    root = tmp_path / "articles"
    generate.generate(root, 520, roles="realistic")  # two chunks of 250 and more: a child reads
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    alone = _warnings(root, 1)
    sent: list[bytes] = []
    real = forked.run_chunks

    def spying(count: int, work: Callable[[int], Any], workers: int) -> list[Any]:
        done = real(count, work, workers)
        sent.append(pickle.dumps(done))
        return done

    monkeypatch.setattr(forked, "run_chunks", spying)
    assert _warnings(root, 2) == alone
    assert sent and b"pathlib" not in sent[0] and b"PosixPath" not in sent[0]


def test_each_folders_people_root_is_found_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a newsdesk.toml the people root of an article depends on its folder alone: worked
    out once per folder (each time it asks whether every path given is a folder), not per
    article, and the warnings are the same."""
    root = tmp_path / "articles"
    generate.generate(root, 60, roles="realistic")
    (root / "newsdesk.toml").unlink(missing_ok=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    calls: list[Path] = []
    real = people_check.people_root

    def counted(path: Path, *args: Any) -> Path:
        calls.append(path)
        return real(path, *args)

    once = _warnings(root, 1)
    monkeypatch.setattr(people_check, "people_root", counted)
    assert _warnings(root, 1) == once and once
    assert len(calls) == 1


def test_the_last_run_index_is_kept_until_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index a run built is not freed at its end (the run is about to end) but by the next."""
    import weakref

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "articles"
    folder.mkdir()
    for i, role in enumerate(("Dean", "Chair")):
        (folder / f"2024-01-0{i + 1}-a.md").write_text(
            f"---\ntitle: A\ndate: 2024-01-0{i + 1}\nattendees:\n  - name: Liu Hong\n    role: {role}\n---\nText.\n"
        )
    assert any(p.code == "role-changed" for _, p in validate_paths([folder], jobs=1).diagnostics())
    first = weakref.ref(people_check._kept[0][0])  # type: ignore[index]
    assert first() is not None and len(people_check._kept) == 1
    validate_paths([folder], jobs=1)
    assert first() is None and len(people_check._kept) == 1
