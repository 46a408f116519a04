"""Issue 22 (a new editor's first hour, at 80x24): the list's title width and header, kept edits
said at start-up, the People view's place, the form's labels and the help's keys."""

from __future__ import annotations

import re
from pathlib import Path

from newsdesk.ui.screens.help import HelpScreen, HelpView

from .conftest import make_app, ready, wait_until, write_folder
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
