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
