"""``newsdesk set``: typed values, refusals that leave the file alone, warnings, no-op sets."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from newsdesk.cli import main
from newsdesk.core.read.reader import load_article

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


def test_problems_elsewhere_are_counted_not_listed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "b.md"
    path.write_text(GOOD.replace("status: draft\n", "status: draft\nstatus: review\n"))
    code, _, err = run(capsys, str(path), "title=New")
    assert code == 0
    assert "duplicate-key" not in err
    assert err.splitlines()[-1] == f"2 other problems: run newsdesk validate {path}"
    assert "title: New" in path.read_text()


def test_problems_of_touched_fields_are_listed(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    (article.parent / "x y.md").write_text(GOOD.replace("title: Old title  # and me\n", "title: T\nzzz: 1\n"))
    code, _, err = run(capsys, str(article.parent / "x y.md"), "title=")
    assert code == 0
    lines = err.splitlines()
    assert len(lines) == 2 and "warning[empty]" in lines[0] and "'title' is blank" in lines[0]
    assert lines[1] == f"1 other problem: run newsdesk validate '{article.parent / 'x y.md'}'"


def test_problems_this_set_causes_are_listed(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    # approved makes byline and summary required: problems of fields set did not touch, but caused.
    code, _, err = run(capsys, str(article), "status=approved")
    assert code == 0
    assert "warning[required]" in err and "'byline' is missing" in err and "'summary' is missing" in err
    assert "other problem" not in err


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


def test_missing_file_or_folder_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path / "nope.md"), "title=x")
    assert code == 2
    assert "no such file" in err
    code, _, err = run(capsys, str(tmp_path), "title=x")
    assert code == 2
    assert "is a folder" in err


def test_toml_article(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = '+++\ntitle = "T"\ndate = 2022-01-01\n\n[[speakers]]\nname = "A"\nrole = "B"\n+++\nBody\n'
    path = tmp_path / "t.md"
    path.write_text(text)
    code, _, err = run(capsys, str(path), "speakers[0].role=Chair", "date=2022-01-02")
    assert code == 0, err
    assert path.read_text() == text.replace('role = "B"', 'role = "Chair"').replace(
        "2022-01-01", "2022-01-02"
    )


# -- keys nobody knows, reserved keys, wording -------------------------------------------------


@pytest.mark.parametrize(
    ("assignment", "where", "hint"),
    [
        ("stauts=draft", "stauts", "status"),
        ("Status=draft", "Status", "status"),
        ("attendees[0].rol=Dean", "attendees[0].rol", "role"),
        ("attendees[1].rol=Dean", "attendees[1].rol", "role"),
    ],
)
def test_unknown_key_is_refused_with_did_you_mean(
    capsys: pytest.CaptureFixture[str], article: Path, assignment: str, where: str, hint: str
) -> None:
    code, out, err = run(capsys, str(article), assignment)
    assert code == 1
    assert f"no field {where} in the schema or in the file (did you mean {hint}?)" in err
    assert "--add" in err and "updated" not in out
    assert article.read_text() == GOOD


def test_add_allows_a_new_key(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, out, err = run(capsys, str(article), "--add", "weight=2", "attendees[0].email=a@example.org")
    assert code == 0, err
    assert "updated weight, attendees[0].email" in out
    # A new field nobody knows yet is text: only an existing value's type is kept.
    assert article.read_text() == GOOD.replace(
        "    role: Chair\n", "    role: Chair\n    email: a@example.org\n"
    ).replace("---\nBody", 'weight: "2"\n---\nBody')


def test_keys_already_in_the_file_need_no_add(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "k.md"
    text = "---\ntitle: T\nextra: old\nspeakers:\n  - name: A\n    email: a@x\n  - name: B\n---\n"
    path.write_text(text)
    code, _, err = run(capsys, str(path), "extra=new", "speakers[1].email=b@x")
    assert code == 0, err
    assert path.read_text() == text.replace("extra: old", "extra: new").replace(
        "  - name: B\n", "  - name: B\n    email: b@x\n"
    )


@pytest.mark.parametrize("key", ["content", "handler", "self"])
def test_keys_python_frontmatter_reserves_need_force(
    capsys: pytest.CaptureFixture[str], article: Path, key: str
) -> None:
    import frontmatter

    code, _, err = run(capsys, str(article), "--add", f"{key}=hi")
    assert code == 1
    assert f"'{key}' is reserved by python-frontmatter" in err and "--force" in err
    assert article.read_text() == GOOD
    frontmatter.load(article)
    code, _, err = run(capsys, str(article), "--add", "--force", f"{key}=hi")
    assert code == 0, err
    with pytest.raises(TypeError):  # what the refusal protects every python-frontmatter user from
        frontmatter.load(article)


def test_unset_of_a_key_nobody_knows(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, out, err = run(capsys, str(article), "--unset", "stauts")
    assert code == 1
    assert "no field stauts (did you mean status?)" in err and "updated" not in out
    assert article.read_text() == GOOD
    code, out, _ = run(capsys, str(article), "--unset", "summary")  # in the schema, not in the file
    assert code == 0 and "unchanged" in out


def test_enum_typo_suggests_the_value(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, _, err = run(capsys, str(article), "status=reveiw")
    assert code == 1
    assert "did you mean 'review'?" in err


# -- types of fields the schema does not know ---------------------------------------------------

TYPED = """\
---
title: T
weight: 1
ratio: 0.5
flag: true
when: 2024-01-02
stamp: 2024-01-02 10:30:00
items: [a, b]
note: text
---
"""


@pytest.mark.parametrize(
    ("assignment", "line", "value"),
    [
        ("weight=2", "weight: 2", 2),
        ("weight=2.5", "weight: 2.5", 2.5),
        ("weight=heavy", "weight: heavy", "heavy"),
        ("ratio=0.75", "ratio: 0.75", 0.75),
        ("ratio=1", "ratio: 1.0", 1.0),
        ("flag=false", "flag: false", False),
        ("flag=maybe", "flag: maybe", "maybe"),
        ("when=2024-03-04", "when: 2024-03-04", dt.date(2024, 3, 4)),
        ("when=soon", "when: soon", "soon"),
        ("stamp=2024-03-04 09:00:00", "stamp: 2024-03-04 09:00:00", dt.datetime(2024, 3, 4, 9)),
        ('items=["c"]', "items: [c]", ["c"]),
        ("note=12", "note: '12'", "12"),
    ],
)
def test_unknown_field_keeps_the_type_of_its_value(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, assignment: str, line: str, value: object
) -> None:
    path = tmp_path / "typed.md"
    path.write_text(TYPED)
    code, _, err = run(capsys, str(path), assignment)
    assert code == 0, err
    key = assignment.split("=", 1)[0]
    written = path.read_text()
    assert [x for x in written.splitlines() if x.startswith(f"{key}:")] in ([line], [line.replace("'", '"')])
    got = load_article(path).metadata[key]
    assert got == value and type(got) is type(value)


# -- appending through a sub-key ---------------------------------------------------------------

THREE = """\
---
title: T
attendees:
  - name: A
  - name: B
    role: Chair
  - name: C
---
Body.
"""


def test_index_one_past_the_end_appends_an_item(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text(THREE)
    code, _, err = run(capsys, str(path), "attendees[3].name=New Person")
    assert code == 0, err
    assert path.read_text() == THREE.replace("  - name: C\n", "  - name: C\n  - name: New Person\n")
    code, _, err = run(capsys, str(path), "attendees[9].name=X")
    assert code == 1 and "no item 9" in err


# -- read-only files -----------------------------------------------------------------------------


def test_read_only_file_is_refused_unless_forced(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    article.chmod(0o444)
    code, _, err = run(capsys, str(article), "title=New")
    assert code == 1
    assert err.startswith(f"newsdesk: read-only: {article}") and "--force" in err
    assert article.read_text() == GOOD
    code, _, err = run(capsys, str(article), "--force", "title=New")
    assert code == 0, err
    assert "title: New" in article.read_text()
    assert stat.S_IMODE(os.stat(article).st_mode) == 0o444


# -- another writer at the same time -------------------------------------------------------------


def _other_writer(monkeypatch: pytest.MonkeyPatch, *edits: Callable[[str], str]) -> list[int]:
    """Before each of set's first writes, change the file on disk as another writer would."""
    from newsdesk.cli import set_cmd

    real = set_cmd.write_text
    calls = [0]

    def racing(article: Any, text: str, **kw: Any) -> Any:
        if calls[0] < len(edits):
            old = article.path.read_text()
            article.path.write_text(edits[calls[0]](old))
        calls[0] += 1
        return real(article, text, **kw)

    monkeypatch.setattr(set_cmd, "write_text", racing)
    return calls


def test_conflict_on_other_fields_is_merged(
    capsys: pytest.CaptureFixture[str], article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _other_writer(monkeypatch, lambda t: t.replace("status: draft", "status: review"))
    code, out, err = run(capsys, str(article), "title=Mine", "attendees[0].role=Dean")
    assert code == 0, err
    assert "updated title" in out
    merge_lines = [line for line in err.splitlines() if "merged" in line]
    assert len(merge_lines) == 1 and "changed on disk while set ran; merged: applied title" in merge_lines[0]
    assert article.read_text() == GOOD.replace("status: draft", "status: review").replace(
        "Old title", "Mine"
    ).replace("role: Chair", "role: Dean")


@pytest.mark.parametrize(
    ("edit", "args", "field"),
    [
        (lambda t: t.replace("Old title", "Theirs"), ["title=Mine"], "title"),
        (lambda t: t.replace("status: draft\n", ""), ["status=review"], "status"),
        (lambda t: t.replace("name: Ann", "name: Bob"), ["attendees[0].role=Dean"], "attendees[0]"),
        (
            lambda t: t.replace("tags: [employment]", "tags: [other, employment]"),
            ["--unset", "tags[0]"],
            "tags[0]",
        ),
    ],
)
def test_conflict_on_the_same_field_is_refused(
    capsys: pytest.CaptureFixture[str],
    article: Path,
    monkeypatch: pytest.MonkeyPatch,
    edit: Callable[[str], str],
    args: list[str],
    field: str,
) -> None:
    _other_writer(monkeypatch, edit)
    theirs = edit(GOOD)
    code, out, err = run(capsys, str(article), *args)
    assert code == 1
    assert f"{field} was changed on disk by someone else" in err and "nothing was written" in err
    assert "updated" not in out
    assert article.read_text() == theirs


def test_people_appended_on_both_sides_are_both_kept(
    capsys: pytest.CaptureFixture[str], article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 21: people are merged by identity, not index: another writer appending Cy while set
    appends Di is no clash (it was refused as a clash on attendees[1] before); both are kept."""
    _other_writer(monkeypatch, lambda t: t.replace("    role: Chair\n", "    role: Chair\n  - name: Cy\n"))
    code, _, err = run(capsys, str(article), "attendees[1].name=Di")
    assert code == 0, err
    assert "merged" in err
    assert article.read_text() == GOOD.replace(
        "    role: Chair\n", "    role: Chair\n  - name: Cy\n  - name: Di\n"
    )


def test_a_change_on_the_next_line_meanwhile_is_kept(
    capsys: pytest.CaptureFixture[str], article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 21: set merges with the other writer's change field by field, so a change next to ours
    (the line below) is kept, where a line merge would see a conflict."""
    _other_writer(monkeypatch, lambda t: t.replace("status: draft", "status: review"))
    code, _, err = run(capsys, str(article), "date=2022-03-01")
    assert code == 0, err
    assert article.read_text() == GOOD.replace("status: draft", "status: review").replace(
        "2022-02-24", "2022-03-01"
    )


def test_conflict_with_the_same_value_is_no_change(
    capsys: pytest.CaptureFixture[str], article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _other_writer(monkeypatch, lambda t: t.replace("status: draft", "status: review"))
    code, out, _ = run(capsys, str(article), "status=review")
    assert code == 0
    assert "unchanged" in out


def test_file_that_keeps_changing_is_given_up(
    capsys: pytest.CaptureFixture[str], article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.cli import set_cmd

    edits = [lambda t, i=i: t.rsplit("---\n", 1)[0] + f"---\nBody {i}.\n" for i in range(set_cmd.MAX_TRIES)]
    calls = _other_writer(monkeypatch, *edits)
    code, _, err = run(capsys, str(article), "title=Mine")
    assert code == 1
    assert "kept changing on disk" in err
    assert calls[0] == set_cmd.MAX_TRIES
    assert "Old title" in article.read_text()


def test_deleted_while_running_is_refused(
    capsys: pytest.CaptureFixture[str], article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.cli import set_cmd

    real = set_cmd.write_text

    def vanish(a: Any, text: str, **kw: Any) -> Any:
        a.path.unlink()
        return real(a, text, **kw)

    monkeypatch.setattr(set_cmd, "write_text", vanish)
    code, _, err = run(capsys, str(article), "title=Mine")
    assert code == 1 and "deleted" in err
    assert not article.exists()


# -- issue 25: file names, files without front matter, control characters, deep values ------------

#: ESC, a newline and a right-to-left override: a name that rewrote the terminal when printed raw.
HOSTILE_NAME = "a\x1b[31mred\nx\u202e.md"
HOSTILE_SHOWN = "a\\x1b[31mred\\nx\\u202e.md"


def test_file_names_are_escaped_on_every_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / HOSTILE_NAME
    path.write_text(GOOD.replace("status: draft\n", "status: draft\nstatus: review\n"))
    outputs = [
        run(capsys, HOSTILE_NAME, "title="),  # updated; a warning and "other problems"
        run(capsys, HOSTILE_NAME, "title="),  # unchanged
        run(capsys, HOSTILE_NAME, "-n", "title=New"),  # the diff's headers
        run(capsys, HOSTILE_NAME, "titel=New"),  # refused: unknown key
        run(capsys, HOSTILE_NAME, "date=someday"),  # refused: a value that does not fit
    ]
    path.chmod(0o444)
    outputs.append(run(capsys, HOSTILE_NAME, "title=New"))  # refused by the save: read-only
    path.chmod(0o644)
    _other_writer(monkeypatch, lambda t: t.replace("Chair", "Dean"))
    outputs.append(run(capsys, HOSTILE_NAME, "title=Merged"))  # the merge note on stderr
    assert [code for code, _, _ in outputs] == [0, 0, 0, 1, 1, 1, 0]
    everything = "".join(out + err for _, out, err in outputs)
    assert "\x1b" not in everything and "\u202e" not in everything
    (_, out, err), (_, unchanged, _), (_, diff, _) = outputs[:3]
    assert err.splitlines() == [
        f"{HOSTILE_SHOWN}:3:1: warning[empty] 'title' is blank: fill it in — it is required",
        f"2 other problems: run newsdesk validate '{HOSTILE_SHOWN}'",
    ]
    assert out == f"{HOSTILE_SHOWN}: updated title\n"
    assert unchanged == f"{HOSTILE_SHOWN}: unchanged (the fields already have these values)\n"
    assert diff.splitlines()[:2] == [f"--- {HOSTILE_SHOWN}", f"+++ {HOSTILE_SHOWN}"]
    refusals = [err for _, _, err in outputs[3:]]
    assert refusals[0].startswith(f"newsdesk: {HOSTILE_SHOWN}: no field titel")
    assert refusals[1].startswith(f"newsdesk: {HOSTILE_SHOWN}: field 'date': 'someday' is not a date")
    assert refusals[2].startswith(f"newsdesk: read-only: {HOSTILE_SHOWN} (mode")
    assert refusals[3].startswith(f"newsdesk: {HOSTILE_SHOWN} changed on disk while set ran; merged")
    assert all(r.count("\n") == 1 for r in refusals[:3])
    assert outputs[-1][1] == f"{HOSTILE_SHOWN}: updated title\n"


def test_missing_file_and_folder_names_are_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, str(tmp_path / HOSTILE_NAME), "title=x")
    assert code == 2 and err == f"newsdesk: error: no such file: {tmp_path}/{HOSTILE_SHOWN}\n"
    (tmp_path / HOSTILE_NAME).mkdir()
    code, _, err = run(capsys, str(tmp_path / HOSTILE_NAME), "title=x")
    assert code == 2 and err.startswith(f"newsdesk: error: {tmp_path}/{HOSTILE_SHOWN} is a folder")


@pytest.mark.parametrize("fence", ["---", "+++"])
def test_lone_cr_front_matter_is_never_doubled(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fence: str
) -> None:
    sep = ":" if fence == "---" else " ="
    raw = f"{fence}\rtitle{sep} 'Old'\rdate{sep} 2022-01-01\rstatus{sep} 'draft'\r{fence}\rBody\r".encode()
    path = tmp_path / "mac.md"
    path.write_bytes(raw)
    # Before: exit 0, "updated title", and a second front matter in front of this one.
    code, out, err = run(capsys, str(path), "title=X")
    assert (code, out) == (1, "")
    assert err.startswith(f"newsdesk: {path}: the lines end in a lone CR") and err.count("\n") == 1
    assert err.rstrip().endswith("; file unchanged")  # as every refusal of set says
    assert path.read_bytes() == raw
    code, out, _ = run(capsys, str(path), "-n", "title=X")
    assert (code, out) == (1, "")


@pytest.mark.parametrize(("content", "what"), [("", "empty"), ("\n  \n", "blank")])
def test_an_empty_file_is_not_given_front_matter(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, what: str
) -> None:
    path = tmp_path / "empty.md"
    path.write_text(content)
    code, out, err = run(capsys, str(path), "title=X")
    assert (code, out) == (1, "")
    assert err == (
        f"newsdesk: {path}: the file is {what}: it has no front matter for set to change; start the "
        "article with newsdesk new, or write its front matter in an editor; file unchanged\n"
    )
    assert path.read_text() == content


@pytest.mark.parametrize(
    ("assignment", "field", "what"),
    [
        ("title=a\nb", "title", "holds a line break"),
        ("title=a\x1b[2Jb", "title", "U+001B (ESC)"),
        ("title=a\u202eb", "title", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("attendees[0].role=Dean\tof Arts", "attendees[0].role", "holds a tab"),
        ('tags=["ok", "a\\u001bb"]', "tags[1]", "U+001B (ESC)"),
        ("summary=a\x07b", "summary", "U+0007 (BEL)"),
    ],
)
def test_a_control_character_is_refused_as_validate_reports_it(
    capsys: pytest.CaptureFixture[str], article: Path, assignment: str, field: str, what: str
) -> None:
    # Before: a warning and exit 0 from set, an error and exit 1 from validate.
    code, out, err = run(capsys, str(article), assignment)
    assert (code, out) == (1, "")
    assert (
        err.startswith(f"newsdesk: {article}: '{field}' ")
        and what in err
        and err.endswith("; file unchanged\n")
    )
    assert err.count("\n") == 1 and "\x1b" not in err and "\u202e" not in err
    assert article.read_text() == GOOD
    code, _, _ = run(capsys, str(article), "-n", assignment)
    assert code == 1
    # The same value written by hand is what validate calls an error.
    key, _, value = assignment.partition("=")
    if key == "title":
        article.write_text(GOOD.replace("title: Old title  # and me", f"title: {json.dumps(value)}"))
        assert main(["validate", str(article)]) == 1
        assert f"error[control-character] '{field}'" in capsys.readouterr().out


def test_line_breaks_stay_allowed_in_text_fields(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, _, err = run(capsys, str(article), "summary=one\ntwo")
    assert code == 0, err
    assert load_article(article).metadata["summary"] == "one\ntwo"


def test_an_existing_control_character_elsewhere_does_not_block(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "x.md"
    path.write_text(GOOD.replace("role: Chair", 'role: "Chair\\e"'))
    code, _, err = run(capsys, str(path), "title=New")
    assert code == 0, err
    assert "title: New" in path.read_text()


@pytest.mark.parametrize("depth", [3000, 101])
def test_a_value_nested_too_deeply_is_refused(
    capsys: pytest.CaptureFixture[str], article: Path, depth: int
) -> None:
    # 3,000 deep: json's RecursionError escaped as a traceback.
    for args in (["related=" + "[" * depth + "]" * depth], ["--add", "deep=" + "[" * depth + "]" * depth]):
        code, out, err = run(capsys, str(article), *args)
        assert (code, out) == (1, "")
        assert err.endswith(": lists and objects nested more than 100 deep; file unchanged\n")
        assert err.count("\n") == 1
    assert article.read_text() == GOOD


def test_a_value_100_deep_is_written_and_read_back(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, _, err = run(capsys, str(article), "--add", "deep=" + "[" * 100 + "1" + "]" * 100)
    assert code == 0, err
    value: Any = load_article(article).metadata["deep"]
    for _ in range(100):
        (value,) = value
    assert value == 1


@pytest.mark.parametrize(
    ("value", "why"),
    [("2024-02-30", "February 2024 has 29 days"), ("2023-13-01", "the month 13 is out of range (01-12)")],
)
def test_an_impossible_date_says_why_as_the_app_does(
    capsys: pytest.CaptureFixture[str], article: Path, value: str, why: str
) -> None:
    # Issue 22: `set date=2024-02-30` only said "is not a real date"; the form says why.
    before = article.read_bytes()
    code, _, err = run(capsys, str(article), f"date={value}")
    assert code == 1 and f"'{value}' is not a real date: {why}" in err
    assert article.read_bytes() == before


def test_a_status_field_in_jekyll_drafts_is_refused_with_what_publishes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In Jekyll's _drafts/ (status_fixed) a `published` or `status` field changes nothing the
    site builds: `set` says how to publish instead, with or without --add; --force writes it."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(Path(__file__).resolve().parents[1] / "sites" / "jekyll-conference", site)
    assert main(["init", "--detect", str(site)]) == 0
    draft = site / "_drafts" / "sponsor-thanks.md"
    before = draft.read_bytes()
    capsys.readouterr()
    for args in (["published=true"], ["--add", "published=true"], ["status=published"]):
        assert main(["set", str(draft), *args]) == 1
        err = capsys.readouterr().err
        assert "move it to _posts/ to publish it" in err and err.rstrip().endswith("file unchanged")
        assert draft.read_bytes() == before
    assert main(["set", "--force", "--add", str(draft), "published=false"]) == 0
    assert b"\npublished: " in draft.read_bytes()  # (a new field: written as text, as --add does)
