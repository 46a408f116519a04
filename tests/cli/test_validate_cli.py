"""``newsdesk validate``: formats, exit codes, folders, schemas, determinism, terminal snippets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import unescape_path
from newsdesk.cli import main
from newsdesk.core.check.batch import validate_paths

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
    assert out.splitlines()[0].startswith("articles/b-bad.md:3:7: error[date]")  # as typed from here
    assert out.splitlines()[-1] == "4 files checked, 3 errors, 0 warnings"


def test_good_files_exit_0(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "articles/a-good.md", "articles/toml/c-good.markdown")
    assert (code, out) == (0, "2 files checked, 0 errors, 0 warnings\n")


def test_warnings_pass_unless_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "w.md", WARN_ONLY)
    code, out, _ = run_cli(capsys, str(path))
    assert code == 0
    assert f"{path}:6:11: warning[speaker-not-in-body]" in out
    assert out.splitlines()[-1] == "1 file checked, 0 errors, 1 warning"
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
    assert "5 files checked, 3 errors, 1 warning" in err


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
    import newsdesk.core.check.batch as v

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


def test_empty_folder_says_no_articles_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "notes.txt", "not an article")
    code, out, err = run_cli(capsys, str(tmp_path))
    assert (code, out) == (0, "0 files checked, 0 errors, 0 warnings\n")
    assert err == f"newsdesk: no articles found under {tmp_path}\n"
    code, out, err = run_cli(capsys, "--format", "json", str(tmp_path))
    assert code == 0 and json.loads(out)["files_checked"] == 0
    assert "no articles found" in err


def test_summary_counts_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "b.md", BAD.replace("location: on\n", ""))
    _, out, _ = run_cli(capsys, str(path))
    assert out.splitlines()[-1] == "1 file checked, 1 error, 0 warnings"


# -- broken schemas below the named folder, files outside the articles folder ---------------


def test_broken_schema_in_a_sub_folder_not_named_is_a_diagnostic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "shared/ours/a-bad.md", BAD)
    write(tmp_path, "shared/ours/b-good.md", GOOD)
    write(tmp_path, "shared/theirs/newsdesk.toml", '[articles]\nformat = "yaml"\n\n[fields.title\n')
    write(tmp_path, "shared/theirs/x.md", GOOD)
    write(tmp_path, "shared/theirs/deeper/y.md", GOOD)
    code, out, err = run_cli(capsys, "shared")
    assert code == 1, err
    lines = out.splitlines()
    assert lines[0].startswith("shared/ours/a-bad.md:3:7: error[date]")
    assert lines[2].startswith("shared/theirs/newsdesk.toml:4:")
    assert "error[invalid-schema]" in lines[2]
    assert lines[2].endswith("the 2 articles it governs were not checked")
    assert lines[-1] == "2 files checked, 3 errors, 0 warnings"
    code, out, _ = run_cli(capsys, "--format", "json", "shared")
    found = [d for d in json.loads(out)["diagnostics"] if d["code"] == "invalid-schema"]
    assert [(d["path"], d["line"], d["severity"]) for d in found] == [
        ("shared/theirs/newsdesk.toml", 4, "error")
    ]
    # The same schema governing a path the user named stops the run (exit 2), as before.
    code, out, err = run_cli(capsys, "shared/theirs")
    assert (code, out) == (2, "") and "newsdesk.toml:4" in err
    code, _, err = run_cli(capsys, "shared/theirs/deeper/y.md")
    assert code == 2 and "newsdesk.toml:4" in err


def test_files_outside_the_configured_articles_folder_are_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "newsdesk.toml", '[articles]\nfolder = "content/news"\nunknown_fields = "allow"\n')
    write(tmp_path, "README.md", "# A newsroom\n\nNot an article.\n")
    write(tmp_path, "docs/guide.md", "Not an article either.\n")
    write(tmp_path, "content/news/a.md", GOOD)
    write(tmp_path, "content/news/2024/notes.md", "Forgot the front matter.\n")
    # as pre-commit calls it: every staged Markdown file by name
    args = ["README.md", "docs/guide.md", "content/news/a.md", "content/news/2024/notes.md"]
    code, out, err = run_cli(capsys, *args)
    assert code == 1
    assert out.splitlines() == [
        "content/news/2024/notes.md:1:1: error[no-front-matter] no front matter: the file must start "
        "with a '---' (YAML) or '+++' (TOML) line",
        "2 files checked, 1 error, 0 warnings",
    ]
    assert err == "newsdesk: skipped 2 files outside the articles folder set in newsdesk.toml\n"
    code, out, _ = run_cli(capsys, "--format", "json", ".")
    data = json.loads(out)
    assert (code, data["files_checked"], data["skipped"]) == (1, 2, ["README.md", "docs/guide.md"])
    code, out, err = run_cli(capsys, "README.md")
    assert (code, out) == (0, "0 files checked, 0 errors, 0 warnings\n")
    assert "no articles to check: skipped 1 file outside the articles folder" in err


def test_without_a_configured_folder_every_markdown_file_is_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "newsdesk.toml", '[articles]\nunknown_fields = "allow"\n')
    write(tmp_path, "README.md", "# no front matter\n")
    code, out, _ = run_cli(capsys, "README.md")
    assert code == 1 and "README.md:1:1: error[no-front-matter]" in out


# -- paths that cannot be printed as they are -----------------------------------------------


def test_paths_with_a_newline_or_undecodable_bytes_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    name = os.fsdecode(b"two\nlines \xff.md")
    (tmp_path / name).write_text(BAD, encoding="utf-8")
    code, out, _ = run_cli(capsys, ".")
    assert code == 1
    assert out.splitlines()[0].startswith("two\\nlines \\xff.md:3:7: error[date]")
    code, out, _ = run_cli(capsys, "--format", "json", ".")
    paths = {d["path"] for d in json.loads(out)["diagnostics"]}
    assert paths == {"two\\nlines \\xff.md"}
    code, out, _ = run_cli(capsys, "--format", "github", ".")
    assert out.splitlines()[0].startswith("::error file=two\\nlines \\xff.md,line=3,col=7,")
    assert unescape_path("two\\nlines \\xff.md") == name


# -- very large walks --------------------------------------------------------------------------


def test_a_walk_past_many_files_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsdesk.core.folder.walk as walk

    monkeypatch.setattr(walk, "MANY_FILES", 5)
    for i in range(4):
        write(tmp_path, f"a{i}.md", GOOD)
        write(tmp_path, f"sub/b{i}.txt", "x")
    code, out, err = run_cli(capsys, str(tmp_path))
    assert code == 0 and out.splitlines()[-1].startswith("4 files checked")
    assert (
        err
        == f"newsdesk: warning: {tmp_path} holds more than 5 files; still looking (is it the right folder?)\n"
    )


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


def test_errors_under_the_built_in_schema_say_how_to_get_a_schema_of_the_sites_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site nobody here wrote, no newsdesk.toml: every article fails the built-in schema's
    required fields; stderr says where those rules come from and how to get the site's own (the
    report on stdout, the exit code and the JSON stay as they were)."""
    monkeypatch.chdir(tmp_path)
    site = "---\ntitle: A Hugo post\ndate: 2023-01-18\nauthors: [jane-doe]\n---\nBody.\n"
    write(tmp_path, "content/news/a.md", site)
    write(tmp_path, "content/news/b.md", site)
    code, out, err = run_cli(capsys, "content")
    assert code == 1 and "error[required] 'status' is missing" in out
    assert err.splitlines() == [
        "newsdesk: no newsdesk.toml governs these files: they were checked against the built-in "
        "schema (fields of newsdesk's sample reports). `newsdesk init --detect content` writes one "
        "that fits the site's own articles"
    ]
    code, _, err = run_cli(capsys, "content/news/a.md")
    assert code == 1 and "governs this file: it was checked" in err and "--detect FOLDER" in err
    code, out, err = run_cli(capsys, "--format", "json", "content")
    assert code == 1 and json.loads(out)["errors"] == 2 and err == ""
    # The built-in schema fits the file (no errors): nothing to say. A schema of the site's own
    # that still finds errors: nothing either.
    write(tmp_path, "good/a.md", GOOD)
    assert run_cli(capsys, "good") == (0, "1 file checked, 0 errors, 0 warnings\n", "")
    write(tmp_path, "content/newsdesk.toml", '[fields.status]\ntype = "string"\nrequired = true\n')
    code, out, err = run_cli(capsys, "content")
    assert code == 1 and "'status' is missing" in out and "init --detect" not in err
