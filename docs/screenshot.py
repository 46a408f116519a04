"""Make docs/screenshot.svg again: the app on the bundled `articles/` at 100x30, headless.

    python docs/screenshot.py [OUT.svg]

Runs `NewsdeskApp` with Textual's `App.run_test` (no terminal needed), waits until the folder is
listed and the newest article is on screen, and writes `App.save_screenshot`'s SVG. The user's
configuration, cache and recovery journal are not touched: they go to a temporary folder.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (100, 30)
TIMEOUT = 30.0


async def shoot(out: Path, folder: Path) -> Path:
    from newsdesk.ui.app import NewsdeskApp

    with tempfile.TemporaryDirectory() as tmp:
        app = NewsdeskApp(
            folder, config_dir=Path(tmp) / "config", cache_dir=Path(tmp) / "cache", poll_interval=0
        )
        async with app.run_test(size=SIZE) as pilot:
            screen = app.main_screen
            assert screen is not None

            def ready() -> bool:
                current = screen.article_list.current
                shown = screen.article_view.shown
                return (
                    not screen.scanning
                    and current is not None
                    and shown is not None
                    and shown.path == current.path
                )

            start = time.monotonic()
            while not ready():
                if time.monotonic() - start > TIMEOUT:
                    raise SystemExit(f"screenshot: {folder} was not on screen after {TIMEOUT:.0f} s")
                await pilot.pause(0.05)
            await pilot.pause()
            out.parent.mkdir(parents=True, exist_ok=True)
            return Path(app.save_screenshot(filename=out.name, path=str(out.parent)))


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshot.svg"
    # The screenshot is the same whoever runs it: colours on, a state folder of its own.
    os.environ.pop("NO_COLOR", None)
    os.environ["TERM"] = "xterm-256color"
    with tempfile.TemporaryDirectory() as state:
        os.environ["XDG_STATE_HOME"] = state
        written = asyncio.run(shoot(out, ROOT / "articles"))
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
