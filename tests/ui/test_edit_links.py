"""Issue 24 in the app: an article that is a link out of the folder opens read-only, saying why."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from .conftest import make_app, write_folder
from .edit_support import open_edit, screen_text

ART = "---\ntitle: Council meets\ndate: 2024-03-02\nstatus: draft\nbyline: Ana\n---\n\nBody.\n"


def _repo(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    folder = write_folder(tmp_path / "repo" / "articles", {"a.md": ART})
    (tmp_path / "outside").mkdir()
    target = tmp_path / "outside" / "x.md"
    target.write_text(ART)
    (folder / "x.md").symlink_to(target)
    return folder, target


async def test_a_link_out_of_the_folder_opens_read_only(tmp_path: Path) -> None:
    folder, target = _repo(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, folder / "x.md")
        assert screen.read_only is not None and "is a link to" in screen.read_only
        assert "read-only (a link outside the folder)" in screen_text(app)
        await pilot.press("ctrl+s")
        assert "Not saved: read-only" in str(screen.query_one("#edit-message", Static).render())
    assert target.read_text() == ART


async def test_the_setting_lets_the_app_save_through_the_link(tmp_path: Path) -> None:
    folder, target = _repo(tmp_path)
    from newsdesk.cli import main

    assert main(["init", str(folder.parent)]) == 0  # the default schema, then the setting
    toml = folder.parent / "newsdesk.toml"
    toml.write_text(toml.read_text().replace("[articles]\n", "[articles]\nfollow_symlinks = true\n", 1))
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, folder / "x.md")
        assert screen.read_only is None
        await pilot.press("end", "!")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not screen.dirty
    assert "title: Council meets!\n" in target.read_text()
    assert (folder / "x.md").is_symlink()
