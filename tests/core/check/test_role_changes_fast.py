"""``role-changed`` looks only at the people `RoleChanges` names for an article (worked out once per
person over their dated roles, `new_roles`): the same warnings as looking at everyone's roles in
every article (issue 23 item 4)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.core.check import people_check
from newsdesk.core.check.batch import validate_paths
from newsdesk.core.check.people_check import RoleChanges, near_map, pending_for
from newsdesk.core.model.record import replace
from newsdesk.core.persons.people import ArticlePeople, PeopleIndex, new_roles
from newsdesk.core.rules.schema import FieldSpec, Schema, default_schema

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
import generate

PEOPLE_CODES = ("name-variant", "role-changed", "speaker-not-attending")


def _with_profiles(schema: Schema) -> Schema:
    """``schema`` with its attendees named by profile slugs (``ref``): their roles are not the
    article's own."""
    fields = dict(schema.fields)
    field = schema.roles.attendees
    fields[field] = (
        replace(fields[field], ref="people") if field in fields else FieldSpec(field, ref="people")
    )
    return replace(schema, fields=fields)


_PERSON = st.tuples(
    st.sampled_from(["attendee", "attendee", "speaker", "author"]),
    st.sampled_from(["Liu Hong", "liu hong", "Hong Liu", "Jane Doe", "Jane  Doe"]),
    st.sampled_from([None, "", "Dean", "dean", "Dean, Arts", "Chair", "Professor"]),
    st.sampled_from([None, "Arts", "Law"]),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "2024-01-01", "2024-01-01", "2024-02-03", "2024-05-05", "2025-01-01"]),
            st.sampled_from(["a.md", "b.md", "c.md"]),  # rel: repeated on purpose (ties of date and rel)
            st.booleans(),  # the path seen twice in the folder
            st.lists(_PERSON, max_size=5),
        ),
        max_size=14,
    ),
    st.booleans(),
)
def test_role_changes_named_are_the_ones_checking_everyone_finds(
    articles: list[tuple[str, str, bool, list[tuple[str, str, str | None, str | None]]]], profiles: bool
) -> None:
    """Several articles of one date and relative path (a person's appearances in one article then
    need not lie together), a path twice, roles from profile lists, several spellings and roles of
    one person, undated articles: each article's warnings are those of checking everyone."""
    arts: list[ArticlePeople] = []
    for i, (date, rel, twice, persons) in enumerate(articles):
        path = Path(f"d{i - 1 if twice and i else i}/{rel}")
        refs = tuple(
            (kind, j, name, role, org, None, None) for j, (kind, name, role, org) in enumerate(persons)
        )
        arts.append(ArticlePeople(path, rel, "", date, refs))
    schema = _with_profiles(default_schema()) if profiles else default_schema()
    index = PeopleIndex.build(arts)
    near = near_map(index)
    roles = RoleChanges(index, arts, schema)
    for art in arts:
        changed = roles.changed_in(art.path, art, schema)
        if sum(a.path == art.path for a in arts) == 1:
            assert changed is not None  # the quick way was taken
        assert pending_for(art, index, schema, near, changed=changed) == pending_for(art, index, schema, near)
        # Another article at its path, or read through other lists: everyone is looked at.
        other = art._replace(persons=tuple(list(art.persons)))
        assert not art.persons or roles.changed_in(art.path, other, schema) is None
        assert roles.changed_in(art.path, art, _with_profiles(schema)) is None or profiles


@pytest.mark.parametrize("roles", ["realistic", "random"])
def test_validate_gives_the_warnings_of_checking_everyone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, roles: str
) -> None:
    root = tmp_path / "articles"
    generate.generate(root, 300, roles=roles)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def warnings() -> list[tuple[str, str, str, int, int, str | None]]:
        report = validate_paths([root], jobs=1)
        return [
            (str(path), p.code, p.message, p.line, p.column, p.field)
            for path, p in report.diagnostics()
            if p.code in PEOPLE_CODES
        ]

    quick = warnings()
    monkeypatch.setattr(people_check.RoleChanges, "changed_in", lambda self, path, art, schema: None)
    everyone = warnings()
    assert quick == everyone
    assert sum(code == "role-changed" for _, code, *_ in quick) > 3


def test_roles_that_change_in_most_articles_are_looked_up_per_article() -> None:
    """`new_roles` gives up where most articles would be listed (random roles): everyone's roles
    are then looked at, as before."""
    roles = ["Dean", "Chair", "Dean", "Chair", "Dean", "Dean"]
    arts = [
        ArticlePeople(
            Path(f"{i}.md"),
            f"{i}.md",
            "",
            f"2024-01-{i + 1:02d}",
            tuple(
                ("attendee", j, name, role, None, None, None)
                for j, name in enumerate(["Liu Hong", "Jane Doe"])
            ),
        )
        for i, role in enumerate(roles)
    ]
    index = PeopleIndex.build(arts)
    listed = new_roles(index.people, most=1.0, first=0)
    assert listed is not None
    assert [a.path.name for a in arts if id(a) in listed] == ["1.md", "2.md", "3.md", "4.md"]
    assert new_roles(index.people, most=0.5, first=0) is None  # 4 of 6 listed for the first one
    schema = default_schema()
    assert all(RoleChanges(index, arts, schema).changed_in(a.path, a, schema) is not None for a in arts)
