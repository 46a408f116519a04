"""Hugo archetypes: found upwards from the folder, their simple templates filled in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsdesk.core.infer.archetype import find_archetype, load_archetype

WHEN = dt.datetime(2024, 5, 22, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
TITLE = """It's a "test" \\o/ {{ .Date }}"""

#: Hugo's own default archetype (hugo new site), TOML.
HUGO_DEFAULT = """\
+++
title = '{{ replace .File.ContentBaseName "-" " " | title }}'
date = {{ .Date }}
draft = true
+++
"""

YAML_NEWS = """\
---
title: "{{ replace .File.ContentBaseName "-" " " | title }}"
date: {{ .Date }}
# who writes it
authors: [{{ .Site.Params.author }}]
editor: {{ .Site.Params.editor }}
deck: "Seen at {{ .Site.Title }}"
draft: true
topics:
  - news
---

Write here. {{ .Content }}
"""


def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "archetypes").mkdir(parents=True)
    (root / "archetypes" / "default.md").write_text(HUGO_DEFAULT)
    (root / "archetypes" / "news.md").write_text(YAML_NEWS)
    for section in ("news/2023/05", "events", "topics"):
        (root / "content" / section).mkdir(parents=True)
    return root


def test_hugo_default_archetype_filled_in(tmp_path: Path) -> None:
    root = site(tmp_path)
    path = find_archetype(root / "content" / "events")
    assert path == root / "archetypes" / "default.md"
    archetype, warnings = load_archetype(path, title=TITLE, when=WHEN)
    assert warnings == []
    assert archetype is not None and archetype.format == "toml"
    assert archetype.metadata == {"title": TITLE, "date": WHEN, "draft": True}
    assert list(archetype.metadata) == ["title", "date", "draft"]


def test_section_archetype_with_templates_left_as_written(tmp_path: Path) -> None:
    root = site(tmp_path)
    path = find_archetype(root / "content" / "news" / "2023" / "05")
    assert path == root / "archetypes" / "news.md"
    archetype, warnings = load_archetype(path, title="Budget hearing", when=WHEN)
    assert archetype is not None and archetype.format == "yaml"
    assert archetype.metadata == {
        "title": "Budget hearing",
        "date": WHEN,
        "authors": ["{{ .Site.Params.author }}"],
        "editor": "{{ .Site.Params.editor }}",
        "deck": "Seen at {{ .Site.Title }}",
        "draft": True,
        "topics": ["news"],
    }
    assert archetype.body == "\nWrite here. {{ .Content }}\n"
    assert warnings == [
        "archetypes/news.md:5: {{ .Site.Params.author }} is left as written (newsdesk fills in only "
        "{{ .Date }} and the title)",
        "archetypes/news.md:6: {{ .Site.Params.editor }} is left as written (newsdesk fills in only "
        "{{ .Date }} and the title)",
        "archetypes/news.md:7: {{ .Site.Title }} is left as written (newsdesk fills in only "
        "{{ .Date }} and the title)",
        "archetypes/news.md:13: {{ .Content }} in the body is left as written",
    ]


def test_toml_templates_left_as_written_become_text(tmp_path: Path) -> None:
    path = tmp_path / "archetypes" / "default.md"
    path.parent.mkdir()
    path.write_text(
        '+++\ntitle = "{{ .Name | humanize | title }}"\nauthor = {{ .Site.Params.author }}\n'
        "tags = [{{ .Site.Params.tag }}, 'x']\ndate = {{- .Date -}}\n+++\n"
    )
    archetype, warnings = load_archetype(path, title="T", when=WHEN)
    assert archetype is not None
    assert archetype.metadata == {
        "title": "T",
        "author": "{{ .Site.Params.author }}",
        "tags": ["{{ .Site.Params.tag }}", "x"],
        "date": WHEN,
    }
    assert len(warnings) == 2


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("---\ntitle: [unclosed\n---\n", "cannot read the archetype"),
        ("title: x\n", "no front matter"),
        ("+++\ntitle = 'x'\n", "never closed"),
        ("---\n- a\n- b\n---\n", "cannot read the archetype"),
    ],
)
def test_an_archetype_that_cannot_be_read_is_not_used(tmp_path: Path, text: str, why: str) -> None:
    path = tmp_path / "default.md"
    path.write_text(text)
    archetype, warnings = load_archetype(path, title="T", when=WHEN)
    assert archetype is None
    assert why in warnings[-1] and warnings[-1].endswith("starting from the schema")


def test_no_archetype(tmp_path: Path) -> None:
    (tmp_path / "content" / "news").mkdir(parents=True)
    assert find_archetype(tmp_path / "content" / "news") is None


def test_archetypes_are_not_looked_for_above_the_repository(tmp_path: Path) -> None:
    (tmp_path / "archetypes").mkdir()
    (tmp_path / "archetypes" / "default.md").write_text(HUGO_DEFAULT)
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "content").mkdir()
    assert find_archetype(repo / "content") is None
    assert find_archetype(tmp_path) == tmp_path / "archetypes" / "default.md"


def test_only_default_when_the_section_has_none(tmp_path: Path) -> None:
    root = site(tmp_path)
    (root / "archetypes" / "default.md").unlink()
    assert find_archetype(root / "content" / "topics") is None
    assert find_archetype(root / "content" / "news") == root / "archetypes" / "news.md"


def test_binary_or_huge_archetype(tmp_path: Path) -> None:
    path = tmp_path / "default.md"
    path.write_bytes(b"---\ntitle: \xff\n---\n")
    assert load_archetype(path, title="T", when=WHEN)[0] is None
    path.write_text("---\ntitle: x\n---\n" + "x" * 300_000)
    archetype, warnings = load_archetype(path, title="T", when=WHEN)
    assert archetype is None and "too large" in warnings[0]


# -- new articles: `newsdesk new` starts from the archetype, by the site's roles ---------------


HUGO_SCHEMA = """\
[articles]
format = "yaml"
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
"""


def new(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from newsdesk.cli import main

    code = main(["new", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_newsdesk_new_starts_from_the_sections_archetype(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path)
    folder = root / "content" / "news"
    (folder / "newsdesk.toml").write_text(HUGO_SCHEMA)
    code, out, err = new(capsys, "Budget hearing", "--folder", str(folder), "--date", "2024-05-22")
    assert code == 0, err
    path = Path(out.strip())
    assert path == folder / "2024-05-22-budget-hearing.md"
    text = path.read_text()
    lines = text.splitlines()
    assert lines[:2] == ["---", "title: Budget hearing"]
    # the article's day, at the current time; RFC 3339's T, as `hugo new` writes .Date (issue 22)
    assert lines[2].startswith("date: 2024-05-22T")
    assert lines[3:] == [
        "authors:",
        '  - "{{ .Site.Params.author }}"',
        'editor: "{{ .Site.Params.editor }}"',
        "deck: Seen at {{ .Site.Title }}",
        "draft: true",
        "topics:",
        "  - news",
        "---",
        "",
        "Write here. {{ .Content }}",
    ]
    assert err.count("newsdesk: warning: archetypes/news.md:") == 4
    assert "{{ .Site.Params.author }} is left as written" in err


def test_newsdesk_new_toml_archetype_sets_the_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path)
    folder = root / "content" / "events"
    code, out, err = new(capsys, "Open day", "--folder", str(folder), "--date", "2024-06-01")
    assert code == 0 and err == ""
    text = Path(out.strip()).read_text()
    assert text.startswith('+++\ntitle = "Open day"\ndate = 2024-06-01 ')
    # no newsdesk.toml: the built-in schema's status is added, as for any new article
    assert text.endswith('\ndraft = true\nstatus = "draft"\n+++\n\n')


def test_newsdesk_new_without_archetype_uses_the_roles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "newsdesk.toml").write_text(
        '[articles.roles]\ntitle = "headline"\nstatus = "draft"\n[fields.headline]\ntype = "string"\n'
        '[fields.date]\ntype = "date"\n[fields.draft]\ntype = "boolean"\n'
    )
    code, out, err = new(capsys, "Budget hearing", "--folder", str(tmp_path), "--date", "2024-05-22")
    assert code == 0, err
    assert (
        Path(out.strip()).read_text()
        == "---\nheadline: Budget hearing\ndate: 2024-05-22\ndraft: true\n---\n\n"
    )


def test_newsdesk_new_on_a_site_without_status_writes_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "newsdesk.toml").write_text('[fields.title]\ntype = "string"\n[fields.date]\ntype = "date"\n')
    code, out, err = new(capsys, "Plain", "--folder", str(tmp_path), "--date", "2024-05-22")
    assert code == 0, err
    assert Path(out.strip()).read_text() == "---\ntitle: Plain\ndate: 2024-05-22\n---\n\n"


def test_newsdesk_new_with_an_archetype_that_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path)
    (root / "archetypes" / "default.md").write_text("---\ntitle: [broken\n---\n")
    code, out, err = new(
        capsys, "Topic", "--folder", str(root / "content" / "topics"), "--date", "2024-05-22"
    )
    assert code == 0
    assert "cannot read the archetype" in err and "starting from the schema" in err
    assert Path(out.strip()).read_text() == "---\ntitle: Topic\ndate: 2024-05-22\nstatus: draft\n---\n\n"
