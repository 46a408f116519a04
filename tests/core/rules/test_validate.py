"""`validate_article`: every diagnostic code, with its line, column and field."""

from __future__ import annotations

import textwrap

import pytest

from newsdesk.core.model.problems import Problem
from newsdesk.core.read.reader import parse_article, parse_text
from newsdesk.core.rules.schema import Schema, default_schema, parse_schema
from newsdesk.core.rules.validate import CODES, validate_article

GOOD_BODY = "\n\nJing Shuiqin opened the meeting. Liu Hong spoke.\n"


def check(
    front: str, *, body: str = GOOD_BODY, schema: Schema | None = None, fence: str = "---"
) -> list[Problem]:
    text = f"{fence}\n{textwrap.dedent(front).strip()}\n{fence}{body}"
    return validate_article(parse_text(text, "a.md"), schema or default_schema())


def where(problems: list[Problem], code: str) -> list[tuple[int, int, str | None]]:
    return [(p.line, p.column, p.field) for p in problems if p.code == code]


VALID = "title: Spring meeting\ndate: 2024-02-24\nstatus: draft\n"


def test_valid_article_has_no_problems() -> None:
    assert check(VALID) == []


def test_sample_like_article_is_clean() -> None:
    problems = check(
        """
        title: Spring meeting
        date: 2024-02-24
        status: published
        byline: Ma Bizhuo
        summary: A meeting.
        tags: [employment, graduates]
        language: en
        attendees:
          - name: Liu Hong
            role: President
          - group: heads of departments
        speakers:
          - name: Jing Shuiqin
        """
    )
    assert problems == []


def test_problems_sorted_by_position() -> None:
    problems = check(
        """
        title: 2024
        date: 2024-02-30
        status: nope
        """
    )
    assert [p.sort_key() for p in problems] == sorted(p.sort_key() for p in problems)
    assert [p.code for p in problems] == ["type", "date", "enum"]


# -- required / empty ----------------------------------------------------------------------


def test_required_missing_points_at_front_matter_start() -> None:
    problems = check("status: draft\ndate: 2024-01-01")
    assert where(problems, "required") == [(1, 1, "title")]
    assert "add `title: ...`" in problems[0].message


def test_required_from_status_points_at_status() -> None:
    problems = check(
        """
        title: T
        date: 2024-01-01
        status: review
        """
    )
    assert where(problems, "required") == [(4, 1, "byline")]
    (p,) = problems
    assert "add `byline: ...`" in p.message and "required once status is review" in p.message


def test_required_from_status_not_before_it() -> None:
    assert check("title: T\ndate: 2024-01-01\nstatus: draft") == []


def test_required_from_status_later_statuses() -> None:
    problems = check("title: T\ndate: 2024-01-01\nstatus: published")
    assert sorted(p.field or "" for p in problems if p.code == "required") == ["byline", "summary"]


def test_empty_required_value() -> None:
    problems = check(
        """
        title: "  "
        date: 2024-01-01
        status: draft
        """
    )
    assert where(problems, "empty") == [(2, 1, "title")]
    assert "fill it in" in problems[0].message


def test_empty_optional_value_is_fine() -> None:
    assert check(VALID + "section:\nlocation: ''") == []


def test_required_in_toml_suggests_toml_syntax() -> None:
    problems = check('date = 2024-01-01\nstatus = "draft"', fence="+++")
    assert where(problems, "required") == [(1, 1, "title")]
    assert "title = " in problems[0].message


# -- type / enum / pattern / max-length / min-items ------------------------------------------


def test_type_number_for_text() -> None:
    problems = check(VALID + "section: 2024\n")
    assert where(problems, "type") == [(5, 10, "section")]
    assert 'section: "2024"' in problems[0].message


def test_type_list_expected() -> None:
    problems = check(VALID + "tags: just one\n")
    assert where(problems, "type") == [(5, 7, "tags")]


def test_type_in_toml_list_item() -> None:
    front = 'title = "T"\ndate = 2024-01-01\nstatus = "draft"\n\n[[speakers]]\nname = "Liu Hong"\nrole = 3'
    problems = check(front, fence="+++")
    assert where(problems, "type") == [(8, 8, "speakers[0].role")]


def test_enum_with_suggestion() -> None:
    problems = check("title: T\ndate: 2024-01-01\nstatus: reviewd")
    assert where(problems, "enum") == [(4, 9, "status")]
    assert "did you mean 'review'" in problems[0].message


def test_pattern() -> None:
    problems = check(VALID + "language: English\n")
    assert where(problems, "pattern") == [(5, 11, "language")]


def test_max_length() -> None:
    problems = check(f"title: {'x' * 205}\ndate: 2024-01-01\nstatus: draft")
    assert where(problems, "max-length") == [(2, 8, "title")]
    assert "shorten it by 5" in problems[0].message


def test_min_items() -> None:
    schema = parse_schema('[fields.tags]\ntype = "list"\nmin_items = 2\n')
    problems = check("tags: [one]", schema=schema)
    assert where(problems, "min-items") == [(2, 1, "tags")]


def test_url_type_and_integer_and_boolean() -> None:
    schema = parse_schema(
        '[fields.link]\ntype = "url"\n[fields.weight]\ntype = "integer"\n[fields.draft]\ntype = "boolean"\n'
    )
    problems = check("link: www.example.org\nweight: heavy\ndraft: 'true'", schema=schema)
    assert where(problems, "type") == [(2, 7, "link"), (3, 9, "weight"), (4, 8, "draft")]


def test_object_type() -> None:
    schema = parse_schema('[fields.venue]\ntype = "object"\n[fields.venue.fields.city]\ntype = "string"\n')
    problems = check("venue:\n  city: 12\n  cty: x", schema=schema)
    assert where(problems, "type") == [(3, 9, "venue.city")]
    assert where(problems, "unknown-field") == [(4, 3, "venue.cty")]


# -- dates ---------------------------------------------------------------------------------


def test_impossible_date() -> None:
    problems = check("title: T\ndate: 2024-02-30\nstatus: draft")
    assert where(problems, "date") == [(3, 7, "date")]
    assert "February 2024 has 29 days" in problems[0].message


@pytest.mark.parametrize("value", ["9999-12-32", "'9999-12-32'", "9999-12-32T10:00:00Z"])
def test_impossible_day_in_the_last_year_a_date_can_have(value: str) -> None:
    # Working out December 9999's length once asked for a date in the year 10000 (a crash).
    problems = check(f"title: T\ndate: {value}\nstatus: draft")
    assert where(problems, "date") == [(3, 7, "date")]
    assert "December 9999 has 31 days" in problems[0].message


def test_impossible_month_quoted() -> None:
    problems = check("title: T\ndate: '2024-13-01'\nstatus: draft")
    assert where(problems, "date") == [(3, 7, "date")]
    assert "the month 13 is out of range (01-12)" in problems[0].message


def test_wrong_date_format() -> None:
    problems = check("title: T\ndate: 24/02/2024\nstatus: draft")
    assert where(problems, "date") == [(3, 7, "date")]
    assert "write it as YYYY-MM-DD (e.g. 2024-05-22)" in problems[0].message


def test_single_digit_month() -> None:
    problems = check("title: T\ndate: 2024-2-3\nstatus: draft")
    assert where(problems, "date") == [(3, 7, "date")]
    assert "YYYY-MM-DD" in problems[0].message and "2024-02-03" in problems[0].message


def test_date_accepts_datetime_and_quoted_iso() -> None:
    assert check("title: T\ndate: 2024-02-03 10:00:00\nstatus: draft") == []
    assert check("title: T\ndate: '2024-02-03'\nstatus: draft") == []
    assert check('title = "T"\ndate = 2024-02-03\nstatus = "draft"', fence="+++") == []


def test_date_wrong_type() -> None:
    problems = check("title: T\ndate: 20240203\nstatus: draft")
    assert where(problems, "type") == [(3, 7, "date")]
    assert "must be a date written YYYY-MM-DD" in problems[0].message


def test_datetime_field_with_offset_text() -> None:
    schema = parse_schema('[fields.date]\ntype = "datetime"\n')
    assert check("date: 2023-01-05 09:00:00 -0500", schema=schema) == []
    problems = check("date: 2023-01-05 25:00:00 -0500", schema=schema)
    assert where(problems, "date") == [(2, 7, "date")]


# -- list items ----------------------------------------------------------------------------


def test_required_one_of_names_the_item() -> None:
    problems = check(
        VALID
        + """attendees:
  - name: Liu Hong
  - role: President
"""
    )
    assert where(problems, "required-one-of") == [(7, 5, "attendees[1]")]
    assert "'name' or 'group'" in problems[0].message


def test_sub_field_type_names_the_item_field() -> None:
    problems = check(
        VALID
        + """speakers:
  - name: Jing Shuiqin
  - name: [Liu, Hong]
"""
    )
    assert where(problems, "type") == [(7, 11, "speakers[1].name")]


def test_object_item_that_is_a_string() -> None:
    problems = check(VALID + "speakers:\n  - Jing Shuiqin\n")
    assert where(problems, "type") == [(6, 5, "speakers[0]")]


def test_unknown_sub_field_with_suggestion() -> None:
    problems = check(VALID + "speakers:\n  - name: Jing Shuiqin\n    rol: Dean\n")
    assert where(problems, "unknown-field") == [(7, 5, "speakers[0].rol")]
    assert "did you mean 'role'" in problems[0].message
    assert problems[0].severity == "warning"


def test_duplicate_person() -> None:
    problems = check(VALID + "attendees:\n  - name: Liu Hong\n  - name: liu  HONG\n")
    assert where(problems, "duplicate-person") == [(7, 11, "attendees[1].name")]
    assert "attendees[0]" in problems[0].message


def test_empty_string_list_item() -> None:
    problems = check(VALID + "tags:\n  - a\n  -\n")
    assert where(problems, "empty") == [(7, 4, "tags[1]")]


# -- unknown fields ------------------------------------------------------------------------


@pytest.mark.parametrize(("policy", "severity"), [("warn", "warning"), ("error", "error"), ("allow", None)])
def test_unknown_field_policy(policy: str, severity: str | None) -> None:
    schema = parse_schema(f'[articles]\nunknown_fields = "{policy}"\n[fields.title]\ntype = "string"\n')
    problems = check("title: T\nbyln: x", schema=schema)
    if severity is None:
        assert problems == []
    else:
        assert where(problems, "unknown-field") == [(3, 1, "byln")]
        assert problems[0].severity == severity


def test_unknown_field_suggests_known_name() -> None:
    problems = check(VALID + "bylne: Ma\n")
    assert "did you mean 'byline'" in problems[0].message


# -- YAML 1.1 traps ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("on", "the boolean true"),
        ("no", "the boolean false"),
        ("10:30", "the number 630"),
        ("010", "the number 8"),
    ],
)
def test_ambiguous_value(value: str, shown: str) -> None:
    problems = check(VALID + f"location: {value}\n")
    assert where(problems, "ambiguous-value") == [(5, 11, "location")]
    assert shown in problems[0].message
    assert f'location: "{value}"' in problems[0].message


def test_ambiguous_value_in_sub_field_and_list() -> None:
    problems = check(VALID + "tags: [yes]\nspeakers:\n  - name: Jing Shuiqin\n    topic: off\n")
    assert where(problems, "ambiguous-value") == [(5, 8, "tags[0]"), (8, 12, "speakers[0].topic")]


def test_quoted_values_are_not_ambiguous() -> None:
    assert check(VALID + "location: 'on'\nsection: \"10:30\"\n") == []


def test_ambiguous_enum_value() -> None:
    schema = parse_schema('[fields.answer]\ntype = "enum"\nvalues = ["yes", "no"]\n')
    problems = check("answer: yes", schema=schema)
    assert where(problems, "ambiguous-value") == [(2, 9, "answer")]


# -- speakers ------------------------------------------------------------------------------


def test_speaker_not_in_body_is_a_warning() -> None:
    problems = check(VALID + "speakers:\n  - name: Jing Shuiqin\n  - name: Jing Shuiqn\n")
    assert where(problems, "speaker-not-in-body") == [(7, 11, "speakers[1].name")]
    assert problems[0].severity == "warning"


def test_speaker_match_is_case_insensitive_and_spans_line_breaks() -> None:
    body = "\n\nThe talk by JING\nshuiqin was long.\n"
    assert check(VALID + "speakers:\n  - name: Jing Shuiqin\n", body=body) == []


def test_speaker_check_skipped_for_blank_body() -> None:
    assert check(VALID + "speakers:\n  - name: Jing Shuiqin\n", body="\n") == []


# -- load problems pass through and block schema checks ------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("---\ntitle: [unclosed\n---\n", "yaml-syntax", 3, 1),
        ('+++\ntitle = "x\n+++\n', "toml-syntax", 2, 11),
        ("just text\n", "no-front-matter", 1, 1),
        ("", "no-front-matter", 1, 1),
        ("---\ntitle: T\n", "front-matter-shape", 1, 1),
    ],
)
def test_load_problems_block_schema_checks(text: str, code: str, line: int, column: int) -> None:
    problems = validate_article(parse_text(text, "a.md"), default_schema())
    assert [(p.code, p.line, p.column) for p in problems] == [(code, line, column)]


@pytest.mark.parametrize("text", ["---\n- a\n- b\n---\n", "---\njust a scalar\n---\n"])
def test_a_first_block_that_is_not_a_mapping_is_no_front_matter(text: str) -> None:
    # The reader reads it as body (a warning says why); as an article it has no front matter.
    problems = validate_article(parse_text(text, "a.md"), default_schema())
    assert [(p.code, p.severity, p.line, p.column) for p in problems] == [
        ("no-front-matter", "error", 1, 1),
        ("front-matter-shape", "warning", 2, 1),
    ]


def test_duplicate_key_is_reported_with_schema_checks() -> None:
    problems = check("title: T\ndate: 2024-01-01\nstatus: draft\ntitle: U")
    assert where(problems, "duplicate-key") == [(5, 1, "title")]


def test_encoding_problem_in_body() -> None:
    raw = b"---\ntitle: T\ndate: 2024-01-01\nstatus: draft\n---\nbo\xffdy\n"
    problems = validate_article(parse_article(raw, "a.md"), default_schema())
    assert [(p.code, p.line, p.column) for p in problems] == [("encoding", 6, 3)]


def test_encoding_problem_in_front_matter() -> None:
    raw = b"---\ntitle: T\xff\ndate: 2024-01-01\nstatus: draft\n---\nbody\n"
    problems = validate_article(parse_article(raw, "a.md"), default_schema())
    assert ("encoding", 2, 9) in [(p.code, p.line, p.column) for p in problems]


def test_binary_file() -> None:
    problems = validate_article(parse_article(b"\x00\x01\x02" * 10, "a.md"), default_schema())
    assert [p.code for p in problems] == ["encoding"]


def test_alias_bomb_is_too_complex() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    problems = check("\n".join(lines))
    assert [p.code for p in problems] == ["too-complex"]


def test_every_code_is_documented() -> None:
    # The codes this module can emit are docs/guide.md's table; keep them in step.
    import inspect

    import newsdesk.core.check.batch as batch
    import newsdesk.core.read.reader as reader
    import newsdesk.core.rules.validate as validate

    source = inspect.getsource(validate) + inspect.getsource(batch) + inspect.getsource(reader)
    for code in CODES:
        assert f'"{code}"' in source, code


# -- python-frontmatter's reserved keys, control characters --------------------------------


@pytest.mark.parametrize("key", ["content", "handler"])
def test_keys_python_frontmatter_reserves_are_a_warning(key: str) -> None:
    problems = check(VALID + f"{key}: hi\n")
    reserved = [p for p in problems if p.code == "reserved-key"]
    assert [(p.line, p.column, p.field, p.severity) for p in reserved] == [(5, 1, key, "warning")]
    assert "frontmatter.load()" in reserved[0].message


@pytest.mark.parametrize(
    ("front", "line", "column", "field", "words"),
    [
        # written raw (in TOML/YAML double quotes only escapes can carry them)
        ('title: "Hello \\e[31m red"', 2, 15, "title", "U+001B (ESC)"),
        ('title: "bell \\x07"', 2, 14, "title", "U+0007 (BEL)"),
        ('title: "csi \\u009b"', 2, 13, "title", "U+009B"),
        ("title: a\u202eb", 2, 9, "title", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("title: zero\u200bwidth", 2, 12, "title", "U+200B (ZERO WIDTH SPACE)"),
        ("title: bom\ufeffinside", 2, 11, "title", "U+FEFF (BYTE ORDER MARK)"),
        ('title: "x\\Ly"', 2, 10, "title", "U+2028 (LINE SEPARATOR)"),
        # a tab or line break in a one-line field
        ('title: "tab\\there"', 2, 12, "title", "tab"),
        ("title: |\n  two\n  lines", 2, 8, "title", "line break"),
        ('tags: [ok, "a\\tb"]', 2, 14, "tags[1]", "tab"),
        ('speakers:\n  - name: "Jing\\e Shuiqin"', 3, 16, "speakers[0].name", "ESC"),
        # text fields may hold tabs and line breaks, not other control characters
        ('summary: "one\\ttwo\\n\\e three"', 2, 21, "summary", "ESC"),
    ],
)
def test_control_character(front: str, line: int, column: int, field: str, words: str) -> None:
    rest = ("" if front.startswith("title") else "title: T\n") + "date: 2024-01-01\nstatus: draft\n"
    problems = check(front + "\n" + rest, body="\n\nJing Shuiqin spoke.\n")
    found = [p for p in problems if p.code == "control-character"]
    assert [(p.line, p.column, p.field, p.severity) for p in found] == [(line, column, field, "error")]
    assert words in found[0].message


def test_tabs_and_line_breaks_are_fine_in_text_and_folded_titles() -> None:
    assert check(VALID + 'summary: "one\\ttwo\\nthree"\n') == []
    assert check("title: >\n  A folded\n  title\ndate: 2024-01-01\nstatus: draft\n") == []


def test_control_character_in_toml_escape() -> None:
    problems = check('title = "a\\u001bb"\ndate = 2024-01-01\nstatus = "draft"', fence="+++")
    assert [(p.code, p.line, p.column) for p in problems] == [("control-character", 2, 11)]


def test_guide_codes_table_lists_every_code() -> None:
    import re
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[3] / "docs" / "guide.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Checking articles") :]
    documented = set(re.findall(r"^\| `([a-z-]+)`(?: / `([a-z-]+)`)? \|", section, re.MULTILINE))
    names = {n for pair in documented for n in pair if n}
    assert names == set(CODES)
