"""References (issue 20 §1): fields whose values are slugs naming profiles.

The test sites in tests/sites (see their README) are copied before use. Until issue 20 §2-3
lands in this branch, `init --detect` + `validate` still report its false alarms (a README
without front matter, ``permalink`` text, ``author`` as a list): these tests assert on the
reference errors only, and that nothing else is an ``unknown-reference``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core.folder.index import FolderIndex, schema_checker
from newsdesk.core.rules.references import load_profiles, profile_keys
from newsdesk.core.rules.schema import SchemaError, SchemaLookup, parse_schema, schema_for

SITES = Path(__file__).resolve().parents[2] / "sites"
SAMPLE = Path(__file__).resolve().parents[4] / "shared" / "realworld" / "digitalgov-sections-sample"


def _site(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(SITES / name, target)
    return target


def _detect(site: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["init", "--detect", str(site)]) == 0
    return capsys.readouterr().out


def _validate(site: Path, capsys: pytest.CaptureFixture[str], *paths: Path) -> list[str]:
    main(["validate", *(str(p) for p in paths or (site,))])
    return [line for line in capsys.readouterr().out.splitlines() if "unknown-reference" in line]


def test_jekyll_detect_finds_the_presenters_and_the_authors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path, "jekyll-conference")
    out = _detect(site, capsys)
    talks = (site / "_talks" / "newsdesk.toml").read_text()
    assert 'speakers = "presenter_slugs"' in talks
    assert (
        '[references.presenters]\nfiles = "../_presenters/*.md"\nname = "name"\norganization = "company"'
        in talks
    )
    assert "a reference: 10 of 11 values name a profile in _presenters/*.md; 1 a near miss" in talks
    assert re.search(r'\[fields\.presenter_slugs\]\n(?:.*\n)*?ref = "presenters"', talks)
    posts = (site / "_posts" / "newsdesk.toml").read_text()
    assert 'byline = "author"' in posts and 'ref = "presenters"' in posts
    drafts = (site / "_drafts" / "newsdesk.toml").read_text()  # a section of its own (status_fixed)
    assert 'files = "../_presenters/*.md"' in drafts and 'ref = "presenters"' in drafts
    # the run lists the near misses, as validate will report them
    assert "_talks/typed-pipelines.md: presenter_slugs: 'john-mcLaughlin' matches no profile" in out
    assert "_drafts/sponsor-thanks.md: author: 'jane-dough' matches no profile" in out
    # the profiles' own section refers to nothing
    assert "ref =" not in (site / "_presenters" / "newsdesk.toml").read_text()


def test_jekyll_validate_reports_exactly_the_planted_references(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(tmp_path, "jekyll-conference")
    _detect(site, capsys)
    found = _validate(site, capsys)
    assert len(found) == 2
    assert found[0].startswith(str(site / "_drafts" / "sponsor-thanks.md") + ":5:9: error[unknown-reference]")
    assert "'jane-dough' matches no profile" in found[0] and "(did you mean 'jane-doe'?)" in found[0]
    assert found[1].startswith(str(site / "_talks" / "typed-pipelines.md") + ":4:5: error[unknown-reference]")
    assert "(did you mean 'john-mclaughlin'?)" in found[1]
    # speaker-not-in-body by the profiles' names: these talks name none of their speakers
    main(["validate", str(site)])
    assert "speaker-not-in-body" not in capsys.readouterr().out


def test_validate_one_file_reports_an_unknown_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pre-commit checks a file alone: the profiles' keys come from one listing."""
    site = _site(tmp_path, "jekyll-conference")
    _detect(site, capsys)
    found = _validate(site, capsys, site / "_talks" / "typed-pipelines.md")
    assert len(found) == 1 and "did you mean 'john-mclaughlin'?" in found[0]
    assert _validate(site, capsys, site / "_talks" / "closing-panel.md") == []


def test_eleventy_data_file_profiles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _site(tmp_path, "eleventy-blog")
    _detect(site, capsys)
    schema = (site / "newsdesk.toml").read_text()
    assert '[references.authors]\ndata = "src/_data/authors.json"\nname = "name"\nrole = "title"' in schema
    assert 'photo = "avatar"' in schema
    found = _validate(site, capsys)
    assert len(found) == 1
    assert "2023-08-14-tokens.md:4:9: error[unknown-reference]" in found[0]
    assert (
        "'dan-willaims' matches no profile in src/_data/authors.json (did you mean 'dan-williams'?)"
        in found[0]
    )
    # the list and the people index show the authors by name; people counts what they wrote
    main(["list", "--json", str(site)])
    rows = {Path(r["path"]).name: r for r in json.loads(capsys.readouterr().out)}
    assert rows["2016-03-04-hello-world.md"]["byline"] in {
        "Dan Williams",
        "Rosa Martínez",
        "Sam Lee",
        "Ngozi Eze",
        "Marc Dubois",
    }
    assert rows["2019-11-03-interviews.md"]["byline"] == "Ngozi Eze"
    assert main(["people", "--json", str(site)]) == 0
    people = {p["name"]: p for p in json.loads(capsys.readouterr().out)["people"]}
    assert people["Ngozi Eze"]["wrote"] >= 1
    assert "ngozi-eze" not in people


def test_show_gives_the_profiles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _site(tmp_path, "jekyll-conference")
    _detect(site, capsys)
    os.chdir(site)
    assert main(["show", "_talks/closing-panel.md"]) == 0
    out = capsys.readouterr().out
    assert (
        "presenter_slugs (3):\n  - Amara Okafor — City of Riverton (amara-okafor)\n  - Jane Doe — Acme Analytics (jane-doe)"
        in out
    )
    assert main(["show", "--json", "_posts/2024-03-04-speakers-announced.md"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["references"]["author"][0]["name"] == "Jane Doe"
    assert doc["references"]["author"][0]["profile"].endswith("_presenters/jane-doe.md")
    assert main(["show", "_drafts/sponsor-thanks.md"]) == 1
    captured = capsys.readouterr()
    assert "author: jane-dough (no such profile)" in captured.out
    assert "did you mean 'jane-doe'?" in captured.err


def test_the_index_follows_a_profile_that_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Entries keep the resolved names (and the cache keeps them): a profile's change must make the
    articles naming it be read again, as a changed section schema does."""
    site = _site(tmp_path, "jekyll-conference")
    _detect(site, capsys)
    base = schema_for(site)
    lookup = SchemaLookup(site, base)
    index = FolderIndex(site, schema_checker(lookup), schemas=lookup)
    index.scan()
    post = site / "_posts" / "2024-03-04-speakers-announced.md"
    talk = site / "_talks" / "closing-panel.md"
    assert index.entries[post].byline == "Jane Doe"
    assert ("speaker", 1, "Jane Doe", None, "Acme Analytics", None, None) in index.entries[talk].persons
    assert "Jane Doe" in index.entries[talk].people
    profile = site / "_presenters" / "jane-doe.md"
    time.sleep(0.01)
    profile.write_text(profile.read_text().replace("name: Jane Doe", "name: Jane Doe-Ray"))
    changed, _ = index.changed_paths()
    assert post in changed and talk in changed
    index.refresh()
    assert index.entries[post].byline == "Jane Doe-Ray"


def test_profiles_by_a_slug_field_and_by_folder(tmp_path: Path) -> None:
    (tmp_path / "people" / "ann").mkdir(parents=True)
    (tmp_path / "people" / "ann" / "_index.md").write_text("---\ndisplay_name: Ann Lee\nslug: ann-lee\n---\n")
    (tmp_path / "people" / "bob").mkdir()
    (tmp_path / "people" / "bob" / "_index.md").write_text("---\ndisplay_name: Bob Roy\n---\n")
    (tmp_path / "people" / "_index.md").write_text("---\ntitle: People\n---\n")
    text = '[references.people]\nfiles = "people/*/_index.md"\nname = "display_name"\n'
    spec = parse_schema(text, tmp_path / "newsdesk.toml").references["people"]
    assert profile_keys(spec) == {"ann", "bob"}  # folder names: one listing
    by_slug = parse_schema(text + 'key = "slug"\n', tmp_path / "newsdesk.toml").references["people"]
    assert sorted(load_profiles(by_slug)) == ["ann-lee", "bob"]  # no slug field: the folder name
    assert load_profiles(by_slug)["ann-lee"].name == "Ann Lee"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[fields.a]\nref = "nobody"\n', "fields.a.ref names no [references.nobody] table"),
        ('[references.p]\nname = "name"\n', "references.p needs one of 'files'"),
        ('[references.p]\nfiles = "people/*/*.md"\n', "exactly one *"),
        ('[references.p]\ndata = "people.xml"\n', "must be a .json"),
        ('[references.p]\nfiles = "p/*.md"\ncolour = "x"\n', "unknown setting 'colour'"),
        (
            '[references.p]\nfiles = "p/*.md"\n[fields.a]\ntype = "date"\nref = "p"\n',
            "a reference is a string or a list",
        ),
    ],
)
def test_broken_references_are_schema_errors(text: str, message: str) -> None:
    with pytest.raises(SchemaError) as caught:
        parse_schema(text)
    assert message in str(caught.value)
    assert caught.value.line is not None


def test_data_file_profiles_csv_and_yaml(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("slug,name,org\nann,Ann Lee,Acme\nbob,Bob Roy,\n")
    (tmp_path / "people.yml").write_text("- {id: ann, name: Ann Lee}\n- {id: bob, name: Bob Roy}\n")
    (tmp_path / "broken.json").write_text("{ not json")
    csv = parse_schema('[references.p]\ndata = "people.csv"\norganization = "org"\n', tmp_path / "n.toml")
    profiles = load_profiles(csv.references["p"])
    assert profiles["ann"].organization == "Acme" and profiles["bob"].organization is None
    yml = parse_schema('[references.p]\ndata = "people.yml"\nkey = "id"\n', tmp_path / "n.toml")
    assert sorted(load_profiles(yml.references["p"])) == ["ann", "bob"]
    broken = parse_schema('[references.p]\ndata = "broken.json"\n', tmp_path / "n.toml")
    assert load_profiles(broken.references["p"]) == {}  # never raises: every slug is then unknown


def test_digitalgov_authors_are_profiles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not SAMPLE.is_dir():
        pytest.skip("../shared/realworld is not present in this checkout")
    site = tmp_path / "sample"
    shutil.copytree(SAMPLE, site)
    _detect(site, capsys)
    events = site / "content" / "events"
    schema = events / "newsdesk.toml"
    # The sample holds 30 of the site's author profiles (a-names): detect cannot tell, by rate,
    # that authors are references; a site's editor says so.
    text = schema.read_text()
    text = text.replace("[fields.authors]\n", '[fields.authors]\nref = "authors"\n', 1)
    text = text.replace(
        "[articles.roles]\n",
        '[references.authors]\nfiles = "../authors/*/_index.md"\nname = "display_name"\n'
        'organization = "agency_full_name"\n\n[articles.roles]\n',
        1,
    )
    schema.write_text(text)
    written = next(p for p in events.rglob("*.md") if "administrator-robin-carnahan" in p.read_text())
    typo = written.with_name("typo.md")
    typo.write_text(
        written.read_text().replace("administrator-robin-carnahan", "administrator-robin-carnahn")
    )
    main(["list", "--json", str(events)])
    rows = {Path(r["path"]).name: r for r in json.loads(capsys.readouterr().out)}
    assert "Robin Carnahan" in rows[written.name]["byline"]
    found = [line for line in _validate(site, capsys, typo) if "carnahn" in line]
    assert len(found) == 1 and "did you mean 'administrator-robin-carnahan'?" in found[0]
    # (the event's other authors have no profile in this 30-profile sample: errors too)
    main(["people", "--json", str(events)])
    people = {p["name"]: p for p in json.loads(capsys.readouterr().out)["people"]}
    robin = next(p for name, p in people.items() if "Robin Carnahan" in name)
    assert robin["wrote"] == 1
