"""``newsdesk validate ONE.md`` (pre-commit) imports only what checking one file needs (issue 13),
and the plain classes that replaced the dataclasses on that path behave as the dataclasses did."""

from __future__ import annotations

import os
import pickle
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newsdesk.core.check.batch import FileResult, ValidationReport
from newsdesk.core.model.article import Article, FieldLoc, Fingerprint, Person, Pos
from newsdesk.core.model.problems import MAX_MESSAGE, Problem
from newsdesk.core.model.record import replace
from newsdesk.core.rules.roles import DEFAULT_ROLES, Roles
from newsdesk.core.rules.schema import DEFAULT_SCHEMA, FieldSpec, _RE2Pattern, compile_pattern, default_schema
from newsdesk.core.rules.workflow import Verdict, Workflow

#: Never imported by a run on one article that names nobody, with the built-in schema.
NOT_FOR_ONE_FILE = (
    "dataclasses",  # imports inspect, ast, dis, tokenize...
    "inspect",
    "re2",  # only for a pattern that is not built in
    "rapidfuzz",  # only when names are compared
    "shutil",  # argparse's help formatter asks it for the terminal's width
    "newsdesk.core.persons.people",
    "newsdesk.core.persons.refs",
    "newsdesk.core.persons.names",
    "newsdesk.core.persons.config",
    "newsdesk.core.persons.pinyin",
    "newsdesk.core.check.people_check",
    "newsdesk.core.folder.index",
    "difflib",
    "pygments",
    "subprocess",
    "textual",
    "hashlib",  # a file validate reads is never saved from: no digest (`load_article(digest=False)`)
    # Issue 19: what the layering had put back on this path.
    "tomllib",  # six modules; only when TOML is read (a TOML article, newsdesk.toml, people.toml)
    "string",  # tomllib's
    "newsdesk.core.read.tomlscan",  # positions in TOML front matter
    "newsdesk.core.read.links",  # only for a file that is a symlink
    "newsdesk.core.check.forked",  # workers only from PARALLEL_THRESHOLD files
    "newsdesk.cli.common",  # the folder's settings, only when no path is named
    "newsdesk.core.rules.refspec",  # only when a schema in use names profiles ([references])
    "newsdesk.core.rules.references",
)

ARTICLE = """\
---
title: Library opens late
date: 2024-05-09
status: draft
language: en-GB
tags: [library]
---
Body.
"""

_RUN = """
import sys
from newsdesk.cli import main
code = main(["validate", *sys.argv[1:]])
wanted = {wanted!r}
loaded = sorted(m for m in wanted if m in sys.modules)
print("LOADED", ",".join(loaded))
"""


def _loaded(args: list[str], cwd: Path, wanted: tuple[str, ...]) -> tuple[list[str], str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cwd / "cache"), NO_COLOR="1")
    code = textwrap.dedent(_RUN.format(wanted=wanted))
    out = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    *report, last = out.stdout.rstrip("\n").splitlines()
    assert last.startswith("LOADED")
    names = last.removeprefix("LOADED").strip()
    return (names.split(",") if names else []), "\n".join(report)


def test_validate_one_file_imports_only_what_it_needs(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(ARTICLE)
    (tmp_path / "b.md").write_text(ARTICLE.replace("language: en-GB", "language: EN"))
    loaded, report = _loaded(["a.md", "b.md"], tmp_path, NOT_FOR_ONE_FILE)
    assert loaded == []
    # ...and it did check the language against the built-in pattern
    assert "b.md:5:11: error[pattern]" in report
    assert "a.md" not in report


def test_validate_one_file_naming_people_imports_no_re2_or_shutil(tmp_path: Path) -> None:
    text = ARTICLE.replace("tags: [library]", "attendees:\n  - name: Ana Lima\n    role: Librarian")
    (tmp_path / "a.md").write_text(text)
    loaded, _ = _loaded(["a.md"], tmp_path, ("re2", "shutil", "textual", "pygments"))
    assert loaded == []


def test_built_in_pattern_finds_what_re2_finds() -> None:
    re2 = pytest.importorskip("re2")
    pattern = DEFAULT_SCHEMA["fields"]["language"]["pattern"]
    options = re2.Options()
    options.log_errors = False
    by_re2 = _RE2Pattern(re2.compile(pattern, options))
    ours = compile_pattern(pattern)
    assert not isinstance(ours, _RE2Pattern)
    values = ["en", "en-GB", "zh-Hant-TW", "en\n", "en-GB\n", "\nen", "EN", "e", "en-", "en-x", "abcd", ""]
    values += ["en-\udcff", "é", "en-GB-oed", "eng-123456789", "ab-cd-ef-gh"]
    rng = random.Random(13)
    for _ in range(5000):
        values.append("".join(rng.choice("abZ9-\n é") for _ in range(rng.randint(0, 12))))
    for value in values:
        assert bool(ours.search(value)) is bool(by_re2.search(value)), repr(value)


def test_plain_classes_behave_as_the_dataclasses_did() -> None:
    assert repr(Pos(3, 1)) == "Pos(line=3, column=1)"
    assert Pos(3, 1) == Pos(line=3, column=1) and Pos(3, 1) != Pos(3, 2)
    assert Pos(3, 1) != (3, 1)
    assert len({Pos(3, 1), Pos(3, 1), Pos(1, 3)}) == 2
    with pytest.raises(AttributeError):
        Pos(3, 1).line = 4  # type: ignore[misc]
    with pytest.raises(AttributeError):
        Pos(3, 1).other = 4  # type: ignore[attr-defined]
    p = Problem("x", "y" * (MAX_MESSAGE + 10), 2, 3, "warning", "title")
    assert len(p.message) == MAX_MESSAGE and p.message.endswith("…")
    assert repr(Problem("x", "m")) == (
        "Problem(code='x', message='m', line=1, column=1, severity='error', field=None)"
    )
    loc = FieldLoc(Pos(1, 1), Pos(1, 8), 10, 20, plain=True)
    values = [p, loc, Fingerprint(1, 2, "ab"), Person(0, name="Ana"), Roles(title="t"), DEFAULT_ROLES]
    values += [Verdict(0, "me", "approved", None, "", ""), FileResult(Path("a.md"), (p,), "yaml")]
    values += [ValidationReport((FileResult(Path("a.md"), ()),), (Path("b.md"),))]
    for value in values:
        assert pickle.loads(pickle.dumps(value)) == value
        assert replace(value) == value and replace(value) is not value
    assert replace(p, line=9) == Problem("x", p.message, 9, 3, "warning", "title")
    with pytest.raises(TypeError):
        replace(p, nope=1)
    assert Roles().person == Roles().person and Roles().person is not Roles().person
    assert Workflow(("a",), frozenset()).targets == {}
    spec = FieldSpec("tags", type="list")
    assert spec.fields == {} and spec == FieldSpec("tags", "list")
    assert spec.value_set == frozenset()  # a cached property still works on a frozen value
    schema = default_schema()
    assert replace(schema, folder=Path("x")).folder == Path("x") != schema.folder


def test_article_replace_is_a_new_article_without_the_kept_nodes() -> None:
    article = Article(Path("a.md"), "yaml", {"title": "x"}, "body", problems=[Problem("x", "y")])
    article.yaml_node = object()
    copy = replace(article, metadata={"title": "y"}, problems=[])
    assert copy.metadata == {"title": "y"} and copy.problems == [] and copy.body == "body"
    assert copy.yaml_node is None
    assert article != copy and article == article  # equal only to itself, as before
    assert Article(Path("a.md"), None, {}, "").locations == {}
    assert "Article(path=PosixPath('a.md'), format='yaml'" in repr(article)


@pytest.mark.parametrize("columns", ["40", "200", None])
def test_help_is_as_argparse_writes_it(columns: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The formatter that does not import shutil makes the same help as argparse's own."""
    import argparse

    from newsdesk.cli import _app_parser, _Parser, validate_cmd

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    ours = _Parser(prog="newsdesk validate", description="check")
    theirs = argparse.ArgumentParser(prog="newsdesk validate", description="check")
    validate_cmd.configure(ours)
    validate_cmd.configure(theirs)
    assert ours.format_help() == theirs.format_help()
    app = _app_parser()
    app_theirs = argparse.ArgumentParser(
        prog=app.prog,
        description=app.description,
        epilog=app.epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    app_theirs.add_argument("folder", nargs="?", help=app._actions[1].help)
    app_theirs.add_argument("--version", action="version", version="x")
    assert app.format_help() == app_theirs.format_help()


# -- an article naming people (issue 13's last row) ---------------------------------------------

#: Never imported when one article naming people is checked in a small folder (the pinyin
#: readings: only for a folder with a name in Han characters).
NOT_FOR_PEOPLE = ("dataclasses", "inspect", "rapidfuzz", "re2", "shutil", "textual", "pygments")
NOT_FOR_PEOPLE += ("newsdesk.core.persons.pinyin", "pypinyin", "hashlib")  # the cache is named by its path
NOT_FOR_PEOPLE += ("newsdesk.core.rules.refspec",)  # no schema names profiles


def test_validate_one_file_naming_people_imports_no_dataclasses_or_rapidfuzz(tmp_path: Path) -> None:
    people = "attendees:\n  - name: Ana Lima\n    role: Librarian\n  - name: Tomás Ruiz\n    role: Dean"
    (tmp_path / "a.md").write_text(ARTICLE.replace("tags: [library]", people))
    other = "attendees:\n  - name: Ana Lima\n    role: Archivist\nspeakers:\n  - name: Wu Fang"
    (tmp_path / "b.md").write_text(
        ARTICLE.replace("2024-05-09", "2024-01-02").replace("tags: [library]", other)
    )
    loaded, report = _loaded(["a.md"], tmp_path, NOT_FOR_PEOPLE)
    assert loaded == []
    # ...and the people checks did run: the role changed since b.md
    assert "role-changed" in report and "Archivist" in report
    # A near miss in the folder: then rapidfuzz is what compares the names.
    (tmp_path / "c.md").write_text(ARTICLE.replace("tags: [library]", "speakers:\n  - name: Ana Lina"))
    loaded, report = _loaded(["a.md"], tmp_path, ("rapidfuzz", "dataclasses"))
    assert loaded == ["rapidfuzz"]


def test_validate_one_file_with_a_people_toml_imports_no_python_frontmatter(tmp_path: Path) -> None:
    """people.toml is read with the loaders' TOML error wording, not through the
    python-frontmatter handlers; a broken one is still reported at its line."""
    (tmp_path / "a.md").write_text(ARTICLE.replace("tags: [library]", "attendees:\n  - name: Ana Lima"))
    (tmp_path / "people.toml").write_text('[[person]]\nname = "Ana Lima"\naliases = ["A. Lima"]\n')
    loaded, report = _loaded(["a.md"], tmp_path, ("frontmatter", "newsdesk.core.read.handlers"))
    assert loaded == []
    assert "1 file checked" in report
    (tmp_path / "people.toml").write_text('[[person]]\nname = "Ana Lima\n')
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    out = subprocess.run(
        [sys.executable, "-m", "newsdesk", "validate", "a.md"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2 and "invalid TOML" in out.stderr and "people.toml" in out.stderr


#: Never imported by a first run on an article naming people, which writes the folder's index
#: cache (through the atomic save) for the next run (issue 19).
NOT_FOR_THE_CACHE = (
    "hashlib",  # the cache is named after the folder's escaped path; a save's digest is not needed
    "secrets",  # the temp file's name is os.urandom's hex, as secrets.token_hex(4) was
    "random",  # only while another save holds the folder's lock
    "hmac",
    "tomllib",  # the folder holds no TOML
    "newsdesk.core.check.forked",
    "newsdesk.cli.common",
    "newsdesk.core.rules.references",  # only under a schema with [references]
)


def test_validate_one_file_writing_the_index_cache_imports_no_secrets(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(ARTICLE.replace("tags: [library]", "speakers:\n  - name: Ana Lima"))
    (tmp_path / "b.md").write_text(ARTICLE.replace("tags: [library]", "attendees:\n  - name: Wu Fang"))
    wanted = (*NOT_FOR_THE_CACHE, "newsdesk.core.write.disk")
    loaded, report = _loaded(["a.md"], tmp_path, wanted)
    assert loaded == ["newsdesk.core.write.disk"]  # the cache was written...
    assert list((tmp_path / "cache" / "newsdesk").glob("index-*.json"))
    assert "1 file checked" in report
    loaded, report = _loaded(["a.md"], tmp_path, wanted)
    assert loaded == []  # ...and read back by the second run, which writes nothing
    # A TOML article in the folder: its people are read (first run), so then tomllib is imported.
    (tmp_path / "c.md").write_text('+++\ntitle = "T"\ndate = 2024-05-10\nstatus = "draft"\n+++\nBody.\n')
    loaded, _ = _loaded(["a.md"], tmp_path, ("tomllib", "secrets"))
    assert loaded == ["tomllib"]


def test_people_classes_behave_as_the_dataclasses_did() -> None:
    from newsdesk.core.folder.index import Entry
    from newsdesk.core.persons.config import ConfiguredPerson, PeopleConfig
    from newsdesk.core.persons.people import ArticlePeople, GroupEntry, PersonEntry, RoleSpan, Suggestion
    from newsdesk.core.persons.pinyin import Reading

    art = ArticlePeople(Path("a.md"), "a.md", "T", "2024-01-01", ())
    person = PersonEntry(0, "Ana", [], {"Ana": 1})
    other = PersonEntry(1, "Ann", [], {"Ann": 1}, configured=True)
    assert (
        repr(person)
        == "PersonEntry(id=0, name='Ana', appearances=[], spellings={'Ana': 1}, configured=False)"
    )
    assert person != PersonEntry(0, "Ana", [], {"Ana": 1}) and person == person  # by identity
    person.id = 5  # not frozen
    assert person.id == 5 and person.count == 0 and person.role_history == []
    group = GroupEntry("Staff", [])
    assert repr(group) == "GroupEntry(name='Staff', appearances=[])" and group != GroupEntry("Staff", [])
    assert repr(ConfiguredPerson("Ana")) == "ConfiguredPerson(name='Ana', aliases=())"
    assert repr(PeopleConfig()) == "PeopleConfig(persons=(), not_same=(), source=None)"
    assert repr(Reading("liu", "hong", False)) == "Reading(surname='liu', given='hong', ambiguous=False)"
    entry = Entry(Path("a.md"), "a.md", "T", "", "", "", "", (), (), "yaml", 0, 0, None, 1, 2)
    assert repr(entry).startswith("Entry(path=PosixPath('a.md'), rel='a.md', title='T', date=''")
    assert repr(entry).endswith(
        "has_status=True, last_verdict='', last_by='', asked_by='', asked_at='', persons=())"
    )
    values = [
        ConfiguredPerson("Ana", ("A. Lima",)),
        PeopleConfig((ConfiguredPerson("Ana"),), (("A", "B"),), Path("people.toml")),
        RoleSpan("Dean", None, "2024", "2025", art, 2),
        Reading("liu", "hong", True),
        entry,
    ]
    for value in values:
        assert pickle.loads(pickle.dumps(value)) == value
        assert replace(value) == value and replace(value) is not value and hash(replace(value)) == hash(value)
        with pytest.raises(AttributeError):
            value.other = 1  # type: ignore[attr-defined]
    assert replace(entry, size=9).size == 9 and replace(entry, size=9) != entry
    s = Suggestion(person, other, "near-miss", 90.0, "x")
    assert (
        s
        == Suggestion(person, other, "near-miss", 90.0, "x")
        != Suggestion(other, person, "near-miss", 90.0, "x")
    )
    assert len({s, Suggestion(person, other, "near-miss", 90.0, "x")}) == 1
    with pytest.raises(AttributeError):
        s.score = 1.0  # type: ignore[misc]
    assert PeopleConfig((), (("Ana Lima", "Ana Lina"),)).is_not_same("ana  lima", "Ana Lina")


def _random_name(rng: random.Random) -> str:
    words = ["Ana", "Lima", "Ann", "Li", "Wei", "Wen", "Chen", "Jing", "Jin", "Maria", "Marie", "Tomás"]
    words += ["Thomas", "Kowalski", "Kowalsky", "Junyu", "Junyi", "Mateo", "Matteo", "Ng", "Nguyen"]
    name = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.4:  # a typo: a letter dropped, doubled, swapped or replaced
        i = rng.randrange(len(name))
        name = rng.choice(
            [name[:i] + name[i + 1 :], name[:i] + name[i] + name[i:], name[:i] + "x" + name[i + 1 :]]
            + ([name[:i] + name[i + 1] + name[i] + name[i + 2 :]] if i + 1 < len(name) else [])
        )
    return name.strip() or "Ana"


def test_prefilter_gives_the_same_near_misses() -> None:
    """Skipping rapidfuzz when the cheap check finds no possible pair changes no result."""
    from newsdesk.core.persons import names as nm
    from newsdesk.core.persons import people as pm

    rng = random.Random(14)
    for _ in range(3000):
        a, b = _random_name(rng), _random_name(rng)
        fa, fb = nm.match_form(a), nm.match_form(b)
        if nm.is_near_miss(a, b):
            assert nm.could_be_near(fa, fb), (a, b)
    skipped = 0
    for round_ in range(150):
        names = {_random_name(rng) for _ in range(rng.randint(1, 12 if round_ % 2 else 60))}
        people = [pm.PersonEntry(i, n, [], {n: 1}) for i, n in enumerate(sorted(names))]
        queries = people[: rng.randint(1, 3)] if round_ % 3 == 0 else None
        ours = list(pm._near_misses(people, nm.NEAR_MISS, queries))
        forms = sorted(pm._forms(people), key=lambda fp: (len(fp[0]), fp[0]))
        spans = [(i, 0, len(forms)) for i in range(len(forms))]
        skipped += not pm._any_could_be_near(forms, spans)
        saved = pm._any_could_be_near
        pm._any_could_be_near = lambda forms, spans: True  # type: ignore[assignment]
        try:
            theirs = list(pm._near_misses(people, nm.NEAR_MISS, queries))
        finally:
            pm._any_could_be_near = saved
        assert ours == theirs
    assert skipped > 10  # the cheap check did leave rapidfuzz out in some rounds


def test_each_folder_has_its_own_readable_cache_name(tmp_path: Path) -> None:
    from newsdesk.core.folder.index import MAX_CACHE_NAME, cache_file_for

    cache = tmp_path / "cache"
    a, b = tmp_path / "site a", tmp_path / "site%20a"  # one spelt the way the other is escaped
    a.mkdir()
    b.mkdir()
    names = {cache_file_for(a, cache), cache_file_for(b, cache), cache_file_for(a / ".." / "site a", cache)}
    assert len(names) == 2 and cache_file_for(a, cache).name.endswith("site%20a.json")
    assert "/" not in cache_file_for(a, cache).name and cache_file_for(a, cache).parent == cache
    # A path no file name could hold: its digest, never mistaken for an escaped path ("%2F...").
    deep = tmp_path.joinpath(*["folder-" + "x" * 40] * 6)
    hashed = cache_file_for(deep, cache).name
    assert len(hashed) < MAX_CACHE_NAME and "%" not in hashed
    assert hashed != cache_file_for(deep.parent, cache).name
    # Bytes that are not UTF-8 in a folder's name: escaped as bytes, not an error.
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9"))
    assert cache_file_for(odd, cache).name.endswith("caf%E9.json")
