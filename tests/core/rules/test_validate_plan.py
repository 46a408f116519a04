"""The quick paths of `validate_article` (issue 23) give exactly what the general walk gives.

`_Checker.fields_clean` (a `field_plan` per schema) and `_Checker.mapping_clean` pass values of
the expected plain type without the general walk, which then runs only when something may be
reported; `_CLEAN_DATE` passes common dates in `_Checker.date`; `may_hold_control` and the
conflict-marker look (`_may_hold_markers`) take fewer passes over the text. Each is compared here
with the general path (or the expression it replaces): any difference fails.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import textwrap
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsdesk.core.model.dates import DATE_TEXT, DATETIME_TEXT, impossible_date, impossible_time
from newsdesk.core.model.problems import Problem
from newsdesk.core.read.reader import parse_text
from newsdesk.core.rules import validate
from newsdesk.core.rules.schema import Schema, default_schema, parse_schema
from newsdesk.core.rules.validate import field_plan, may_hold_control, validate_article

SCHEMA_TOML = """
[articles]
format = "yaml"
unknown_fields = "warn"

[fields.title]
type = "string"
required = true

[fields.status]
type = "enum"
values = ["draft", "review", "approved", "published", "yes", "10"]
required = true

[fields.byline]
type = "string"
required = "review"

[fields.subtitle]
type = "string"
max_length = 12

[fields.lang]
type = "string"
pattern = "^[a-z]{2}$"

[fields.summary]
type = "text"
required = "approved"

[fields.link]
type = "url"

[fields.short_link]
type = "url"
max_length = 24

[fields.date]
type = "date"
required = true

[fields.when]
type = "datetime"

[fields.count]
type = "integer"

[fields.score]
type = "number"

[fields.flag]
type = "boolean"

[fields.permalink]
type = "string"
allow_false = true

[fields.tags]
type = "list"
items = "string"

[fields.topics]
type = "list"
items = "string"
required = "review"

[fields.keywords]
type = "list"
items = "string"
min_items = 2

[fields.names]
type = "string_or_list"

[fields.place]
type = "object"

[fields.place.fields.name]
type = "string"
required = true

[fields.place.fields.lat]
type = "number"

[fields.attendees]
type = "list"
items = "object"
required_one_of = [["name", "group"]]

[fields.attendees.fields.name]
type = "string"

[fields.attendees.fields.group]
type = "string"

[fields.attendees.fields.role]
type = "text"

[fields.related]
type = "list"
items = "object"

[fields.related.fields.title]
type = "string"

[fields.related.fields.url]
type = "url"
required = true

[fields.related.fields.day]
type = "date"
"""

ALLOW_TOML = SCHEMA_TOML.replace('unknown_fields = "warn"', 'unknown_fields = "allow"')


@pytest.fixture(scope="module")
def schema() -> Schema:
    return parse_schema(SCHEMA_TOML)


_SCHEMA = parse_schema(SCHEMA_TOML)
_ALLOW = parse_schema(ALLOW_TOML)
_DEFAULT = default_schema()


def _never(*_args: object) -> bool:
    return False


@contextlib.contextmanager
def general_only() -> Iterator[None]:
    """`validate_article` as it was before the quick paths: the general walk for every field."""
    with (
        mock.patch.object(validate._Checker, "fields_clean", _never),
        mock.patch.object(validate._Checker, "mapping_clean", _never),
    ):
        yield


def both(text: str, schema: Schema) -> tuple[list[Problem], list[Problem]]:
    """The problems of ``text`` by the quick paths and by the general walk (each from its own read,
    as validate reads them: without positions until something is wrong)."""
    quick = validate_article(parse_text(text, "a.md", locations=False), schema)
    with general_only():
        general = validate_article(parse_text(text, "a.md", locations=False), schema)
    return quick, general


def assert_same(text: str, schema: Schema = _SCHEMA) -> list[Problem]:
    quick, general = both(text, schema)
    assert quick == general, text
    return quick


def article(meta: dict[str, Any]) -> str:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{front}---\nBody text.\n"


# -- values ------------------------------------------------------------------------------------

TEXTS = [
    "",
    " ",
    "\t",
    "\n",
    "news",
    "draft",
    "Draft",
    "yes",
    "10",
    "en",
    "english",
    "a very long subtitle indeed",
    "https://example.org/a",
    "http://x",
    "HTTPS://EXAMPLE.ORG",
    "https://",
    "ftp://example.org",
    "www.example.org",
    "/relative/path",
    " https://example.org ",
    "https://example.org/a very long address",
    "a\x1bb",
    "tab\there",
    "line\nbreak",
    "zero\u200bwidth",
]

DATE_TEXTS = [
    "2024-05-22",
    "2024-02-29",
    "2023-02-29",
    "2024-02-30",
    "2024-04-31",
    "2024-12-31",
    "2024-13-01",
    "2024-00-10",
    "2024-01-00",
    "0000-01-01",
    "0001-01-01",
    "2024-5-22",
    "2024-05-2",
    " 2024-05-22",
    "2024-05-22 ",
    "２０２４-05-22",
    "2024-05-22T14:30",
    "2024-05-22t14:30:00Z",
    "2024-05-22 14:30:00 -0500",
    "2024-05-22 14:30:00.123+02:00",
    "2024-05-22\t\t9:05:07z",
    "2024-05-22 24:00",
    "2024-05-22 23:60",
    "2024-05-22 23:59:60",
    "2024-05-22T1:00",
    "2024-05-22T123:00",
    "2024-05-22 14:30 +2",
    "2024-05-22 14:30 +05:3",
    "2024-05-22T14:30:00+0530 ",
    "20240522",
    "2024-W21-3",
    "22 May 2024",
]


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    """Text shaped like a date or date-time, often right, often wrong in one part."""
    num = lambda lo, hi, widths: st.builds(  # noqa: E731
        lambda n, w: str(n).zfill(w), st.integers(lo, hi), st.sampled_from(widths)
    )
    # (Not the year 9999: `impossible_date` fails on 9999-12-32, in the general check too.)
    year = draw(num(0, 10000, [4, 4, 4, 3, 5]).filter(lambda y: y != "9999"))
    text = f"{year}-{draw(num(0, 13, [2, 2, 1]))}-{draw(num(0, 32, [2, 2, 1]))}"
    if draw(st.booleans()):
        text += draw(st.sampled_from(["T", "t", " ", "\t", "  ", "x", ""]))
        text += f"{draw(num(0, 25, [2, 2, 1]))}:{draw(num(0, 61, [2, 2, 1]))}"
        if draw(st.booleans()):
            text += f":{draw(num(0, 61, [2, 2, 1]))}"
            if draw(st.booleans()):
                text += "." + draw(st.text("0123456789", min_size=0, max_size=4))
        text += draw(
            st.sampled_from(["", " ", "Z", "z", "+02:00", "-0500", " -0500", "+2", "+05:3", "+1234", "UTC"])
        )
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", "", " ", "\n"]))


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5) | st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from(TEXTS),
    st.sampled_from(DATE_TEXTS),
    date_texts(),
    st.text(max_size=8),
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(dt.UTC)),
)
KEYS = ["name", "group", "role", "title", "url", "day", "lat", "x", "1"]
values = st.recursive(
    scalars,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.sampled_from(KEYS), kids, max_size=4),
    max_leaves=8,
)

#: For each field, values of the kind it expects (mostly right, so the quick path is taken).
TYPICAL: dict[str, st.SearchStrategy[Any]] = {
    "title": st.text(max_size=20),
    "status": st.sampled_from(["draft", "review", "approved", "published", "Published", ""]),
    "byline": st.text(max_size=10),
    "subtitle": st.text(max_size=16),
    "lang": st.sampled_from(["en", "fr", "eng", "EN", ""]),
    "summary": st.text(max_size=20),
    "link": st.sampled_from(TEXTS[11:22]),
    "short_link": st.sampled_from(TEXTS[11:22]),
    "date": st.dates() | date_texts() | st.sampled_from(DATE_TEXTS),
    "when": st.datetimes() | st.dates() | date_texts(),
    "count": st.integers() | st.booleans(),
    "score": st.integers() | st.floats(allow_nan=False) | st.booleans(),
    "flag": st.booleans() | st.integers(0, 1),
    "permalink": st.text(max_size=8) | st.booleans(),
    "tags": st.lists(st.text(max_size=8) | st.none() | st.integers(), max_size=4),
    "topics": st.lists(st.text(max_size=8), max_size=3),
    "keywords": st.lists(st.text(max_size=8), max_size=4),
    "names": st.text(max_size=8) | st.lists(st.text(max_size=8) | st.integers(), max_size=3),
    "place": st.fixed_dictionaries({}, optional={"name": st.text(max_size=8), "lat": st.floats(-90, 90)}),
    "attendees": st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "name": st.sampled_from(["Liu Hong", "liu  hong", "", "Ma Bizhuo"]),
                "group": st.text(max_size=6),
                "role": st.text(max_size=6) | st.integers(),
                "x": st.text(max_size=3),
            },
        ),
        max_size=4,
    ),
    "related": st.lists(
        st.fixed_dictionaries(
            {"url": st.sampled_from(TEXTS[11:22])},
            optional={"title": st.text(max_size=6), "day": st.dates() | date_texts()},
        ),
        max_size=3,
    ),
}
metadata = st.fixed_dictionaries(
    {},
    optional={
        **{name: typical | values for name, typical in TYPICAL.items()},
        "unknown_key": values,
        "review": values,
        "content": st.text(max_size=4),
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(metadata, st.sampled_from([_SCHEMA, _ALLOW, _DEFAULT]))
def test_quick_paths_report_what_the_general_walk_reports(meta: dict[str, Any], schema: Schema) -> None:
    assert_same(article(meta), schema)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(TYPICAL)), values)
def test_any_value_of_any_field(field: str, value: Any) -> None:
    meta = {"title": "T", "status": "draft", "date": dt.date(2024, 5, 22), field: value}
    assert_same(article(meta))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["date", "when", "related"]), date_texts())
def test_dates_as_text(field: str, text: str) -> None:
    value: Any = [{"url": "https://example.org", "day": text}] if field == "related" else text
    meta = {"title": "T", "status": "draft", "date": dt.date(2024, 5, 22), field: value}
    assert_same(article(meta))


# -- edge cases, written out -------------------------------------------------------------------

BASE = "title: T\nstatus: draft\ndate: 2024-05-22\n"
EDGE_CASES = [
    "",  # the base alone: clean
    "title:\n",
    "title: ''\n",
    "title: '   '\n",
    "title: 12\n",
    "title: on\n",
    "title: 10:30\n",
    "title: 010\n",
    "title: [a, b]\n",
    "title: {a: b}\n",
    "status:\n",
    "status: Draft\n",
    "status: yes\n",
    "status: 10\n",
    "status: [draft]\n",
    "status: review\n",  # byline is now required, and missing
    "status: review\nbyline: ''\n",
    "status: approved\nbyline: B\n",  # summary is now required, and missing
    "status: approved\nbyline: B\nsummary: S\n",
    "subtitle: a very long subtitle indeed\n",
    "subtitle: short\n",
    "subtitle: 12\n",
    "lang: en\n",
    "lang: english\n",
    "lang: EN\n",
    "lang: ''\n",
    "link: https://example.org\n",
    "link: example.org\n",
    "link: www.example.org\n",
    "link: /relative\n",
    "link: 'https://'\n",
    "link: ' https://example.org '\n",
    "link: 12\n",
    "link: ''\n",
    "short_link: https://example.org/a-very-long-address\n",
    "short_link: https://example.org\n",
    "date:\n",
    "date: '2024-05-22'\n",
    "date: 2024-02-29\n",
    "date: 2023-02-29\n",
    "date: '2023-02-29'\n",
    "date: 2024-02-30\n",
    "date: 2024-13-01\n",
    "date: '0000-01-01'\n",
    "date: 2024-5-22\n",
    "date: 2024-05-22 14:30:00\n",
    "date: 2024-05-22 14:30:00 -0500\n",
    "date: 2024-05-22T25:00\n",
    "date: May 22\n",
    "date: 20240522\n",
    "date: true\n",
    "date: [2024-05-22]\n",
    "when: 2024-05-22\n",
    "when: 2024-05-22T14:30:00+02:00\n",
    "when: 2024-05-22 14:30:00 -0500\n",
    "when: '2024-05-22 9:05'\n",
    "when: 2024-05-22 23:60\n",
    "when: 14:30\n",
    "count: 3\n",
    "count: true\n",
    "count: 3.5\n",
    "count: '3'\n",
    "count: ''\n",
    "score: 3\n",
    "score: 3.5\n",
    "score: false\n",
    "score: .inf\n",
    "flag: true\n",
    "flag: 1\n",
    "flag: 'true'\n",
    "flag: no\n",
    "permalink: false\n",
    "permalink: true\n",
    "permalink: /a/\n",
    "tags: [a, b]\n",
    "tags: []\n",
    "tags: [a, 1]\n",
    "tags: [a, null]\n",
    "tags: [a, [b]]\n",
    "tags: [a, {b: c}]\n",
    "tags: [yes, 10:30]\n",
    "tags: a\n",
    "tags: ['', ' ']\n",
    "topics: []\n",
    "topics: [a]\n",
    "status: review\nbyline: B\ntopics: []\n",
    "status: review\nbyline: B\ntopics: [a, 1]\n",
    "status: review\nbyline: B\ntopics: a\n",
    "status: review\nbyline: B\ntopics: [a]\n",
    "keywords: [a]\n",
    "keywords: [a, b]\n",
    "keywords: []\n",
    "names: a\n",
    "names: [a, b]\n",
    "names: [a, 2]\n",
    "names: 2\n",
    "names: []\n",
    "place: {name: Hall}\n",
    "place: {name: Hall, lat: 1.5}\n",
    "place: {lat: 1.5}\n",
    "place: {name: '', lat: x}\n",
    "place: {name: Hall, nmae: x}\n",
    "place: Hall\n",
    "place: {}\n",
    "attendees: [{name: Liu Hong}, {group: staff}]\n",
    "attendees: [{name: Liu Hong}, {name: liu  hong}]\n",
    "attendees: [{role: x}]\n",
    "attendees: [{name: ''}]\n",
    "attendees: [{name: A, nmae: B}]\n",
    "attendees: [{name: A, role: 3}]\n",
    "attendees: [null, A, [B]]\n",
    "attendees: [{name: A, 1: B}]\n",
    "attendees: A\n",
    "related: [{url: 'https://example.org', title: T, day: 2024-05-22}]\n",
    "related: [{url: example.org}]\n",
    "related: [{title: T}]\n",
    "related: [{url: 'https://example.org', day: 2023-02-29}]\n",
    "related: [{url: 'https://example.org', day: '2024-05-22 10:00'}]\n",
    "unknown_key: 1\n",
    "a line of a paragraph whose indentation broke and reads as a key: 1\n",
    "content: x\n",
    "review:\n  - by: A\n    at: 2024-05-22 10:00\n    verdict: approved\n",
    "review:\n  - by: A\n    at: 2024-05-22T10:00:00+02:00\n    verdict: nope\n",
    "review: x\n",
    'title: "a\\x1bb"\n',
    'title: "a\\tb"\n',
    'title: "a\n\n  b"\n',
    "summary: |\n  one\n  two\n",
    "title: >-\n  one\n  two\n",
    "tags:\n  - |\n    a\n    b\n",
]


@pytest.mark.parametrize("extra", EDGE_CASES)
@pytest.mark.parametrize("which", ["warn", "allow", "default"])
def test_edge_cases(extra: str, which: str) -> None:
    schema = {"warn": _SCHEMA, "allow": _ALLOW, "default": _DEFAULT}[which]
    front = BASE + extra if not extra.startswith(("title", "status", "date:")) else _replace(extra)
    assert_same(f"---\n{front}---\nLiu Hong spoke.\n", schema)


def _replace(extra: str) -> str:
    """The base with ``extra``'s first key in place of the base's."""
    key = extra.split(":", 1)[0]
    kept = "".join(line + "\n" for line in BASE.splitlines() if not line.startswith(f"{key}:"))
    return kept + extra


TOML_CASES = [
    'title = "T"\nstatus = "draft"\ndate = 2024-05-22\n',
    'title = "T"\nstatus = "draft"\ndate = 2024-05-22\ntags = ["a", 1]\n',
    'title = "T"\nstatus = "draft"\ndate = "2024-02-30"\n',
    'title = "T"\nstatus = "draft"\ndate = 2024-05-22T10:00:00\nwhen = "2024-05-22 10:00"\n',
    'title = "T"\nstatus = "Draft"\ndate = 2024-05-22\ncount = 1.5\n',
    'title = "T"\nstatus = "draft"\ndate = 2024-05-22\n[place]\nname = ""\n',
    'title = "T"\nstatus = "draft"\ndate = 2024-05-22\n[[attendees]]\nname = "A"\n[[attendees]]\nrole = "r"\n',
    'title = """a\n\nb"""\nstatus = "draft"\ndate = 2024-05-22\n',
]


@pytest.mark.parametrize("front", TOML_CASES)
def test_toml_cases(front: str) -> None:
    assert_same(f"+++\n{front}+++\nbody\n")


def test_clean_articles_take_the_quick_path() -> None:
    """A clean article of every kind of value never needs the general walk (else the plan is no use)."""
    text = textwrap.dedent(
        """\
        ---
        title: Spring meeting
        status: published
        byline: Ma Bizhuo
        summary: A meeting.
        subtitle: short
        lang: en
        link: https://example.org/a
        short_link: https://example.org
        date: 2024-05-22
        when: 2024-05-22 14:30:00 -0500
        count: 3
        score: 2.5
        flag: false
        permalink: false
        tags: [a, b]
        topics: [a]
        keywords: [a, b]
        names: [a, b]
        place: {name: Hall, lat: 1.5}
        attendees: [{name: Liu Hong, role: President}, {group: staff}]
        related: [{url: 'https://example.org', title: T, day: '2024-05-22'}]
        ---
        Liu Hong spoke.
        """
    )
    with (
        mock.patch.object(validate._Checker, "walk_fields", side_effect=AssertionError("walked")),
        mock.patch.object(validate._Checker, "add", side_effect=AssertionError("reported")),
    ):
        assert validate_article(parse_text(text, "a.md", locations=False), _SCHEMA) == []
    assert_same(text)


def test_a_problem_is_reported_by_the_general_walk_in_its_order() -> None:
    text = "---\ntitle: 12\nstatus: Draft\ndate: 2024-02-30\ntags: [a, 1]\nnope: x\n---\nbody\n"
    problems = assert_same(text)
    assert [p.code for p in problems] == ["type", "enum", "date", "type", "unknown-field"]


def test_field_plan_is_worked_out_once_per_schema() -> None:
    assert field_plan(_SCHEMA) is field_plan(_SCHEMA)
    assert field_plan(_SCHEMA) is not field_plan(_ALLOW)
    plan = field_plan(_SCHEMA)
    assert set(plan.tests) == {*_SCHEMA.fields, "review"}
    assert {name for name, _ in plan.required} == {"title", "status", "byline", "summary", "date", "topics"}


# -- dates -------------------------------------------------------------------------------------


def date_check_passes(text: str) -> bool:
    """Whether `_Checker.date` (without `_CLEAN_DATE`) has nothing to say about ``text``, written
    out again from it."""
    text = text.strip()
    match = DATETIME_TEXT.fullmatch(text) or DATE_TEXT.fullmatch(text)
    if match is None:
        return False
    year, month, day = (int(g) for g in match.groups()[:3])
    if impossible_date(year, month, day) is not None:
        return False
    if match.re is DATETIME_TEXT and impossible_time(
        int(match.group(4)), int(match.group(5)), int(match.group(6) or 0)
    ):
        return False
    return len(match.group(2)) == 2 and len(match.group(3)) == 2


@settings(max_examples=500, deadline=None)
@given(date_texts() | st.sampled_from(DATE_TEXTS) | st.text(alphabet="0123456789-: T+Zz.\t", max_size=30))
@example("2024-02-29")
@example("0000-01-01")
def test_clean_date_passes_only_what_the_date_check_passes(text: str) -> None:
    if validate._CLEAN_DATE.fullmatch(text):
        assert date_check_passes(text), text


def test_clean_date_takes_every_day_but_the_29th_of_february() -> None:
    """Every real day of a leap and a common year, bare or with a time: the quick pattern takes all
    of them but February 29th (left to the general check), and takes no impossible day."""
    for year in (2023, 2024, 1, 1900, 2000):
        for month in range(1, 13):
            for day in range(0, 33):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                real = date_check_passes(text)
                for suffix in ("", " 00:00", "T23:59:59", "T9:05:07.5Z", " 14:30:00 -0500", "t12:00+02:00"):
                    quick = validate._CLEAN_DATE.fullmatch(text + suffix) is not None
                    assert quick == (real and (month, day) != (2, 29)), text + suffix
    for bad in ("2024-05-22 24:00", "2024-05-22 23:60", "2024-05-22 23:59:60", "0000-05-22"):
        assert not validate._CLEAN_DATE.fullmatch(bad)
        assert not date_check_passes(bad)


# -- control characters and conflict markers ---------------------------------------------------


def may_hold_control_as_written(fm_text: str) -> bool:
    return bool(validate._MAY_HOLD_CONTROL.search(fm_text)) or '"""' in fm_text or "'''" in fm_text


#: Every character the control-character pattern looks for, and some it does not.
PATTERN_CHARS = [chr(c) for c in range(0x10000) if validate._MAY_HOLD_CONTROL.match(chr(c))]
ALPHABET = [*PATTERN_CHARS, "a", " ", "\n", "\r", '"', "'", "é", "’", "\xa0", "\ud800", "\U0001f600", "\x85"]


def test_every_character_the_pattern_looks_for_is_found() -> None:
    assert len(PATTERN_CHARS) > 90
    for ch in PATTERN_CHARS:
        for text in (ch, f"title: a{ch}b\n", f"title: ’{ch}’\n", f"title: \ud800{ch}\n"):
            assert may_hold_control(text) is True, repr(text)
    for text in ("title: a\n", "title: ’a’\n", "title: 'a'\r\n", "title: \xa0\n", 'a: """\n', "a: '''\n"):
        assert may_hold_control(text) is may_hold_control_as_written(text), repr(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=16).map("".join) | st.text(max_size=16))
@example('a: "\'"')
@example('a: "\'"\'"\n')
def test_may_hold_control_as_the_pattern_and_quotes_say(text: str) -> None:
    assert may_hold_control(text) is may_hold_control_as_written(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["<", ">", "<<<<<<<", ">>>>>>>", " ", "\n", "x", "é", "="]), max_size=12))
def test_marker_look_as_the_two_searches_say(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert validate._may_hold_markers(text) is ("<<<<<<< " in text or ">>>>>>> " in text)


@pytest.mark.parametrize(
    "body",
    [
        "<<<<<<< ours\na\n=======\nb\n>>>>>>> theirs\n",
        "<<<<<<<\na\n=======\nb\n>>>>>>>\n",  # bare markers: not looked for without the space
        "a <<<<<<< b\n",
        ">>>>>>> theirs\n",
        "x <b>bold</b> > quote\n",
        "’<<<<<<< ours\n",
    ],
)
def test_conflict_markers_in_the_body(body: str) -> None:
    assert_same(f"---\n{BASE}---\n{body}")


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(["|", ">", "-", "+", "2", " ", "\t", "#", "\n", "\r", "x", ":", "- "]), max_size=40
    )
)
@example(["|"] * 20 + ["\n", ">"])
@example([">", " ", "#", ">", "\n"] * 8)
def test_block_indicators_as_the_pattern_finds_them(pieces: list[str]) -> None:
    text = "".join(pieces)
    quick = [(m.start(), m.end()) for m in validate._block_indicators(text)]
    assert quick == [(m.start(), m.end()) for m in validate._BLOCK_INDICATOR.finditer(text)]
