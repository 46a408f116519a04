"""Snapshots of the review queue and the diff view at 80x24 (and the sidebar's history at 120x36).

The clock is pinned (how long articles have waited) and the git history is made with fixed names
and dates, so the commit ids are the same on every run. Update with
``pytest tests/ui/test_review_snapshots.py --snapshot-update`` and look at the report first.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from textual.pilot import Pilot

from newsdesk.ui import review_render
from newsdesk.ui.screens.diff import DiffScreen
from newsdesk.ui.screens.queue import QueueScreen

from .conftest import make_app, ready, wait_until

FIXTURE = Path(__file__).parent / "fixtures" / "review"
NOW = dt.datetime(2024, 4, 10, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(review_render, "clock", lambda: NOW)


def test_review_queue_80x24(snap_compare: object) -> None:
    app = make_app(FIXTURE)

    async def run_before(pilot: Pilot[None]) -> None:
        await ready(pilot, pilot.app)  # type: ignore[arg-type]
        await pilot.press("R")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, QueueScreen))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)  # type: ignore[operator]


def test_history_in_the_sidebar_120x36(snap_compare: object) -> None:
    app = make_app(FIXTURE)

    async def run_before(pilot: Pilot[None]) -> None:
        await ready(pilot, pilot.app)  # type: ignore[arg-type]
        main = pilot.app.main_screen  # type: ignore[attr-defined]
        main.jump_to(FIXTURE / "2024-04-05-council-vote.md")
        await ready(pilot, pilot.app)  # type: ignore[arg-type]

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)  # type: ignore[operator]


def _git(folder: Path, *args: str, when: str) -> None:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Newsdesk Test",
        GIT_AUTHOR_EMAIL="test@example.org",
        GIT_COMMITTER_NAME="Newsdesk Test",
        GIT_COMMITTER_EMAIL="test@example.org",
        GIT_AUTHOR_DATE=when,
        GIT_COMMITTER_DATE=when,
    )
    subprocess.run(["git", *args], cwd=folder, check=True, env=env, capture_output=True)


def test_diff_view_80x24(snap_compare: object, tmp_path: Path) -> None:
    """Changes requested, then two commits by the author and an uncommitted change."""
    folder = tmp_path / "repo"
    folder.mkdir()
    path = folder / "council.md"
    original = (FIXTURE / "2024-04-05-council-vote.md").read_text()
    # The history as it was when the changes were requested (before the resubmission).
    sent_back = original.replace("  - {by: Bo Chen, at: 2024-04-08T11:15:00+02:00, verdict: submitted}\n", "")
    path.write_text(sent_back.replace("status: review", "status: draft"))
    _git(folder, "init", "-q", "-b", "main", when="2024-04-05T16:30:00+02:00")
    _git(folder, "add", "council.md", when="2024-04-06T10:00:00+02:00")
    _git(folder, "commit", "-qm", "changes requested", when="2024-04-06T10:00:00+02:00")
    body = (
        "The academic council approved four new degree programmes at its spring session: BEng "
        "Sustainable Energy Systems, BA Digital Media, MSc Health Data Science and a Graduate "
        "Certificate in Teaching."
    )
    path.write_text(
        path.read_text().replace(
            "The academic council approved four new degree programmes at its spring session.", body
        )
    )
    _git(folder, "commit", "-qam", "name the programmes", when="2024-04-07T09:00:00+02:00")
    path.write_text(path.read_text() + "\nThe first students start in September 2025.\n")
    _git(folder, "commit", "-qam", "when they start", when="2024-04-07T10:00:00+02:00")
    path.write_text(
        original.replace(
            "The academic council approved four new degree programmes at its spring session.", body
        )
        + "\nThe first students start in September 2025.\n"
    )
    shutil.copy(FIXTURE / "2024-04-01-welcome-week.md", folder / "welcome.md")
    app = make_app(folder)

    async def run_before(pilot: Pilot[None]) -> None:
        await ready(pilot, pilot.app)  # type: ignore[arg-type]
        main = pilot.app.main_screen  # type: ignore[attr-defined]
        main.jump_to(path)
        await ready(pilot, pilot.app)  # type: ignore[arg-type]
        await pilot.press("d")
        await wait_until(
            pilot, lambda: isinstance(pilot.app.screen, DiffScreen) and pilot.app.screen.changes is not None
        )
        await wait_until(pilot, lambda: len(pilot.app.screen.query_one("#diff").lines) > 3)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)  # type: ignore[operator]
