"""``newsdesk FOLDER`` starts with the garbage collector off (`newsdesk.cli.app_cmd.start_up`):
the app turns it on again once the folder is listed, or once the folder is found gone, so a long
session never runs without it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.cli.app_cmd import start_up
from newsdesk.core.rules.schema import schema_for

from .conftest import article, make_app, ready, wait_until, write_folder


@pytest.fixture
def collector_restored() -> Iterator[None]:
    try:
        yield
    finally:
        gc.enable()


async def test_the_collector_is_on_once_the_folder_is_listed(
    tmp_path: Path, collector_restored: None
) -> None:
    folder = write_folder(tmp_path / "desk", {"a.md": article("Alpha"), "b.md": article("Bravo")})
    schema = schema_for(folder)
    pool = start_up(folder, schema)
    try:
        assert not gc.isenabled()
        app = make_app(folder, schema=schema, scan_pool=pool, cache_dir=tmp_path / "cache")
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot, app)
            assert gc.isenabled()
    finally:
        if pool is not None:
            pool.close()


async def test_the_collector_is_on_once_the_folder_is_gone(tmp_path: Path, collector_restored: None) -> None:
    folder = write_folder(tmp_path / "desk", {"a.md": article("Alpha")})
    app = make_app(folder, poll_interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        await wait_until(pilot, screen.watcher.ready.is_set)  # type: ignore[union-attr]
        gc.disable()  # as if the first scan had not ended yet
        folder.rename(tmp_path / "elsewhere")
        await wait_until(pilot, lambda: screen.folder_gone)
        assert gc.isenabled()


async def test_the_collector_is_on_after_a_while_even_while_the_folder_is_read(
    tmp_path: Path, collector_restored: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that takes long to read (here: never finishes) gets the collector back after
    `COLLECTOR_OFF_AT_MOST` seconds."""
    import newsdesk.ui.screens.main as main_screen

    folder = write_folder(tmp_path / "desk", {"a.md": article("Alpha")})
    monkeypatch.setattr(main_screen, "COLLECTOR_OFF_AT_MOST", 0.2)
    monkeypatch.setattr(main_screen.MainScreen, "_scan", lambda self: None)  # the read never ends
    gc.disable()
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        assert screen is not None and screen.scanning
        await wait_until(pilot, gc.isenabled, timeout=5)
        assert screen.scanning
