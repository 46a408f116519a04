"""Edit mode never loses work: conflicts, the recovery journal, $EDITOR round trips, new articles."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Static

from newsdesk.core.write import journal
from newsdesk.ui.screens.dialogs import (
    ConfirmDialog,
    ConflictDialog,
    DiffScreen,
    RecoveryChoice,
    RecoveryDialog,
    UnsavedDialog,
)
from newsdesk.ui.screens.edit import EditScreen
from newsdesk.ui.screens.main import MainScreen
from newsdesk.ui.widgets.body_editor import BodyEditor
from newsdesk.ui.widgets.form_fields import InputField

from .conftest import make_app, wait_until, write_folder
from .edit_support import open_edit, screen_text

ART = "---\ntitle: Council meets\ndate: 2024-03-02\nstatus: draft\n---\n\nThe council met.\n"


@pytest.fixture
def one(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "articles", {"a.md": ART})


def title(screen: EditScreen) -> InputField:
    control = screen.controls["title"]
    assert isinstance(control, InputField)
    return control


async def test_conflict_dialog_each_choice(one: Path) -> None:
    path = one / "a.md"
    theirs = ART.replace("The council met.", "Their body.")
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        await pilot.press("end", "!")
        path.write_text(theirs)
        # keep editing
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        assert "changed on disk" in str(screen.query_one("#edit-header", Static).render())
        await pilot.press("escape")
        assert app.screen is screen and path.read_text() == theirs and screen.dirty
        # show the difference, then back to the dialog
        await pilot.press("ctrl+s", "d")
        await pilot.pause()
        assert isinstance(app.screen, DiffScreen)
        diff = str(app.screen.query_one(".diff-text", Static).render())
        assert "Council meets!" in diff and "Council meets" in diff and "-Their body." in diff
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        # reload: asks first; no keeps the edits
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert app.screen is screen and title(screen).input.value == "Council meets!"
        # overwrite: the fields you changed (issue 21: their body, which you did not touch, stays)
        await pilot.press("ctrl+s", "o")
        await wait_until(pilot, lambda: not screen.dirty)
        assert path.read_text() == theirs.replace("Council meets", "Council meets!")
        assert not screen.dirty
        # and reload, confirmed: the form shows theirs
        path.write_text(theirs.replace("Council meets", "Their title"))
        await pilot.press("end", "?", "ctrl+s", "r", "y")
        await wait_until(pilot, lambda: not app.screen.dirty)  # type: ignore[attr-defined]
        assert title(app.screen).input.value == "Their title"  # type: ignore[arg-type]
        assert path.read_text() == theirs.replace("Council meets", "Their title")


async def test_live_refresh_marks_the_file_changed_but_keeps_the_form(one: Path) -> None:
    path = one / "a.md"
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        await pilot.press("end", "!")
        path.write_text(ART.replace("Council", "Other"))
        screen._check_disk()
        await wait_until(pilot, lambda: screen.disk_changed)
        assert title(screen).input.value == "Council meets!"
        assert "changed on disk" in str(screen.query_one("#edit-header", Static).render())


async def test_recovery_after_a_crash(one: Path) -> None:
    path = one / "a.md"
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        await pilot.press("end", *" again")
        body = screen.query_one("#body", BodyEditor)
        body.focus()
        body.cursor_location = (1, 0)
        await pilot.press("N", "B", "space")
        screen._journal_now()  # what the 2 s timer does
        await app.workers.wait_for_complete()
        entry = journal.entry_for(path)
        assert entry is not None and entry.changes == {"title": "Council meets again"}
        app.exit()  # a crash: no prompt, nothing saved
    assert path.read_text() == ART
    assert journal.entry_for(path) is not None

    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryDialog))
        text = screen_text(app)
        assert "Council meets again" in text and "+NB The council met." in text
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen is screen and screen.dirty)
        assert title(screen).input.value == "Council meets again"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert path.read_text() == ART.replace("meets", "meets again").replace("The council", "NB The council")
    assert journal.entry_for(path) is None


async def test_recovery_when_the_file_changed_since_goes_to_the_conflict_dialog(one: Path) -> None:
    from newsdesk.core.read.reader import load_article

    path = one / "a.md"
    article = load_article(path)
    journal.write_entry(journal.for_article(article, dict(article.metadata, title="Mine"), None))
    path.write_text(ART.replace("The council met.", "Theirs."))
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_edit(pilot, app, path)
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryDialog))
        assert "changed on disk since" in screen_text(app)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        assert "Theirs." in path.read_text() and "Mine" not in path.read_text()
        await pilot.press("o")
        await pilot.pause()
    # Overwrite puts the kept edits onto the new version's text.
    assert path.read_text() == ART.replace("Council meets", "Mine").replace("The council met.", "Theirs.")


async def test_discarding_kept_edits(one: Path) -> None:
    from newsdesk.core.read.reader import load_article

    path = one / "a.md"
    article = load_article(path)
    journal.write_entry(journal.for_article(article, dict(article.metadata, title="Mine"), None))
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryDialog))
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is screen and title(screen).input.value == "Council meets"
    assert journal.entry_for(path) is None


def fake_editor(tmp_path: Path, line: str) -> Path:
    """An editor script that appends ``line`` to the file it is given (after an option)."""
    script = tmp_path / "fake-editor"
    script.write_text(f'#!/bin/sh\n[ "$1" = "--wait" ] || exit 3\nprintf "%s\\n" "{line}" >> "$2"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


async def test_external_editor_from_the_reader(
    one: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = one / "a.md"
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{fake_editor(tmp_path, 'Added by the editor.')} --wait")
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        from .conftest import ready

        await ready(pilot, app)
        await pilot.press("E")
        await pilot.pause()
        assert path.read_text().endswith("Added by the editor.\n")
        await wait_until(pilot, lambda: "Re-read after the editor: no problems" in screen_text(app))


async def test_external_editor_from_edit_mode_asks_first(
    one: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = one / "a.md"
    monkeypatch.setenv("VISUAL", f"{fake_editor(tmp_path, 'From vi.')} --wait")
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        await pilot.press("end", "!", "ctrl+o")
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("d")
        await wait_until(pilot, lambda: "From vi." in screen.query_one("#body", BodyEditor).text)
        assert title(screen).input.value == "Council meets" and not screen.dirty
        assert path.read_text() == ART + "From vi.\n"


async def test_capital_e_in_edit_mode_where_it_does_not_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_folder(
        tmp_path / "articles", {"a.md": ART.replace("---\n\n", "speakers:\n  - name: Ann\n---\n\n")}
    )
    monkeypatch.setenv("VISUAL", f"{fake_editor(tmp_path, 'Via E.')} --wait")
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, folder / "a.md")
        await pilot.press("E")  # in the title: types an E
        assert title(screen).input.value == "Council meetsE"
        await pilot.press("backspace")
        screen.controls["speakers"].rows[0].focus()  # type: ignore[attr-defined]
        await pilot.press("E")
        await wait_until(pilot, lambda: "Via E." in screen.query_one("#body", BodyEditor).text)


async def test_a_missing_editor_is_reported(one: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "/nonexistent/editor --flag")
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, one / "a.md")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "editor not found: /nonexistent/editor" in str(
            screen.query_one("#edit-message", Static).render()
        )


def test_editor_command() -> None:
    from newsdesk.ui.external import editor_command

    assert editor_command({"VISUAL": "code --wait", "EDITOR": "nano"}) == ["code", "--wait"]
    assert editor_command({"VISUAL": " ", "EDITOR": "'my editor' -x"}) == ["my editor", "-x"]
    assert editor_command({}) == ["vi"]


async def test_n_creates_a_new_article(one: Path) -> None:
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        from .conftest import ready

        await ready(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, EditScreen))
        screen = app.screen
        assert isinstance(screen, EditScreen) and screen.new_draft is not None
        assert "new article" in screen_text(app)
        assert screen.controls["status"].value() == "draft"
        assert screen.controls["date"].value() == dt.date.today()
        before = sorted(os.listdir(one))
        await pilot.press("escape")  # untouched: leaves without asking, writes nothing
        assert isinstance(app.screen, MainScreen) and sorted(os.listdir(one)) == before
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, EditScreen))
        screen = app.screen
        assert isinstance(screen, EditScreen)
        await pilot.press("ctrl+s")  # no title: refused
        await pilot.pause()
        assert sorted(os.listdir(one)) == before
        await pilot.press(*"Budget passes", "ctrl+s")
        await pilot.pause()
        name = f"{dt.date.today().isoformat()}-budget-passes.md"
        assert (
            (one / name)
            .read_text()
            .startswith(
                f"---\ntitle: Budget passes\ndate: {dt.date.today().isoformat()}\nstatus: draft\n---\n"
            )
        )
        assert screen.new_draft is None and name in screen_text(app)
        # A second one with the same title does not overwrite.
        await pilot.press("escape")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, EditScreen) and app.screen is not screen)
        await pilot.press(*"Budget passes", "ctrl+s")
        await pilot.pause()
        assert (one / name.replace(".md", "-2.md")).exists()


async def test_raw_edits_are_journalled_and_restored(tmp_path: Path) -> None:
    broken = "---\ntitle: Broken\nstatus: [draft\n---\nBody\n"
    folder = write_folder(tmp_path / "articles", {"a.md": broken})
    path = folder / "a.md"
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        assert screen.mode == "raw"
        raw = screen.query_one("#raw")
        raw.cursor_location = (2, 14)  # type: ignore[attr-defined]
        await pilot.press("]")
        screen._journal_now()
        await app.workers.wait_for_complete()
        app.exit()
    entry = journal.entry_for(path)
    assert entry is not None and entry.raw is not None and "status: [draft]" in entry.raw
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, path)
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryDialog))
        await pilot.press("r")
        await wait_until(pilot, lambda: screen.dirty)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: screen.mode == "form")
    assert path.read_text() == broken.replace("[draft", "[draft]")


async def test_a_new_article_is_journalled_and_offered_again(one: Path) -> None:
    from .conftest import ready

    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, EditScreen))
        screen = app.screen
        assert isinstance(screen, EditScreen)
        await pilot.press(*"Lost draft")
        screen._journal_now()
        await app.workers.wait_for_complete()
        app.exit()
    (entry,) = journal.list_entries()
    assert entry.is_new and entry.changes["title"] == "Lost draft"
    app = make_app(one)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryDialog))
        await pilot.press("r")
        await wait_until(pilot, lambda: any(isinstance(s, EditScreen) and s.dirty for s in app.screen_stack))
        screen = next(s for s in app.screen_stack if isinstance(s, EditScreen))
        assert title(screen).input.value == "Lost draft"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert (one / f"{dt.date.today().isoformat()}-lost-draft.md").exists()
    assert journal.list_entries() == []


# -- several instances and hostile entries (issue 25) ---------------------------------------------


def kept_by_gone_app(path: Path, title: str, saved_at: float, pid: int) -> Path:
    """An entry as a newsdesk that has since died wrote it (no process has that pid)."""
    from newsdesk.core.read.reader import load_article

    article = load_article(path)
    entry = journal.for_article(article, dict(article.metadata, title=title), None)
    entry.saved_at = saved_at
    folder = journal.recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / f"{entry.key}.{pid}-1.json"
    file.write_text(json.dumps(journal._to_json(entry)))
    return file


def message(screen: EditScreen) -> str:
    return str(screen.query_one("#edit-message", Static).render())


async def test_several_kept_sets_are_listed_and_each_restored_or_discarded(one: Path) -> None:
    path = one / "a.md"
    first = kept_by_gone_app(path, "First try", 1_700_000_000.0, 999_999_991)
    kept_by_gone_app(path, "Second try", 1_700_000_600.0, 999_999_992)
    app = make_app(one)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, path)
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryChoice))
        text = screen_text(app)
        assert "2 sets of unsaved edits" in text and text.count("kept 2023-11-") == 2
        assert "title: First try" in text and "title: Second try" in text
        await pilot.press("j", "enter")  # the newer one
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryDialog))
        await pilot.press("escape")  # back to the list
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryChoice))
        await pilot.press("j", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryDialog))
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen is screen and screen.dirty)
        assert title(screen).input.value == "Second try"
        assert "1 other kept set stays" in message(screen)
        # The restored set is this app's entry now; the other one is still kept.
        assert {e.changes["title"] for e in journal.list_entries()} == {"First try", "Second try"}
        assert first.exists()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert "Second try" in path.read_text()
    assert [e.changes["title"] for e in journal.list_entries()] == ["First try"]
    app = make_app(one)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_edit(pilot, app, path)
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryDialog))
        await pilot.press("d")
        await pilot.pause()
    assert journal.list_entries() == [] and not first.exists()


async def test_a_second_instance_is_told_and_not_offered_live_edits(one: Path) -> None:
    """Another newsdesk (a real process) has the article open with edits: not offered, but said."""
    path = one / "a.md"
    script = (
        "import sys\nfrom pathlib import Path\nfrom newsdesk.core.write import journal\n"
        "from newsdesk.core.read.reader import load_article\n"
        "a = load_article(Path(sys.argv[1]))\n"
        "journal.write_entry(journal.for_article(a, dict(a.metadata, title='Theirs'), None))\n"
        "journal.mark_open(a.path)\nprint('ready', flush=True)\nsys.stdin.read()\n"
    )
    other = subprocess.Popen(
        [sys.executable, "-c", script, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "ready"
        app = make_app(one)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_edit(pilot, app, path)
            await pilot.pause(0.2)
            assert app.screen is screen  # no offer of the other app's live edits
            assert f"Also open in another newsdesk (pid {other.pid}) with unsaved edits" in message(screen)
            assert title(screen).input.value == "Council meets"
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait(timeout=30)
    assert [e.changes["title"] for e in journal.list_entries()] == ["Theirs"]  # theirs kept


@pytest.mark.parametrize("values", [{"saved_at": 1e300}, {"saved_at": float("nan")}, {"path": "/a\0b"}])
async def test_a_damaged_entry_never_stops_edit_mode(one: Path, values: dict[str, object]) -> None:
    path = one / "a.md"
    folder = journal.recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    data = {"version": 1, "path": str(path.resolve()), "saved_at": 1.0, "changes": {"title": "x"}, **values}
    (folder / f"{journal.entry_key(path)}.json").write_text(json.dumps(data))
    app = make_app(one)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(2):  # every e, not only the first
            screen = await open_edit(pilot, app, path)
            await pilot.pause(0.1)
            assert app.screen is screen and "damaged recovery entry was skipped" in message(screen)
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.is_running
