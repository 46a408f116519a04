"""The People view (``w``), the sidebar's counts and ``w`` on the sidebar: Pilot and snapshots."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from newsdesk.ui.screens.people import PeopleScreen
from newsdesk.ui.widgets.article_view import PeopleView

from .conftest import make_app, ready, wait_until

FIXTURE = Path(__file__).parent / "fixtures" / "people"


@pytest.fixture
def people_folder(tmp_path: Path) -> Path:
    target = tmp_path / "people"
    shutil.copytree(FIXTURE, target)
    return target


async def people_ready(pilot: Pilot[None]) -> PeopleScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, PeopleScreen))
    screen = pilot.app.screen
    assert isinstance(screen, PeopleScreen)
    await wait_until(pilot, lambda: screen.index is not None and screen.index.similar_ready)
    await pilot.pause()
    return screen


def names(screen: PeopleScreen) -> list[str]:
    return [p.name for p in screen.shown]


async def test_w_lists_everyone_with_counts(people_folder: Path) -> None:
    app = make_app(people_folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        await pilot.press("w")
        screen = await people_ready(pilot)
        assert names(screen) == [
            "Ana Ruiz", "Chang Junyu", "Chang Junyue", "José Ortega", "Liu Hong", "Tom Berg", "刘红", "常俊越",
        ]  # fmt: skip
        liu = screen.index.person_named("Hong Liu")  # type: ignore[union-attr]
        assert liu is not None and (liu.attended, liu.spoke, liu.last_date) == (4, 2, "2023-09-08")
        row = screen.table.get_row_at(names(screen).index("Liu Hong"))
        assert [cell.plain for cell in row] == ["Liu Hong", "4", "2", "2023-09-08", "President"]


async def test_filter_as_you_type_and_sort(people_folder: Path) -> None:
    app = make_app(people_folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        await pilot.press("w")
        screen = await people_ready(pilot)
        await pilot.press("slash", "c", "h", "a")
        assert names(screen) == ["Chang Junyu", "Chang Junyue"]
        await pilot.press("backspace", "backspace", "backspace", "p", "r", "o", "f")  # a spelling
        assert names(screen) == ["Liu Hong"]
        await pilot.press("escape")
        assert len(names(screen)) == 8
        await pilot.press("s")
        assert screen.sort == "count" and names(screen)[0] == "Liu Hong"
        assert screen.table.cursor_row == 0  # the new first row: enter opens the one shown
        await pilot.press("enter")
        assert screen.person is not None and screen.person.name == "Liu Hong"
        await pilot.press("escape")
        await pilot.press("s")
        assert screen.sort == "last" and names(screen)[:2] == ["刘红", "常俊越"]
        await pilot.press("s")
        assert screen.sort == "name"


async def test_enter_lists_articles_and_enter_again_opens_one(people_folder: Path) -> None:
    app = make_app(people_folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        await pilot.press("w")
        screen = await people_ready(pilot)
        screen.table.move_cursor(row=names(screen).index("Chang Junyue"))
        await pilot.press("enter")
        assert screen.person is not None and screen.person.name == "Chang Junyue"
        rows = [
            [c.plain for c in screen.article_table.get_row_at(i)]
            for i in range(screen.article_table.row_count)
        ]
        assert rows == [
            [
                "2023-06-20",
                "attendee and speaker",
                "Executive Vice President",
                "Teaching Awards for Twelve Lecturers",
            ],
            ["2023-01-12", "attendee", "Vice President", "Council Sets the 2023 Budget"],
        ]
        await pilot.press("escape")  # back to the people, cursor kept
        assert screen.person is None and screen.shown[screen.table.cursor_row].name == "Chang Junyue"
        await pilot.press("enter", "j", "enter")
        main = app.main_screen
        assert main is not None
        await wait_until(pilot, lambda: app.screen is main)
        await wait_until(
            pilot,
            lambda: (
                main.article_view.shown is not None
                and main.article_view.shown.path.name == "2023-01-12-budget.md"
            ),
        )
        assert main.focused is main.article_view


async def test_sidebar_counts_and_w_jumps_to_the_person(people_folder: Path) -> None:
    app = make_app(people_folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        main = app.main_screen
        assert main is not None
        await wait_until(pilot, lambda: main.people is not None)
        await pilot.pause()
        sidebar = main.query_one(PeopleView)
        text = "\n".join(line.plain for line, _ in sidebar.source)
        # The newest article is the Chinese one: 刘红 appears nowhere else; Liu Hong's card would.
        assert "常俊越 — 常务副校长" in text and "other article" not in text
        await pilot.press("j")  # the autumn opening
        await wait_until(
            pilot,
            lambda: (
                main.article_view.shown is not None
                and main.article_view.shown.path.name.startswith("2023-09")
            ),
        )
        await pilot.pause()
        text = "\n".join(line.plain for line, _ in sidebar.source)
        assert "Liu Hong — President · 3 other articles" in text
        assert "Jose Ortega — Dean of Science · 1 other article" in text
        sidebar.focus()
        await pilot.press("j")
        assert sidebar.current_person == "Jose Ortega"
        await pilot.press("w")
        screen = await people_ready(pilot)
        assert screen.person is not None and screen.person.name == "José Ortega"


async def test_people_view_is_text_not_markup(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\ntitle: '[@click=app.quit]x[/]'\ndate: 2024-01-01\nstatus: draft\n"
        "attendees:\n  - name: '[bold]Evil[/] \\e'\n    role: '[@click=app.quit]q[/]'\n---\n",
        encoding="utf-8",
    )
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("w")
        screen = await people_ready(pilot)
        row = [c.plain for c in screen.table.get_row_at(0)]
        assert row[0] == "[bold]Evil[/] \\e" and row[4] == "[@click=app.quit]q[/]"
        await pilot.press("enter")
        assert [c.plain for c in screen.article_table.get_row_at(0)][3] == "[@click=app.quit]x[/]"


async def test_q_quits_from_the_people_view(people_folder: Path) -> None:
    app = make_app(people_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("w")
        await people_ready(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


# -- snapshots ----------------------------------------------------------------------------------------


def make_snapshot_app() -> object:
    return make_app(FIXTURE, checker=lambda article: list(article.problems))


def after(*keys: str) -> Callable[[Pilot[None]], Coroutine[Any, Any, None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await ready(pilot, pilot.app)  # type: ignore[arg-type]
        await pilot.press("w")
        await people_ready(pilot)
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_people_view_snapshot(snap_compare: object, size: tuple[int, int]) -> None:
    assert snap_compare(make_snapshot_app(), terminal_size=size, run_before=after())  # type: ignore[operator]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_person_articles_snapshot(snap_compare: object, size: tuple[int, int]) -> None:
    run_before = after("j", "j", "j", "j", "enter")  # Liu Hong
    assert snap_compare(make_snapshot_app(), terminal_size=size, run_before=run_before)  # type: ignore[operator]


def test_people_view_no_color_80x24(snap_compare: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_snapshot_app(), terminal_size=(80, 24), run_before=after("j"))  # type: ignore[operator]


def test_sidebar_counts_and_cursor_120x40(snap_compare: object) -> None:
    """The sidebar says in how many other articles each person appears; focused, j moves a
    cursor over the people (w opens the People view there)."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        await ready(pilot, app)  # type: ignore[arg-type]
        main = app.main_screen  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: main.people is not None and not main.people_stale)
        await pilot.press("j")  # the autumn opening: people who recur
        await ready(pilot, app)  # type: ignore[arg-type]
        await pilot.press("tab", "tab", "j")
        await pilot.pause()

    assert snap_compare(make_snapshot_app(), terminal_size=(120, 40), run_before=run_before)  # type: ignore[operator]


async def test_sort_from_the_top_stays_at_the_top(people_folder: Path) -> None:
    """Sorting a list whose cursor is on its first row shows the new first row under it (enter
    opens the person shown first), as the article list does."""
    app = make_app(people_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("w")
        screen = await people_ready(pilot)
        await pilot.press("s", "enter")
        assert screen.person is not None and screen.person.name == "Liu Hong"
        await pilot.press("escape", "j", "j", "s")  # on a person: the cursor follows them
        assert screen.sort == "last"
        assert screen.shown[screen.table.cursor_row].name == "José Ortega"
