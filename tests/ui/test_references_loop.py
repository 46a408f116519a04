"""Showing articles whose schema has references does not look at every profile again each time
(issue 23 item 6): the reader resolves slugs on the app's loop, from the profiles the last pass
(the folder's scan, a refresh) looked at. (It listed and ``stat``-ed every profile at the first
article shown after each refresh.)"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.ui.app import NewsdeskApp

from .conftest import make_app, ready, wait_until

SITE = Path(__file__).parents[1] / "sites" / "jekyll-conference"


def _talks_app(tmp_path: Path) -> tuple[NewsdeskApp, Path]:
    site = tmp_path / "jekyll-conference"
    shutil.copytree(SITE, site)
    assert main(["init", "--detect", str(site)]) == 0
    return make_app(site / "_talks", checker=lambda article: list(article.problems)), site


async def test_showing_two_articles_in_a_row_lists_no_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, site = _talks_app(tmp_path)
    presenters = str(site / "_presenters")
    looked: list[str] = []
    real_stat, real_scandir = os.stat, os.scandir

    def counting_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).startswith(presenters):
            looked.append(f"stat {path}")
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    def counting_scandir(path: object = ".") -> object:
        if str(path).startswith(presenters):
            looked.append(f"scandir {path}")
        return real_scandir(path)  # type: ignore[arg-type]

    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("j")
        await ready(pilot, app)
        # A walk of the folder for changes (the fallback when no watcher runs; nothing changed):
        # the profiles are looked at again, in that pass, not by the reader.
        screen = app.main_screen
        assert screen is not None
        screen.refresh_from_disk()
        await wait_until(pilot, lambda: not screen.refreshing)
        monkeypatch.setattr(os, "stat", counting_stat)
        monkeypatch.setattr(os, "scandir", counting_scandir)
        for _ in range(2):  # two articles naming presenters, one after the other
            await pilot.press("j")
            await ready(pilot, app)
        monkeypatch.undo()
        shown = app.main_screen.article_view.shown  # type: ignore[union-attr]
        assert shown is not None and shown.article.metadata.get("presenter_slugs")
    assert looked == []
