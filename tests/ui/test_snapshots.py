"""Snapshots of the main screen on a fixed folder (tests/ui/fixtures/newsroom).

Update with ``pytest tests/ui --snapshot-update`` and look at the SVG report before accepting.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from .conftest import make_app, ready

FIXTURE = Path(__file__).parent / "fixtures" / "newsroom"
SIZES = [(80, 24), (120, 36)]


async def _settle(pilot: Pilot[None]) -> None:
    await ready(pilot, pilot.app)  # type: ignore[arg-type]
    await pilot.pause()


def make_snapshot_app() -> object:
    # Load problems only: schema validation (developed separately) must not move the pixels.
    return make_app(FIXTURE, checker=lambda article: list(article.problems))


def after(*keys: str) -> Callable[[Pilot[None]], Coroutine[Any, Any, None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        if keys:
            await pilot.press(*keys)
            await _settle(pilot)
            view = pilot.app.main_screen.article_view  # type: ignore[attr-defined]
            if view.raw:
                while view.page.raw is None:
                    await pilot.pause(0.02)
                await pilot.pause()

    return run_before


def test_main_screen_80x24(snap_compare: object) -> None:
    app = make_snapshot_app()
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settle)  # type: ignore[operator]


def test_main_screen_120x36(snap_compare: object) -> None:
    app = make_snapshot_app()
    assert snap_compare(app, terminal_size=(120, 36), run_before=_settle)  # type: ignore[operator]


def test_main_screen_120x40(snap_compare: object) -> None:
    app = make_snapshot_app()
    assert snap_compare(app, terminal_size=(120, 40), run_before=_settle)  # type: ignore[operator]


def test_broken_article_120x40(snap_compare: object) -> None:
    app = make_snapshot_app()
    run_before = after("j", "j", "j", "j")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)  # type: ignore[operator]


def test_every_field_in_full_80x24(snap_compare: object) -> None:
    """Narrow: p shows the people with roles, organizations, links and other fields in the pane."""
    app = make_snapshot_app()
    assert snap_compare(app, terminal_size=(80, 24), run_before=after("p"))  # type: ignore[operator]


@pytest.mark.parametrize("size", SIZES)
def test_article_focused_at_the_end(snap_compare: object, size: tuple[int, int]) -> None:
    """enter G: the last line of the article on the pane's last row."""
    app = make_snapshot_app()
    assert snap_compare(app, terminal_size=size, run_before=after("enter", "G"))  # type: ignore[operator]


@pytest.mark.parametrize("size", SIZES)
def test_raw_view(snap_compare: object, size: tuple[int, int]) -> None:
    app = make_snapshot_app()
    assert snap_compare(app, terminal_size=size, run_before=after("r"))  # type: ignore[operator]


def test_filter_footer_80x24(snap_compare: object) -> None:
    app = make_snapshot_app()
    run_before = after("slash", "b", "u")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)  # type: ignore[operator]


def test_help_80x24(snap_compare: object) -> None:
    app = make_snapshot_app()
    run_before = after("question_mark")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)  # type: ignore[operator]


@pytest.mark.parametrize("size", SIZES)
def test_no_color(snap_compare: object, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR: the terminal's own colours; the cursor row in reverse."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_snapshot_app()
    assert snap_compare(app, terminal_size=size, run_before=_settle)  # type: ignore[operator]


@pytest.mark.parametrize("size", SIZES)
def test_no_color_article_focused(
    snap_compare: object, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR with the article pane focused: a heavy border, the list cursor underlined."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_snapshot_app()
    assert snap_compare(app, terminal_size=size, run_before=after("enter"))  # type: ignore[operator]
