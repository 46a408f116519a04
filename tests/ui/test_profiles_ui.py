"""Profiles of people named by slug in the app (issue 20 §1): ``o`` / ``enter`` on the sidebar
open a person's profile, the People view names them by their profiles, and the list leaves out
what ``[articles] exclude`` says is not an article. The Jekyll test site's talks name presenters
by ``presenter_slugs``; its Eleventy blog's posts name authors of a data file."""

from __future__ import annotations

import shutil
from pathlib import Path

from newsdesk.cli import main
from newsdesk.ui.app import NewsdeskApp
from newsdesk.ui.screens.people import PeopleScreen
from newsdesk.ui.screens.profiles import ProfileDialog
from newsdesk.ui.widgets.article_view import PeopleView
from newsdesk.ui.widgets.profile_picker import ProfilePicker

from .conftest import make_app, ready, wait_until

SITES = Path(__file__).parents[1] / "sites"


def _site(tmp_path: Path, name: str) -> Path:
    site = tmp_path / name
    shutil.copytree(SITES / name, site)
    assert main(["init", "--detect", str(site)]) == 0
    return site


def _app(folder: Path) -> NewsdeskApp:
    return make_app(folder, checker=lambda article: list(article.problems))


async def _at(pilot: object, app: NewsdeskApp, rel: str) -> None:
    screen = app.main_screen
    assert screen is not None
    path = next(p for p in screen.model.entries if p.relative_to(app.folder).as_posix() == rel)
    screen.jump_to(path)
    await wait_until(
        pilot, lambda: screen.article_view.shown is not None and screen.article_view.shown.path == path
    )
    await pilot.pause()  # type: ignore[attr-defined]


def _shown_rel(app: NewsdeskApp) -> str | None:
    shown = app.main_screen.article_view.shown  # type: ignore[union-attr]
    return shown.path.relative_to(app.folder).as_posix() if shown is not None else None


async def test_the_list_leaves_out_what_exclude_names(tmp_path: Path) -> None:
    site = _site(tmp_path, "jekyll-conference")
    app = _app(site)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        rels = {p.relative_to(site).as_posix() for p in app.main_screen.model.entries}  # type: ignore[union-attr]
        assert "README.md" not in rels and "CODE_OF_CONDUCT.md" not in rels
        assert "_talks/closing-panel.md" in rels and "_presenters/jane-doe.md" in rels


async def test_enter_on_a_speaker_in_the_sidebar_opens_the_profile(tmp_path: Path) -> None:
    site = _site(tmp_path, "jekyll-conference")
    app = _app(site)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await _at(pilot, app, "_talks/closing-panel.md")
        screen = app.main_screen
        assert screen is not None
        sidebar = screen.query_one(PeopleView)
        sidebar.focus()
        await pilot.press("j")
        assert sidebar.current_person == "Jane Doe"
        await pilot.press("enter")
        await wait_until(pilot, lambda: _shown_rel(app) == "_presenters/jane-doe.md")
        assert screen.focused is screen.article_view


async def test_o_picks_among_the_speakers_at_80x24(tmp_path: Path) -> None:
    site = _site(tmp_path, "jekyll-conference")
    app = _app(site)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await _at(pilot, app, "_talks/closing-panel.md")
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilePicker))
        await pilot.press(*"oli", "enter")  # typed to filter: Oliver Grant
        await wait_until(pilot, lambda: _shown_rel(app) == "_presenters/oliver-grant.md")
        # one presenter: o opens it at once
        await _at(pilot, app, "_talks/transit-feeds.md")
        await pilot.press("o")
        await wait_until(pilot, lambda: _shown_rel(app) == "_presenters/sofia-alvarez.md")


async def test_a_profile_outside_the_folder_is_shown_read_only(tmp_path: Path) -> None:
    site = _site(tmp_path, "jekyll-conference")
    app = _app(site / "_talks")  # the profiles are in ../_presenters: not in the list
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await _at(pilot, app, "transit-feeds.md")
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileDialog))
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Sofía Álvarez" in text and "sofia-alvarez" in text and "company:" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ProfileDialog))
        assert _shown_rel(app) == "transit-feeds.md"  # nothing written, nothing else opened


async def test_a_data_file_profile_is_shown_read_only(tmp_path: Path) -> None:
    site = _site(tmp_path, "eleventy-blog")
    app = _app(site / "src")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        await _at(pilot, app, "posts/2023-08-14-tokens.md")
        await pilot.press("o")  # the byline's slug names no profile: said so
        await pilot.pause()
        assert not isinstance(app.screen, ProfileDialog)
        message = str(app.main_screen.query_one("#message").render())  # type: ignore[union-attr]
        assert "'dan-willaims' names no profile" in message
        await _at(pilot, app, "posts/2018-05-30-static-sites.md")
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileDialog))
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "authors.json" in text and "title:" in text


async def test_people_view_names_reference_people_by_their_profiles(tmp_path: Path) -> None:
    site = _site(tmp_path, "jekyll-conference")
    app = _app(site)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot, app)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen) and app.screen.shown != [])
        await pilot.pause()
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Jane Doe" in text and "jane-doe" not in text
        assert "Acme Analytics" in text  # the profile gives a company, no job title
