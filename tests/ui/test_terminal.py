"""The app and the terminal it runs on: no colour with NO_COLOR or on a mono terminal (issue 9,
bug 1), and a clear exit without a terminal (issue 8)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rich.segment import Segment

from newsdesk.ui.mono import wants_no_colour

from .conftest import make_app, ready, wait_until
from .ptyrun import PtyApp, app_env, colour_codes
from .test_app import screen_text

BUNDLED = Path(__file__).parents[2] / "articles"


def segments(app: object) -> list[Segment]:
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return [seg for strip in strips for seg in strip]


def coloured(app: object) -> list[tuple[str, str]]:
    """(text, style) of every segment drawn with a colour other than the terminal's default."""
    out = []
    for seg in segments(app):
        style = seg.style
        if style is None:
            continue
        for colour in (style.color, style.bgcolor):
            if colour is not None and not colour.is_default:
                out.append((seg.text, str(style)))
    return out


def cursor_row_style(app: object) -> list[object]:
    lst = app.main_screen.article_list  # type: ignore[attr-defined]
    strip = lst.render_line(lst.cursor - lst.scroll_offset.y)
    return [seg.style for seg in strip if seg.text.strip()]


# -- NO_COLOR in the app (rendered segments) -------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_no_color_draws_no_colour_anywhere(
    size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(BUNDLED)
    async with app.run_test(size=size) as pilot:
        await ready(pilot, app)
        assert app.no_color
        assert coloured(app) == []
        # The cursor row is visible without colour: reverse (the list has the focus) ...
        assert all(style.reverse for style in cursor_row_style(app))  # type: ignore[attr-defined]
        # ... and the focused pane is marked by a heavy border, not by a colour.
        assert "┃" not in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "┃" in screen_text(app)
        assert all(style.underline for style in cursor_row_style(app))  # type: ignore[attr-defined]
        assert coloured(app) == []
        for keys in (["r"], ["r", "h", "slash", "s", "t"], ["escape", "question_mark"], ["escape", "ctrl+p"]):
            await pilot.press(*keys)
            await pilot.pause(0.2)
            assert coloured(app) == [], keys
        await pilot.press("escape")


async def test_filter_input_cursor_is_visible_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(BUNDLED)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await pilot.press("slash", "x")
        await pilot.pause()
        box = app.screen.query_one("#filter")
        line = box.render_line(0)  # type: ignore[attr-defined]
        assert any(seg.style and seg.style.reverse for seg in line)


async def test_empty_no_color_keeps_colours_and_never_draws_black_on_black(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """NO_COLOR="" is not set (no-color.org); Textual's own NO_COLOR filter turned the ANSI theme
    into black on black: it is never used."""
    monkeypatch.setenv("NO_COLOR", "")
    app = make_app(BUNDLED)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        assert not app.no_color
        assert coloured(app) != []
        for seg in segments(app):
            style = seg.style
            if style and seg.text.strip() and style.color and style.bgcolor and not style.color.is_default:
                assert style.color != style.bgcolor, seg


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"NO_COLOR": "1", "TERM": "xterm-256color"}, True),
        ({"NO_COLOR": "", "TERM": "xterm-256color"}, False),
        ({"TERM": "xterm-256color"}, False),
        ({"TERM": "screen-256color"}, False),
        ({"TERM": "xterm"}, False),
        ({"TERM": "xterm-mono"}, True),
        ({"TERM": "vt100"}, True),
        ({"TERM": "vt220"}, True),
        ({"TERM": "xterm-r6"}, True),  # not named anywhere: terminfo says it has no colours
        ({"TERM": "mach"}, True),
        ({"TERM": "no-such-terminal"}, False),
    ],
)
def test_which_terminals_get_no_colour(environ: dict[str, str], expected: bool) -> None:
    assert wants_no_colour(environ) is expected


# -- the real app in a pty -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "size"),
    [
        ({"NO_COLOR": "1"}, (80, 24)),
        ({"NO_COLOR": "1"}, (120, 36)),
        ({"TERM": "xterm-mono"}, (80, 24)),
        ({"TERM": "vt100"}, (120, 36)),
    ],
)
def test_no_colour_reaches_the_terminal(tmp_path: Path, extra: dict[str, str], size: tuple[int, int]) -> None:
    app = PtyApp([str(BUNDLED)], *size, app_env(tmp_path, **extra))
    try:
        first = app.read(1.5)
        assert b"Postgraduate" in first or b"Loading" in first
        for keys in ("j", "l", "G", "r", "h", "/st", "\x1b", "?"):
            app.send(keys)
        app.send("\x1b")
        app.send("q")
        assert app.wait() == 0
    finally:
        app.close()
    assert len(app.output) > 2000
    assert b"\x1b[7m" in app.output or b";7m" in app.output or b"[7;" in app.output  # reverse is used
    assert colour_codes(bytes(app.output)) == []


def test_colours_reach_the_terminal_otherwise(tmp_path: Path) -> None:
    """The check above can fail: without NO_COLOR the same run has colours."""
    app = PtyApp([str(BUNDLED)], 80, 24, app_env(tmp_path))
    try:
        app.read(1.5)
        app.send("q")
        assert app.wait() == 0
    finally:
        app.close()
    assert colour_codes(bytes(app.output)) != []


# -- no terminal ---------------------------------------------------------------------------------


def test_without_a_terminal_the_app_exits_2_and_says_what_works(tmp_path: Path) -> None:
    """`newsdesk articles </dev/null >log` used to spin at 100% CPU writing escape codes."""
    env = app_env(tmp_path)
    with (tmp_path / "log").open("wb") as log:
        done = subprocess.run(
            [sys.executable, "-m", "newsdesk", str(BUNDLED)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.PIPE,
            env=env,
            timeout=30,
        )
    assert done.returncode == 2
    message = done.stderr.decode()
    assert message.count("\n") == 1, message
    assert "needs a terminal" in message and "stdin" in message and "stdout" in message
    assert "validate" in message and "list" in message and "show" in message
    assert (tmp_path / "log").read_bytes() == b""


def test_stdout_redirected_from_a_terminal_is_refused_too(tmp_path: Path) -> None:
    log = tmp_path / "log"
    # `newsdesk articles >log` typed at a terminal: stdin and stderr are the pty, stdout a file.
    script = (
        "import sys; from newsdesk.cli import main; "
        f"sys.stdout = open({str(log)!r}, 'w'); sys.exit(main([{str(BUNDLED)!r}]))"
    )
    run = PtyApp(["-c", script], 80, 24, app_env(tmp_path), module=False)
    try:
        run.read(1.0)
        assert run.wait() == 2
    finally:
        run.close()
    assert b"needs a terminal" in run.output and b"stdout is not one" in run.output


async def test_pilot_runs_are_not_refused(tmp_path: Path) -> None:
    """The check is in the command, not in the App: tests and embedders run it headless."""
    app = make_app(BUNDLED)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: not app.main_screen.scanning)  # type: ignore[union-attr]


# -- article text never reaches the terminal as control sequences (issue 25, item 1) ----------

#: What a hostile article holds in every field: a clipboard write (OSC 52), clear screen, an OSC 8
#: link, BEL, a colour (CSI), a C1 CSI and a right-to-left override. (YAML double-quoted escapes:
#: YAML allows no raw ESC; the body, which is not YAML, holds them raw.)
HOSTILE_YAML = "\\e]52;c;SGVsbG8=\\a|\\e[2J|\\e]8;;https://evil.example\\e\\\\click\\e]8;;\\e\\\\|\\a|\\e[31m|\\x9b31m|\\u202e"
HOSTILE_RAW = "\x1b]52;c;SGVsbG8=\x07|\x1b[2J|\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\|\x07|\x1b[31m|\x9b31m|\u202e"


def hostile_article(folder: Path) -> Path:
    folder.mkdir()
    path = folder / "evil.md"
    path.write_text(
        "---\n"
        f'title: "Title {HOSTILE_YAML} end"\n'
        "date: 2024-01-01\n"
        "status: draft\n"
        f'byline: "By {HOSTILE_YAML}"\n'
        f'section: "Sec {HOSTILE_YAML}"\n'
        f'summary: "Sum {HOSTILE_YAML}"\n'
        f'tags: ["tag {HOSTILE_YAML}", "plain"]\n'
        "attendees:\n"
        f'  - name: "Name {HOSTILE_YAML}"\n'
        f'    role: "Role {HOSTILE_YAML}"\n'
        f'unknown_field: "Unknown {HOSTILE_YAML}"\n'
        "---\n\n"
        f"Body {HOSTILE_RAW} end.\n",
        encoding="utf-8",
    )
    return path


def article_sequences(written: bytes) -> list[str]:
    """What in ``written`` can only have come from the article's control characters: the app's
    own output has no clipboard write, clear screen, link, C1 control or bidi override."""
    text = written.decode("utf-8", "replace")
    found = [seq for seq in ("\x1b]52", "\x1b[2J", "\x1b]8;", "\x1b[31m", "\u202e") if seq in text]
    found += sorted({f"U+{ord(ch):04X}" for ch in text if 0x80 <= ord(ch) <= 0x9F})
    return found


#: How the form draws each hostile field: ESC and BEL as their visible symbols.
FORM_VALUES = (
    "Title ␛]52;c;SGVsbG8=␇",
    "By ␛]52",
    "Sec ␛]52",
    "Sum ␛]52",
    "tag ␛]52",
    "Body ␛]52",
    "Name ␛]52",
    "Role ␛]52",
)


def test_hostile_article_text_reaches_the_terminal_only_as_visible_symbols(tmp_path: Path) -> None:
    """Every screen showing the article -- the reader, the raw view, the People view and each
    field of the edit form (the title's ESC [ 2 J blanked the screen, a clipboard write went out
    per field) -- writes its control characters as harmless symbols."""
    folder = tmp_path / "articles"
    path = hostile_article(folder)
    before = path.read_bytes()
    app = PtyApp([str(folder)], 100, 40, app_env(tmp_path))
    written: dict[str, bytes] = {}
    try:
        written["reader"] = app.read(2.0)
        written["raw view"] = app.send("r", 1.0)
        app.send("r")
        written["people"] = app.send("w", 1.0)
        app.send("\x1b")
        written["palette"] = app.send("\x10", 0.5) + app.send("Title", 1.0)
        app.send("\x1b")
        written["form"] = app.send("e", 1.5)
        # Tab down the form past the attendee's inputs (open: its name has a problem) until every
        # field has been drawn (the role fields come first, then the rest in file order).
        for _ in range(20):
            written["form"] += app.send("\t", 0.4)
            if all(s.encode() in written["form"] for s in (*FORM_VALUES, "^[]52;c;SGVsbG8=^G")):
                break
        app.send("\x1b", 1.0)
        app.send("q")
        assert app.wait() == 0
    finally:
        app.close()
    for screen, data in written.items():
        assert article_sequences(data) == [], screen
    assert b"SGVsbG8=" in written["reader"] and b"SGVsbG8=" in written["raw view"]
    assert b"Name" in written["people"]
    assert b"Title ^[]52" in written["palette"]
    # The form showed every field: its symbols are the visible form of ESC and BEL.
    form = written["form"].decode("utf-8", "replace")
    for value in FORM_VALUES:
        assert value in form, value
    assert "^[]52;c;SGVsbG8=^G" in form  # the unknown field: kept as is, shown read-only
    assert path.read_bytes() == before


def test_hostile_broken_front_matter_in_the_raw_editor(tmp_path: Path) -> None:
    """Front matter holding raw control characters does not parse: the form opens the whole file in
    the raw editor, which draws them as symbols too."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "broken.md").write_text(
        f"---\ntitle: Broken {HOSTILE_RAW}\nstatus: draft\n---\n\nBody {HOSTILE_RAW}\n", encoding="utf-8"
    )
    app = PtyApp([str(folder)], 100, 30, app_env(tmp_path))
    written: dict[str, bytes] = {}
    try:
        written["reader"] = app.read(2.0)
        written["raw editor"] = app.send("e", 1.5)
        app.send("\x1b", 1.0)
        app.send("q")
        assert app.wait() == 0
    finally:
        app.close()
    for screen, data in written.items():
        assert article_sequences(data) == [], screen
    raw = written["raw editor"].decode("utf-8", "replace")
    # (the cursor rests on the ESC the error is about: the symbol is drawn reversed, apart)
    assert "title: Broken " in raw and "]52;c;SGVsbG8=␇|␛[2J|" in raw and "Body ␛]52" in raw
