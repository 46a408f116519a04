"""The live folder (issue 8): FIFOs and devices are never opened, file-system notifications
instead of a polling walk, and a folder that goes away is said to be gone."""

from __future__ import annotations

import builtins
import errno
import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsdesk.core.folder.index import FolderGone, FolderIndex, cache_file_for
from newsdesk.ui.config import load_config
from newsdesk.ui.listmodel import grep_files
from newsdesk.ui.watch import FolderWatcher

from .conftest import article, make_app, ready, wait_until, write_folder
from .test_app import screen_text, titles


def fifo_folder(tmp_path: Path) -> tuple[Path, Path]:
    folder = write_folder(
        tmp_path / "desk",
        {
            "a.md": article("Alpha", "2024-02-01", body="zebrafish in the body"),
            "b.md": article("Bravo", "2024-01-01", body="nothing here"),
        },
    )
    fifo = folder / "pipe.md"
    os.mkfifo(fifo)
    return folder, fifo


def assert_nobody_reads(fifo: Path) -> None:
    """Opening a FIFO to write without blocking fails (ENXIO) when no one has it open to read."""
    with pytest.raises(OSError) as info:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)  # somebody was blocked reading it: unblock them before failing
    assert info.value.errno == errno.ENXIO


def in_thread(func: Callable[[], object], timeout: float = 5.0) -> object:
    """Run ``func`` in a daemon thread; fail (without hanging the suite) if it blocks."""
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(func()), daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "blocked (opened a FIFO?)"
    return result[0]


def is_special(path: str) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, bool]]]:
    """(path, whether it was a FIFO/device/socket then) for every os.open or open() call."""
    seen: list[tuple[str, bool]] = []
    real_os_open, real_open = os.open, builtins.open

    def os_open(path: object, *args: object, **kwargs: object) -> int:
        seen.append((os.fspath(path), is_special(os.fspath(path))))  # type: ignore[arg-type]
        return real_os_open(path, *args, **kwargs)  # type: ignore[arg-type]

    def open_(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, (str, os.PathLike)):
            seen.append((os.fspath(file), is_special(os.fspath(file))))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(builtins, "open", open_)
    yield seen


# -- FIFOs and devices ---------------------------------------------------------------------------


def test_body_search_never_opens_a_fifo(tmp_path: Path) -> None:
    folder, fifo = fifo_folder(tmp_path)
    paths = [folder / "a.md", fifo, folder / "b.md"]
    found = in_thread(lambda: dict(grep_files(paths, ("zebrafish",))))
    assert found == {folder / "a.md": True, fifo: False, folder / "b.md": False}
    assert_nobody_reads(fifo)


def test_special_files_are_never_opened_by_search_index_cache_or_config(
    tmp_path: Path, opened: list[tuple[str, bool]]
) -> None:
    folder, fifo = fifo_folder(tmp_path)
    (folder / "zero.md").symlink_to("/dev/zero")  # a device among the articles
    cache = cache_file_for(folder, tmp_path / "cache")
    index = FolderIndex(folder, cache_file=cache, cache_tag="t")
    in_thread(index.scan)
    in_thread(index.save_cache)
    again = FolderIndex(folder, cache_file=cache, cache_tag="t")
    in_thread(again.load_cache)
    for path in (fifo, folder / "zero.md"):
        in_thread(lambda p=path: again.cached_entry(p))  # type: ignore[misc]
    in_thread(index.changed_paths)
    in_thread(lambda: index.refresh_paths({fifo, folder / "zero.md", folder / "a.md"}))
    in_thread(lambda: list(grep_files(sorted(index.entries), ("x",))))
    # The cache and the config are never read from a FIFO either.
    cache.unlink()
    os.mkfifo(cache)
    assert in_thread(again.load_cache) == 0
    config = tmp_path / "config"
    config.mkdir()
    os.mkfifo(config / "config.toml")
    assert in_thread(lambda: load_config(config)) == {}
    assert opened, "the spy saw nothing"
    assert [path for path, was_special in opened if was_special] == []
    assert_nobody_reads(fifo)


def test_refresh_never_reports_a_fifo_as_changed(tmp_path: Path) -> None:
    """The live refresh reported FIFO/device files as "changed" every 2 s."""
    folder, fifo = fifo_folder(tmp_path)
    (folder / "zero.md").symlink_to("/dev/zero")
    index = FolderIndex(folder)
    entries = {e.path: e for e in in_thread(index.scan)}  # type: ignore[attr-defined]
    assert entries[fifo].errors == 1  # listed, with its problem ("not a regular file")
    assert index.changed_paths() == ([], [])
    assert index.refresh() == ([], [])
    assert index.refresh_paths({fifo, folder / "zero.md"}) == ([], [])


async def test_app_searches_a_folder_with_a_fifo_and_quits(tmp_path: Path) -> None:
    folder, fifo = fifo_folder(tmp_path)
    app = make_app(folder, poll_interval=0.05)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        for _ in range(8):  # each search used to leave a thread blocked on the FIFO
            await pilot.press("slash", *"zebrafish")
            # "zebrafish" is only in a body: the list narrows once the body search is done.
            await wait_until(pilot, lambda: titles(app) == ["Alpha"])
            await pilot.press("escape")
        # Nothing reported as changed while idle, with the FIFO sitting there.
        await pilot.pause(0.5)
        assert "changed on disk" not in screen_text(app)
        # New files are still noticed (no thread pool worn out by blocked searches).
        (folder / "c.md").write_text(article("Charlie", "2023-01-01"), encoding="utf-8")
        await wait_until(pilot, lambda: "Charlie" in titles(app))
        await pilot.press("q")
    assert app.return_code == 0
    assert_nobody_reads(fifo)


# -- notifications instead of a polling walk ------------------------------------------------------


async def test_an_idle_folder_is_not_walked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 2 s refresh walked (and stat-ed) the whole folder forever; now nothing runs until a
    notification names a path, and then only that path is read."""
    folder = write_folder(tmp_path / "desk", {f"{i}.md": article(f"T{i}") for i in range(20)})
    calls: list[str] = []
    for name in ("changed_paths", "refresh", "refresh_paths", "load_entry"):
        original = getattr(FolderIndex, name)

        def counting(self: FolderIndex, *args: object, _name: str = name, _f: object = original) -> object:
            calls.append(_name)
            return _f(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(FolderIndex, name, counting)
    app = make_app(folder, poll_interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        watcher = app.main_screen.watcher  # type: ignore[union-attr]
        assert watcher is not None
        await wait_until(pilot, watcher.ready.is_set)
        assert watcher.mode == "notify", watcher.reason
        calls.clear()
        await pilot.pause(0.6)  # a dozen polling periods
        assert calls == []
        (folder / "new.md").write_text(article("New one"), encoding="utf-8")
        await wait_until(pilot, lambda: "New one" in titles(app))
        assert "changed_paths" not in calls and "refresh" not in calls
        assert calls.count("load_entry") == 1


async def test_a_folder_given_relative_is_live_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`newsdesk articles` (a relative folder, as the README's quick start has it): changes were
    named by absolute paths, which the index (keyed by the paths it walked) ignored."""
    write_folder(tmp_path / "desk", {"a.md": article("Alpha", "2024-02-01", status="draft")})
    monkeypatch.chdir(tmp_path)
    app = make_app(Path("desk"), poll_interval=0.05)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await wait_until(pilot, app.main_screen.watcher.ready.is_set)  # type: ignore[union-attr]
        Path("desk/a.md").write_text(article("Alpha", "2024-02-01", status="published"), encoding="utf-8")
        Path("desk/b.md").write_text(article("Bravo", "2024-01-01"), encoding="utf-8")
        rows = lambda: app.main_screen.article_list.rows  # type: ignore[union-attr]  # noqa: E731
        await wait_until(
            pilot,
            lambda: [(e.title, e.status) for e in rows()] == [("Alpha", "published"), ("Bravo", "draft")],
        )
        assert all(e.path.parts[0] == "desk" for e in rows())


async def test_a_sections_newsdesk_toml_arriving_rereads_its_articles(tmp_path: Path) -> None:
    """`init --detect` run while the app is open: the section's roles apply at once."""
    folder = write_folder(tmp_path / "content", {})
    write_folder(folder / "authors", {"ana.md": "---\ndisplay_name: Ana Ruiz\n---\nBio\n"})
    app = make_app(folder, poll_interval=0.05)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await wait_until(pilot, app.main_screen.watcher.ready.is_set)  # type: ignore[union-attr]
        assert titles(app) == ["authors/ana.md"]
        (folder / "authors" / "newsdesk.toml").write_text(
            '[articles.roles]\ntitle = "display_name"\n[fields.display_name]\ntype = "string"\n'
        )
        await wait_until(pilot, lambda: titles(app) == ["Ana Ruiz"])


async def test_subfolders_added_renamed_and_removed(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "desk", {"top.md": article("Top", "2024-05-01")})
    app = make_app(folder, poll_interval=0.05)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await wait_until(pilot, app.main_screen.watcher.ready.is_set)  # type: ignore[union-attr]
        sub = tmp_path / "outside"
        write_folder(sub, {"one.md": article("One"), "two.md": article("Two")})
        sub.rename(folder / "sub")  # a folder moved in at once
        await wait_until(pilot, lambda: sorted(titles(app)) == ["One", "Top", "Two"])
        (folder / "sub").rename(folder / "renamed")
        await wait_until(
            pilot,
            lambda: (
                sorted(e.rel for e in app.main_screen.model.entries.values())  # type: ignore[union-attr]
                == ["renamed/one.md", "renamed/two.md", "top.md"]
            ),
        )
        for path in (folder / "renamed").iterdir():
            path.unlink()
        (folder / "renamed").rmdir()
        await wait_until(pilot, lambda: titles(app) == ["Top"])


@pytest.mark.parametrize("how", ["rename", "remove"])
async def test_a_folder_that_goes_away_is_said_to_be_gone_and_comes_back(tmp_path: Path, how: str) -> None:
    folder = write_folder(tmp_path / "desk", {"a.md": article("Alpha"), "b.md": article("Bravo")})
    app = make_app(folder, poll_interval=0.05)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        await wait_until(pilot, screen.watcher.ready.is_set)  # type: ignore[union-attr]
        away = tmp_path / "elsewhere"
        if how == "rename":
            folder.rename(away)
        else:
            folder.rename(away)  # as `rm -r` would leave it: gone (kept aside to restore)
            for p in away.iterdir():
                p.unlink()
        await wait_until(pilot, lambda: screen.folder_gone)
        text = screen_text(app)
        assert "is gone" in text and "desk" in text
        assert titles(app) == []  # no fake article named after the folder
        assert not any(e.path == folder for e in screen.model.entries.values())
        if how == "remove":
            write_folder(away, {"a.md": article("Alpha"), "b.md": article("Bravo")})
        away.rename(folder)
        await wait_until(pilot, lambda: not screen.folder_gone and sorted(titles(app)) == ["Alpha", "Bravo"])
        await wait_until(pilot, lambda: "is gone" not in screen_text(app))
        # And it is followed again.
        (folder / "c.md").write_text(article("Charlie"), encoding="utf-8")
        await wait_until(pilot, lambda: "Charlie" in titles(app))


def test_refresh_says_the_folder_is_gone_instead_of_listing_it(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "desk", {"a.md": article("Alpha")})
    index = FolderIndex(folder)
    index.scan()
    folder.rename(tmp_path / "moved")
    with pytest.raises(FolderGone):
        index.refresh()
    with pytest.raises(FolderGone):
        index.refresh_paths({folder / "a.md"})


@pytest.mark.parametrize("failures", [1, 2])
def test_watcher_falls_back_to_polling_then_to_walking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failures: int
) -> None:
    import watchfiles

    folder = write_folder(tmp_path / "desk", {"a.md": article("Alpha")})
    real_watch = watchfiles.watch
    attempts: list[object] = []

    def failing_watch(*args: object, **kwargs: object) -> object:
        attempts.append(kwargs.get("force_polling"))
        if len(attempts) <= failures:
            raise OSError(errno.ENOSPC, "inotify watch limit reached")
        return real_watch(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(watchfiles, "watch", failing_watch)
    seen: list[set[Path] | None] = []
    got = threading.Event()

    def on_changes(paths: set[Path] | None) -> None:
        seen.append(paths)
        got.set()

    watcher = FolderWatcher(
        folder, on_changes, lambda: None, lambda: None, poll_interval=0.1, check_interval=0.1
    )
    watcher.start()
    try:
        assert watcher.ready.wait(10)
        assert watcher.mode == ("polling" if failures == 1 else "walk")
        assert "inotify watch limit" in watcher.reason
        (folder / "b.md").write_text(article("Bravo"), encoding="utf-8")
        assert got.wait(10)
        assert seen[-1] is None or folder / "b.md" in seen[-1]
    finally:
        watcher.stop()
        watcher.join(5)
    assert attempts[:2] == [None, True][: len(attempts[:2])]


async def test_article_checks_and_raw_highlighting_never_run_on_the_event_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 8: a slow check (a pathological schema pattern) must never freeze the app: every
    check of an article, and the raw view's highlighting, run in worker threads."""
    from newsdesk.ui import render

    on_loop: list[str] = []
    loop_thread = threading.current_thread()

    def checker(art: object) -> list[object]:
        if threading.current_thread() is loop_thread:
            on_loop.append(f"check {art.path.name}")  # type: ignore[attr-defined]
        return []

    real_raw = render.raw_source

    def raw_source(art: object, dark: bool = True) -> object:
        if threading.current_thread() is loop_thread:
            on_loop.append("raw")
        return real_raw(art, dark)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "raw_source", raw_source)
    folder = write_folder(
        tmp_path / "desk", {f"{i}.md": article(f"T{i}", f"2024-01-0{i + 1}") for i in range(4)}
    )
    app = make_app(folder, checker=checker, poll_interval=0.05)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("j", "r", "j", "k", "r", "slash", *"t1", "escape")
        await ready(pilot, app)
        (folder / "0.md").write_text(article("T0 changed", "2024-01-01"), encoding="utf-8")
        await wait_until(pilot, lambda: "T0 changed" in titles(app))
        await app.main_screen.action_reload()  # type: ignore[union-attr]
        await ready(pilot, app)
    assert on_loop == []
