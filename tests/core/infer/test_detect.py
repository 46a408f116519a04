"""``newsdesk init --detect``: inferring a schema from a site's articles.

The central promise is checked again and again: after the inferred schema is written,
``newsdesk validate`` on the same folder reports exactly the outliers the run listed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.cli import main
from newsdesk.core.check.batch import validate_paths
from newsdesk.core.infer.detect import Detection, detect, schema_data, toml_key, toml_string
from newsdesk.core.rules.schema import parse_schema

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"
REALWORLD = Path(__file__).resolve().parents[4] / "shared" / "realworld"


def art(folder: Path, name: str, front: str, body: str = "Body.\n", fmt: str = "yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    fence = "---" if fmt == "yaml" else "+++"
    path.write_text(f"{fence}\n{front.strip()}\n{fence}\n{body}", encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write_all(detection: Detection) -> None:
    for section in detection.sections:
        section.target.write_text(section.text, encoding="utf-8")


def _norm(field: str | None) -> str | None:
    return re.sub(r"\[\d+\]", "[]", field) if field else field


def assert_validate_reports_only_outliers(folder: Path, detection: Detection) -> None:
    """Write the schemas, validate the folder: the diagnostics are exactly the listed outliers."""
    write_all(detection)
    report = validate_paths([folder], jobs=1, people=False)  # schema checks: people are apart
    broken = {path for path, _ in detection.unusable}
    got = {(path, _norm(p.field)) for path, p in report.diagnostics() if path not in broken}
    want = {(o.path, o.field) for o in detection.outliers if o.path not in broken}
    assert got == want
    assert {path for path, _ in report.diagnostics() if path in broken} == broken


def field_spec(detection: Detection, name: str, section: str = ".") -> dict[str, object]:
    found = next(s for s in detection.sections if s.rel == section)
    data = tomllib.loads(found.text)
    spec: dict[str, object] = data["fields"][name]
    return spec


# -- types ---------------------------------------------------------------------------------


def test_each_type_is_inferred(tmp_path: Path) -> None:
    statuses = ["draft", "published", "published", "review"]
    for i in range(12):
        art(
            tmp_path,
            f"a{i:02d}.md",
            f"""
title: Story number {i}
summary: |
  First line of a summary.
  Second line {i}.
published: 2023-01-{i + 1:02d}
updated: 2023-12-{i + 1:02d} 09:00:00 -0500
count: {i * 3}
featured: {"true" if i % 2 else "false"}
link: https://example.org/{i}
status: {statuses[i % 4]}
tags: [a{i}, b]
people:
  - name: Person {i}
    role: Editor
image:
  src: /img/{i}.png
  alt: Picture {i}
""",
        )
    detection = detect(tmp_path)
    assert [s.rel for s in detection.sections] == ["."]
    data = tomllib.loads(detection.sections[0].text)["fields"]
    assert data["title"] == {"type": "string", "required": True}
    assert data["summary"]["type"] == "text"
    assert data["published"]["type"] == "date"
    assert data["updated"]["type"] == "datetime"  # Hugo's "2023-12-28 09:00:00 -0500" is text in YAML
    assert data["count"]["type"] == "integer"
    assert data["featured"]["type"] == "boolean"
    assert data["link"]["type"] == "url"
    assert data["status"] == {"type": "enum", "required": True, "values": ["draft", "review", "published"]}
    assert data["tags"] == {"type": "list", "required": True, "items": "string"}
    assert data["people"]["items"] == "object"
    assert data["people"]["fields"] == {
        "name": {"type": "string", "required": True},
        "role": {"type": "string", "required": True},
    }
    assert data["image"]["type"] == "object"
    assert set(data["image"]["fields"]) == {"src", "alt"}
    assert detection.outliers == []
    assert_validate_reports_only_outliers(tmp_path, detection)


def test_hugo_datetime_forms_and_native_datetimes(tmp_path: Path) -> None:
    forms = [
        "2023-12-28 09:00:00 -0500",  # Hugo's usual form: a string to YAML
        "2023-12-28T09:00:00-05:00",  # a YAML timestamp
        '"2023-12-28T09:00:00Z"',  # quoted
        "2023-12-28 09:00",
    ]
    for i, form in enumerate(forms * 2):
        art(tmp_path, f"p{i}.md", f"title: P{i}\ndate: {form}")
    detection = detect(tmp_path)
    assert field_spec(detection, "date") == {"type": "datetime", "required": True}
    assert "date-times like 2023-12-28 09:00:00 -0500" in detection.sections[0].text
    assert_validate_reports_only_outliers(tmp_path, detection)


def test_toml_front_matter_dates_and_tables(tmp_path: Path) -> None:
    for i in range(6):
        art(
            tmp_path,
            f"t{i}.md",
            f'title = "T{i}"\ndate = 2024-05-{i + 10}T10:00:00Z\nauthors = ["a", "b{i}"]\n'
            f'[extra]\nlocal_image = "/x{i}.png"\nweight = {i}\n',
            fmt="toml",
        )
    detection = detect(tmp_path)
    section = detection.sections[0]
    assert section.format == "toml"
    data = tomllib.loads(section.text)
    assert data["fields"]["date"]["type"] == "datetime"
    assert data["fields"]["extra"]["fields"]["weight"]["type"] == "integer"
    assert data["articles"]["roles"] == {"title": "title", "date": "date", "byline": "authors"}
    assert_validate_reports_only_outliers(tmp_path, detection)


def test_string_text_url_and_enum_boundaries(tmp_path: Path) -> None:
    for i in range(10):
        art(
            tmp_path,
            f"b{i}.md",
            f"""
slug: story-{i}
deck: {"A long deck that goes on and on " * 5}{i}
source: {f"https://example.org/{i}" if i else "example.org"}
kind: {"news" if i % 2 else "opinion"}
lang: en
once: {"x" if i == 0 else '""'}
""",
        )
    detection = detect(tmp_path)
    data = tomllib.loads(detection.sections[0].text)["fields"]
    assert data["slug"]["type"] == "string"  # every value different: not an enum
    assert data["deck"]["type"] == "text"  # long on average
    assert data["source"]["type"] == "string"  # one value is not a web address
    assert data["kind"] == {"type": "enum", "required": True, "values": ["opinion", "news"]} or data[
        "kind"
    ] == {
        "type": "enum",
        "required": True,
        "values": ["news", "opinion"],
    }
    assert data["lang"]["type"] == "string"  # a single value is not an enum
    assert "once" in data and "required" not in data["once"]
    assert_validate_reports_only_outliers(tmp_path, detection)


def test_required_means_nearly_every_article(tmp_path: Path) -> None:
    for i in range(40):
        extra = "" if i == 7 else "topic: x\n"
        blank = 'deck: ""\n' if i < 3 else "deck: A deck\n"
        art(tmp_path, f"r{i:02d}.md", f"title: R{i}\n{extra}{blank}")
    detection = detect(tmp_path)
    assert field_spec(detection, "topic").get("required") is True  # 39 of 40
    assert "required" not in field_spec(detection, "deck")  # 37 of 40 not blank: under 95%
    outliers = detection.outliers
    assert [(o.path.name, o.field) for o in outliers] == [("r07.md", "topic")]
    assert "missing" in outliers[0].message and "39 of 40" in outliers[0].message
    assert_validate_reports_only_outliers(tmp_path, detection)


def test_few_articles_make_nothing_required(tmp_path: Path) -> None:
    art(tmp_path, "one.md", "title: Only one")
    art(tmp_path, "two.md", "title: Only two")
    detection = detect(tmp_path)
    assert field_spec(detection, "title") == {"type": "string"}


# -- outliers ------------------------------------------------------------------------------


def test_an_integer_field_with_one_string_is_integer_and_the_file_is_listed(tmp_path: Path) -> None:
    for i in range(30):
        art(tmp_path, f"w{i:02d}.md", f"title: W{i}\nweight: {i}")
    odd = art(tmp_path, "w99.md", "title: W99\nweight: heavy")
    detection = detect(tmp_path)
    assert field_spec(detection, "weight") == {"type": "integer", "required": True}
    assert [(o.path, o.field) for o in detection.outliers] == [(odd, "weight")]
    assert "30 of 31" in detection.outliers[0].message
    assert "outliers: text in 1 (w99.md)" in detection.sections[0].text
    assert_validate_reports_only_outliers(tmp_path, detection)


def test_more_outliers_match_what_validate_reports(tmp_path: Path) -> None:
    body = "Speaking: Ana Diaz.\n"
    for i in range(24):
        art(
            tmp_path,
            f"o{i:02d}.md",
            f"""
title: O{i}
date: 2024-03-{i + 1:02d}
status: {"published" if i % 3 else "draft"}
section: {"news" if i % 2 else "sport"}
tags: [x, y]
speakers:
  - name: Ana Diaz
""",
            body,
        )
    art(tmp_path, "x1.md", "title: X1\ndate: 2024-02-30\nstatus: draft\nsection: news\ntags: [x]\n", body)
    art(tmp_path, "x2.md", "title: X2\ndate: 2024-03-01\nstatus: pubished\nsection: news\ntags: [x]\n", body)
    art(tmp_path, "x3.md", "title: X3\ndate: 2024-03-01\nstatus: draft\nsectoin: news\ntags: [x]\n", body)
    art(tmp_path, "x4.md", "title: X4\ndate: 2024-03-01\nstatus: draft\nsection: news\ntags: x\n", body)
    art(
        tmp_path,
        "x5.md",
        "title: X5\ndate: 2024-03-01\nstatus: draft\nsection: news\ntags: [x, 3]\n"
        "speakers:\n  - name: Bo Li\n  - name: Bo  li\n",
        body,
    )
    detection = detect(tmp_path)
    data = tomllib.loads(detection.sections[0].text)["fields"]
    assert data["status"]["values"] == ["draft", "published"]  # 'pubished' is a typo, not a value
    assert "sectoin" not in data  # a typo of 'section', left out
    assert data["date"]["type"] == "date"
    found = {(o.path.name, o.field) for o in detection.outliers}
    assert found == {
        ("x1.md", "date"),
        ("x2.md", "status"),
        ("x3.md", "sectoin"),
        ("x3.md", "section"),
        ("x4.md", "tags"),
        ("x5.md", "tags[]"),
        ("x5.md", "speakers[].name"),  # the same name twice, and never named in the body
    }
    messages = " ".join(o.message for o in detection.outliers)
    assert "probably a typo of 'published'" in messages and "probably a typo of 'section'" in messages
    assert_validate_reports_only_outliers(tmp_path, detection)


def test_broken_files_are_reported_not_guessed_from(tmp_path: Path) -> None:
    for i in range(5):
        art(tmp_path, f"g{i}.md", f"title: G{i}\ncount: {i}")
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\ncount: many\n---\n")
    (tmp_path / "dup.md").write_text("---\ntitle: D\ntitle: E\ncount: lots\n---\n")
    (tmp_path / "none.md").write_text("just text\n")
    detection = detect(tmp_path)
    assert field_spec(detection, "count") == {"type": "integer", "required": True}
    assert sorted(p.name for p, _ in detection.unusable) == ["broken.md", "dup.md", "none.md"]
    assert {p.code for _, p in detection.unusable} == {"yaml-syntax", "duplicate-key", "no-front-matter"}
    assert detection.sections[0].files == 5
    assert_validate_reports_only_outliers(tmp_path, detection)


def test_values_no_type_fits_are_left_out_and_reported(tmp_path: Path) -> None:
    for i in range(6):
        art(tmp_path, f"f{i}.md", f"title: F{i}\nyears: [2020, 2021]\nat: [1.5]")
    detection = detect(tmp_path)
    data = tomllib.loads(detection.sections[0].text)["fields"]
    assert "at" not in data and "years" not in data
    left = " ".join(detection.sections[0].left_out)
    assert "at" in left and "years" in left and "no field type fits" in left
    assert "# at (left out):" in detection.sections[0].text
    assert_validate_reports_only_outliers(tmp_path, detection)  # validate warns: unknown fields


def test_list_of_objects_with_alternative_keys_gets_required_one_of(tmp_path: Path) -> None:
    for i in range(20):
        people = "  - name: A\n    role: R\n  - group: all staff\n" if i % 2 else "  - name: B\n"
        art(tmp_path, f"l{i:02d}.md", f"title: L{i}\nattendees:\n{people}")
    odd = art(tmp_path, "l99.md", "title: L99\nattendees:\n  - role: Someone\n")
    detection = detect(tmp_path)
    spec = field_spec(detection, "attendees")
    assert spec["required_one_of"] == [["name", "group"]]
    assert [(o.path, o.field) for o in detection.outliers] == [(odd, "attendees[]")]
    assert_validate_reports_only_outliers(tmp_path, detection)


# -- sections ------------------------------------------------------------------------------


def make_hugo_site(root: Path) -> Path:
    content = root / "content"
    art(content, "_index.md", "title: Home")
    art(content, "news/_index.md", "title: News\nsummary: All the news")
    for i in range(8):
        art(
            content,
            f"news/2023/{i + 1:02d}/story-{i}.md",
            f"title: Story {i}\ndate: 2023-{i + 1:02d}-02 10:00:00 -0500\nauthors: [ana]\n"
            f"summary: What happened {i}\ntopics: [design]\nslug: story-{i}",
        )
    art(content, "events/_index.md", "title: Events\nsummary: Come along")
    for i in range(6):
        art(
            content,
            f"events/2023/event-{i}.md",
            f"title: Event {i}\ndate: 2023-03-0{i + 1} 14:00:00 -0500\n"
            f"end_date: 2023-03-0{i + 1} 15:00:00 -0500\nregistration_url: https://example.org/{i}\n"
            f"host: Team {i}\nevent_platform: zoom",
        )
    art(content, "authors/_index.md", "title: Authors")
    for i in range(7):
        art(
            content,
            f"authors/person-{i}/_index.md",
            f"display_name: Person {i}\nfirst_name: P\nlast_name: L{i}\ngithub: p{i}\nslug: person-{i}",
        )
    return content


def test_sections_get_one_schema_each(tmp_path: Path) -> None:
    make_hugo_site(tmp_path)
    detection = detect(tmp_path)
    assert detection.split
    # The home page (content/_index.md) is in no section: the schema at the top covers it.
    assert [s.rel for s in detection.sections] == [
        ".",
        "content/authors",
        "content/events",
        "content/news",
    ]
    home, authors, events, news = detection.sections
    assert home.files == 1  # only the home page is left for content/ itself
    assert authors.list_pages == ("content/authors/_index.md",)
    assert "display_name" in authors.fields and "end_date" not in authors.fields
    assert events.fields["end_date"].type == "datetime"
    assert events.fields["registration_url"].type == "url"
    # _index.md section pages: a Hugo site, so the status is Hugo's draft flag (none set one)
    hugo = {"status": "draft"}
    assert news.roles == {"title": "title", "date": "date", "byline": "authors", "summary": "summary", **hugo}
    assert authors.roles == {"title": "display_name", **hugo}  # 'title' is only on the section page
    # The section page has no display_name: not required, so it passes.
    assert not authors.fields["display_name"].required
    assert "not required: the section page authors/_index.md lacks it" in authors.text
    assert events.fields["title"].required  # every event and the section page have it
    assert detection.outliers == []
    assert_validate_reports_only_outliers(tmp_path, detection)


def test_similar_and_dated_folders_are_not_sections(tmp_path: Path) -> None:
    for folder in ("2021", "2022", "blog", "posts"):
        for i in range(6):
            extra = f"weight: {i}\n" if folder == "2021" else ""
            art(
                tmp_path,
                f"{folder}/p{i}.md",
                f"title: {folder} {i}\ndate: 2022-01-0{i + 1}\ntags: [a]\n{extra}",
            )
    detection = detect(tmp_path)
    assert not detection.split
    assert [s.rel for s in detection.sections] == ["."]
    assert_validate_reports_only_outliers(tmp_path, detection)


def test_an_existing_schema_below_is_noted(tmp_path: Path) -> None:
    for i in range(3):
        art(tmp_path, f"a/p{i}.md", f"title: P{i}")
    (tmp_path / "a" / "newsdesk.toml").write_text("[fields.title]\ntype = 'string'\n")
    detection = detect(tmp_path)
    assert detection.existing == [tmp_path / "a" / "newsdesk.toml"]


# -- roles ---------------------------------------------------------------------------------


def test_roles_from_hugo_names(tmp_path: Path) -> None:
    for i in range(4):
        draft = "draft: true\n" if i % 2 else "draft: false\n"
        art(
            tmp_path,
            f"h{i}.md",
            f"title: H{i}\npublishDate: 2024-01-0{i + 1}\nauthor: Ana\n{draft}description: About {i}\n"
            "participants:\n  - name: Bo\n",
        )
    detection = detect(tmp_path)
    assert detection.sections[0].roles == {
        "title": "title",
        "date": "publishDate",
        "byline": "author",
        "status": "draft",
        "summary": "description",
        "attendees": "participants",
    }
    roles = tomllib.loads(detection.sections[0].text)["articles"]["roles"]
    assert roles["status"] == "draft" and roles["date"] == "publishDate"


@pytest.mark.parametrize(
    ("evidence", "flag"),
    [
        ("none", False),
        ("shortcode", True),
        ("hugo.toml", True),
        ("archetypes", True),
        ("status field", False),
    ],
)
def test_a_hugo_site_without_draft_flags_gets_the_flag_as_status(
    tmp_path: Path, evidence: str, flag: bool
) -> None:
    site = tmp_path / "site"
    folder = site / "content" / "news"
    folder.mkdir(parents=True)
    (site / ".git").mkdir()
    for i in range(4):
        body = "See {{< youtube id=x >}}.\n" if evidence == "shortcode" and i == 0 else "Text.\n"
        status = "status: draft\n" if evidence == "status field" else ""
        (folder / f"a{i}.md").write_text(f"---\ntitle: A{i}\ndate: 2024-01-0{i + 1}\n{status}---\n{body}")
    if evidence == "hugo.toml":
        (site / "hugo.toml").write_text("baseURL = 'https://example.org/'\n")
    if evidence == "archetypes":
        (site / "archetypes").mkdir()
    detection = detect(folder)
    section = detection.sections[0]
    assert (section.roles.get("status") == "draft") is flag
    assert ("draft" in section.fields) is flag
    if flag:
        assert "Hugo's draft flag" in section.text
        write_all(detection)
        assert validate_paths([folder]).errors == 0
        schema = parse_schema(section.text)
        assert schema.roles.draft_flag and schema.statuses == ("draft", "published")
    elif evidence == "status field":
        assert section.roles["status"] == "status"


# -- the TOML text -------------------------------------------------------------------------

_KEYS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@given(key=_KEYS, value=st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_toml_key_and_string_round_trip(key: str, value: str) -> None:
    assert tomllib.loads(f"{toml_key(key)} = {toml_string(value)}\n") == {key: value}
    assert tomllib.loads(f"[t.{toml_key(key)}]\nx = 1\n") == {"t": {key: {"x": 1}}}


def test_toml_string_refuses_lone_surrogates() -> None:
    with pytest.raises(ValueError):
        toml_string("a\udc80")


@settings(
    max_examples=int(os.environ.get("DETECT_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    keys=st.lists(
        st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=10),
        min_size=1,
        max_size=5,
        unique=True,
    ),
    values=st.lists(
        st.one_of(
            st.text(max_size=20),
            st.integers(-3, 3),
            st.booleans(),
            st.dates(),
            st.datetimes(),
            st.floats(allow_nan=False, allow_infinity=False),
            st.lists(st.text(max_size=5), max_size=3),
            st.dictionaries(st.sampled_from(["name", "role", "url"]), st.text(max_size=8), max_size=2),
            st.lists(st.dictionaries(st.sampled_from(["name", "group"]), st.text(max_size=8)), max_size=3),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_rendered_schema_reads_back_exactly(tmp_path: Path, keys: list[str], values: list[str]) -> None:
    import tomli_w

    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    for i in range(5):
        meta = {k: values[(i + j) % len(values)] for j, k in enumerate(keys)}
        (folder / f"a{i}.md").write_text("+++\n" + tomli_w.dumps(meta) + "+++\n", encoding="utf-8")
    detection = detect(folder)
    assert not detection.unusable and len(detection.sections) == 1
    section = detection.sections[0]
    data = tomllib.loads(section.text)
    fields = data.get("fields", {})  # no [fields] table when no type fits any field
    assert fields == schema_data(section.fields)
    articles = {"folder": ".", "format": "toml", "unknown_fields": "warn"}
    assert data["articles"] == ({**articles, "roles": section.roles} if section.roles else articles)
    assert set(fields) | {d.name for d in section.fields.values() if d.type is None} == set(keys)
    assert set(parse_schema(section.text).fields) == set(fields)
    assert_validate_reports_only_outliers(folder, detection)
    shutil.rmtree(folder)


def test_odd_field_names_and_hostile_values_round_trip(tmp_path: Path) -> None:
    for i in range(5):
        art(
            tmp_path,
            f"o{i}.md",
            f"""
"og:title": OG {i}
"with space": x
"a.b": dotted
"quote\\"d": q
"tab\\tkey": t
"\\u00e9t\\u00e9": summer
"emoji 🎉": yes please
comment: "# not a comment\\n[fields.x]\\ntype = 'evil'"
ctl: "\\e]52;c;AAAA\\a {i}"
""",
        )
    detection = detect(tmp_path)
    text = detection.sections[0].text
    data = tomllib.loads(text)
    assert set(data["fields"]) >= {"og:title", "with space", "a.b", 'quote"d', "tab\tkey", "été", "emoji 🎉"}
    assert "x" not in data["fields"]
    assert "\x1b" not in text and "\x07" not in text
    assert data["fields"] == schema_data(detection.sections[0].fields)
    parse_schema(text)
    assert_validate_reports_only_outliers(tmp_path, detection)


def test_validate_does_not_crash_on_a_key_ending_in_a_bracket(tmp_path: Path) -> None:
    # Found by the round-trip property above: a TOML key the scanner cannot place, ending in "]",
    # made validate's position fallback look for a "[" that is not there (ValueError).
    (tmp_path / "a.md").write_text('+++\n"\\u001f]" = 1\n+++\n')
    (tmp_path / "newsdesk.toml").write_text('[fields."\\u001f]"]\ntype = "string"\n')
    report = validate_paths([tmp_path], jobs=1)
    assert [p.code for _, p in report.diagnostics()] == ["type"]


def test_a_field_name_toml_cannot_hold_is_left_out() -> None:
    # The readers refuse such names (bad UTF-8, surrogate escapes), so feed the inference directly.
    from newsdesk.core.infer.detect import Node, render
    from newsdesk.core.infer.fieldtypes import Inference
    from newsdesk.core.infer.observe import observe_mapping

    node = Node()
    paths = [Path(f"s{i}.md") for i in range(3)]
    for i in range(3):
        observe_mapping(node, {"title": f"S{i}", "bad\udc80key": "x"}, i, 1)
    inference = Inference(paths, frozenset())
    fields = inference.mapping(node, "", top=True, unit="files")
    assert fields["bad\udc80key"].type is None
    assert {o.message for o in inference.outliers} == {
        "unknown field 'bad\ufffdkey': its name cannot be written in newsdesk.toml"
    }
    text = render(fields, {}, "yaml", 3, "here")
    assert set(tomllib.loads(text)["fields"]) == {"title"}


def test_deep_nesting_is_bounded(tmp_path: Path) -> None:
    deep_list = "[" * 300 + "]" * 300
    deep_map = "{a: " * 100 + "1" + "}" * 100
    for i in range(3):
        art(
            tmp_path,
            f"d{i}.md",
            f"title: D{i}\nl: {deep_list}\nm: {deep_map}\nobjs:\n  - {{a: [[{{b: 1}}]]}}",
        )
    detection = detect(tmp_path)
    text = detection.sections[0].text
    data = tomllib.loads(text)
    assert "l" not in data["fields"] and data["fields"]["m"]["type"] == "object"
    assert "nested too deep" in text
    assert_validate_reports_only_outliers(tmp_path, detection)


def test_every_file_with_its_own_keys(tmp_path: Path) -> None:
    import random
    import string

    rng = random.Random(5)
    values = ["x", "1", "true", "2020-01-01", "[a, b]", "{p: 1}", '""', "1.5"]
    for i in range(120):
        keys = {"".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 7))) for _ in range(12)}
        lines = [f"{k}: {rng.choice(values)}" for k in sorted(keys)]
        items = ", ".join(f"{k}: {rng.choice(values)}" for k in rng.sample(sorted(keys), 4))
        lines.append(f"items: [{{{items}}}, {{{items}}}]")
        art(tmp_path, f"r{i:03d}.md", "\n".join(lines))
    detection = detect(tmp_path)
    tomllib.loads(detection.sections[0].text)
    assert_validate_reports_only_outliers(tmp_path, detection)


# -- generated and real-world sets ---------------------------------------------------------


def _generate(folder: Path, count: int, **options: float) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(BENCHMARKS))
    generate(folder, count, **options)  # type: ignore[arg-type]
    (folder / "newsdesk.toml").unlink()


def test_generated_set_with_mistakes(tmp_path: Path) -> None:
    folder = tmp_path / "gen"
    _generate(folder, 500, broken=0.15, toml=0.2)
    detection = detect(folder, jobs=2)  # over the parallel threshold: forked workers
    assert detect(folder, jobs=1).sections[0].text == detection.sections[0].text
    section = detection.sections[0]
    assert section.roles["status"] == "status" and section.roles["byline"] == "byline"
    data = tomllib.loads(section.text)["fields"]
    assert data["status"]["values"] == ["draft", "review", "approved", "published"]
    assert data["attendees"]["required_one_of"] == [["name", "group"]]
    assert "sectoin" not in data
    assert detection.unusable  # the syntax errors and duplicate keys
    assert len(detection.outliers) > 20
    assert_validate_reports_only_outliers(folder, detection)


def test_generated_clean_set_has_no_outliers(tmp_path: Path) -> None:
    folder = tmp_path / "gen"
    _generate(folder, 60)
    detection = detect(folder)
    assert detection.outliers == []
    assert_validate_reports_only_outliers(folder, detection)


def _realworld(tmp_path: Path, name: str) -> Path:
    source = REALWORLD / name
    if not source.is_dir():
        pytest.skip("../shared/realworld is not present in this checkout")
    target = tmp_path / name
    shutil.copytree(source, target)
    return target


def test_realworld_news_section(tmp_path: Path) -> None:
    folder = _realworld(tmp_path, "digitalgov-news-2023")
    detection = detect(folder)
    assert [s.rel for s in detection.sections] == ["."]
    section = detection.sections[0]
    assert section.roles == {
        "title": "title",
        "date": "date",
        "byline": "authors",
        "summary": "summary",
        "status": "draft",  # Hugo shortcodes in the bodies: Hugo's draft flag, set by none
    }
    assert section.fields["draft"].type == "boolean"
    assert section.fields["date"].type == "datetime"
    assert detection.outliers == []  # see the README: this set has none
    assert_validate_reports_only_outliers(folder, detection)


def test_realworld_sections_sample(tmp_path: Path) -> None:
    folder = _realworld(tmp_path, "digitalgov-sections-sample")
    detection = detect(folder)
    assert [s.rel for s in detection.sections] == [
        "content/authors",
        "content/events",
        "content/news",
        "content/sources",
        "content/topics",
    ]
    assert [(o.path.name, o.field) for o in detection.outliers] == [
        ("2022-03-01-wireless-mobility-solutions-training-bringing-the-experts-to-you.md", "topics")
    ]
    assert_validate_reports_only_outliers(folder, detection)


# -- the command ---------------------------------------------------------------------------


def test_cli_writes_then_refuses_to_overwrite(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for i in range(4):
        art(tmp_path, f"c{i}.md", f"title: C{i}\ncount: {i}")
    code, out, err = run(capsys, "init", "--detect", str(tmp_path))
    assert code == 0 and err == ""
    assert "read 4 articles" in out and f"wrote {tmp_path / 'newsdesk.toml'}" in out
    before = (tmp_path / "newsdesk.toml").read_bytes()
    code, out, err = run(capsys, "init", "--detect", str(tmp_path))
    assert code == 1 and "already exists" in err and "--force" in err
    assert (tmp_path / "newsdesk.toml").read_bytes() == before
    code, out, _ = run(capsys, "validate", str(tmp_path))
    assert code == 0 and "4 files checked, 0 errors, 0 warnings" in out


def test_cli_dry_run_prints_and_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    make_hugo_site(tmp_path)
    code, out, err = run(capsys, "init", "--detect", "--dry-run", str(tmp_path))
    assert code == 0
    assert not list(tmp_path.rglob("newsdesk.toml"))
    assert "sub-folders hold different kinds of content" in err  # the report goes to stderr
    parts = re.split(r"^# ==> (.*) <==$", out, flags=re.MULTILINE)
    names = parts[1::2]
    assert [str(Path(n).parent.relative_to(tmp_path)) for n in names] == [
        ".",
        "content/authors",
        "content/events",
        "content/news",
    ]
    for text in parts[2::2]:
        parse_schema(text)


def test_cli_dry_run_single_schema_is_plain_toml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for i in range(3):
        art(tmp_path, f"c{i}.md", f"title: C{i}")
    code, out, _ = run(capsys, "init", "--detect", "-n", str(tmp_path))
    assert code == 0 and "==>" not in out
    assert tomllib.loads(out)["fields"]["title"]["type"] == "string"


def test_cli_force_shows_the_difference_then_replaces(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for i in range(4):
        art(tmp_path, f"c{i}.md", f"title: C{i}\ncount: {i}")
    target = tmp_path / "newsdesk.toml"
    target.write_text("# mine\n[fields.title]\ntype = 'text'\n")
    target.chmod(0o640)
    code, out, _ = run(capsys, "init", "--detect", "--force", str(tmp_path))
    assert code == 0
    assert f"--- {target} (now)" in out and f"+++ {target} (new)" in out
    assert "-# mine" in out and '+type = "integer"' in out
    assert f"replaced {target}" in out
    assert parse_schema(target.read_text()).fields["count"].type == "integer"
    assert target.stat().st_mode & 0o777 == 0o640
    code, out, _ = run(capsys, "init", "--detect", "--force", str(tmp_path))
    assert code == 0 and "is unchanged" in out and "---" not in out


def test_cli_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "init", "--detect", str(tmp_path / "missing"))
    assert code == 2 and "no such folder" in err
    code, _, err = run(capsys, "init", "--detect", str(tmp_path))
    assert code == 1 and "no articles" in err
    (tmp_path / "broken.md").write_text("---\ntitle: [\n---\n")
    code, out, err = run(capsys, "init", "--detect", str(tmp_path))
    assert code == 1 and "could be read" in err and "broken.md" in out
    code, _, err = run(capsys, "init", "--detect", "-j", "0", str(tmp_path))
    assert code == 2


def test_cli_lists_outliers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for i in range(10):
        art(tmp_path, f"c{i}.md", f"title: C{i}\ncount: {i}")
    art(tmp_path, "odd.md", "title: Odd\ncount: lots")
    code, out, _ = run(capsys, "init", "--detect", str(tmp_path))
    assert code == 0
    assert "odd.md: count: 'count' is text here, but 10 of 11 values are a whole number" in out
    assert "1 thing to fix in 1 file(s)" in out
    code, out, _ = run(capsys, "validate", str(tmp_path))
    assert code == 1 and "odd.md" in out and "1 error," in out


def test_plain_init_dry_run_and_force(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "init", "--dry-run", str(tmp_path))
    assert code == 0 and "[fields.title]" in out and not (tmp_path / "newsdesk.toml").exists()
    (tmp_path / "newsdesk.toml").write_text("[fields.x]\n")
    code, out, _ = run(capsys, "init", "--force", str(tmp_path))
    assert code == 0 and "-[fields.x]" in out and "replaced" in out


_AS_NOBODY = ("setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups")
needs_setpriv = pytest.mark.skipif(
    shutil.which("setpriv") is None or os.geteuid() != 0, reason="needs root and setpriv to become nobody"
)


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A temporary folder that the user nobody can reach (pytest's own is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="newsdesk-detect-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path)


def _as_nobody(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_AS_NOBODY, sys.executable, "-m", "newsdesk", *args], capture_output=True, text=True, timeout=120
    )


@needs_setpriv
def test_cli_unwritable_folder_fails_in_one_line(open_tmp: Path) -> None:
    folder = open_tmp / "site"
    art(folder, "a.md", "title: A")
    folder.chmod(0o755)
    (folder / "a.md").chmod(0o644)
    result = _as_nobody("init", "--detect", str(folder))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "permission denied" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (folder / "newsdesk.toml").exists()


@needs_setpriv
def test_cli_unreachable_folder_is_a_usage_error(open_tmp: Path) -> None:
    folder = open_tmp / "closed" / "site"
    art(folder, "a.md", "title: A")
    (open_tmp / "closed").chmod(0o700)  # nobody cannot enter it
    for args in (("init", "--detect", str(folder)), ("init", str(folder))):
        result = _as_nobody(*args)
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and "permission denied" in result.stderr.lower()
