"""What a pass keeps of the profiles, and for how long (issue 23 item 6): one memo per pass
(`refspec.one_pass`), kept after it for the reader until the next pass or `forget_resolvers`;
the profiles a scan reads as articles are the ones their slugs are resolved with."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from newsdesk.core.folder.index import FolderIndex, schema_checker
from newsdesk.core.rules import refspec
from newsdesk.core.rules.references import display_metadata, forget_resolvers
from newsdesk.core.rules.schema import SchemaLookup, parse_schema, schema_for

SCHEMA = """
[articles.roles]
byline = "authors"

[references.authors]
files = "authors/*/_index.md"
name = "display_name"

[fields.authors]
type = "list"
ref = "authors"
"""


def _site(root: Path) -> None:
    (root / "newsdesk.toml").write_text(SCHEMA)
    for slug, name in (("ann", "Ann Lee"), ("bob", "Bob Roy")):
        (root / "authors" / slug).mkdir(parents=True)
        (root / "authors" / slug / "_index.md").write_text(f"---\ndisplay_name: {name}\n---\n")
    (root / "news").mkdir()
    (root / "news" / "a.md").write_text("---\ntitle: A\nauthors: [ann, bob]\n---\n")


def _scan(root: Path) -> FolderIndex:
    lookup = SchemaLookup(root, schema_for(root))
    index = FolderIndex(root, schema_checker(lookup), schemas=lookup)
    index.scan()
    return index


def test_which_paths_may_be_profiles(tmp_path: Path) -> None:
    parse_schema('[references.p]\nfiles = "people/*/_index.md"\n', tmp_path / "newsdesk.toml")
    parse_schema('[references.q]\nfiles = "staff/p-*.md"\n', tmp_path / "newsdesk.toml")
    people, staff = tmp_path / "people", tmp_path / "staff"
    assert refspec.is_profile_path(f"{people}/ann/_index.md") == f"{people}/ann/_index.md"
    assert refspec.is_profile_path(f"{people}/../people/ann/_index.md") == f"{people}/ann/_index.md"
    assert refspec.is_profile_path(f"{staff}/p-ann.md") == f"{staff}/p-ann.md"
    for other in (
        f"{people}/_index.md",  # the section's own page
        f"{people}/ann/more/_index.md",
        f"{people}/ann/index.md",
        f"{staff}/ann.md",
        f"{staff}/p-.md",  # the * stands for nothing
        f"{tmp_path}/news/ann/_index.md",
    ):
        assert refspec.is_profile_path(other) is None, other


def test_a_profile_edited_between_two_scans_is_read_again(tmp_path: Path) -> None:
    _site(tmp_path)
    article = tmp_path / "news" / "a.md"
    assert _scan(tmp_path).entries[article].byline == "Ann Lee, Bob Roy"
    profile = tmp_path / "authors" / "ann" / "_index.md"
    time.sleep(0.01)
    profile.write_text("---\ndisplay_name: Ann Lee-Roy\n---\n")
    assert _scan(tmp_path).entries[article].byline == "Ann Lee-Roy, Bob Roy"


def test_the_reader_resolves_with_the_last_pass_until_it_is_forgotten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site(tmp_path)
    _scan(tmp_path)
    schema = schema_for(tmp_path / "news" / "a.md")
    looked: list[str] = []
    real_scandir = os.scandir

    def counting(path: object = ".") -> object:
        looked.append(str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", counting)
    meta = {"title": "A", "authors": ["ann", "bob"]}
    for _ in range(2):  # two articles shown after the scan: the scan's look at the profiles
        assert display_metadata(meta, schema) == {**meta, "authors": ["Ann Lee", "Bob Roy"]}
    assert looked == []
    forget_resolvers()  # a change seen on disk: the profiles are looked at again, once
    (tmp_path / "authors" / "bob" / "_index.md").write_text("---\ndisplay_name: Bob Roy Jr\n---\n")
    for _ in range(2):
        assert display_metadata(meta, schema) == {**meta, "authors": ["Ann Lee", "Bob Roy Jr"]}
    assert looked == [str(tmp_path / "authors")]


@pytest.mark.parametrize("folder", ["authors", "team"])  # walked before news/, and after it
def test_a_scan_reads_each_profile_once_whichever_comes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    from newsdesk.core.read import reader

    _site(tmp_path)
    if folder != "authors":
        (tmp_path / "authors").rename(tmp_path / folder)
        (tmp_path / "newsdesk.toml").write_text(SCHEMA.replace('"authors/*', f'"{folder}/*'))
    reads: list[str] = []
    real = reader.load_article

    def counting(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(reader, "load_article", counting)
    index = _scan(tmp_path)
    assert index.entries[tmp_path / "news" / "a.md"].byline == "Ann Lee, Bob Roy"
    assert index.entries[tmp_path / folder / "ann" / "_index.md"].title == ""
    assert sorted(reads) == sorted(str(p) for p in index.entries)  # each file once
