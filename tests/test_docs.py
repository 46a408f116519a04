"""README.md and docs/: the key tables are keys.py's, links resolve, the screenshot script works,
and the README keeps what a newcomer needs (issue 22 item 10)."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.cli import COMMANDS
from newsdesk.ui.keys import ESSENTIAL, KEYS, fill_tables

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
REGENERATE = "run: python -m newsdesk.ui.keys --markdown README.md docs/*.md"


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def without_code(markdown: str) -> str:
    """Markdown without fenced code blocks and code spans (no links or headings there)."""
    markdown = re.sub(r"^```.*?^```", "", markdown, flags=re.DOTALL | re.MULTILINE)
    return re.sub(r"`[^`\n]*`", "", markdown)


def anchors(path: Path) -> set[str]:
    """GitHub's anchors for the headings of ``path``: lower case, punctuation dropped, spaces to -."""
    found = set()
    markdown = re.sub(r"^```.*?^```", "", text(path), flags=re.DOTALL | re.MULTILINE)
    for heading in re.findall(r"^#{1,6} (.+)$", markdown, re.MULTILINE):
        found.add(re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-"))
    return found


# -- key tables ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_key_tables_are_made_from_keys_py(page: Path) -> None:
    assert fill_tables(text(page)) == text(page), f"{page.name}: the key tables are out of date; {REGENERATE}"


def test_the_guide_has_every_key_and_the_readme_the_essential_ones() -> None:
    guide = text(ROOT / "docs" / "guide.md")
    blocks = re.findall(r"<!-- keys:begin ([^>]*?) -->", guide)
    sections = {s.strip() for block in blocks for s in block.split(",")}
    assert sections == {key[0] for key in KEYS}
    assert re.findall(r"<!-- keys:begin ([^>]*?) -->", text(README)) == ["essential"]
    # An essential key renamed in keys.py must not drop out of the README silently.
    assert {key[:2] for key in KEYS} >= ESSENTIAL


def test_a_stale_table_is_made_again() -> None:
    stale = "a\n<!-- keys:begin People -->\n| old |\n<!-- keys:end -->\nb\n"
    new = fill_tables(stale)
    assert "| old |" not in new and "| `s` | People | cycle the sort" in new
    assert new.startswith("a\n<!-- keys:begin People -->\n| Key |") and new.endswith("<!-- keys:end -->\nb\n")
    with pytest.raises(ValueError, match="Peple"):
        fill_tables("<!-- keys:begin Peple -->\n<!-- keys:end -->")


def test_the_generator_rewrites_files(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("<!-- keys:begin essential -->\n<!-- keys:end -->\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk.ui.keys", "--markdown", str(page)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "| `ctrl+s` | Edit mode |" in text(page) and "| `z` |" not in text(page)


# -- links -----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_relative_links_point_at_files_and_headings_that_exist(page: Path) -> None:
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", without_code(text(page))):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:
        name, _, anchor = target.partition("#")
        linked = (page.parent / name).resolve() if name else page
        if not linked.exists() or (anchor and linked.suffix == ".md" and anchor not in anchors(linked)):
            broken.append(target)
    assert not broken, f"{page.name}: broken links {broken}"


def test_the_link_check_sees_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# Title\n\n## The app: `newsdesk [FOLDER]`\n", encoding="utf-8")
    assert anchors(tmp_path / "a.md") == {"title", "the-app-newsdesk-folder"}


# -- the screenshot --------------------------------------------------------------------------


def test_screenshot_script_writes_an_svg_of_the_articles(tmp_path: Path) -> None:
    out = tmp_path / "shot.svg"
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "screenshot.py"), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    shown = html.unescape(svg).replace("\xa0", " ")
    assert "Rajesh Menon Appointed Deputy Vice-Chancellor" in shown  # the newest article's title
    assert "![" in text(README) and "(docs/screenshot.svg)" in text(README)
    assert (ROOT / "docs" / "screenshot.svg").is_file()


# -- what the README must say ----------------------------------------------------------------


def section(markdown: str, heading: str) -> str:
    start = markdown.index(f"\n## {heading}")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end != -1 else None]


def test_quick_start_has_exactly_the_two_command_lines_and_ci_finds_the_test_line() -> None:
    readme = text(README)
    commands = [line for line in section(readme, "Quick start").splitlines() if line.startswith("    ")]
    assert commands == [
        "    python3 -m venv .venv && . .venv/bin/activate && pip install . && newsdesk articles",
        '    python3 -m venv .venv && . .venv/bin/activate && pip install -e ".[test]" && python -m pytest -n 2',
    ]
    # .ci/run: sed -n 's/^    \(python3 -m venv .venv .*pytest.*\)$/\1/p' README.md | head -n 1
    ci = [m for m in re.findall(r"^    (python3 -m venv \.venv .*pytest.*)$", readme, re.MULTILINE)]
    assert ci[0] == commands[1].strip()


def test_readme_is_one_short_page() -> None:
    readme = text(README)
    assert len(readme.encode()) < 12_000
    headings = re.findall(r"^## (.+)$", readme, re.MULTILINE)
    for must in ("Quick start", "Five minutes", "Essential keys", "pre-commit", "Exit codes"):
        assert any(must in h for h in headings), must


def test_readme_precommit_has_the_init_step_and_the_readme_pitfall_beside_the_snippet() -> None:
    part = section(text(README), "Check every commit (pre-commit)")
    snippet = part.index("```yaml")
    assert "newsdesk init" in part[:snippet]  # the schema comes first
    after = part[snippet:]
    assert "README.md" in after and "no-front-matter" in after
    for fix in ("[articles] folder", "[articles] exclude", "exclude: ^README"):
        assert fix in after, fix
    assert "pre-commit autoupdate --freeze" in part


def test_guide_documents_every_command() -> None:
    guide = text(ROOT / "docs" / "guide.md")
    table = section(guide, "Commands")
    for name in COMMANDS:
        assert f"| `newsdesk {name}" in table, name
    assert "| `newsdesk init --detect" in table


def test_readme_lists_the_exit_codes() -> None:
    part = section(text(README), "Exit codes")
    assert all(f"**{code}**" in part for code in (0, 1, 2)) and "--strict" in part
