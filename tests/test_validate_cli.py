"""``newsdesk validate``: formats, exit codes, folders, schemas, determinism, terminal snippets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core.validate import validate_paths

GOOD = """---
title: Spring meeting
date: 2024-02-24
status: draft
speakers:
  - name: Jing Shuiqin
---

Jing Shuiqin opened the meeting.
"""

BAD = """---
title: Spring meeting
date: 2024-02-30
status: draft
location: on
---

Body.
"""

WARN_ONLY = """---
title: Spring meeting
date: 2024-02-24
status: draft
speakers:
  - name: Jing Shuiqn
---

Jing Shuiqin opened the meeting.
"""

GOOD_TOML = """+++
title = "Autumn lecture"
date = 2024-09-15
status = "draft"

[[speakers]]
name = "Liu Hong"
+++

Liu Hong gave the lecture.
"""

BAD_TOML = """+++
title = "Autumn lecture"
date = 2024-09-15
status = "reviewed"
+++

Body.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder mixing YAML and TOML articles, good and bad, in sub-folders."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "articles/a-good.md", GOOD)
    write(tmp_path, "articles/b-bad.md", BAD)
    write(tmp_path, "articles/toml/c-good.markdown", GOOD_TOML)
    write(tmp_path, "articles/toml/d-bad.md", BAD_TOML)
    write(tmp_path, "articles/notes.txt", "not an article")
    return tmp_path


def test_text_output_and_exit_1(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "articles")
    assert code == 1
    assert out.splitlines() == [
        "articles/b-bad.md:3:7: error[date] 'date' is 2024-02-30, which is impossible: "
        "February 2024 has 29 days",
        "articles/b-bad.md:5:11: error[ambiguous-value] 'on' is read by YAML as the boolean true, "
        'not as text: quote it: `location: "on"`',
        "articles/toml/d-bad.md:4:10: error[enum] 'status' is 'reviewed'; use one of: draft, review, "
        "approved, published (did you mean 'review'?)",
        "4 files checked, 3 errors, 0 warnings",
    ]


def test_default_folder_is_the_configured_one(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys)
    assert code == 1
    assert out.splitlines()[-1] == "4 files checked, 3 errors, 0 warnings"


def test_good_files_exit_0(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "articles/a-good.md", "articles/toml/c-good.markdown")
    assert (code, out) == (0, "2 files checked, 0 errors, 0 warnings\n")


def test_warnings_pass_unless_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "w.md", WARN_ONLY)
    code, out, _ = run_cli(capsys, str(path))
    assert code == 0
    assert f"{path}:6:11: warning[speaker-not-in-body]" in out
    assert out.splitlines()[-1] == "1 files checked, 0 errors, 1 warnings"
    code, _, _ = run_cli(capsys, "--strict", str(path))
    assert code == 1


def test_json_format(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "--format", "json", "articles")
    assert code == 1
    data = json.loads(out)
    assert {k: data[k] for k in ("version", "files_checked", "errors", "warnings")} == {
        "version": 1,
        "files_checked": 4,
        "errors": 3,
        "warnings": 0,
    }
    first = data["diagnostics"][0]
    assert first == {
        "path": "articles/b-bad.md",
        "line": 3,
        "column": 7,
        "severity": "error",
        "code": "date",
        "field": "date",
        "message": "'date' is 2024-02-30, which is impossible: February 2024 has 29 days",
    }
    assert [d["path"] for d in data["diagnostics"]] == [
        "articles/b-bad.md",
        "articles/b-bad.md",
        "articles/toml/d-bad.md",
    ]


def test_json_field_is_null_for_file_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "x.md", "no front matter here\n")
    code, out, _ = run_cli(capsys, "--format", "json", str(path))
    assert code == 1
    (diag,) = json.loads(out)["diagnostics"]
    assert (diag["code"], diag["field"], diag["line"], diag["column"]) == ("no-front-matter", None, 1, 1)


def test_github_format(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(mixed, "articles/e-warn.md", WARN_ONLY)
    code, out, err = run_cli(capsys, "--format", "github", "articles")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "::error file=articles/b-bad.md,line=3,col=7,title=date::'date' is 2024-02-30, which is impossible: "
        "February 2024 has 29 days"
    )
    assert lines[2].startswith("::warning file=articles/e-warn.md,line=6,col=11,title=speaker-not-in-body::")
    assert all(line.startswith("::") for line in lines)
    assert "5 files checked, 3 errors, 1 warnings" in err


def test_github_escapes_properties(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "a,b:c.md", "plain\n")
    _, out, _ = run_cli(capsys, "--format", "github", str(path))
    assert "a%2Cb%3Ac.md,line=1" in out


def test_deterministic_sorted_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("z.md", "m/b.md", "a.md", "m/a.md"):
        write(tmp_path, name, BAD)
    outputs = {run_cli(capsys, str(tmp_path))[1] for _ in range(3)}
    assert len(outputs) == 1
    files = [line.split(":", 1)[0] for line in outputs.pop().splitlines()[:-1]]
    assert list(dict.fromkeys(files)) == [str(tmp_path / n) for n in ("a.md", "m/a.md", "m/b.md", "z.md")]


def test_parallel_matches_serial(tmp_path: Path) -> None:
    for i in range(60):
        write(tmp_path, f"f{i:03d}.md", BAD if i % 3 else GOOD_TOML)
    import newsdesk.core.validate as v

    serial = validate_paths([tmp_path], jobs=1)
    old = v.PARALLEL_THRESHOLD, v._CHUNK
    v.PARALLEL_THRESHOLD, v._CHUNK = 10, 7
    try:
        parallel = validate_paths([tmp_path], jobs=2)
    finally:
        v.PARALLEL_THRESHOLD, v._CHUNK = old
    assert parallel == serial
    assert serial.errors == 80


def test_nearest_schema_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        tmp_path,
        "strict/newsdesk.toml",
        '[articles]\nunknown_fields = "error"\n[fields.title]\nrequired = true\n',
    )
    write(tmp_path, "loose/newsdesk.toml", '[articles]\nunknown_fields = "allow"\n')
    write(tmp_path, "strict/a.md", "---\nextra: 1\n---\nbody\n")
    write(tmp_path, "loose/a.md", "---\nextra: 1\n---\nbody\n")
    code, out, _ = run_cli(capsys, str(tmp_path))
    assert code == 1
    lines = out.splitlines()
    assert lines[:-1] == [
        f"{tmp_path}/strict/a.md:1:1: error[required] 'title' is missing: add `title: ...` — it is required",
        f"{tmp_path}/strict/a.md:2:1: error[unknown-field] unknown field 'extra': it is not in the schema; "
        "remove it, or add it under [fields] in newsdesk.toml",
    ]


def test_broken_schema_exits_2_naming_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "newsdesk.toml", '[articles]\nformat = "yaml"\n[fields.title\ntype = "string"\n')
    path = write(tmp_path, "a.md", GOOD)
    code, out, err = run_cli(capsys, str(path))
    assert code == 2
    assert out == ""
    assert f"{tmp_path / 'newsdesk.toml'}:3:" in err


def test_bad_schema_value_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "newsdesk.toml", '[articles]\nunknown_fields = "sometimes"\n')
    path = write(tmp_path, "a.md", GOOD)
    code, _, err = run_cli(capsys, str(path))
    assert code == 2
    assert "newsdesk.toml:2: articles.unknown_fields" in err


@pytest.mark.parametrize(
    "args",
    [["--format", "xml"], ["no/such/file.md"], ["--jobs", "0"], ["--bogus"]],
)
def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    os.chdir(tmp_path)
    code, _, err = run_cli(capsys, *args)
    assert code == 2
    assert "error" in err


def test_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, str(tmp_path))
    assert (code, out) == (0, "0 files checked, 0 errors, 0 warnings\n")


def test_control_characters_are_not_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # TOML escapes put real control characters into the value, which the message quotes.
    front = 'title = "T"\ndate = 2024-01-01\nstatus = "dr\\u001b]52;c;aGk=\\u0007aft"'
    path = write(tmp_path, "a.md", f"+++\n{front}\n+++\n")
    _, out, _ = run_cli(capsys, str(path))
    assert "\x1b" not in out and "\x07" not in out
    assert "^[" in out


# -- terminal output -----------------------------------------------------------------------


def _run_in_pty(args: list[str], env: dict[str, str], cwd: Path) -> str:
    pty = pytest.importorskip("pty")
    import select

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "validate", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    chunks: list[bytes] = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 30)
            if not ready:
                break
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        proc.wait(timeout=30)
        os.close(master)
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


@pytest.fixture
def tty_env(tmp_path: Path) -> dict[str, str]:
    if not hasattr(os, "openpty"):
        pytest.skip("no pseudo-terminals here")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["TERM"] = "xterm-256color"
    return env


def test_terminal_shows_snippet_with_caret_and_colour(tmp_path: Path, tty_env: dict[str, str]) -> None:
    write(tmp_path, "b.md", BAD)
    out = _run_in_pty(["b.md"], tty_env, tmp_path)
    assert "\x1b[" in out
    plain = _strip_ansi(out)
    assert " 3 | date: 2024-02-30\n   |       ^\n" in plain
    assert " 5 | location: on\n   |           ^\n" in plain


def test_no_color_env_and_flag(tmp_path: Path, tty_env: dict[str, str]) -> None:
    write(tmp_path, "b.md", BAD)
    for env, args in (({**tty_env, "NO_COLOR": "1"}, ["b.md"]), (tty_env, ["--no-color", "b.md"])):
        out = _run_in_pty(args, env, tmp_path)
        assert "\x1b" not in out
        assert " 3 | date: 2024-02-30\n   |       ^\n" in out


def test_pipe_output_has_no_snippets_and_no_pygments(tmp_path: Path) -> None:
    write(tmp_path, "b.md", BAD)
    code = (
        "import sys, newsdesk.cli as c; r = c.main(sys.argv[1:]); print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('pygments', 'textual')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "validate", "b.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "|" not in result.stdout.replace("[]", "")
    assert result.stdout.rstrip().endswith("[]")


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_module_entry_point_exists() -> None:
    assert shutil.which("newsdesk") or (Path(sys.executable).parent / "newsdesk").exists()
