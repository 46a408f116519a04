"""New articles: names, first metadata, never overwriting; and `newsdesk new`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core.infer.newarticle import create_article, initial_metadata, slugify, unused_path
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.schema import default_schema, parse_schema


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Spring Employment Meeting!", "spring-employment-meeting"),
        ("  Café   déjà-vu  ", "cafe-deja-vu"),
        ("我校召开就业工作推进会", "我校召开就业工作推进会"),
        ("../../etc/passwd", "etc-passwd"),
        ("!!!", "untitled"),
        ("word " * 30, "-".join(["word"] * 12)),
        ("x" * 80, "x" * 60),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_names_never_overwrite(tmp_path: Path) -> None:
    date = dt.date(2024, 5, 22)
    assert unused_path(tmp_path, "A b", date).name == "2024-05-22-a-b.md"
    (tmp_path / "2024-05-22-a-b.md").write_text("x")
    (tmp_path / "2024-05-22-a-b-2.md").symlink_to("missing")
    assert unused_path(tmp_path, "A b", date).name == "2024-05-22-a-b-3.md"


def test_initial_metadata_in_schema_order_with_defaults() -> None:
    schema = parse_schema(
        '[fields.title]\n[fields.section]\ndefault = "News"\n[fields.date]\ntype = "date"\n'
        '[fields.status]\ntype = "enum"\nvalues = ["idea", "draft", "done"]\n'
    )
    meta = initial_metadata(schema, "T", dt.date(2024, 1, 2))
    assert meta == {"title": "T", "section": "News", "date": dt.date(2024, 1, 2), "status": "draft"}
    assert list(meta) == ["title", "section", "date", "status"]
    assert initial_metadata(default_schema(), "T", dt.date(2024, 1, 2))["status"] == "draft"


def test_create_article_takes_the_next_free_name(tmp_path: Path) -> None:
    date = dt.date(2024, 1, 2)
    meta = initial_metadata(default_schema(), "Hello", date)
    first = create_article(tmp_path, meta, "\n", "yaml", title="Hello", date=date)
    second = create_article(tmp_path, meta, "\n", "toml", title="Hello", date=date)
    assert first.path.name == "2024-01-02-hello.md" and second.path.name == "2024-01-02-hello-2.md"
    assert load_article(second.path).metadata == meta and second.format == "toml"
    assert first.path.read_text() == "---\ntitle: Hello\ndate: 2024-01-02\nstatus: draft\n---\n\n"


def test_new_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["new", "Council meets", "--folder", str(tmp_path), "--date", "2024-03-04"])
    out = capsys.readouterr().out.strip()
    assert code == 0 and out == str(tmp_path / "2024-03-04-council-meets.md")
    assert main(["validate", out]) == 0
    assert (
        main(["new", "Council meets", "--folder", str(tmp_path), "--date", "2024-03-04", "--format", "toml"])
        == 0
    )
    path = Path(capsys.readouterr().out.strip().splitlines()[-1])
    assert path.name.endswith("-2.md") and path.read_text().startswith("+++\n")


def test_new_command_default_folder_and_today(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "articles").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["new", "Today"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.parent.resolve() == (tmp_path / "articles").resolve()
    assert path.name == f"{dt.date.today().isoformat()}-today.md"
    # printed as one would type it from here (issue 22): relative to the working folder
    assert path == Path("articles") / path.name
    monkeypatch.chdir(tmp_path / "articles")
    assert main(["new", "Here"]) == 0
    assert capsys.readouterr().out == f"{dt.date.today().isoformat()}-here.md\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "T", "--date", "2024-02-30"], "is not a date"),
        (["new", "T", "--folder", "/nonexistent/x"], "no such folder"),
        (["new", "  "], "title is empty"),
    ],
)
def test_new_command_usage_errors(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    assert message in capsys.readouterr().err
