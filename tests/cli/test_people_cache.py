"""The people cache (issue 14's leftover): a pre-commit ``validate ONE.md`` on an article naming
people reads the folder's small people cache, not its whole index cache, and gets the same
warnings; a changed, new or damaged file or cache falls back to the index as before."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_people_cli import art, codes, newsroom  # noqa: F401  (a fixture)

from newsdesk.core.check.batch import validate_paths
from newsdesk.core.check.people_check import cache_dir, folder_people, related_names
from newsdesk.core.folder.index import (
    FolderIndex,
    cache_file_for,
    cache_tag,
    people_cache_file,
    read_people_cache,
)
from newsdesk.core.persons.config import EMPTY_CONFIG
from newsdesk.core.rules.schema import schema_for
from newsdesk.core.rules.validate import validate_article

#: Every test runs in the newsroom of test_people_cli (five articles in ./news).
pytestmark = pytest.mark.usefixtures("newsroom")
C_WARNINGS = [("c.md", 6, 11, "name-variant"), ("c.md", 8, 11, "name-variant")]


def _caches() -> tuple[Path, Path]:
    index = cache_file_for(Path("news"), cache_dir())
    return index, people_cache_file(index)


def _newsroom() -> Path:
    return Path.cwd() / "news"


def _no_index(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise AssertionError("the index cache was read")

    monkeypatch.setattr(FolderIndex, "load_cache", fail)
    monkeypatch.setattr(FolderIndex, "load_entry", fail)


def test_pre_commit_reads_the_people_cache_not_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    assert codes(validate_paths([Path("news/c.md")])) == C_WARNINGS
    index, people = _caches()
    assert index.is_file() and people.is_file()
    assert people.stat().st_size < index.stat().st_size
    _no_index(monkeypatch)
    assert codes(validate_paths([Path("news/c.md")])) == C_WARNINGS
    # The folder spelled another way (absolute): the same cache.
    assert codes(validate_paths([_newsroom() / "c.md"])) == C_WARNINGS


def test_a_changed_file_is_read_again_and_the_people_cache_follows(monkeypatch: pytest.MonkeyPatch) -> None:
    validate_paths([Path("news/c.md")])
    _, people = _caches()
    (_newsroom() / "a.md").write_text(art("A", "2024-01-10", [("Liu Hong", "Dean")]), encoding="utf-8")
    (_newsroom() / "b.md").write_text(art("B", "2024-02-10", [("Liu Hong", "Dean")]), encoding="utf-8")
    os.utime(_newsroom() / "b.md", ns=(1, 1))  # whatever the clock's grain, b.md changed
    before = people.read_bytes()
    assert codes(validate_paths([Path("news/c.md")])) == [C_WARNINGS[0]]  # Chang Junyue is gone
    assert people.read_bytes() != before  # written again with the index
    with monkeypatch.context() as m:
        _no_index(m)
        assert codes(validate_paths([Path("news/c.md")])) == [C_WARNINGS[0]]
        # New files are not in the people cache: the index is read for them.
        for name in ("f.md", "g.md"):
            (_newsroom() / name).write_text(
                art("F", "2024-06-10", [("Chang Junyue", "Dean")]), encoding="utf-8"
            )
        with pytest.raises(AssertionError, match="index cache was read"):
            validate_paths([Path("news/c.md")])
    assert codes(validate_paths([Path("news/c.md")])) == C_WARNINGS


def test_a_missing_or_damaged_people_cache_is_written_again() -> None:
    validate_paths([Path("news/c.md")])
    index, people = _caches()
    good = people.read_bytes()
    index_written = index.stat().st_mtime_ns
    people.unlink()
    assert codes(validate_paths([Path("news/c.md")])) == C_WARNINGS
    assert people.read_bytes() == good  # written from the index cache, which was not written
    assert index.stat().st_mtime_ns == index_written
    lines = good.split(b"\n")
    damaged = [
        b"",
        b"not json\n[]",
        good[: len(good) // 2],
        b"\n".join([*lines[:-1], b'[["attendee","x"]]']),  # a row's people not as we wrote them
        b"\n".join([lines[0], lines[1].replace(b'"c.md"', b'"c.md",1'), *lines[2:]]),
        b"\n".join([lines[0].replace(b"newsdesk", b"other"), *lines[1:]]),  # another tag
        b"\n".join(lines[:-1]),  # a line short
    ]
    for text in damaged:
        people.write_bytes(text)
        assert codes(validate_paths([Path("news/c.md")])) == C_WARNINGS, text


def test_the_people_cache_gives_what_the_index_gives() -> None:
    """`folder_people` from the people cache and from the index cache: the same articles, the
    same order, the same people, for a run on a few files and on many."""
    schema = schema_for(_newsroom())
    root = Path("news")
    cache = cache_dir()
    wanted = related_names(EMPTY_CONFIG, {"Chang Junyu"})
    (_newsroom() / "sub").mkdir()
    (_newsroom() / "sub" / "g.md").write_text(
        art("G", "2024-07-10", [("Zoe Adams", "Chair")]), encoding="utf-8"
    )
    folder_people(root, schema, {}, cache=cache)  # every file read: both caches written
    index, people = _caches()
    assert read_people_cache(index, cache_tag(schema)) is not None
    for want in (None, wanted):
        quick = folder_people(root, schema, {}, cache=cache, wanted=want)
        saved = people.read_bytes()
        people.unlink()
        slow = folder_people(root, schema, {}, cache=cache, wanted=want)
        assert quick == slow and len(slow) == (6 if want is None else 3)
        assert people.read_bytes() == saved


def test_the_app_writes_the_people_cache_with_its_index() -> None:
    schema = schema_for(_newsroom())
    index_file, _ = _caches()
    app_index = FolderIndex(
        Path("news"),
        checker=lambda a: validate_article(a, schema),
        cache_file=index_file,
        cache_tag=cache_tag(schema),
    )
    entries = app_index.scan()
    assert app_index.save_cache()
    found = read_people_cache(index_file, cache_tag(schema))
    assert found is not None
    rows, lines = found
    assert sorted(rows) == sorted(e.rel for e in entries)
    e = next(e for e in entries if e.rel == "c.md")
    (rel, mtime_ns, size, key, date, title, labels), line = rows["c.md"]
    assert (rel, mtime_ns, size, key, date, title, labels) == (
        "c.md",
        e.mtime_ns,
        e.size,
        "",
        e.date,
        "C",
        list(e.people),
    )
    assert "Chang Junyu" in lines[line]
