"""Golden test: opening the form and saving it untouched writes nothing, on every bundled article
and every real-world one (../shared/realworld, when present)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.schema import schema_for
from newsdesk.ui.screens.edit import EditScreen

from .conftest import make_app, wait_until

REPO = Path(__file__).resolve().parents[2]
REALWORLD = REPO.parent / "shared" / "realworld"


async def _untouched_saves_write_nothing(folder: Path, every: int = 1) -> int:
    paths = sorted(p for p in folder.rglob("*.md") if p.name != "README.md")[::every]
    app = make_app(folder)
    checked = 0
    async with app.run_test(size=(120, 40)) as pilot:
        for path in paths:
            before = path.read_bytes()
            mtime = os.stat(path).st_mtime_ns
            screen = EditScreen(load_article(path), schema_for(path), rel=path.name)
            await app.push_screen(screen)
            await wait_until(pilot, lambda s=screen: s.form_ready)
            assert not screen.is_dirty(), f"{path.name}: an untouched form differs from the file"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert path.read_bytes() == before and os.stat(path).st_mtime_ns == mtime, path.name
            screen._leaving = True
            app.pop_screen()
            await pilot.pause()
            checked += 1
    return checked


async def test_bundled_articles(sample_folder: Path) -> None:
    # Every bundled article (other issues add some: counted, not a fixed number).
    assert await _untouched_saves_write_nothing(sample_folder) == len(list(sample_folder.glob("*.md")))


async def test_realworld_articles(tmp_path: Path) -> None:
    if not REALWORLD.is_dir():
        pytest.skip("../shared/realworld is not present in this checkout")
    target = tmp_path / "realworld"
    shutil.copytree(REALWORLD, target)
    # Opening a form costs about a second on a loaded 2-core machine: the suite checks every 6th
    # file; NEWSDESK_FULL_GOLDEN=1 checks all 94 (done before each release of edit mode).
    every = 1 if os.environ.get("NEWSDESK_FULL_GOLDEN") else 6
    assert await _untouched_saves_write_nothing(target, every) >= 90 // every
