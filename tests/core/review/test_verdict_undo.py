"""Taking a verdict back (issue 22.3): `undo_changes` gives the changes that restore the status and
remove the review entry the verdict appended; saved through the one save, the file is back to its
bytes before the verdict."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_workflow_golden import CASES, MOVES, NOW

from newsdesk.core.read.reader import load_article
from newsdesk.core.review.verdicts import MoveRefused, apply_verdict, undo_changes
from newsdesk.core.rules.schema import default_schema
from newsdesk.core.write.save import render, write_text
from newsdesk.core.write.splice import UNSET

#: Review lists written as flow lists (``[...]``): removing an item writes the list anew.
FLOW = {"yaml-flow-lines", "toml-inline-one-line"}


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("verdict", list(MOVES))
@pytest.mark.parametrize(("name", "before", "after"), CASES, ids=[c[0] for c in CASES])
def test_undo_gives_back_the_bytes_before_the_verdict(
    tmp_path: Path, name: str, before: str, after: str, verdict: str, newline: str
) -> None:
    old_status, _ = MOVES[verdict]
    original = before.replace("{s}", old_status).replace("\n", newline)
    path = tmp_path / "a.md"
    path.write_bytes(original.encode())
    schema = default_schema()
    article = load_article(path)
    saved = apply_verdict(article, schema, verdict, "Rita Reviewer", "Fine, thanks.", now=NOW)
    assert path.read_bytes() != original.encode()
    changes = undo_changes(article.metadata, saved.metadata, schema)
    write_text(saved, render(saved, changes, order=list(schema.fields)))
    if name in FLOW:  # the save writes a flow list anew when an item is removed from it
        assert load_article(path).metadata == article.metadata
        head = original.split("review")[0]
        assert path.read_bytes().decode().startswith(head)
    else:
        assert path.read_bytes() == original.encode()


def test_the_changes_restore_the_status_and_drop_the_appended_entry() -> None:
    schema = default_schema()
    entry = {"by": "A", "at": "x", "verdict": "submitted"}
    mine = {"by": "R", "at": "y", "verdict": "approved"}
    before = {"title": "T", "status": "review", "review": [entry]}
    after = {"title": "T", "status": "approved", "review": [entry, mine]}
    assert undo_changes(before, after, schema) == {"status": "review", "review[1]": UNSET}
    # No history before: the whole field goes; no status before: it goes too.
    assert undo_changes({"title": "T"}, {"title": "T", "status": "review", "review": [mine]}, schema) == {
        "status": UNSET,
        "review": UNSET,
    }


@pytest.mark.parametrize(
    "after_review",
    [
        [],  # the entry is gone
        [{"by": "A"}, {"by": "R"}, {"by": "S"}],  # someone else appended one more
        [{"by": "Z"}, {"by": "R"}],  # the earlier history was rewritten
        "not a list",
    ],
)
def test_a_history_the_verdict_did_not_write_is_refused(after_review: object) -> None:
    schema = default_schema()
    before = {"status": "review", "review": [{"by": "A"}]}
    with pytest.raises(MoveRefused, match="cannot undo"):
        undo_changes(before, {"status": "approved", "review": after_review}, schema)
