"""Edit mode's speed and bytes (issue 10), on the longest bundled article.

Headless (Textual's headless driver, 120x36), as benchmarks/bench_ui.py measures:

* ``e`` -> the form on screen: from the key until the first frame of the edit screen has been
  composed and turned into terminal output (the first fields and the body; the fields below them,
  the people lists, are mounted right after), and until every field is drawn;
* a keystroke in the body (2,990 words) echoed: from the key until the frame showing it;
* ``ctrl+s``: on an unchanged form (must write nothing: the file's mtime is checked), and with one
  field changed (until the file is written, the check and fsync included);
* Markdown highlighting: the cost of one insert in a TextArea with and without it, by document
  size (what `HIGHLIGHT_MAX_LINES` in ui/widgets/body_editor.py is based on).

Through a pty (as benchmarks/bench_bytes.py, TERM=xterm-256color, 120x36): the bytes the app
writes for one character typed in a field and in the body.

Goals: ``e`` under 150 ms median; a body keystroke under 30 ms; ``ctrl+s`` unchanged writes nothing,
one field under 50 ms; one character at most 400 bytes.

    python benchmarks/bench_edit.py [--rounds N] [--skip-bytes]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE.parent / "articles"
LONGEST = "2023-10-27-digital-humanities-conference.md"


async def wait_for(predicate, timeout: float = 30.0, step: float = 0.001) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("condition not met")
        await asyncio.sleep(step)
    return time.perf_counter() - start


async def headless(folder: Path, rounds: int) -> dict[str, float]:
    from newsdesk.ui.app import NewsdeskApp
    from newsdesk.ui.screens.edit import EditScreen
    from newsdesk.ui.widgets.body_editor import BodyEditor

    path = folder / LONGEST
    results: dict[str, float] = {}
    app = NewsdeskApp(folder, poll_interval=0, settle=0, debounce=0, cache_dir=folder.parent / "cache")
    async with app.run_test(size=(120, 36)) as pilot:
        main = app.main_screen
        assert main is not None
        await wait_for(lambda: not main.scanning)
        main.jump_to(path)
        await pilot.pause(0.5)

        frames: list[float] = []
        display = app._display

        def stamped(screen, renderable):  # type: ignore[no-untyped-def]
            display(screen, renderable)
            if renderable is not None and isinstance(app.screen, EditScreen):
                if hasattr(renderable, "render_segments"):
                    renderable.render_segments(app.console)  # what a real driver would write
                frames.append(time.perf_counter())

        app._display = stamped  # type: ignore[method-assign]
        opens = []
        for _ in range(rounds):
            await asyncio.sleep(0.3)
            frames.clear()
            start = time.perf_counter()
            await pilot.press("e")
            await wait_for(lambda: bool(frames))
            opens.append(frames[0] - start)
            await wait_for(lambda: isinstance(app.screen, EditScreen) and app.screen.form_ready)
            await pilot.pause(0.3)
            await pilot.press("escape")
            await wait_for(lambda: not isinstance(app.screen, EditScreen))
        results["e -> form on screen, median (ms)"] = statistics.median(opens) * 1000
        results["e -> form on screen, max (ms)"] = max(opens) * 1000
        # Without the frame stamping (it renders every frame twice): until the last field is mounted.
        app._display = display  # type: ignore[method-assign]
        whole = []
        for _ in range(rounds):
            await asyncio.sleep(0.3)
            start = time.perf_counter()
            await pilot.press("e")
            await wait_for(lambda: isinstance(app.screen, EditScreen) and app.screen.form_ready)
            whole.append(time.perf_counter() - start)
            await pilot.pause(0.3)
            await pilot.press("escape")
            await wait_for(lambda: not isinstance(app.screen, EditScreen))
        results["e -> every field mounted, median (ms)"] = statistics.median(whole) * 1000
        app._display = stamped  # type: ignore[method-assign]

        await pilot.press("e")
        await wait_for(lambda: isinstance(app.screen, EditScreen) and app.screen.form_ready)
        screen = app.screen
        assert isinstance(screen, EditScreen)
        body = screen.query_one("#body", BodyEditor)
        body.focus()
        await pilot.pause(0.5)
        results["body lines"] = body.document.line_count
        results["body highlighted (1 = yes)"] = 1.0 if body.language == "markdown" else 0.0
        keys = []
        for ch in "abcdefghijklmnopqrstuvwxyz" * max(1, rounds // 10):
            await asyncio.sleep(0.05)
            frames.clear()
            start = time.perf_counter()
            await pilot.press(ch)
            await wait_for(lambda: bool(frames))
            keys.append(frames[0] - start)
        results["body keystroke echoed, median (ms)"] = statistics.median(keys) * 1000
        results["body keystroke echoed, max (ms)"] = max(keys) * 1000
        app._display = display  # type: ignore[method-assign]

        # ctrl+s: first undo the typing so the form is unchanged.
        await screen.reload(screen.article)
        await pilot.pause(0.3)
        mtime = os.stat(path).st_mtime_ns
        start = time.perf_counter()
        screen.save()
        results["ctrl+s unchanged (ms)"] = (time.perf_counter() - start) * 1000
        results["ctrl+s unchanged wrote (1 = yes)"] = float(os.stat(path).st_mtime_ns != mtime)
        saves = []
        for i in range(rounds):
            control = screen.controls["location"]
            control.input.value = f"Hartley Building, room {i}"  # type: ignore[attr-defined]
            start = time.perf_counter()
            screen.save()
            saves.append(time.perf_counter() - start)
            assert f"room {i}" in path.read_text()
            await pilot.pause(0.05)
        results["ctrl+s one field changed, median (ms)"] = statistics.median(saves) * 1000
        results["ctrl+s one field changed, max (ms)"] = max(saves) * 1000
    return results


def highlighting(sizes: tuple[int, ...] = (200, 1000, 2000, 5000)) -> dict[str, float]:
    """One insert into a TextArea of N Markdown lines, with and without highlighting."""
    from textual.app import App
    from textual.widgets import TextArea

    paragraph = "Some *words* in a paragraph with a [link](https://example.org) and `code`."
    out: dict[str, float] = {}
    for n in sizes:
        text = "\n".join(f"## Heading {i}" if i % 10 == 0 else paragraph for i in range(n))
        for language in ("markdown", None):

            class One(App[None]):
                def compose(self, text: str = text, language: str | None = language):  # type: ignore[no-untyped-def]
                    yield TextArea(text, language=language)

            async def run(n: int = n, One: type[App[None]] = One) -> float:
                app = One()
                async with app.run_test(size=(120, 36)) as pilot:
                    area = app.query_one(TextArea)
                    area.focus()
                    await pilot.pause()
                    times = []
                    for i in range(15):
                        area.cursor_location = (n // 2, 3)
                        start = time.perf_counter()
                        area.insert("x")
                        times.append(time.perf_counter() - start)
                        if i % 5 == 4:
                            await pilot.pause()
                    return statistics.median(times)

            name = "markdown" if language else "plain"
            out[f"insert at {n:,} lines, {name} (ms)"] = asyncio.run(run()) * 1000
    return out


def pty_bytes(folder: Path) -> dict[str, float]:
    """Bytes written for one character typed in a field and in the body (pty, 120x36)."""
    import select

    sys.path.insert(0, str(HERE))
    from bench_bytes import read_until_quiet, send, spawn  # type: ignore[import-not-found]

    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as config:
        env = {"XDG_CONFIG_HOME": config, "XDG_STATE_HOME": config, "XDG_CACHE_HOME": config}
        pid, fd = spawn(folder, 120, 36, env)
        try:
            read_until_quiet(fd, 3.0, 120)
            send(fd, "G")  # any article: the longest is first by date? go to it by filter
            read_until_quiet(fd, 0.8, 10)
            send(fd, "e")
            read_until_quiet(fd, 1.5, 20)
            send(fd, "\x1bOF")  # end
            read_until_quiet(fd, 0.8, 10)
            field = []
            for ch in "abcdef":
                send(fd, ch)
                field.append(len(read_until_quiet(fd, 0.6, 10)))
            send(fd, "\x1bOH")
            read_until_quiet(fd, 0.6, 10)
            # to the body: shift+tab from the first field goes to the last widget (the body)
            send(fd, "\x1b[Z")
            read_until_quiet(fd, 0.8, 10)
            body = []
            for ch in "abcdef":
                send(fd, ch)
                body.append(len(read_until_quiet(fd, 0.6, 10)))
            out["one character in a field, median (bytes)"] = statistics.median(field)
            out["one character in a field, max (bytes)"] = max(field)
            out["one character in the body, median (bytes)"] = statistics.median(body)
            out["one character in the body, max (bytes)"] = max(body)
            send(fd, "\x11")  # ctrl+q
            read_until_quiet(fd, 0.5, 5)
            send(fd, "d")
            read_until_quiet(fd, 0.5, 5)
            del select
        finally:
            try:
                os.kill(pid, 15)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
            os.close(fd)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--skip-bytes", action="store_true")
    parser.add_argument("--skip-highlighting", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        shutil.copytree(ARTICLES, folder)
        os.environ["XDG_STATE_HOME"] = str(Path(tmp) / "state")
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        results = asyncio.run(headless(folder, args.rounds))
        if not args.skip_highlighting:
            results.update(highlighting())
        if not args.skip_bytes:
            only = Path(tmp) / "one"
            only.mkdir()
            shutil.copy(ARTICLES / LONGEST, only / LONGEST)
            results.update(pty_bytes(only))
    print(f"newsdesk edit mode ({os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}):")
    for key, value in results.items():
        print(f"  {key:<46} {value:>10,.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
