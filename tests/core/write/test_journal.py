"""The recovery journal: entries outside the articles folder, written atomically, read back typed."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core.read.reader import load_article
from newsdesk.core.write import journal
from newsdesk.core.write.splice import UNSET


@pytest.fixture
def art(tmp_path: Path) -> Path:
    path = tmp_path / "articles" / "a.md"
    path.parent.mkdir()
    path.write_text("---\ntitle: A\ndate: 2024-01-01\nstatus: draft\n---\nBody\n")
    return path


def test_recovery_dir_follows_xdg_state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert journal.recovery_dir() == tmp_path / "state" / "newsdesk" / "recovery"
    monkeypatch.setenv("XDG_STATE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert journal.recovery_dir() == tmp_path / "home" / ".local" / "state" / "newsdesk" / "recovery"


def test_write_list_load_remove(art: Path) -> None:
    article = load_article(art)
    new_meta = dict(
        article.metadata, title="B", date=dt.date(2024, 2, 3), when=dt.datetime(2024, 1, 1, 9, 30)
    )
    del new_meta["status"]
    entry = journal.for_article(article, new_meta, "Edited body\n")
    written = journal.write_entry(entry)
    assert written.parent == journal.recovery_dir()
    assert not any(p.name.endswith(".json") for p in art.parent.iterdir())  # never in the articles folder
    loaded = journal.entry_for(art)
    assert loaded is not None
    assert loaded.changes == {
        "status": UNSET,
        "title": "B",
        "date": dt.date(2024, 2, 3),
        "when": dt.datetime(2024, 1, 1, 9, 30),
    }
    assert loaded.body == "Edited body\n" and loaded.fingerprint == article.fingerprint
    assert loaded.file_state() == "unchanged"
    assert loaded.apply(article.metadata) == {
        "title": "B",
        "date": dt.date(2024, 2, 3),
        "when": dt.datetime(2024, 1, 1, 9, 30),
    }
    assert [e.path for e in journal.list_entries()] == [art.resolve()]
    assert journal.remove_entry(art) and journal.entry_for(art) is None and journal.list_entries() == []
    assert not journal.remove_entry(art)


def test_an_entry_says_when_the_file_changed_or_went(art: Path) -> None:
    article = load_article(art)
    journal.write_entry(journal.for_article(article, dict(article.metadata, title="B"), None))
    art.write_text(art.read_text().replace("Body", "Their body"))
    entry = journal.entry_for(art)
    assert entry is not None and entry.file_state() == "changed"
    art.unlink()
    assert entry.file_state() == "missing"


def test_values_round_trip_through_tagged_json() -> None:
    value = {
        "a": [1, 2.5, True, None, "x", float("inf")],
        "$odd": {"k": dt.time(10, 30)},
        1: "int key",
        "d": dt.date(2024, 1, 1),
    }
    data = json.loads(json.dumps(journal.encode_value(value)))
    assert journal.decode_value(data) == value


def test_entries_are_replaced_per_article_and_written_atomically(art: Path) -> None:
    article = load_article(art)
    journal.write_entry(journal.for_article(article, dict(article.metadata, title="1"), None))
    journal.write_entry(journal.for_article(article, dict(article.metadata, title="2"), None))
    files = list(journal.recovery_dir().iterdir())
    assert len(files) == 1 and not any(f.name.endswith("tmp") for f in files)
    entry = journal.entry_for(art)
    assert entry is not None and entry.changes == {"title": "2"}


def test_unreadable_entries_are_skipped(art: Path) -> None:
    folder = journal.recovery_dir()
    folder.mkdir(parents=True)
    (folder / "junk.json").write_text("{not json")
    (folder / "other.json").write_text(json.dumps({"version": 99}))
    assert journal.list_entries() == []


def test_new_article_entries(tmp_path: Path) -> None:
    from newsdesk.core.read.reader import parse_text

    draft = parse_text("", tmp_path / "new.md")
    eid = journal.new_id()
    entry = journal.for_article(draft, {"title": "Draft"}, "text", new_format="toml", new_entry_id=eid)
    journal.write_entry(entry)
    (loaded,) = journal.list_entries()
    assert loaded.is_new and loaded.new_format == "toml" and loaded.file_state() == "new"
    assert loaded.changes == {"title": "Draft"}
    assert journal.remove_entry(tmp_path / "new.md", eid)


def test_recover_command_lists_and_discards(art: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recover"]) == 0
    assert "no unsaved edits" in capsys.readouterr().out
    article = load_article(art)
    journal.write_entry(journal.for_article(article, dict(article.metadata, title="B"), "x\n"))
    assert main(["recover"]) == 0
    out = capsys.readouterr().out
    assert str(art.resolve()) in out and "set title" in out and "edit the body" in out and "unchanged" in out
    assert main(["recover", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["entries"][0]["state"] == "unchanged"
    assert main(["recover", "--discard", os.fspath(art)]) == 0
    capsys.readouterr()
    assert main(["recover", "--discard", os.fspath(art)]) == 1
    assert "no kept edits" in capsys.readouterr().err


# -- several instances, permissions, hostile entries (issue 25) ---------------------------------

WRITER = """
import sys
from pathlib import Path
from newsdesk.core.write import journal
from newsdesk.core.read.reader import load_article
article = load_article(Path(sys.argv[1]))
journal.write_entry(journal.for_article(article, dict(article.metadata, title=sys.argv[2]), None))
if len(sys.argv) > 3:
    journal.mark_open(article.path)
    print("ready", flush=True)
    sys.stdin.read()  # alive until the test closes stdin
"""


def _write_in_process(art: Path, title: str) -> None:
    subprocess.run([sys.executable, "-c", WRITER, str(art), title], check=True, timeout=60)


def test_each_process_keeps_its_own_entry(art: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_in_process(art, "From A")
    _write_in_process(art, "From B")
    entries, damaged = journal.entries_for(art)
    assert damaged == [] and sorted(e.changes["title"] for e in entries) == ["From A", "From B"]
    assert all(e.writer_state() == "gone" for e in entries)
    assert len({e.writer for e in entries}) == 2
    assert main(["recover"]) == 0
    out = capsys.readouterr().out
    assert "From A" not in out  # describe() names fields, not values
    assert out.count(str(art.resolve())) == 2 and out.count("kept 20") == 2 and "2 kept" in out
    # This process removes only its own entry; --discard forgets every kept set.
    assert not journal.remove_entry(art) and len(journal.list_entries()) == 2
    assert main(["recover", "--discard", os.fspath(art)]) == 0
    assert "2 sets of kept edits discarded" in capsys.readouterr().out and journal.list_entries() == []


def test_a_running_writer_is_live_then_gone(art: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(art), "Live", "wait"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        (entry,) = journal.entries_for(art)[0]
        assert entry.writer is not None and entry.writer[0] == proc.pid
        assert entry.writer_state() == "live" and journal.open_elsewhere(art) == [proc.pid]
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)
    assert entry.writer_state() == "gone"
    assert journal.open_elsewhere(art) == []  # and the marker of the gone app is removed
    assert not list(journal.recovery_dir().glob("*.open"))
    # A reused pid (same pid, another start time) is not the writer.
    pid, start = journal.instance()
    assert journal.writer_state((pid, start + "0")) == "gone"
    assert journal.writer_state((pid, start)) == "mine"


def test_entries_are_private_whatever_the_umask(art: Path) -> None:
    folder = journal.recovery_dir()
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)
    old = folder / f"{journal.entry_key(art)}.json"  # an entry of an older version, 0644
    article = load_article(art)
    old.write_text(json.dumps(journal._to_json(journal.for_article(article, {"title": "Old"}, None))))
    old.chmod(0o644)
    mask = os.umask(0)
    try:
        written = journal.write_entry(journal.for_article(article, dict(article.metadata, title="B"), None))
        journal.mark_open(art)
    finally:
        os.umask(mask)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in folder.glob("*.open"))
    assert len(journal.list_entries()) == 2  # the old entry is read (as kept by a gone writer)...
    assert stat.S_IMODE(old.stat().st_mode) == 0o600  # ...and tightened
    if os.geteuid() == 0 and shutil.which("setpriv"):
        folder.chmod(0o755)  # even with a wide folder, another user cannot read the entry
        other = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "cat", str(written)]
        assert subprocess.run(other, capture_output=True, check=False).returncode != 0


HOSTILE: list[tuple[dict[str, object], str]] = [
    ({"saved_at": 1e300}, "saved_at"),
    ({"saved_at": float("nan")}, "saved_at"),
    ({"saved_at": -5}, "saved_at"),
    ({"saved_at": "yesterday"}, "saved_at"),
    ({"path": "/tmp/a\0b.md"}, "path"),
    ({"path": "relative.md"}, "path"),
    ({"path": 42}, "path"),
    ({"new_id": "../../x"}, "new_id"),
    ({"fingerprint": {"size": -1, "mtime_ns": 0, "sha256": "x"}}, "fingerprint"),
    ({"changes": {"d": {"$date": "not a date"}}}, "values"),
    ({"changes": [1]}, "changes"),
]


@pytest.mark.parametrize(("values", "why"), HOSTILE)
def test_hostile_entries_are_one_clear_line(
    art: Path, values: dict[str, object], why: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = {"version": 1, "path": str(art), "saved_at": 1.0, "changes": {"title": "x"}, **values}
    folder = journal.recovery_dir()
    folder.mkdir(parents=True)
    bad = folder / f"{journal.entry_key(art)}.json"
    bad.write_text(json.dumps(data))  # NaN is written as NaN, which json reads back
    assert journal.load_file(bad) is None and journal.entry_for(art) is None
    entries, damaged = journal.scan()
    assert entries == [] and len(damaged) == 1 and why in damaged[0].reason
    assert main(["recover"]) == 1
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert "damaged recovery entry" in line and why in line and "Traceback" not in captured.err
    assert main(["recover", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["damaged"][0]["file"] == str(bad)


def test_truncated_fifo_and_huge_entries_are_damaged(art: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = journal.recovery_dir()
    folder.mkdir(parents=True)
    (folder / "a.json").write_text('{"version": 1, "path": "/x.md", "sav')
    os.mkfifo(folder / "b.json")  # reading it must not hang
    (folder / "c.json").write_text("[" * 100_000 + "]" * 100_000)
    entries, damaged = journal.scan()
    assert entries == [] and len(damaged) == 3
    assert main(["recover"]) == 1
    assert len(capsys.readouterr().err.splitlines()) == 3
