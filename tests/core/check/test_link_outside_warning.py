"""Reading through a link out of the folder stays allowed but says where it points (issue 24):
``validate`` warns (``link-outside``), ``list`` and ``show`` mark it; no extra system call per
ordinary file (the walk's listing already says which names are links)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core.check.batch import validate_paths

ARTICLE = "---\ntitle: Out there\n---\nBody.\n"


def _site(tmp_path: Path) -> tuple[Path, Path]:
    """A site (``newsdesk.toml``) with ``in.md``, ``x.md -> ../outside.md`` (absolute) and
    ``y.md -> in.md`` (inside)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "newsdesk.toml").write_text('[fields.title]\ntype = "string"\n')
    outside = tmp_path / "outside.md"
    outside.write_text(ARTICLE)
    (site / "in.md").write_text(ARTICLE)
    (site / "x.md").symlink_to(outside)
    (site / "y.md").symlink_to("in.md")
    return site, outside


def _codes(report_paths: list[Path]) -> list[tuple[str, str, str]]:
    report = validate_paths(report_paths, jobs=1)
    return [(path.name, p.code, p.message) for path, p in report.diagnostics()]


def test_validate_a_folder_warns_of_a_link_out_naming_its_target(tmp_path: Path) -> None:
    site, outside = _site(tmp_path)
    found = _codes([site])
    assert [(name, code) for name, code, _ in found] == [("x.md", "link-outside")]
    message = found[0][2]
    assert str(outside) in message and str(site) in message
    assert "will not write it (--follow-symlinks)" in message
    report = validate_paths([site], jobs=1)
    assert report.warnings == 1 and not report.failed() and report.failed(strict=True)


def test_a_link_inside_the_folder_says_nothing(tmp_path: Path) -> None:
    site, _ = _site(tmp_path)
    (site / "x.md").unlink()
    assert _codes([site]) == []
    assert _codes([site / "y.md"]) == []


def test_validate_one_file_given_warns_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site, outside = _site(tmp_path)
    assert [code for _, code, _ in _codes([site / "x.md"])] == ["link-outside"]
    assert main(["validate", str(site / "x.md")]) == 0  # a warning: the exit code stays 0
    out = capsys.readouterr().out
    assert f"warning[link-outside] {site / 'x.md'} is a link to {outside}" in out


def test_follow_symlinks_in_the_schema_silences_it(tmp_path: Path) -> None:
    site, _ = _site(tmp_path)
    (site / "newsdesk.toml").write_text(
        '[articles]\nfollow_symlinks = true\n[fields.title]\ntype = "string"\n'
    )
    assert _codes([site]) == []


def test_the_target_is_escaped(tmp_path: Path) -> None:
    site, _ = _site(tmp_path)
    odd = tmp_path / "out\x1b[31mside.md"
    odd.write_text(ARTICLE)
    (site / "x.md").unlink()
    (site / "x.md").symlink_to(odd)
    [(_, code, message)] = _codes([site])
    assert code == "link-outside" and "\x1b" not in message


def test_no_extra_stat_per_ordinary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, _ = _site(tmp_path)
    for n in range(30):
        (site / f"a-{n}.md").write_text(ARTICLE)
    calls: list[str] = []
    real_stat, real_lstat = os.stat, os.lstat

    def stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(os.fspath(path) if not isinstance(path, int) else "")
        return real_stat(path, *args, **kwargs)

    def lstat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(os.fspath(path) if not isinstance(path, int) else "")
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "lstat", lstat)
    report = validate_paths([site], jobs=1)
    monkeypatch.undo()
    assert [p.code for _, p in report.diagnostics()] == ["link-outside"]
    ordinary = [p for p in calls if os.path.basename(p).startswith("a-")]
    assert len(ordinary) == 30  # one stat each, to read it: no lstat to ask whether it is a link


def test_list_json_gives_the_link_and_text_marks_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site, outside = _site(tmp_path)
    assert main(["list", str(site), "--json"]) == 0
    rows = {Path(row["path"]).name: row for row in json.loads(capsys.readouterr().out)}
    assert rows["x.md"]["link"] == str(outside)
    assert "link" not in rows["in.md"] and "link" not in rows["y.md"]
    assert main(["list", str(site)]) == 0
    lines = {Path(line.split()[0]).name: line for line in capsys.readouterr().out.splitlines()}
    assert f"-> {outside}" in lines["x.md"]
    assert "->" not in lines["in.md"] and "->" not in lines["y.md"]


def test_show_says_where_it_points(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site, outside = _site(tmp_path)
    assert main(["show", str(site / "x.md")]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].startswith(f"(a link to {outside}, outside {site}")
    assert "warning[link-outside]" in captured.err
    assert main(["show", str(site / "x.md"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["link"] == str(outside)
    assert main(["show", str(site / "y.md")]) == 0
    assert "link" not in capsys.readouterr().out.splitlines()[0]
