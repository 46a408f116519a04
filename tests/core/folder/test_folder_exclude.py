"""``[articles] exclude`` (issue 20 §2): the files a schema says are not articles are not listed by
the folder index (the app's list, ``newsdesk list``) either, as ``newsdesk validate`` skips them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core.folder.index import FolderIndex, listed_paths
from newsdesk.core.rules.schema import SchemaLookup, load_schema

ARTICLE = "---\ntitle: A talk\n---\nBody.\n"


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "talks").mkdir(parents=True)
    (site / "newsdesk.toml").write_text('[articles]\nexclude = ["README.md", "docs/*.md"]\n')
    (site / "README.md").write_text("# The site\n\nNo front matter.\n")
    (site / "docs").mkdir()
    (site / "docs" / "setup.md").write_text("# Setup\n")
    (site / "talks" / "README.md").write_text(ARTICLE)  # another folder's README: an article
    (site / "talks" / "one.md").write_text(ARTICLE)
    return site


def _index(site: Path) -> FolderIndex:
    lookup = SchemaLookup(site, load_schema(site / "newsdesk.toml"))
    return FolderIndex(site, schemas=lookup)


def test_the_index_does_not_list_excluded_files(tmp_path: Path) -> None:
    site = _site(tmp_path)
    index = _index(site)
    rels = sorted(entry.rel for entry in index.scan())
    assert rels == ["talks/README.md", "talks/one.md"]
    # a change notification for an excluded file does not bring it in
    (site / "README.md").write_text("# The site, edited\n")
    updated, removed = index.refresh_paths([site / "README.md", site / "docs"])
    assert updated == [] and removed == []
    assert index.refresh() == ([], [])
    # without a schema lookup (no schema known), the walk lists every Markdown file
    assert len(list(listed_paths(site, None))) == 4


def test_one_file_given_is_listed_whatever_the_schema(tmp_path: Path) -> None:
    site = _site(tmp_path)
    lookup = SchemaLookup(site, load_schema(site / "newsdesk.toml"))
    assert list(listed_paths(site / "README.md", lookup)) == [site / "README.md"]


def test_newsdesk_list_does_not_list_excluded_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path)
    assert main(["list", "--json", str(site)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(Path(row["path"]).relative_to(site).as_posix() for row in rows) == [
        "talks/README.md",
        "talks/one.md",
    ]


def test_profiles_are_looked_at_once_per_scan_not_per_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20 §1's cost: each slug looked up used to stat every profile file (and list the
    folder of profiles for the check), per article: a 4,000-article site opened 40x slower."""
    import newsdesk.core.rules.references as references
    from newsdesk.core.folder.index import schema_checker

    site = tmp_path / "site"
    (site / "people").mkdir(parents=True)
    (site / "news").mkdir()
    for i in range(5):
        (site / "people" / f"p{i}.md").write_text(f"---\nname: Person {i}\n---\n")
    for i in range(30):
        (site / "news" / f"s{i}.md").write_text(
            f"---\ntitle: S{i}\nauthors: [p{i % 5}, p{(i + 1) % 5}]\n---\n"
        )
    (site / "newsdesk.toml").write_text(
        '[articles.roles]\nbyline = "authors"\n[fields.authors]\ntype = "list"\nitems = "string"\n'
        'ref = "people"\n[references.people]\nfiles = "people/*.md"\nname = "name"\n'
    )
    calls = {"signature": 0, "profile_files": 0}

    def counted(name: str, real: object) -> object:
        def wrapper(*args: object) -> object:
            calls[name] += 1
            return real(*args)  # type: ignore[operator]

        return wrapper

    monkeypatch.setattr(references, "signature", counted("signature", references.signature))
    monkeypatch.setattr(references, "profile_files", counted("profile_files", references.profile_files))
    lookup = SchemaLookup(site, load_schema(site / "newsdesk.toml"))
    index = FolderIndex(site, schema_checker(lookup), schemas=lookup)
    entries = index.scan()
    assert len(entries) == 35
    assert any(e.byline == "Person 0, Person 1" for e in entries)
    assert calls["signature"] <= 2 and calls["profile_files"] <= 2, calls
