"""The recovery journal: entries outside the articles folder, written atomically, read back typed."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core import journal
from newsdesk.core.reader import load_article
from newsdesk.core.splice import UNSET


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
    from newsdesk.core.reader import parse_text

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
