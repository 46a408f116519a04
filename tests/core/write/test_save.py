"""Saving: exact splices on tricky front matter, atomic writes, conflicts, and refusals."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from newsdesk.core.read.reader import load_article, parse_text
from newsdesk.core.rules.schema import FieldSpec
from newsdesk.core.rules.values import parse_cli_value
from newsdesk.core.write import disk as disk_mod
from newsdesk.core.write.disk import atomic_write, check_conflict
from newsdesk.core.write.save import UNSET, ConflictError, SaveError, create, render, save
from newsdesk.core.write.splice import parse_path

YAML = """\
---
# leading comment
title: Old title   # trailing comment
date: 2022-02-24
status: 'draft'
tags: [one, two, "three"]

# a comment between keys
summary: >-
  Folded text that
  goes on.
attendees:
  - name: Ann
    role: Chair
  # a group
  - group: staff
notes: |
  line one
  line two
---
Body *stays*.
"""

TOML = """\
+++
title = "Old title"  # comment
date = 2022-02-24
tags = ['one', 'two']

[[speakers]]
name = "Ann"
role = "Chair"

[[speakers]]
name = "Bob"
role = "Dean"

[venue]
city = "Oslo"
+++
Body.
"""


def _render(text: str, changes: dict[str, object], **kw: object) -> str:
    article = parse_text(text)
    out = render(article, changes, **kw)  # type: ignore[arg-type]
    return out


def _replace_line(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1
    return text.replace(old, new)


# -- YAML splices ------------------------------------------------------------------------------


def test_yaml_scalar_edit_keeps_comment_and_spacing() -> None:
    out = _render(YAML, {"title": "New title"})
    assert out == _replace_line(YAML, "title: Old title   #", "title: New title   #")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("yes", '"yes"'),
        ("no", '"no"'),
        ("on", '"on"'),
        ("10:30", '"10:30"'),
        ("null", '"null"'),
        ("@handle", '"@handle"'),
        ("*star", '"*star"'),
        ("a: b", '"a: b"'),
        ("x #y", '"x #y"'),
        ("123", '"123"'),
        ("1.5", '"1.5"'),
        ("~", '"~"'),
        ("", '""'),
        (" pad", '" pad"'),
        ("plain words, fine", "plain words, fine"),
        ("it's", "it's"),
        ('say "hi"', 'say "hi"'),
        ('"q" start', "'\"q\" start'"),
        ("- dash", '"- dash"'),
        ("true", '"true"'),
        ("0o17", '"0o17"'),
    ],
)
def test_yaml_strings_quoted_only_when_needed(value: str, written: str) -> None:
    out = _render(YAML, {"title": value})
    assert out == _replace_line(YAML, "title: Old title", f"title: {written}")
    assert parse_text(out).metadata["title"] == value


def test_yaml_quoted_value_keeps_its_quote_style() -> None:
    out = _render(YAML, {"status": "review"})
    assert out == _replace_line(YAML, "status: 'draft'", "status: 'review'")


def test_yaml_date_written_as_iso_date() -> None:
    out = _render(YAML, {"date": dt.date(2023, 1, 5)})
    assert out == _replace_line(YAML, "date: 2022-02-24", "date: 2023-01-05")


def test_yaml_flow_list_stays_flow() -> None:
    # An append leaves the existing items' text (the quotes around "three") alone.
    out = _render(YAML, {"tags": ["one", "two", "three", "four: 4"]})
    assert out == _replace_line(YAML, 'tags: [one, two, "three"]', 'tags: [one, two, "three", "four: 4"]')
    out = _render(YAML, {"tags": ["one", "three"]})
    assert out == _replace_line(YAML, 'tags: [one, two, "three"]', "tags: [one, three]")


def test_yaml_folded_block_stays_folded() -> None:
    out = _render(YAML, {"summary": "Short."})
    assert out == _replace_line(YAML, "  Folded text that\n  goes on.\n", "  Short.\n")


def test_yaml_literal_block_edit() -> None:
    out = _render(YAML, {"notes": "first\nsecond\n"})
    assert out == _replace_line(YAML, "  line one\n  line two\n", "  first\n  second\n")


def test_yaml_list_item_key_edit_changes_one_line() -> None:
    out = _render(YAML, {"attendees[0].role": "Secretary"})
    assert out == _replace_line(YAML, "    role: Chair", "    role: Secretary")


def test_yaml_remove_and_add_fields() -> None:
    out = _render(YAML, {"date": UNSET, "byline": "A. Writer"})
    expected = _replace_line(YAML, "date: 2022-02-24\n", "")
    expected = _replace_line(expected, "  line two\n---", "  line two\nbyline: A. Writer\n---")
    assert out == expected


def test_yaml_new_field_goes_where_schema_order_says() -> None:
    out = _render(YAML, {"byline": "A. Writer"}, order=["title", "date", "byline", "status"])
    assert out == _replace_line(YAML, "date: 2022-02-24\n", "date: 2022-02-24\nbyline: A. Writer\n")


def test_yaml_list_items_added_and_removed() -> None:
    out = _render(YAML, {"attendees[2]": {"name": "Cy", "role": "yes"}})
    assert out == _replace_line(
        YAML, "  - group: staff\n", '  - group: staff\n  - name: Cy\n    role: "yes"\n'
    )
    out = _render(YAML, {"attendees[0]": UNSET})
    assert out == _replace_line(YAML, "  - name: Ann\n    role: Chair\n", "")


def test_yaml_crlf_bom_and_no_final_newline(tmp_path: Path) -> None:
    text = "---\r\ntitle: A\r\n# c\r\ntags:\r\n  - x\r\n---\r\nbody without newline"
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    article = load_article(path)
    saved = save(article, {"title": "B", "tags[1]": "z", "byline": "on"})
    assert path.read_bytes() == b"\xef\xbb\xbf" + (
        b'---\r\ntitle: B\r\n# c\r\ntags:\r\n  - x\r\n  - z\r\nbyline: "on"\r\n---\r\nbody without newline'
    )
    assert saved.metadata == {"title": "B", "tags": ["x", "z"], "byline": "on"}


def test_yaml_non_ascii_offsets() -> None:
    text = "---\ntitle: Ünïcødé 😀 title\nbyline: Zoë\n---\nBody\n"
    out = _render(text, {"byline": "Zoë Ä"})
    assert out == "---\ntitle: Ünïcødé 😀 title\nbyline: Zoë Ä\n---\nBody\n"


def test_yaml_empty_value_gets_a_space() -> None:
    out = _render("---\nkicker: \ntitle: x\n---\n", {"kicker": "Now"})
    assert out == "---\nkicker: Now \ntitle: x\n---\n"


def test_yaml_multiline_string_as_literal_block() -> None:
    out = _render("---\ntitle: x\nsummary: one line\n---\n", {"summary": "a\nb"})
    assert out == "---\ntitle: x\nsummary: |-\n  a\n  b\n---\n"


def test_add_front_matter_to_file_without_it() -> None:
    out = _render("Just a body.\n", {"title": "T"})
    assert out == "---\ntitle: T\n---\nJust a body.\n"


# -- TOML splices ------------------------------------------------------------------------------


def test_toml_scalar_edit_keeps_comment() -> None:
    out = _render(TOML, {"title": "New"})
    assert out == _replace_line(TOML, 'title = "Old title"  #', 'title = "New"  #')


def test_toml_literal_strings_stay_literal() -> None:
    # An item of a one-line array is replaced in place, in its own quote style.
    out = _render(TOML, {"tags[1]": "zwei"})
    assert out == _replace_line(TOML, "tags = ['one', 'two']", "tags = ['one', 'zwei']")
    out = _render(TOML, {"tags": ["one", "two", "drei"]})
    assert out == _replace_line(TOML, "tags = ['one', 'two']", "tags = ['one', 'two', \"drei\"]")


def test_toml_array_of_tables_item_edit_changes_one_line() -> None:
    out = _render(TOML, {"speakers[1].role": "Provost"})
    assert out == _replace_line(TOML, 'role = "Dean"', 'role = "Provost"')


def test_toml_new_top_level_key_goes_before_tables() -> None:
    out = _render(TOML, {"byline": "A"})
    assert out == _replace_line(TOML, "tags = ['one', 'two']\n", "tags = ['one', 'two']\nbyline = \"A\"\n")


def test_toml_table_key_edit_and_removals() -> None:
    out = _render(TOML, {"venue.city": "Bergen"})
    assert out == _replace_line(TOML, 'city = "Oslo"', 'city = "Bergen"')
    out = _render(TOML, {"speakers[0]": UNSET})
    assert out == _replace_line(TOML, '[[speakers]]\nname = "Ann"\nrole = "Chair"\n\n', "")
    out = _render(TOML, {"date": UNSET})
    assert out == _replace_line(TOML, "date = 2022-02-24\n", "")


def test_toml_date_stays_a_date() -> None:
    out = _render(TOML, {"date": dt.date(2023, 1, 5)})
    assert out == _replace_line(TOML, "date = 2022-02-24", "date = 2023-01-05")


def test_toml_null_is_refused() -> None:
    with pytest.raises(SaveError):
        _render(TOML, {"title": None})


# -- refusals and safety net -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["---\ntitle: [unclosed\n---\n", "---\n- a list\n---\n", "---\ntitle: x\n", "+++\ntitle = \n+++\n"],
)
def test_broken_front_matter_is_never_saved(text: str) -> None:
    with pytest.raises(SaveError, match="cannot be edited"):
        _render(text, {"title": "x"})


def test_read_only_article_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_text("---\ntitle: x\n---\n" + "b" * 200)
    article = load_article(path, max_bytes=100)
    with pytest.raises(SaveError, match="cannot be edited"):
        save(article, {"title": "y"})


def test_safety_net_refuses_when_values_would_read_back_differently(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.core.write import yaml_edit

    monkeypatch.setattr(yaml_edit, "scalar_text", lambda value, **kw: "yes")
    with pytest.raises(SaveError, match="read back differently"):
        _render("---\ntitle: x\ncount: 1\n---\n", {"count": 2})


def test_alias_edit_is_refused_rather_than_changing_the_other_field() -> None:
    text = "---\nbase: &b shared\ncopy: *b\nother: x\n---\n"
    with pytest.raises(SaveError, match="anchor"):
        _render(text, {"copy": "own"})
    assert parse_text(_render(text, {"other": "y"})).metadata == {
        "base": "shared",
        "copy": "shared",
        "other": "y",
    }


def test_unknown_list_index_is_an_error() -> None:
    with pytest.raises(SaveError, match="no item 5"):
        _render(YAML, {"attendees[5].role": "x"})


def test_parse_path() -> None:
    assert parse_path("attendees[1].role") == ("attendees", 1, "role")
    assert parse_path("a.b") == ("a", "b")
    assert parse_path("a.b", {"a.b": 1}) == ("a.b",)
    for bad in ("", "[1]", "a..b", "a.", "a[x]", ".a"):
        with pytest.raises(ValueError):
            parse_path(bad)


# -- no-op saves, conflicts --------------------------------------------------------------------


def test_same_value_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(YAML)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    article = load_article(path)
    assert save(article, {"title": "Old title", "status": "draft"}) is article
    assert save(article, {}) is article
    assert os.stat(path).st_mtime_ns == 1_000_000_000


def test_changed_file_is_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(YAML)
    article = load_article(path)
    path.write_text(YAML.replace("Body", "Other body"))
    with pytest.raises(ConflictError, match="changed on disk"):
        save(article, {"title": "New"})
    assert "Other body" in path.read_text()
    saved = save(article, {"title": "New"}, force=True)
    assert saved.metadata["title"] == "New" and "Body *stays*" in path.read_text()


def test_an_article_read_without_a_digest_is_never_saved_from(tmp_path: Path) -> None:
    """`load_article(digest=False)` (validate, the folder scan) leaves the SHA-256 empty: a save
    from such an article, by mistake, finds the file "changed on disk" and writes nothing."""
    path = tmp_path / "a.md"
    path.write_text(YAML)
    article = load_article(path, digest=False)
    assert article.fingerprint is not None and article.fingerprint.sha256 == ""
    with pytest.raises(ConflictError, match="changed on disk"):
        save(article, {"title": "New"})
    assert path.read_text() == YAML


def test_deleted_file_is_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(YAML)
    article = load_article(path)
    path.unlink()
    with pytest.raises(ConflictError, match="deleted"):
        save(article, {"title": "New"})
    assert not path.exists()


def test_touched_but_unchanged_file_is_no_conflict(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(YAML)
    article = load_article(path)
    os.utime(path, ns=(5_000_000_000, 5_000_000_000))
    check_conflict(article)
    assert save(article, {"title": "New"}).metadata["title"] == "New"


def test_in_memory_article_cannot_be_checked() -> None:
    with pytest.raises(ConflictError):
        check_conflict(parse_text(YAML))


# -- atomic writes -----------------------------------------------------------------------------


def test_mode_bits_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(YAML)
    path.chmod(0o640)
    save(load_article(path), {"title": "New"})
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_symlink_stays_a_link_and_target_is_updated(tmp_path: Path) -> None:
    real = tmp_path / "real" / "a.md"
    real.parent.mkdir()
    real.write_text(YAML)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    save(load_article(link), {"title": "Through link"})
    assert link.is_symlink()
    assert "title: Through link" in real.read_text()


def test_failed_write_leaves_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_text(YAML)
    article = load_article(path)

    def boom(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(disk_mod.os, "fsync", boom)
    with pytest.raises(SaveError, match="disk is full"):
        save(article, {"title": "New"})
    assert path.read_text() == YAML
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root ignores permissions")
def test_read_only_folder_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "a.md"
    path.write_text(YAML)
    article = load_article(path)
    folder.chmod(0o555)
    try:
        with pytest.raises(SaveError, match="permission denied"):
            save(article, {"title": "New"})
        assert path.read_text() == YAML
    finally:
        folder.chmod(0o755)


def test_atomic_write_replace_failure_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")

    def fail(src: str, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(disk_mod.os, "replace", fail)
    with pytest.raises(SaveError, match="permission denied"):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


# -- create ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "toml"])
def test_create_new_article_and_refuse_overwrite(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "new.md"
    meta = {"title": "yes", "date": dt.date(2024, 1, 2), "tags": ["a", "b"], "speakers": [{"name": "A"}]}
    article = create(path, meta, "Body\n", fmt)  # type: ignore[arg-type]
    assert article.metadata == meta and article.body == "Body\n" and article.format == fmt
    before = path.read_bytes()
    with pytest.raises(SaveError, match="already exists"):
        create(path, {"title": "other"}, "Other\n", fmt)  # type: ignore[arg-type]
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["new.md"]  # no temporary file left behind


# -- command-line values -----------------------------------------------------------------------


def test_parse_cli_value_by_type() -> None:
    assert parse_cli_value(FieldSpec("d", type="date"), "2022-02-24") == dt.date(2022, 2, 24)
    assert parse_cli_value(FieldSpec("t", type="list"), '["a","b"]') == ["a", "b"]
    assert parse_cli_value(FieldSpec("n", type="integer"), "12") == 12
    assert parse_cli_value(FieldSpec("b", type="boolean"), "yes") is True
    assert parse_cli_value(FieldSpec("s", type="string"), "yes") == "yes"
    assert parse_cli_value(None, "yes") == "yes"
    assert parse_cli_value(None, '["x"]') == ["x"]
    for spec, raw in [
        (FieldSpec("d", type="date"), "24/02/2022"),
        (FieldSpec("d", type="date"), "2022-02-30"),
        (FieldSpec("t", type="list"), "a,b"),
        (FieldSpec("t", type="list", items="string"), "[1]"),
        (FieldSpec("n", type="integer"), "x"),
        (FieldSpec("e", type="enum", values=("a", "b")), "c"),
        (FieldSpec("o", type="object"), "[]"),
    ]:
        with pytest.raises(ValueError):
            parse_cli_value(spec, raw)
