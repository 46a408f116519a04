"""Edit mode, driven with Pilot: the form, checks before saving, lists of people, leaving."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from textual.widgets import Static

from newsdesk.ui.screens.dialogs import UnsavedDialog
from newsdesk.ui.screens.edit import EditScreen
from newsdesk.ui.screens.main import MainScreen
from newsdesk.ui.widgets.body_editor import BodyEditor
from newsdesk.ui.widgets.field_input import FieldInput
from newsdesk.ui.widgets.form_fields import EnumField, InputField, ReadOnlyField
from newsdesk.ui.widgets.object_list import ObjectListField

from .conftest import make_app, wait_until, write_folder
from .edit_support import changed_lines, open_edit, screen_text

ART = (
    "---\n"
    "title: Council meets\n"
    "date: 2024-03-02\n"
    "status: draft\n"
    "byline: Ana\n"
    "# a comment that must survive\n"
    "speakers:\n"
    "  - name: Ann Lee\n"
    "    role: Dean\n"
    "  - name: Bo Chen\n"
    "custom:\n"
    "  nested: [1, 2]\n"
    "---\n"
    "\n"
    "Ann Lee and Bo Chen spoke.\n"
)


@pytest.fixture
def one(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "articles", {"a.md": ART})


def messages(control: object) -> str:
    """The problems a control shows (as its problems line says them)."""
    lines = [str(w.render()) for w in control.query(".problems")]  # type: ignore[attr-defined]
    return " ".join(" ".join(line.split()) for line in lines)


def title_input(screen: EditScreen) -> FieldInput:
    control = screen.controls["title"]
    assert isinstance(control, InputField)
    return control.input


async def test_e_opens_the_form_focus_on_first_field_and_one_field_save(one: Path) -> None:
    path = one / "a.md"
    before = path.read_bytes()
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        assert app.focused is title_input(screen)
        text = screen_text(app)
        assert "EDIT" in text and "a.md" in text and "draft" in text
        # The roles' fields first (issue 20 §4), then the rest in file order; a control per field.
        assert list(screen.controls)[:5] == ["title", "date", "byline", "summary", "status"]
        assert isinstance(screen.controls["custom"], ReadOnlyField)
        await pilot.press("end", "!", "!")
        assert screen.dirty and "modified" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not screen.dirty and "modified" not in screen_text(app)
    after = path.read_bytes()
    assert changed_lines(before, after) == [(b"title: Council meets\n", b"title: Council meets!!\n")]


async def test_form_shows_roles_first_then_file_order(tmp_path: Path) -> None:
    """Issue 20 §4: title, date, byline, summary, status, people, then the rest in file order;
    keys the file lacks are still written in schema order, and opening + quitting writes nothing."""
    text = (
        "---\ncustom: 1\nspeakers: []\nlocation: Hall\nstatus: draft\nzeta: z\ndate: 2024-03-02\n"
        "title: Council meets\nalpha: a\n---\nBody.\n"
    )
    folder = write_folder(tmp_path / "articles", {"a.md": text})
    path = folder / "a.md"
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        names = list(screen.controls)
        assert names[:7] == ["title", "date", "byline", "summary", "status", "attendees", "speakers"]
        assert names[7:11] == ["custom", "location", "zeta", "alpha"]
        assert list(screen.form_values()) == [
            "custom",
            "speakers",
            "location",
            "status",
            "zeta",
            "date",
            "title",
            "alpha",
        ]
        await app.action_quit()
    assert path.read_text(encoding="utf-8") == text


async def test_undoing_an_edit_is_not_unsaved(one: Path) -> None:
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, one / "a.md")
        await pilot.press("end", "x")
        assert screen.dirty
        await pilot.press("backspace")
        assert not screen.dirty  # compared with the saved values, not counted
        await pilot.press("ctrl+u")
        assert title_input(screen).value == "" and screen.dirty
        await pilot.press("ctrl+z")
        assert title_input(screen).value == "Council meets" and not screen.dirty
        await pilot.press("ctrl+y")
        assert title_input(screen).value == ""


async def test_a_crlf_body_edit_keeps_crlf_and_changes_one_line(tmp_path: Path) -> None:
    text = ART.replace("\n", "\r\n") + "Second line.\r\nThird line.\r\n"
    folder = tmp_path / "articles"
    folder.mkdir()
    path = folder / "a.md"
    path.write_bytes(text.encode())
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        body = screen.query_one("#body", BodyEditor)
        body.focus()
        body.cursor_location = (2, 0)  # "Second line."
        await pilot.press("N", "e", "w", "space")
        assert screen.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
    after = path.read_bytes()
    assert changed_lines(text.encode(), after) == [(b"Second line.\r\n", b"New Second line.\r\n")]


async def test_clearing_a_required_field_refuses_the_save(one: Path) -> None:
    path = one / "a.md"
    before = path.read_bytes()
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        await pilot.press("ctrl+u")
        screen.query_one("#body", BodyEditor).focus()  # elsewhere: the error must take the focus back
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_bytes() == before
        control = screen.controls["title"]
        assert control.has_class("-invalid")
        assert app.focused is title_input(screen)
        message = str(screen.query_one("#edit-message", Static).render())
        assert "Not saved: 1 error (title)" in message
        assert "missing: it is required" in messages(control)


async def test_errors_show_when_leaving_a_field(one: Path) -> None:
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, one / "a.md")
        await pilot.press("tab")  # to the date
        await pilot.press("ctrl+u", *"2024-02-30")
        await pilot.press("tab")
        await pilot.pause()
        assert screen.controls["date"].has_class("-invalid")
        assert "February 2024 has 29 days" in messages(screen.controls["date"])


async def test_draft_saves_without_summary_approved_does_not(one: Path) -> None:
    path = one / "a.md"
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        await pilot.press("end", "!")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Council meets!" in path.read_text()
        status = screen.controls["status"]
        assert isinstance(status, EnumField)
        status.select.value = "approved"
        await pilot.pause()
        before = path.read_bytes()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_bytes() == before
        assert screen.controls["summary"].has_class("-invalid")
        assert "missing: required once status is approved" in messages(screen.controls["summary"])
        assert screen.query_one("#form").query(".problems")
        assert "approved" in str(screen.query_one("#edit-header", Static).render())


async def test_speakers_add_remove_reorder_and_item_errors(one: Path) -> None:
    path = one / "a.md"
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        speakers = screen.controls["speakers"]
        assert isinstance(speakers, ObjectListField)
        rows = speakers.rows
        assert len(rows) == 2 and "Ann Lee" in screen_text(app)
        rows[0].focus()
        await pilot.press("alt+down")
        assert [r.value()["name"] for r in speakers.rows] == ["Bo Chen", "Ann Lee"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = path.read_text()
        assert text.index("Bo Chen") < text.index("Ann Lee") < text.index("custom:")
        # Add an empty speaker: refused, the error is on that row, at its input.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert len(speakers.rows) == 3
        new_row = speakers.rows[2]
        assert app.focused is new_row.inputs["name"]
        screen.query_one("#body", BodyEditor).focus()
        before = path.read_bytes()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_bytes() == before
        assert new_row.has_class("-invalid") and new_row.inputs["name"].has_class("-invalid")
        assert "'speakers[2]' needs 'name'" in messages(speakers)
        assert app.focused is new_row.inputs["name"]
        await pilot.press(*"Cy Dee")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "- name: Cy Dee" in path.read_text()
        # Remove the first speaker.
        speakers.rows[0].focus()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = path.read_text()
        assert "- name: Bo Chen" not in text and "- name: Ann Lee" in text and "- name: Cy Dee" in text
        assert "# a comment that must survive" in text and "  nested: [1, 2]" in text


async def test_an_item_error_on_disk_shows_on_its_row(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "articles", {"a.md": ART.replace("  - name: Bo Chen\n", "  - role: Nobody\n")}
    )
    path = folder / "a.md"
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        speakers = screen.controls["speakers"]
        assert isinstance(speakers, ObjectListField)
        # Untouched, the error already in the file is shown on its row but does not block.
        await pilot.press("end", "!", "ctrl+s")
        await pilot.pause()
        row = speakers.rows[1]
        assert row.has_class("-invalid") and "already in the file" in screen_text(app)
        assert b"Council meets!" in path.read_bytes()
        # Editing that list makes its errors the editor's: now they block, at the item's input.
        speakers.rows[0].focus()
        await pilot.press("alt+down", "ctrl+s")
        await pilot.pause()
        row = speakers.rows[0]
        assert row.value() == {"role": "Nobody"} and row.has_class("-invalid")
        assert app.focused is row.inputs["name"]
        assert "Not saved" in str(screen.query_one("#edit-message", Static).render())


async def test_an_enum_value_outside_the_schema_survives(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "articles", {"a.md": ART.replace("status: draft", "status: in-progress")}
    )
    path = folder / "a.md"
    before = path.read_bytes()
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        status = screen.controls["status"]
        assert isinstance(status, EnumField)
        assert "in-progress (not in the schema)" in screen_text(app)
        assert status.value() == "in-progress"
        # An unrelated save: the status (an error already in the file) is kept as it is.
        await pilot.press("end", "!", "ctrl+s")
        await pilot.pause()
        assert status.has_class("-invalid")
    assert changed_lines(before, path.read_bytes()) == [
        (b"title: Council meets\n", b"title: Council meets!\n")
    ]


async def test_unknown_fields_and_comments_survive(one: Path) -> None:
    path = one / "a.md"
    before = path.read_bytes()
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        custom = screen.controls["custom"]
        assert "nested: [1, 2]" in str(custom.query_one(".field-readonly", Static).render())
        assert "not in the schema; kept as is" in str(custom.query_one(".field-note", Static).render())
        await pilot.press("tab")
        await pilot.press("ctrl+u", *"2024-03-05", "tab")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert changed_lines(before, path.read_bytes()) == [(b"date: 2024-03-02\n", b"date: 2024-03-05\n")]


async def test_esc_asks_about_unsaved_changes(one: Path) -> None:
    path = one / "a.md"
    before = path.read_bytes()
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        await pilot.press("escape")  # nothing changed: leaves at once
        assert isinstance(app.screen, MainScreen)
        screen = await open_edit(pilot, app, path)
        await pilot.press("end", "X")
        await pilot.press("escape")
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("escape")  # keep editing
        assert app.screen is screen and title_input(screen).value.endswith("X")
        await pilot.press("escape", "d")  # discard
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert path.read_bytes() == before
        main = app.main_screen
        assert main is not None and main.article_list.current is not None
        assert main.article_list.current.path == path
        await wait_until(pilot, lambda: not main.refresh_paused)  # the reader watches the folder again
        screen = await open_edit(pilot, app, path)
        await pilot.press("end", "Y", "escape", "s")  # save and leave
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert b"title: Council measY" not in path.read_bytes() and b"Council meetsY" in path.read_bytes()


async def test_switching_article_asks(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "articles", {"a.md": ART, "b.md": ART.replace("2024-03-02", "2024-01-01")}
    )
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, folder / "a.md")
        await pilot.press("end", "Z", "ctrl+pagedown")
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, EditScreen) and app.screen is not screen)
        assert app.screen.article.path == folder / "b.md"  # type: ignore[attr-defined]
    assert b"Z" not in (folder / "a.md").read_bytes()


async def test_q_types_and_ctrl_q_asks(one: Path) -> None:
    path = one / "a.md"
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        await pilot.press("end", "q")
        assert title_input(screen).value == "Council meetsq"
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("ctrl+q", "s")
        await pilot.pause()
    assert app.return_code == 0
    assert b"Council meetsq" in path.read_bytes()


async def test_ctrl_q_discard_quits_without_writing(one: Path) -> None:
    path = one / "a.md"
    before = path.read_bytes()
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_edit(pilot, app, path)
        await pilot.press("end", "q", "ctrl+q", "d")
        await pilot.pause()
    assert path.read_bytes() == before


async def test_read_only_file_says_why(one: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsdesk.ui.screens.edit as edit

    path = one / "a.md"
    before = path.read_bytes()
    monkeypatch.setattr(edit.os, "access", lambda *a, **k: False)
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        assert screen.read_only is not None and "permission" in screen.read_only
        assert "read-only" in screen_text(app)
        await pilot.press("ctrl+s")
        assert "Not saved: read-only" in str(screen.query_one("#edit-message", Static).render())
    assert path.read_bytes() == before


async def test_a_too_large_file_opens_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.core.read import reader

    folder = write_folder(tmp_path / "articles", {"a.md": ART + "x" * 3000})
    monkeypatch.setitem(reader.load_article.__kwdefaults__, "max_bytes", 2000)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, folder / "a.md")
        assert screen.read_only is not None and "limit" in screen.read_only
        assert "read-only" in screen_text(app)


async def test_a_broken_file_opens_as_raw_text(tmp_path: Path) -> None:
    broken = "---\ntitle: Broken\nstatus: [draft\n---\nBody\n"
    folder = write_folder(tmp_path / "articles", {"a.md": broken})
    path = folder / "a.md"
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        assert screen.mode == "raw"
        raw = screen.query_one("#raw")
        assert app.focused is raw
        assert raw.cursor_location[0] == screen.broken.line - 1  # type: ignore[attr-defined, union-attr]
        assert "does not parse" in screen_text(app)
        # Saving a still-broken text asks first.
        raw.cursor_location = (0, 0)  # type: ignore[attr-defined]
        await pilot.press("end", "enter", *"# note")
        await pilot.press("ctrl+s")
        await pilot.pause()
        from newsdesk.ui.screens.dialogs import ConfirmDialog

        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        assert path.read_text() == broken
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        assert path.read_text() == "---\n# note\ntitle: Broken\nstatus: [draft\n---\nBody\n"
        # Fix it: saved, and the form comes back.
        raw = screen.query_one("#raw")
        raw.cursor_location = (3, 14)  # type: ignore[attr-defined]
        await pilot.press("]")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: screen.mode == "form")
        assert path.read_text() == "---\n# note\ntitle: Broken\nstatus: [draft]\n---\nBody\n"


async def test_keys_typed_just_before_ctrl_s_are_saved(one: Path) -> None:
    """ctrl+s and ctrl+q arriving in the same burst as typing (a paste, a slow link) come after it."""
    path = one / "a.md"
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        from textual import events

        assert app.focused is title_input(screen)
        for key, char in (("end", None), ("x", "x"), ("ctrl+s", None)):
            app.post_message(events.Key(key, char))
        await pilot.pause(0.2)
        assert b"title: Council meetsx\n" in path.read_bytes()
        for key, char in (("y", "y"), ("ctrl+q", None)):
            app.post_message(events.Key(key, char))
        await pilot.pause(0.2)
        assert isinstance(app.screen, UnsavedDialog)


async def test_typing_repaints_only_the_field(one: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A keystroke must not cause a layout pass (a whole-screen redraw: kilobytes over SSH)."""
    from textual.widget import Widget

    app = make_app(one, poll_interval=2.0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, one / "a.md")
        main = app.main_screen
        assert main is not None and main.refresh_paused  # the reader does not refresh beneath edit mode
        body = screen.query_one("#body", BodyEditor)
        await wait_until(pilot, lambda: body.language == "markdown")  # (enabled once, after opening)
        await wait_until(
            pilot, lambda: screen.form_ready
        )  # the rest of the form mounts after the first frame
        layouts: list[str] = []
        original = Widget.refresh

        def spy(self: Widget, *args: object, **kwargs: object) -> Widget:
            if kwargs.get("layout"):
                layouts.append(type(self).__name__)
            return original(self, *args, **kwargs)  # type: ignore[arg-type]

        async def settle() -> None:
            """Until a tenth of a second passes without a layout (mounting, a focus change's footer)."""
            for _ in range(50):
                layouts.clear()
                await pilot.pause(0.1)
                if not layouts:
                    return

        monkeypatch.setattr(Widget, "refresh", spy)
        await settle()
        await pilot.press("end", *"abc")
        await pilot.pause(0.1)
        assert screen.dirty and layouts == []
        screen.query_one("#body", BodyEditor).focus()  # (a focus change may redraw the footer)
        await settle()
        await pilot.press(*"xyz")
        await pilot.pause(0.1)
        assert layouts == []


async def test_a_group_row_opens_at_its_group_and_marks_focus_in_words(tmp_path: Path) -> None:
    text = ART.replace("speakers:\n", "attendees:\n  - group: all counselors\nspeakers:\n")
    folder = write_folder(tmp_path / "articles", {"a.md": text})
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, folder / "a.md")
        row = screen.controls["attendees"].rows[0]  # type: ignore[attr-defined]
        row.focus()
        await pilot.pause()
        header = str(row.render())  # closed, the row draws its own summary line
        assert header.startswith("▶") and "group: all counselors" in header
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is row.inputs["group"]
        assert not str(row.query_one(".item-header", Static).render()).startswith("▶")


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root to run as nobody"
)
@pytest.mark.parametrize(
    ("file_mode", "expected"),
    [(0o644, "permission to change this file"), (0o666, "permission to write in its folder")],
)
def test_read_only_as_an_unprivileged_user(file_mode: int, expected: str) -> None:
    """Root may write anything: the permission checks are run as nobody (CI runs as root)."""
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-ro-", dir="/tmp"))
    try:
        folder.chmod(0o755)
        path = folder / "a.md"
        path.write_text(ART)
        path.chmod(file_mode)
        code = (
            "import sys; from newsdesk.core.read.reader import load_article; "
            "from newsdesk.ui.screens.edit import read_only_reason; "
            "print(read_only_reason(load_article(sys.argv[1])))"
        )
        env = dict(os.environ, HOME="/tmp", XDG_CACHE_HOME="/tmp", XDG_CONFIG_HOME="/tmp")
        result = subprocess.run(
            [
                "setpriv",
                "--reuid",
                "nobody",
                "--regid",
                "nogroup",
                "--clear-groups",
                sys.executable,
                "-c",
                code,
                str(path),
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert expected in result.stdout, result.stderr
    finally:
        shutil.rmtree(folder)


async def test_command_palette_offers_edit_commands_in_edit_mode(one: Path) -> None:
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, one / "a.md")
        titles = [c.title for c in app.get_system_commands(screen)]
        assert "Save" in titles and "Back to the reader" in titles and "Filter" not in titles
        main = app.main_screen
        assert main is not None and "Filter" in [c.title for c in app.get_system_commands(main)]


async def test_toml_front_matter_one_field(tmp_path: Path) -> None:
    text = '+++\ntitle = "Council meets"  # keep\ndate = 2024-03-02\nstatus = "draft"\n+++\nBody.\n'
    folder = write_folder(tmp_path / "articles", {"a.toml.md": text})
    path = folder / "a.toml.md"
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_edit(pilot, app, path)
        await pilot.press("end", "!", "ctrl+s")
        await pilot.pause()
    assert path.read_text() == text.replace("Council meets", "Council meets!")


async def test_a_file_without_front_matter_gets_one(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "articles", {"a.md": "Just text.\n"})
    path = folder / "a.md"
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        assert screen.mode == "form"
        await pilot.press(*"A title", "tab", *"2024-01-02")
        status = screen.controls["status"]
        assert isinstance(status, EnumField)
        status.select.value = "draft"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert path.read_text() == "---\ntitle: A title\ndate: 2024-01-02\nstatus: draft\n---\nJust text.\n"


async def test_save_gives_up_quickly_while_another_save_holds_the_folder(one: Path) -> None:
    """A save runs on the screen's loop: it waits for another writer's folder lock only briefly,
    then says so and keeps the edits unsaved (never a frozen screen for the CLI's 10 s)."""
    import fcntl

    path = one / "a.md"
    before = path.read_bytes()
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        await pilot.press("end", "!")
        fd = os.open(one, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # another newsdesk save, mid-write
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "Not saved: another save in this folder held its lock" in screen_text(app)
            assert screen.dirty and path.read_bytes() == before
        finally:
            os.close(fd)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not screen.dirty
    assert changed_lines(before, path.read_bytes()) == [
        (b"title: Council meets\n", b"title: Council meets!\n")
    ]


async def test_text_and_list_fields_keep_breaks_the_text_area_splits_at(tmp_path: Path) -> None:
    """A TextArea splits lines at a form feed, vertical tab, U+0085 and U+2028 and joins them with
    a newline: an untouched summary was rewritten as a block of five lines, and a tag holding a
    form feed became two tags, when another field was saved."""
    folder = write_folder(
        tmp_path / "articles",
        {
            "a.md": ART.replace(
                "byline: Ana\n",
                'byline: Ana\nsummary: "a\\fb\\u2028c\\x85d\\ve"\ntags: ["x\\fy", "z\\u2028w"]\n',
            )
        },
    )
    path = folder / "a.md"
    before = path.read_bytes()
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        assert not screen.dirty
        await pilot.press("end", "!", "ctrl+s")  # the title
        await pilot.pause()
        assert not screen.dirty
        assert changed_lines(before, path.read_bytes()) == [
            (b"title: Council meets\n", b"title: Council meets!\n")
        ]
        # Edited, the fields keep the breaks between the lines that were not touched (saving is
        # refused until the characters are removed: they are errors in a changed field).
        summary, tags = screen.controls["summary"], screen.controls["tags"]
        for control, keys in ((summary, ["!"]), (tags, ["enter", "n", "e", "w"])):
            area = control.area  # type: ignore[attr-defined]
            area.focus()
            area.move_cursor(area.document.end)
            await pilot.press(*keys)
        # (the break before the edited line is a newline, as in the body: `merge_lines`)
        assert summary.value() == "a\fb\u2028c\x85d\ne!"
        assert tags.value() == ["x\fy", "z\u2028w", "new"]
