"""Snapshots of the main screen on a fixed folder (tests/ui/fixtures/newsroom).

Update with ``pytest tests/ui --snapshot-update`` and look at the SVG report before accepting.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from .conftest import make_app, ready

FIXTURE = Path(__file__).parent / "fixtures" / "newsroom"


async def _settle(pilot: Pilot[None]) -> None:
    await ready(pilot, pilot.app)  # type: ignore[arg-type]
    await pilot.pause()


def make_snapshot_app() -> object:
    # Load problems only: schema validation (developed separately) must not move the pixels.
    return make_app(FIXTURE, checker=lambda article: list(article.problems))


def test_main_screen_80x24(snap_compare: object) -> None:
    app = make_snapshot_app()
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settle)  # type: ignore[operator]


def test_main_screen_120x40(snap_compare: object) -> None:
    app = make_snapshot_app()
    assert snap_compare(app, terminal_size=(120, 40), run_before=_settle)  # type: ignore[operator]


def test_broken_article_120x40(snap_compare: object) -> None:
    app = make_snapshot_app()

    async def run_before(pilot: Pilot[None]) -> None:
        await _settle(pilot)
        await pilot.press("j", "j", "j", "j")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)  # type: ignore[operator]
