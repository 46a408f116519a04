"""Golden tests: each verdict is one save whose diff is the status line and the appended review entry.

YAML and TOML front matter; a review list written as a block (``- by: ...`` / ``[[review]]``), as a
flow list on one line or one item per line (``[...]``), or not there yet; LF and CRLF line ends.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest

from newsdesk.core.read.reader import load_article, parse_text
from newsdesk.core.review.verdicts import apply_verdict
from newsdesk.core.rules.schema import default_schema

NOW = dt.datetime(2024, 5, 2, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
AT = "2024-05-02T10:30:00+02:00"  # RFC 3339 when the file has no date-time yet (issue 22)
#: verdict -> (status before, status after)
MOVES = {
    "submitted": ("draft", "review"),
    "approved": ("review", "approved"),
    "changes-requested": ("review", "draft"),
    "published": ("approved", "published"),
}

YAML_HEAD = "---\ntitle: Spring meeting  # the headline\ndate: 2024-05-01\nstatus: {s}\nbyline: Ann Lee\nsummary: A short summary.\n"
TOML_HEAD = '+++\ntitle = "Spring meeting"  # the headline\ndate = 2024-05-01\nstatus = "{s}"\nbyline = "Ann Lee"\nsummary = "A short summary."\n'
BODY = "\nThe body, which no save touches.\n"

# (name, before, after): {s} is the status, {v} the verdict; `after` is exactly what the file must become.
CASES = [
    (
        "yaml-block",
        YAML_HEAD
        + "review:\n  - by: Ann Lee\n    at: 2024-04-30T09:00:00+02:00\n    verdict: submitted\n---\n"
        + BODY,
        YAML_HEAD
        + "review:\n  - by: Ann Lee\n    at: 2024-04-30T09:00:00+02:00\n    verdict: submitted\n"
        + f"  - by: Rita Reviewer\n    at: {AT}\n    verdict: {{v}}\n    note: Fine, thanks.\n---\n"
        + BODY,
    ),
    (
        "yaml-block-indented",
        YAML_HEAD
        + "review:\n- by: Ann Lee\n  at: 2024-04-30T09:00:00+02:00\n  verdict: submitted\n---\n"
        + BODY,
        YAML_HEAD
        + "review:\n- by: Ann Lee\n  at: 2024-04-30T09:00:00+02:00\n  verdict: submitted\n"
        + f"- by: Rita Reviewer\n  at: {AT}\n  verdict: {{v}}\n  note: Fine, thanks.\n---\n"
        + BODY,
    ),
    (
        "yaml-none",
        YAML_HEAD + "---\n" + BODY,
        YAML_HEAD
        + f"review:\n  - by: Rita Reviewer\n    at: {AT}\n    verdict: {{v}}\n    note: Fine, thanks.\n---\n"
        + BODY,
    ),
    (
        "yaml-flow-one-line",
        YAML_HEAD
        + "review: [{by: Ann Lee, at: 2024-04-30T09:00:00+02:00, verdict: submitted}]\n---\n"
        + BODY,
        YAML_HEAD
        + "review: [{by: Ann Lee, at: 2024-04-30T09:00:00+02:00, verdict: submitted}, "
        + f'{{by: Rita Reviewer, at: {AT}, verdict: {{v}}, note: "Fine, thanks."}}]\n---\n'
        + BODY,
    ),
    (
        "yaml-flow-lines",
        YAML_HEAD
        + "review: [\n  {by: Ann Lee, at: 2024-04-30T09:00:00+02:00, verdict: submitted},\n]\n---\n"
        + BODY,
        YAML_HEAD
        + "review: [\n  {by: Ann Lee, at: 2024-04-30T09:00:00+02:00, verdict: submitted},\n"
        + f'  {{by: Rita Reviewer, at: {AT}, verdict: {{v}}, note: "Fine, thanks."}},\n]\n---\n'
        + BODY,
    ),
    (
        "toml-tables",
        TOML_HEAD
        + '\n[[review]]\nby = "Ann Lee"\nat = 2024-04-30T09:00:00+02:00\nverdict = "submitted"\n+++\n'
        + BODY,
        TOML_HEAD
        + '\n[[review]]\nby = "Ann Lee"\nat = 2024-04-30T09:00:00+02:00\nverdict = "submitted"\n'
        + f'\n[[review]]\nby = "Rita Reviewer"\nat = {AT}\nverdict = "{{v}}"\nnote = "Fine, thanks."\n+++\n'
        + BODY,
    ),
    (
        "toml-none",
        TOML_HEAD + "+++\n" + BODY,
        TOML_HEAD
        + f'\n[[review]]\nby = "Rita Reviewer"\nat = {AT}\nverdict = "{{v}}"\nnote = "Fine, thanks."\n+++\n'
        + BODY,
    ),
    (
        "toml-inline-one-line",
        TOML_HEAD
        + 'review = [{by = "Ann Lee", at = 2024-04-30T09:00:00+02:00, verdict = "submitted"}]\n+++\n'
        + BODY,
        TOML_HEAD
        + 'review = [{by = "Ann Lee", at = 2024-04-30T09:00:00+02:00, verdict = "submitted"}, '
        + f'{{ by = "Rita Reviewer", at = {AT}, verdict = "{{v}}", note = "Fine, thanks." }}]\n+++\n'
        + BODY,
    ),
    (
        "toml-inline-lines",
        TOML_HEAD
        + 'review = [\n  {by = "Ann Lee", at = 2024-04-30T09:00:00+02:00, verdict = "submitted"},\n]\n+++\n'
        + BODY,
        TOML_HEAD
        + 'review = [\n  {by = "Ann Lee", at = 2024-04-30T09:00:00+02:00, verdict = "submitted"},\n'
        + f'  {{ by = "Rita Reviewer", at = {AT}, verdict = "{{v}}", note = "Fine, thanks." }},\n]\n+++\n'
        + BODY,
    ),
]


def _status_line(text: str, status: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("status")).replace("{s}", status)


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("verdict", list(MOVES))
@pytest.mark.parametrize(("name", "before", "after"), CASES, ids=[c[0] for c in CASES])
def test_a_verdict_changes_only_the_status_line_and_appends_its_entry(
    tmp_path: Path, name: str, before: str, after: str, verdict: str, newline: str
) -> None:
    old_status, new_status = MOVES[verdict]
    original = before.replace("{s}", old_status).replace("\n", newline)
    expected = after.replace("{s}", new_status).replace("{v}", verdict).replace("\n", newline)
    path = tmp_path / "a.md"
    path.write_bytes(original.encode())
    article = load_article(path)
    assert not article.has_errors, article.problems
    saved = apply_verdict(article, default_schema(), verdict, "Rita Reviewer", "Fine, thanks.", now=NOW)
    assert path.read_bytes().decode() == expected
    assert saved.metadata["status"] == new_status
    assert saved.metadata["review"][-1] == {
        "by": "Rita Reviewer",
        "at": NOW,
        "verdict": verdict,
        "note": "Fine, thanks.",
    }
    # The line diff: the status line goes, the new status line and the entry's lines come; the
    # only other line that may change is the review line itself when the list is one line.
    removed = [
        ln for ln in difflib.ndiff(original.splitlines(), expected.splitlines()) if ln.startswith("- ")
    ]
    allowed = {"- " + _status_line(before, old_status)}
    if "one-line" in name:
        allowed.add("- " + next(ln for ln in before.splitlines() if ln.startswith("review")))
    assert set(removed) <= allowed and removed
    # Everything else, the body included, is byte for byte what it was.
    assert parse_text(expected).body == parse_text(original).body


def test_a_multi_line_note_is_a_block_in_a_block_list(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(YAML_HEAD.replace("{s}", "review") + "---\n" + BODY)
    apply_verdict(
        load_article(path),
        default_schema(),
        "changes-requested",
        "Rita",
        "First line.\nSecond line.",
        now=NOW,
    )
    text = path.read_text()
    assert (
        f"review:\n  - by: Rita\n    at: {AT}\n    verdict: changes-requested\n    note: |-\n      First line.\n      Second line.\n---"
        in text
    )
    assert load_article(path).metadata["review"][0]["note"] == "First line.\nSecond line."


def test_a_verdict_without_a_note_writes_no_note_key(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(YAML_HEAD.replace("{s}", "review") + "---\n" + BODY)
    apply_verdict(load_article(path), default_schema(), "approved", "Rita", None, now=NOW)
    assert path.read_text().endswith(
        f"review:\n  - by: Rita\n    at: {AT}\n    verdict: approved\n---\n" + BODY
    )


def test_bom_comments_and_a_hugo_draft_flag(tmp_path: Path) -> None:
    """With a boolean draft flag, publishing writes `draft = false` in place and appends the entry."""
    from newsdesk.core.rules.schema import parse_schema

    schema = parse_schema(
        '[articles.roles]\nstatus = "draft"\n[fields.draft]\ntype = "boolean"\n[fields.title]\ntype = "string"\n'
    )
    path = tmp_path / "a.md"
    original = '\ufeff+++\ntitle = "T"\ndraft = true  # not yet\n+++\nBody\n'
    path.write_bytes(original.encode())
    apply_verdict(load_article(path), schema, "published", "Rita", None, now=NOW)
    assert path.read_bytes().decode() == (
        '\ufeff+++\ntitle = "T"\ndraft = false  # not yet\n\n[[review]]\nby = "Rita"\n'
        f'at = {AT}\nverdict = "published"\n+++\nBody\n'
    )
