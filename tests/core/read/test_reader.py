"""Reading articles: the model, positions, and every kind of broken file."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from newsdesk.core.model.article import Pos
from newsdesk.core.read.reader import HEAD_BYTES, load_article, parse_article, parse_text
from newsdesk.core.rules.roles import DEFAULT_ROLES

view = DEFAULT_ROLES.view  # the typed views of newsdesk's own field names

YAML_ARTICLE = """\
---
# a comment
title: Spring meeting
date: 2022-02-24
status: review
tags: [employment, "2022"]
attendees:
  - name: Wang Weichen
    role: Secretary of the Party Committee
  - group: all graduation-grade counselors
speakers:
  - name: Liu Hong
    topic: four opinions
---
Body text.
"""


def codes(article):
    return [p.code for p in article.problems]


def test_yaml_article_metadata_and_typed_people():
    a = parse_text(YAML_ARTICLE)
    assert a.problems == []
    assert a.format == "yaml"
    assert view(a).title == "Spring meeting"
    assert view(a).date == dt.date(2022, 2, 24)
    assert view(a).status == "review"
    assert view(a).tags == ["employment", "2022"]
    assert [p.label for p in view(a).attendees] == ["Wang Weichen", "all graduation-grade counselors"]
    assert view(a).attendees[0].role == "Secretary of the Party Committee"
    assert view(a).attendees[1].is_group and not view(a).attendees[0].is_group
    assert view(a).speakers[0].topic == "four opinions"
    assert a.body == "Body text.\n"


def test_yaml_positions_of_keys_items_and_subkeys():
    a = parse_text(YAML_ARTICLE)
    assert a.position("title") == Pos(3, 1)
    assert a.value_position("title") == Pos(3, 8)
    assert a.position("tags[1]") == Pos(6, 20)
    assert a.position("attendees") == Pos(7, 1)
    assert a.position("attendees[0].role") == Pos(9, 5)
    assert a.position("attendees[1].group") == Pos(10, 5)
    assert a.position("speakers[0].topic") == Pos(13, 5)
    # unknown paths fall back to the nearest parent, then to the opening line
    assert a.position("speakers[0].missing") == a.position("speakers[0]")
    assert a.position("nope") == Pos(1, 1)
    # spans point at the value's source text
    loc = a.locations["title"]
    assert a.text[loc.start : loc.end] == "Spring meeting"
    assert loc.plain is True
    assert a.locations["tags[1]"].plain is False


def test_toml_article_with_tables_and_positions():
    text = """+++
title = "Lecture"
date = 2022-09-15
tags = ["a", "b"]
speakers = [{ name = "A", role = "Dean" }, { name = "B" }]

[[attendees]]
name = "C"

[[attendees]]
group = "students"
+++
Body
"""
    a = parse_text(text)
    assert a.problems == []
    assert a.format == "toml"
    assert view(a).date == dt.date(2022, 9, 15)
    assert [p.label for p in view(a).attendees] == ["C", "students"]
    assert a.position("title") == Pos(2, 1)
    assert a.position("tags[1]") == Pos(4, 14)
    assert a.position("speakers[1].name") == Pos(5, 46)
    assert a.position("attendees[1]") == Pos(10, 1)
    assert a.position("attendees[1].group") == Pos(11, 1)
    loc = a.locations["speakers[0].role"]
    assert a.text[loc.start : loc.end] == '"Dean"'


def test_bom_crlf_and_body_that_opens_with_a_rule(write):
    raw = b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n---\r\nafter the rule\r\n"
    a = load_article(write("a.md", raw))
    assert a.problems == []
    assert a.bom and a.newline == "\r\n"
    assert a.metadata == {"title": "x"}
    assert a.body == "---\r\nafter the rule\r\n"
    assert a.text.encode() == raw[3:]
    assert a.fingerprint is not None and a.fingerprint.size == len(raw)


def test_body_that_opens_with_a_rule_a_paragraph_and_a_rule():
    # Not front matter: the '---' block holds a paragraph, not keys. It is all body, with a warning.
    text = "---\n\nThe meeting opened at nine.\n\n---\n\nMore text.\n"
    a = parse_text(text)
    assert a.format is None and a.metadata == {}
    assert a.body == text
    assert [(p.code, p.severity, p.line, p.column) for p in a.problems] == [
        ("front-matter-shape", "warning", 3, 1)
    ]
    assert "lines 1-5" in a.problems[0].message and "body" in a.problems[0].message
    listed = parse_text("---\n- one\n- two\n---\nafter\n")
    assert listed.body.startswith("---\n- one") and listed.problems[0].severity == "warning"


@pytest.mark.parametrize(
    ("raw", "line", "column", "char"),
    [
        (b"---\ntitle: ok\nsection: x\nbyline: a\x1bb\n---\n", 4, 10, "U+001B (ESC)"),
        (b"---\ntitle: caf\xc3\xa9 \x07\n---\n", 2, 13, "U+0007 (BEL)"),
        (b"\n---\na: 1\n\x7f: 2\n---\n", 4, 1, "U+007F (DEL)"),
    ],
)
def test_raw_control_character_in_yaml_is_reported_where_it_is(raw, line, column, char):
    a = parse_article(raw, "a.md")
    (problem,) = a.problems
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", line, column)
    assert char in problem.message
    assert "<unicode string>" not in problem.message and "position" not in problem.message


def test_undecodable_byte_in_yaml_is_reported_where_it_is():
    a = parse_article(b"---\ntitle: caf\xe9\n---\n", "a.md")
    assert [(p.code, p.line, p.column) for p in a.problems] == [("encoding", 2, 11), ("yaml-syntax", 2, 11)]
    assert "surrogates" not in a.problems[1].message and "0xE9" in a.problems[1].message


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("date = 2024-13-01", 8, "'date' is 2024-13-01, which is impossible: the month 13 is out of range"),
        ("date = 2024-02-30", 8, "'date' is 2024-02-30, which is impossible: February 2024 has 29 days"),
        ("date = 2024-00-10", 8, "the month 00 is out of range (01-12)"),
        ("when = 2024-01-01T25:00:00", 8, "25:00:00 is not a time of day"),
        ("date = 2024-1-5", 8, "write it as YYYY-MM-DD (2024-01-05)"),
    ],
)
def test_impossible_toml_date_says_why(line, column, message):
    a = parse_text(f"+++\ntitle = 'x'\n{line}\n+++\n")
    (problem,) = a.problems
    assert (problem.code, problem.line, problem.column) == ("toml-syntax", 3, column)
    assert message in problem.message


def test_keys_that_python_frontmatter_post_refuses_are_read():
    a = parse_text("---\ncontent: c\nhandler: h\nmetadata: m\n---\n")
    assert a.metadata == {"content": "c", "handler": "h", "metadata": "m"}


def test_leading_blank_lines_before_front_matter():
    a = parse_text("\n\n---\ntitle: x\n---\nb\n")
    assert a.problems == [] and view(a).title == "x"
    assert a.position("title") == Pos(4, 1)


@pytest.mark.parametrize(
    ("content", "code", "line", "column"),
    [
        (b"", "no-front-matter", 1, 1),
        (b"   \n\n", "no-front-matter", 1, 1),
        (b"# Just markdown\n", "no-front-matter", 1, 1),
        (b"---\ntitle: x\n", "front-matter-shape", 1, 1),
        (b"---\n- a\n- b\n---\n", "front-matter-shape", 2, 1),
        (b"---\njust a string\n---\n", "front-matter-shape", 2, 1),
        (b"---\ntitle: x\ndate: [1, 2\n---\n", "yaml-syntax", 4, 1),
        (b"---\ntitle: x\n  bad: indent\n---\n", "yaml-syntax", 3, 6),
        (b"+++\ntitle = \n+++\n", "toml-syntax", 2, 9),
        (b"+++\ntitle = 'x'\ntitle = 'y'\n+++\n", "toml-syntax", 3, 12),
        (b"---\ntitle: caf\xe9\n---\n", "encoding", 2, 11),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "encoding", 1, 1),
        (b"---\ntitle: a\ntitle: b\n---\n", "duplicate-key", 3, 1),
    ],
)
def test_broken_files_give_problems_not_exceptions(write, content, code, line, column):
    a = load_article(write("broken.md", content))
    assert code in codes(a)
    problem = next(p for p in a.problems if p.code == code)
    assert (problem.line, problem.column) == (line, column)
    assert problem.message


def test_impossible_date_is_kept_as_text_for_validation():
    a = parse_text("---\ndate: 2024-02-30\n---\n")
    assert a.problems == []
    assert a.metadata["date"] == "2024-02-30"
    assert view(a).date is None


def test_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    a = parse_text("---\n" + "\n".join(lines) + "\n---\n")
    assert codes(a) == ["too-complex"]
    assert a.metadata == {}


def test_deep_nesting_is_an_error_not_a_crash():
    deep_yaml = "---\na: " + "[" * 10_000 + "]" * 10_000 + "\n---\n"
    assert codes(parse_text(deep_yaml)) == ["yaml-syntax"]
    deep_toml = "+++\na = " + "[" * 10_000 + "]" * 10_000 + "\n+++\n"
    assert codes(parse_text(deep_toml)) in (["too-complex"], ["toml-syntax"])


def test_fifo_is_skipped_without_opening(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    a = load_article(fifo)  # would block forever if opened
    assert codes(a) == ["not-a-file"]
    assert a.read_only


def test_symlink_loop_and_missing_file(tmp_path):
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop)
    a = load_article(loop)
    assert codes(a) == ["unreadable"]
    assert "symlink loop" in a.problems[0].message
    assert codes(load_article(tmp_path / "missing.md")) == ["unreadable"]


def test_huge_file_reads_only_its_head(write):
    body = b"word " * (2 * 1024 * 1024)
    path = write("huge.md", b"---\ntitle: Big\n---\n" + body)
    a = load_article(path, max_bytes=1024 * 1024)
    assert codes(a) == ["too-large"]
    assert view(a).title == "Big"
    assert a.read_only
    assert len(a.text) <= HEAD_BYTES


def test_bad_utf8_in_body_keeps_metadata_and_round_trips(write):
    raw = b"---\ntitle: ok\n---\nbad \xff byte\n"
    a = load_article(write("a.md", raw))
    assert codes(a) == ["encoding"]
    assert a.problems[0].line == 4
    assert view(a).title == "ok"
    assert a.text.encode("utf-8", "surrogateescape") == raw


def test_parse_article_from_bytes_matches_load(write):
    raw = YAML_ARTICLE.encode()
    assert parse_article(raw).metadata == load_article(write("x.md", raw)).metadata


def test_every_bundled_article_reads_cleanly():
    folder = Path(__file__).resolve().parents[3] / "articles"
    paths = sorted(folder.glob("*.md"))
    assert len(paths) >= 10
    for path in paths:
        a = load_article(path)
        assert a.problems == [], path
        assert view(a).title and view(a).date and view(a).status, path
        for key in a.metadata:
            loc = a.locations[key]
            line = a.text.splitlines()[loc.key.line - 1]
            assert line[loc.key.column - 1 :].lstrip("[").startswith(key), (path, key)


def test_realworld_articles_read_with_positions(realworld_folder):
    paths = sorted(realworld_folder.rglob("*.md"))
    assert len(paths) >= 90
    for path in paths:
        a = load_article(path)
        assert a.problems == [], path
        assert view(a).title, path
        for key in a.metadata:
            line = a.text.splitlines()[a.position(key).line - 1]
            assert line.startswith(key), (path, key)


# -- lone-CR (old Mac) line ends (issue 25) ---------------------------------------------------


@pytest.mark.parametrize("fence", ["---", "+++"])
def test_lone_cr_front_matter_is_read_as_front_matter_and_never_edited(write, fence):
    sep = ":" if fence == "---" else " ="
    raw = f"{fence}\rtitle{sep} 'Old'\rdate{sep} 2022-01-01\r{fence}\rBody one.\rBody two.\r"
    a = load_article(write("mac.md", raw.encode()))
    # Before: no front matter at all, and `set` put a second block in front of this one.
    assert a.format == ("yaml" if fence == "---" else "toml")
    assert a.metadata["title"] == "Old" and str(a.metadata["date"]) == "2022-01-01"
    assert a.body == "Body one.\nBody two.\n"
    assert a.position("date") == Pos(3, 1)
    assert a.read_only
    assert [(p.code, p.line, p.column, p.severity) for p in a.problems] == [("line-ends", 1, 4, "error")]
    assert "lone CR" in a.problems[0].message


def test_lone_cr_without_front_matter_is_never_edited(write):
    a = load_article(write("mac.md", b"Just text.\rMore.\r"))
    assert a.format is None and a.read_only
    assert codes(a) == ["line-ends", "no-front-matter"]


@pytest.mark.parametrize(
    "raw",
    [
        b"---\r\ntitle: x\r\n---\r\nBody\rwith a stray CR\r\n",
        b"---\ntitle: x\n---\nBody\r",
        b"---\ntitle: 'a\rb'\n---\n",
    ],
)
def test_crlf_and_a_later_stray_cr_are_not_lone_cr_files(write, raw):
    a = load_article(write("x.md", raw))
    assert not a.read_only and "line-ends" not in codes(a) and "title" in a.metadata
