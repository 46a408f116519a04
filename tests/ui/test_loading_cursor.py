"""While the folder is being listed, the article pane never shows another article than the
cursor row's (issue 23 item 3): rows arriving in batches move the cursor's row (a newer article
sorts above the one shown), and the pane used to keep the old article until the scan ended."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from tests.ui.conftest import article, make_app, wait_until, write_folder

from newsdesk.core.folder.index import Entry, FolderIndex
from newsdesk.ui.screens.main import MainScreen


@pytest.mark.asyncio
async def test_article_pane_follows_the_cursor_row_while_rows_arrive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Walked in name order: two old articles first, then a newer one (it sorts to the top and
    # takes the cursor's row), then one more the scan is held on, so the list stays loading.
    folder = write_folder(
        tmp_path / "articles",
        {
            "a1.md": article("Old one", "2020-01-02"),
            "a2.md": article("Old two", "2020-01-01"),
            "b.md": article("Newer", "2024-05-01"),
            "c.md": article("Oldest", "2019-01-01"),
        },
    )
    release_b, release_c = threading.Event(), threading.Event()
    load_entry = FolderIndex.load_entry

    def gated(self: FolderIndex, path: Path) -> Entry:
        if path.name == "a2.md":
            time.sleep(0.1)  # the scan sends a batch once 0.05 s have passed: a1 and a2 go up
        elif path.name == "b.md":
            release_b.wait(10)
            time.sleep(0.3)  # past the 0.25 s between later batches: b goes up on its own
        elif path.name == "c.md":
            release_c.wait(10)
        return load_entry(self, path)

    monkeypatch.setattr(FolderIndex, "load_entry", gated)
    app = make_app(folder)
    # Every frame drawn: the article on display and the cursor's row at that moment.
    frames: list[tuple[str | None, str | None]] = []
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            screen = app.main_screen
            assert screen is not None
            display = app._display

            def stamped(target_screen, renderable):  # type: ignore[no-untyped-def]
                display(target_screen, renderable)
                shown, current = screen.article_view.shown, screen.article_list.current
                frames.append((shown and shown.path.name, current and current.path.name))

            app._display = stamped  # type: ignore[method-assign]
            view, lst = screen.article_view, screen.article_list
            # The first rows (a1, a2) are listed and a1, the top one, is on display.
            await wait_until(pilot, lambda: view.shown is not None and view.shown.path.name == "a1.md")
            assert screen.scanning
            release_b.set()  # b arrives in a batch of its own and sorts above a1
            await wait_until(pilot, lambda: lst.current is not None and lst.current.path.name == "b.md")
            # Still loading (c is held): the pane shows b, the cursor's row, or nothing yet.
            await wait_until(pilot, lambda: view.shown is not None and view.shown.path.name == "b.md")
            assert screen.scanning
            release_c.set()
            await wait_until(pilot, lambda: not screen.scanning)
            await pilot.pause()
    finally:
        release_b.set()
        release_c.set()
    wrong = [(shown, current) for shown, current in frames if shown is not None and shown != current]
    assert not wrong, f"frames showing another article than the cursor row's: {wrong[:5]}"
    assert ("b.md", "b.md") in frames


@pytest.mark.asyncio
async def test_the_scan_thread_does_not_wait_for_the_loop_between_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 23: each batch was handed to the loop with `call_from_thread`, which waits until the
    loop has run it (20-40 ms per batch on the site shape while a frame was drawn), and the
    scan thread read nothing meanwhile. Now the rows are handed over without waiting; only the
    scan's end waits (the index cache is written after the list is complete)."""
    names = [f"a{n:02d}.md" for n in range(6)]
    folder = write_folder(
        tmp_path / "articles",
        {name: article(f"T {name}", f"2020-01-{n + 1:02d}") for n, name in enumerate(names)},
    )
    load_entry = FolderIndex.load_entry

    def slow(self: FolderIndex, path: Path) -> Entry:
        time.sleep(0.07)  # past the 0.05 s between the first batches: several batches
        return load_entry(self, path)

    monkeypatch.setattr(FolderIndex, "load_entry", slow)
    # Which thread reads the folder, and each time it waits for the loop.
    scan_thread: list[int] = []
    waits: list[str] = []
    read_folder = MainScreen._read_folder

    def reading(self: MainScreen) -> None:
        scan_thread.append(threading.get_ident())
        read_folder(self)

    from_worker = MainScreen.from_worker

    def waiting(self: MainScreen, callback, *args):  # type: ignore[no-untyped-def]
        if threading.get_ident() in scan_thread:
            waits.append(callback.__name__)
        from_worker(self, callback, *args)

    monkeypatch.setattr(MainScreen, "_read_folder", reading)
    monkeypatch.setattr(MainScreen, "from_worker", waiting)
    app = make_app(folder)
    batches: list[int] = []
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        assert screen is not None
        add_batch = screen._add_batch

        def counted(batch: list[Entry], done: int, total: int) -> None:
            batches.append(len(batch))
            add_batch(batch, done, total)

        screen._add_batch = counted  # type: ignore[method-assign]
        await wait_until(pilot, lambda: not screen.scanning, timeout=10)
        await pilot.pause()
        assert len(screen.model.entries) == len(names)
    assert len(batches) >= 2  # rows still go up in batches while the folder is read
    assert waits == ["_scan_done"]  # the end of the scan only


@pytest.mark.asyncio
async def test_the_folder_is_read_from_the_screens_mount_not_after_its_first_frames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scan starts as the screen mounts: waiting for a refresh first put 50 ms between the
    first frame and the scan, and the worker's thread 40 ms more, before a one-article folder
    was listed (367 -> 281 ms to the list in `bench_ui.py --issue13`; the first frame as soon)."""
    from newsdesk.ui.screens.reading.listing import FolderListing

    folder = write_folder(tmp_path / "articles", {"a.md": article("Only one")})
    app = make_app(folder)
    frames: list[int] = []
    display = app._display

    def counted(target_screen, renderable):  # type: ignore[no-untyped-def]
        display(target_screen, renderable)
        frames.append(1)

    app._display = counted  # type: ignore[method-assign]
    frames_at_scan: list[int] = []
    scan = FolderListing.scan

    def noted(self: FolderListing, read):  # type: ignore[no-untyped-def]
        frames_at_scan.append(len(frames))
        scan(self, read)

    monkeypatch.setattr(FolderListing, "scan", noted)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        assert screen is not None
        await wait_until(pilot, lambda: not screen.scanning)
        assert [r.title for r in screen.article_list.rows] == ["Only one"]
    assert frames_at_scan == [0] and frames
