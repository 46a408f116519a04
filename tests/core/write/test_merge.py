"""Issue 21: one field-level three-way merge (newsdesk.core.write.merge)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from newsdesk.core.read.reader import load_article, parse_text
from newsdesk.core.write.merge import MergeConflict, merge, merge_files, with_markers, write_merging
from newsdesk.core.write.splice import UNSET

BASE = """\
---
# the desk's comment stays
title: 'Spring meeting'   # quoted on purpose
section: Campus
status: review
tags: [employment, union]
attendees:
  - name: Ann Lee
    role: Chair
  - name: Bo Chen
    role: Treasurer
review:
  - {by: Rita, at: 2024-05-01T10:00:00+02:00, verdict: submitted}
---
First paragraph.

Second paragraph.

Third paragraph.
"""


def m(base: str, ours: str, theirs: str) -> Any:
    return merge(parse_text(base), parse_text(ours), parse_text(theirs))


def test_the_issue_case_title_ours_section_theirs_keeps_both() -> None:
    """The issue: ours changed only the title, a colleague set section=News: both are kept."""
    ours = BASE.replace("'Spring meeting'", "'Spring meeting, 2024'")
    theirs = BASE.replace("section: Campus", "section: Campus News")
    r = m(BASE, ours, theirs)
    assert r.clean and r.conflicts == []
    assert r.text == BASE.replace("'Spring meeting'", "'Spring meeting, 2024'").replace(
        "section: Campus", "section: Campus News"
    )
    assert r.from_ours == ["title"] and r.from_theirs == ["section"]


def test_neighbouring_lines_are_no_conflict() -> None:
    """A line merge conflicts on neighbouring lines; the field merge does not."""
    ours = BASE.replace("section: Campus", "section: News")
    theirs = BASE.replace("status: review", "status: approved")
    r = m(BASE, ours, theirs)
    assert r.clean
    assert r.text == BASE.replace("section: Campus", "section: News").replace(
        "status: review", "status: approved"
    )


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    both = BASE.replace("section: Campus", "section: News")
    r = m(BASE, both, both)
    assert r.clean and r.text == both


def test_the_same_field_changed_differently_is_a_conflict_naming_it_with_both_values() -> None:
    ours = BASE.replace("section: Campus", "section: News")
    theirs = BASE.replace("section: Campus", "section: Sport")
    r = m(BASE, ours, theirs)
    assert not r.clean
    [c] = r.conflicts
    assert (c.field, c.base, c.ours, c.theirs) == ("section", "Campus", "News", "Sport")
    assert r.text == theirs  # theirs' value kept in the text; ours' is in the conflict
    assert r.marked == theirs.replace(
        "section: Sport\n", "<<<<<<< ours\nsection: News\n=======\nsection: Sport\n>>>>>>> theirs\n"
    )


def test_deleted_on_one_side_changed_on_the_other_is_a_conflict() -> None:
    ours = BASE.replace("section: Campus\n", "")
    theirs = BASE.replace("section: Campus", "section: Sport")
    [c] = m(BASE, ours, theirs).conflicts
    assert (c.field, c.ours, c.theirs) == ("section", UNSET, "Sport")


def test_deleted_on_one_side_unchanged_on_the_other_is_deleted() -> None:
    ours = BASE.replace("section: Campus\n", "")
    theirs = BASE.replace("status: review", "status: approved")
    r = m(BASE, ours, theirs)
    assert r.clean and r.text == ours.replace("status: review", "status: approved")


def test_people_are_merged_by_name_not_index() -> None:
    """Ours changes Bo's role; theirs inserts a person before Bo (Bo's index changes) and removes Ann."""
    ours = BASE.replace("role: Treasurer", "role: Secretary")
    theirs = BASE.replace("  - name: Ann Lee\n    role: Chair\n", "  - name: Cy Diaz\n    role: Guest\n")
    r = m(BASE, ours, theirs)
    assert r.clean, r.conflicts
    assert r.text == theirs.replace("role: Treasurer", "role: Secretary")


def test_people_appended_on_both_sides_are_both_kept() -> None:
    ours = BASE.replace("    role: Treasurer\n", "    role: Treasurer\n  - name: Di Evans\n")
    theirs = BASE.replace("    role: Treasurer\n", "    role: Treasurer\n  - name: Ed Fox\n")
    r = m(BASE, ours, theirs)
    assert r.clean
    names = [p["name"] for p in parse_text(r.text).metadata["attendees"]]
    assert names == ["Ann Lee", "Bo Chen", "Ed Fox", "Di Evans"]


def test_the_same_person_changed_differently_is_a_conflict_at_their_place() -> None:
    ours = BASE.replace("role: Treasurer", "role: Secretary")
    theirs = BASE.replace("role: Treasurer", "role: Auditor")
    [c] = m(BASE, ours, theirs).conflicts
    assert (c.field, c.ours, c.theirs) == ("attendees[1].role", "Secretary", "Auditor")


def test_review_entries_appended_on_both_sides_are_kept_in_time_order() -> None:
    entry = "  - {{by: {by}, at: {at}, verdict: {v}}}\n"
    after = "verdict: submitted}\n"
    ours = BASE.replace(after, after + entry.format(by="Al", at="2024-05-02T09:00:00+02:00", v="approved"))
    theirs = BASE.replace(
        after, after + entry.format(by="Cy", at="2024-05-01T12:00:00+02:00", v="changes-requested")
    )
    r = m(BASE, ours, theirs)
    assert r.clean, r.conflicts
    review = parse_text(r.text).metadata["review"]
    assert [(e["by"], e["verdict"]) for e in review] == [
        ("Rita", "submitted"),
        ("Cy", "changes-requested"),
        ("Al", "approved"),
    ]
    # Each side's entry keeps its own bytes (a flow mapping, as written), in time order.
    cy = entry.format(by="Cy", at="2024-05-01T12:00:00+02:00", v="changes-requested")
    al = entry.format(by="Al", at="2024-05-02T09:00:00+02:00", v="approved")
    assert r.text == BASE.replace(after, after + cy + al)
    swapped = m(BASE, theirs, ours)  # the other way round: the same time order
    assert swapped.text == r.text


def test_the_same_review_entry_on_both_sides_is_kept_once() -> None:
    after = "verdict: submitted}\n"
    both = BASE.replace(after, after + "  - {by: Al, at: 2024-05-02T09:00:00+02:00, verdict: approved}\n")
    r = m(BASE, both, both)
    assert r.clean and r.text == both


def test_plain_lists_merge_as_sequences() -> None:
    ours = BASE.replace("[employment, union]", "[employment, union, pay]")
    theirs = BASE.replace("[employment, union]", "[jobs, employment, union]")
    r = m(BASE, ours, theirs)
    assert r.clean
    assert parse_text(r.text).metadata["tags"] == ["jobs", "employment", "union", "pay"]
    clash = m(BASE, BASE.replace("union]", "labour]"), BASE.replace("union]", "unions]"))
    assert [c.field for c in clash.conflicts] == ["tags"]


def test_body_lines_merge_and_conflict_naming_the_lines() -> None:
    ours = BASE.replace("First paragraph.", "First paragraph, edited.")
    theirs = BASE.replace("Third paragraph.", "Third paragraph, edited.")
    r = m(BASE, ours, theirs)
    assert r.clean and "First paragraph, edited." in r.text and "Third paragraph, edited." in r.text
    ours = BASE.replace("Second paragraph.", "Second, ours.")
    theirs = BASE.replace("Second paragraph.", "Second, theirs.")
    r = m(BASE, ours, theirs)
    [c] = r.conflicts
    assert (c.field, c.ours, c.theirs, c.lines) == ("body", "Second, ours.\n", "Second, theirs.\n", (3, 3))
    assert "<<<<<<< ours\nSecond, ours.\n=======\nSecond, theirs.\n>>>>>>> theirs\n" in r.marked


def test_field_and_body_merge_at_once_keeping_comments() -> None:
    """Both sides change the front matter and the body next to each other: all four kept, the
    comments and the quoting of untouched lines byte-identical."""
    ours = BASE.replace("section: Campus", "section: News").replace("First paragraph.", "First!")
    theirs = BASE.replace("status: review", "status: approved").replace("Second paragraph.", "Second!")
    r = m(BASE, ours, theirs)
    assert r.clean
    assert r.text == BASE.replace("section: Campus", "section: News").replace(
        "status: review", "status: approved"
    ).replace("First paragraph.", "First!").replace("Second paragraph.", "Second!")


def test_crlf_and_bom_are_kept() -> None:
    crlf = BASE.replace("\n", "\r\n")
    ours = crlf.replace("section: Campus", "section: News")
    theirs = crlf.replace("status: review", "status: approved")
    bom = b"\xef\xbb\xbf"
    out, clean = merge_files(bom + crlf.encode(), bom + ours.encode(), bom + theirs.encode())
    assert clean
    assert (
        out
        == bom
        + crlf.replace("section: Campus", "section: News")
        .replace("status: review", "status: approved")
        .encode()
    )


def test_ours_as_metadata_and_body() -> None:
    """The app's case: ours is the edit form's values, not a file."""
    base = parse_text(BASE)
    theirs = parse_text(BASE.replace("section: Campus", "section: Campus News"))
    meta = dict(base.metadata, title="Spring meeting, 2024")
    r = merge(base, (meta, base.body), theirs)
    assert r.clean
    assert r.text == BASE.replace("section: Campus", "section: Campus News").replace(
        "'Spring meeting'", "'Spring meeting, 2024'"
    )


def test_toml_front_matter() -> None:
    base = '+++\ntitle = "T"  # c\nsection = "Campus"\nstatus = "draft"\n+++\nBody\n'
    r = m(base, base.replace('"T"', '"T2"'), base.replace('"draft"', '"review"'))
    assert r.clean and r.text == base.replace('"T"', '"T2"').replace('"draft"', '"review"')


def test_with_markers_wraps_only_differing_lines() -> None:
    assert with_markers("a\nb\nc", "a\nB\nc") == "a\n<<<<<<< ours\nb\n=======\nB\n>>>>>>> theirs\nc"


def test_broken_front_matter_falls_back_to_a_plain_line_merge() -> None:
    broken = "---\ntitle: [unclosed\n---\nBody\n"
    out, clean = merge_files(broken.encode(), broken.replace("Body", "Body!").encode(), broken.encode())
    assert clean and out == broken.replace("Body", "Body!").encode()
    out, clean = merge_files(
        broken.encode(), broken.replace("Body", "Ours").encode(), broken.replace("Body", "Theirs").encode()
    )
    assert not clean and b"<<<<<<< ours\nOurs\n=======\nTheirs\n>>>>>>> theirs\n" in out


# -- the verdicts' save: merging with a concurrent writer ------------------------------------------


def _racing(monkeypatch: pytest.MonkeyPatch, path: Path, edit: Any) -> None:
    from newsdesk.core.write import save

    real = save.write_text
    calls: list[int] = []

    def racing(article: Any, text: str, **kw: Any) -> Any:
        if not calls:
            calls.append(1)
            path.write_text(edit(path.read_text()))
        return real(article, text, **kw)

    monkeypatch.setattr(save, "write_text", racing)


def test_write_merging_merges_a_concurrent_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.md"
    path.write_text(BASE)
    article = load_article(path)
    _racing(monkeypatch, path, lambda t: t.replace("section: Campus", "section: News"))
    write_merging(article, BASE.replace("status: review", "status: approved"), tries=1)
    assert path.read_text() == BASE.replace("section: Campus", "section: News").replace(
        "status: review", "status: approved"
    )


def test_write_merging_refuses_a_clash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.md"
    path.write_text(BASE)
    article = load_article(path)
    theirs = BASE.replace("status: review", "status: draft")
    _racing(monkeypatch, path, lambda t: theirs)
    with pytest.raises(MergeConflict, match="status") as info:
        write_merging(article, BASE.replace("status: review", "status: approved"), tries=1)
    assert [c.field for c in info.value.result.conflicts] == ["status"]
    assert path.read_text() == theirs


def test_two_reviewers_approving_at_once_keep_both_verdicts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 21: a verdict given meanwhile is merged, not re-planned into "already approved"."""
    from newsdesk.core.review.verdicts import apply_verdict
    from newsdesk.core.rules.schema import default_schema

    path = tmp_path / "a.md"
    text = "---\ntitle: T\ndate: 2024-05-01\nstatus: review\nbyline: Ann\nsummary: S\n---\nBody\n"
    path.write_text(text)
    article = load_article(path)
    other = "status: approved\nreview:\n  - {by: Bo, at: 2024-05-02T09:00:00+02:00, verdict: approved}\n"
    _racing(monkeypatch, path, lambda t: t.replace("status: review\n", other))
    now = dt.datetime(2024, 5, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    apply_verdict(article, default_schema(), "approved", "Cy", now=now, retries=1)
    review = load_article(path).metadata["review"]
    assert [(e["by"], e["verdict"]) for e in review] == [("Bo", "approved"), ("Cy", "approved")]
    assert load_article(path).metadata["status"] == "approved"


def test_approve_from_the_shell_keeps_a_verdict_given_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The verdict commands merge too: before, the move was planned again and refused ("its status
    is already approved"), though the two reviewers agreed."""
    import os

    from newsdesk.cli import main

    config = Path(os.environ["XDG_CONFIG_HOME"]) / "newsdesk"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text('name = "Cy"\n')
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: T\ndate: 2024-05-01\nstatus: review\nbyline: Ann\nsummary: S\n---\nBody\n")
    other = "status: approved\nreview:\n  - {by: Bo, at: 2024-05-02T09:00:00+02:00, verdict: approved}\n"
    _racing(monkeypatch, path, lambda t: t.replace("status: review\n", other))
    assert main(["approve", str(path)]) == 0, capsys.readouterr().err
    review = load_article(path).metadata["review"]
    assert [(e["by"], e["verdict"]) for e in review] == [("Bo", "approved"), ("Cy", "approved")]


# -- the app's dialog: conflicts decided per field, "overwrite with yours" ----------------------


def test_resolve_takes_ours_only_where_asked() -> None:
    from newsdesk.core.write.merge import resolve

    ours = BASE.replace("'Spring meeting'", "'Mine'").replace("section: Campus", "section: Ours")
    theirs = BASE.replace("'Spring meeting'", "'Theirs'").replace("section: Campus", "section: Theirs")
    theirs = theirs.replace("status: review", "status: approved")
    r = m(BASE, ours, theirs)
    assert [c.field for c in r.conflicts] == ["title", "section"]
    t = parse_text(theirs)
    text = resolve(r, t, {0}, order=None)
    got = parse_text(text).metadata
    assert (got["title"], got["section"], got["status"]) == ("Mine", "Theirs", "approved")
    assert "title: 'Mine'   # quoted on purpose" in text and "# the desk's comment stays" in text
    assert parse_text(resolve(r, t, set())).metadata["title"] == "Theirs"


def test_resolve_body_lines_and_nested_fields() -> None:
    from newsdesk.core.write.merge import resolve

    ours = BASE.replace("Second paragraph.", "Our second.").replace("role: Chair", "role: Head")
    theirs = BASE.replace("Second paragraph.", "Their second.").replace("role: Chair", "role: Boss")
    theirs = theirs.replace("Third paragraph.", "Their third.")
    r = m(BASE, ours, theirs)
    assert sorted(c.field for c in r.conflicts) == ["attendees[0].role", "body"]
    t = parse_text(theirs)
    both = resolve(r, t, set(range(len(r.conflicts))))
    got = parse_text(both)
    assert got.metadata["attendees"][0]["role"] == "Head"
    assert "Our second." in got.body and "Their second." not in got.body and "Their third." in got.body


def test_overwrite_changed_keeps_the_fields_you_did_not_change() -> None:
    """The issue's case: "overwrite with yours" must not revert the colleague's section."""
    from newsdesk.core.write.merge import overwrite_changed

    ours = BASE.replace("'Spring meeting'", "'Mine'").replace("Third paragraph.", "Our third.")
    theirs = BASE.replace("section: Campus", "section: News").replace("'Spring meeting'", "'Theirs'")
    text = overwrite_changed(parse_text(BASE), parse_text(ours), parse_text(theirs))
    got = parse_text(text)
    assert (got.metadata["title"], got.metadata["section"]) == ("Mine", "News")
    assert got.body.endswith("Our third.\n")
    # A field you removed is removed; theirs' new field stays.
    ours2 = BASE.replace("section: Campus\n", "")
    theirs2 = BASE.replace("status: review\n", "status: review\nurgent: true\n")
    got2 = parse_text(overwrite_changed(parse_text(BASE), parse_text(ours2), parse_text(theirs2))).metadata
    assert "section" not in got2 and got2["urgent"] is True
