"""Hostile input: ``newsdesk validate`` never crashes or hangs, and still checks the other files.

Every run is a subprocess with a timeout and an address-space limit, so a hang or a blow-up fails
the test instead of stalling or swapping the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

TIMEOUT = 60
MEMORY_LIMIT = 2 * 1024**3

GOOD = "---\ntitle: Fine\ndate: 2024-01-01\nstatus: draft\n---\n\nBody.\n"
# A control file with one known diagnostic: it must still be checked next to the hostile ones.
CONTROL = "---\ntitle: Fine\ndate: 2024-02-30\nstatus: draft\n---\n\nBody.\n"


def _limit() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def validate(*args: str | Path, cwd: Path) -> tuple[int, dict[str, Any]]:
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", "validate", "--format", "json", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        timeout=TIMEOUT,
        preexec_fn=_limit if sys.platform.startswith("linux") else None,
    )
    assert result.returncode in (0, 1), result.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr
    return result.returncode, json.loads(result.stdout)


def codes_by_file(report: dict[str, Any]) -> dict[str, list[tuple[str, int, int]]]:
    out: dict[str, list[tuple[str, int, int]]] = {}
    for d in report["diagnostics"]:
        out.setdefault(Path(d["path"]).name, []).append((d["code"], d["line"], d["column"]))
    return out


def alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    return "---\n" + "\n".join(lines) + "\n---\nbody\n"


CASES: dict[str, tuple[bytes, str, int, int]] = {
    # name: (content, expected code, line, column)
    "binary.md": (bytes(range(256)) * 64, "encoding", 1, 1),
    "bad-utf8.md": (b"---\ntitle: Caf\xe9\ndate: 2024-01-01\nstatus: draft\n---\nbody\n", "encoding", 2, 11),
    "empty.md": (b"", "no-front-matter", 1, 1),
    "blank.md": (b"\n \n\t\n", "no-front-matter", 1, 1),
    "alias-bomb.md": (alias_bomb().encode(), "too-complex", 2, 1),
    "deep-flow.md": (("---\nx: " + "[" * 10_000 + "]" * 10_000 + "\n---\n").encode(), "yaml-syntax", 2, 1003),
    "deep-block.md": (("---\nx:\n" + "- " * 10_000 + "a\n---\n").encode(), "yaml-syntax", 3, 1999),
    "deep-mapping.md": (
        ("---\n" + "a: {" * 10_000 + "}" * 10_000 + "\n---\n").encode(),
        "yaml-syntax",
        2,
        4000,
    ),
    # Indented 1 to 10,000 columns: 50 MB of front matter, so it is too large (and, cut, unclosed).
    "deep-indent.md": (
        ("---\nx:\n" + "".join(" " * i + "- \n" for i in range(1, 10_001)) + "---\n").encode(),
        "too-large",
        1,
        1,
    ),
    "deep-toml.md": (("+++\nx = " + "[" * 10_000 + "]" * 10_000 + "\n+++\n").encode(), "too-complex", 2, 1),
    "deep-toml-tables.md": (
        ("+++\nx = " + "{a = " * 10_000 + "1" + "}" * 10_000 + "\n+++\n").encode(),
        "too-complex",
        2,
        1,
    ),
    "unclosed.md": (b"---\ntitle: never closed\n", "front-matter-shape", 1, 1),
    "a-list.md": (b"---\n- one\n- two\n---\nbody\n", "front-matter-shape", 2, 1),
    "a-scalar.md": (b"---\njust words\n---\nbody\n", "front-matter-shape", 2, 1),
    "toml-list.md": (b"+++\n= 1\n+++\nbody\n", "toml-syntax", 2, 1),
    "nul-in-yaml.md": (b"---\ntitle: a\x00b\n---\n", "encoding", 1, 1),
    # a raw ESC on line 4: reported there, in newsdesk's words (not "position N")
    "raw-esc.md": (b"---\ntitle: T\ndate: 2024-01-01\nbyline: \x1b[2Jx\n---\n", "yaml-syntax", 4, 9),
    "escaped-esc.md": (
        b'---\ntitle: "T \\e]52;c;aGk=\\a"\ndate: 2024-01-01\nstatus: draft\n---\n',
        "control-character",
        2,
        11,
    ),
    "bidi.md": (
        "---\ntitle: ab\u202ecd\ndate: 2024-01-01\nstatus: draft\n---\n".encode(),
        "control-character",
        2,
        10,
    ),
    "toml-month-13.md": (b"+++\ntitle = 'T'\ndate = 2024-13-01\n+++\n", "toml-syntax", 3, 8),
    "rule-paragraph-rule.md": (b"---\n\nA paragraph.\n\n---\n\nMore.\n", "no-front-matter", 1, 1),
    "reserved.md": (
        b"---\ntitle: T\ndate: 2024-01-01\nstatus: draft\ncontent: x\n---\n",
        "reserved-key",
        5,
        1,
    ),
}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, (content, *_rest) in CASES.items():
        (folder / name).write_bytes(content)
    (folder / "zz-control.md").write_text(CONTROL, encoding="utf-8")
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    return folder


def test_every_hostile_file_gets_a_diagnostic(hostile: Path) -> None:
    code, report = validate(hostile, cwd=hostile.parent)
    assert code == 1
    found = codes_by_file(report)
    for name, (_content, expected, line, column) in CASES.items():
        assert (expected, line, column) in found.get(name, []), name
    assert found["zz-control.md"] == [("date", 3, 7)]
    assert "good.md" not in found
    assert report["files_checked"] == len(CASES) + 2
    for d in report["diagnostics"]:
        assert len(d["message"]) <= 500
        assert "<unicode string>" not in d["message"] and "\x1b" not in d["message"]


def test_fifo_and_symlink_loop_are_skipped_with_a_diagnostic(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    folder = tmp_path / "articles"
    folder.mkdir()
    os.mkfifo(folder / "pipe.md")  # nothing ever writes to it: reading it would hang
    os.symlink("loop-b.md", folder / "loop-a.md")
    os.symlink("loop-a.md", folder / "loop-b.md")
    os.symlink("..", folder / "up")  # a folder symlink cycle is not followed
    os.symlink("missing.md", folder / "dangling.md")
    (folder / "zz-control.md").write_text(CONTROL, encoding="utf-8")
    code, report = validate(folder, folder / "pipe.md", folder / "loop-a.md", cwd=tmp_path)
    assert code == 1
    found = codes_by_file(report)
    assert found["pipe.md"] == [("not-a-file", 1, 1)]
    assert found["loop-a.md"] == [("unreadable", 1, 1)]
    assert found["loop-b.md"] == [("unreadable", 1, 1)]
    assert found["dangling.md"] == [("unreadable", 1, 1)]
    assert found["zz-control.md"] == [("date", 3, 7)]
    assert report["files_checked"] == 5  # pipe and loop-a given twice are checked once
    messages = {Path(d["path"]).name: d["message"] for d in report["diagnostics"]}
    assert "symlink loop" in messages["loop-a.md"]


def test_fifo_given_directly_does_not_hang(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    os.mkfifo(tmp_path / "pipe.md")
    code, report = validate("pipe.md", cwd=tmp_path)
    assert code == 1
    assert codes_by_file(report) == {"pipe.md": [("not-a-file", 1, 1)]}


def test_50_mb_file(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    with big.open("wb") as fh:
        fh.write(b"---\ntitle: Big\ndate: 2024-02-30\nstatus: draft\n---\n")
        line = b"All work and no play makes a long article. " * 20 + b"\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    (tmp_path / "zz-control.md").write_text(CONTROL, encoding="utf-8")
    code, report = validate(tmp_path, cwd=tmp_path)
    assert code == 1
    found = codes_by_file(report)
    # Only the head is read; its front matter is still checked.
    assert found["big.md"] == [("too-large", 1, 1), ("date", 3, 7)]
    assert found["zz-control.md"] == [("date", 3, 7)]


def test_unreadable_file(tmp_path: Path) -> None:
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("permissions do not apply to root")
    path = tmp_path / "secret.md"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    code, report = validate(path, cwd=tmp_path)
    assert code == 1
    assert codes_by_file(report) == {"secret.md": [("unreadable", 1, 1)]}


def test_text_format_survives_hostile_files(hostile: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", "validate", str(hostile)],
        capture_output=True,
        timeout=TIMEOUT,
        preexec_fn=_limit if sys.platform.startswith("linux") else None,
    )
    assert result.returncode == 1
    out = result.stdout.decode("utf-8")
    assert out.splitlines()[-1].startswith(f"{len(CASES) + 2} files checked, ")
    assert "\x00" not in out


def newsdesk(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        timeout=TIMEOUT,
        preexec_fn=_limit if sys.platform.startswith("linux") else None,
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode("utf-8", "replace")
    return result


def test_catastrophic_pattern_does_not_hang(tmp_path: Path) -> None:
    # With Python's re, '(a+)+$' against forty 'a' and a 'b' takes about 2**40 steps.
    (tmp_path / "newsdesk.toml").write_text(
        "[fields.title]\ntype = 'string'\npattern = '(a+)+$'\n[fields.date]\ntype = 'date'\n",
        encoding="utf-8",
    )
    (tmp_path / "slow.md").write_text(
        "---\ntitle: " + "a" * 40 + "b\ndate: 2024-01-01\n---\nBody.\n", encoding="utf-8"
    )
    code, report = validate(tmp_path, cwd=tmp_path)
    assert code == 1
    assert codes_by_file(report) == {"slow.md": [("pattern", 2, 8)]}
    listed = newsdesk("list", tmp_path, "--json", cwd=tmp_path)
    assert listed.returncode == 0
    assert json.loads(listed.stdout)[0]["errors"] == 1


def test_enum_of_a_million_values_gives_a_short_message(tmp_path: Path) -> None:
    values = ", ".join(f'"v{i}"' for i in range(1_000_000))
    (tmp_path / "newsdesk.toml").write_text(
        f"[fields.status]\ntype = 'enum'\nvalues = [{values}]\n", encoding="utf-8"
    )
    (tmp_path / "a.md").write_text("---\nstatus: nope\n---\nBody.\n", encoding="utf-8")
    code, report = validate(tmp_path, cwd=tmp_path)
    assert code == 1
    (diagnostic,) = report["diagnostics"]
    assert diagnostic["code"] == "enum"
    assert len(diagnostic["message"]) <= 500
    assert "1,000,000 values" in diagnostic["message"]
    text = newsdesk("validate", tmp_path, cwd=tmp_path)
    assert text.returncode == 1
    assert max(len(line) for line in text.stdout.splitlines()) < 1000
