"""`near_and_roles` shares the near map and the people's role walks between this process and a
forked child: the same near map and the same `RoleChanges` as working them out here, including
where `new_roles` gives up, before or after the people walked first."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.core.check import people_check
from newsdesk.core.persons.people import ArticlePeople, PeopleIndex, new_roles
from newsdesk.core.rules.schema import default_schema

_PERSON = st.tuples(
    st.sampled_from(["attendee", "attendee", "speaker"]),
    st.sampled_from(
        ["Liu Hong", "liu hong", "Liu Hung", "Jane Doe", "Jane Do", "John F. Kennedy", "John Kennedy"]
    ),
    st.sampled_from([None, "", "Dean", "dean", "Dean, Arts", "Chair", "Professor"]),
    st.sampled_from([None, "Arts", "Law"]),
)


def _articles(
    articles: list[tuple[str, list[tuple[str, str, str | None, str | None]]]],
) -> list[ArticlePeople]:
    out: list[ArticlePeople] = []
    for i, (date, persons) in enumerate(articles):
        refs = tuple(
            (kind, j, name, role, org, None, None) for j, (kind, name, role, org) in enumerate(persons)
        )
        out.append(ArticlePeople(Path(f"a{i}.md"), f"a{i}.md", "", date, refs))
    return out


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork")
@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "2024-01-01", "2024-02-03", "2024-05-05", "2025-01-01", "2025-03-03"]),
            st.lists(_PERSON, max_size=6),
        ),
        max_size=20,
    ),
    st.sampled_from([0, 1, 3, 10, 2000]),  # walked first, here
    st.sampled_from([0.0, 0.1, 0.25, 0.5, 1.0]),  # the share listed that gives up
)
def test_shared_near_map_and_roles_are_the_ones_worked_out_here(
    articles: list[tuple[str, list[tuple[str, str, str | None, str | None]]]], first: int, most: float
) -> None:
    arts = _articles(articles)
    schema = default_schema()
    here = PeopleIndex.build(arts)
    expected_near = {me: (other.id, why) for me, (other, why) in people_check.near_map(here).items()}
    expected_changed = new_roles(here.people, people_check.profile_kinds(schema), most=most, first=first)
    shared = PeopleIndex.build(arts)
    saved = people_check.MOSTLY_NEW_AFTER, people_check.MOSTLY_NEW
    people_check.MOSTLY_NEW_AFTER, people_check.MOSTLY_NEW = first, most
    try:
        near, roles = people_check.near_and_roles(
            shared, arts, schema, people_check.PARALLEL_WARNINGS, workers=2
        )
    finally:
        people_check.MOSTLY_NEW_AFTER, people_check.MOSTLY_NEW = saved
    assert {me: (other.id, why) for me, (other, why) in near.items()} == expected_near
    assert all(other is shared.people[other.id] for other, _ in near.values())
    assert roles.changed == expected_changed


def test_the_work_is_shared_with_a_child(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many people (more than the first walked here) and two workers: a child is forked."""
    names = ["Liu Hong", "Jane Doe", "Ann Lee", "Bo Chan", "Cy Twombly", "Di Lu", "Ed Ruscha", "Flo Kay"]
    rare = {5: "Jane Do", 7: "Liu Hung"}  # near misses of names used more
    arts = _articles(
        [
            (
                f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}",
                [
                    (
                        "attendee",
                        rare.get(i, names[(i + k) % 8]) if k == 0 else names[(i + k) % 8],
                        role,
                        None,
                    )
                    for k in range(3)
                    for role in ("Chair" if i in (20, 31) else "Dean",)
                ],
            )
            for i in range(40)
        ]
    )
    schema = default_schema()
    index = PeopleIndex.build(arts)
    expected = (people_check.near_map(index), new_roles(index.people, frozenset(), first=2))
    forks: list[int] = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(people_check, "MOSTLY_NEW_AFTER", 2)
    shared = PeopleIndex.build(arts)
    near, changes = people_check.near_and_roles(
        shared, arts, schema, people_check.PARALLEL_WARNINGS, workers=2
    )
    assert forks and expected[0] and expected[1]
    assert changes.changed == expected[1]
    assert {k: (o.id, w) for k, (o, w) in near.items()} == {k: (o.id, w) for k, (o, w) in expected[0].items()}


def test_one_worker_or_few_articles_work_it_out_here(monkeypatch: pytest.MonkeyPatch) -> None:
    arts = _articles([("2024-01-01", [("attendee", "Liu Hong", "Dean", None)])] * 3)
    index = PeopleIndex.build(arts)

    def no_fork(*_: object) -> None:
        raise AssertionError("forked")

    monkeypatch.setattr("newsdesk.core.check.forked.run_chunks", no_fork)
    for checked, workers in ((people_check.PARALLEL_WARNINGS - 1, None), (people_check.PARALLEL_WARNINGS, 1)):
        near, roles = people_check.near_and_roles(index, arts, default_schema(), checked, workers=workers)
        assert near == people_check.near_map(index) and roles.changed == {}


def test_every_person_walked_first_does_not_give_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """`new_roles` gives up only before walking a person: once everyone is walked, it answers."""
    arts = _articles(
        [
            ("2024-01-01", [("attendee", "Liu Hong", "Dean", None)]),
            ("2024-02-01", [("attendee", "Liu Hong", "Chair", None)]),
        ]
    )
    index = PeopleIndex.build(arts)
    expected = new_roles(index.people, frozenset(), most=0.0, first=0)
    monkeypatch.setattr(people_check, "MOSTLY_NEW_AFTER", 0)
    monkeypatch.setattr(people_check, "MOSTLY_NEW", 0.0)
    _, roles = people_check.near_and_roles(
        index, arts, default_schema(), people_check.PARALLEL_WARNINGS, workers=2
    )
    assert expected == {id(arts[1]): {0}} and roles.changed == expected


def test_the_last_run_index_is_kept_until_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index a run built is not freed at its end (the run is about to end) but by the next."""
    import weakref

    from newsdesk.core.check.batch import validate_paths

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "articles"
    folder.mkdir()
    for i, role in enumerate(("Dean", "Chair")):
        (folder / f"2024-01-0{i + 1}-a.md").write_text(
            f"---\ntitle: A\ndate: 2024-01-0{i + 1}\nattendees:\n  - name: Liu Hong\n    role: {role}\n---\nText.\n"
        )
    assert any(p.code == "role-changed" for _, p in validate_paths([folder], jobs=1).diagnostics())
    first = weakref.ref(people_check._kept[0][0])  # type: ignore[index]
    assert first() is not None and len(people_check._kept) == 1
    validate_paths([folder], jobs=1)
    assert first() is None and len(people_check._kept) == 1
