"""Edit mode at 80x24 (issue 22.2 and 22.3): Tab goes from field to field (a list of people is one
stop, arrows move within it), a field picker jumps to any field and shows it, and ctrl+z puts back
the person removed last."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsdesk.ui.screens.edit import EditScreen
from newsdesk.ui.widgets.object_list import ItemRow, ObjectListField

from .conftest import make_app, wait_until
from .edit_support import open_edit

BUNDLED = Path(__file__).parents[2] / "articles"
NAME = "2022-09-15-autumn-guest-lecture-series.md"


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copy(BUNDLED / NAME, folder / NAME)
    return folder


def speakers(screen: EditScreen) -> ObjectListField:
    control = screen.controls["speakers"]
    assert isinstance(control, ObjectListField)
    return control


async def test_ctrl_z_puts_back_the_person_removed_last(desk: Path) -> None:
    path = desk / NAME
    before = path.read_bytes()
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, path)
        lst = speakers(screen)
        first = lst.rows[0].value()
        lst.rows[0].focus()
        await pilot.pause()
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: len(lst.rows) == 1)
        assert screen.is_dirty()
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: len(lst.rows) == 2)
        assert lst.rows[0].value() == first
        assert not screen.is_dirty()
        await wait_until(pilot, lambda: screen.focused is lst.rows[0])
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert path.read_bytes() == before


def field_of(screen: EditScreen) -> str | None:
    control = screen._control_of(screen.focused)
    return control.field_name if control is not None else None


def in_view(screen: EditScreen) -> bool:
    focused = screen.focused
    form = screen.query_one("#form")
    return focused is not None and form.region.contains_region(focused.region)


async def test_tab_from_the_title_reaches_the_speakers_in_few_presses(desk: Path) -> None:
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, desk / NAME)
        assert field_of(screen) == "title"
        seen: list[str | None] = []
        for _ in range(15):
            await pilot.press("tab")
            await pilot.pause()
            seen.append(field_of(screen))
            assert in_view(screen) or field_of(screen) is None, seen
            if seen[-1] == "speakers":
                break
        assert seen[-1] == "speakers", seen
        # One stop per field: the four attendees are passed with one Tab.
        assert seen.count("attendees") == 1, seen
        # shift+tab goes back the same way.
        await pilot.press("shift+tab")
        await pilot.pause()
        assert field_of(screen) == "attendees"


async def test_arrows_move_within_a_list_of_people_and_tab_leaves_it(desk: Path) -> None:
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, desk / NAME)
        attendees = screen.controls["attendees"]
        assert isinstance(attendees, ObjectListField)
        rows = attendees.rows
        rows[0].focus()
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()
        assert screen.focused is rows[2]
        await pilot.press("up")
        await pilot.pause()
        assert screen.focused is rows[1] and in_view(screen)
        await pilot.press("tab")
        await pilot.pause()
        assert field_of(screen) == "speakers"
        # Back into the list: at the person focused last.
        await pilot.press("shift+tab")
        await pilot.pause()
        assert screen.focused is rows[1]
        assert isinstance(screen.focused, ItemRow)


async def test_the_field_picker_jumps_and_shows_the_field(desk: Path) -> None:
    from newsdesk.ui.screens.field_picker import FieldPicker

    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, desk / NAME)
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, FieldPicker))
        await pilot.press(*"spea", "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert field_of(screen) == "speakers"
        assert in_view(screen)
        # The organizations field, by a few of its letters, then esc changes nothing.
        await pilot.press("ctrl+g", *"orgs", "enter")
        await wait_until(pilot, lambda: app.screen is screen and field_of(screen) == "organizations")
        await pilot.press("ctrl+g", "escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert field_of(screen) == "organizations"


async def test_alt_p_goes_to_the_lists_of_people(desk: Path) -> None:
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, desk / NAME)
        await pilot.press("alt+p")
        await pilot.pause()
        assert field_of(screen) == "attendees" and in_view(screen)
        await pilot.press("alt+p")
        await pilot.pause()
        assert field_of(screen) == "speakers" and in_view(screen)
