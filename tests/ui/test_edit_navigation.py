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
