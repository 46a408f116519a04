"""Article text is data: markup shows literally, links and clicks run nothing, control chars never
reach the terminal."""

from __future__ import annotations

from pathlib import Path

from newsdesk.ui.commands import ArticleProvider

from .conftest import article, make_app, ready, write_folder
from .test_app import screen_text

TITLE = "[@click=app.quit]x[/] [bold]y"
OSC52 = "\x1b]52;c;SGVsbG8=\x07"
OSC8 = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"


def hostile_folder(tmp_path: Path) -> Path:
    body = (
        f"Clipboard {OSC52} and link {OSC8} and clear \x1b[2J here.\n\n"
        "[run quit](app.quit) and [shot](app.screenshot('/tmp/x.svg')) and C1 \x9b31m.\n"
    )
    extra = (
        "attendees:\n"
        "  - name: \"[@click=app.screenshot('/tmp/pwn.svg')]Mallory[/]\"\n"
        '    role: "\\e]52;c;SGVsbG8=\\a"\n'
        "tags: ['[red]tag[/red]']\n"
    )
    return write_folder(
        tmp_path / "hostile",
        {"evil.md": article(TITLE, byline="Eve \x1b[31mRed", body=body, extra=extra)},
    )


def all_segments(app: object) -> list[object]:
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return [seg for strip in strips for seg in strip]


async def test_markup_in_article_text_shows_literally(tmp_path: Path) -> None:
    app = make_app(hostile_folder(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        text = screen_text(app)
        assert TITLE[:20] in text  # in the list row and the header
        assert text.count("[@click=app.quit]x[/]") >= 2
        assert "[@click=app.scr" in text and "Mallory[/]" in text  # (may wrap)
        assert "[red]tag[/red]" in text
        # Nothing on screen carries a click action from article text.
        for seg in all_segments(app):
            meta = seg.style.meta if seg.style else {}  # type: ignore[attr-defined]
            assert "quit" not in str(meta.get("@click", "")) and "screenshot" not in str(
                meta.get("@click", "")
            )


async def test_clicking_hostile_title_does_nothing(tmp_path: Path) -> None:
    app = make_app(hostile_folder(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        text_lines = screen_text(app).splitlines()
        for y, line in enumerate(text_lines):
            x = line.find("[@click")
            if x >= 0:
                await pilot.click(offset=(x + 2, y))
                await pilot.click(offset=(x + 18, y))
        await pilot.pause()
        assert app.is_running
        assert not Path("/tmp/pwn.svg").exists()


async def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    app = make_app(hostile_folder(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        for raw in (False, True):
            if raw:
                await pilot.press("r")
                await pilot.pause()
            segments = all_segments(app)
            joined = "".join(seg.text for seg in segments)  # type: ignore[attr-defined]
            assert "\x1b" not in joined and "\x07" not in joined and "\x9b" not in joined
            assert "^[" in joined  # shown harmlessly, in caret notation
        # Body links are plain text: no OSC 8 hyperlink, nothing to click.
        for seg in segments:
            assert not (seg.style and seg.style.link)  # type: ignore[attr-defined]


async def test_body_links_never_run_actions(tmp_path: Path) -> None:
    app = make_app(hostile_folder(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        text = screen_text(app)
        assert "run quit (app.quit)" in text.replace("\n", " ") or "(app.quit)" in text
        for y, line in enumerate(text.splitlines()):
            x = line.find("run quit")
            if x >= 0:
                await pilot.click(offset=(x + 1, y))
        await pilot.pause()
        assert app.is_running


async def test_palette_hits_are_plain_text(tmp_path: Path) -> None:
    app = make_app(hostile_folder(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        provider = ArticleProvider(app.screen)
        hits = [hit async for hit in provider.search("click")]
        assert hits, "the hostile title should match"
        assert hits[0].match_display.plain == TITLE  # type: ignore[union-attr]
        assert hits[0].text == TITLE
