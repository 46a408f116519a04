"""Issue 22 (a new editor's first hour, at 80x24): the list's title width and header, kept edits
said at start-up, the People view's place, the form's labels and the help's keys."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Static

from newsdesk.ui.screens.help import HelpScreen, HelpView

from .conftest import article, make_app, ready, wait_until, write_folder
from .edit_support import open_edit, screen_text


def help_view(app: object) -> HelpView:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, HelpScreen)
    return screen.query_one(HelpView)


# -- item 9: the help from edit mode, and its scroll keys ------------------------------------


async def test_f1_in_edit_mode_opens_the_help_at_the_edit_keys(sample_folder: Path) -> None:
    app = make_app(sample_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        path = app.main_screen.article_list.current.path  # type: ignore[union-attr]
        await open_edit(pilot, app, path)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        view = help_view(app)
        await wait_until(pilot, lambda: view.scroll_offset.y > 0)
        first = screen_text(app).splitlines()[3]  # the border, the padding, then the top line
        assert "Edit mode" in first, screen_text(app)
        assert "move the cursor" not in screen_text(app)  # not the List keys


async def test_space_b_g_and_G_scroll_the_help(sample_folder: Path) -> None:
    app = make_app(sample_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        view = help_view(app)
        await wait_until(pilot, lambda: view.lines != [])
        assert view.scroll_offset.y == 0
        await pilot.press("space")
        await pilot.pause()
        paged = view.scroll_offset.y
        assert paged > 5
        await pilot.press("b")
        await pilot.pause()
        assert view.scroll_offset.y == 0
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_offset.y == view.max_scroll_y > paged
        assert "closes this help" in screen_text(app)
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_offset.y == 0


# -- item 9: the form's labels at 80 columns -------------------------------------------------


async def test_a_person_s_organization_label_keeps_a_space_before_its_value(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Fair\ndate: 2024-03-02\nstatus: draft\nattendees:\n"
        "  - name: Ana Berg\n    role: Head\n    organization: Careers Service\n---\n\nBody.\n"
    )
    folder = write_folder(tmp_path / "articles", {"a.md": text})
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, folder / "a.md")
        row = screen.controls["attendees"].rows[0]  # type: ignore[attr-defined]
        row.focus()
        await pilot.press("enter")
        await pilot.pause()
        row.inputs["organization"].focus()
        await pilot.pause()
        text = screen_text(app)
        assert "organizationCareers" not in text
        assert re.search(r"organization +Careers Service", text), text


# -- item 1: the list at 80x24 ---------------------------------------------------------------

LONG = "Library opens late on Fridays through the exam season, the council says"


async def test_at_80x24_a_problem_is_one_fixed_cell_and_the_header_has_the_whole_title(
    tmp_path: Path,
) -> None:
    files = {
        "a.md": article(LONG, "2024-03-01"),
        "b.md": article("Second article with a title long enough to be cut", "2024-02-01"),
        "c.md": "---\ntitle: Broken front matter\nstatus: [draft\n---\nbody\n",
    }
    app = make_app(write_folder(tmp_path / "articles", files))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        lst = screen.article_list
        rows = {e.rel: lst.render_line(i).text for i, e in enumerate(lst.rows)}
        width = lst.scrollable_content_region.width
        # One cell of mark, the status badge, a space: the title has the rest of the row.
        assert rows["a.md"].startswith(" DFT Library opens late o")
        assert rows["c.md"].startswith("✗")
        assert len(rows["a.md"].split("DFT ", 1)[1].rstrip()) == width - 5
        assert "✗1" not in screen_text(app)
        # The cursor's whole title is above the list.
        assert lst.current is not None and lst.current.rel == "a.md"
        title = str(screen.query_one("#list-title", Static).render())
        assert " ".join(title.split()) == LONG
        assert LONG.split()[-1] in screen_text(app).split("DFT")[0]
        await pilot.press("j")
        await pilot.pause()
        title = str(screen.query_one("#list-title", Static).render())
        assert " ".join(title.split()) == "Second article with a title long enough to be cut"


# -- item 4: kept edits said at start-up and marked in the list ------------------------------


async def test_kept_edits_are_said_at_start_up_and_marked_in_the_list(tmp_path: Path) -> None:
    from newsdesk.ui.screens.dialogs import RecoveryChoice, RecoveryDialog

    from .test_edit_recovery import kept_by_gone_app

    files = {name: article(f"Title {name}", f"2024-01-0{i + 1}") for i, name in enumerate("abc")}
    folder = write_folder(tmp_path / "articles", {f"{n}.md": t for n, t in files.items()})
    kept_by_gone_app(folder / "a.md", "First try", 1_700_000_000.0, 999_999_991)
    kept_by_gone_app(folder / "a.md", "Second try", 1_700_000_600.0, 999_999_992)  # same article
    kept_by_gone_app(folder / "b.md", "Other", 1_700_000_000.0, 999_999_993)
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        await wait_until(pilot, lambda: "unsaved edits kept" in screen_text(app))
        assert "2 articles have unsaved edits kept" in screen_text(app)
        lst = screen.article_list
        rows = {e.rel: lst.render_line(i).text for i, e in enumerate(lst.rows)}
        assert "✎ Title a" in rows["a.md"] and "✎ Title b" in rows["b.md"]
        assert "✎" not in rows["c.md"]
        # Discarding the kept edits of b takes its mark away.
        await open_edit(pilot, app, folder / "b.md")
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryDialog | RecoveryChoice))
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: len(lst.kept) == 1)
        rows = {e.rel: lst.render_line(i).text for i, e in enumerate(lst.rows)}
        assert "✎" in rows["a.md"] and "✎" not in rows["b.md"]


# -- item 7: the People view keeps its place -------------------------------------------------


async def test_esc_from_an_article_returns_to_the_person_with_sort_and_filter_kept(tmp_path: Path) -> None:
    import shutil

    from newsdesk.ui.screens.people import PeopleScreen

    folder = tmp_path / "people"
    shutil.copytree(Path(__file__).parent / "fixtures" / "people", folder)
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        main = app.main_screen
        assert main is not None
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        await wait_until(pilot, lambda: screen.index is not None)
        await pilot.press("s", "slash", *"junyue", "enter")  # sort: count; a filter
        await pilot.pause()
        sort = screen.sort
        assert sort != "name" and [p.name for p in screen.shown] == ["Chang Junyue"]
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.person is not None)
        await pilot.press("j", "enter")  # the second article
        await wait_until(pilot, lambda: app.screen is main)
        await wait_until(
            pilot,
            lambda: (
                main.article_view.shown is not None
                and main.article_view.shown.path.name == "2023-01-12-budget.md"
            ),
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        back = app.screen
        assert isinstance(back, PeopleScreen) and back is not screen
        await wait_until(pilot, lambda: back.person is not None)
        assert back.person is not None and back.person.name == "Chang Junyue"
        assert back.article_table.cursor_row == 1
        assert back.sort == sort and back.filter_text == "junyue"
        await pilot.press("escape")  # to the people: still filtered and sorted
        await pilot.pause()
        assert back.person is None and [p.name for p in back.shown] == ["Chang Junyue"]
        await pilot.press("escape", "escape")  # the filter cleared, then the reader
        await wait_until(pilot, lambda: app.screen is main)
        # h (or esc) on an article not opened from the People view goes to the list.
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert app.screen is main and main.focused is main.article_list
