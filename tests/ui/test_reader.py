"""The reader shows every field, the body gets the room, wrapped lines keep their indent, and the
footer says what enter and esc do while filtering (issue 9: "The reader shows every field",
"Layout and text")."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.read.reader import load_article
from newsdesk.ui import render
from newsdesk.ui.widgets.article_view import PeopleView

from .conftest import make_app, ready, write_folder
from .test_app import screen_text

BUNDLED = Path(__file__).parents[2] / "articles"
REALWORLD = Path(__file__).parents[3] / "shared" / "realworld"

EVERY_FIELD = """---
title: Every field on show
date: 2024-04-02
status: approved
byline: Ada Reporter
section: Research
summary: A summary that must be shown right under the title, in the reader itself.
tags: [alpha, beta]
location: Hall 3
language: en-GB
attendees:
  - name: Greta Guest
    role: Dean of Studies
    organization: Northfield College
    email: greta@example.org
  - group: all the first-year students
speakers:
  - name: Sam Speaker
    role: Director
    organization: Meridian Vaccine Institute
    topic: Why it matters
organizations:
  - Northfield College
  - Meridian Vaccine Institute
related:
  - title: The full report
    url: https://example.org/report
  - url: https://example.org/bare-link
source_url: https://example.org/original
weight: 3
draft_notes:
  reviewer: Kim
---

The body starts here and goes on.
"""


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def lines_text(lines: list[render.Line]) -> str:
    return "\n".join(line.plain for line, _ in lines)


def scalars(value: object) -> list[str]:
    """Every scalar inside a front-matter value, as the reader shows it."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in scalars(v)]
    if isinstance(value, list):
        return [s for v in value for s in scalars(v)]
    if value is None or value == "":
        return []
    if isinstance(value, dt.datetime | dt.date):
        return [value.isoformat()[:10]]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    return [clean_line(value)]


def article_files() -> list[Path]:
    files = sorted(BUNDLED.glob("*.md"))
    if REALWORLD.is_dir():
        files += sorted(REALWORLD.rglob("*.md"))
    return files


def test_nothing_in_the_front_matter_is_invisible(tmp_path: Path) -> None:
    """Every key and every value of every bundled (and real-world) article is in the header or
    the sidebars: unknown fields included."""
    path = write_folder(tmp_path, {"every.md": EVERY_FIELD}) / "every.md"
    checked = 0
    for file in [path, *article_files()]:
        article = load_article(file)
        shown = squash(
            lines_text(render.header(article, [], file.name)) + lines_text(render.details(article, []))
        )
        for key, value in article.metadata.items():
            if key not in ("title", "summary", "date", "status", "byline", "section", "tags", "location"):
                assert squash(str(key)).casefold() in shown.casefold(), (file, key)
            for text in scalars(value):
                # A title's, summary's or name's entities are shown decoded (issue 20 §4).
                found = any(
                    squash(t[:200]).casefold() in shown.casefold() for t in (text, html.unescape(text))
                )
                assert found, (file, key, text)
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_summary_people_organizations_links_and_unknown_fields(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = make_app(write_folder(tmp_path / "desk", {"every.md": EVERY_FIELD}))
    async with app.run_test(size=size) as pilot:
        await ready(pilot, app)
        view = app.main_screen.article_view  # type: ignore[union-attr]
        if size[0] < 100:
            await pilot.press("p")  # narrow: the sidebars' content in the pane
            await pilot.pause()
            side = view.lines
        else:
            side = app.screen.query_one("#sidebar", PeopleView).lines
        pane = "\n".join(strip.text.rstrip() for strip in view.lines)
        text = squash(pane + "\n".join(strip.text for strip in side))
        # The summary right under the title, before the date line.
        assert (
            pane.index("Every field on show") < pane.index("A summary that must") < pane.index("2024-04-02")
        )
        assert squash("Language en-GB") in text
        for expected in (
            "Greta Guest — Dean of Studies, Northfield College",
            "email: greta@example.org",
            "Sam Speaker — Director, Meridian Vaccine Institute",
            "“Why it matters”",
            "Organizations (2)",
            "Related (2)",
            "The full report",
            "https://example.org/report",
            "https://example.org/bare-link",
            "Other fields (3)",
            "source_url",
            "https://example.org/original",
            "weight",
            "reviewer: Kim",
        ):
            assert squash(expected) in text, expected


def test_related_links_are_a_list() -> None:
    article = load_article(BUNDLED / "2022-06-28-commencement-class-of-2022.md")
    lines = [line.plain for line, _ in render.details(article, [])]
    start = lines.index("Related (2)")
    assert lines[start + 1 : start + 5] == [
        "• Commencement 2022 photo gallery",
        "  https://news.westmoor.example.edu/galleries/commencement-2022",
        "• Honorary degree recipients 2022",
        "  https://www.westmoor.example.edu/about/honorary-degrees/2022",
    ]


# -- layout ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(100, 30), (120, 36), (160, 40)])
async def test_the_body_gets_at_least_half_the_width(size: tuple[int, int]) -> None:
    app = make_app(BUNDLED)
    async with app.run_test(size=size) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        width = size[0]
        assert screen.article_view.region.width >= width / 2
        assert 28 <= app.screen.query_one("#sidebar").region.width <= 32
        # The list is narrower but shows more of each title: no date column to make room for.
        row = screen.article_list.render_line(0).text
        title = screen.article_list.rows[0].title
        shown = max((title[:n] for n in range(1, len(title) + 1) if title[:n] in row), key=len)
        if width <= 120:
            assert row.split()[1] == title.split()[0]  # the title right after the badge
        if width == 120:
            assert len(shown) >= 24  # 23 before, beside a date column, in a 43-column list


async def test_at_80x24_the_body_starts_on_the_first_screen() -> None:
    app = make_app(BUNDLED)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        view = screen.article_view
        height = view.scrollable_content_region.height
        for index in range(len(screen.article_list.rows)):
            screen.article_list.move_to(index)
            await ready(pilot, app)
            body = view.page.bodies[view.lines_width].lines  # the body, as rendered
            first = "".join(seg.text for seg in body[0]).rstrip()
            visible = [strip.text.rstrip() for strip in view.lines[:height]]
            assert first in visible, (screen.article_list.current, visible)


# -- wrapped lines keep their indent -------------------------------------------------------------


async def test_sidebar_entries_wrap_under_their_text(tmp_path: Path) -> None:
    app = make_app(write_folder(tmp_path / "desk", {"every.md": EVERY_FIELD}))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        rows = [strip.text.rstrip() for strip in app.screen.query_one("#sidebar", PeopleView).lines]
        start = next(i for i, row in enumerate(rows) if row.startswith("• Greta Guest"))
        following = rows[start + 1]
        assert following.startswith("  ") and not following.startswith("   ")
        assert following.strip() and following.strip()[0] not in "•◆"


async def test_raw_view_continuation_lines_start_after_the_gutter(tmp_path: Path) -> None:
    long_line = " ".join(f"word{i}" for i in range(60))
    text = EVERY_FIELD.replace("The body starts here and goes on.", long_line)
    app = make_app(write_folder(tmp_path / "desk", {"every.md": text}))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("r")
        view = app.main_screen.article_view  # type: ignore[union-attr]
        await pilot.pause()
        await pilot.pause()
        rows = [strip.text.rstrip() for strip in view.lines]
        numbered = [i for i, row in enumerate(rows) if row.split(" ", 1)[0].strip().isdigit()]
        gutter = len(rows[0]) - len(rows[0].lstrip())  # right-aligned numbers: "  1 ---"
        start = next(i for i, row in enumerate(rows) if "word0" in row)
        assert start in numbered
        number_width = len(rows[start].split("word0")[0])
        continuation = rows[start + 1]
        assert start + 1 not in numbered
        assert continuation.startswith(" " * number_width) and continuation[number_width] != " "
        assert gutter >= 0


async def test_help_descriptions_wrap_under_the_description(tmp_path: Path) -> None:
    from newsdesk.ui.screens.help import HelpView

    app = make_app(BUNDLED)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        rows = [strip.text.rstrip() for strip in app.screen.query_one(HelpView).lines]
        start = next(i for i, row in enumerate(rows) if "cycle the status filter" in row)
        column = rows[start].index("cycle the status filter")
        assert rows[start + 1][:column].strip() == ""
        assert rows[start + 1][column] != " "


async def test_footer_says_enter_keep_esc_clear_while_typing_a_filter() -> None:
    app = make_app(BUNDLED)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        footer = screen_text(app).splitlines()[-1]
        assert "Filter" in footer and "keep" not in footer
        await pilot.press("slash", "s")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "enter keep · esc clear" in footer
        assert "Sort" not in footer and "Quit" not in footer  # letters go into the filter
        await pilot.press("escape")
        await pilot.pause()
        assert "Sort" in screen_text(app).splitlines()[-1]
