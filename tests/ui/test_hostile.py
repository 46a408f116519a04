"""Article text is data: markup shows literally, links and clicks run nothing, control chars never
reach the terminal."""

from __future__ import annotations

from pathlib import Path

from newsdesk.ui.commands import ArticleProvider

from .conftest import article, make_app, ready, wait_until, write_folder
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


# -- control characters never shift a row or a border (measured as tmux does) -----------------

import ctypes  # noqa: E402
import ctypes.util  # noqa: E402
import unicodedata  # noqa: E402

import pytest  # noqa: E402

#: Invisible or layout-changing characters: terminals and tmux disagree on their width.
SNEAKY = "\x1b[2J\x07\x9b\u2028\u200b\u202e\ufeff\u2066\x7f"


#: The same, as YAML double-quoted escapes (a raw ESC is not allowed in YAML).
SNEAKY_YAML = "\\e[2J\\a\\x9b\\u2028\\u200b\\u202e\\ufeff\\u2066\\x7f"


def sneaky_folder(tmp_path: Path) -> Path:
    extra = (
        f'section: "Sec{SNEAKY_YAML}tion"\n'
        f'summary: "Sum{SNEAKY_YAML}mary"\n'
        "attendees:\n"
        f'  - name: "Na{SNEAKY_YAML}me"\n'
        f'    role: "Ro{SNEAKY_YAML}le"\n'
        f'tags: ["t{SNEAKY_YAML}ag"]\n'
        f'unknown_field: "Un{SNEAKY_YAML}known"\n'
    )
    body = f"Body {SNEAKY} text.\n\n| a | b{SNEAKY} |\n|---|---|\n| 1 | 2 |\n"
    title = f"Ti{SNEAKY}tle".replace('"', "")
    return write_folder(
        tmp_path / "sneaky",
        {
            "a.md": article(title, byline=f"By{SNEAKY}line", body=body, extra=extra),
            "b.md": article("Plain neighbour", date="2023-01-01"),
        },
    )


class _Wcwidth:
    """The C library's wcwidth in a UTF-8 locale: what tmux and most terminals use."""

    def __init__(self) -> None:
        self.libc = ctypes.CDLL(ctypes.util.find_library("c"))
        self.libc.setlocale.restype = ctypes.c_char_p
        self.libc.setlocale.argtypes = [ctypes.c_int, ctypes.c_char_p]
        self.libc.wcwidth.argtypes = [ctypes.c_wchar]
        self.lc_ctype = 0  # LC_CTYPE on glibc

    def width(self, text: str) -> int:
        old = self.libc.setlocale(self.lc_ctype, None)
        if not self.libc.setlocale(self.lc_ctype, b"C.UTF-8"):
            pytest.skip("no C.UTF-8 locale")
        try:
            widths = [self.libc.wcwidth(ch) for ch in text]
        finally:
            self.libc.setlocale(self.lc_ctype, old)
        assert -1 not in widths, [ch for ch in text if self.libc.wcwidth(ch) == -1]
        return sum(widths)


def rows_and_borders(app: object) -> tuple[list[str], set[tuple[int, ...]]]:
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    rows = ["".join(seg.text for seg in strip) for strip in strips]
    borders = set()
    for row in rows[1:-2]:  # under the list header, above the message line and footer
        cells: list[int] = []
        col = 0
        for ch in row:
            if ch in "▏┃":
                cells.append(col)
            col += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        borders.add(tuple(cells))
    return rows, borders


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_control_characters_never_shift_a_row_or_a_border(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    wc = _Wcwidth()
    app = make_app(sneaky_folder(tmp_path))
    async with app.run_test(size=size) as pilot:
        await ready(pilot, app)
        text = screen_text(app)
        assert "<U+202E>" in text and "^[" in text  # shown, harmlessly
        for keys in ([], ["p"], ["p", "r"], ["r", "j"], ["k", "ctrl+p", *"Ti"]):
            await pilot.press(*keys)
            await pilot.pause(0.1)
            rows, borders = rows_and_borders(app)
            for row in rows:
                assert wc.width(row) == size[0], row
                assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in row), row
            if not keys or keys[-1] != "i":  # (the palette covers the panes)
                assert len(borders) == 1, borders  # every pane border in the same column


# -- one huge value is bounded everywhere it is shown ----------------------------------------------


async def test_a_2mb_title_is_cut_long_before_it_is_laid_out(tmp_path: Path) -> None:
    huge = "Huge" + "x" * 2_000_000
    folder = write_folder(
        tmp_path / "huge",
        {"huge.md": article(huge, body="Short body."), "b.md": article("Plain", date="2023-01-01")},
    )
    app = make_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        view = screen.article_view
        assert view.shown is not None and view.shown.article.metadata["title"] == huge
        assert len(view.lines) < 40  # the title is cut: a few rows, not 40,000
        title_rows = [s.text for s in view.lines if "xxxx" in s.text]
        assert title_rows and title_rows[-1].rstrip().endswith("…")
        # The list row and the palette get a bounded title too.
        row = screen.article_list.render_line(0).text
        assert row.rstrip().endswith("…") and len(row) == screen.article_list.scrollable_content_region.width
        hits = [hit async for hit in ArticleProvider(app.screen).search("Huge")]
        assert hits and len(hits[0].text or "") <= 200
        # The raw view: the file is cut at 200,000 characters and says so; the long line too.
        await pilot.press("r")
        await wait_until(pilot, lambda: view.page.raw is not None)
        await pilot.pause()
        assert len(view.lines) < 400
        text = "".join("".join(s.text.split()) for s in view.lines)
        assert "line2iscuthereintheview:2,000,013characters" in text
        assert "Theviewiscuthere,atcharacter200,000of2,000,0" in text


async def test_raw_view_of_a_long_file_says_where_it_was_cut(tmp_path: Path) -> None:
    body = "\n".join(f"Line {i} of a very long article body." for i in range(8000))
    folder = write_folder(tmp_path / "long", {"long.md": article("Long", body=body)})
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("r")
        view = app.main_screen.article_view  # type: ignore[union-attr]
        await wait_until(pilot, lambda: view.page.raw is not None)
        await pilot.press("enter", "G")
        await pilot.pause()
        size = len((folder / "long.md").read_text())
        last = " ".join(" ".join(s.text.split()) for s in view.lines[-3:])
        assert f"The view is cut here, at character 200,000 of {size:,} (line 5,1" in last or (
            f"The view is cut here, at character 200,000 of {size:,} (line 51" in last
        )
        assert "the file itself is not changed" in last
        # The rendered view says it too.
        await pilot.press("r", "G")
        await pilot.pause()
        assert "The body is cut here in the view" in " ".join(screen_text(app).split())


# -- the edit form shows control characters as symbols and keeps them (issue 25, item 1) ------


async def test_edit_form_shows_symbols_and_saves_hostile_values_unchanged(tmp_path: Path) -> None:
    from newsdesk.core.model.textsafe import visible
    from newsdesk.ui.widgets.body_editor import BodyEditor
    from newsdesk.ui.widgets.form_fields import InputField, StringListField, TextField

    from .edit_support import changed_lines, open_edit
    from .test_terminal import hostile_article

    path = hostile_article(tmp_path / "articles")
    before = path.read_bytes()
    app = make_app(path.parent)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        title = screen.controls["title"]
        assert isinstance(title, InputField)
        # The value is the real text; what is drawn is its visible form, cursor included.
        assert title.input.value.startswith("Title \x1b]52;c;SGVsbG8=\x07|\x1b[2J|")
        drawn = title.input.render_line(0).text
        assert drawn.startswith("Title ␛]52;c;SGVsbG8=␇|␛[2J|␛]8;;https://")
        assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch == "\u202e" for ch in drawn)
        summary, tags = screen.controls["summary"], screen.controls["tags"]
        assert isinstance(summary, TextField) and isinstance(tags, StringListField)
        for area in (summary.area, tags.area, screen.query_one("#body", BodyEditor)):
            area_text = "".join(area.render_line(y).text for y in range(area.size.height))
            assert "␛]52" in area_text and "\x1b" not in area_text and "\x9b" not in area_text
        # The summary wraps where its symbols reach the edge: every character is on screen (the
        # wrapping measured the controls as zero cells wide, and cut the end of a row off).
        box = summary.area.content_region
        screen_rows = app.screen._compositor.render_strips()  # (what reaches the terminal)
        rows = [strip.crop(box.x, box.right).text for strip in screen_rows[box.y : box.bottom]]
        assert "".join("".join(rows).split()) == "".join(visible(summary.area.text).split())
        # The symbols are characters like any other: backspace at the end of the section deletes
        # its U+202E (drawn as �); undone, the value is the real text again.
        section = screen.controls["section"]
        assert isinstance(section, InputField)
        section.input.focus()
        value = section.input.value
        await pilot.press("end", "backspace")
        assert section.input.value == value[:-1] and value[-1] == "\u202e"
        await pilot.press("ctrl+z")
        assert section.input.value == value
        # Saving another field writes every hostile value back byte for byte.
        date = screen.controls["date"]
        assert isinstance(date, InputField)
        date.input.focus()
        await pilot.press("end", "backspace", "2", "ctrl+s")
        await pilot.pause()
        assert not screen.dirty
    assert changed_lines(before, path.read_bytes()) == [(b"date: 2024-01-01\n", b"date: 2024-01-02\n")]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_edit_form_draws_invisible_characters_one_cell_wide(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """The form's inputs and text areas: every row exactly the screen's width as a terminal
    counts it, with no control or format character in it."""
    from .edit_support import open_edit

    wc = _Wcwidth()
    folder = sneaky_folder(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=size) as pilot:
        await open_edit(pilot, app, folder / "a.md")
        for keys in ([], ["tab"] * 6, ["tab"] * 6):
            await pilot.press(*keys)
            await pilot.pause(0.1)
            rows, _ = rows_and_borders(app)
            for row in rows:
                assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in row), row
                assert wc.width(row) == size[0], row
            assert any("␛" in row for row in rows)
