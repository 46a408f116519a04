"""The app shows people given by reference (issue 20 §1) by their profiles: the Jekyll test site's
talks name presenters by slug (``presenter_slugs``), whose profiles give name and company."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from newsdesk.cli import main
from newsdesk.ui.app import NewsdeskApp

from .conftest import make_app, ready

SITE = Path(__file__).parents[1] / "sites" / "jekyll-conference"
#: Closing Panel: The Next Ten Years, in the list's order (12 talks, none dated).
CLOSING_PANEL = 10


def _talks_app(tmp_path: Path) -> NewsdeskApp:
    site = tmp_path / "jekyll-conference"
    shutil.copytree(SITE, site)
    assert main(["init", "--detect", str(site)]) == 0
    # Load problems only, as the other snapshots: validation must not move the pixels.
    return make_app(site / "_talks", checker=lambda article: list(article.problems))


def _text(app: NewsdeskApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def _to_panel(pilot: Pilot[None], wide: bool) -> None:
    app: NewsdeskApp = pilot.app  # type: ignore[assignment]
    await ready(pilot, app)
    await pilot.press(*["j"] * CLOSING_PANEL)
    await ready(pilot, app)
    if not wide:
        await pilot.press("p")  # the sidebars in full
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_speakers_by_their_profiles(tmp_path: Path, size: tuple[int, int]) -> None:
    app = _talks_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await _to_panel(pilot, size[0] > 100)
        text = _text(app)
        assert "Speakers (3)" in text
        flat = " ".join(text.replace("▏", " ").split())  # a narrow sidebar wraps a line
        for name, company in (
            ("Amara Okafor", "City of"),
            ("Jane Doe", "Acme"),
            ("Oliver Grant", "Northwind"),
        ):
            assert f"• {name} — {company}" in flat
        assert "jane-doe" not in text  # the slug adds nothing when it names a profile
        # the file keeps its slugs: what is shown is a copy
        shown = app.main_screen.article_view.shown  # type: ignore[union-attr]
        assert shown.article.metadata["presenter_slugs"] == ["amara-okafor", "jane-doe", "oliver-grant"]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_speakers_sidebar_snapshot(snap_compare: object, tmp_path: Path, size: tuple[int, int]) -> None:
    app = _talks_app(tmp_path)

    async def run_before(pilot: Pilot[None]) -> None:
        await _to_panel(pilot, size[0] > 100)

    assert snap_compare(app, terminal_size=size, run_before=run_before)  # type: ignore[operator]


async def _to_compact(pilot: Pilot[None]) -> None:
    """The narrow reader as it opens (no ``p``): one line per list of people."""
    app: NewsdeskApp = pilot.app  # type: ignore[assignment]
    await ready(pilot, app)
    await pilot.press(*["j"] * CLOSING_PANEL)
    await ready(pilot, app)
    await pilot.pause()


async def test_compact_line_gives_the_organizations_at_80x24(tmp_path: Path) -> None:
    app = _talks_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_compact(pilot)
        pane = app.main_screen.article_view  # type: ignore[union-attr]
        text = "\n".join(strip.text for strip in pane.lines)
        flat = " ".join(text.split())  # the line wraps under the names
        assert (
            "Speakers (3) Amara Okafor (City of Riverton), Jane Doe (Acme Analytics), "
            "Oliver Grant (Northwind Labs)"
        ) in flat
        assert "jane-doe" not in text


def test_speakers_compact_snapshot(snap_compare: object, tmp_path: Path) -> None:
    app = _talks_app(tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_to_compact)  # type: ignore[operator]
