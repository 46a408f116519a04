"""``newsdesk people`` and the people warnings of ``newsdesk validate``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARTICLES
from newsdesk.cli import main
from newsdesk.core.check.batch import validate_paths


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def art(title: str, date: str, attendees: list[tuple[str, str]], speakers: list[tuple[str, str]] = ()) -> str:
    lines = ["---", f"title: {title}", f"date: {date}", "status: draft"]
    if attendees:
        lines.append("attendees:")
        for name, role in attendees:
            lines += [f"  - name: {name}", f"    role: {role}"] if role else [f"  - name: {name}"]
    if speakers:
        lines.append("speakers:")
        for name, role in speakers:
            lines += [f"  - name: {name}", f"    role: {role}"]
    body = " ".join(n for n, _ in speakers) or "Body."
    return "\n".join([*lines, "---", "", body, ""])


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Five articles: Liu Hong in several spellings, a promotion, a typo, a missing attendee."""
    folder = tmp_path / "news"
    folder.mkdir()
    files = {
        "a.md": art("A", "2024-01-10", [("Liu Hong", "Dean"), ("Chang Junyue", "Vice President")]),
        "b.md": art("B", "2024-02-10", [("Liu Hong", "Dean"), ("Chang Junyue", "Vice President")]),
        "c.md": art("C", "2024-03-10", [("Prof. Liu Hong", "Dean"), ("Chang Junyu", "Vice President")]),
        "d.md": art("D", "2024-04-10", [("Liu Hong", "President")], [("Liu Hong", "President")]),
        "e.md": art("E", "2024-05-10", [("Hong Liu", "President")], [("Jing Shuiqin", "Director")]),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def codes(report: object) -> list[tuple[str, int, int, str]]:
    return [
        (path.name, p.line, p.column, p.code)
        for path, p in report.diagnostics()  # type: ignore[attr-defined]
        if p.code in ("name-variant", "role-changed", "speaker-not-attending")
    ]


# -- validate --------------------------------------------------------------------------------------


def test_people_warnings_over_a_folder(newsroom: Path) -> None:
    report = validate_paths([Path("news")])
    assert codes(report) == [
        ("c.md", 6, 11, "name-variant"),  # Prof. Liu Hong: honorific
        ("c.md", 8, 11, "name-variant"),  # Chang Junyu: a near miss of Chang Junyue
        ("d.md", 7, 11, "role-changed"),  # Dean -> President
        ("e.md", 6, 11, "name-variant"),  # Hong Liu: order
        ("e.md", 9, 11, "speaker-not-attending"),
    ]
    messages = {(path.name, p.code, p.line): p.message for path, p in report.diagnostics()}
    messages.update({(n, c): m for (n, c, line), m in messages.items() if (n, line) != ("c.md", 8)})
    assert "'Prof. Liu Hong' is 'Liu Hong'" in messages[("c.md", "name-variant")]
    assert "honorific" in messages[("c.md", "name-variant")]
    assert (
        "'Chang Junyu' may be 'Chang Junyue' (2 articles; 96% alike" in messages[("c.md", "name-variant", 8)]
    )
    # Issue 23's wording: a lasting change, said once on its first article.
    assert (
        "role changed from 'Dean' in c.md (2024-03-10) to 'President' here"
        in messages[("d.md", "role-changed")]
    )
    assert all(p.severity == "warning" for _, p in report.diagnostics())
    assert not report.failed()


def test_one_file_uses_the_cached_folder_index(newsroom: Path, tmp_path: Path) -> None:
    """A pre-commit run on one file sees the rest of the folder through the app's cache."""
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "newsdesk"
    report = validate_paths([Path("news/c.md")])
    assert codes(report) == [("c.md", 6, 11, "name-variant"), ("c.md", 8, 11, "name-variant")]
    assert list(cache.glob("index-*.json"))  # the folder's index, for the next run
    # The next run reads the cache; a changed file is read again.
    (newsroom / "a.md").write_text(art("A", "2024-01-10", [("Liu Hong", "Dean")]), encoding="utf-8")
    (newsroom / "b.md").write_text(art("B", "2024-02-10", [("Liu Hong", "Dean")]), encoding="utf-8")
    report = validate_paths([Path("news/c.md")])
    assert codes(report) == [("c.md", 6, 11, "name-variant")]  # Chang Junyue is gone: no near miss


def test_one_file_that_is_new_sees_the_folder(newsroom: Path) -> None:
    (newsroom / "f.md").write_text(art("F", "2024-06-10", [("LIU HONG", "President")]), encoding="utf-8")
    report = validate_paths([newsroom / "f.md"])
    assert codes(report) == [("f.md", 6, 11, "name-variant")]


def test_people_toml_is_honoured(newsroom: Path) -> None:
    (newsroom / "people.toml").write_text(
        '[[person]]\nname = "Prof. Liu Hong"\n\n[[not_same]]\nnames = ["Chang Junyue", "Chang Junyu"]\n',
        encoding="utf-8",
    )
    report = validate_paths([Path("news")])
    found = codes(report)
    assert ("c.md", 8, 11, "name-variant") not in found  # not the same person
    assert ("c.md", 6, 11, "name-variant") not in found  # the canonical spelling now
    assert ("a.md", 6, 11, "name-variant") in found  # and "Liu Hong" is the variant


def test_broken_people_toml_is_a_configuration_error(
    newsroom: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (newsroom / "people.toml").write_text("[[person]\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", "news")
    assert code == 2
    assert err.startswith("newsdesk: error: news/people.toml:1")


def test_people_warnings_in_every_format(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "news/e.md")
    assert code == 0
    assert "news/e.md:9:11: warning[speaker-not-attending] speaker 'Jing Shuiqin'" in out
    code, out, _ = run(capsys, "validate", "--format", "json", "news/e.md")
    data = json.loads(out)
    assert {d["code"] for d in data["diagnostics"]} == {"name-variant", "speaker-not-attending"}
    assert {d["field"] for d in data["diagnostics"]} == {"attendees[0].name", "speakers[0].name"}
    code, out, _ = run(capsys, "validate", "--format", "github", "news/e.md")
    assert "::warning file=news/e.md,line=6,col=11,title=name-variant::" in out
    code, _, _ = run(capsys, "validate", "--strict", "news/e.md")
    assert code == 1


def test_speaker_not_attending_only_when_attendees_name_people(tmp_path: Path) -> None:
    folder = tmp_path / "n"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\ntitle: A\ndate: 2024-01-01\nstatus: draft\nattendees:\n  - group: members of the public\n"
        "  - name: Ana Ruiz\nspeakers:\n  - name: Lee Park\n---\n\nLee Park spoke.\n",
        encoding="utf-8",
    )
    (folder / "b.md").write_text(
        "---\ntitle: B\ndate: 2024-01-01\nstatus: draft\nspeakers:\n  - name: Lee Park\n---\n\nLee Park spoke.\n",
        encoding="utf-8",
    )
    assert codes(validate_paths([folder])) == []


def test_people_checks_follow_the_field_roles(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "newsdesk.toml").write_text(
        '[articles.roles]\nattendees = "participants"\n[articles.roles.person]\nname = "full_name"\n'
        '[fields.participants]\ntype = "list"\nitems = "object"\n'
        '[fields.participants.fields.full_name]\ntype = "string"\n'
        '[fields.participants.fields.role]\ntype = "string"\n',
        encoding="utf-8",
    )
    for name, who in (("a.md", "Ana Ruiz"), ("b.md", "Ana Ruiz"), ("c.md", "Ana  RUIZ")):
        (folder / name).write_text(
            f"---\ntitle: T\ndate: 2024-01-0{(name[0] == 'c' and 3) or 1}\nstatus: draft\n"
            f"participants:\n  - full_name: {who}\n---\n\nBody.\n",
            encoding="utf-8",
        )
    report = validate_paths([folder])
    found = [(path.name, p.code, p.field) for path, p in report.diagnostics() if p.code == "name-variant"]
    assert found == [("c.md", "name-variant", "participants[0].full_name")]


def test_bundled_articles_validate_with_only_the_intended_people_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    report = validate_paths([folder])
    assert report.errors == 0
    people = {(path.name, p.code) for path, p in report.diagnostics()}
    assert {code for _, code in people} == {"name-variant", "role-changed", "speaker-not-attending"}
    assert report.warnings == len(codes(report))  # nothing but the intended people warnings
    expected_files = {
        "2022-05-12-graduate-employment-fair.md",
        "2022-09-08-autumn-semester-opening-ceremony.md",
        "2023-02-21-spring-employment-meeting-2023.md",
        "2024-06-05-deputy-vice-chancellor-appointed.md",
    }
    assert {name for name, _ in people} == expected_files


def test_validate_without_people_does_not_import_the_matchers(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: A\ndate: 2024-01-01\nstatus: draft\n---\n\nBody.\n", encoding="utf-8")
    code = (
        "import sys\nfrom newsdesk.cli import main\n"
        f"rc = main(['validate', {str(path)!r}])\n"
        "print(rc, 'rapidfuzz' in sys.modules, 'pypinyin' in sys.modules)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.split()[-3:] == ["0", "False", "False"]


# -- newsdesk people ---------------------------------------------------------------------------------


def test_people_table(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "people", "news")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["name", "att", "spk", "last", "role"]
    liu = next(line for line in lines if line.startswith("Liu Hong"))
    assert liu.split()[2:5] == ["5", "1", "2024-05-10"]
    assert "President" in liu and "(+2 spellings)" in liu
    code, out, _ = run(capsys, "people", "news", "--sort", "count")
    assert out.splitlines()[1].startswith("Liu Hong")


def test_people_json(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "people", "news", "--json")
    data = json.loads(out)
    liu = next(p for p in data["people"] if p["name"] == "Liu Hong")
    assert liu["spellings"] == {"Liu Hong": 3, "Prof. Liu Hong": 1, "Hong Liu": 1}
    assert (liu["attended"], liu["spoke"], liu["first_date"], liu["last_date"]) == (
        5,
        1,
        "2024-01-10",
        "2024-05-10",
    )
    assert [r["role"] for r in liu["roles"]] == ["Dean", "President"]
    assert liu["appearances"][0]["date"] == "2024-05-10"
    assert data["groups"] == []


def test_one_person(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "people", "news", "--person", "hong liu")
    assert code == 0
    assert out.startswith("Liu Hong\n  written: Liu Hong (3), Prof. Liu Hong (1), Hong Liu (1)")
    assert "Dean — 2024-01-10 to 2024-03-10, 3 articles" in out
    assert out.index("2024-05-10") < out.index("2024-01-10  attendee")
    code, out, _ = run(capsys, "people", "news", "--person", "Chang Junyue", "--json")
    data = json.loads(out)
    assert data["suggestions"][0]["kind"] == "near-miss"


def test_no_such_person(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "people", "news", "--person", "Liu Hung")
    assert code == 1
    assert err == "newsdesk: no person named 'Liu Hung' (closest: Liu Hong)\n"


def test_similar(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "people", "news", "--similar")
    assert code == 0
    assert out.startswith("Chang Junyu (1 article) ~ Chang Junyue (2 articles): near-miss, ")
    code, out, _ = run(capsys, "people", "news", "--similar", "--json")
    assert json.loads(out)[0]["kind"] == "near-miss"


def test_write_aliases(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "people", "news", "--write-aliases", "--dry-run")
    assert code == 0 and not (newsroom / "people.toml").exists()
    code, _, err = run(capsys, "people", "news", "--write-aliases")
    assert code == 0 and "wrote news/people.toml: 2 persons to check" in err
    text = (newsroom / "people.toml").read_text(encoding="utf-8")
    assert text == out
    import tomllib

    data = tomllib.loads(text)
    assert data["person"] == [
        {"name": "Chang Junyue", "aliases": []},
        {"name": "Liu Hong", "aliases": ["Prof. Liu Hong", "Hong Liu"]},
    ]
    assert '# "Chang Junyu",  # near-miss' in text
    # Written again: nothing new to add, the file is left alone.
    code, _, err = run(capsys, "people", "news", "--write-aliases")
    assert code == 0 and "nothing to add" in err
    assert (newsroom / "people.toml").read_text(encoding="utf-8") == text
    # The file is what the index honours from now on.
    code, out, _ = run(capsys, "people", "news", "--person", "Prof. Liu Hong")
    assert "[people.toml]" in out


def test_people_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "people", str(tmp_path / "nope"))
    assert code == 2 and "no such file or folder" in err
    code, _, err = run(capsys, "people", str(tmp_path), "--dry-run")
    assert code == 2 and "--dry-run goes with --write-aliases" in err


def test_people_names_are_shown_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "a.md").write_text(
        '---\ntitle: A\ndate: 2024-01-01\nstatus: draft\nattendees:\n  - name: "Evil\\e]52;c;aGk=\\aName"\n---\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "people", str(folder))
    assert code == 0 and "\x1b" not in out and "^[" in out


def test_the_app_and_validate_share_the_cached_index(newsroom: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app opened on 'news' and validate finding the folder through newsdesk.toml (an
    absolute path) read each other's rows: a one-file run reads no other file."""
    from newsdesk.core.check.people_check import cache_dir
    from newsdesk.core.folder.index import FolderIndex, cache_file_for, cache_tag
    from newsdesk.core.rules.schema import schema_for
    from newsdesk.core.rules.validate import validate_article

    (newsroom.parent / "newsdesk.toml").write_text('[articles]\nfolder = "news"\n', encoding="utf-8")
    schema = schema_for(newsroom)
    assert schema.folder is not None and schema.folder.is_absolute()
    app_index = FolderIndex(
        Path("news"),
        checker=lambda a: validate_article(a, schema),
        cache_file=cache_file_for(Path("news"), cache_dir()),
        cache_tag=cache_tag(schema),
    )
    app_index.scan()
    assert app_index.save_cache()
    read: list[Path] = []
    original = FolderIndex.load_entry

    def counting(self: FolderIndex, path: Path) -> object:
        read.append(path)
        return original(self, path)

    monkeypatch.setattr(FolderIndex, "load_entry", counting)
    report = validate_paths([Path("news/c.md")])
    assert read == []
    assert ("c.md", 6, 11, "name-variant") in codes(report)


def test_write_aliases_with_hostile_names_stays_valid_toml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import tomllib

    folder = tmp_path / "h"
    folder.mkdir()
    evil = 'Li\\nWei \\"x\\" \\e[31m'
    for name, who in (
        ("a.md", "Li Wei"),
        ("b.md", "li wei"),
        ("c.md", evil),
        ("d.md", evil.replace("Li", "LI")),
    ):
        (folder / name).write_text(
            f'---\ntitle: T\ndate: 2024-01-01\nstatus: draft\nattendees:\n  - name: "{who}"\n---\n',
            encoding="utf-8",
        )
    code, _, _ = run(capsys, "people", str(folder), "--write-aliases")
    assert code == 0
    data = tomllib.loads((folder / "people.toml").read_text(encoding="utf-8"))
    names = {p["name"] for p in data["person"]}
    assert "Li Wei" in names and any("\n" in n for n in names)


def test_broken_people_toml_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: T\ndate: 2024-01-01\nstatus: draft\n---\n", encoding="utf-8")
    for content in (b"\xff\xfe not utf-8", b"x" * 1_000_002, b'[[person]]\nname = "A"\naliases = "B"\n'):
        (folder / "people.toml").write_bytes(content)
        code, _, err = run(capsys, "people", str(folder))
        assert code == 2 and "people.toml" in err and "Traceback" not in err


def test_a_damaged_cache_is_read_around(newsroom: Path) -> None:
    """A cache row whose people are not what newsdesk wrote: the file is read again, no crash."""
    import json as json_

    validate_paths([Path("news/c.md")])  # writes the cache
    [cache_file] = (Path(os.environ["XDG_CACHE_HOME"]) / "newsdesk").glob("index-*.json")
    data = json_.loads(cache_file.read_text(encoding="utf-8"))
    for row in data["entries"]:
        row[-1] = '[["attendee", "not a number", 3]]'
    cache_file.write_text(json_.dumps(data), encoding="utf-8")
    for people in cache_file.parent.glob("people-*.json"):  # read instead of the index when valid
        people.unlink()
    report = validate_paths([Path("news/c.md")])
    assert ("c.md", 6, 11, "name-variant") in codes(report)


def test_pre_commit_on_an_article_naming_nobody_imports_only_what_checking_it_needs(tmp_path: Path) -> None:
    """``validate ONE.md`` of an article without attendees or speakers: no people warning can
    come, so the people index, its checks and git (review) are not even imported (pre-commit
    start-up time); an article that names people still gets them (the next tests)."""
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: A\ndate: 2024-01-01\nstatus: draft\n---\n\nBody.\n", encoding="utf-8")
    code = (
        "import sys\nfrom newsdesk.cli import main\n"
        f"rc = main(['validate', {str(path)!r}])\n"
        "print(rc, sorted(m for m in sys.modules if m in ('newsdesk.core.persons.people', "
        "'newsdesk.core.persons.refs', 'newsdesk.core.persons.names', 'newsdesk.core.persons.config', "
        "'newsdesk.core.check.people_check', 'subprocess', 'textual')))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.split()[-2:] == ["0", "[]"]
