"""A first run of the people index on a large folder reads it in forked workers (issue 23 item 5):
the same articles, and the same cache files, as reading it in one process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ARTICLES
from newsdesk.core.check import people_check
from newsdesk.core.check.people_check import folder_people
from newsdesk.core.folder.scanpool import ScanPool
from newsdesk.core.rules.schema import schema_for


def _run(root: Path, cache: Path) -> tuple[list[object], dict[str, bytes]]:
    articles = folder_people(root, schema_for(root), {}, cache=cache)
    files = {p.name: p.read_bytes() for p in sorted(cache.iterdir())}
    return [tuple(a) for a in articles], files


def test_workers_read_what_one_process_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "articles"
    shutil.copytree(ARTICLES, root)
    (root / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    alone, alone_files = _run(root, tmp_path / "one")

    started: list[ScanPool] = []

    def start(root: Path, schema: object, workers: int | None = None) -> ScanPool:
        pool = ScanPool(root, schema, 2)  # type: ignore[arg-type]  # forked here, threads or not
        started.append(pool)
        return pool

    monkeypatch.setattr(people_check, "PARALLEL_READ", 1)
    monkeypatch.setattr(ScanPool, "start", staticmethod(start))
    together, together_files = _run(root, tmp_path / "two")
    assert len(started) == 1
    assert together == alone and len(alone) > 5
    assert together_files == alone_files and alone_files
    # A second run reads the people cache: no workers.
    again, _ = _run(root, tmp_path / "two")
    assert again == alone and len(started) == 1


def test_caches_written_aside_are_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first run may write its caches in a forked child (`save_aside`, issue 23 item 5): once
    waited for, the same bytes as written in this process; the articles are the same."""
    from newsdesk.core.check import forked

    root = tmp_path / "articles"
    shutil.copytree(ARTICLES, root)
    alone, alone_files = _run(root, tmp_path / "one")

    forks: list[bool] = []
    real = people_check.save_aside

    def counted(save):  # type: ignore[no-untyped-def]
        forks.append(real(save))
        return forks[-1]

    monkeypatch.setattr(people_check, "PARALLEL_READ", 1)
    monkeypatch.setattr(ScanPool, "start", staticmethod(lambda *a, **k: None))  # read here
    monkeypatch.setattr(forked, "can_fork", lambda: True)  # forked here, threads or not
    monkeypatch.setattr(people_check, "save_aside", counted)
    cache = tmp_path / "two"
    articles = folder_people(root, schema_for(root), {}, cache=cache, save_aside=True)
    people_check.wait_for_saves()
    assert forks == [True]
    assert [tuple(a) for a in articles] == alone
    assert {p.name: p.read_bytes() for p in sorted(cache.iterdir())} == alone_files and alone_files
    # Not asked to: written here, no child.
    folder_people(root, schema_for(root), {}, cache=tmp_path / "three")
    assert forks == [True]
