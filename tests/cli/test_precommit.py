"""The ``newsdesk-validate`` pre-commit hook, run through the real ``pre-commit try-repo``.

The project is copied (pyproject, README, LICENSE, src, .pre-commit-hooks.yaml) into a fresh git
repository and committed there, so the test runs the working tree as it is, committed or not, in a
checkout or on a fresh clone. pre-commit then builds its own virtualenv by pip-installing that
repository, which needs the network (PyPI) for the dependencies; without it the test is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from newsdesk import __version__

ROOT = Path(__file__).resolve().parents[2]
PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml")
TIMEOUT = 900

GOOD = "---\ntitle: Fine\ndate: 2024-01-01\nstatus: draft\n---\n\nBody.\n"
BAD = "---\ntitle: Broken\ndate: 2024-02-30\nstatus: draft\n---\n\nBody.\n"

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed"),
]


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "GIT_AUTHOR_NAME": "test",
            "GIT_AUTHOR_EMAIL": "test@example.org",
            "GIT_COMMITTER_NAME": "test",
            "GIT_COMMITTER_EMAIL": "test@example.org",
            "GIT_CONFIG_GLOBAL": str(tmp / "gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"),
            "NO_COLOR": "1",
        }
    )
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    return env


def test_hook_manifest() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "newsdesk-validate"]
    assert hook["entry"] == "newsdesk validate"
    assert hook["language"] == "python"
    assert hook["types"] == ["markdown"]
    # One process for all staged files: one summary per commit, not one per batch of names.
    assert hook["require_serial"] is True


def readme_snippet() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Check every commit (pre-commit)")
    begin = readme.index("```yaml", start) + len("```yaml")
    return readme[begin : readme.index("```", begin)]


def test_readme_snippet_matches_the_hook() -> None:
    config = yaml.safe_load(readme_snippet())
    (repo,) = config["repos"]
    # No release is tagged (there was never a v0.1.0): the snippet pins a commit, by its full hash,
    # which `pre-commit autoupdate --freeze` fills in (below), not a tag that does not exist.
    assert repo["rev"] == "<full-commit-hash>"  # one word: autoupdate replaces it whole
    assert repo["rev"] != f"v{__version__}"
    (hook,) = repo["hooks"]
    assert hook["id"] == "newsdesk-validate"
    assert "files" in hook  # shows how to narrow it to the articles folder


def test_autoupdate_freeze_pins_the_readme_snippet_to_a_commit_hash(hook_repo: Path, tmp_path: Path) -> None:
    """What the README says to do with `rev:`, done: with no tag, autoupdate takes the default
    branch's newest commit and writes its full hash (no network: the hook repository is local)."""
    work = tmp_path / "newsroom"
    work.mkdir()
    env = _env(tmp_path)
    snippet = readme_snippet().replace("https://github.com/OWNER/newsdesk", str(hook_repo))
    (work / ".pre-commit-config.yaml").write_text(snippet, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, capture_output=True, timeout=60, env=env)
    done = subprocess.run(
        ["pre-commit", "autoupdate", "--freeze"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=hook_repo, capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    (repo,) = yaml.safe_load((work / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
    assert repo["rev"] == head and len(head) == 40


def test_the_readme_first_step_keeps_a_readme_out_of_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's pitfall: a README.md without front matter fails `newsdesk validate` until the
    first step (`newsdesk init --detect`) lists it under `[articles] exclude`."""
    from newsdesk.cli import main

    (tmp_path / "README.md").write_text("# Our newsroom\n\nHow we work.\n", encoding="utf-8")
    for i in range(3):
        (tmp_path / "content" / "news").mkdir(parents=True, exist_ok=True)
        (tmp_path / "content" / "news" / f"a{i}.md").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    staged = ["README.md", "content/news/a0.md"]
    assert main(["validate", *staged]) == 1
    assert "README.md:1:1: error[no-front-matter]" in capsys.readouterr().out
    assert main(["init", "--detect"]) == 0
    assert 'exclude = ["README.md"]' in (tmp_path / "newsdesk.toml").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", *staged]) == 0
    assert "README.md" not in capsys.readouterr().out


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding a snapshot of the project."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(
        ROOT / "src", repo / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    )
    os.environ.setdefault("GIT_CONFIG_NOSYSTEM", "1")
    env = _env(repo.parent)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=60, env=env)
    return repo


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache for the module: the hook's environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(
    hook_repo: Path, articles: dict[str, str], tmp_path: Path, home: Path
) -> subprocess.CompletedProcess[str]:
    work = tmp_path / "newsroom"
    work.mkdir(parents=True)
    env = _env(tmp_path)
    env["PRE_COMMIT_HOME"] = str(home)
    for name, text in articles.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text, encoding="utf-8")
    (work / "notes.txt").write_text("not markdown, not checked: 2024-02-30\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=work, check=True, capture_output=True, timeout=60, env=env)
    result = subprocess.run(
        ["pre-commit", "try-repo", str(hook_repo), "newsdesk-validate", "--all-files", "--color", "never"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    output = result.stdout + result.stderr
    if "newsdesk validate" not in output and any(
        sign in output for sign in ("Could not find a version", "Failed to establish", "Temporary failure")
    ):
        pytest.skip("pre-commit could not install the hook (no network to PyPI?)")
    return result


def test_bad_article_fails_the_hook(hook_repo: Path, tmp_path: Path, pre_commit_home: Path) -> None:
    result = try_repo(hook_repo, {"good.md": GOOD, "bad.md": BAD}, tmp_path, pre_commit_home)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "bad.md:3:7: error[date]" in output
    assert "good.md:" not in output
    assert "notes.txt" not in output


def test_good_article_passes_the_hook(hook_repo: Path, tmp_path: Path, pre_commit_home: Path) -> None:
    result = try_repo(hook_repo, {"good.md": GOOD, "other.markdown": GOOD}, tmp_path, pre_commit_home)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Passed" in output


def test_markdown_outside_the_configured_articles_folder_is_not_checked(
    hook_repo: Path, tmp_path: Path, pre_commit_home: Path
) -> None:
    files = {
        "newsdesk.toml": '[articles]\nfolder = "content/news"\n',
        "README.md": "# Our newsroom\n\nHow we work.\n",
        "docs/style.md": "Write short sentences.\n",
        "content/news/good.md": GOOD,
    }
    result = try_repo(hook_repo, files, tmp_path, pre_commit_home)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "README.md" not in output and "no-front-matter" not in output
    # ... and a Markdown file without front matter inside it is still an error, in one summary.
    files["content/news/draft.md"] = "Forgot the front matter.\n"
    result = try_repo(hook_repo, files, tmp_path / "again", pre_commit_home)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "content/news/draft.md:1:1: error[no-front-matter]" in output
    assert "README.md:" not in output
    assert output.count("files checked") == 1
