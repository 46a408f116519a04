"""``newsdesk submit | approve | request-changes | publish | log | review``: exit codes, output,
refusals (file unchanged), and what the save changes."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core.read.reader import load_article

DRAFT = "---\ntitle: Spring meeting\ndate: 2024-05-01\nstatus: draft  # keep\nbyline: Ann Lee\nsummary: S.\n---\nBody.\n"
NO_BYLINE = "---\ntitle: Spring meeting\ndate: 2024-05-01\nstatus: draft\n---\nBody.\n"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def reviewer() -> str:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "newsdesk"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text('name = "Rita Reviewer"\n')
    return "Rita Reviewer"


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "a.md"
    path.write_text(DRAFT)
    return path


def test_the_whole_workflow_from_the_shell(capsys, draft: Path) -> None:
    code, out, err = run(capsys, "submit", str(draft))
    assert (code, err) == (0, "")
    assert out == f"{draft}: submitted by Rita Reviewer (draft -> review)\n"
    code, out, _ = run(capsys, "request-changes", str(draft), "-m", "Name the venue.")
    assert code == 0 and "(review -> draft)" in out
    assert run(capsys, "submit", str(draft))[0] == 0
    code, out, _ = run(capsys, "approve", str(draft), "-m", "Good.")
    assert code == 0 and "(review -> approved)" in out
    code, out, _ = run(capsys, "publish", str(draft))
    assert code == 0 and "(approved -> published)" in out
    article = load_article(draft)
    assert article.metadata["status"] == "published"
    assert [e["verdict"] for e in article.metadata["review"]] == [
        "submitted",
        "changes-requested",
        "submitted",
        "approved",
        "published",
    ]
    assert article.metadata["review"][1]["note"] == "Name the venue."
    assert "status: published  # keep\n" in draft.read_text()
    assert run(capsys, "validate", str(draft))[0] == 0


def test_a_verdict_changes_only_the_status_line_and_appends_the_entry(capsys, draft: Path) -> None:
    assert run(capsys, "submit", str(draft))[0] == 0
    lines = draft.read_text().splitlines()
    old = DRAFT.splitlines()
    assert lines[:3] == old[:3] and lines[4:6] == old[4:6]
    assert lines[3] == "status: review  # keep"
    assert lines[6:10] == ["review:", "  - by: Rita Reviewer", lines[8], "    verdict: submitted"]
    assert lines[8].startswith("    at: ") and lines[10:] == old[6:]


@pytest.mark.parametrize(
    ("command", "start", "reason"),
    [
        (
            ["approve"],
            DRAFT,
            "cannot approve: draft -> approved is not allowed (from draft the workflow allows: review)",
        ),
        (["publish"], DRAFT, "cannot publish: draft -> published is not allowed"),
        (["request-changes", "-m", "x"], DRAFT, "cannot request changes: its status is already draft"),
        (
            ["submit"],
            NO_BYLINE,
            "cannot submit: 'byline' is missing: add `byline: ...` — required once status is review",
        ),
        (
            ["approve"],
            DRAFT.replace("draft  # keep", "review").replace("summary: S.\n", ""),
            "'summary' is missing",
        ),
        (
            ["request-changes", "-m", "x"],
            DRAFT.replace("draft  # keep", "published"),
            "published -> draft is allowed only when forced (--force)",
        ),
    ],
)
def test_a_refused_move_exits_1_with_the_reason_and_leaves_the_file_alone(
    capsys, tmp_path: Path, command: list[str], start: str, reason: str
) -> None:
    path = tmp_path / "a.md"
    path.write_text(start)
    before = os.stat(path).st_mtime_ns
    code, out, err = run(capsys, command[0], str(path), *command[1:])
    assert (code, out) == (1, "")
    assert err.startswith(f"newsdesk: {path}: ") and reason in err and err.endswith("; file unchanged\n")
    assert err.count("\n") == 1
    assert path.read_text() == start and os.stat(path).st_mtime_ns == before


def test_self_approval_refused_when_the_workflow_says_so(capsys, tmp_path: Path) -> None:
    (tmp_path / "newsdesk.toml").write_text("[workflow]\nself_approval = false\n")
    path = tmp_path / "a.md"
    path.write_text(DRAFT.replace("draft  # keep", "review").replace("Ann Lee", "Rita Reviewer"))
    code, _, err = run(capsys, "approve", str(path))
    assert code == 1 and "Rita Reviewer is the byline of this article" in err and "self-approval" in err


def test_force_allows_a_forced_move(capsys, tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(DRAFT.replace("draft  # keep", "published"))
    code, out, _ = run(capsys, "request-changes", str(path), "-m", "Wrong date.", "--force")
    assert code == 0 and "(published -> draft)" in out


def test_request_changes_needs_a_note_usage_error(capsys, draft: Path) -> None:
    code, _, err = run(capsys, "request-changes", str(draft))
    assert code == 2 and "-m/--message" in err
    code, _, err = run(capsys, "request-changes", str(draft), "-m", "  ")
    assert code == 2 and "needs a note" in err
    assert draft.read_text() == DRAFT


def test_a_note_from_stdin(capsys, draft: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    assert run(capsys, "submit", str(draft))[0] == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("First.\nSecond.\n"))
    assert run(capsys, "request-changes", str(draft), "-m", "-")[0] == 0
    assert load_article(draft).metadata["review"][-1]["note"] == "First.\nSecond."


@pytest.mark.parametrize("command", ["submit", "approve", "publish", "log", ["request-changes", "-m", "x"]])
def test_missing_file_or_folder_is_a_usage_error(capsys, tmp_path: Path, command) -> None:
    command = command if isinstance(command, list) else [command]
    code, out, err = run(capsys, command[0], str(tmp_path / "missing.md"), *command[1:])
    assert (code, out) == (2, "") and "no such file" in err and err.count("\n") == 1
    code, _, err = run(capsys, command[0], str(tmp_path), *command[1:])
    assert code == 2 and "is a folder" in err


def test_dry_run_prints_the_diff_and_writes_nothing(capsys, draft: Path) -> None:
    code, out, _ = run(capsys, "submit", str(draft), "-n")
    assert code == 0 and draft.read_text() == DRAFT
    assert "-status: draft  # keep\n+status: review  # keep\n" in out
    assert "+review:\n+  - by: Rita Reviewer\n" in out


def test_broken_front_matter_and_read_only_files_are_refused(capsys, tmp_path: Path) -> None:
    broken = tmp_path / "b.md"
    broken.write_text("---\ntitle: [unclosed\nstatus: draft\n---\n")
    code, _, err = run(capsys, "submit", str(broken))
    assert code == 1 and "cannot be edited" in err
    locked = tmp_path / "c.md"
    locked.write_text(DRAFT)
    locked.chmod(0o444)
    code, _, err = run(capsys, "submit", str(locked))
    assert code == 1 and "read-only" in err and locked.read_text() == DRAFT
    assert stat.S_IMODE(os.stat(locked).st_mode) == 0o444


def test_a_broken_schema_is_a_configuration_error(capsys, draft: Path) -> None:
    (draft.parent / "newsdesk.toml").write_text('[workflow]\nmoves = ["draft -> nowhere"]\n')
    code, _, err = run(capsys, "submit", str(draft))
    assert code == 2 and "newsdesk.toml:2:" in err and "'nowhere'" in err


def test_a_toml_article_and_a_concurrent_change_is_planned_again(capsys, tmp_path: Path, monkeypatch) -> None:
    """The file changes between reading and writing: the verdict is planned again on the new version."""
    path = tmp_path / "a.md"
    path.write_text('+++\ntitle = "T"\ndate = 2024-05-01\nstatus = "draft"\nbyline = "Ann"\n+++\nBody\n')
    from newsdesk.core.write import save

    real = save.write_text
    calls = []

    def racing(article, text, **kw):
        if not calls:
            calls.append(1)
            path.write_text(path.read_text().replace('title = "T"', 'title = "T2"'))
        return real(article, text, **kw)

    monkeypatch.setattr(save, "write_text", racing)
    assert run(capsys, "submit", str(path))[0] == 0
    article = load_article(path)
    assert article.metadata["title"] == "T2" and article.metadata["status"] == "review"
    assert len(article.metadata["review"]) == 1


def test_log_text_newest_first_with_wrapped_notes(capsys, draft: Path) -> None:
    code, out, _ = run(capsys, "log", str(draft))
    assert (code, out) == (0, f"{draft}: draft; no review history\n")
    run(capsys, "submit", str(draft))
    run(capsys, "request-changes", str(draft), "-m", "word " * 30 + "\nSecond paragraph.")
    code, out, _ = run(capsys, "log", str(draft))
    lines = out.splitlines()
    assert code == 0 and lines[0] == f"{draft}: draft; 2 verdicts"
    assert "changes-requested" in lines[1] and lines[1].endswith("Rita Reviewer")
    assert lines[2].startswith("    word word") and all(len(line) <= 80 for line in lines[1:])
    assert lines[-2] == "    Second paragraph." and "submitted" in lines[-1]


def test_log_json(capsys, draft: Path) -> None:
    run(capsys, "submit", str(draft))
    run(capsys, "approve", str(draft), "-m", "Fine.")
    code, out, _ = run(capsys, "log", str(draft), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["path"] == str(draft) and doc["status"] == "approved"
    assert [e["verdict"] for e in doc["review"]] == ["submitted", "approved"]
    assert doc["review"][1]["by"] == "Rita Reviewer" and doc["review"][1]["note"] == "Fine."
    assert "T" in doc["review"][1]["at"] and doc["review"][1]["at"][-6] in "+-"


def test_list_status_review_lists_the_queue(capsys, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(DRAFT)
    (tmp_path / "b.md").write_text(DRAFT.replace("draft  # keep", "review"))
    code, out, _ = run(capsys, "list", str(tmp_path), "--status", "review")
    assert code == 0 and "b.md" in out and "a.md" not in out


def test_init_writes_the_workflow_with_comments(capsys, tmp_path: Path) -> None:
    assert run(capsys, "init", str(tmp_path))[0] == 0
    text = (tmp_path / "newsdesk.toml").read_text()
    assert "[workflow]\n" in text and '"draft -> review",         # submit' in text
    assert "self_approval = true" in text and "[fields.review]" in text


def test_review_opens_the_app_on_the_queue(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``newsdesk review`` is the app started on the queue (the app itself is tested in tests/ui)."""
    from newsdesk.cli import app_cmd

    seen: dict[str, object] = {}

    class FakeApp:
        return_code = 0

        def __init__(self, path, *, schema, start, scan_pool=None):  # type: ignore[no-untyped-def]
            seen.update(path=path, start=start)

        def run(self) -> None:
            pass

    monkeypatch.setattr(app_cmd, "missing_terminal", lambda: [])
    monkeypatch.setattr("newsdesk.ui.app.NewsdeskApp", FakeApp)
    assert run(capsys, "review", str(tmp_path))[0] == 0
    assert seen == {"path": tmp_path, "start": "review"}
    code, _, err = run(capsys, "review", str(tmp_path / "missing"))
    assert code == 2 and "no such file or folder" in err


def test_edits_kept_from_the_app_come_first(capsys, draft: Path) -> None:
    from newsdesk.core.write import journal

    article = load_article(draft)
    journal.write_entry(journal.for_article(article, {**article.metadata, "title": "Changed"}, None))
    code, _, err = run(capsys, "submit", str(draft))
    assert code == 1 and "unsaved edits are kept for this article (newsdesk recover lists them)" in err
    assert draft.read_text() == DRAFT
