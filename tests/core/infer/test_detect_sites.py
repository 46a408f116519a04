"""Issue 20, sections 2 and 3: ``init --detect`` on sites that are not Hugo, and its precision.

Each test is one false alarm or wrong type seen on a real site, in a small fixture; the last
ones run ``init --detect`` then ``validate`` on the test sites (``tests/sites``), which must then
report nothing (their planted mistakes are unknown profile slugs, which the reference checks,
not these, report).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core.check.batch import validate_paths
from newsdesk.core.folder.index import summarize
from newsdesk.core.infer.detect import Detection, detect
from newsdesk.core.model.article import Article
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.fieldtext import kind_of, parse
from newsdesk.core.rules.schema import parse_schema, schema_for
from newsdesk.core.rules.validate import validate_article
from newsdesk.core.rules.values import parse_cli_value

SITES = Path(__file__).resolve().parents[2] / "sites"


def art(folder: Path, name: str, front: str, body: str = "Body.\n") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front.strip()}\n---\n{body}", encoding="utf-8")
    return path


def section(detection: Detection, rel: str = ".") -> dict[str, object]:
    found = next(s for s in detection.sections if s.rel == rel)
    data: dict[str, object] = tomllib.loads(found.text)
    return data


def fields(detection: Detection, rel: str = ".") -> dict[str, dict[str, object]]:
    data = section(detection, rel)["fields"]
    assert isinstance(data, dict)
    return data


def roles(detection: Detection, rel: str = ".") -> dict[str, object]:
    articles = section(detection, rel)["articles"]
    assert isinstance(articles, dict)
    found: dict[str, object] = articles.get("roles", {})
    return found


def validate_after_detect(folder: Path) -> set[tuple[str, str | None, str]]:
    """Write what detect infers for ``folder``, validate it: (file, field, code) of each report."""
    detection = detect(folder)
    for s in detection.sections:
        s.target.write_text(s.text, encoding="utf-8")
    report = validate_paths([folder], jobs=1, people=False)
    return {(str(path.relative_to(folder)), p.field, p.code) for path, p in report.diagnostics()}


# -- section 2: conventions beyond Hugo ---------------------------------------------------------


def test_a_nunjucks_raw_block_is_no_hugo_shortcode(tmp_path: Path) -> None:
    for i in range(4):
        body = "Write {% raw %}{{{% endraw %} to show braces.\n" if i == 0 else "Text.\n"
        art(tmp_path, f"p{i}.md", f"title: P{i}", body)
    detection = detect(tmp_path)
    assert "draft" not in fields(detection)
    assert "status" not in roles(detection)


def test_an_eleventy_or_jekyll_config_says_the_site_is_not_hugo(tmp_path: Path) -> None:
    (tmp_path / ".eleventy.js").write_text("module.exports = {};\n", encoding="utf-8")
    for i in range(4):
        art(tmp_path / "posts", f"p{i}.md", f"title: P{i}", "See {{< youtube x >}}.\n")
    assert "status" not in roles(detect(tmp_path / "posts"))


def test_jekyll_published_false_is_a_status_whose_true_is_published(tmp_path: Path) -> None:
    for i in range(5):
        art(tmp_path, f"t{i}.md", f"title: T{i}" + ("\npublished: false" if i == 0 else ""))
    detection = detect(tmp_path)
    assert roles(detection)["status"] == "published"
    assert roles(detection)["status_true"] == "published"
    schema = parse_schema(detection.sections[0].text)
    assert schema.roles.status_of({"published": False}) == "draft"
    assert schema.roles.status_of({"published": True}) == "published"
    assert schema.roles.status_of({}) == "published"
    assert schema.roles.status_value("draft") is False
    # Hugo's flag keeps its polarity.
    hugo = parse_schema('[articles.roles]\nstatus = "draft"\n[fields.draft]\ntype = "boolean"\n')
    assert hugo.roles.status_of({"draft": True}) == "draft"
    assert hugo.roles.status_value("draft") is True


def test_eleventy_permalink_false_is_meant_not_a_boolean_to_quote(tmp_path: Path) -> None:
    art(tmp_path, "about.md", "title: About\npermalink: /about/")
    art(tmp_path, "old.md", "title: Old\npermalink: false")
    for i in range(4):
        art(tmp_path, f"p{i}.md", f"title: P{i}")
    detection = detect(tmp_path)
    spec = fields(detection)["permalink"]
    assert spec["type"] == "string" and spec["allow_false"] is True
    assert detection.outliers == []
    assert validate_after_detect(tmp_path) == set()


def test_the_date_comes_from_the_file_name_when_the_field_is_absent(tmp_path: Path) -> None:
    art(tmp_path, "2016-03-04-hello.md", "title: Hello")
    art(tmp_path, "2017-01-02-later.md", "title: Later\ndate: 2017-01-05")
    art(tmp_path, "2015-12-31-first.md", "title: First")
    art(tmp_path, "about.md", "title: About")
    detection = detect(tmp_path)
    assert roles(detection)["date_from_filename"] is True
    assert validate_after_detect(tmp_path) == set()
    schema = schema_for(tmp_path)
    shown = {}
    for path in sorted(tmp_path.glob("*.md")):
        entry = summarize(load_article(path), tmp_path, schema=schema)
        shown[path.name] = entry.date
    assert shown == {
        "2015-12-31-first.md": "2015-12-31",
        "2016-03-04-hello.md": "2016-03-04",
        "2017-01-02-later.md": "2017-01-05",  # the field wins
        "about.md": "",
    }
    article = load_article(tmp_path / "2016-03-04-hello.md")
    assert schema.roles.view(article).date == dt.date(2016, 3, 4)


def test_name_is_the_title_where_title_is_a_rare_job_title(tmp_path: Path) -> None:
    for i in range(10):
        job = "\ntitle: Chief Data Officer" if i < 2 else ""
        art(tmp_path, f"person{i}.md", f"name: Person {i}{job}\ncompany: Co {i}")
    assert roles(detect(tmp_path))["title"] == "name"


def test_the_summary_is_the_field_most_often_filled_not_one_blank_everywhere(tmp_path: Path) -> None:
    for i in range(6):
        art(tmp_path, f"p{i}.md", f'title: P{i}\nsummary: ""\nexcerpt: Short {i}.')
    assert roles(detect(tmp_path))["summary"] == "excerpt"


def test_files_without_front_matter_at_a_repository_root_are_left_out(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# The site\n", encoding="utf-8")
    (tmp_path / "CODE_OF_CONDUCT.md").write_text("Be kind.\n", encoding="utf-8")
    for i in range(3):
        art(tmp_path / "_drafts", f"d{i}.md", f"title: D{i}")
    lost = art(tmp_path / "_drafts", "lost.md", "x")
    lost.write_text("An article that lost its front matter.\n", encoding="utf-8")
    detection = detect(tmp_path)
    assert [(o.path.name, o.message.split(":")[0]) for o in detection.outliers] == [
        ("lost.md", "no-front-matter")  # beside articles: still an error
    ]
    assert section(detection)["articles"]["exclude"] == ["CODE_OF_CONDUCT.md", "README.md"]  # type: ignore[index]
    left = " ".join(detection.sections[0].left_out)
    assert "README.md: no front matter, not an article" in left
    assert validate_after_detect(tmp_path) == {("_drafts/lost.md", None, "no-front-matter")}


# -- section 3: detect precision ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "values"),
    [
        ("pronouns", ["she/her"] * 6 + ["he/him"] * 5 + ["he/them"] * 3 + ["they/them"]),
        ("state", ["CA"] * 5 + ["NY"] * 4 + ["TX"] * 4),
        ("photo", ["a.jpg"] * 5 + ["b.jpg"] * 5 + ["c.png"] * 4),
        ("location", ["1800 F St NW"] * 5 + ["20 Main St"] * 5 + ["3 Elm Rd"] * 4),
        ("room", ["Room A"] * 12 + ["Lab"] + ["Hall"] + ["Attic"] + ["Roof"]),  # few repeat
    ],
)
def test_no_enum_over_names_addresses_pronouns_files_or_unrepeated_values(
    tmp_path: Path, key: str, values: list[str]
) -> None:
    for i, value in enumerate(values):
        art(tmp_path, f"p{i:02}.md", f'title: P{i}\n{key}: "{value}"')
    detection = detect(tmp_path)
    assert fields(detection)[key]["type"] == "string"
    assert detection.outliers == []  # no 'they/them' as a typo of 'he/them'


def test_a_true_enum_still_is_one(tmp_path: Path) -> None:
    for i, value in enumerate(["news"] * 5 + ["event"] * 4 + ["report"] * 3):
        art(tmp_path, f"p{i:02}.md", f"title: P{i}\nkind: {value}")
    assert fields(detect(tmp_path))["kind"]["values"] == ["news", "event", "report"]


def test_decimals_are_numbers(tmp_path: Path) -> None:
    for i, value in enumerate([".3", "1", "2.5", "4"]):
        art(tmp_path, f"p{i}.md", f"title: P{i}\nemails_per_week: {value}")
    detection = detect(tmp_path)
    assert fields(detection)["emails_per_week"]["type"] == "number"
    assert detection.outliers == []
    assert validate_after_detect(tmp_path) == set()
    schema = parse_schema('[fields.n]\ntype = "number"\n')
    assert [p.code for p in validate_article(_meta({"n": "many"}), schema)] == ["type"]
    assert validate_article(_meta({"n": 0.3}), schema) == []
    assert (
        validate_article(_meta({"n": True}), schema)[0].message
        == "'n' must be a number, not the boolean true"
    )
    spec = schema.fields["n"]
    assert parse_cli_value(spec, ".3") == 0.3 and parse_cli_value(spec, "7") == 7
    assert kind_of(spec) == "integer" and parse(spec, "0.5") == 0.5


def _meta(metadata: dict[str, object]) -> Article:
    return Article(Path("x.md"), "yaml", dict(metadata), "")


def test_numbers_written_as_text_make_a_string_not_an_integer_with_outliers(tmp_path: Path) -> None:
    values = [str(n) for n in range(10, 30)] + ['"3,048"', "1459/1460", "OFR Conference Room"]
    for i, value in enumerate(values):
        art(tmp_path, f"p{i:02}.md", f"title: P{i}\ncapacity: {value}")
    assert fields(detect(tmp_path))["capacity"]["type"] == "string"


def test_a_block_scalars_final_newline_is_no_line_break(tmp_path: Path) -> None:
    for i in range(4):
        art(tmp_path, f"p{i}.md", f"title: >\n  Title {i}\nkind: a")
    detection = detect(tmp_path)
    assert fields(detection)["title"]["type"] == "string"
    assert validate_after_detect(tmp_path) == set()


def test_a_carriage_return_in_a_text_field_is_no_control_character(tmp_path: Path) -> None:
    schema = parse_schema('[fields.notes]\ntype = "text"\n[fields.title]\ntype = "string"\n')
    text = art(tmp_path, "a.md", 'title: A\nnotes: "one\\r\\ntwo\\r\\n"')
    assert validate_article(load_article(text), schema) == []
    line = art(tmp_path, "b.md", 'title: "one\\r\\ntwo"')
    problems = validate_article(load_article(line), schema)
    assert [p.code for p in problems] == ["control-character"]
    assert "one line of text" in problems[0].message


def test_a_prose_key_is_a_broken_line_reported_once_and_never_a_field(tmp_path: Path) -> None:
    prose = "and so the committee went on to discuss the budget for the coming year at length"
    for i in range(4):
        extra = f"\n{prose}: and more" if i == 0 else ""
        art(tmp_path, f"p{i}.md", f"title: P{i}\nsummary: S{i}{extra}")
    detection = detect(tmp_path)
    assert prose not in fields(detection)
    assert prose not in detection.sections[0].text
    assert [(o.path.name, o.field) for o in detection.outliers] == [("p0.md", prose)]
    assert "indentation broke" in detection.outliers[0].message
    assert validate_after_detect(tmp_path) == {("p0.md", prose, "broken-line")}


def test_text_beside_lists_of_text_is_string_or_list(tmp_path: Path) -> None:
    for i in range(6):
        repo = "[a, b]" if i < 2 else f"repo-{i}"
        art(tmp_path, f"p{i}.md", f"title: P{i}\ngithub_repo: {repo}")
    detection = detect(tmp_path)
    assert fields(detection)["github_repo"]["type"] == "string_or_list"
    assert detection.outliers == []
    assert validate_after_detect(tmp_path) == set()
    schema = parse_schema('[fields.a]\ntype = "string_or_list"\n')
    assert validate_article(_meta({"a": ["x", 3]}), schema)[0].code == "type"
    assert "text or a list of texts" in validate_article(_meta({"a": {"k": 1}}), schema)[0].message
    spec = schema.fields["a"]
    assert parse_cli_value(spec, '["x", "y"]') == ["x", "y"] and parse_cli_value(spec, "x") == "x"


# -- the test sites, end to end -----------------------------------------------------------------


#: The mistakes planted in each test site (tests/sites/README.md): (file, code, what is named).
PLANTED = {
    "jekyll-conference": {
        ("_drafts/sponsor-thanks.md", "unknown-reference", "'jane-doe'"),
        ("_talks/typed-pipelines.md", "unknown-reference", "'john-mclaughlin'"),
    },
    "eleventy-blog": {("src/posts/2023-08-14-tokens.md", "unknown-reference", "'dan-williams'")},
}


@pytest.mark.parametrize("site", ["jekyll-conference", "eleventy-blog"])
def test_after_init_detect_validate_reports_exactly_the_planted_mistakes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], site: str
) -> None:
    folder = tmp_path / site
    shutil.copytree(SITES / site, folder)
    assert main(["init", "--detect", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "README.md: no front matter, not an article" in out
    assert main(["validate", str(folder)]) == 1
    out, err = capsys.readouterr()
    reports = [line for line in out.splitlines() if "error[" in line or "warning[" in line]
    found = set()
    for line in reports:
        path, _, rest = line.partition(":")
        code = rest.split("[", 1)[1].split("]", 1)[0]
        hint = rest.rsplit("did you mean ", 1)[-1].rstrip("?)")
        found.add((Path(path).relative_to(folder).as_posix(), code, hint))
    assert found == PLANTED[site], reports
    assert len(reports) == len(PLANTED[site])
    excluded = 2 if site == "jekyll-conference" else 1
    assert (
        f"skipped {excluded} file{'s' if excluded > 1 else ''} newsdesk.toml excludes (not articles)" in err
    )


def test_the_jekyll_sites_roles(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    shutil.copytree(SITES / "jekyll-conference", folder)
    detection = detect(folder)
    assert roles(detection, "_presenters")["title"] == "name"
    assert roles(detection, "_talks")["status"] == "published"
    assert roles(detection, "_posts")["date_from_filename"] is True
    assert roles(detection, "_posts")["summary"] == "excerpt"
    assert fields(detection, "_presenters")["pronouns"]["type"] == "string"


def test_the_eleventy_sites_roles(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    shutil.copytree(SITES / "eleventy-blog", folder)
    detection = detect(folder)
    assert roles(detection)["summary"] == "excerpt"
    assert roles(detection)["date_from_filename"] is True
    assert "status" not in roles(detection)  # no Hugo draft flag: a Nunjucks body is no shortcode
    assert fields(detection)["author"]["type"] == "string_or_list"


# -- Jekyll's _drafts/: drafts by their folder, not by a field ------------------------------------


def _detected_jekyll(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    shutil.copytree(SITES / "jekyll-conference", folder)
    for s in detect(folder).sections:
        s.target.write_text(s.text, encoding="utf-8")
    return folder


def test_detect_gives_jekylls_drafts_folder_a_fixed_draft_status(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    shutil.copytree(SITES / "jekyll-conference", folder)
    detection = detect(folder)
    assert roles(detection, "_drafts")["status_fixed"] == "draft"
    assert "status" not in roles(detection, "_drafts")  # no field is read or written for it
    assert "status_fixed" not in roles(detection, "_posts")
    # The top keeps a schema for the files that are not articles (its README).
    assert section(detection)["articles"] == {
        "folder": ".",
        "format": "yaml",
        "unknown_fields": "warn",
        "exclude": ["CODE_OF_CONDUCT.md", "README.md"],
    }


def test_a_drafts_folder_is_no_section_of_its_own_without_jekyll(tmp_path: Path) -> None:
    for i in range(4):
        art(tmp_path / "_drafts", f"d{i}.md", f"title: D{i}")
    assert all("status_fixed" not in roles(detect(tmp_path), s.rel) for s in detect(tmp_path).sections)


def test_list_status_draft_finds_jekylls_drafts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _detected_jekyll(tmp_path)
    capsys.readouterr()
    assert main(["list", "--status", "draft", str(folder)]) == 0
    listed = {line.split()[0] for line in capsys.readouterr().out.splitlines() if line.strip()}
    drafts = {p for p in listed if p.startswith("_drafts/") or "/_drafts/" in p}
    assert {Path(p).name for p in drafts} == {"sponsor-thanks.md", "volunteers-wanted.md"}
    # Besides them only the talk whose `published: false` makes it a draft.
    assert {Path(p).name for p in listed - drafts} == {"withdrawn-talk.md"}


def test_a_drafts_entry_has_the_status_draft(tmp_path: Path) -> None:
    folder = _detected_jekyll(tmp_path)
    path = folder / "_drafts" / "volunteers-wanted.md"
    schema = schema_for(path)
    assert schema.statuses == ("draft",)
    assert schema.roles.view(load_article(path)).status == "draft"
    assert summarize(load_article(path), schema=schema).status == "draft"


@pytest.mark.parametrize("command", ["submit", "approve", "publish"])
def test_a_verdict_on_a_jekyll_draft_says_to_move_it_to_posts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    folder = _detected_jekyll(tmp_path)
    path = folder / "_drafts" / "volunteers-wanted.md"
    before = path.read_bytes()
    capsys.readouterr()
    assert main([command, str(path)]) != 0
    err = capsys.readouterr().err
    assert "move it to _posts/ to publish it" in err
    assert path.read_bytes() == before  # no `published:` field written
