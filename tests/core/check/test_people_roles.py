"""role-changed says what a reader can act on (issue 23): a one-off role that differs from both the
person's previous and next appearance is a likely mistake, on that article; a lasting change is
one line per person and change, not one per later article."""

from __future__ import annotations

from pathlib import Path

from newsdesk.core.check.batch import validate_paths


def _write(root: Path, roles: list[str], name: str = "Liu Hong") -> None:
    for n, role in enumerate(roles):
        (root / f"{n:02d}.md").write_text(
            f"---\ntitle: Meeting {n}\ndate: 2024-{n + 1:02d}-10\nstatus: draft\n"
            f"attendees:\n  - name: {name}\n    role: {role}\n---\nBody.\n"
        )


def _role_warnings(root: Path) -> list[tuple[str, str]]:
    report = validate_paths([root], jobs=1)
    return [
        (p.name, problem.message) for p, problem in report.diagnostics() if problem.code == "role-changed"
    ]


def test_one_off_role_is_a_likely_mistake_on_that_article_only(tmp_path: Path) -> None:
    _write(tmp_path, ["Dean", "Dean", "Daen", "Dean", "Dean"])
    found = _role_warnings(tmp_path)
    assert [name for name, _ in found] == ["02.md"]  # not also on 03.md, which goes back to Dean
    assert "differs from both 'Dean' in 01.md" in found[0][1]
    assert "'Dean' in 03.md" in found[0][1]
    assert "likely a mistake" in found[0][1]


def test_lasting_change_is_one_line_per_change(tmp_path: Path) -> None:
    _write(tmp_path, ["Dean", "Dean", "President", "President", "President", "Chancellor", "Chancellor"])
    found = _role_warnings(tmp_path)
    assert [name for name, _ in found] == ["02.md", "05.md"]
    assert "role changed from 'Dean' in 01.md (2024-02-10) to 'President' here" in found[0][1]
    assert "role changed from 'President' in 04.md (2024-05-10) to 'Chancellor' here" in found[1][1]


def test_latest_article_with_a_new_role_is_a_change_not_a_mistake(tmp_path: Path) -> None:
    _write(tmp_path, ["Dean", "Dean", "President"])
    found = _role_warnings(tmp_path)
    assert [name for name, _ in found] == ["02.md"]
    assert "role changed from 'Dean'" in found[0][1]


def test_steady_role_says_nothing(tmp_path: Path) -> None:
    _write(tmp_path, ["Dean"] * 5)
    assert _role_warnings(tmp_path) == []
