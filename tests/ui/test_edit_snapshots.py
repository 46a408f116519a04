"""Snapshots of edit mode at 80x24 and 120x40 (update with --snapshot-update; look at the report)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from newsdesk.ui.screens.edit import EditScreen
from newsdesk.ui.widgets.body_editor import BodyEditor

from .conftest import make_app, ready, wait_until

FIXTURE = Path(__file__).parent / "fixtures" / "newsroom"


def _app() -> object:
    return make_app(FIXTURE, checker=lambda article: list(article.problems))


async def _edit(pilot: Pilot[None], name: str) -> None:
    app = pilot.app
    await ready(pilot, app)  # type: ignore[arg-type]
    main = app.main_screen  # type: ignore[attr-defined]
    main.jump_to(FIXTURE / name)
    await pilot.pause()
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(app.screen, EditScreen) and app.screen.form_ready)
    screen = app.screen
    assert isinstance(screen, EditScreen)
    if screen.mode == "form":
        body = screen.query_one("#body", BodyEditor)
        await wait_until(pilot, lambda: body.language == "markdown" or not body.highlighting)
    await pilot.pause(0.2)


def test_edit_form_80x24(snap_compare: object) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _edit(pilot, "2024-03-02-council-budget.md")

    assert snap_compare(_app(), terminal_size=(80, 24), run_before=run_before)  # type: ignore[operator]


def test_edit_form_120x40(snap_compare: object) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _edit(pilot, "2024-03-02-council-budget.md")

    assert snap_compare(_app(), terminal_size=(120, 40), run_before=run_before)  # type: ignore[operator]


def test_edit_refused_save_120x40(snap_compare: object) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _edit(pilot, "2024-03-02-council-budget.md")
        await pilot.press("ctrl+u", "ctrl+s")
        screen = pilot.app.screen
        assert isinstance(screen, EditScreen)
        await wait_until(pilot, lambda: screen.controls["title"].has_class("-invalid"))
        await wait_until(pilot, lambda: "Not saved" in str(screen.query_one("#edit-message").render()))
        await pilot.pause(0.3)

    assert snap_compare(_app(), terminal_size=(120, 40), run_before=run_before)  # type: ignore[operator]


def test_edit_broken_file_raw_80x24(snap_compare: object) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _edit(pilot, "2023-12-01-broken.md")

    assert snap_compare(_app(), terminal_size=(80, 24), run_before=run_before)  # type: ignore[operator]
