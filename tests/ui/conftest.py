"""Helpers for the UI tests: a tmp config dir, article folders written by the test, waiting."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newsdesk.ui.app import NewsdeskApp


@pytest.fixture(autouse=True)
def _config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real ~/.config: the theme file goes under tmp_path."""
    home = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.delenv("NO_COLOR", raising=False)
    # The app draws without colour on a mono terminal (TERM=dumb, vt100): tests must not
    # depend on the TERM they are run under (CI's may be dumb or unset).
    monkeypatch.setenv("TERM", "xterm-256color")
    return home


def article(
    title: str,
    date: str = "2024-01-01",
    status: str = "draft",
    byline: str = "A. Writer",
    body: str = "Body text.",
    extra: str = "",
) -> str:
    import json

    return (
        f"---\ntitle: {json.dumps(title)}\ndate: {date}\nstatus: {status}\nbyline: {json.dumps(byline)}\n"
        f"{extra}---\n\n{body}\n"
    )


def write_folder(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_folder(
        tmp_path / "articles",
        {
            "a.md": article(
                "Alpha budget",
                "2024-03-01",
                "published",
                "Ana",
                "The budget passed.",
                "tags: [finance]\nattendees:\n  - name: Zed Person\n    role: Dean\n",
            ),
            "b.md": article("Bravo library", "2024-02-01", "draft", "Ben", "Library hours.\n\nzebrafish"),
            "c.md": article("Charlie lecture", "2024-01-01", "review", "Cat", "A lecture."),
            "d.md": article("Delta awards", "2023-12-01", "approved", "Dan", "Awards."),
            "e.md": "---\ntitle: Echo broken\nstatus: [draft\n---\nbody\n",
        },
    )


def make_app(folder: Path, **kwargs: object) -> NewsdeskApp:
    options: dict[str, object] = {"poll_interval": 0, "settle": 0, "debounce": 0}
    options.update(kwargs)
    return NewsdeskApp(folder, **options)  # type: ignore[arg-type]


async def wait_until(pilot: object, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until ``predicate()`` holds (fails the test after ``timeout`` s)."""
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.01)  # type: ignore[attr-defined]
    await asyncio.sleep(0)


async def ready(pilot: object, app: NewsdeskApp) -> None:
    """Wait until the folder is listed and the highlighted article is on display."""
    screen = app.main_screen
    assert screen is not None
    await wait_until(pilot, lambda: not screen.scanning)
    # The index cache is written just after the list is complete: a test that opens the app
    # again (or reads the cache) finds it written.
    await wait_until(pilot, screen.cache_saved.is_set)

    def shown() -> bool:
        cur = screen.article_list.current
        view = screen.article_view
        return cur is None or (view.shown is not None and view.shown.path == cur.path)

    await wait_until(pilot, shown)
    await pilot.pause()  # type: ignore[attr-defined]
