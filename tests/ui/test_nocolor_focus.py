"""Without colour (NO_COLOR), every focusable widget and every list cursor shows (issue 22.5):
reverse, underline, bold or a marker, never a colour alone. Checked on the rendered segments with
colours dropped, and by a snapshot per screen (update with --snapshot-update; look at the report)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.segment import Segment
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Select

from newsdesk.ui.mono import without_colour
from newsdesk.ui.screens.edit import EditScreen
from newsdesk.ui.screens.people import PeopleScreen
from newsdesk.ui.screens.queue import QueueScreen

from .conftest import make_app, ready, wait_until
from .edit_support import open_edit

BUNDLED = Path(__file__).parents[2] / "articles"
FIXTURE = Path(__file__).parent / "fixtures" / "newsroom"
REVIEW = Path(__file__).parent / "fixtures" / "review"


@pytest.fixture(autouse=True)
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


Cells = list[tuple[str, tuple[bool, ...]]]


def _looks(seg: Segment) -> tuple[str, tuple[bool, ...]]:
    style = without_colour(seg.style) if seg.style is not None else None
    attrs = (
        (bool(style.bold), bool(style.dim), bool(style.italic), bool(style.underline), bool(style.reverse))
        if style is not None
        else (False,) * 5
    )
    return seg.text, attrs


def region_looks(app: object, widget: Widget | DOMNode) -> list[Cells]:
    """What ``widget``'s region of the screen looks like without colours: text and attributes."""
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    assert isinstance(widget, Widget)
    region = widget.region
    out: list[Cells] = []
    for y in range(region.y, region.bottom):
        strip = strips[y].crop(region.x, region.right)
        cells: Cells = []
        for seg in strip:
            text, attrs = _looks(seg)
            cells.extend((ch, attrs) for ch in text)
        out.append(cells)
    return out


async def test_every_focusable_widget_of_the_edit_form_shows_its_focus(tmp_path: Path) -> None:
    app = make_app(BUNDLED)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, BUNDLED / "2022-09-15-autumn-guest-lecture-series.md")
        assert isinstance(screen, EditScreen)
        form = screen.query_one("#form")
        body = screen.query_one("#body")
        seen: set[str] = set()
        for widget in [w for w in form.query("*") if w.focusable]:
            # The widget, with its field's label, or its person's row
            around = next(
                a for a in widget.ancestors_with_self if a.has_class("item") or a.has_class("field")
            )
            widget.focus()
            await pilot.pause()
            focused = region_looks(app, around)
            body.focus(scroll_visible=False)
            await pilot.pause()
            blurred = region_looks(app, around)
            assert focused != blurred, f"{widget!r} looks the same focused and not, without colour"
            seen.update(c.__name__ for c in type(widget).__mro__)  # VisibleTextArea is a TextArea
        assert {"FieldInput", "Select", "TextArea", "ItemRow", "AddButton"} <= seen, seen


async def test_a_focused_select_is_reversed_without_colour() -> None:
    app = make_app(BUNDLED)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, BUNDLED / "2022-09-15-autumn-guest-lecture-series.md")
        select = screen.query_one(Select)
        select.focus()
        await pilot.pause()
        assert any(attrs[4] for _, attrs in region_looks(app, select)[0] if _.strip())


async def test_the_people_cursor_row_is_reversed_without_colour() -> None:
    app = make_app(FIXTURE, checker=lambda article: list(article.problems))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen) and app.screen.shown != [])
        await pilot.press("j")
        await pilot.pause()
        table = app.screen.query_one("#people-table", DataTable)
        row = table.cursor_row - table.scroll_offset.y + 1  # + the header row
        strips = app.screen._compositor.render_strips()
        line = strips[table.region.y + row].crop(table.region.x, table.region.right)
        assert all(_looks(seg)[1][4] for seg in line if seg.text.strip()), list(line)


async def test_the_review_queue_cursor_row_is_reversed_without_colour() -> None:
    app = make_app(REVIEW)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("R")
        await wait_until(pilot, lambda: isinstance(app.screen, QueueScreen))
        await pilot.pause()
        queue = app.screen.query_one(OptionList)
        highlighted = queue.highlighted
        assert highlighted is not None
        strips = app.screen._compositor.render_strips()
        line = strips[queue.region.y + highlighted - queue.scroll_offset.y]
        line = line.crop(queue.region.x, queue.region.right)
        assert all(_looks(seg)[1][4] for seg in line if seg.text.strip()), list(line)


# -- snapshots: one per screen ------------------------------------------------------------------


def test_edit_form_focused_select_no_color_80x24(snap_compare: object) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        screen = await open_edit(pilot, app, FIXTURE / "2024-03-02-council-budget.md")  # type: ignore[arg-type]
        screen.query_one(Select).focus()
        await pilot.pause(0.2)

    app = make_app(FIXTURE, checker=lambda article: list(article.problems))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)  # type: ignore[operator]


def test_people_view_no_color_cursor_80x24(snap_compare: object) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        await ready(pilot, app)  # type: ignore[arg-type]
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen) and app.screen.shown != [])
        await pilot.press("j")
        await pilot.pause(0.2)

    app = make_app(FIXTURE, checker=lambda article: list(article.problems))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)  # type: ignore[operator]


def test_review_queue_no_color_80x24(snap_compare: object, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from newsdesk.ui import review_render

    monkeypatch.setattr(review_render, "clock", lambda: dt.datetime(2024, 4, 10, 12, 0, tzinfo=dt.UTC))

    async def run_before(pilot: Pilot[None]) -> None:
        await ready(pilot, pilot.app)  # type: ignore[arg-type]
        await pilot.press("R")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, QueueScreen))
        await pilot.pause(0.2)

    assert snap_compare(make_app(REVIEW), terminal_size=(80, 24), run_before=run_before)  # type: ignore[operator]


async def test_the_people_cursor_row_shows_while_the_filter_is_typed_into() -> None:
    app = make_app(FIXTURE, checker=lambda article: list(article.problems))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen) and app.screen.shown != [])
        await pilot.press("slash", "a")
        await pilot.pause()
        table = app.screen.query_one("#people-table", DataTable)
        assert not table.has_focus
        row = table.cursor_row - table.scroll_offset.y + 1
        strips = app.screen._compositor.render_strips()
        line = strips[table.region.y + row].crop(table.region.x, table.region.right)
        assert all(_looks(seg)[1][3] for seg in line if seg.text.strip()), list(line)
