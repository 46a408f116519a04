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
    assert [line.split()[0] for line in lines] == [
        str(folder / name) for name in ("a-good.md", "b-review.md", "c-broken.md", "d-markup.md")
    ]
    assert "2022-02-24" in lines[0] and "draft" in lines[0] and lines[0].endswith("Good")
    assert "review" in lines[1] and "In review" in lines[1]
    assert lines[2].endswith("[1 error]")
    # control characters never reach the terminal
    assert "\x1b" not in out and "\x07" not in out and "^[]52" in lines[3]


def test_list_prints_paths_that_show_accepts(capsys, folder, monkeypatch):
    (folder / "sub").mkdir()
    (folder / "sub" / "e.md").write_text(GOOD)
    monkeypatch.chdir(folder.parent)
    for given in (folder.name, f"./{folder.name}/sub", str(folder)):
        code, out, _ = run(capsys, "list", given)
        assert code == 0
        for line in out.splitlines():
            code, _, err = run(capsys, "show", line.split("  ")[0])
            assert code in (0, 1) and "no such file" not in err, (given, line)
    monkeypatch.chdir(folder)
    (folder / "articles").mkdir()
    (folder / "articles" / "f.md").write_text(GOOD)
    code, out, _ = run(capsys, "list")  # the default folder: ./articles
    assert out.split()[0] == "articles/f.md"
    code, out, _ = run(capsys, "list", "--json", "articles")
    assert [row["path"] for row in json.loads(out)] == ["articles/f.md"]


def test_list_columns_are_not_padded_to_the_longest_path(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    (tmp_path / "a.md").write_text(GOOD)
    (tmp_path / "bb.md").write_text(GOOD)
    deep = tmp_path / ("very-" * 20 + "deep") / "c.md"
    deep.parent.mkdir()
    deep.write_text(GOOD)
    code, out, _ = run(capsys, "list", ".")
    assert code == 0
    lines = out.splitlines()
    # the short paths line up with each other; the long one only pushes its own row
    assert lines[0] == "a.md   2022-02-24  draft  Good"
    assert lines[1] == "bb.md  2022-02-24  draft  Good"
    assert lines[2] == f"{deep.relative_to(tmp_path)}  2022-02-24  draft  Good"


def test_list_status_filter_and_json(capsys, folder):
    code, out, _ = run(capsys, "list", str(folder), "--status", "review", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["path"] for r in rows] == [str(folder / "b-review.md")]
    assert {"path", "title", "date", "status", "problems"} <= set(rows[0])
    assert rows[0]["date"] == "2023-01-12" and rows[0]["problems"] == 0

    code, out, _ = run(capsys, "list", str(folder), "--json")
    rows = {Path(r["path"]).name: r for r in json.loads(out)}
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
    from newsdesk.core.rules.schema import default_schema, load_schema

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
    assert code == 0 and out.startswith("stories/x.md  ")


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
    assert proc.stdout.startswith(str(folder / "a-good.md"))
    assert "Traceback" not in proc.stderr


def test_show_json_is_valid_json_for_any_yaml_value(capsys, tmp_path):
    (tmp_path / "odd.md").write_text(
        "---\ntitle: Odd\nnull: null key\n1: one\ninf: .inf\nnan: .nan\n"
        "bin: !!binary aGVsbG8=\ns: !!set {b, a}\nwhen: 2022-02-24 10:30:00\n---\n"
    )
    code, out, _ = run(capsys, "show", str(tmp_path / "odd.md"), "--json")
    assert code == 1  # no date, no status: what validate says
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


# -- show reports what validate reports, in words for people --------------------------------

IMPOSSIBLE = "---\ntitle: Spring\ndate: 2024-02-30\nstatus: draft\nmood: happy\n---\nBody.\n"


def test_show_reports_what_validate_reports(capsys, tmp_path):
    path = tmp_path / "a.md"
    path.write_text(IMPOSSIBLE)
    code, validated, _ = run(capsys, "validate", str(path))
    assert code == 1
    expected = validated.splitlines()[:-1]  # without the summary
    assert len(expected) == 2  # the impossible date (error) and the unknown field (warning)
    code, _, err = run(capsys, "show", str(path))
    assert code == 1 and err.splitlines() == expected
    code, out, err = run(capsys, "show", "--json", str(path))
    problems = json.loads(out)["problems"]
    assert [(p["line"], p["column"], p["severity"], p["code"], p["field"]) for p in problems] == [
        (3, 7, "error", "date", "date"),
        (5, 1, "warning", "unknown-field", "mood"),
    ]
    assert code == 1 and err.splitlines() == expected


def test_show_text_is_for_people(capsys, tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: Spring meeting\ndate: 2024-02-24\nstatus: draft\n"
        "summary: |\n  First line of the summary,\n  and its second line.\n"
        "tags: [employment, '2024']\n"
        "attendees:\n  - name: Wang Weichen\n    role: Secretary\n    organization: Party Committee\n"
        "  - group: all counselors\n"
        "speakers:\n  - name: Chang Junyue\n    role: Vice President\n"
        "    organization: Meridian Vaccine Institute\n    topic: " + "Seizing opportunities " * 60 + "\n"
        "related:\n  - title: Report\n    url: https://example.org/r\n"
        "---\nChang Junyue spoke.\n"
    )
    code, out, err = run(capsys, "show", str(path))
    assert code == 0 and err == ""
    topic = ("Seizing opportunities " * 60).strip()
    assert out.splitlines() == [
        "title: Spring meeting",
        "date: 2024-02-24",
        "status: draft",
        "summary:",
        "  First line of the summary,",
        "  and its second line.",
        "tags:",
        "  - employment",
        "  - 2024",
        "attendees (2):",
        "  - Wang Weichen — Secretary, Party Committee",
        "  - all counselors (group)",
        "speakers (1):",
        "  - Chang Junyue — Vice President, Meridian Vaccine Institute",
        f"    topic: {topic}",  # not cut
        "related:",
        "  - title: Report",
        "    url: https://example.org/r",
        "",
        "Chang Junyue spoke.",
    ]


def test_show_on_a_folder_says_it_is_a_folder(capsys, folder):
    code, out, err = run(capsys, "show", str(folder))
    assert (code, out) == (2, "")
    assert f"{folder} is a folder" in err and err.count("\n") == 1


def test_show_with_a_broken_schema_is_a_configuration_error(capsys, folder):
    (folder / "newsdesk.toml").write_text("[fields.title\n")
    code, _, err = run(capsys, "show", str(folder / "a-good.md"))
    assert code == 2 and "newsdesk.toml:1" in err


# -- one exit-code rule for every command -------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "{missing}"],
        ["list", "{missing}"],
        ["show", "{missing}"],
        ["init", "{missing}"],
        ["{missing}"],  # the app
    ],
)
def test_a_missing_path_is_a_usage_error_for_every_command(capsys, tmp_path, args):
    # (`set` follows the same rule; its own tests cover it.)
    missing = str(tmp_path / "missing")
    code, out, err = run(capsys, *(a.format(missing=missing) for a in args))
    assert (code, out) == (2, "")
    assert err.startswith("newsdesk: error: no such ") and err.count("\n") == 1
    assert missing in err


@pytest.mark.parametrize("command", ["validate", "list", "show", "init"])
def test_a_bad_option_is_a_usage_error_for_every_command(capsys, command):
    code, _, err = run(capsys, command, ".", "--bogus")
    assert code == 2 and "unrecognized arguments: --bogus" in err


def test_errors_found_exit_1_for_validate_and_show_and_0_for_list(capsys, folder):
    assert run(capsys, "validate", str(folder / "c-broken.md"))[0] == 1
    assert run(capsys, "show", str(folder / "c-broken.md"))[0] == 1
    assert run(capsys, "list", str(folder))[0] == 0  # listing is not checking
    assert run(capsys, "validate", str(folder / "a-good.md"))[0] == 0
    assert run(capsys, "show", str(folder / "a-good.md"))[0] == 0


def test_a_mistyped_command_suggests_the_command(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "lsit")
    assert (code, out) == (2, "")
    assert err == "newsdesk: error: no such command or folder: lsit (did you mean list?)\n"
    code, _, err = run(capsys, "xyzzy")
    assert code == 2 and err == "newsdesk: error: no such command or folder: xyzzy\n"


def test_a_mistyped_command_with_arguments_suggests_the_command(capsys, tmp_path, monkeypatch):
    # Issue 22: argparse's "unrecognized arguments" hid the typo of `newsdesk valdate articles`.
    (tmp_path / "articles").mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "valdate", "articles", "--format", "json")
    assert (code, out) == (2, "")
    assert err == "newsdesk: error: no such command or folder: valdate (did you mean validate?)\n"


def test_a_mistyped_status_suggests_the_status(capsys, folder):
    code, _, err = run(capsys, "list", str(folder), "--status", "reveiw")
    assert code == 2 and "unknown status 'reveiw' (did you mean review?)" in err


def test_init_on_a_missing_folder_says_no_such_folder(capsys, tmp_path):
    code, _, err = run(capsys, "init", str(tmp_path / "nope"))
    assert code == 2 and err == f"newsdesk: error: no such folder: {tmp_path / 'nope'}\n"
    (tmp_path / "file").write_text("x")
    code, _, err = run(capsys, "init", str(tmp_path / "file"))
    assert code == 2 and "not a folder" in err


def test_paths_are_escaped_in_list_and_show(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = os.fsdecode(b"new\nline\xff.md")
    (tmp_path / name).write_text(IMPOSSIBLE)
    code, out, _ = run(capsys, "list", ".")
    assert out.startswith("new\\nline\\xff.md  -  ")
    code, out, err = run(capsys, "show", "--json", name)
    assert code == 1
    assert json.loads(out)["path"] == "new\\nline\\xff.md"
    assert err.startswith("new\\nline\\xff.md:3:7: error[date]")


def test_list_says_when_a_walk_passes_many_files(capsys, folder, monkeypatch):
    import newsdesk.core.folder.walk as walk

    monkeypatch.setattr(walk, "MANY_FILES", 3)
    code, out, err = run(capsys, "list", str(folder))
    assert code == 0 and len(out.splitlines()) == 4
    assert (
        err
        == f"newsdesk: warning: {folder} holds more than 3 files; still looking (is it the right folder?)\n"
    )


def test_show_keeps_a_body_that_opens_with_a_rule_and_a_paragraph(capsys, tmp_path):
    text = "---\n\nThe meeting opened at nine.\n\n---\n\nMore text.\n"
    (tmp_path / "a.md").write_text(text)
    code, out, err = run(capsys, "show", str(tmp_path / "a.md"))
    assert "The meeting opened at nine." in out and out.endswith(text)
    assert code == 1 and "error[no-front-matter]" in err and "warning[front-matter-shape]" in err


# -- configuration nested too deeply for tomllib (issue 25) -------------------------------------

#: Deeper than tomllib can recurse: it raised RecursionError, a traceback from every command.
NESTED = "x = " + "[" * 5000 + "]" * 5000 + "\n"


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "{folder}"],
        ["show", "{folder}/a-good.md"],
        ["set", "{folder}/a-good.md", "title=New"],
        ["list", "{folder}"],
        ["people", "{folder}"],
        ["new", "A title", "--folder", "{folder}"],
        ["submit", "{folder}/a-good.md"],
    ],
)
def test_a_newsdesk_toml_nested_too_deeply_is_one_configuration_line(capsys, folder, args):
    (folder / "newsdesk.toml").write_text(NESTED)
    before = (folder / "a-good.md").read_text()
    code, out, err = run(capsys, *(a.format(folder=folder) for a in args))
    assert (code, out) == (2, "")
    assert err == (
        f"newsdesk: error: {folder / 'newsdesk.toml'}:1:105: invalid TOML: arrays or inline tables "
        "nested too deeply\n"
    )
    assert (folder / "a-good.md").read_text() == before
    assert sorted(p.name for p in folder.iterdir()) == [
        "a-good.md",
        "b-review.md",
        "c-broken.md",
        "d-markup.md",
        "newsdesk.toml",
    ]


@pytest.mark.parametrize("command", ["validate", "people"])
def test_a_people_toml_nested_too_deeply_is_one_configuration_line(capsys, folder, command):
    (folder / "e-people.md").write_text(GOOD.replace("status:", "attendees:\n  - name: Ann\nstatus:"))
    (folder / "people.toml").write_text('[[person]]\nname = "Ann"\naliases = ' + NESTED[4:])
    code, out, err = run(capsys, command, str(folder))
    assert (code, out) == (2, "")
    assert err.startswith("newsdesk: error: ") and err.count("\n") == 1
    assert "people.toml:3:111: invalid TOML: arrays or inline tables nested too deeply" in err
