"""Field roles: a site's own field names for title, date, byline, status, people."""

from __future__ import annotations

import datetime as dt

import pytest

from newsdesk.core.rules.roles import DEFAULT_ROLES, roles_from_table
from newsdesk.core.rules.schema import SchemaError, default_schema, parse_schema


def test_default_roles_read_newsdesk_names():
    meta = {
        "title": " T ",
        "date": dt.date(2024, 1, 2),
        "byline": "Ma",
        "status": "review",
        "attendees": [{"name": "A", "role": "R"}, {"group": "G"}],
    }
    r = DEFAULT_ROLES
    assert r.title_of(meta) == "T"
    assert r.date_of(meta) == dt.date(2024, 1, 2)
    assert r.byline_of(meta) == "Ma"
    assert r.status_of(meta) == "review"
    people = r.people_of(meta, "attendees")
    assert [p.label for p in people] == ["A", "G"] and people[1].is_group
    assert default_schema().roles == DEFAULT_ROLES


def test_mapped_roles_from_newsdesk_toml():
    schema = parse_schema(
        """
[articles.roles]
date = "publishDate"
byline = "authors"
attendees = "participants"
[articles.roles.person]
name = "full_name"
"""
    )
    meta = {
        "publishDate": dt.datetime(2023, 12, 28, 9, 0),
        "authors": ["ana-ruiz", "lee-park"],
        "participants": [{"full_name": "Liu Hong", "role": "Dean"}],
    }
    r = schema.roles
    assert r.date_of(meta) == dt.date(2023, 12, 28)
    assert r.byline_of(meta) == "ana-ruiz, lee-park"
    assert [(p.name, p.role) for p in r.people_of(meta, "attendees")] == [("Liu Hong", "Dean")]


def test_hugo_draft_flag_is_a_two_status_workflow():
    schema = parse_schema('[articles.roles]\nstatus = "draft"\n[fields.draft]\ntype = "boolean"\n')
    r = schema.roles
    assert r.draft_flag and schema.statuses == ("draft", "published")
    assert r.status_of({"draft": True}) == "draft"
    assert r.status_of({"draft": False}) == "published"
    assert r.status_of({}) == "published"  # Hugo: no draft flag means published
    assert r.status_value("draft") is True and r.status_value("published") is False
    with pytest.raises(ValueError, match="draft or published"):
        r.status_value("review")


def test_a_status_field_that_is_not_boolean_is_no_flag():
    schema = parse_schema(
        '[articles.roles]\nstatus = "state"\n[fields.state]\ntype = "enum"\nvalues = ["a", "b"]\n'
    )
    assert not schema.roles.draft_flag and schema.statuses == ("a", "b")


@pytest.mark.parametrize(
    "text",
    [
        '[articles.roles]\nheadline = "x"\n',
        "[articles.roles]\ntitle = 3\n",
        '[articles.roles.person]\nnick = "x"\n',
    ],
)
def test_bad_roles_are_schema_errors_with_a_line(text):
    with pytest.raises(SchemaError) as info:
        parse_schema(text)
    assert info.value.line == 1


def test_roles_table_rejects_unknown_role():
    with pytest.raises(ValueError, match="unknown role"):
        roles_from_table({"headline": "x"})


def test_a_fixed_status_reads_and_writes_no_field() -> None:
    schema = parse_schema('[articles.roles]\nstatus_fixed = "draft"\n[fields.published]\ntype = "boolean"\n')
    assert schema.roles.status_of({"published": True}) == "draft"  # whatever a field says
    assert schema.statuses == ("draft",)
    assert schema.has_status
    assert not schema.roles.draft_flag
    with pytest.raises(ValueError, match="status_fixed"):
        schema.roles.status_value("published")
    from newsdesk.core.infer.newarticle import initial_metadata

    assert set(initial_metadata(schema, "T", dt.date(2024, 1, 2))) == {"title", "date"}


@pytest.mark.parametrize("value", ["''", "true", "[]"])
def test_a_fixed_status_must_be_a_status(value: str) -> None:
    with pytest.raises(SchemaError, match="status_fixed must be a status"):
        parse_schema(f"[articles.roles]\nstatus_fixed = {value}\n")
