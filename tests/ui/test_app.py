"""Pilot tests of the main screen: navigation, filter, sort, status, raw, help, sidebars, layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from newsdesk.ui.screens.help import HelpScreen
from newsdesk.ui.widgets.article_view import ArticleView

from .conftest import article, make_app, ready, wait_until, write_folder


def screen_text(app: object) -> str:
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return "\n".join(strip.text for strip in strips)


def titles(app: object) -> list[str]:
    return [e.title or e.rel for e in app.main_screen.article_list.rows]  # type: ignore[attr-defined]


async def test_lists_every_article_newest_first(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        assert titles(app) == ["Alpha budget", "Bravo library", "Charlie lecture", "Delta awards", "e.md"]
        header = str(app.screen.query_one("#list-header", Static).render())
        assert "5 of 5" in header and "date" in header


async def test_navigation_keys_move_and_show_article(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        lst, view = screen.article_list, screen.article_view
        await pilot.press("j", "j")
        await ready(pilot, app)
        assert (
            lst.cursor == 2
            and view.shown is not None
            and view.shown.article.metadata["title"] == "Charlie lecture"
        )
        await pilot.press("k")
        assert lst.cursor == 1
        await pilot.press("G")
        assert lst.cursor == 4
        await pilot.press("g")
        assert lst.cursor == 0
        await pilot.press("down", "down", "up")
        assert lst.cursor == 1
        await ready(pilot, app)
        assert "Bravo library" in screen_text(app)
        # enter / l focuses the article; h and esc go back.
        await pilot.press("enter")
        assert isinstance(app.focused, ArticleView)
        await pilot.press("h")
        assert app.focused is lst
        await pilot.press("l")
        assert isinstance(app.focused, ArticleView)
        await pilot.press("escape")
        assert app.focused is lst
        # tab cycles panes.
        await pilot.press("tab")
        assert app.focused is not lst
        await pilot.press("q")
    assert app.return_code == 0


async def test_space_and_b_page_the_article(tmp_path: Path) -> None:
    body = "\n\n".join(f"Paragraph {i} of a long article." for i in range(80))
    folder = write_folder(tmp_path / "long", {"long.md": article("Long read", body=body)})
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        view = app.main_screen.article_view  # type: ignore[union-attr]
        assert view.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert view.scroll_y > 10
        down = view.scroll_y
        await pilot.press("b")
        await pilot.pause()
        assert view.scroll_y < down


async def test_filter_as_you_type_and_escape_clears(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("slash")
        await pilot.press(*"libr")
        assert titles(app) == ["Bravo library"]
        header = str(app.screen.query_one("#list-header", Static).render())
        assert "1 of 5" in header and "/libr" in header
        # people and tags match too
        await pilot.press("escape")
        assert len(titles(app)) == 5
        await pilot.press("slash", *"zed")
        assert titles(app) == ["Alpha budget"]
        await pilot.press("enter")  # keeps the filter, back to the list
        assert app.focused is app.main_screen.article_list  # type: ignore[union-attr]
        assert titles(app) == ["Alpha budget"]
        await pilot.press("escape")
        assert len(titles(app)) == 5


async def test_filter_matches_body_words(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("slash", *"zebrafish")
        assert titles(app) == []  # not in any title, byline, tag...
        await wait_until(pilot, lambda: titles(app) == ["Bravo library"])


async def test_sort_cycles_and_reverses(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        await pilot.press("s")
        assert screen.model.sort == "title"
        by_title = ["Alpha budget", "Bravo library", "Charlie lecture", "Delta awards", "e.md"]
        assert titles(app) == by_title  # untitled articles last
        await pilot.press("S")
        assert titles(app) == by_title[::-1]
        header = str(app.screen.query_one("#list-header", Static).render())
        assert "title↓" in header
        await pilot.press("s")
        assert screen.model.sort == "status"
        assert [e.status for e in screen.article_list.rows][:4] == [
            "draft",
            "review",
            "approved",
            "published",
        ]
        await pilot.press("s")
        assert screen.model.sort == "path"
        assert [e.rel for e in screen.article_list.rows] == ["a.md", "b.md", "c.md", "d.md", "e.md"]
        await pilot.press("s")
        assert screen.model.sort == "date"


async def test_status_filter_cycles(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        seen = []
        for _ in range(6):
            await pilot.press("f")
            seen.append((screen.model.status, titles(app)))
        assert seen[:4] == [
            ("draft", ["Bravo library"]),
            ("review", ["Charlie lecture"]),
            ("approved", ["Delta awards"]),
            ("published", ["Alpha budget"]),
        ]
        status, with_problems = seen[4]
        assert status == "problems" and "e.md" in with_problems
        assert seen[5] == (
            "all",
            ["Alpha budget", "Bravo library", "Charlie lecture", "Delta awards", "e.md"],
        )


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_raw_view_shows_front_matter(folder: Path, size: tuple[int, int]) -> None:
    app = make_app(folder)
    async with app.run_test(size=size) as pilot:
        await ready(pilot, app)
        assert "status: published" not in screen_text(app)
        await pilot.press("r")
        # The raw view is highlighted in a worker: it shows once that is done.
        await wait_until(pilot, lambda: "1 ---" in screen_text(app))
        assert "status: published" in screen_text(app)
        await pilot.press("r")
        await wait_until(pilot, lambda: "status: published" not in screen_text(app))


async def test_help_lists_every_key(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for key in ("j / k", "space / b", "s / S", "raw source"):
            assert key in text
        # The list is longer than the screen: it scrolls to the last keys.
        await pilot.press(*["j"] * 30)
        await pilot.pause()
        assert "ctrl+p" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        # ? closes it too; q quits from it, as everywhere (the keys say so, and the footer
        # beneath it): the help is not a pager whose q closes it.
        await pilot.press("question_mark", "question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen) and app.is_running
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running, timeout=5)


async def test_sidebars_toggle_and_show_people(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        sidebar = app.screen.query_one("#sidebar")
        assert sidebar.display
        text = screen_text(app)
        assert "Attendees (1)" in text and "Zed Person — Dean" in text and "Speakers (0)" in text
        await pilot.press("p")
        await pilot.pause()
        assert not sidebar.display
        assert "Attendees (1)" not in screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        assert sidebar.display


async def test_narrow_layout_puts_sidebars_under_header(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        assert app.screen.has_class("-narrow")
        assert not app.screen.query_one("#sidebar").display
        assert app.main_screen.article_view.shows_people  # type: ignore[union-attr]
        text = screen_text(app)
        # One line per list of people, under the header; p shows their roles (and the rest).
        assert "Attendees (1) Zed Person" in text and "Dean" not in text
        assert text.index("Alpha budget") < text.index("Attendees (1)") < text.index("The budget passed")
        await pilot.press("p")
        await pilot.pause()
        text = screen_text(app)
        assert "Zed Person — Dean" in text
        assert text.index("Zed Person — Dean") < text.index("The budget passed")
        await pilot.press("p")
        await pilot.pause()
        assert "Dean" not in screen_text(app)
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert app.screen.has_class("-wide")


async def test_broken_article_listed_with_problem(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("G")
        await ready(pilot, app)
        lst = app.main_screen.article_list  # type: ignore[union-attr]
        assert lst.current is not None and lst.current.errors >= 1
        row = lst.render_line(lst.cursor - int(lst.scroll_y)).text
        assert row.startswith("✗")  # issue 22: one cell; the counts are in the article pane
        text = screen_text(app)
        assert "could not be read" in text and "line 4, column 1" in text


async def test_live_folder_add_change_delete(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "live", {"one.md": article("One", body="first body")})
    app = make_app(folder, poll_interval=0.05)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        (folder / "two.md").write_text(article("Two", date="2023-01-01"), encoding="utf-8")
        await wait_until(pilot, lambda: titles(app) == ["One", "Two"])
        # the article being read refreshes
        (folder / "one.md").write_text(article("One", body="second body, longer"), encoding="utf-8")
        await wait_until(pilot, lambda: "second body" in screen_text(app))
        (folder / "two.md").unlink()
        await wait_until(pilot, lambda: titles(app) == ["One"])


async def test_theme_is_remembered(folder: Path, _config_home: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        app.theme = "nord"
        await pilot.pause()
    assert 'theme = "nord"' in (_config_home / "newsdesk" / "config.toml").read_text()
    again = make_app(folder)
    assert again.theme == "nord"


async def test_command_palette_jumps_to_article(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Delta")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await ready(pilot, app)
        lst = app.main_screen.article_list  # type: ignore[union-attr]
        assert lst.current is not None and lst.current.title == "Delta awards"


async def test_empty_folder(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        assert "No articles" in screen_text(app)


async def test_keys_typed_right_after_slash_go_to_the_filter(folder: Path) -> None:
    from textual import events

    app = make_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        # All at once, as over a slow link: none may run list commands (s = sort, f = status).
        for key, ch in [("slash", "/"), *((c, c) for c in "sf")]:
            app.post_message(events.Key(key, ch))
        await wait_until(pilot, lambda: app.main_screen.model.query == "sf")  # type: ignore[union-attr]
        assert app.main_screen.model.sort == "date" and app.main_screen.model.status == "all"  # type: ignore[union-attr]


async def test_reopening_reads_only_changed_files(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder index is remembered between runs: unchanged files are not read again."""
    from newsdesk.core.folder.index import FolderIndex

    read: list[str] = []
    original = FolderIndex.load_entry

    def counting(self: FolderIndex, path: Path) -> object:
        read.append(path.name)
        return original(self, path)

    monkeypatch.setattr(FolderIndex, "load_entry", counting)
    cache = tmp_path / "cache"

    async def open_once() -> list[str]:
        read.clear()
        app = make_app(folder, cache_dir=cache)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot, app)
            shown = titles(app)
        return shown

    first = await open_once()
    assert sorted(read) == ["a.md", "b.md", "c.md", "d.md", "e.md"]
    assert await open_once() == first and read == []
    (folder / "c.md").write_text(article("Charlie renamed", "2024-01-01", "review", "Cat", "x"))
    assert "Charlie renamed" in await open_once()
    assert read == ["c.md"]


async def test_long_list_has_no_horizontal_scrollbar(tmp_path: Path) -> None:
    files = {f"{i:03}.md": article(f"Title {i}", "2024-01-01", "draft", "A", "b") for i in range(60)}
    app = make_app(write_folder(tmp_path, files))
    async with app.run_test(size=(120, 24)) as pilot:
        await ready(pilot, app)
        lst = app.main_screen.article_list  # type: ignore[union-attr]
        assert lst.show_vertical_scrollbar
        assert not lst.show_horizontal_scrollbar  # it hid the last row


async def test_keys_in_one_burst_after_l_and_h_go_to_the_new_pane(tmp_path: Path) -> None:
    """Over a slow link "ljjj" arrives at once: the j's must scroll the article, not move the list."""
    from textual import events

    body = "\n\n".join(f"Paragraph {i} " + "word " * 30 for i in range(60))
    files = {f"{i}.md": article(f"T{i}", f"2024-01-0{i + 1}", "draft", "A", body) for i in range(4)}
    app = make_app(write_folder(tmp_path, files))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        before = screen.article_list.cursor

        def burst(keys: str) -> None:
            for key in keys:  # queued together, as a pty delivers them
                app.post_message(events.Key(key, key))

        burst("ljjj")
        await wait_until(pilot, lambda: screen.article_view.scroll_y > 0)
        assert screen.article_list.cursor == before
        assert screen.focused is screen.article_view
        burst("hjj")
        await wait_until(pilot, lambda: screen.article_list.cursor == before + 2)
        assert screen.focused is screen.article_list


async def test_list_marks_errors_and_warnings_apart(tmp_path: Path) -> None:
    """`✗` marks errors and `!` warnings only (2 errors + 6 warnings showed `✗8`); since issue 22
    the mark is one fixed cell, so no row moves when another article gains a problem."""
    from newsdesk.core.model.problems import Problem

    counts = {"Both": (2, 6), "Errors": (3, 0), "Warnings": (0, 4), "Clean": (0, 0)}

    def checker(art: object) -> list[Problem]:
        errors, warnings = counts[art.metadata["title"]]  # type: ignore[attr-defined]
        return [Problem("x", "e", i + 1) for i in range(errors)] + [
            Problem("y", "w", i + 1, severity="warning") for i in range(warnings)
        ]

    files = {f"{name}.md": article(name, f"2024-01-0{i + 1}") for i, name in enumerate(counts)}
    app = make_app(write_folder(tmp_path / "marks", files), checker=checker)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        lst = app.main_screen.article_list  # type: ignore[union-attr]
        rows = {e.title: lst.render_line(i).text for i, e in enumerate(lst.rows)}
        assert rows["Both"].startswith("✗DFT ")
        assert rows["Errors"].startswith("✗DFT ")
        assert rows["Warnings"].startswith("!DFT ")
        assert rows["Clean"].startswith(" DFT ")
        assert "✗8" not in screen_text(app)


def test_docs_keys_tables_are_the_ones_in_keys_py() -> None:
    from newsdesk.ui.keys import KEYS, markdown_row, markdown_table

    docs = Path(__file__).parents[2] / "docs"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(docs.glob("*.md")))
    missing = [key for key in KEYS if markdown_row(*key) not in text]
    assert not missing, "docs lack keys.py rows (paste newsdesk.ui.keys.markdown_table(...))"
    assert markdown_table(("List", "Article", "Reader", "Everywhere")) in text


async def test_workers_never_repr_their_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's @work describes a worker by the repr of its arguments unless given a
    description: for the people index that was the repr of every entry (0.15-0.3 s on the event
    loop at 10,000 articles), for the raw view and edit mode's disk check the whole article."""
    from newsdesk.core.folder.index import Entry
    from newsdesk.core.model.article import Article

    calls: list[str] = []
    monkeypatch.setattr(Entry, "__repr__", lambda self: calls.append("Entry") or "Entry")
    monkeypatch.setattr(Article, "__repr__", lambda self: calls.append("Article") or "Article")
    files = {f"{i}.md": article(f"Title {i}", "2024-01-01", "draft", "Ann Lee", "body") for i in range(5)}
    app = make_app(write_folder(tmp_path, files))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        await wait_until(pilot, lambda: not screen.people_stale)  # the people index was built
        await pilot.press("j", "enter", "r")  # the article, then its raw view
        await wait_until(pilot, lambda: screen.article_view.page.raw is not None)
        await pilot.press("r", "e")  # edit mode checks the file on disk in a worker
        await pilot.pause(0.2)
    assert calls == []
