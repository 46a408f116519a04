"""Field roles in the app: list rows, header, sidebars, sort and the status filter by role; Hugo's
draft flag; a site without status; sections with their own newsdesk.toml; the real-world sets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from newsdesk.cli import main
from newsdesk.ui.app import NewsdeskApp

from .conftest import make_app, ready, write_folder

REALWORLD = Path(__file__).resolve().parents[3] / "shared" / "realworld"

SITE_TOML = """\
[articles.roles]
title = "headline"
date = "publishDate"
byline = "authors"
status = "state"
attendees = "participants"
speakers = "panel"

[articles.roles.person]
name = "full_name"
role = "position"
organization = "org"
topic = "talk"

[fields.headline]
type = "string"
required = true
[fields.publishDate]
type = "datetime"
required = true
[fields.authors]
type = "list"
items = "string"
[fields.state]
type = "enum"
values = ["idea", "draft", "review", "live"]
[fields.participants]
type = "list"
items = "object"
[fields.participants.fields.full_name]
type = "string"
[fields.participants.fields.position]
type = "string"
[fields.participants.fields.org]
type = "string"
[fields.panel]
type = "list"
items = "object"
[fields.panel.fields.full_name]
type = "string"
[fields.panel.fields.position]
type = "string"
[fields.panel.fields.talk]
type = "text"
"""

HUGO_TOML = """\
[articles.roles]
status = "draft"
byline = "authors"
[fields.title]
type = "string"
[fields.date]
type = "datetime"
[fields.draft]
type = "boolean"
[fields.authors]
type = "list"
items = "string"
"""


def screen_text(app: object) -> str:
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return "\n".join(strip.text for strip in strips)


def list_lines(app: NewsdeskApp) -> list[str]:
    lst = app.main_screen.article_list  # type: ignore[union-attr]
    return [lst.render_line(y).text.rstrip() for y in range(len(lst.rows))]


def titles(app: NewsdeskApp) -> list[str]:
    return [e.title or e.rel for e in app.main_screen.article_list.rows]  # type: ignore[union-attr]


def header(app: NewsdeskApp) -> str:
    return str(app.screen.query_one("#list-header", Static).render())


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site that names its fields its own way, YAML and TOML articles mixed."""
    return write_folder(
        tmp_path / "site",
        {
            "newsdesk.toml": SITE_TOML,
            "a.md": (
                "---\nheadline: Budget hearing\npublishDate: 2023-12-28 09:00:00 -0500\n"
                "authors: [ana-ruiz, lee-park]\nstate: review\n"
                "participants:\n  - full_name: Liu Hong\n    position: Dean\n    org: Law\n"
                "panel:\n  - full_name: Jing Shuiqin\n    position: Chair\n    talk: Money matters\n"
                "---\n\nJing Shuiqin spoke.\n"
            ),
            "b.md": (
                '+++\nheadline = "Archive opens"\npublishDate = 2024-02-01T10:00:00Z\n'
                'authors = ["kim"]\nstate = "idea"\n\n[[participants]]\nfull_name = "Ola Nordmann"\n'
                'org = "Archive"\n\n[[panel]]\nfull_name = "Kim Lee"\ntalk = "Old maps"\n+++\n\nKim Lee spoke.\n'
            ),
            "c.md": (
                "---\nheadline: Zoo reopens\npublishDate: 2022-05-01 08:00:00 +0200\n"
                "authors: [zed]\nstate: live\n---\n\nText.\n"
            ),
        },
    )


async def test_list_header_and_sidebars_by_role(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(200, 40)) as pilot:
        await ready(pilot, app)
        # newest first by the date role (publishDate)
        assert titles(app) == ["Archive opens", "Budget hearing", "Zoo reopens"]
        lines = list_lines(app)
        assert "2024-02-01" in lines[0] and "Archive opens" in lines[0] and "kim" in lines[0]
        assert "REV" in lines[1] and "2023-12-28" in lines[1] and "ana-ruiz, lee-p" in lines[1]
        assert lines[0].split()[0] == "IDE"  # a site's own status, shown by its first letters
        text = screen_text(app)  # the TOML article
        assert "2024-02-01T10:00:00+00:00 · by kim · IDEA" in text
        assert "Ola Nordmann — Arc" in text and "Kim Lee" in text and "Old maps" in text
        await pilot.press("j")
        await ready(pilot, app)
        text = screen_text(app)
        assert "Budget hearing" in text
        assert "by ana-ruiz, lee-park" in text and "REVIEW" in text
        assert "Attendees (1)" in text and "Liu Hong — Dean, Law" in text
        assert "Speakers (1)" in text and "Jing Shuiqin — Chair" in text and "Money matters" in text


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_z_gives_the_list_the_screen_with_dates_and_authors(site: Path, size: tuple[int, int]) -> None:
    app = make_app(site)
    async with app.run_test(size=size) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        first = list_lines(app)[0]
        assert "2024-02-01" not in first and "kim" not in first  # beside the article: titles only
        await pilot.press("z")
        await pilot.pause()
        assert not screen.article_view.display and screen.focused is screen.article_list
        lines = list_lines(app)
        assert lines[0].split()[:3] == ["IDE", "2024-02-01", "Archive"] and lines[0].endswith("kim")
        assert "2023-12-28" in lines[1] and "ana-ruiz, lee-park" in lines[1]
        await pilot.press("j", "enter")  # reading puts the article back beside the list
        await ready(pilot, app)
        assert screen.article_view.display and screen.focused is screen.article_view
        assert "Budget hearing" in screen_text(app)
        await pilot.press("h", "z", "z")  # z again: back too
        await pilot.pause()
        assert screen.article_view.display and "2024-02-01" not in list_lines(app)[0]


async def test_sort_and_status_filter_by_role(site: Path) -> None:
    app = make_app(site)
    async with app.run_test(size=(200, 40)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        await pilot.press("s")
        assert screen.model.sort == "title"
        assert titles(app) == ["Archive opens", "Budget hearing", "Zoo reopens"]
        await pilot.press("s")
        assert screen.model.sort == "status"  # the site's own order: idea, draft, review, live
        assert [e.status for e in screen.article_list.rows] == ["idea", "review", "live"]
        seen = []
        for _ in range(6):
            await pilot.press("f")
            seen.append((screen.model.status, titles(app)))
        assert seen == [
            ("idea", ["Archive opens"]),
            ("draft", []),
            ("review", ["Budget hearing"]),
            ("live", ["Zoo reopens"]),
            ("problems", []),
            ("all", ["Archive opens", "Budget hearing", "Zoo reopens"]),
        ]


@pytest.fixture
def hugo(tmp_path: Path) -> Path:
    return write_folder(
        tmp_path / "hugo",
        {
            "newsdesk.toml": HUGO_TOML,
            "a.md": "---\ntitle: Out now\ndate: 2024-03-01 09:00:00 -0500\nauthors: [ana]\n---\nB\n",
            "b.md": "---\ntitle: Not yet\ndate: 2024-02-01 09:00:00 -0500\ndraft: true\n---\nB\n",
            "c.md": '+++\ntitle = "Was draft"\ndate = 2024-01-01\ndraft = false\n+++\nB\n',
        },
    )


async def test_draft_flag_is_draft_or_published_everywhere(hugo: Path) -> None:
    app = make_app(hugo)
    async with app.run_test(size=(200, 40)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        assert [line.split()[0] for line in list_lines(app)] == ["PUB", "DFT", "PUB"]
        assert "PUBLISHED" in screen_text(app)
        seen = []
        for _ in range(4):
            await pilot.press("f")
            seen.append((screen.model.status, titles(app)))
        assert seen == [
            ("draft", ["Not yet"]),
            ("published", ["Out now", "Was draft"]),
            ("problems", []),
            ("all", ["Out now", "Not yet", "Was draft"]),
        ]
        await pilot.press("f")
        assert "draft" in header(app)
        await ready(pilot, app)
        assert "DRAFT" in screen_text(app)


async def test_a_site_without_status_has_no_status_column(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "plain",
        {
            "newsdesk.toml": '[fields.title]\ntype = "string"\n[fields.date]\ntype = "date"\n',
            "a.md": "---\ntitle: Alpha\ndate: 2024-01-02\n---\nB\n",
            "b.md": "---\ntitle: Bravo\ndate: 2024-01-01\n---\nB\n",
        },
    )
    app = make_app(folder)
    async with app.run_test(size=(200, 40)) as pilot:
        await ready(pilot, app)
        screen = app.main_screen
        assert screen is not None
        lines = list_lines(app)
        assert [line.split()[:2] for line in lines] == [["2024-01-02", "Alpha"], ["2024-01-01", "Bravo"]]
        assert "---" not in "\n".join(lines)
        await pilot.press("f")
        assert screen.model.status == "problems"
        await pilot.press("f")
        assert screen.model.status == "all"
        await pilot.press("s", "s")
        assert screen.model.sort == "path"  # no sort by a status the site does not have


async def test_sections_each_with_their_own_roles(tmp_path: Path) -> None:
    root = tmp_path / "content"
    write_folder(
        root / "news",
        {
            "newsdesk.toml": HUGO_TOML,
            "a.md": "---\ntitle: News one\ndate: 2023-01-05 09:00:00 -0500\nauthors: [ana, bo]\n---\nB\n",
        },
    )
    write_folder(
        root / "authors",
        {
            "newsdesk.toml": '[articles.roles]\ntitle = "display_name"\n[fields.display_name]\ntype = "string"\n',
            "ana.md": "---\ndisplay_name: Ana Ruiz\n---\nBio\n",
        },
    )
    app = make_app(root)
    async with app.run_test(size=(200, 40)) as pilot:
        await ready(pilot, app)
        lines = list_lines(app)
        assert lines[0].split() == ["PUB", "2023-01-05", "News", "one", "ana,", "bo"]
        assert lines[1].split() == ["Ana", "Ruiz"]  # no status, no date: blank, not '---'
        assert app.main_screen is not None and app.main_screen.model.status_filters == (
            "all",
            "draft",
            "published",
            "problems",
        )


# -- the real-world sets ---------------------------------------------------------------------


def realworld_copy(tmp_path: Path, name: str) -> Path:
    source = REALWORLD / name
    if not source.is_dir():
        pytest.skip("../shared/realworld is not present in this checkout")
    target = tmp_path / name
    shutil.copytree(source, target)
    return target


async def _listed(app: NewsdeskApp, pilot: Pilot[None]) -> list[str]:
    await ready(pilot, app)
    return list_lines(app)


async def test_realworld_news_after_init_detect(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = realworld_copy(tmp_path, "digitalgov-news-2023")
    assert main(["init", "--detect", str(folder)]) == 0
    capsys.readouterr()
    app = make_app(folder)
    async with app.run_test(size=(200, 120)) as pilot:
        lines = await _listed(app, pilot)
        entries = app.main_screen.article_list.rows  # type: ignore[union-attr]
        assert len(entries) == 94
        assert all(e.date for e in entries)  # 'date' (one, 2021, in the 2023 folder: as written)
        assert all(e.status == "published" for e in entries)
        with_authors = [e for e in entries if e.byline]
        assert len(with_authors) == 32  # 33 files have authors, one of them an empty list
        for entry, line in zip(entries, lines, strict=True):
            assert line.split()[0] == "PUB" and entry.date in line and entry.problem_count == 0
        first = next(e for e in entries if "," in e.byline)
        assert first.byline.count(",") >= 1


async def test_realworld_sections_after_init_detect(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = realworld_copy(tmp_path, "digitalgov-sections-sample")
    assert main(["init", "--detect", str(site)]) == 0
    capsys.readouterr()
    app = make_app(site / "content")
    async with app.run_test(size=(200, 140)) as pilot:
        await ready(pilot, app)
        entries = {e.rel: e for e in app.main_screen.article_list.rows}  # type: ignore[union-attr]
        assert len(entries) == 116
        news = [e for rel, e in entries.items() if rel.startswith("news/") and not rel.endswith("_index.md")]
        assert news and all(e.date and e.status == "published" for e in news)
        assert any(e.byline for e in news)
        # each author is a folder's _index.md; the section's own page has no display_name
        authors = [
            e for rel, e in entries.items() if rel.startswith("authors/") and rel != "authors/_index.md"
        ]
        assert len(authors) == 30 and all(e.title for e in authors)  # display_name, the section's role
        problems = {rel: e.errors for rel, e in entries.items() if e.errors}
        assert problems == {
            "news/2022/03/2022-03-01-wireless-mobility-solutions-training-bringing-the-experts-to-you.md": 1
        }


def test_realworld_list_120x40(snap_compare: object, tmp_path: Path) -> None:
    folder = realworld_copy(tmp_path, "digitalgov-news-2023")
    assert main(["init", "--detect", str(folder)]) == 0
    app = make_app(folder)

    async def run_before(pilot: Pilot[None]) -> None:
        await ready(pilot, pilot.app)  # type: ignore[arg-type]
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)  # type: ignore[operator]


def test_realworld_wide_list_80x24(snap_compare: object, tmp_path: Path) -> None:
    folder = realworld_copy(tmp_path, "digitalgov-news-2023")
    assert main(["init", "--detect", str(folder)]) == 0
    app = make_app(folder)

    async def run_before(pilot: Pilot[None]) -> None:
        await ready(pilot, pilot.app)  # type: ignore[arg-type]
        await pilot.press("z")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)  # type: ignore[operator]


# -- edit mode: a section's schema, and new articles from Hugo archetypes ------------------------


async def test_edit_uses_the_articles_own_schema(tmp_path: Path) -> None:
    from newsdesk.ui.screens.edit import EditScreen

    from .edit_support import open_edit

    root = tmp_path / "content"
    write_folder(
        root / "news", {"newsdesk.toml": HUGO_TOML, "a.md": "---\ntitle: N\ndate: 2024-01-01\n---\nB\n"}
    )
    write_folder(
        root / "authors",
        {
            "newsdesk.toml": '[articles.roles]\ntitle = "display_name"\n[fields.display_name]\ntype = "string"\n',
            "ana.md": "---\ndisplay_name: Ana Ruiz\n---\nBio\n",
        },
    )
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_edit(pilot, app, root / "authors" / "ana.md")
        assert isinstance(screen, EditScreen)
        assert screen.schema.roles.title == "display_name" and list(screen.schema.fields) == ["display_name"]


async def test_n_starts_from_the_hugo_archetype(tmp_path: Path) -> None:
    import datetime as dt

    from newsdesk.ui.screens.edit import EditScreen

    from .edit_support import screen_text as edit_text

    site = tmp_path / "site"
    write_folder(
        site / "archetypes",
        {
            "default.md": (
                '+++\ntitle = \'{{ replace .File.ContentBaseName "-" " " | title }}\'\ndate = {{ .Date }}\n'
                "draft = true\nauthors = [{{ .Site.Params.author }}]\n+++\n"
            )
        },
    )
    folder = write_folder(site / "content" / "news", {"newsdesk.toml": HUGO_TOML})
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        await pilot.press("n")
        await wait_until_screen(pilot, app, EditScreen)
        screen = app.screen
        assert isinstance(screen, EditScreen) and screen.new_draft is not None
        assert screen.new_draft.format == "toml"
        assert screen.controls["draft"].value() is True
        assert "left as written" in edit_text(app)
        await pilot.press(*"Budget passes", "ctrl+s")
        await pilot.pause()
        today = dt.date.today().isoformat()
        text = (folder / f"{today}-budget-passes.md").read_text()
        assert text.startswith(f'+++\ntitle = "Budget passes"\ndate = {today} ')
        assert "\ndraft = true\n" in text and '"{{ .Site.Params.author }}"' in text


async def wait_until_screen(pilot: Pilot[None], app: NewsdeskApp, kind: type) -> None:
    from .conftest import wait_until

    await wait_until(pilot, lambda: isinstance(app.screen, kind) and getattr(app.screen, "form_ready", True))
    await pilot.pause()


async def test_edit_form_rows_name_people_by_the_sites_person_keys(site: Path) -> None:
    from .edit_support import open_edit
    from .edit_support import screen_text as edit_text

    app = make_app(site)
    async with app.run_test(size=(160, 60)) as pilot:
        await open_edit(pilot, app, site / "a.md")
        await pilot.pause()
        text = edit_text(app)
        assert "Liu Hong — Dean, Law" in text and "Jing Shuiqin — Chair, Money matters" in text
