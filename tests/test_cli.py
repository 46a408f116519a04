"""The headless commands: exit codes, output, and errors as one line on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk import __version__
from newsdesk.cli import main

GOOD = "---\ntitle: Good\ndate: 2022-02-24\nstatus: draft\n---\nBody.\n"
REVIEW = "+++\ntitle = 'In review'\ndate = 2023-01-12\nstatus = 'review'\nbyline = 'A. Writer'\n+++\nB\n"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a-good.md").write_text(GOOD)
    (tmp_path / "b-review.md").write_text(REVIEW)
    (tmp_path / "c-broken.md").write_text("---\ntitle: [unclosed\n---\n")
    (tmp_path / "d-markup.md").write_text(
        '---\ntitle: "[bold]x[/] \\e]52;c;AAAA\\a"\ndate: 2022-01-01\nstatus: draft\n---\n'
    )
    return tmp_path


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"newsdesk {__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("validate", "list", "show", "set", "init"):
        assert command in out


def test_python_m_newsdesk_runs():
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"newsdesk {__version__}"


def test_list_text(capsys, folder):
    code, out, err = run(capsys, "list", str(folder))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["a-good.md", "b-review.md", "c-broken.md", "d-markup.md"]
    assert "2022-02-24" in lines[0] and "draft" in lines[0] and lines[0].endswith("Good")
    assert "review" in lines[1] and "In review" in lines[1]
    assert "problem" in lines[2]
    # control characters never reach the terminal
    assert "\x1b" not in out and "\x07" not in out and "^[]52" in lines[3]


def test_list_status_filter_and_json(capsys, folder):
    code, out, _ = run(capsys, "list", str(folder), "--status", "review", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["path"] for r in rows] == ["b-review.md"]
    assert {"path", "title", "date", "status", "problems"} <= set(rows[0])
    assert rows[0]["date"] == "2023-01-12" and rows[0]["problems"] == 0

    code, out, _ = run(capsys, "list", str(folder), "--json")
    rows = {r["path"]: r for r in json.loads(out)}
    assert rows["c-broken.md"]["problems"] >= 1 and rows["c-broken.md"]["title"] is None


def test_list_errors(capsys, folder):
    code, _, err = run(capsys, "list", str(folder), "--status", "nonsense")
    assert code == 2 and "unknown status 'nonsense'" in err and err.count("\n") == 1
    code, _, err = run(capsys, "list", str(folder / "missing"))
    assert code == 2 and "no such file or folder" in err
    (folder / "newsdesk.toml").write_text("[fields.title\n")
    code, _, err = run(capsys, "list", str(folder))
    assert code == 2 and "newsdesk.toml:1" in err and "Traceback" not in err


def test_show_text_and_json(capsys, folder):
    code, out, err = run(capsys, "show", str(folder / "a-good.md"))
    assert code == 0 and err == ""
    assert out == "title: Good\ndate: 2022-02-24\nstatus: draft\n\nBody.\n"

    code, out, _ = run(capsys, "show", str(folder / "b-review.md"), "--json")
    doc = json.loads(out)
    assert doc["metadata"] == {
        "title": "In review",
        "date": "2023-01-12",
        "status": "review",
        "byline": "A. Writer",
    }
    assert doc["body"] == "B\n" and doc["format"] == "toml" and doc["problems"] == []


def test_show_broken_and_missing(capsys, folder):
    code, _, err = run(capsys, "show", str(folder / "c-broken.md"))
    assert code == 1
    assert "c-broken.md:3:1: error[yaml-syntax]" in err
    code, _, err = run(capsys, "show", str(folder / "nope.md"))
    assert code == 2 and "no such file" in err


def test_init_writes_default_schema_and_refuses_to_overwrite(capsys, tmp_path):
    (tmp_path / "articles").mkdir()
    code, out, _ = run(capsys, "init", str(tmp_path))
    assert code == 0 and "newsdesk.toml" in out
    from newsdesk.core.schema import default_schema, load_schema

    written = load_schema(tmp_path / "newsdesk.toml")
    assert written.fields == default_schema().fields
    assert written.folder is not None and written.folder.resolve() == (tmp_path / "articles").resolve()
    before = (tmp_path / "newsdesk.toml").read_bytes()
    code, _, err = run(capsys, "init", str(tmp_path))
    assert code == 1 and "already exists" in err
    assert (tmp_path / "newsdesk.toml").read_bytes() == before


def test_unknown_option_is_a_usage_error(capsys):
    code, _, err = run(capsys, "list", "--bogus")
    assert code == 2 and "unrecognized arguments" in err


def test_list_default_folder_is_the_configured_one(tmp_path, capsys, monkeypatch):
    desk = tmp_path / "desk"
    (desk / "stories").mkdir(parents=True)
    (desk / "stories" / "x.md").write_text(GOOD)
    (desk / "newsdesk.toml").write_text('[articles]\nfolder = "stories"\n')
    monkeypatch.chdir(desk)
    code, out, _ = run(capsys, "list")
    assert code == 0 and out.startswith("x.md")


def test_list_pipe_closed_early(folder):
    env = dict(os.environ)
    proc = subprocess.run(
        f"{sys.executable} -m newsdesk list {folder} | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.stdout.startswith("a-good.md")
    assert "Traceback" not in proc.stderr


def test_show_json_is_valid_json_for_any_yaml_value(capsys, tmp_path):
    (tmp_path / "odd.md").write_text(
        "---\ntitle: Odd\nnull: null key\n1: one\ninf: .inf\nnan: .nan\n"
        "bin: !!binary aGVsbG8=\ns: !!set {b, a}\nwhen: 2022-02-24 10:30:00\n---\n"
    )
    code, out, _ = run(capsys, "show", str(tmp_path / "odd.md"), "--json")
    assert code == 0
    meta = json.loads(out)["metadata"]  # strict JSON: no NaN/Infinity
    assert meta == {
        "title": "Odd",
        "null": "null key",
        "1": "one",
        "inf": "inf",
        "nan": "nan",
        "bin": "hello",
        "s": ["a", "b"],
        "when": "2022-02-24T10:30:00",
    }
