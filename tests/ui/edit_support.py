"""Helpers for the edit-mode Pilot tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from newsdesk.ui.app import NewsdeskApp
from newsdesk.ui.screens.edit import EditScreen

from .conftest import ready, wait_until


async def open_edit(pilot: Pilot[Any], app: NewsdeskApp, path: Path) -> EditScreen:
    """From the reader: put the cursor on ``path`` and press e."""
    await ready(pilot, app)
    main = app.main_screen
    assert main is not None
    main.jump_to(path)
    await pilot.pause()
    await pilot.press("e")
    await wait_until(pilot, lambda: any(isinstance(s, EditScreen) and s.form_ready for s in app.screen_stack))
    await pilot.pause()
    screen = next(s for s in app.screen_stack if isinstance(s, EditScreen))
    return screen


def screen_text(app: NewsdeskApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new), (old, new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]
