"""The people index: matching rules, people.toml, candidates, and the bundled articles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ARTICLES
from newsdesk.core.check.people_check import article_people, folder_people
from newsdesk.core.persons.config import PeopleConfig, PeopleConfigError, parse_people_config
from newsdesk.core.persons.names import differences, name_keys, role_key, same_role
from newsdesk.core.persons.people import ArticlePeople, PeopleIndex, PersonEntry, earlier_roles
from newsdesk.core.persons.pinyin import readings
from newsdesk.core.persons.refs import PersonRef, Ref
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.schema import default_schema


def same(a: str, b: str) -> bool:
    return bool(set(name_keys(a)) & set(name_keys(b)))


def index_of(*names: str | tuple[str, str], config: PeopleConfig | None = None) -> PeopleIndex:
    """An index with one article per name (``(name, date)`` to date it)."""
    arts = []
    for i, item in enumerate(names):
        name, date = item if isinstance(item, tuple) else (item, f"2024-01-{i + 1:02d}")
        ref = Ref("attendee", 0, name, "Dean")
        arts.append(ArticlePeople(Path(f"a{i}.md"), f"a{i}.md", f"Article {i}", date, (ref,)))
    return PeopleIndex.build(arts, config or PeopleConfig())


# -- the same person ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "how"),
    [
        ("Liu Hong", "liu hong", "case"),
        ("Liu Hong", "LIU HONG", "case"),
        ("Liu Hong", "Liu  Hong", "spacing"),
        ("Liu Hong", " Liu Hong ", None),
        ("Chang Junyue", "Chang Jun Yue", "spacing"),
        ("Chang Junyue", "Chang Jun-yue", "punctuation"),
        ("Sean O'Brien", "Sean OBrien", "punctuation"),
        ("Jose Ruiz", "José Ruiz", "diacritics"),
        ("Lukasz Nowak", "Łukasz Nowak", "diacritics"),
        ("Soren Kierkegaard", "Søren Kierkegaard", "diacritics"),
        ("Liu Hong", "Prof. Liu Hong", "honorific"),
        ("Liu Hong", "Professor Liu Hong", "honorific"),
        ("Liu Hong", "Dr Liu Hong", "honorific"),
        ("Jane Doe", "Assoc. Prof. Jane Doe", "honorific"),
        ("Jane Doe", "Jane Doe, PhD", "honorific"),
        ("Liu Hong", "Hong Liu", "order"),
        ("Park Ji-hoon", "Ji-hoon Park", "order"),
        ("刘红", "刘 红", None),
        ("刘红", "刘红教授", None),
    ],
)
def test_spellings_of_one_person(a: str, b: str, how: str | None) -> None:
    assert same(a, b)
    index = index_of(a, b)
    assert len(index.people) == 1
    assert set(index.people[0].spellings) == {a.strip(), b.strip()} - {""}
    if how is not None:
        assert how in differences(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Liu Hong", "Liu Hang"),  # one letter is another person
        ("Chang Junyue", "Chang Junyu"),  # a near miss: suggested, never merged
        ("John F. Kennedy", "John Kennedy"),  # a middle initial: suggested
        ("Bizhuo Ma", "Bizhuo"),  # "Ma" is a surname, not a degree
        ("Dean Martin", "Martin"),  # "Dean" is a given name here, not a title
        ("Li Wei", "Li Wen"),
        ("刘红", "红刘"),  # Han names are not reordered
        ("刘红", "Liu Hong"),  # Han and pinyin: a candidate only
        ("Ann Lee", "Anne Lee"),
    ],
)
def test_different_people(a: str, b: str) -> None:
    assert not same(a, b)
    assert len(index_of(a, b).people) == 2


def test_honorific_alone_is_kept() -> None:
    assert name_keys("Dr") == ("dr",)
    assert same("Dr. Who", "Who")


def test_canonical_is_the_most_used_spelling_then_the_first_written() -> None:
    index = index_of(("Prof. Liu Hong", "2022-01-01"), ("Liu Hong", "2022-02-01"), ("Liu Hong", "2022-03-01"))
    assert index.people[0].name == "Liu Hong"
    tie = index_of(("Chloe Martins", "2024-05-22"), ("Chloé Martins", "2024-06-05"))
    assert tie.people[0].name == "Chloe Martins"  # a tie: the archive's first spelling stays


# -- candidates ----------------------------------------------------------------------------------


def kinds(index: PeopleIndex) -> dict[frozenset[str], str]:
    return {frozenset((s.a.name, s.b.name)): s.kind for s in index.similar()}


def test_near_miss_is_suggested_with_evidence() -> None:
    index = index_of("Chang Junyue", "Chang Junyue", "Chang Junyu")
    [s] = index.similar()
    assert s.kind == "near-miss" and s.score >= 90
    assert "chang junyu" in s.evidence


def test_far_names_are_not_suggested() -> None:
    assert index_of("Liu Hong", "Wang Weichen", "Li Wei", "Li Wen").similar() == []
    # 88% alike, but three letters apart: a short given name, not a typo of a longer one.
    assert index_of("Ma Kowalski", "Mateo Kowalski").similar() == []
    # A typo of a longer name may take two edits.
    [s] = index_of("Catherine Morel", "Catharine Morell").similar()
    assert s.kind == "near-miss"


def test_initials_and_titles_are_suggested() -> None:
    found = kinds(
        index_of("John F. Kennedy", "John Kennedy", "Administrator Robin Carnahan", "Robin Carnahan")
    )
    assert found[frozenset(("John F. Kennedy", "John Kennedy"))] == "extra-words"
    assert found[frozenset(("Administrator Robin Carnahan", "Robin Carnahan"))] == "extra-words"
    # Another word is another name, not a title: Chen Li is not Chen Li Hua.
    assert frozenset(("Chen Li", "Chen Li Hua")) not in kinds(index_of("Chen Li", "Chen Li Hua"))


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("刘红", "Liu Hong"),
        ("刘红", "Hong Liu"),
        ("常俊越", "Chang Junyue"),
        ("常俊越", "Chang Jun-yue"),
        ("曾国藩", "Zeng Guofan"),  # 曾 as a surname reads zeng, not ceng
        ("单雄信", "Shan Xiongxin"),  # 单 as a surname reads shan
        ("吕布", "Lü Bu"),
        ("吕布", "Lyu Bu"),
        ("吕布", "Lu Bu"),
        ("欧阳修", "Ouyang Xiu"),  # a compound surname
        ("陈立华", "Chen Lihua"),
    ],
)
def test_han_and_pinyin_are_linked_as_candidates(han: str, latin: str) -> None:
    index = index_of(han, latin)
    assert len(index.people) == 2  # never merged
    [s] = index.similar()
    assert s.kind == "pinyin"
    assert han in s.evidence


@pytest.mark.parametrize(
    ("han", "latin"), [("刘红", "Liu Hang"), ("刘红", "Liu Hongmei"), ("王伟臣", "Wang Wei")]
)
def test_han_and_other_pinyin_are_not_linked(han: str, latin: str) -> None:
    assert index_of(han, latin).similar() == []


def test_ambiguous_readings_are_said() -> None:
    # 红 reads hong (most common) or gong: a link through the rarer reading says so.
    [s] = index_of("刘红", "Liu Gong").similar()
    assert "one of several readings" in s.evidence and s.score < 100
    [s] = index_of("刘红", "Liu Hong").similar()
    assert "most common reading" in s.evidence
    assert [(r.surname, r.given) for r in readings("刘红")] == [("liu", "hong"), ("liu", "gong")]
    # Two Han names with one reading (homophones): both linked, each saying so.
    found = index_of("刘红", "刘宏", "Liu Hong").similar()
    assert {s.a.name for s in found} | {s.b.name for s in found} == {"刘红", "刘宏", "Liu Hong"}
    assert all("2 Han names read so" in s.evidence for s in found)


def test_role_comparison() -> None:
    assert same_role("Vice-Chancellor", "vice chancellor")
    assert same_role(
        "Chief Executive, South Coast Environment Agency",
        "Chief Executive",
        ["South Coast Environment Agency"],
    )
    assert not same_role("Vice President", "Executive Vice President")


# -- people.toml ----------------------------------------------------------------------------------


def test_aliases_merge_and_name_the_person() -> None:
    config = parse_people_config('[[person]]\nname = "Liu Hong"\naliases = ["刘红", "H. Liu"]\n')
    index = index_of("刘红", "Hong Liu", "H. Liu", config=config)
    [person] = index.people
    assert person.name == "Liu Hong" and person.configured
    assert set(person.spellings) == {"刘红", "Hong Liu", "H. Liu"}
    assert index.person_named("Prof. Liu Hong") is person
    assert index.similar() == []


def test_not_same_keeps_people_apart() -> None:
    config = parse_people_config('[[not_same]]\nnames = ["Ann Lee", "Lee Ann"]\n')
    assert len(index_of("Ann Lee", "Lee Ann").people) == 1  # order: one person by the rules
    assert len(index_of("Ann Lee", "Lee Ann", "ann lee", config=config).people) == 2
    config = parse_people_config('[[not_same]]\nnames = ["Chang Junyue", "Chang Junyu"]\nnote = "cousins"\n')
    assert index_of("Chang Junyue", "Chang Junyu", config=config).similar() == []


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("[[person]\n", "invalid TOML", 1),
        ('person = "x"\n', "array of tables", 1),
        ('[[person]]\nname = "A"\nalias = ["B"]\n', "unknown key 'alias'", 3),
        ("[[person]]\naliases = []\n", "needs a name", 1),
        ('[[not_same]]\nnames = ["A"]\n', "two or more names", 1),
        ('colour = "red"\n', "unknown key 'colour'", 1),
    ],
)
def test_broken_people_toml(text: str, message: str, line: int) -> None:
    with pytest.raises(PeopleConfigError) as info:
        parse_people_config(text, Path("people.toml"))
    assert message in str(info.value)
    assert info.value.line == line
    assert str(info.value).startswith(f"people.toml:{line}")


# -- the bundled articles ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> PeopleIndex:
    folder = tmp_path_factory.mktemp("bundled") / "articles"
    shutil.copytree(ARTICLES, folder)
    return PeopleIndex.build(folder_people(folder, default_schema(), {}, cache=None))


def test_seed_people_with_both_roles(bundled: PeopleIndex) -> None:
    seed = "2022-02-24-spring-employment-meeting.md"
    for name, role in (("Liu Hong", "President"), ("Chang Junyue", "Vice President")):
        person = bundled.person_named(name)
        assert person is not None and person.name == name
        in_seed = [a for a in person.appearances if a.article.rel == seed]
        assert {a.kind for a in in_seed} == {"attendee", "speaker"}
        assert {a.role for a in in_seed} == {role}
        # ... and in every other article naming them, in any spelling the rules make the same
        naming = {
            p.name
            for p in ARTICLES.glob("*.md")
            for line in p.read_text(encoding="utf-8").splitlines()
            if line.strip().startswith("- name:") and bundled.person_named(line.split(":", 1)[1]) is person
        }
        assert {a.rel for a in person.articles} == naming
        assert len(naming) >= 3
    chang = bundled.person_named("Chang Junyue")
    assert chang is not None
    assert [s.role for s in chang.role_history] == ["Vice President", "Executive Vice President"]
    assert set(chang.spellings) == {"Chang Junyue", "Chang Jun-yue"}
    liu = bundled.person_named("Hong Liu")
    assert liu is not None and liu.name == "Liu Hong"
    assert set(liu.spellings) == {"Liu Hong", "Prof. Liu Hong", "Hong Liu"}
    assert (liu.attended, liu.spoke) == (4, 3)
    assert [a.date for a in liu.articles] == sorted((a.date for a in liu.articles), reverse=True)


def test_bundled_recurring_people(bundled: PeopleIndex) -> None:
    recurring = [
        p for p in bundled.people if p.count > 1 and len(p.spellings) > 1 and len(p.role_history) > 1
    ]
    assert {p.name for p in recurring} >= {"Chang Junyue", "Chloe Martins"}
    varied = [p for p in bundled.people if p.count > 1 and len(p.spellings) > 1]
    assert len(varied) >= 3
    found = kinds(bundled)
    assert found[frozenset(("Chang Junyue", "Chang Junyu"))] == "near-miss"
    for han, latin in (("刘红", "Liu Hong"), ("常俊越", "Chang Junyue"), ("王伟臣", "Wang Weichen")):
        assert found[frozenset((han, latin))] == "pinyin"
    assert all(g.name and not bundled.person_named(g.name) for g in bundled.groups)


def test_article_people_reads_through_roles(tmp_path: Path) -> None:
    from newsdesk.core.rules.schema import parse_schema

    schema = parse_schema(
        '[articles.roles]\nattendees = "participants"\ndate = "published"\n'
        '[articles.roles.person]\nname = "full_name"\n'
    )
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: T\npublished: 2024-01-02\nparticipants:\n  - full_name: Liu Hong\n    role: Dean\n---\n"
    )
    art = article_people(load_article(path), schema)
    assert art is not None and art.date == "2024-01-02"
    assert art.persons == (Ref("attendee", 0, "Liu Hong", "Dean"),)


def _via_people_of(metadata: dict[str, object], roles: object) -> tuple[PersonRef, ...]:
    out = []
    for which, kind in (("attendees", "attendee"), ("speakers", "speaker")):
        for p in roles.people_of(metadata, which):  # type: ignore[attr-defined]
            if p.name is not None or p.group is not None:
                out.append(Ref(kind, p.index, p.name, p.role, p.organization, p.topic, p.group))
    return tuple(out)


@pytest.mark.parametrize(
    "items",
    [
        [{"name": " Liu Hong ", "role": "President"}, {"group": "staff"}, "Plain Name", None, 42],
        [{"name": 2024, "role": ["x"], "organization": {"a": 1}, "topic": 3.5}, {"name": "", "group": ""}],
        [{"name": None, "group": " all counselors "}, ["nested"], {"role": "no name"}, "  "],
        [{"name": "A", "topic": "multi\nline topic  "}, {"name": True}],
        [
            {"name": "B", "role": "  ", "organization": " Arts ", "topic": "  "},
            {"name": "C", "role": None, "organization": "", "topic": ""},
            {"name": "D", "role": " Dean ", "organization": None, "topic": None},
        ],
    ],
)
def test_refs_of_reads_like_people_of(items: list[object]) -> None:
    from newsdesk.core.persons.refs import refs_of
    from newsdesk.core.rules.roles import DEFAULT_ROLES, roles_from_table

    assert refs_of({"attendees": items, "speakers": items}, DEFAULT_ROLES) == _via_people_of(
        {"attendees": items, "speakers": items}, DEFAULT_ROLES
    )
    mapped = roles_from_table({"attendees": "who", "person": {"name": "full_name", "role": "title"}})
    renamed = [
        {("full_name" if k == "name" else "title" if k == "role" else k): v for k, v in i.items()}
        if isinstance(i, dict)
        else i
        for i in items
    ]
    meta = {"who": renamed, "speakers": renamed}
    assert refs_of(meta, mapped) == _via_people_of(meta, mapped)


def test_realpath_per_folder_is_realpath(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """folder_people matches the files it was given by their real paths, worked out per folder."""
    import os

    from newsdesk.core.check.people_check import _realpath

    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.md").write_text("x")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "b.md").symlink_to(tmp_path / "real" / "a.md")
    monkeypatch.chdir(tmp_path)
    folders: dict[str, str] = {}
    for text in (
        "real/a.md",
        "linked/a.md",
        "real/b.md",
        "linked/b.md",
        "real/../real/a.md",
        "linked/../real/a.md",
        "real/missing.md",
        str(tmp_path / "linked" / "a.md"),
        "real",
    ):
        assert _realpath(Path(text), folders) == os.path.realpath(text), text


def _earlier_roles_by_walking(person: PersonEntry, date: str) -> tuple[ArticlePeople, list[str]] | None:
    """The plain reading of "the roles in the nearest earlier article that gives one": walk the
    person's appearances (newest first) from the first one dated before ``date``."""
    best: ArticlePeople | None = None
    roles: list[str] = []
    for a in person.appearances:
        if not a.date or not a.role or a.date >= date:
            continue
        if best is None:
            best = a.article
        if a.article is best:
            roles.append(a.role)
        elif a.date < best.date:
            break
    return (best, roles) if best is not None else None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "2024-01-01", "2024-01-01", "2024-02-03", "2024-05-05", "2025-01-01"]),
            st.lists(
                st.tuples(
                    st.sampled_from(["A B", "a b", "C D"]), st.sampled_from([None, "Dean", "dean", "Chair"])
                ),
                max_size=4,
            ),
        ),
        max_size=12,
    ),
    st.sampled_from(["", "2023-12-31", "2024-01-01", "2024-02-03", "2024-03-01", "2026-01-01"]),
)
def test_earlier_roles_is_the_nearest_earlier_article(
    articles: list[tuple[str, list[tuple[str, str | None]]]], date: str
) -> None:
    """Several articles of one date, several appearances of one person in one article (with and
    without a role), undated articles: the index's answer is the walk's."""
    arts = [
        ArticlePeople(
            Path(f"a{i:02d}.md"),
            f"a{i:02d}.md",
            "",
            day,
            tuple(("attendee", j, name, role, None, None, None) for j, (name, role) in enumerate(people)),
        )
        for i, (day, people) in enumerate(articles)
    ]
    index = PeopleIndex.build(arts)
    for person in index.people:
        got = earlier_roles(person, date)
        want = _earlier_roles_by_walking(person, date) if date else None
        assert (got[0], got[1]) == want if got is not None else want is None
        if got is not None:
            assert got[2] == {role_key(r, person.org_key) for r in got[1]}


def _role_history_as_written_first(person: PersonEntry) -> list[tuple[object, ...]]:
    """`PersonEntry.role_history` as it was first written (a RoleSpan remade per appearance, each
    role folded each time): the plain reading, kept to compare the faster one with."""
    from newsdesk.core.persons.names import fold, squeeze

    orgs = person.organizations
    spans: list[tuple[object, ...]] = []
    keys: list[tuple[str, str]] = []
    seen: list[set[Path]] = []
    for a in sorted(person.appearances, key=lambda a: (a.article.date, a.article.rel)):
        if not a.role and not a.organization:
            continue
        role, org = role_key(a.role, orgs), fold(squeeze(a.organization)) if a.organization else ""
        i = next((i for i, (r, o) in enumerate(keys) if r == role and (o == org or not o or not org)), None)
        if i is None:
            keys.append((role, org))
            spans.append((a.role, a.organization, a.date, a.date, a.article, 1))
            seen.append({a.article.path})
            continue
        span = spans[i]
        if org and not keys[i][1]:
            keys[i] = (role, org)
        spans[i] = (
            span[0] or a.role,
            span[1] or a.organization,
            span[2] or a.date,
            a.date or span[3],
            span[4],
            span[5] + (a.article.path not in seen[i]),  # type: ignore[operator]
        )
        seen[i].add(a.article.path)
    return spans


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "2024-01-01", "2024-02-03", "2025-01-01"]),
            st.lists(
                st.tuples(
                    st.sampled_from(["A B", "C D"]),
                    st.sampled_from([None, "", "Dean", "dean ", "Dean, Arts", "Chair"]),
                    st.sampled_from([None, "", "Arts", "arts", "Law"]),
                ),
                max_size=4,
            ),
        ),
        max_size=10,
    )
)
def test_role_history_is_the_plain_reading(
    articles: list[tuple[str, list[tuple[str, str | None, str | None]]]],
) -> None:
    """Roles folded once per person and spans kept open until the end (issue 23 item 5): the same
    spans, in the same order, as remaking each span at each appearance."""
    arts = [
        ArticlePeople(
            Path(f"a{i:02d}.md"),
            f"a{i:02d}.md",
            "",
            day,
            tuple(("attendee", j, name, role, org, None, None) for j, (name, role, org) in enumerate(people)),
        )
        for i, (day, people) in enumerate(articles)
    ]
    for person in PeopleIndex.build(arts).people:
        got = [
            (s.role, s.organization, s.first_date, s.last_date, s.article, s.count)
            for s in person.role_history
        ]
        assert got == _role_history_as_written_first(person)


def _build_as_written_first(articles: list[ArticlePeople], config: PeopleConfig) -> PeopleIndex:
    """`PeopleIndex.build` as it was written first: every person's appearances sorted newest
    first, the articles counted by a set of (spelling, path) per person."""
    from collections import Counter

    from newsdesk.core.persons import people as module

    appearances: dict[str, list[module.Appearance]] = {}
    groups: dict[str, module.GroupEntry] = {}
    for art in articles:
        for kind, position, name, role, org, topic, group in art.persons:
            if name is None:
                if group:
                    label = module.squeeze(group)
                    g = groups.setdefault(label.casefold(), module.GroupEntry(label, []))
                    g.appearances.append(module.Appearance(art, kind, position, label, role, org, topic))
                continue
            spelling = name.strip()
            if spelling:
                appearances.setdefault(spelling, []).append(
                    module.Appearance(art, kind, position, spelling, role, org, topic)
                )
    people: list[PersonEntry] = []
    configured = {module.squeeze(cp.name).casefold(): cp.name for cp in config.persons}
    for members, config_name in module.cluster(sorted(appearances), config):
        apps = [a for s in members for a in appearances.get(s, ())]
        apps.sort(key=lambda a: (a.article.date, a.article.rel), reverse=True)
        counts = Counter(name for name, _ in {(a.name, a.article.path) for a in apps})
        first = {a.name: a.date for a in apps}
        spellings = sorted(counts, key=lambda s: (-counts[s], first.get(s, "") or "9999", s))
        canonical = config_name or spellings[0]
        people.append(
            PersonEntry(
                0,
                canonical,
                apps,
                {s: counts[s] for s in spellings},
                configured=config_name is not None or module.squeeze(canonical).casefold() in configured,
            )
        )
    people.sort(key=lambda p: (module.fold(p.name), p.name))
    for i, person in enumerate(people):
        person.id = i
    group_list = sorted(groups.values(), key=lambda g: (module.fold(g.name), g.name))
    for g in group_list:
        g.appearances.sort(key=lambda a: (a.article.date, a.article.rel), reverse=True)
    return PeopleIndex(people, group_list, config)


_NAMES = ["Ann Lee", "ann lee", "Lee, Ann", "Dr. Ann Lee", "Bo Chen", "Chen Bo", "B. Chen", " Bo Chen ", ""]


@settings(max_examples=120, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "2024-01-01", "2024-02-03"]),
            st.sampled_from(["a.md", "b.md", "c/d.md", "e.md"]),  # rel and path: repeated on purpose
            st.lists(
                st.tuples(
                    st.sampled_from(["attendee", "speaker"]),
                    st.one_of(st.none(), st.sampled_from(_NAMES)),
                    st.sampled_from([None, "Dean", "Chair"]),
                    st.sampled_from([None, "Public", "the public", "PUBLIC "]),
                ),
                max_size=5,
            ),
        ),
        max_size=12,
    ),
    st.booleans(),
)
def test_build_is_the_plain_reading(
    articles: list[tuple[str, str, list[tuple[str, str | None, str | None, str | None]]]], aliases: bool
) -> None:
    """The index built by walking the articles newest first (fifth round of issue 23) is the one
    sorting each person's appearances gives: the same people, spellings, counts, appearances in
    the same order, and groups with the same labels, with ties of date and path, spellings the
    rules merge, and people.toml aliases."""
    arts = [
        ArticlePeople(
            Path(rel),
            rel,
            f"t{i}",
            day,
            tuple(
                (kind, j, name, role, None, None, group if name is None else None)
                for j, (kind, name, role, group) in enumerate(people)
            ),
        )
        for i, (day, rel, people) in enumerate(articles)
    ]
    text = '[[person]]\nname = "Ann Lee"\naliases = ["A. Lee"]\n' if aliases else ""
    config = parse_people_config(text)
    got, want = PeopleIndex.build(iter(arts), config), _build_as_written_first(arts, config)
    assert repr(got.people) == repr(want.people)
    assert [p.configured for p in got.people] == [p.configured for p in want.people]
    assert repr(got.groups) == repr(want.groups)
    assert got.by_spelling.keys() == want.by_spelling.keys()
