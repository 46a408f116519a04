"""The scan workers (core/folder/scanpool.py) give the entries the folder index gives, whatever happens."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.core.folder.index import Entry, FolderIndex, cache_file_for, cache_tag, schema_checker
from newsdesk.core.folder.scanpool import ScanPool, chunks
from newsdesk.core.rules.schema import SchemaLookup, schema_for

GOOD = "---\ntitle: {t}\ndate: 2024-01-0{d}\nstatus: draft\nattendees:\n  - name: Ann\n  - group: all staff\n---\nBody.\n"


def _folder(root: Path, count: int = 90) -> Path:
    for i in range(count):
        sub = root / f"s{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"a{i:03d}.md").write_text(GOOD.format(t=f"T{i}", d=i % 9 + 1))
    (root / "broken.md").write_text("---\ntitle: [x\n---\n")
    (root / "nofm.md").write_text("plain text\n")
    (root / "toml.md").write_text('+++\ntitle = "T"\ndate = 2024-01-01\nstatus = "nope"\n+++\nbody\n')
    os.mkfifo(root / "fifo.md")
    # A section with its own schema, and one whose schema is broken.
    (root / "news").mkdir()
    (root / "news" / "newsdesk.toml").write_text('[articles.roles]\ntitle = "headline"\n[fields.headline]\n')
    (root / "news" / "n.md").write_text("---\nheadline: H\nextra: 1\n---\n")
    (root / "bad").mkdir()
    (root / "bad" / "newsdesk.toml").write_text("[fields.x\n")
    (root / "bad" / "b.md").write_text(GOOD.format(t="B", d=1))
    return root


def _index(root: Path, cache: Path | None = None) -> FolderIndex:
    schema = schema_for(root)
    lookup = SchemaLookup(root, schema)
    return FolderIndex(
        root,
        schema_checker(lookup),
        schemas=lookup,
        cache_file=cache_file_for(root, cache) if cache else None,
        cache_tag=cache_tag(schema),
    )


@pytest.fixture
def pool_for() -> Iterator[object]:
    pools: list[ScanPool] = []

    def start(root: Path, workers: int = 2) -> ScanPool:
        # The constructor, not `start`: the test runner may run a thread of its own.
        pool = ScanPool(root, schema_for(root), workers)
        pools.append(pool)
        return pool

    yield start
    for pool in pools:
        pool.close()


def _take_all(pool: ScanPool, index: FolderIndex) -> tuple[list[Entry], bool]:
    scan = pool.take(index, lambda: False)
    assert scan is not None
    got = [entry for _, entry in scan.entries()]
    return got, scan.complete


def test_worker_entries_are_the_index_entries_in_walk_order(tmp_path: Path, pool_for) -> None:  # type: ignore[no-untyped-def]
    root = _folder(tmp_path / "site")
    pool = pool_for(root)
    index = _index(root)
    pool.scan(None, index.cache_tag)
    got, complete = _take_all(pool, index)
    expected = _index(root)
    assert complete and got == expected.scan()
    assert index._schema_keys == expected._schema_keys
    assert index.schemas is not None and expected.schemas is not None
    assert index.schemas.statuses_in_use() == expected.schemas.statuses_in_use()


SECTION_WITH_PROFILES = """
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


def _site_shape(root: Path, profiles: int = 30, articles: int = 30) -> Path:
    """Issue 23's shape, small: a folder per author profile, sections whose schemas name them."""
    for n in range(profiles):
        folder = root / "authors" / f"person-{n}"
        folder.mkdir(parents=True)
        (folder / "_index.md").write_text(f'---\nslug: person-{n}\ndisplay_name: "Person {n}"\n---\n')
    for section in ("news", "events"):
        (root / section).mkdir()
        (root / section / "newsdesk.toml").write_text(SECTION_WITH_PROFILES)
        for n in range(articles // 2):
            folder = root / section / "2024" / f"{n:02d}"
            folder.mkdir(parents=True)
            (folder / "a.md").write_text(f"---\ntitle: A {n}\nauthors:\n  - person-{n}\n---\nBody.\n")
    return root


def test_the_app_takes_each_rows_schema_key_from_the_workers(
    tmp_path: Path, pool_for, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Issue 23: the app's process looked up each folder's ``newsdesk.toml`` (a ``stat`` per
    folder) and, for the key of a section with references, listed and ``stat``-ed every profile;
    the workers know both. Now it looks up one article per schema key (what the lookup needs to
    know the schemas in use), whatever the number of folders and profiles."""
    root = _site_shape(tmp_path / "site")
    pool = pool_for(root)
    index = _index(root)
    pool.scan(None, index.cache_tag)
    stats: list[str] = []
    real_stat = os.stat

    def counting(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        stats.append(str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counting)
    got, complete = _take_all(pool, index)
    monkeypatch.undo()
    expected = _index(root)
    assert complete and got == expected.scan()
    assert index._schema_keys == expected._schema_keys
    assert index.schemas is not None and expected.schemas is not None
    assert index.schemas.statuses_in_use() == expected.schemas.statuses_in_use()
    # 62 folders and 30 profiles: a few stats (each key's first folder, its parents, its schema), not 90+.
    assert not [p for p in stats if p.endswith("_index.md")]
    assert len(stats) < 20, stats


def test_the_cache_is_written_with_the_keys_the_rows_were_read_with(
    tmp_path: Path, pool_for, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Issue 23: writing the index cache after a scan worked every row's schema key out again:
    a ``stat`` per folder for its ``newsdesk.toml`` and every profile listed and ``stat``-ed.
    The keys noted when the rows were read (by the workers) are written: the same rows."""
    root = _site_shape(tmp_path / "site")
    cache = tmp_path / "cache"
    pool = pool_for(root)
    index = _index(root, cache)
    pool.scan(index.cache_file, index.cache_tag)
    got, complete = _take_all(pool, index)
    assert complete
    index.entries = {e.path: e for e in got}
    stats: list[str] = []
    real_stat = os.stat

    def counting(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        stats.append(str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counting)
    assert index.save_cache()
    monkeypatch.undo()
    assert not [p for p in stats if p.endswith(("_index.md", "newsdesk.toml"))], stats
    assert len(stats) < 10, stats
    expected = _index(root, tmp_path / "expected")
    expected.scan()
    assert expected.save_cache()
    assert index.cache_file is not None and expected.cache_file is not None
    assert index.cache_file.read_text() == expected.cache_file.read_text()


def test_cached_entries_stand_for_unchanged_files(tmp_path: Path, pool_for) -> None:  # type: ignore[no-untyped-def]
    root = _folder(tmp_path / "site", 30)
    cache = tmp_path / "cache"
    first = _index(root, cache)
    first.scan()
    assert first.save_cache()
    changed = root / "s0" / "a000.md"
    changed.write_text(GOOD.format(t="Changed title", d=2))
    pool = pool_for(root)
    index = _index(root, cache)
    pool.scan(index.cache_file, index.cache_tag)
    got, complete = _take_all(pool, index)
    assert complete and got == _index(root).scan()
    assert next(e for e in got if e.path == changed).title == "Changed title"


def test_an_empty_folder(tmp_path: Path, pool_for) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "empty").mkdir()
    pool = pool_for(tmp_path / "empty")
    index = _index(tmp_path / "empty")
    pool.scan(None, index.cache_tag)
    assert _take_all(pool, index) == ([], True)


def test_a_worker_that_dies_leaves_the_rest_to_the_app(tmp_path: Path, pool_for) -> None:  # type: ignore[no-untyped-def]
    root = _folder(tmp_path / "site", 400)
    pool = pool_for(root)
    os.kill(pool._workers[1][0], signal.SIGKILL)
    index = _index(root)
    pool.scan(None, index.cache_tag)
    got, complete = _take_all(pool, index)
    reference = _index(root).scan()
    assert not complete
    assert got == reference[: len(got)]  # what came is right and in order; the app reads on


def test_a_newer_scan_replaces_a_pending_one_and_cancelling_stops_waiting(tmp_path: Path, pool_for) -> None:  # type: ignore[no-untyped-def]
    root = _folder(tmp_path / "site", 300)
    pool = pool_for(root)
    index = _index(root)
    pool.scan(None, index.cache_tag)
    pool.scan(None, index.cache_tag)  # e.g. a reload: the first one is dropped
    scan = pool.take(index, lambda: True)  # cancelled at once
    assert scan is not None and list(scan.entries()) == [] and not scan.complete
    assert pool.take(index, lambda: False) is None  # nothing pending any more
    pool.scan(None, index.cache_tag)
    assert _take_all(pool, index) == (_index(root).scan(), True)


def test_walks_that_disagree_leave_the_rest_to_the_app(tmp_path: Path, pool_for) -> None:  # type: ignore[no-untyped-def]
    root = _folder(tmp_path / "site", 10)
    pool = pool_for(root)
    index = _index(root)
    pool.scan(None, index.cache_tag)
    with pool._lock:  # as if a file had come between the two workers' walks
        pool._totals.add(999)
    _, complete = _take_all(pool, index)
    assert not complete


def test_a_scan_for_another_cache_is_not_taken(tmp_path: Path, pool_for) -> None:  # type: ignore[no-untyped-def]
    root = _folder(tmp_path / "site", 10)
    pool = pool_for(root)
    pool.scan(tmp_path / "elsewhere.json", "tag")
    assert pool.take(_index(root), lambda: False) is None


def test_workers_end_with_their_pipes(tmp_path: Path) -> None:
    root = _folder(tmp_path / "site", 5)
    pool = ScanPool(root, schema_for(root), 2)
    pids = [pid for pid, _, _ in pool._workers]
    pool.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_start_needs_a_single_thread_and_two_cores(tmp_path: Path) -> None:
    root = _folder(tmp_path / "site", 5)
    assert ScanPool.start(root, schema_for(root), workers=1) is None
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert ScanPool.start(root, schema_for(root), workers=2) is None
    finally:
        stop.set()
        other.join()


def test_chunks_cover_every_path_once() -> None:
    for total in (0, 1, 31, 32, 33, 500, 10_001):
        covered = [i for start, end in chunks(total) for i in range(start, end)]
        assert covered == list(range(total))


# -- the index's faster summary (what every worker runs per file) ------------------------------


@pytest.mark.parametrize(
    "people",
    [
        [
            {"name": " Ann "},
            {"group": "all staff"},
            {"name": "", "group": "g"},
            {},
            None,
            ["x"],
            "Bob",
            3,
            {"name": ["x"]},
        ],
        [],
        "not a list",
    ],
)
@pytest.mark.parametrize("person", [None, {"name": "full_name", "group": "team"}])
def test_people_labels_are_the_person_labels(people: object, person: dict[str, str] | None) -> None:
    from newsdesk.core.rules.roles import Roles, roles_from_table

    roles = roles_from_table({"person": person}) if person else Roles()
    if person and isinstance(people, list):
        people = [
            {("full_name" if k == "name" else "team" if k == "group" else k): v for k, v in item.items()}
            if isinstance(item, dict)
            else item
            for item in people
        ]
    meta = {"attendees": people, "speakers": people}
    expected = tuple(
        p.label for p in (*roles.people_of(meta, "attendees"), *roles.people_of(meta, "speakers"))
    )
    assert roles.people_labels(meta) == expected


@pytest.mark.parametrize("root", ["site", ".", "/"])
def test_relative_paths_are_what_pathlib_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site" / "sub").mkdir(parents=True)
    (tmp_path / "site" / "sub" / "a.md").write_text(GOOD.format(t="A", d=1))
    base = Path(root)
    index = FolderIndex(base)
    for path in (
        Path("site/sub/a.md") if root != "/" else tmp_path / "site/sub/a.md",
        Path("/elsewhere/x.md"),
        Path("../up.md"),
    ):
        try:
            expected = str(path.relative_to(base))
        except ValueError:
            expected = str(path)
        assert index._rel(path) == expected
