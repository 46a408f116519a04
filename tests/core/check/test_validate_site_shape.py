"""Validate on a site's shape (issue 23): per-folder and per-profile work is done once, not per file.

A real Hugo site has many folders (one per author profile) and articles naming profiles by slug.
The system calls are counted, not timed: at most one ``stat`` per article file, the profiles
listed once per run (not once per article), and no ``realpath`` per folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsdesk.core.check.batch import validate_paths

PROFILES = 40
ARTICLES = 30

SCHEMA = """
[articles]
format = "yaml"

[articles.roles]
byline = "authors"

[references.authors]
files = "../authors/*/_index.md"
name = "display_name"

[fields.authors]
type = "list"
items = "string"
ref = "authors"
"""


def _site(root: Path) -> None:
    for n in range(PROFILES):
        folder = root / "authors" / f"person-{n}"
        folder.mkdir(parents=True)
        (folder / "_index.md").write_text(f'---\nslug: person-{n}\ndisplay_name: "Person {n}"\n---\n')
    for section in ("news", "events"):
        (root / section).mkdir()
        (root / section / "newsdesk.toml").write_text(SCHEMA)
        for n in range(ARTICLES // 2):
            folder = root / section / "2024" / f"{n % 5 + 1:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            slug = "nobody" if (section, n) == ("news", 3) else f"person-{n}"
            (folder / f"a-{n}.md").write_text(
                f"---\ntitle: A {n}\nauthors:\n  - {slug}\n  - person-{n + 1}\n---\nBody.\n"
            )


def _counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    calls: dict[str, list[str]] = {"stat": [], "realpath": []}
    real_stat, real_realpath = os.stat, os.path.realpath

    def stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["stat"].append(os.fspath(path) if not isinstance(path, int) else "")
        return real_stat(path, *args, **kwargs)

    def realpath(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["realpath"].append(os.fspath(path))
        return real_realpath(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os.path, "realpath", realpath)
    return calls


def test_validate_looks_at_profiles_once_and_stats_each_article_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site(tmp_path)
    calls = _counting(monkeypatch)
    report = validate_paths([tmp_path], jobs=1)
    monkeypatch.undo()
    # The slug naming no profile is still found: the listing is shared, not skipped.
    # (Other problems, of the profiles under the built-in schema or fields not declared, aside.)
    codes = [(p.name, problem.code) for p, problem in report.diagnostics() if "reference" in problem.code]
    assert codes == [("a-3.md", "unknown-reference")]
    assert report.files_checked == ARTICLES + PROFILES
    articles = [p for p in calls["stat"] if p.endswith(".md") and "/authors/" not in p]
    assert len(articles) == ARTICLES  # one stat per article
    # Each profile: one stat, to read it as an article of the folder; listing it as a profile
    # takes its state from that read (`references.read_article`; it was a second stat).
    profiles = [p for p in calls["stat"] if "/authors/" in p]
    assert len(profiles) == PROFILES
    # No realpath per folder (50 folders here): the root (for the walk and for its schema) and
    # each newsdesk.toml once.
    assert len(calls["realpath"]) <= 4


def test_validate_lists_the_profiles_once_for_all_sections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sections, each with its own newsdesk.toml naming the same profiles: one listing of
    the profiles' folder per run (the pass is entered once, around every section's checks,
    and only because a schema in use has references)."""
    _site(tmp_path)
    listed: list[str] = []
    real_scandir = os.scandir

    def scandir(path=".", *args, **kwargs):  # type: ignore[no-untyped-def]
        listed.append(os.fspath(path))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    report = validate_paths([tmp_path / "news", tmp_path / "events"], jobs=1)
    monkeypatch.undo()
    assert report.files_checked == ARTICLES
    assert [p for p in listed if os.path.basename(p) == "authors"] == [str(tmp_path / "authors")]


def test_a_folder_scan_reads_each_profile_once_for_all_sections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sections declaring the same profiles: a scan reads each profile's front matter once
    for both (it read them once per section naming them; issue 23 item 6), and once in all: the
    read that lists it as an article of the ``authors/`` section is the one its slugs are
    resolved with (it was read twice, the fourth round of issue 23)."""
    from newsdesk.core.folder.index import FolderIndex, schema_checker
    from newsdesk.core.read import reader
    from newsdesk.core.rules import references
    from newsdesk.core.rules.schema import SchemaLookup, schema_for

    _site(tmp_path)
    references._LOADED.clear()
    references._READ.clear()
    reads: list[str] = []
    real = reader.load_article

    def counting(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(reader, "load_article", counting)  # the scan's reads and the references'
    lookup = SchemaLookup(tmp_path, schema_for(tmp_path))
    index = FolderIndex(tmp_path, schema_checker(lookup), schemas=lookup)
    entries = index.scan()
    assert len(entries) == PROFILES + ARTICLES
    # Each profile read once per scan, as an article and as a profile at once.
    assert reads.count("_index.md") == PROFILES
    # The profiles' names, as when each was read twice.
    bylines = {entry.byline for entry in entries if entry.byline}
    assert "Person 0, Person 1" in bylines and "nobody, Person 4" in bylines
