"""The last line of every article can be scrolled into view (issue 9, bug 2).

Scrolling animates: the view's offset passes through fractions (58.6 on the way to 59). Textual
repaints a scrolling view only when the *rounded* offset changes, so drawing rows from the
truncated offset left the view one row short after G, end or a held j. Every key that goes down
must end with the article's last line on the pane's last row, at 80x24 and 120x36, after a
resize and in the raw view.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from newsdesk.ui.widgets.article_view import ArticleView

from .conftest import make_app, ready, wait_until

BUNDLED = Path(__file__).parents[2] / "articles"
KEYS = ("G", "end", "j", "space")


def pane_rows(app: object, view: ArticleView) -> list[str]:
    """What the pane's text area shows, row by row (from the composed screen)."""
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    region = view.scrollable_content_region
    return [strips[y].crop(region.x, region.right).text for y in range(region.y, region.bottom)]


async def at_bottom(pilot: object, app: object, view: ArticleView) -> None:
    await pilot.wait_for_scheduled_animations()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert view.scroll_y == view.max_scroll_y
    rows = pane_rows(app, view)
    last = view.lines[-1].text.rstrip()
    assert last, "the last line of an article is never blank"
    if len(view.lines) > len(rows):
        assert rows[-1].rstrip() == last, f"last row shows {rows[-1]!r}, not {last!r}"
    else:
        assert any(row.rstrip() == last for row in rows)


async def press_down(pilot: object, app: object, view: ArticleView, key: str) -> None:
    if key in ("G", "end"):
        await pilot.press(key)  # type: ignore[attr-defined]
        return
    # A held key: as many presses as there are rows (or pages) to go, plus one, all queued at
    # once as a terminal delivers a key repeat.
    presses = view.max_scroll_y - view.scroll_offset.y + 2
    if key == "space":
        presses = presses // max(1, view.scrollable_content_region.height - 1) + 2
    for _ in range(presses):
        app.post_message(events.Key(key, " " if key == "space" else key))  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: view.scroll_y == view.max_scroll_y)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_every_bundled_article_scrolls_to_its_last_line(size: tuple[int, int]) -> None:
    app = make_app(BUNDLED)
    async with app.run_test(size=size) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        view = screen.article_view
        count = len(screen.article_list.rows)
        assert count >= 10
        for index in range(count):
            screen.article_list.move_to(index)
            await ready(pilot, app)
            await pilot.press("enter")
            # Each article with one key, the keys taking turns (every key on several articles).
            await press_down(pilot, app, view, KEYS[index % len(KEYS)])
            await at_bottom(pilot, app, view)
            await pilot.press("h")


async def test_a_scroll_that_ends_between_rows_draws_the_last_line() -> None:
    """The root cause: an animated scroll passes fractional offsets; the view must be drawn from
    the offset Textual repaints on (rounded), or its last frame shows the row above."""
    app = make_app(BUNDLED)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        view = app.main_screen.article_view  # type: ignore[union-attr]
        end = view.max_scroll_y
        assert end > 1
        view.scroll_to(y=end - 0.4, animate=False, immediate=True)  # as mid-animation
        await pilot.pause()
        view.scroll_to(y=end, animate=False, immediate=True)  # the animation's last step
        await at_bottom(pilot, app, view)
        # Animated, as a mouse wheel or another caller may still scroll.
        view.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        view.scroll_end(animate=True, duration=0.2)
        await at_bottom(pilot, app, view)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_last_line_reachable_after_a_resize_and_in_the_raw_view(size: tuple[int, int]) -> None:
    app = make_app(BUNDLED)
    async with app.run_test(size=size) as pilot:
        await ready(pilot, app)
        view = app.main_screen.article_view  # type: ignore[union-attr]
        await pilot.press("enter", "G")
        await at_bottom(pilot, app, view)
        width, height = size
        await pilot.resize_terminal(width + 17, height + 5)
        await pilot.pause()
        await pilot.press("G")
        await at_bottom(pilot, app, view)
        await pilot.resize_terminal(width, height)
        await pilot.pause()
        await pilot.press("end")
        await at_bottom(pilot, app, view)
        await pilot.press("r")
        await pilot.pause()
        assert view.raw
        for key in ("G", "j", "space"):
            await pilot.press("g")
            await press_down(pilot, app, view, key)
            await at_bottom(pilot, app, view)
