"""Issue 21 (the app): the changed-on-disk dialog merges field by field; "overwrite with yours"
overwrites only the fields you changed; fields changed on both sides are decided one by one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Static

from newsdesk.ui.screens.dialogs import ConflictDialog
from newsdesk.ui.screens.edit import EditScreen
from newsdesk.ui.screens.merge import MergeScreen
from newsdesk.ui.widgets.form_fields import InputField

from .conftest import make_app, wait_until, write_folder
from .edit_support import open_edit, screen_text

ART = (
    "---\ntitle: Council meets\ndate: 2024-03-02\nstatus: draft\nsection: Campus News\n"
    "# the desk's comment\n---\n\nThe council met.\n"
)


@pytest.fixture
def one(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "articles", {"a.md": ART})


def title(screen: EditScreen) -> InputField:
    control = screen.controls["title"]
    assert isinstance(control, InputField)
    return control


def colleague_sets(path: Path, *assignments: str) -> None:
    """Another editor runs ``newsdesk set`` (a real process) while the form is open."""
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk", "set", str(path), *assignments],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


async def _title_edit_then_colleague(pilot: object, app: object, path: Path) -> EditScreen:
    screen = await open_edit(pilot, app, path)  # type: ignore[arg-type]
    await pilot.press("end", "!")  # type: ignore[attr-defined]
    colleague_sets(path, "section=News")
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog))  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    return screen


@pytest.mark.parametrize("key", ["m", "o"])
async def test_the_issue_case_the_colleagues_section_survives(one: Path, key: str) -> None:
    """Only the title changed here, the colleague set section=News: through "merge" (m) and
    through "overwrite with yours" (o) the file has both."""
    path = one / "a.md"
    app = make_app(one)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _title_edit_then_colleague(pilot, app, path)
        text = screen_text(app)
        assert "m merge" in text and "o overwrite" in text
        if key == "m":
            assert "do not overlap" in text
        await pilot.press(key)
        await wait_until(pilot, lambda: app.screen is screen and not screen.disk_changed)
        await wait_until(pilot, lambda: "Saved" in str(screen.query_one("#edit-message", Static).render()))
        message = str(screen.query_one("#edit-message", Static).render())
        if key == "m":
            assert "from disk: section" in message
        # The form shows what was written: the user's title, the colleague's section.
        assert title(screen).input.value == "Council meets!"
        assert screen.controls["section"].value() == "News"
        assert not screen.dirty
    assert path.read_text() == ART.replace("Council meets", "Council meets!").replace(
        "section: Campus News", "section: News"
    )


async def test_overwrite_with_yours_still_overwrites_the_fields_you_changed(one: Path) -> None:
    path = one / "a.md"
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        await pilot.press("end", "!")
        colleague_sets(path, "title=Their title", "section=News")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.pause()
        assert "Changed on both sides: title" in screen_text(app)
        await pilot.press("o")
        await wait_until(pilot, lambda: app.screen is screen and not screen.dirty)
    assert path.read_text() == ART.replace("Council meets", "Council meets!").replace(
        "section: Campus News", "section: News"
    )


async def test_a_field_changed_on_both_sides_is_decided_per_field(one: Path) -> None:
    path = one / "a.md"
    app = make_app(one)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, path)
        await pilot.press("end", "!")
        screen.controls["status"].focus_target().focus()  # type: ignore[union-attr]
        section = screen.controls["section"]
        assert isinstance(section, InputField)
        section.input.value = "Sport"
        await pilot.pause()
        colleague_sets(path, "title=Their title", "section=Their section", "status=review")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, MergeScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "Council meets!" in text and "Their title" in text and "Their section" in text
        assert "2 left to decide" in text
        # enter before deciding everything: refused, nothing written
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MergeScreen) and "still to decide" in screen_text(app)
        await pilot.press("m")  # title: keep yours; the cursor moves on to section
        await pilot.press("t")  # section: take theirs
        await pilot.pause()
        assert "all decided" in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen and not screen.dirty)
    text = path.read_text()
    assert "title: Council meets!\n" in text and "section: Their section\n" in text
    assert "status: review\n" in text and "# the desk's comment\n" in text


async def test_edit_goes_back_to_the_form_over_the_new_version(one: Path) -> None:
    path = one / "a.md"
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        await pilot.press("end", "!")
        colleague_sets(path, "title=Their title", "section=News")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, MergeScreen))
        await pilot.press("e")
        await wait_until(pilot, lambda: app.screen is screen and screen.form_ready)
        await pilot.pause()
        assert screen.focused is title(screen).input
        assert title(screen).input.value == "Council meets!" and screen.dirty
        assert screen.controls["section"].value() == "News"
        await pilot.press("ctrl+s")  # over the new version: no dialog this time
        await wait_until(pilot, lambda: not screen.dirty)
        assert app.screen is screen
    assert "title: Council meets!\n" in path.read_text() and "section: News\n" in path.read_text()


async def test_escape_in_the_merge_screen_writes_nothing(one: Path) -> None:
    path = one / "a.md"
    app = make_app(one)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, path)
        await pilot.press("end", "!")
        colleague_sets(path, "title=Their title")
        after = path.read_text()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, MergeScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.dirty and title(screen).input.value == "Council meets!"
    assert path.read_text() == after


async def test_a_long_body_change_can_be_read_whole_before_taking_a_side(tmp_path: Path) -> None:
    """A body hunk longer than the screen: the field at the cursor shows every line (the others
    their first few), and pagedown scrolls to the last one, so no side is taken unread."""
    from newsdesk.core.write.merge import FieldConflict

    ours = "\n".join(f"our line {n}" for n in range(1, 31))
    theirs = "\n".join(f"their line {n}" for n in range(1, 31))
    conflicts = [
        FieldConflict("body", "", ours, theirs, (1, 30)),
        FieldConflict("title", "T", "Ours", "Theirs"),
        FieldConflict("body", "", ours.replace("our", "second"), theirs, (40, 69)),
    ]
    app = make_app(write_folder(tmp_path / "articles", {"a.md": ART}))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(MergeScreen("a.md", conflicts))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MergeScreen)

        def side(i: int) -> str:
            return str(screen.query_one(f"#merge-{i} .merge-mine", Static).render())

        assert "our line 30" in side(0) and "more lines" not in side(0)
        assert "second line 7" in side(2) and "second line 8" not in side(2) and "more lines" in side(2)
        for _ in range(4):
            await pilot.press("pagedown")
        await pilot.pause()
        assert "our line 30" in screen_text(app)
        await pilot.press("j", "j")  # on the second body hunk: now it is whole, the first is not
        await pilot.pause()
        assert "second line 30" in side(2) and "more lines" in side(0)
