"""Headless timings of review in the app (issue 11).

* verdict: in a folder of 10,000 generated articles (a quarter of them in review), from the
  ``enter`` that gives a verdict in the note prompt until the first frame showing the next
  article of the queue has been composed and turned into terminal output. That covers the save
  (lock, conflict check, fsync, rename), reading the article again for the index, rebuilding the
  list and the queue, and reading and laying out the next article.
* d: an article whose last verdict is 50 commits back (each commit changes the article; there is
  an uncommitted change too): from the ``d`` key until the diff is on screen; and the git part
  alone (`changes_since_last_verdict`: two git processes and the diff).

Goals: verdict to next article under 150 ms median; ``d`` under 300 ms.

    python benchmarks/bench_review.py [FOLDER] [--count 10000] [--verdicts 20] [--size 120x36]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


async def wait_for(predicate, timeout: float = 60.0, step: float = 0.002) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("condition not met")
        await asyncio.sleep(step)
    return time.perf_counter() - start


def stamp_frames(app, view):  # type: ignore[no-untyped-def]
    """Record (time, path shown) for every frame the app puts out, rendering it as a driver would."""
    frames: list[tuple[float, object]] = []
    display = app._display

    def stamped(screen, renderable):  # type: ignore[no-untyped-def]
        display(screen, renderable)
        if renderable is not None and not app._batch_count:
            if hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)
            shown = view() if callable(view) else None
            frames.append((time.perf_counter(), shown))

    app._display = stamped
    return frames


async def verdicts(
    folder: Path, config: Path, cache: Path, count: int, size: tuple[int, int]
) -> dict[str, float]:
    from newsdesk.ui.app import NewsdeskApp
    from newsdesk.ui.screens.note import NotePrompt

    results: dict[str, float] = {}
    app = NewsdeskApp(folder, config_dir=config, cache_dir=cache, poll_interval=0)
    async with app.run_test(size=size) as pilot:
        screen = app.main_screen
        assert screen is not None
        lst, view = screen.article_list, screen.article_view
        await wait_for(lambda: not screen.scanning, timeout=900)
        results["articles"] = len(screen.model.entries)
        results["in review at start"] = len(screen.review_queue)
        await pilot.press("right_square_bracket")
        await wait_for(
            lambda: view.shown is not None and lst.current is not None and view.shown.path == lst.current.path
        )
        frames = stamp_frames(app, lambda: view.shown.path if view.shown is not None else None)
        times = []
        for _ in range(count):
            await asyncio.sleep(0.3)  # the reviewer reads; the neighbours are read ahead meanwhile
            before = lst.current.path  # type: ignore[union-attr]
            pos = screen.queue_pos[before]
            expected = screen.review_queue[pos + 1].path
            await pilot.press("a")
            await wait_for(lambda: isinstance(app.screen, NotePrompt))
            await asyncio.sleep(0.05)
            frames.clear()
            start = time.perf_counter()
            await pilot.press("enter")
            await wait_for(lambda e=expected: any(p == e for _, p in frames), timeout=10)
            times.append(next(t for t, p in frames if p == expected) - start)
        results["verdict -> next article median (ms)"] = statistics.median(times) * 1000
        results["verdict -> next article max (ms)"] = max(times) * 1000
        results["in review at end"] = len(screen.review_queue)
    return results


def git(folder: Path, *args: str) -> None:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Bench",
        GIT_AUTHOR_EMAIL="b@example.org",
        GIT_COMMITTER_NAME="Bench",
        GIT_COMMITTER_EMAIL="b@example.org",
    )
    subprocess.run(["git", *args], cwd=folder, check=True, env=env, capture_output=True)


def history_repo(root: Path, commits: int) -> Path:
    """One article: changes requested, then ``commits`` commits that each change it, then an
    uncommitted change."""
    folder = root / "history"
    folder.mkdir()
    body = "\n\n".join(f"Paragraph {i}: " + "the committee met and agreed a plan " * 6 for i in range(60))
    text = (
        "---\ntitle: Fifty commits later\ndate: 2024-05-01\nstatus: draft\nbyline: Ann Lee\nsummary: S.\n"
        "review:\n  - {by: Ann Lee, at: '2024-05-01T09:00:00+02:00', verdict: submitted}\n"
        "  - {by: Rita Reviewer, at: '2024-05-02T09:00:00+02:00', verdict: changes-requested, note: Redo it.}\n"
        f"---\n\n{body}\n"
    )
    path = folder / "a.md"
    path.write_text(text)
    for name in ("b.md", "c.md"):
        (folder / name).write_text(text.replace("Fifty commits later", f"Neighbour {name}"))
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-qm", "changes requested")
    for i in range(commits):
        text = text.replace(f"Paragraph {i}: the", f"Paragraph {i}: THE", 1)
        path.write_text(text)
        git(folder, "commit", "-qam", f"edit {i}")
    path.write_text(text.replace("title: Fifty commits later", "title: Fifty commits later, and one more"))
    return folder


async def diff_view(
    folder: Path, config: Path, cache: Path, runs: int, size: tuple[int, int]
) -> dict[str, float]:
    from newsdesk.core.review.since import changes_since_last_verdict
    from newsdesk.ui.app import NewsdeskApp
    from newsdesk.ui.screens.diff import DiffScreen

    results: dict[str, float] = {}
    core = []
    for _ in range(runs):
        start = time.perf_counter()
        changes = changes_since_last_verdict(folder / "a.md")
        core.append(time.perf_counter() - start)
    assert changes.state == "ok" and changes.commits_since > 0, changes.note
    results["commits since the verdict"] = changes.commits_since
    results["git + diff alone median (ms)"] = statistics.median(core) * 1000
    app = NewsdeskApp(folder, config_dir=config, cache_dir=cache, poll_interval=0)
    times = []
    async with app.run_test(size=size) as pilot:
        screen = app.main_screen
        assert screen is not None
        await wait_for(lambda: not screen.scanning)
        screen.jump_to(folder / "a.md")
        view = screen.article_view
        await wait_for(lambda: view.shown is not None and view.shown.path == folder / "a.md")

        def shown() -> object:
            top = app.screen
            return "diff" if isinstance(top, DiffScreen) and top.changes is not None else None

        frames = stamp_frames(app, shown)
        for _ in range(runs):
            await asyncio.sleep(0.2)
            frames.clear()
            start = time.perf_counter()
            await pilot.press("d")
            await wait_for(lambda: any(p == "diff" for _, p in frames), timeout=10)
            times.append(next(t for t, p in frames if p == "diff") - start)
            await pilot.press("escape")
            await wait_for(lambda: not isinstance(app.screen, DiffScreen))
    results["d -> diff on screen median (ms)"] = statistics.median(times) * 1000
    results["d -> diff on screen max (ms)"] = max(times) * 1000
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "folder", nargs="?", type=Path, help="articles to copy and review (default: generated)"
    )
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--verdicts", type=int, default=20)
    parser.add_argument("--commits", type=int, default=50)
    parser.add_argument("--size", default="120x36")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    tmp = Path(tempfile.mkdtemp(prefix="newsdesk-bench-review-"))
    try:
        config, cache = tmp / "config", tmp / "cache"
        (config / "newsdesk").mkdir(parents=True)
        (config / "newsdesk" / "config.toml").write_text('name = "Bench Reviewer"\n')
        os.environ["XDG_CONFIG_HOME"] = str(config)
        folder = tmp / "articles"
        if args.folder:
            shutil.copytree(args.folder, folder)
        else:
            from generate import generate

            generate(folder, args.count)
        results = asyncio.run(verdicts(folder, config, cache, args.verdicts, size))  # type: ignore[arg-type]
        results.update(asyncio.run(diff_view(history_repo(tmp, args.commits), config, cache, 10, size)))  # type: ignore[arg-type]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    width = max(len(k) for k in results)
    for key, value in results.items():
        shown = f"{value:,.1f}" if isinstance(value, float) and not value.is_integer() else f"{int(value):,}"
        print(f"{key:<{width}}  {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
