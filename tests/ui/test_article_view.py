"""Pilot tests of the line-drawn article pane and sidebar: scrolling, paging, raw view, resize
re-wrap, the scrollbar only on overflow, and articles read ahead of the cursor."""

from __future__ import annotations

from pathlib import Path

from newsdesk.ui.widgets.article_view import ArticleView, PeopleView

from .conftest import article, make_app, ready, wait_until, write_folder
from .test_app import screen_text

LONG_BODY = "\n\n".join(
    f"Paragraph {i} says something long enough to wrap across more than one line of the pane."
    for i in range(60)
)


def long_folder(tmp_path: Path) -> Path:
    people = "attendees:\n" + "".join(f"  - name: Person {i}\n    role: Role {i}\n" for i in range(40))
    return write_folder(
        tmp_path / "long",
        {
            "a.md": article("Long read", "2024-02-01", body=LONG_BODY, extra=people),
            "b.md": article("Short note", "2024-01-01", body="Just a line."),
            "c.md": article("Third piece", "2023-12-01", body="Third body."),
        },
    )


def view_of(app: object) -> ArticleView:
    return app.main_screen.article_view  # type: ignore[attr-defined,no-any-return]


async def test_article_pane_scrolls_with_j_k_g_G(tmp_path: Path) -> None:
    app = make_app(long_folder(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        view = view_of(app)
        assert view.shown is not None and view.shown.article.metadata["title"] == "Long read"
        await pilot.press("enter")
        assert app.focused is view
        assert view.scroll_y == 0 and "Paragraph 59" not in screen_text(app)
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert view.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert view.scroll_y == 2
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y > 0
        assert "Paragraph 59" in screen_text(app)
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0
        assert "Long read" in screen_text(app)


async def test_paging_reaches_the_end_and_back(tmp_path: Path) -> None:
    app = make_app(long_folder(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        view = view_of(app)
        pages = 0
        while view.scroll_y < view.max_scroll_y and pages < 50:
            before = view.scroll_y
            await pilot.press("space")
            await pilot.pause()
            assert view.scroll_y > before
            pages += 1
        assert pages > 1 and "Paragraph 59" in screen_text(app)
        await pilot.press(*["b"] * pages)
        await pilot.pause()
        assert view.scroll_y == 0


async def test_new_article_starts_at_the_top(tmp_path: Path) -> None:
    app = make_app(long_folder(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        view = view_of(app)
        await pilot.press("space", "space")
        await pilot.pause()
        assert view.scroll_y > 0
        await pilot.press("j")
        await ready(pilot, app)
        assert view.shown is not None and view.shown.article.metadata["title"] == "Short note"
        assert view.scroll_y == 0
        assert "Just a line." in screen_text(app)


async def test_scrollbar_only_when_the_article_overflows(tmp_path: Path) -> None:
    app = make_app(long_folder(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        view = view_of(app)
        await pilot.pause()
        assert view.show_vertical_scrollbar
        assert view.lines_width == view.scroll_width
        await pilot.press("j")
        await ready(pilot, app)
        await pilot.pause()
        assert not view.show_vertical_scrollbar
        assert view.lines_width == view.full_width


async def test_resize_rewraps_article_and_sidebar(tmp_path: Path) -> None:
    app = make_app(long_folder(tmp_path))
    async with app.run_test(size=(200, 40)) as pilot:
        await ready(pilot, app)
        view = view_of(app)
        sidebar = app.screen.query_one("#sidebar", PeopleView)
        wide = view.lines_width
        wide_lines = len(view.lines)
        await pilot.resize_terminal(110, 40)
        await pilot.pause()
        await pilot.pause()
        assert view.lines_width < wide
        assert len(view.lines) > wide_lines  # wrapped again, to more lines
        assert all(strip.cell_length <= view.lines_width for strip in view.lines)
        assert sidebar.lines_width in (sidebar.full_width, sidebar.scroll_width)
        assert "Person 0" in screen_text(app)
        # Narrow: the people move into the article pane, under the header.
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        await pilot.pause()
        assert view.shows_people
        text = "\n".join(strip.text for strip in view.lines)
        assert text.index("Long read") < text.index("Attendees (40)") < text.index("Paragraph 0")
        assert all(strip.cell_length <= view.lines_width for strip in view.lines)
        # One line for 40 attendees; p shows each of them (with roles) above the body.
        assert "Role 0" not in text
        await pilot.press("p")
        await pilot.pause()
        text = "\n".join(strip.text for strip in view.lines)
        assert text.index("Person 39 — Role 39") < text.index("Paragraph 0")


async def test_raw_view_scrolls_to_the_last_line(tmp_path: Path) -> None:
    app = make_app(long_folder(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        view = view_of(app)
        await pilot.press("r")
        await wait_until(pilot, lambda: "1 ---" in screen_text(app))  # highlighted in a worker
        assert view.raw
        await pilot.press("enter", "G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y > 0
        assert "Paragraph 59" in screen_text(app)
        # Another article in raw view shows its own source from the top.
        await pilot.press("h", "j")
        await ready(pilot, app)
        await wait_until(pilot, lambda: 'title: "Short note"' in screen_text(app))
        assert view.scroll_y == 0
        assert "Just a line." in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert not view.raw and "title: " not in screen_text(app)


async def test_articles_read_ahead_show_the_right_one(tmp_path: Path) -> None:
    app = make_app(long_folder(tmp_path), settle=0.01, debounce=0.05)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        # Wait until the neighbour below has been read ahead, then move to it.
        await wait_until(pilot, lambda: len(screen._prefetched) > 0)
        await pilot.press("j")
        await ready(pilot, app)
        view = view_of(app)
        assert view.shown is not None and view.shown.article.metadata["title"] == "Short note"
        assert "Just a line." in screen_text(app)
        # A changed file is not shown from the read-ahead copy.
        await wait_until(pilot, lambda: len(screen._prefetched) > 1)
        path = tmp_path / "long" / "c.md"
        path.write_text(article("Third piece, revised", "2023-12-01", body="New body."), encoding="utf-8")
        await screen._refresh_worker().wait()
        await pilot.pause()
        await pilot.press("j")
        await ready(pilot, app)
        await wait_until(pilot, lambda: "New body." in screen_text(app))
        assert view.shown is not None and view.shown.article.metadata["title"] == "Third piece, revised"
