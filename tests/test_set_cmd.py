"""``newsdesk set``: typed values, refusals that leave the file alone, warnings, no-op sets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsdesk.cli import main

ARTICLE = """\
---
# keep me
title: Old title
date: 2022-02-24
status: draft
tags:
  - employment
attendees:
  - name: Ann
    role: Chair
mystery: [unclosed
---
Body.
"""

GOOD = """\
---
# keep me
title: Old title  # and me
date: 2022-02-24
status: draft
tags: [employment]
attendees:
  - name: Ann
    role: Chair
---
Body.
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["set", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.md"
    path.write_text(GOOD)
    return path


def test_set_typed_values_changes_only_their_lines(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, out, err = run(
        capsys,
        str(article),
        "date=2023-01-05",
        'tags=["employment","2022"]',
        "attendees[0].role=Dean",
        "title=yes",
    )
    assert code == 0, err
    assert "updated" in out
    assert article.read_text() == (
        GOOD.replace("date: 2022-02-24", "date: 2023-01-05")
        .replace("tags: [employment]", 'tags: [employment, "2022"]')
        .replace("role: Chair", "role: Dean")
        .replace("title: Old title  #", 'title: "yes"  #')
    )


def test_unset_and_new_field_in_schema_order(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, _, err = run(capsys, str(article), "byline=A. Writer", "--unset", "tags")
    assert code == 0, err
    # The default schema orders byline right after status.
    assert article.read_text() == GOOD.replace(
        "status: draft\ntags: [employment]\n", "status: draft\nbyline: A. Writer\n"
    )


@pytest.mark.parametrize(
    ("assignment", "field"),
    [
        ("date=24/02/2022", "date"),
        ("tags=employment", "tags"),
        ("status=finished", "status"),
        ('tags=["a", 2]', "tags"),
    ],
)
def test_bad_value_is_refused_and_file_unchanged(
    capsys: pytest.CaptureFixture[str], article: Path, assignment: str, field: str
) -> None:
    before = article.read_bytes()
    code, _, err = run(capsys, str(article), "title=Changed", assignment)
    assert code == 1
    assert f"field '{field}'" in err
    assert article.read_bytes() == before


def test_same_value_leaves_file_untouched(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    os.utime(article, ns=(1_000_000_000, 1_000_000_000))
    code, out, _ = run(capsys, str(article), "status=draft", "date=2022-02-24")
    assert code == 0
    assert "unchanged" in out
    assert os.stat(article).st_mtime_ns == 1_000_000_000
    assert article.read_text() == GOOD


def test_problems_elsewhere_are_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text(GOOD.replace("status: draft\n", "status: draft\nstatus: review\n"))
    code, _, err = run(capsys, str(path), "title=New")
    assert code == 0
    assert "warning[duplicate-key]" in err and "twice" in err
    assert "title: New" in path.read_text()


def test_broken_front_matter_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "c.md"
    path.write_text(ARTICLE)
    code, _, err = run(capsys, str(path), "title=New")
    assert code == 1
    assert "broken" in err
    assert path.read_text() == ARTICLE


def test_dry_run_prints_diff_and_writes_nothing(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, out, _ = run(capsys, str(article), "-n", "title=New")
    assert code == 0
    assert "-title: Old title  # and me" in out and "+title: New  # and me" in out
    assert article.read_text() == GOOD


@pytest.mark.parametrize("args", [[], ["novalue"], ["=x"], ["a[x]=1"], ["title=a", "--unset", "title"]])
def test_usage_errors(capsys: pytest.CaptureFixture[str], article: Path, args: list[str]) -> None:
    code, _, _ = run(capsys, str(article), *args)
    assert code == 2
    assert article.read_text() == GOOD


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path / "nope.md"), "title=x")
    assert code == 1
    assert "no such file" in err


def test_toml_article(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = '+++\ntitle = "T"\ndate = 2022-01-01\n\n[[speakers]]\nname = "A"\nrole = "B"\n+++\nBody\n'
    path = tmp_path / "t.md"
    path.write_text(text)
    code, _, err = run(capsys, str(path), "speakers[0].role=Chair", "date=2022-01-02")
    assert code == 0, err
    assert path.read_text() == text.replace('role = "B"', 'role = "Chair"').replace(
        "2022-01-01", "2022-01-02"
    )
