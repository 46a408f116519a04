"""Many ``newsdesk set`` at once on one file: no edit that exited 0 is ever lost.

Each worker is a forked process that calls ``newsdesk.cli.main(["set", ...])`` in-process, round
after round, and writes only its own field ``f<i>``. Only worker i writes ``f<i>``, so a lost update
shows as ``f<i>`` no longer holding the last value worker i saved: each worker looks before every
round, and the parent looks at the end. Every run that did not exit 0 must say why on stderr.

Run as a script to print the figures quoted in the README::

    python tests/core/write/test_concurrency.py [ROUNDS_FOR_2] [ROUNDS_FOR_8]
"""

from __future__ import annotations

import importlib
import io
import json
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import newsdesk.core.write.disk as disk
from newsdesk.core.read.reader import load_article
from newsdesk.core.write.save import ConflictError, SaveError, create, save

fcntl = pytest.importorskip("fcntl")

SCHEMA = '[articles]\nunknown_fields = "allow"\n' + "".join(
    f'[fields.f{i}]\ntype = "string"\n' for i in range(8)
)


def _article(workers: int) -> str:
    lines = ["---", "# the stress test's article", "title: Stress", "date: 2024-01-02"]
    lines += [f"f{i}: start" for i in range(workers)]
    return "\n".join(lines) + "\n---\nBody stays.\n"


@dataclass
class Outcome:
    workers: int
    rounds: int
    ok: int = 0
    merged: int = 0
    refused: int = 0
    refused_silently: int = 0
    lost: int = 0
    details: list[str] = field(default_factory=list)

    @property
    def edits(self) -> int:
        return self.workers * self.rounds


def _read_whole(path: Path) -> Any:
    """The article as one whole version: under a shared flock on the file, as newsdesk's own
    readers take it. A file with hard links is rewritten in place (truncated, then written), and an
    unlocked read may see it empty -- which is not a lost edit."""
    from newsdesk.core.read.reader import load_article

    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        return load_article(path)
    finally:
        os.close(fd)


def _worker(index: int, path: Path, rounds: int, out: Path, start_at: float) -> None:
    """One forked worker: ``rounds`` sets of its own field; writes what happened to ``out``."""
    from newsdesk.cli import main

    key = f"f{index}"
    last_ok = "start"
    seen_lost: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    while time.time() < start_at:  # start together
        time.sleep(0.001)
    for r in range(rounds):
        before = _read_whole(path).metadata.get(key)
        if before != last_ok:
            seen_lost.append({"round": r, "expected": last_ok, "found": before})
        value = f"w{index}r{r}"
        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
        code = main(["set", str(path), f"{key}={value}"])
        runs.append(
            {"value": value, "code": code, "out": sys.stdout.getvalue(), "err": sys.stderr.getvalue()}
        )
        if code == 0:
            last_ok = value
    out.write_text(json.dumps({"runs": runs, "lost": seen_lost, "last_ok": last_ok}))


def run_stress(
    folder: Path, workers: int, rounds: int, timeout: float = 300.0, names: tuple[str, ...] = ()
) -> Outcome:
    """Fork ``workers`` processes doing ``rounds`` sets each on one article under ``folder``.

    ``names``: more names of the article (hard links, relative to ``folder``); worker ``i`` writes
    through the ``i``-th of ``stress.md`` and these, in turn.
    """
    # Import everything the workers need before forking: no import lock held across fork.
    for name in (
        "newsdesk.cli.set_cmd",
        "newsdesk.core.write.save",
        "newsdesk.core.rules.validate",
        "newsdesk.core.write.yaml_edit",
    ):
        importlib.import_module(name)

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "newsdesk.toml").write_text(SCHEMA)
    path = folder / "stress.md"
    path.write_text(_article(workers))
    paths = [path]
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        os.link(path, folder / name)
        paths.append(folder / name)
    start_at = time.time() + 0.2
    pids: dict[int, int] = {}
    for i in range(workers):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            code = 0
            try:
                _worker(i, paths[i % len(paths)], rounds, folder / f"result-{i}.json", start_at)
            except BaseException:
                code = 3
            finally:
                os._exit(code)
        pids[pid] = i
    deadline = time.monotonic() + timeout
    failed: list[str] = []
    while pids:
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            if time.monotonic() > deadline:
                for p in pids:
                    os.kill(p, signal.SIGKILL)
                    os.waitpid(p, 0)
                raise AssertionError(f"stress workers still running after {timeout:.0f} s")
            time.sleep(0.01)
            continue
        i = pids.pop(pid)
        if os.waitstatus_to_exitcode(status) != 0:
            failed.append(f"worker {i} crashed (exit status {status})")
    assert not failed, failed

    from newsdesk.core.read.reader import load_article

    outcome = Outcome(workers, rounds)
    final = load_article(path)
    assert final.body == "Body stays.\n"
    assert final.text.startswith("---\n# the stress test's article\n")
    for i in range(workers):
        result = json.loads((folder / f"result-{i}.json").read_text())
        outcome.lost += len(result["lost"])
        outcome.details += [
            f"f{i}: round {x['round']} found {x['found']!r}, not {x['expected']!r}" for x in result["lost"]
        ]
        if final.metadata.get(f"f{i}") != result["last_ok"]:
            outcome.lost += 1
            outcome.details.append(
                f"f{i}: at the end {final.metadata.get(f'f{i}')!r}, not {result['last_ok']!r}"
            )
        for run in result["runs"]:
            if run["code"] == 0:
                outcome.ok += 1
                assert f"updated f{i}" in run["out"], run
                if "merged" in run["err"]:
                    outcome.merged += 1
            else:
                outcome.refused += 1
                if not run["err"].strip() or run["code"] != 1:
                    outcome.refused_silently += 1
                    outcome.details.append(f"f{i}: exit {run['code']} with stderr {run['err']!r}")
    return outcome


# -- the lock itself ------------------------------------------------------------------------------

TEXT = "---\ntitle: Old\n---\nBody.\n"


def _locked_by_someone(folder: Path) -> bool:
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_check_and_replace_happen_under_the_folder_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_text(TEXT)
    seen: list[str] = []
    real_check, real_replace = disk.check_conflict, disk.os.replace

    def check(article: Any) -> None:
        seen.append(f"check locked={_locked_by_someone(tmp_path)}")
        real_check(article)

    def replace(src: Any, dst: Any) -> None:
        seen.append(f"replace locked={_locked_by_someone(tmp_path)}")
        real_replace(src, dst)

    monkeypatch.setattr(disk, "check_conflict", check)
    monkeypatch.setattr(disk.os, "replace", replace)
    save(load_article(path), {"title": "New"})
    assert seen == ["check locked=True", "replace locked=True"]
    assert not _locked_by_someone(tmp_path)  # released
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]  # and no lock file left


def test_create_links_under_the_folder_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real_link = disk.os.link

    def link(src: Any, dst: Any) -> None:
        seen.append(_locked_by_someone(tmp_path))
        real_link(src, dst)

    monkeypatch.setattr(disk.os, "link", link)
    create(tmp_path / "new.md", {"title": "T"}, "Body\n", "yaml")
    assert seen == [True]


def test_a_save_waits_for_the_lock_then_gives_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real"
    real.mkdir()
    path = real / "a.md"
    path.write_text(TEXT)
    link = tmp_path / "link.md"
    link.symlink_to(path)
    article = load_article(link)
    monkeypatch.setattr(disk, "LOCK_TIMEOUT", 0.05)
    with disk.folder_lock(real) as locked:  # another save in the real file's folder
        assert locked
        with pytest.raises(
            SaveError, match=r"another save in this folder held its lock .*nothing was written"
        ):
            save(article, {"title": "New"})
    assert path.read_text() == TEXT
    assert save(article, {"title": "New"}).metadata["title"] == "New"  # free again


def test_the_lock_is_released_after_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(TEXT)
    article = load_article(path)
    path.write_text(TEXT.replace("Body", "Theirs"))
    with pytest.raises(ConflictError):
        save(article, {"title": "New"})
    assert not _locked_by_someone(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


# -- many writers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("workers", "rounds"), [(2, 150), (8, 40)])
def test_concurrent_sets_lose_no_edit(tmp_path: Path, workers: int, rounds: int) -> None:
    outcome = run_stress(tmp_path / "desk", workers, rounds)
    assert outcome.lost == 0, outcome.details[:10]
    assert outcome.refused_silently == 0, outcome.details[:10]
    assert outcome.ok + outcome.refused == outcome.edits
    # Refusals are a last resort (retries ran out); most edits must get through.
    assert outcome.ok >= outcome.edits * 0.9, outcome


@pytest.mark.parametrize(
    "names",
    [("f1/stress.md",), ("other.md",)],
    ids=["two-folders", "one-folder"],
)
def test_writers_of_one_file_under_two_names_lose_no_edit(tmp_path: Path, names: tuple[str, ...]) -> None:
    """Issue 25.3: the same inode as ``stress.md`` and ``f1/stress.md`` (two folders, two folder
    locks), two ``set`` processes, each setting its own field: every edit reported "updated" is on
    disk at the end, and a refusal never blames a field nobody else touched."""
    desk = tmp_path / "desk"
    outcome = run_stress(desk, 2, 120, names=names)
    assert os.stat(desk / "stress.md").st_ino == os.stat(desk / names[0]).st_ino  # still one file
    assert outcome.lost == 0, outcome.details[:10]
    assert outcome.refused_silently == 0, outcome.details[:10]
    for i in range(2):
        runs = json.loads((desk / f"result-{i}.json").read_text())["runs"]
        blamed = [r["err"] for r in runs if "changed on disk by someone else" in r["err"]]
        assert not blamed, blamed[:3]  # nobody else changes f{i}: such a refusal read a half-written file
    assert outcome.ok + outcome.refused == outcome.edits


if __name__ == "__main__":  # pragma: no cover - figures for the README
    import tempfile

    plan = [
        (2, int(sys.argv[1]) if len(sys.argv) > 1 else 150),
        (8, int(sys.argv[2]) if len(sys.argv) > 2 else 40),
    ]
    for workers, rounds in plan:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.monotonic()
            o = run_stress(Path(tmp), workers, rounds)
            took = time.monotonic() - started
        print(
            f"{workers} processes x {rounds} rounds = {o.edits} edits: {o.ok} exit 0 ({o.merged} merged after a "
            f"conflict), {o.refused} refused ({o.refused_silently} silently), {o.lost} lost; {took:.1f} s"
        )


# -- temporary files left by a killed writer ------------------------------------------------------


def _killed_mid_save(path: Path) -> list[Path]:
    """Fork a writer, SIGKILL it while its temporary file exists; the files it left."""
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            os.close(ready_r)

            def stuck(src: Any, dst: Any) -> None:
                os.write(ready_w, b"x")  # the temporary file is written: kill me now
                time.sleep(60)

            disk.os.replace = stuck  # type: ignore[assignment]
            save(load_article(path), {"title": "Never"})
        finally:
            os._exit(3)
    os.close(ready_w)
    assert os.read(ready_r, 1) == b"x"
    os.close(ready_r)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return sorted(p for p in path.parent.iterdir() if p.name.endswith(".newsdesk-tmp"))


def test_a_later_save_removes_the_temp_file_of_a_killed_writer(tmp_path: Path) -> None:
    """Issue 25.6: a writer killed between writing its temporary file and the rename leaves it;
    the next save in the folder removes it once it is older than a minute, and keeps a fresh one
    (its writer could still be alive on a file system without flock) and every backup copy."""
    path = tmp_path / "a.md"
    path.write_text(TEXT)
    left = _killed_mid_save(path)
    assert len(left) == 1 and path.read_text() == TEXT
    old = time.time() - disk.STALE_TMP_AGE - 5
    os.utime(left[0], (old, old))
    fresh = tmp_path / ".b.md.0badf00d.newsdesk-tmp"
    fresh.write_text("a writer's, just now")
    backup = tmp_path / ".c.md.00c0ffee.newsdesk-backup"
    backup.write_text("the only copy of c.md")
    os.utime(backup, (old, old))
    save(load_article(path), {"title": "New"})
    assert not left[0].exists()
    assert fresh.exists() and backup.exists()
    assert load_article(path).metadata["title"] == "New"


def test_stale_temp_files_are_removed_only_under_the_folder_lock(tmp_path: Path) -> None:
    """Only a writer holding the folder's lock may judge a temporary file to be stale."""
    path = tmp_path / "a.md"
    path.write_text(TEXT)
    stale = tmp_path / ".a.md.12345678.newsdesk-tmp"
    stale.write_text("x")
    old = time.time() - disk.STALE_TMP_AGE - 5
    os.utime(stale, (old, old))
    calls: list[Path] = []
    real = disk.remove_stale_temp_files

    def spy(folder: Path, **kwargs: Any) -> list[str]:
        calls.append(folder)
        assert _locked_by_someone(folder)  # called under the folder lock
        return real(folder, **kwargs)

    import unittest.mock

    with unittest.mock.patch.object(disk, "remove_stale_temp_files", spy):
        create(tmp_path / "n.md", {"title": "T"}, "Body\n", "yaml")
    assert calls == [tmp_path] and not stale.exists()
