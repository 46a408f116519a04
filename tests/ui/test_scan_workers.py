"""The app's folder scan in worker processes (core/folder/scanpool.py): the same list, nothing missed,
and the real command leaves no process behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.ui.conftest import article, make_app, ready, wait_until, write_folder
from tests.ui.ptyrun import PtyApp, app_env

from newsdesk.core.folder.index import cache_file_for, cache_tag
from newsdesk.core.folder.scanpool import ScanPool
from newsdesk.core.rules.schema import schema_for


def _site(root: Path, count: int = 150) -> Path:
    # Drafts: with articles in review, the list's header shows the place in the review queue.
    files = {
        f"a{i:03d}.md": article(f"Title {i}", f"2024-01-{i % 28 + 1:02d}", "draft") for i in range(count)
    }
    files["broken.md"] = "---\ntitle: [x\n---\n"
    write_folder(root, files)
    (root / "news").mkdir()
    (root / "news" / "newsdesk.toml").write_text(
        '[articles.roles]\ntitle = "headline"\nstatus = "draft"\n[fields.headline]\n[fields.draft]\ntype = "boolean"\n'
    )
    (root / "news" / "n.md").write_text("---\nheadline: News headline\ndraft: true\n---\n")
    return root


async def _listed(folder: Path, tmp: Path, pool: ScanPool | None, **options: object) -> dict[Path, object]:
    app = make_app(
        folder, schema=pool.schema if pool else schema_for(folder), scan_pool=pool, cache_dir=tmp, **options
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        await wait_until(pilot, lambda: not screen.refreshing)
        assert app.scan_pool is pool
        statuses = screen.model.statuses
        entries = dict(screen.model.entries)
        return {"entries": entries, "statuses": statuses}  # type: ignore[dict-item]


async def test_the_workers_list_what_the_app_lists(tmp_path: Path) -> None:
    folder = _site(tmp_path / "site")
    pool = ScanPool(folder, schema_for(folder), 2)
    try:
        with_workers = await _listed(folder, tmp_path / "c1", pool)
    finally:
        pool.close()
    without = await _listed(folder, tmp_path / "c2", None)
    assert with_workers == without
    assert len(without["entries"]) == 152  # type: ignore[arg-type]
    assert without["statuses"] == ("draft", "review", "approved", "published")


async def test_reopening_with_the_cache_through_the_workers(tmp_path: Path) -> None:
    folder = _site(tmp_path / "site", 40)
    cache = tmp_path / "cache"
    first = await _listed(folder, cache, None)
    (folder / "a001.md").write_text(article("Changed since", "2024-02-02"))
    pool = ScanPool(folder, schema_for(folder), 2)
    try:
        pool.scan(cache_file_for(folder, cache), cache_tag(pool.schema))
        again = await _listed(folder, cache, pool)
    finally:
        pool.close()
    entries = again["entries"]
    assert entries[folder / "a001.md"].title == "Changed since"  # type: ignore[index]
    assert set(entries) == set(first["entries"])  # type: ignore[arg-type]


async def test_reopening_an_unchanged_folder_does_not_write_the_cache_again(tmp_path: Path) -> None:
    """Every entry from the cache, none left over: the same rows are not written again (with
    the workers and without); a changed file, or one gone, and the cache is saved."""
    folder = _site(tmp_path / "site", 40)
    cache = tmp_path / "cache"
    await _listed(folder, cache, None)
    cache_file = cache_file_for(folder, cache)

    def written() -> tuple[int, int]:
        st = cache_file.stat()
        return st.st_ino, st.st_mtime_ns  # the atomic save replaces the file: a new inode

    before = written()
    for use_pool in (True, False):
        pool = ScanPool(folder, schema_for(folder), 2) if use_pool else None
        try:
            if pool is not None:
                pool.scan(cache_file, cache_tag(pool.schema))
            await _listed(folder, cache, pool)
        finally:
            if pool is not None:
                pool.close()
        assert written() == before
    (folder / "a002.md").write_text(article("Changed", "2024-02-02"))
    await _listed(folder, cache, None)
    assert written() != before
    before = written()
    (folder / "a003.md").unlink()
    pool = ScanPool(folder, schema_for(folder), 2)
    try:
        pool.scan(cache_file, cache_tag(pool.schema))
        await _listed(folder, cache, pool)
    finally:
        pool.close()
    assert written() != before


async def test_a_change_before_the_folder_was_watched_is_not_missed(tmp_path: Path) -> None:
    """The first scan is read while the app starts, before it watches the folder: it looks again."""
    folder = _site(tmp_path / "site", 30)
    pool = ScanPool(folder, schema_for(folder), 2)
    try:
        pool.scan(cache_file_for(folder, tmp_path / "cache"), cache_tag(pool.schema))
        time.sleep(0.5)  # the workers have read the folder
        (folder / "a005.md").write_text(article("Edited while the app started", "2024-03-03"))
        (folder / "a006.md").unlink()
        (folder / "zz-new.md").write_text(article("Added while the app started"))
        app = make_app(
            folder, schema=pool.schema, scan_pool=pool, cache_dir=tmp_path / "cache", poll_interval=2.0
        )
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            screen = app.main_screen
            assert screen is not None

            def caught_up() -> bool:
                entries = screen.model.entries
                a5 = entries.get(folder / "a005.md")
                return (
                    a5 is not None
                    and a5.title == "Edited while the app started"
                    and folder / "a006.md" not in entries
                    and folder / "zz-new.md" in entries
                )

            await wait_until(pilot, caught_up, timeout=15)
    finally:
        pool.close()


async def test_no_workers_for_a_custom_checker(tmp_path: Path) -> None:
    folder = _site(tmp_path / "site", 5)
    pool = ScanPool(folder, schema_for(folder), 2)
    try:
        app = make_app(folder, schema=pool.schema, scan_pool=pool, checker=lambda article: [])
        assert app.scan_pool is None
        other = make_app(folder, schema=schema_for(folder), scan_pool=pool)
        assert other.scan_pool is None  # not the schema the workers were started with
    finally:
        pool.close()


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def test_the_command_reads_with_workers_and_leaves_none_behind(tmp_path: Path) -> None:
    folder = _site(tmp_path / "site", 120)
    app = PtyApp([str(folder)], 120, 36, app_env(tmp_path))
    try:
        app.read(0.5, 10)
        deadline = time.monotonic() + 20
        while b" of 122" not in app.output and time.monotonic() < deadline:
            app.read(0.2, 1)
        assert b" of 122" in app.output
        workers = _children(app.pid)
        if len(os.sched_getaffinity(0)) >= 2:
            assert len(workers) >= 2  # the scan workers (one per core)
        app.send("q")
        assert app.wait() == 0
    finally:
        app.close()
    time.sleep(0.2)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    assert b"Traceback" not in app.output


async def test_the_review_queue_looks_up_one_schema_per_key_not_per_folder(tmp_path: Path) -> None:
    """Issue 23: the review queue (worked out again for every batch of rows while the folder is
    read) asked each folder's schema, which on a site is a ``stat`` per folder on the loop: the
    workers' rows name their schema key, so it asks one article per key."""
    folder = tmp_path / "site"
    for i in range(40):
        write_folder(folder / f"s{i:02d}", {"a.md": article(f"Title {i}", "2024-01-02", "review")})
    pool = ScanPool(folder, schema_for(folder), 2)
    try:
        app = make_app(folder, schema=pool.schema, scan_pool=pool, cache_dir=tmp_path / "cache")
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            screen = app.main_screen
            assert screen is not None
            await wait_until(pilot, lambda: not screen.refreshing)
            expected = list(screen.review_queue)
            asked: list[Path] = []
            real = app.schema_for

            def counting(path: Path):  # type: ignore[no-untyped-def]
                asked.append(path)
                return real(path)

            app.schema_for = counting  # type: ignore[method-assign]
            screen.update_queue()
            assert len(expected) == 40 and screen.review_queue == expected
            assert len(asked) == 1, asked  # one key (the folder's schema), 40 folders
    finally:
        pool.close()
