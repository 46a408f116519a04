"""The edit form's reference fields (issue 20 §1): ``ctrl+t`` picks a profile (type to filter by
name or slug, "Name — Organization (slug)"), the choice sets the slug; a slug that names no profile
is kept with a warning beside the field and does not refuse the save. Saves write only the slug,
and nothing else of the file changes."""

from __future__ import annotations

import shutil
from pathlib import Path

from newsdesk.cli import main
from newsdesk.ui.app import NewsdeskApp
from newsdesk.ui.widgets.profile_picker import ProfilePicker
from newsdesk.ui.widgets.ref_field import RefField, RefListField

from .conftest import make_app, wait_until
from .edit_support import changed_lines, open_edit
from .edit_support import screen_text as _screen_text

SITES = Path(__file__).parents[1] / "sites"


def _site(tmp_path: Path, name: str) -> Path:
    site = tmp_path / name
    shutil.copytree(SITES / name, site)
    assert main(["init", "--detect", str(site)]) == 0
    return site


def screen_text(app: NewsdeskApp) -> str:
    """The screen's text, its lines joined (a warning may wrap at 80 columns)."""
    return " ".join(_screen_text(app).replace("▏", " ").split())


def _app(folder: Path) -> NewsdeskApp:
    return make_app(folder, checker=lambda article: list(article.problems))


async def test_pick_a_presenter_for_a_list_of_slugs(tmp_path: Path) -> None:
    site = _site(tmp_path, "jekyll-conference")
    talk = site / "_talks" / "transit-feeds.md"
    before = talk.read_bytes()
    app = _app(site / "_talks")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, talk)
        control = screen.controls["presenter_slugs"]
        assert isinstance(control, RefListField)
        assert "→ Sofía Álvarez — Open Transit Co-op" in screen_text(app)
        control.area.focus()
        await pilot.press("end", "enter", "ctrl+t")  # a new line, then the picker
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilePicker))
        await pilot.press(*"becker")
        await pilot.pause()
        assert "Tom Becker — Becker & Daughters (tom-becker)" in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ProfilePicker))
        assert control.value() == ["sofia-alvarez", "tom-becker"]
        assert "Tom Becker — Becker & Daughters" in screen_text(app)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: talk.read_bytes() != before)
    after = talk.read_bytes()
    assert after == before.replace(b"  - sofia-alvarez\n", b"  - sofia-alvarez\n  - tom-becker\n")


async def test_a_new_slug_is_warned_not_refused(tmp_path: Path) -> None:
    site = _site(tmp_path, "jekyll-conference")
    talk = site / "_talks" / "transit-feeds.md"
    before = talk.read_bytes()
    app = _app(site / "_talks")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, talk)
        control = screen.controls["presenter_slugs"]
        control.area.focus()  # type: ignore[attr-defined]
        await pilot.press("ctrl+t")  # the line under the cursor: sofia-alvarez, replaced
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilePicker))
        picker = app.screen
        assert isinstance(picker, ProfilePicker)
        assert picker.query_one("Input").value == "sofia-alvarez"  # type: ignore[attr-defined]
        await pilot.press(*["backspace"] * 13, *"sofia-alvares")  # nothing matches: a new slug
        await pilot.pause()
        assert "no profile matches" in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ProfilePicker))
        text = screen_text(app)
        assert "! no profile 'sofia-alvares' (did you mean 'sofia-alvarez'?)" in text
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: talk.read_bytes() != before)
    assert changed_lines(before, talk.read_bytes()) == [(b"  - sofia-alvarez\n", b"  - sofia-alvares\n")]


async def test_pick_an_author_for_one_slug_from_a_data_file(tmp_path: Path) -> None:
    site = _site(tmp_path, "eleventy-blog")
    post = site / "src" / "posts" / "2023-08-14-tokens.md"
    before = post.read_bytes()
    app = _app(site / "src")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, post)
        await pilot.pause()
        control = screen.controls["author"]
        assert isinstance(control, RefField)
        assert "! no profile 'dan-willaims' (did you mean 'dan-williams'?)" in screen_text(app)
        control.input.focus()
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilePicker))
        await pilot.press(*["backspace"] * 20, "d", "a", "n", " ", "w")
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ProfilePicker))
        assert control.input.value == "dan-williams"
        assert "no profile" not in screen_text(app)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: post.read_bytes() != before)
    assert changed_lines(before, post.read_bytes()) == [
        (b"author: dan-willaims\n", b"author: dan-williams\n")
    ]


async def test_esc_in_the_picker_changes_nothing(tmp_path: Path) -> None:
    site = _site(tmp_path, "eleventy-blog")
    post = site / "src" / "posts" / "2023-08-14-tokens.md"
    app = _app(site / "src")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit(pilot, app, post)
        control = screen.controls["author"]
        assert isinstance(control, RefField)
        control.input.focus()
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilePicker))
        await pilot.press("x", "escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ProfilePicker))
        assert not control.is_changed()
        assert app.focused is control.input
