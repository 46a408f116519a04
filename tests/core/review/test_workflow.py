"""The review workflow in core: the [workflow] table, planning moves and their refusals, the
history, what validate says about a review list, who the reviewer is, and appends in place."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsdesk.core.read.reader import parse_text
from newsdesk.core.review.verdicts import MoveRefused, plan_move, reviewer_name
from newsdesk.core.rules.schema import SchemaError, default_schema, parse_schema
from newsdesk.core.rules.validate import validate_article
from newsdesk.core.rules.workflow import DEFAULT_WORKFLOW_TOML, history, last_request, waited
from newsdesk.core.write.save import render

TZ = dt.timezone(dt.timedelta(hours=2))
NOW = dt.datetime(2024, 5, 2, 10, 30, tzinfo=TZ)


def article(status: str = "review", extra: str = "", *, byline: str = "Ann Lee", summary: bool = True):
    lines = ["---", "title: T", "date: 2024-05-01", f"status: {status}"]
    if byline:
        lines.append(f"byline: {byline}")
    if summary:
        lines.append("summary: S.")
    text = "\n".join(lines) + "\n" + extra + "---\nBody.\n"
    return parse_text(text, Path("a.md"))


# -- the [workflow] table ----------------------------------------------------------------------


def test_the_default_workflow_is_the_issues() -> None:
    flow = default_schema().workflow
    assert flow.moves == {
        ("draft", "review"),
        ("review", "approved"),
        ("approved", "published"),
        ("review", "draft"),
        ("approved", "draft"),
    }
    assert flow.forced == {("published", "draft")}
    assert flow.self_approval is True
    assert dict(flow.targets) == {
        "submitted": "review",
        "approved": "approved",
        "changes-requested": "draft",
        "published": "published",
    }


def test_what_init_writes_is_the_default_workflow() -> None:
    assert parse_schema(DEFAULT_WORKFLOW_TOML).workflow == default_schema().workflow


def test_a_workflow_table_sets_moves_verdicts_and_self_approval() -> None:
    schema = parse_schema(
        '[fields.status]\ntype = "enum"\nvalues = ["idea", "draft", "check", "live"]\n'
        '[workflow]\nmoves = ["idea -> draft", "draft->check", "check -> live", "check -> draft"]\n'
        "self_approval = false\n"
        '[workflow.verdicts]\nsubmitted = "check"\napproved = "live"\npublished = "live"\n'
    )
    flow = schema.workflow
    assert ("draft", "check") in flow.moves and flow.forced == frozenset()
    assert flow.target("submitted") == "check" and flow.target("changes-requested") == "draft"
    assert flow.self_approval is False


@pytest.mark.parametrize(
    ("toml", "message", "line"),
    [
        ('[workflow]\nmoves = ["draft -> reviw"]\n', "'reviw' in 'draft -> reviw' is not a status", 2),
        ('[workflow]\nmoves = ["draft review"]\n', "is not a move like", 2),
        ("[workflow]\nmoves = 3\n", "must be a list", 2),
        ("[workflow]\n\nself_approval = 1\n", "self_approval must be true or false", 3),
        ("[workflow]\nreviewers = []\n", "unknown setting 'reviewers'", 1),
        ('[workflow.verdicts]\napproved = "ok"\n', "must be one of the statuses", 1),
        ('[workflow.verdicts]\nrejected = "draft"\n', "unknown verdict 'rejected'", 1),
        ('workflow = "yes"\n', "[workflow] must be a table", 1),
        ('[articles.roles]\nstatus = "state"\n[workflow]\nstatus = "stage"\n', "name different fields", 4),
    ],
)
def test_a_bad_workflow_table_is_a_schema_error_naming_its_line(toml: str, message: str, line: int) -> None:
    with pytest.raises(SchemaError) as caught:
        parse_schema(toml, Path("newsdesk.toml"))
    assert message in str(caught.value)
    assert caught.value.line == line


def test_workflow_status_names_the_status_field() -> None:
    schema = parse_schema(
        '[fields.stage]\ntype = "enum"\nvalues = ["draft", "review"]\n[workflow]\nstatus = "stage"\n'
    )
    assert schema.roles.status == "stage"
    assert schema.statuses == ("draft", "review")


def test_a_draft_flag_site_can_only_publish_and_unpublish() -> None:
    schema = parse_schema('[articles.roles]\nstatus = "draft"\n[fields.draft]\ntype = "boolean"\n')
    flow = schema.workflow
    assert flow.moves == {("draft", "published")} and flow.forced == {("published", "draft")}
    a = parse_text("+++\ntitle = 'T'\ndraft = true\n+++\n", Path("a.md"))
    with pytest.raises(MoveRefused, match="only as draft or published"):
        plan_move(a, schema, "submitted", "Rita")
    changes = plan_move(a, schema, "published", "Rita", now=NOW)
    assert changes["draft"] is False


# -- planning a move ---------------------------------------------------------------------------


def test_plan_move_gives_the_status_and_one_appended_entry() -> None:
    a = article("review", "review:\n  - {by: Ann Lee, at: 2024-05-01T09:00:00+02:00, verdict: submitted}\n")
    changes = plan_move(a, default_schema(), "approved", "  Rita   Reviewer ", " Looks good.\n\n", now=NOW)
    assert changes == {
        "status": "approved",
        "review[1]": {"by": "Rita Reviewer", "at": NOW, "verdict": "approved", "note": "Looks good."},
    }


def test_the_time_is_now_with_an_offset_to_the_second() -> None:
    changes = plan_move(article("review"), default_schema(), "approved", "Rita")
    at = changes["review[0]"]["at"]  # type: ignore[index]
    assert at.tzinfo is not None and at.microsecond == 0
    assert abs((dt.datetime.now(dt.UTC) - at).total_seconds()) < 60


@pytest.mark.parametrize(
    ("status", "verdict", "reason"),
    [
        (
            "draft",
            "approved",
            "cannot approve: draft -> approved is not allowed (from draft the workflow allows: review)",
        ),
        ("draft", "published", "draft -> published is not allowed"),
        (
            "review",
            "published",
            "review -> published is not allowed (from review the workflow allows: draft, approved)",
        ),
        ("approved", "approved", "its status is already approved"),
        ("published", "changes-requested", "published -> draft is allowed only when forced (--force)"),
        ("published", "submitted", "published -> review is not allowed (nothing moves out of published)"),
    ],
)
def test_a_move_the_workflow_does_not_allow_is_refused_with_the_reason(
    status: str, verdict: str, reason: str
) -> None:
    with pytest.raises(MoveRefused) as caught:
        plan_move(article(status), default_schema(), verdict, "Rita", "note")
    assert reason in str(caught.value)


def test_a_forced_move_needs_force() -> None:
    changes = plan_move(
        article("published"), default_schema(), "changes-requested", "Rita", "Typo.", force=True
    )
    assert changes["status"] == "draft"


def test_a_move_that_leaves_the_article_invalid_in_its_new_status_is_refused() -> None:
    with pytest.raises(MoveRefused) as caught:
        plan_move(article("draft", byline=""), default_schema(), "submitted", "Ann")
    assert "cannot submit: 'byline' is missing" in str(caught.value)
    assert "(line 4; not valid as review)" in str(caught.value)
    assert "'byline' is missing" in str(caught.value)
    # Issue 22: the draft's refusal says what is missing, not "status here is 'review'" (a status
    # the file does not have: it is the one the move would give it).
    assert "required once status is review" in str(caught.value)
    assert "here is" not in str(caught.value)
    with pytest.raises(MoveRefused, match="'summary' is missing"):
        plan_move(article("review", summary=False), default_schema(), "approved", "Rita")
    # Sending it back is never refused for what it lacks: that is why it goes back.
    assert plan_move(
        article("review", summary=False), default_schema(), "changes-requested", "Rita", "Add a summary."
    )


def test_changes_need_a_note() -> None:
    for note in (None, "", "  \n "):
        with pytest.raises(MoveRefused, match="without a note"):
            plan_move(article("review"), default_schema(), "changes-requested", "Rita", note)


def test_self_approval_is_refused_only_where_it_is_off() -> None:
    schema = parse_schema("[workflow]\nself_approval = false\n")
    extra = "review:\n  - {by: Bo Chen, at: 2024-05-01T09:00:00+02:00, verdict: submitted}\n"
    a = article("review", extra, byline="Ann Lee")
    with pytest.raises(MoveRefused, match="ann LEE is the byline of this article"):
        plan_move(a, schema, "approved", "ann  LEE")
    with pytest.raises(MoveRefused, match="Bo Chen is who asked for review of this article"):
        plan_move(a, schema, "approved", "Bo Chen")
    assert plan_move(a, schema, "approved", "Rita")
    assert plan_move(a, default_schema(), "approved", "Ann Lee")  # on by default
    # The author may still send their own article back or submit it.
    assert plan_move(a, schema, "changes-requested", "Ann Lee", "Not ready.")


def test_a_byline_list_counts_every_author() -> None:
    schema = parse_schema('[workflow]\nself_approval = false\n[articles.roles]\nbyline = "authors"\n')
    a = parse_text("---\ntitle: T\nstatus: review\nauthors: [Ann Lee, Bo Chen]\n---\n", Path("a.md"))
    with pytest.raises(MoveRefused, match="Bo Chen is the byline"):
        plan_move(a, schema, "approved", "Bo Chen")


def test_broken_or_odd_articles_are_refused_not_crashed_on() -> None:
    broken = parse_text("---\ntitle: [unclosed\nstatus: review\n---\n", Path("a.md"))
    with pytest.raises(MoveRefused, match="cannot be edited"):
        plan_move(broken, default_schema(), "approved", "Rita")
    with pytest.raises(MoveRefused, match="'review' field is not a list"):
        plan_move(article("review", "review: looked at it\n"), default_schema(), "approved", "Rita")
    with pytest.raises(MoveRefused, match="unknown verdict"):
        plan_move(article("review"), default_schema(), "rejected", "Rita")
    with pytest.raises(MoveRefused, match="no reviewer name"):
        plan_move(article("review"), default_schema(), "approved", "  ")
    no_status = parse_text("---\ntitle: T\n---\n", Path("a.md"))
    # A missing status is the schema's default (draft): it can be submitted...
    schema = parse_schema('[fields.status]\ntype = "enum"\nvalues = ["draft", "review"]\ndefault = "draft"\n')
    assert plan_move(no_status, schema, "submitted", "Rita")["status"] == "review"


def test_note_control_characters_are_dropped_and_line_ends_kept() -> None:
    changes = plan_move(
        article("review"), default_schema(), "changes-requested", "R", "a\x1b[31mb\r\nc\u202ed\t"
    )
    assert changes["review[0]"]["note"] == "a[31mb\ncd"  # type: ignore[index]


def test_the_saved_article_reads_back_with_its_entry() -> None:
    # Issue 22: a file with no date-times yet gets RFC 3339's `T` (as the bundled files write it).
    a = article("review", "review: []\n")
    text = render(a, plan_move(a, default_schema(), "approved", "Rita", now=NOW))
    assert "review: [{by: Rita, at: 2024-05-02T10:30:00+02:00, verdict: approved}]" in text


@pytest.mark.parametrize("sep", ["T", " "])
def test_a_review_timestamp_is_written_in_the_files_own_style(sep: str) -> None:
    earlier = f"  - {{by: Ann, at: 2024-05-01{sep}09:00:00+02:00, verdict: submitted}}\n"
    a = article("review", "review:\n" + earlier)
    text = render(a, plan_move(a, default_schema(), "approved", "Rita", now=NOW))
    assert earlier in text
    assert f"at: 2024-05-02{sep}10:30:00+02:00" in text


@pytest.mark.parametrize("sep", ["T", " "])
def test_a_toml_review_timestamp_is_written_in_the_files_own_style(sep: str) -> None:
    earlier = f'  {{ by = "Ann", at = 2024-05-01{sep}09:00:00+02:00, verdict = "submitted" }},\n'
    text = (
        '+++\ntitle = "T"\ndate = 2024-05-01\nstatus = "review"\nbyline = "Ann Lee"\n'
        f'summary = "S."\nreview = [\n{earlier}]\n+++\nBody.\n'
    )
    a = parse_text(text, Path("a.md"))
    out = render(a, plan_move(a, default_schema(), "approved", "Rita", now=NOW))
    assert earlier in out
    assert f"at = 2024-05-02{sep}10:30:00+02:00" in out


# -- the history -------------------------------------------------------------------------------


def test_history_reads_entries_and_skips_junk() -> None:
    meta = {
        "review": [
            {"by": "Ann", "at": "2024-05-01T09:00:00+02:00", "verdict": "submitted"},
            "junk",
            {
                "by": "Rita",
                "at": dt.datetime(2024, 5, 2, 9, tzinfo=TZ),
                "verdict": "changes-requested",
                "note": "Fix.",
            },
            {"by": "Ann", "at": "not a time", "verdict": "submitted", "note": 3},
        ]
    }
    entries = history(meta)
    assert [e.index for e in entries] == [0, 2, 3]
    assert entries[0].at == dt.datetime(2024, 5, 1, 9, tzinfo=TZ)
    assert entries[1].note == "Fix." and entries[2].note == "3" and entries[2].at is None
    assert last_request(meta) == entries[2]
    assert history({"review": "x"}) == [] and history({}) == []


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (-5, "now"),
        (0, "0m"),
        (59, "59m"),
        (60, "1h"),
        (47 * 60, "47h"),
        (2 * 1440, "2d"),
        (20 * 1440, "2w"),
        (800 * 1440, "2y"),
    ],
)
def test_waited(minutes: int, text: str) -> None:
    assert waited(NOW - dt.timedelta(minutes=minutes), NOW) == text
    assert waited(None, NOW) == "?"


# -- validate ----------------------------------------------------------------------------------


def codes(text: str, schema=None) -> list[tuple[str, str | None, str]]:
    a = parse_text(text, Path("a.md"))
    return [(p.code, p.field, p.severity) for p in validate_article(a, schema or default_schema())]


HEAD = "---\ntitle: T\ndate: 2024-05-01\nbyline: Ann\nsummary: S.\n"


def test_validate_checks_the_review_list() -> None:
    found = codes(
        HEAD
        + "status: review\nreview:\n"
        + "  - {by: Ann, at: 2024-05-01T09:00:00+02:00, verdict: submited}\n"
        + "  - {by: Ann, at: 2024-02-30T09:00:00+02:00, verdict: submitted}\n"
        + "  - {at: 2024-05-01T09:00:00+02:00, verdict: submitted}\n"
        + "  - {by: Ann, at: '2024-05-01T09:00:00', verdict: submitted, remark: x}\n"
        + "---\n"
    )
    assert ("enum", "review[0].verdict", "error") in found
    assert ("date", "review[1].at", "error") in found
    assert ("required-one-of", "review[2]", "error") in found
    assert ("review", "review[3].at", "warning") in found
    assert ("unknown-field", "review[3].remark", "warning") in found


def test_a_clean_history_validates_clean() -> None:
    text = (
        HEAD
        + "status: published\nreview:\n  - {by: Ann, at: 2024-05-01T09:00:00+02:00, verdict: submitted}\n  - {by: Rita, at: 2024-05-02T09:00:00+02:00, verdict: approved, note: ok}\n---\n"
    )
    assert codes(text) == []


@pytest.mark.parametrize(
    ("status", "last", "warned"),
    [
        ("published", "approved", False),
        ("published", "published", False),
        ("published", "changes-requested", True),
        ("published", "submitted", True),
        ("approved", "submitted", True),
        ("approved", "changes-requested", True),
        ("draft", "approved", False),  # moved back by hand: not suspicious
        ("review", "submitted", False),
    ],
)
def test_a_status_further_along_than_the_last_verdict_is_a_warning(
    status: str, last: str, warned: bool
) -> None:
    text = (
        HEAD
        + f"status: {status}\nreview:\n  - {{by: Rita, at: 2024-05-02T09:00:00+02:00, verdict: {last}}}\n---\n"
    )
    found = codes(text)
    assert (("review-status", "status", "warning") in found) is warned
    assert all(sev == "warning" for _, _, sev in found)


def test_a_site_schema_without_a_review_field_still_knows_the_list() -> None:
    schema = parse_schema(
        '[fields.title]\ntype = "string"\n[fields.status]\ntype = "enum"\nvalues = ["draft", "review"]\n'
    )
    ok = "---\ntitle: T\nstatus: review\nreview:\n  - {by: Ann, at: 2024-05-01T09:00:00+02:00, verdict: submitted}\n---\n"
    assert codes(ok, schema) == []
    bad = ok.replace("submitted", "maybe")
    assert ("enum", "review[0].verdict", "error") in codes(bad, schema)


# -- who is reviewing --------------------------------------------------------------------------


def test_reviewer_is_the_config_name_then_git_then_the_login(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    (config / "newsdesk").mkdir(parents=True)
    env = {"XDG_CONFIG_HOME": str(config)}
    (config / "newsdesk" / "config.toml").write_text('name = "  Rita   Reviewer "\n')
    assert reviewer_name(tmp_path, env) == "Rita Reviewer"
    (config / "newsdesk" / "config.toml").write_text('theme = "x"\n')
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "config", "user.name", "Git Person"], check=True)
    assert reviewer_name(repo, env) == "Git Person"
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "none"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("LOGNAME", "loginname")
    monkeypatch.setenv("USER", "loginname")
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert reviewer_name(outside, env) == "loginname"
    monkeypatch.setenv("PATH", "")  # no git at all
    assert reviewer_name(outside, env) == "loginname"


# -- appending in place ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("tags: [a, 'b']\n", "tags: [a, 'b', c]\n"),
        ("tags: [a, 'b', ]\n", "tags: [a, 'b', c, ]\n"),
        ("tags: [\n  a,\n  'b'\n]\n", "tags: [\n  a,\n  'b',\n  c\n]\n"),
        ("tags: [\n  a,\n  'b',\n]\n", "tags: [\n  a,\n  'b',\n  c,\n]\n"),
        ("tags: [a,\n  'b']\n", "tags: [a,\n  'b', c]\n"),
        ("+++\ntags = [\"a\", 'b']\n", '+++\ntags = ["a", \'b\', "c"]\n'),
        ("+++\ntags = [\n  \"a\",\n  'b' # last\n]\n", '+++\ntags = [\n  "a",\n  \'b\', # last\n  "c"\n]\n'),
        (
            "+++\ntags = [\n  \"a\",\n  'b',  # last\n]\n",
            '+++\ntags = [\n  "a",\n  \'b\',  # last\n  "c",\n]\n',
        ),
    ],
)
def test_appending_to_a_flow_list_leaves_the_other_items_alone(before: str, after: str) -> None:
    toml = before.startswith("+++")
    fence = "+++\n" if toml else "---\n"
    text = (before if toml else fence + before) + fence + "Body\n"
    a = parse_text(text, Path("a.md"))
    out = render(a, {"tags[2]": "c"})
    assert out == (after if toml else fence + after) + fence + "Body\n"


def test_a_flow_list_with_a_comment_inside_is_rewritten_whole_but_correctly() -> None:
    text = "---\ntags: [a, # first\n  b]\n---\n"
    a = parse_text(text, Path("a.md"))
    out = render(a, {"tags[2]": "c"})
    assert parse_text(out, Path("a.md")).metadata["tags"] == ["a", "b", "c"]


# -- property: appending keeps every earlier byte ----------------------------------------------


_WORDS = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]), min_size=1, max_size=20
)


@settings(max_examples=150, deadline=None)
# "-" reads as text in "[-]" but starts a block item alone on its line: it must be quoted there.
@example(items=["0"], new="-", toml=False, lines=True, trailing=False)
@given(
    items=st.lists(_WORDS, min_size=1, max_size=5),
    new=_WORDS,
    toml=st.booleans(),
    lines=st.booleans(),
    trailing=st.booleans(),
)
def test_an_append_to_a_flow_list_keeps_the_items_before_it(
    items: list[str], new: str, toml: bool, lines: bool, trailing: bool
) -> None:
    import json

    if toml:
        shown = [json.dumps(i, ensure_ascii=False) for i in items]
        head, fence, assign = "+++\n", "+++\n", "tags = "
    else:
        shown = [json.dumps(i, ensure_ascii=False) for i in items]
        head, fence, assign = "---\n", "---\n", "tags: "
    if lines:
        inner = (
            "".join(f"  {s},\n" for s in shown) if trailing else ",\n".join(f"  {s}" for s in shown) + "\n"
        )
        value = "[\n" + inner + "]"
    else:
        value = "[" + ", ".join(shown) + (", " if trailing else "") + "]"
    text = (
        head
        + 'title = "T"\n'.replace(" = ", ": " if not toml else " = ")
        + assign
        + value
        + "\n"
        + fence
        + "Body\n"
    )
    a = parse_text(text, Path("a.md"))
    assert a.metadata["tags"] == items
    out = render(a, {f"tags[{len(items)}]": new})
    b = parse_text(out, Path("a.md"))
    assert b.metadata["tags"] == [*items, new]
    # Every item already there is still written as it was.
    for s in shown:
        assert s in out
    assert out.startswith(text[: text.index(assign)]) and out.endswith(fence + "Body\n")


# -- changes since the last verdict (core/review/since.py) --------------------------------------------


def _git(folder: Path, *args: str) -> None:
    import os

    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="T",
        GIT_AUTHOR_EMAIL="t@x",
        GIT_COMMITTER_NAME="T",
        GIT_COMMITTER_EMAIL="t@x",
    )
    subprocess.run(["git", *args], cwd=folder, check=True, env=env, capture_output=True)


SENT_BACK = (
    "---\ntitle: T\nstatus: draft\nreview:\n"
    "  - {by: Ann, at: '2024-05-01T09:00:00+02:00', verdict: submitted}\n"
    "  - {by: Rita, at: '2024-05-02T09:00:00+02:00', verdict: changes-requested, note: Fix it.}\n"
    "---\n\nOne two three.\n"
)


@pytest.mark.parametrize("name", ["odd [name]*.md", "-dash.md", "plain.md"])
def test_since_finds_the_version_of_the_verdict_for_any_file_name(tmp_path: Path, name: str) -> None:
    from newsdesk.core.review.since import changes_since_last_verdict

    path = tmp_path / name
    (tmp_path / "other [name]x.md").write_text("---\ntitle: other\n---\n")
    path.write_text(SENT_BACK)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "--all")
    _git(tmp_path, "commit", "-qm", "sent back")
    path.write_text(SENT_BACK.replace("One two three.", "One two four."))
    _git(tmp_path, "commit", "-qam", "fixed")
    path.write_text(
        SENT_BACK.replace("One two three.", "One two four.")
        .replace(
            "note: Fix it.}\n",
            "note: Fix it.}\n  - {by: Ann, at: '2024-05-03T09:00:00+02:00', verdict: submitted}\n",
        )
        .replace("status: draft", "status: review")
    )
    changes = changes_since_last_verdict(path)
    assert changes.state == "ok", changes.note
    assert changes.base is not None and changes.base.verdict == "changes-requested"
    assert changes.commits_since == 1 and changes.uncommitted
    removed = [line.text for line in changes.lines if line.kind == "removed"]
    added = [line for line in changes.lines if line.kind == "added"]
    assert removed == ["status: draft", "One two three."]
    assert [line.text for line in added] == [
        "status: review",
        "  - {by: Ann, at: '2024-05-03T09:00:00+02:00', verdict: submitted}",
        "One two four.",
    ]
    assert added[-1].spans == ((8, 12),)  # only the changed word is marked


def test_since_without_a_reviewer_verdict_or_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.core.review.since import changes_since_last_verdict

    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    path = tmp_path / "a.md"
    path.write_text(SENT_BACK.split("  - {by: Rita")[0] + "---\n\nBody.\n")
    changes = changes_since_last_verdict(path)
    assert changes.state == "whole" and changes.note == "no earlier verdict: the whole article"
    assert [line.text for line in changes.lines][-1] == "Body."
    path.write_text(SENT_BACK)
    changes = changes_since_last_verdict(path)
    assert changes.state == "no-git" and "not in a git work tree" in changes.note
    _git(tmp_path, "init", "-q")
    changes = changes_since_last_verdict(path)
    assert changes.state == "whole" and "never committed" in changes.note
    monkeypatch.setenv("PATH", "")
    changes = changes_since_last_verdict(path)
    assert changes.state == "error" and "git is not installed" in changes.note


def test_since_an_uncommitted_verdict_shows_the_changes_since_the_last_commit(tmp_path: Path) -> None:
    from newsdesk.core.review.since import changes_since_last_verdict

    path = tmp_path / "a.md"
    path.write_text(SENT_BACK.split("  - {by: Rita")[0] + "---\n\nOne two three.\n")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "a.md")
    _git(tmp_path, "commit", "-qm", "submitted")
    path.write_text(SENT_BACK)
    changes = changes_since_last_verdict(path)
    assert changes.state == "ok" and "not committed yet" in changes.note
    assert any(line.kind == "added" and "changes-requested" in line.text for line in changes.lines)


def test_since_gives_up_on_a_slow_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.core.review import since

    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text("#!/bin/sh\n/bin/sleep 5\n")
    (fake / "git").chmod(0o755)
    monkeypatch.setenv("PATH", str(fake))
    path = tmp_path / "a.md"
    path.write_text(SENT_BACK)
    changes = since.changes_since_last_verdict(path, timeout=0.3)
    assert changes.state == "error" and "took longer than 0.3 s" in changes.note


def test_a_config_nested_too_deeply_is_ignored_like_a_broken_one(tmp_path: Path) -> None:
    # Before: tomllib's RecursionError escaped from every verdict command (and the app's start).
    from newsdesk.ui.config import load_config

    config = tmp_path / "config"
    (config / "newsdesk").mkdir(parents=True)
    (config / "newsdesk" / "config.toml").write_text("name = " + "[" * 5000 + "]" * 5000 + "\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "config", "user.name", "Git Person"], check=True)
    assert reviewer_name(repo, {"XDG_CONFIG_HOME": str(config)}) == "Git Person"
    assert load_config(config / "newsdesk") == {}
