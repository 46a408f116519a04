"""Body edits through the one saving path: one atomic write with the front matter, CRLF kept, only
the changed body lines change, and `check_save` (would this save be refused?)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.core.model.body import merge_lines, split_lines
from newsdesk.core.read.reader import load_article, parse_text
from newsdesk.core.rules.editcheck import check_new, check_save, differences, top_field
from newsdesk.core.rules.schema import default_schema
from newsdesk.core.write.save import SaveError, render, render_metadata, write_text

CRLF = "---\r\ntitle: A\r\ndate: 2024-01-02\r\nstatus: draft\r\n# keep me\r\n---\r\nOne.\r\n\r\nTwo.\r\nThree.\r\n"


def test_textarea_style_text_gives_back_the_original() -> None:
    original = "a\r\nb\r\n\r\nc"
    assert merge_lines(original, "a\nb\n\nc", "\r\n") == original
    assert merge_lines(original, original, "\r\n") == original


def test_only_the_changed_line_changes_in_a_crlf_body() -> None:
    article = parse_text(CRLF)
    text = render_metadata(article, article.metadata, body="One.\n\nTwo, edited.\nThree.\n")
    assert text == CRLF.replace("Two.", "Two, edited.")


def test_new_lines_take_the_file_newline_and_others_keep_theirs() -> None:
    original = "a\r\nb\nc\fd"  # mixed endings and a form feed (a text area splits on it)
    assert merge_lines(original, "a\nb\nX\nc\nd", "\r\n") == "a\r\nb\r\nX\r\nc\fd"
    assert merge_lines("a\nb", "a\nb\n") == "a\nb\n"  # a final newline added
    assert merge_lines("a\nb\n", "a\nb") == "a\nb"  # and taken away


def test_body_and_front_matter_change_in_one_render() -> None:
    article = parse_text(CRLF)
    meta = dict(article.metadata, title="B")
    text = render_metadata(article, meta, body="One.\n\nTwo.\nThree.\nFour.\n")
    assert text == CRLF.replace("title: A", "title: B") + "Four.\r\n"


def test_body_edit_keeps_the_rest_of_a_toml_file() -> None:
    source = '+++\ntitle = "T"  # c\n+++\nHello\nWorld\n'
    article = parse_text(source)
    assert render(article, {}, body="Hello\nthere\n") == '+++\ntitle = "T"  # c\n+++\nHello\nthere\n'


def test_unchanged_body_and_values_render_the_same_text() -> None:
    article = parse_text(CRLF)
    assert render_metadata(article, article.metadata, body=article.body.replace("\r\n", "\n")) == CRLF


def test_the_read_back_net_covers_the_body() -> None:
    from newsdesk.core.write.save import _verify

    article = parse_text("---\ntitle: A\n---\nBody\n")
    with pytest.raises(SaveError, match="body would change"):
        _verify(article, "---\ntitle: A\n---\nOther\n", article.metadata, "Body\n")
    # A body that looks like front matter still reads back as the body.
    text = render_metadata(article, article.metadata, body="---\nb: 1\n---\n")
    assert parse_text(text).body == "---\nb: 1\n---\n" and parse_text(text).metadata == {"title": "A"}


def test_write_body_is_one_atomic_write(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(CRLF.encode())
    article = load_article(path)
    text = render_metadata(article, dict(article.metadata, status="review"), body="One.\n\nTwo.\nThree!\n")
    saved = write_text(article, text)
    data = path.read_bytes()
    assert data == CRLF.replace("status: draft", "status: review").replace("Three.", "Three!").encode()
    assert saved.body == "One.\r\n\r\nTwo.\r\nThree!\r\n"
    assert list(tmp_path.iterdir()) == [path]


@given(
    st.lists(st.text(alphabet="ab \t\f", max_size=4), max_size=6),
    st.lists(st.sampled_from(["\n", "\r\n", "\r"]), max_size=6),
    st.lists(st.text(alphabet="abc", max_size=3), max_size=6),
)
def test_merge_reads_back_as_the_edited_lines(lines: list[str], ends: list[str], edited: list[str]) -> None:
    original = "".join(line + (ends[i] if i < len(ends) else "\n") for i, line in enumerate(lines))
    orig_lines, _ = split_lines(original)
    # Untouched text (as a text area gives it back: one newline style) is the original.
    assert merge_lines(original, "\n".join(orig_lines), "\r\n") == original
    # An edit reads back as exactly the edited lines.
    new_text = "\n".join(edited)
    merged = merge_lines(original, new_text, "\r\n")
    assert split_lines(merged)[0] == split_lines(new_text)[0]


# -- would this save be refused? -----------------------------------------------------------------


def test_check_save_refuses_errors_and_allows_warnings() -> None:
    schema = default_schema()
    article = parse_text("---\ntitle: T\ndate: 2024-01-01\nstatus: draft\nfoo: 1\n---\nBody\n")
    ok = check_save(article, dict(article.metadata, title="New"), None, schema)
    assert not ok.refused and ok.text is not None and "title: New" in ok.text
    assert [p.code for p in ok.warnings] == ["unknown-field"]
    meta = dict(article.metadata)
    del meta["title"]
    refused = check_save(article, meta, None, schema)
    assert refused.refused and [p.field for p in refused.errors] == ["title"]


def test_required_from_a_status_on() -> None:
    schema = default_schema()
    article = parse_text("---\ntitle: T\ndate: 2024-01-01\nstatus: draft\nbyline: B\n---\nBody\n")
    assert not check_save(article, article.metadata, None, schema).refused
    approved = check_save(article, dict(article.metadata, status="approved"), None, schema)
    assert approved.refused
    assert [(p.code, p.field) for p in approved.errors] == [("required", "summary")]


def test_item_level_errors_carry_their_path() -> None:
    schema = default_schema()
    article = parse_text("---\ntitle: T\ndate: 2024-01-01\nstatus: draft\n---\nBody Ann\n")
    meta = dict(article.metadata, speakers=[{"name": "Ann"}, {"role": "Dean"}])
    check = check_save(article, meta, "Body Ann\n", schema)
    assert [p.field for p in check.errors] == ["speakers[1]"]
    assert top_field("speakers[1].name") == "speakers" and top_field("title") == "title"


def test_check_save_reports_a_broken_article_as_refused() -> None:
    article = parse_text("---\ntitle: [x\n---\n")
    check = check_save(article, {"title": "y"}, None, default_schema())
    assert check.refused and check.text is None and check.problems[0].code == "save"


def test_check_new_article() -> None:
    schema = default_schema()
    article = parse_text("", "/tmp/new.md")
    meta = {"title": "T", "date": dt.date(2024, 1, 1), "status": "draft"}
    check = check_new(article, meta, "Hello\n", "yaml", schema)
    assert not check.refused and check.text == "---\ntitle: T\ndate: 2024-01-01\nstatus: draft\n---\nHello\n"
    assert check_new(article, {"date": dt.date(2024, 1, 1)}, "", "toml", schema).refused


def test_differences_per_field_and_body() -> None:
    fields, body = differences(
        {"title": "A", "tags": ["x"]}, {"title": "B", "tags": ["x"], "new": 1}, "a\nb\n", "a\nc\n"
    )
    assert (fields[0].field, fields[0].theirs, fields[0].mine) == ("title", "A", "B")
    assert [d.field for d in fields] == ["title", "new"]
    assert "-b" in body and "+c" in body


def test_errors_already_in_the_file_do_not_block_unrelated_edits() -> None:
    schema = default_schema()
    article = parse_text("---\ntitle: T\ndate: 2024-01-01\nstatus: in-progress\n---\nBody\n")
    unrelated = check_save(article, dict(article.metadata, title="New"), None, schema)
    assert not unrelated.refused
    assert [(p.code, p.field) for p in unrelated.already] == [("enum", "status")]
    # Touching the field makes its error the editor's.
    touched = check_save(article, dict(article.metadata, status="in progress"), None, schema)
    assert touched.refused and [p.field for p in touched.blocking] == ["status"]
    # A new error blocks even while an old one is left alone.
    meta = dict(article.metadata)
    del meta["title"]
    both = check_save(article, meta, None, schema)
    assert [p.field for p in both.blocking] == ["title"] and [p.field for p in both.already] == ["status"]
