"""Schema loading: the built-in default, the nearest newsdesk.toml, broken files."""

from __future__ import annotations

import pytest
import tomli_w

from newsdesk.core.rules.schema import (
    DEFAULT_SCHEMA,
    SchemaError,
    default_schema,
    find_schema_file,
    parse_schema,
    schema_for,
)


def test_default_schema_covers_institutional_news():
    schema = default_schema()
    for name in (
        "title",
        "date",
        "status",
        "byline",
        "section",
        "summary",
        "tags",
        "location",
        "attendees",
        "speakers",
        "organizations",
        "related",
    ):
        assert name in schema.fields, name
    assert schema.statuses == ("draft", "review", "approved", "published")
    assert schema.fields["speakers"].required_one_of == (("name",),)
    assert schema.fields["attendees"].required_one_of == (("name", "group"),)
    assert schema.fields["related"].fields["url"].type == "url"
    assert schema.source is None


def test_required_from_a_status():
    schema = default_schema()
    byline = schema.fields["byline"]
    assert [schema.is_required(byline, s) for s in ("draft", "review", "approved", "published")] == [
        False,
        True,
        True,
        True,
    ]
    assert schema.is_required(schema.fields["title"], "draft")
    assert not schema.is_required(byline, "unknown-status")


def test_default_schema_round_trips_through_toml():
    assert parse_schema(tomli_w.dumps(DEFAULT_SCHEMA)) == default_schema()


def test_nearest_schema_file_wins(tmp_path):
    (tmp_path / "newsdesk.toml").write_text('[articles]\nunknown_fields = "allow"\n')
    inner = tmp_path / "desk" / "articles"
    inner.mkdir(parents=True)
    (tmp_path / "desk" / "newsdesk.toml").write_text(
        '[articles]\nfolder = "articles"\nunknown_fields = "error"\n[fields.title]\nrequired = true\n'
    )
    assert find_schema_file(inner) == (tmp_path / "desk" / "newsdesk.toml").resolve()
    schema = schema_for(inner / "a.md")
    assert schema.unknown_fields == "error"
    assert schema.folder is not None and schema.folder.resolve() == inner.resolve()
    assert list(schema.fields) == ["title"]
    assert schema_for(tmp_path).unknown_fields == "allow"


def test_no_schema_file_means_default(tmp_path):
    # tmp_path has no newsdesk.toml up to / on this machine's temp folder
    if find_schema_file(tmp_path) is None:
        assert schema_for(tmp_path) == default_schema()


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("[fields.title\ntype = 'string'\n", 1, "invalid TOML"),
        ("[articles]\nformat = 'xml'\n", 2, "articles.format"),
        ("[articles]\nunknown_fields = 'maybe'\n", 2, "unknown_fields"),
        ("[fields.title]\ntype = 'string'\n\n[fields.date]\ntype = 'datum'\n", 5, "fields.date.type"),
        ("[fields.status]\ntype = 'enum'\n", 1, "non-empty 'values'"),
        ("[fields.title]\npattern = '(['\n", 2, "regular expression"),
        # RE2 syntax: no backreferences, no look-around (they are what makes a regex backtrack)
        ("[fields.title]\ntype = 'string'\npattern = '(a)\\1'\n", 3, "RE2"),
        ("[fields.t]\n\n[fields.title]\npattern = '^(?=x)'\n", 4, "no backreferences or look-around"),
        ("[fields.title]\npattern = 12\n", 2, "pattern must be a string"),
        ("[fields.title]\nrequierd = true\n", 2, "unknown setting 'requierd'"),
        ("[fields.byline]\nrequired = 'someday'\n", 2, "required must be"),
        ("[fields.speakers]\ntype = 'list'\nitems = 'thing'\n", 3, "items"),
        ("[fields.t]\nmax_length = -1\n", 2, "max_length"),
        # An enum's values are text (issue 25): `[1, true]` was taken as "1" and "True".
        (
            "[fields.status]\ntype = 'enum'\nvalues = ['draft', 1, true]\n",
            3,
            'fields.status.values must be a list of strings; 1 is not one: write it in quotes, "1"',
        ),
        (
            "[fields.s]\ntype = 'enum'\nvalues = ['a', true]\n",
            3,
            'true is not one: write it in quotes, "true"',
        ),
        ("[fields.s]\ntype = 'enum'\nvalues = ['a', 2024-01-01]\n", 3, '"2024-01-01"'),
        ("[fields.s]\ntype = 'enum'\n\nvalues = [['a']]\n", 4, "; a list is not one"),
        ("[fields.s]\nvalues = 'ab'\n", 2, "fields.s.values must be a list of strings"),
        # Deeper than tomllib recurses (issue 25): a RecursionError before.
        pytest.param(
            "[fields.t]\n\nx = " + "[" * 5000 + "]" * 5000 + "\n", 3, "nested too deeply", id="deep"
        ),
    ],
)
def test_broken_schema_names_its_line(tmp_path, text, line, fragment):
    path = tmp_path / "newsdesk.toml"
    path.write_text(text)
    with pytest.raises(SchemaError) as info:
        schema_for(tmp_path)
    assert info.value.line == line
    assert fragment in str(info.value)
    assert str(info.value).startswith(f"{path.resolve()}:{line}")


def test_fields_nested_too_deeply_are_a_schema_error(tmp_path):
    path = tmp_path / "newsdesk.toml"
    path.write_text("[fields.a" + ".fields.a" * 1500 + "]\ntype = 'string'\n")
    with pytest.raises(SchemaError, match="fields nested too deeply"):
        schema_for(tmp_path)


def test_patterns_run_in_linear_time():
    # Python's re needs about 2**40 steps for this; RE2 answers at once.
    schema = parse_schema("[fields.title]\npattern = '(a+)+$'\n")
    regex = schema.fields["title"].regex
    assert regex is not None
    assert regex.search("a" * 40 + "b") is None
    assert regex.search("b" + "a" * 40) is not None


def test_pattern_search_takes_undecodable_text():
    regex = parse_schema("[fields.title]\npattern = '^a.c$'\n").fields["title"].regex
    assert regex is not None and regex.search("a\udcffc") is not None


def test_schema_error_message_is_bounded(tmp_path):
    path = tmp_path / "newsdesk.toml"
    path.write_text("[articles]\nformat = '" + "x" * 100_000 + "'\n")
    with pytest.raises(SchemaError) as info:
        schema_for(tmp_path)
    assert len(str(info.value)) < 700
