"""Field roles used throughout core and the CLI: a site that names its fields its own way works.

The app's side (list, header, sidebars, sort, filter) is in tests/ui/test_roles_ui.py.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core.check.batch import validate_paths
from newsdesk.core.folder.index import CACHE_FORMAT, FolderIndex, cache_file_for, summarize
from newsdesk.core.model.problems import Problem
from newsdesk.core.read.reader import load_article, parse_text
from newsdesk.core.rules.roles import DEFAULT_ROLES
from newsdesk.core.rules.schema import SchemaLookup, default_schema, load_schema, parse_schema
from newsdesk.core.rules.validate import validate_article

ARTICLES = Path(__file__).resolve().parents[3] / "articles"

#: A site that calls its fields differently (YAML): roles map newsdesk's names to them.
SITE_TOML = """\
[articles]
unknown_fields = "error"

[articles.roles]
title = "headline"
date = "publishDate"
byline = "authors"
status = "state"
summary = "description"
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
required = "review"

[fields.state]
type = "enum"
values = ["idea", "draft", "review", "live"]
required = true

[fields.description]
type = "text"
required = "live"

[fields.participants]
type = "list"
items = "object"
required_one_of = [["full_name"]]
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

SITE_YAML_ARTICLE = """\
---
headline: Budget hearing
publishDate: 2023-12-28 09:00:00 -0500
authors: [ana-ruiz, lee-park]
state: review
participants:
  - full_name: Liu Hong
    position: Dean
    org: Faculty of Law
  - full_name: liu  hong
panel:
  - full_name: Jing Shuiqin
    position: Chair
    talk: Money
  - full_name: Nobody Named
---

Jing Shuiqin opened the hearing.
"""

SITE_TOML_ARTICLE = """\
+++
headline = "Budget hearing"
publishDate = 2023-12-28T09:00:00-05:00
authors = ["ana-ruiz", "lee-park"]
state = "review"

[[participants]]
full_name = "Liu Hong"
position = "Dean"
org = "Faculty of Law"

[[participants]]
full_name = "liu  hong"

[[panel]]
full_name = "Jing Shuiqin"
position = "Chair"
talk = "Money"

[[panel]]
full_name = "Nobody Named"
+++

Jing Shuiqin opened the hearing.
"""

HUGO_TOML = """\
[articles.roles]
status = "draft"
byline = "authors"

[fields.title]
type = "string"
required = true

[fields.date]
type = "datetime"
required = true

[fields.draft]
type = "boolean"

[fields.authors]
type = "list"
items = "string"

[fields.summary]
type = "text"
required = "published"
"""


def site_schema():
    return parse_schema(SITE_TOML)


def codes_at(problems: list[Problem]) -> list[tuple[str, str | None]]:
    return sorted((p.code, p.field) for p in problems)


# -- the typed views -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [SITE_YAML_ARTICLE, SITE_TOML_ARTICLE], ids=["yaml", "toml"])
def test_article_view_reads_the_sites_fields(text: str) -> None:
    view = site_schema().roles.view(parse_text(text, "a.md"))
    assert view.title == "Budget hearing"
    assert view.date == dt.date(2023, 12, 28)
    assert view.byline == "ana-ruiz, lee-park"
    assert view.status == "review"
    assert [(p.name, p.role, p.organization) for p in view.attendees] == [
        ("Liu Hong", "Dean", "Faculty of Law"),
        ("liu  hong", None, None),
    ]
    assert (view.speakers[0].name, view.speakers[0].topic) == ("Jing Shuiqin", "Money")
    # newsdesk's own names mean nothing to this site
    assert DEFAULT_ROLES.view(parse_text(text, "a.md")).title is None


@pytest.mark.parametrize("text", [SITE_YAML_ARTICLE, SITE_TOML_ARTICLE], ids=["yaml", "toml"])
def test_list_entry_by_roles(text: str) -> None:
    entry = summarize(parse_text(text, "a.md"), schema=site_schema())
    assert (entry.title, entry.date, entry.status, entry.byline) == (
        "Budget hearing",
        "2023-12-28",
        "review",
        "ana-ruiz, lee-park",
    )
    assert entry.people == ("Liu Hong", "liu  hong", "Jing Shuiqin", "Nobody Named")
    assert "jing shuiqin" in entry.search_text


# -- validate through the roles --------------------------------------------------------------


@pytest.mark.parametrize("text", [SITE_YAML_ARTICLE, SITE_TOML_ARTICLE], ids=["yaml", "toml"])
def test_validate_uses_the_roles(text: str) -> None:
    problems = validate_article(parse_text(text, "a.md"), site_schema())
    assert codes_at(problems) == [
        ("duplicate-person", "participants[1].full_name"),
        ("speaker-not-in-body", "panel[1].full_name"),
    ]
    # "required from a status on" compares with the status role's field
    live = text.replace("review", "live")
    problems = validate_article(parse_text(live, "a.md"), site_schema())
    required = [p for p in problems if p.code == "required"]
    assert [p.field for p in required] == ["description"]
    assert "once state is live" in required[0].message
    assert required[0].line == 5  # the state line, in both formats


def test_required_from_a_status_points_at_the_status_line_when_positions_come_later(tmp_path: Path) -> None:
    # validate reads files without positions first; the status line must still be found.
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: x\ndate: 2024-01-01\nstatus: approved\nbyline: b\n---\nbody\n")
    problems = validate_article(load_article(path, locations=False), default_schema())
    assert [(p.code, p.line) for p in problems] == [("required", 4)]


def test_draft_flag_status_in_validate() -> None:
    schema = parse_schema(HUGO_TOML)
    assert schema.statuses == ("draft", "published") and schema.has_status
    draft = "---\ntitle: T\ndate: 2023-01-05 09:00:00 -0500\ndraft: true\n---\nB\n"
    assert validate_article(parse_text(draft, "a.md"), schema) == []
    published = draft.replace("draft: true", "draft: false")
    problems = validate_article(parse_text(published, "a.md"), schema)
    assert [(p.code, p.field, p.line) for p in problems] == [("required", "summary", 4)]
    assert "once the article is published (draft: false or absent)" in problems[0].message
    # no draft flag at all: Hugo publishes it
    absent = "---\ntitle: T\ndate: 2023-01-05 09:00:00 -0500\n---\nB\n"
    assert [p.field for p in validate_article(parse_text(absent, "a.md"), schema)] == ["summary"]


def test_a_site_without_status_has_none() -> None:
    schema = parse_schema('[fields.title]\ntype = "string"\n')
    assert not schema.has_status
    assert default_schema().has_status


def test_bundled_articles_keep_validating_with_the_built_in_schema() -> None:
    report = validate_paths([ARTICLES], jobs=1)
    assert report.files_checked == len(list(ARTICLES.glob("*.md")))  # other issues add some
    assert report.errors == 0


# -- a section's own newsdesk.toml -----------------------------------------------------------


def sections(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "news").mkdir(parents=True)
    (root / "people").mkdir()
    (root / "news" / "newsdesk.toml").write_text(HUGO_TOML)
    (root / "people" / "newsdesk.toml").write_text(
        '[articles.roles]\ntitle = "display_name"\n[fields.display_name]\ntype = "string"\n'
    )
    (root / "news" / "a.md").write_text(
        "---\ntitle: News one\ndate: 2023-01-05 09:00:00 -0500\nauthors: [ana]\nsummary: S\n---\nB\n"
    )
    (root / "news" / "b.md").write_text("---\ntitle: News two\ndate: 2023-01-06\ndraft: true\n---\nB\n")
    (root / "people" / "ana.md").write_text("---\ndisplay_name: Ana Ruiz\n---\nBio\n")
    (root / "top.md").write_text("---\ntitle: Top\ndate: 2023-01-01\nstatus: draft\n---\nB\n")
    return root


def test_schema_lookup_finds_each_sections_schema(tmp_path: Path) -> None:
    root = sections(tmp_path)
    lookup = SchemaLookup(root, default_schema())
    assert lookup.for_path(root / "top.md") is lookup.base and lookup.key_for(root / "top.md") == ""
    assert lookup.for_path(root / "news" / "a.md").roles.draft_flag
    assert lookup.for_path(root / "people" / "ana.md").roles.title == "display_name"
    deeper = root / "news" / "2023" / "01"
    deeper.mkdir(parents=True)
    assert lookup.for_path(deeper / "c.md") is lookup.for_path(root / "news" / "a.md")
    (root / "people" / "newsdesk.toml").write_text("[fields.x\n")
    lookup.forget()
    assert lookup.for_path(root / "people" / "ana.md") is lookup.base
    error = lookup.error_for(root / "people" / "ana.md")
    assert error is not None and error.line == 1


def test_index_reads_each_article_with_its_sections_roles(tmp_path: Path) -> None:
    root = sections(tmp_path)
    index = FolderIndex(root, schemas=SchemaLookup(root, default_schema()))
    rows = {e.rel: (e.title, e.date, e.status, e.byline, e.has_status) for e in index.scan()}
    assert index.schemas is not None
    assert index.schemas.statuses_in_use() == ("draft", "review", "approved", "published")
    assert rows == {
        "news/a.md": ("News one", "2023-01-05", "published", "ana", True),
        "news/b.md": ("News two", "2023-01-06", "draft", "", True),
        "people/ana.md": ("Ana Ruiz", "", "", "", False),
        "top.md": ("Top", "2023-01-01", "draft", "", True),
    }


def test_statuses_in_use_are_those_of_the_schemas_that_apply(tmp_path: Path) -> None:
    root = sections(tmp_path)
    (root / "top.md").unlink()
    index = FolderIndex(root, schemas=SchemaLookup(root, default_schema()))
    index.scan()
    assert index.schemas is not None and index.schemas.statuses_in_use() == ("draft", "published")
    (root / "news" / "newsdesk.toml").unlink()
    (root / "news" / "a.md").unlink()
    (root / "news" / "b.md").unlink()
    index.refresh()
    assert index.schemas.statuses_in_use() == ()


def test_cached_entries_are_read_again_when_a_sections_schema_comes(tmp_path: Path) -> None:
    root = sections(tmp_path)
    (root / "people" / "newsdesk.toml").unlink()
    cache = cache_file_for(root, tmp_path / "cache")
    first = FolderIndex(root, schemas=SchemaLookup(root, default_schema()), cache_file=cache)
    first.scan()
    assert first.entries[root / "people" / "ana.md"].title == ""
    assert first.save_cache()
    assert json.loads(cache.read_text())["format"] == CACHE_FORMAT
    # still valid: the same schemas
    again = FolderIndex(root, schemas=SchemaLookup(root, default_schema()), cache_file=cache)
    again.load_cache()
    assert again.cached_entry(root / "news" / "a.md") == first.entries[root / "news" / "a.md"]
    assert again.cached_entry(root / "people" / "ana.md") == first.entries[root / "people" / "ana.md"]
    # `init --detect` writes the section's newsdesk.toml: its entries are stale now
    (root / "people" / "newsdesk.toml").write_text('[articles.roles]\ntitle = "display_name"\n')
    later = FolderIndex(root, schemas=SchemaLookup(root, default_schema()), cache_file=cache)
    later.load_cache()
    assert later.cached_entry(root / "people" / "ana.md") is None
    assert later.cached_entry(root / "news" / "a.md") is not None
    # and the live folder notices it too
    changed, removed = first.changed_paths()
    assert changed == [root / "people" / "ana.md"] and removed == []
    updated, _ = first.refresh()
    assert [e.title for e in updated] == ["Ana Ruiz"]


def test_a_change_notice_for_a_sections_schema_rereads_its_articles(tmp_path: Path) -> None:
    root = sections(tmp_path)
    (root / "people" / "newsdesk.toml").unlink()
    index = FolderIndex(root, schemas=SchemaLookup(root, default_schema()))
    index.scan()
    assert index.entries[root / "people" / "ana.md"].title == ""
    (root / "people" / "newsdesk.toml").write_text('[articles.roles]\ntitle = "display_name"\n')
    updated, removed = index.refresh_paths([root / "people" / "newsdesk.toml"])
    assert [e.title for e in updated] == ["Ana Ruiz"] and removed == []
    assert index.refresh_paths([root / "people" / "newsdesk.toml"]) == ([], [])  # nothing new


def test_an_unreadable_front_matter_has_no_status_even_with_a_draft_flag() -> None:
    schema = parse_schema(HUGO_TOML)
    entry = summarize(parse_text("---\ntitle: [unclosed\n---\n", "a.md"), schema=schema)
    assert entry.status == ""


# -- the CLI ---------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def site(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "newsdesk.toml").write_text(SITE_TOML)
    (tmp_path / "a.md").write_text(SITE_YAML_ARTICLE)
    (tmp_path / "b.md").write_text(SITE_TOML_ARTICLE.replace('"review"', '"idea"'))
    return tmp_path


def test_list_shows_roles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = site(tmp_path)
    code, out, _ = run(capsys, "list", str(folder), "--json")
    assert code == 0
    rows = {Path(r["path"]).name: r for r in json.loads(out)}
    assert rows["a.md"]["title"] == "Budget hearing"
    assert rows["a.md"]["date"] == "2023-12-28"
    assert rows["a.md"]["status"] == "review"
    assert rows["a.md"]["byline"] == "ana-ruiz, lee-park"
    code, out, _ = run(capsys, "list", str(folder), "--status", "idea")
    assert code == 0 and "b.md" in out and "a.md" not in out
    code, _, err = run(capsys, "list", str(folder), "--status", "published")
    assert code == 2 and "idea, draft, review, live" in err


def test_list_with_a_draft_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = sections(tmp_path)
    code, out, _ = run(capsys, "list", str(root / "news"), "--status", "published")
    assert code == 0 and out.count("\n") == 1 and "News one" in out
    code, out, _ = run(capsys, "list", str(root / "news"))
    assert "  published  " in out and "  draft  " in out
    code, _, err = run(capsys, "list", str(root / "news"), "--status", "review")
    assert code == 2 and "draft, published" in err


def test_list_reads_each_section_with_its_own_roles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = sections(tmp_path)
    code, out, _ = run(capsys, "list", str(root), "--json")
    assert code == 0
    rows = {
        r["path"].removeprefix(str(root) + "/"): (r["title"], r["status"], r["problems"])
        for r in json.loads(out)
    }
    assert rows == {
        "news/a.md": ("News one", "published", 0),
        "news/b.md": ("News two", "draft", 0),
        "people/ana.md": ("Ana Ruiz", None, 0),
        "top.md": ("Top", "draft", 0),
    }


def test_list_hides_the_status_column_of_a_site_without_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "newsdesk.toml").write_text('[fields.title]\ntype = "string"\n[fields.date]\ntype = "date"\n')
    (tmp_path / "a.md").write_text("---\ntitle: Alpha\ndate: 2024-01-02\n---\nB\n")
    code, out, _ = run(capsys, "list", str(tmp_path))
    assert code == 0
    assert out.split() == [str(tmp_path / "a.md"), "2024-01-02", "Alpha"]


def test_show_lists_people_by_the_sites_person_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = site(tmp_path)
    code, out, err = run(capsys, "show", str(folder / "a.md"))
    assert code == 1  # the duplicate person is an error
    assert "participants (2):\n  - Liu Hong — Dean, Faculty of Law\n  - liu  hong\n" in out
    assert "panel (2):\n  - Jing Shuiqin — Chair\n    talk: Money\n" in out
    assert "duplicate-person" in err


def hugo_article(tmp_path: Path, front: str) -> Path:
    (tmp_path / "newsdesk.toml").write_text(HUGO_TOML)
    path = tmp_path / "a.md"
    path.write_text(textwrap.dedent(front))
    return path


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("published", "draft: false"),
        ("draft", "draft: true"),
        ("false", "draft: false"),
        ("yes", "draft: true"),
    ],
)
def test_set_a_draft_flag_by_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, written: str
) -> None:
    path = hugo_article(tmp_path, "---\ntitle: T\ndate: 2023-01-05\ndraft: maybe\nsummary: S\n---\nB\n")
    code, _, err = run(capsys, "set", str(path), f"draft={value}")
    assert code == 0, err
    assert path.read_text() == f"---\ntitle: T\ndate: 2023-01-05\n{written}\nsummary: S\n---\nB\n"


def test_set_a_draft_flag_refuses_other_statuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = hugo_article(tmp_path, "---\ntitle: T\ndate: 2023-01-05\n---\nB\n")
    code, _, err = run(capsys, "set", str(path), "draft=review")
    assert code == 1
    assert "only as draft or published" in err and "add a status field" in err
    assert path.read_text() == "---\ntitle: T\ndate: 2023-01-05\n---\nB\n"


def test_set_a_draft_flag_the_schema_does_not_declare(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "newsdesk.toml").write_text('[articles.roles]\nstatus = "draft"\n')
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: T\n---\nB\n")
    assert load_schema(tmp_path / "newsdesk.toml").roles.draft_flag
    code, _, err = run(capsys, "set", str(path), "draft=draft")
    assert code == 0, err
    assert path.read_text() == "---\ntitle: T\ndraft: true\n---\nB\n"


def test_list_status_of_a_sections_own_workflow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site(tmp_path / "desk")  # its own statuses: idea, draft, review, live
    (tmp_path / "top.md").write_text("---\ntitle: Top\ndate: 2023-01-01\nstatus: draft\n---\nB\n")
    code, out, _ = run(capsys, "list", str(tmp_path), "--status", "idea")
    assert code == 0 and out.count("\n") == 1 and "desk/b.md" in out
    code, _, err = run(capsys, "list", str(tmp_path), "--status", "bogus")
    assert code == 2 and "draft, review, approved, published, idea, live" in err
