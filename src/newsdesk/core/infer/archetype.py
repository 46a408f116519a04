"""Hugo archetypes: the site's own template for a new article.

A Hugo site keeps templates for new content in ``archetypes/`` at its root: ``archetypes/news.md``
for the ``news`` section (``content/news/...``), ``archetypes/default.md`` for the rest. Hugo runs
them as Go templates; newsdesk does not, it fills in the two forms nearly every archetype uses:

* ``{{ .Date }}``: the new article's date and time (RFC 3339, ``2024-05-22T10:30:00+02:00``), as
  Hugo writes it;
* ``{{ replace .File.ContentBaseName "-" " " | title }}`` (or the older ``.Name``): the title.
  Hugo derives it from the file name; newsdesk has the title typed by the editor, and uses it.

Anything else (``{{ .Site.Params.author }}``, ``{{ .Date | time.Format ... }}``) is left as the
archetype wrote it, as text, with a warning naming its line. An archetype whose front matter still
cannot be read is not used (the schema's defaults apply) and a warning says why. Pure apart from
reading the archetype file; never raises for its content.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from newsdesk.core.read.reader import parse_text

__all__ = ["ARCHETYPES", "Archetype", "find_archetype", "load_archetype"]

#: The folder of archetypes at a Hugo site's root.
ARCHETYPES = "archetypes"
#: An archetype larger than this is not a template anyone wrote by hand: not used.
MAX_ARCHETYPE = 256 * 1024

#: ``{{ ... }}`` (with Go's ``{{-`` / ``-}}`` trim markers); not the ``{{<`` / ``{{%`` of shortcodes.
_TEMPLATE = re.compile(r"\{\{(?![<%])-?\s*(.*?)\s*-?\}\}")
_DATE = re.compile(r"\.Date")
_TITLE = re.compile(
    r'replace\s+\.(?:File\.ContentBaseName|Name)\s+"-"\s+" "\s*\|\s*title'
    r"|\.(?:File\.ContentBaseName|Name)\s*\|\s*humanize\s*\|\s*title"
)
#: Stands for a template while the front matter is parsed: letters and digits read as plain text
#: in YAML, in TOML once quoted, and inside any string.
_TOKEN = "NEWSDESKTEMPLATE{}X"
_TOKEN_RE = re.compile(r"NEWSDESKTEMPLATE(\d+)X")
#: A token standing where a TOML value starts (after ``=``, ``[`` or ``,``): it needs quotes.
_TOML_BARE = re.compile(r"(?<=[=\[,])(\s*)(NEWSDESKTEMPLATE\d+X)")


@dataclass
class Archetype:
    """An archetype's front matter, filled in; ``warnings`` say what was left as written."""

    path: Path
    format: Literal["yaml", "toml"]
    metadata: dict[str, Any]
    body: str
    warnings: list[str] = field(default_factory=list)


def _site_root(folder: Path) -> Path | None:
    """The nearest folder at or above ``folder`` with an ``archetypes/`` folder (not past a git
    repository's top)."""
    try:
        start = folder.resolve()
    except (OSError, RuntimeError):
        return None
    for candidate in (start, *start.parents):
        try:
            if (candidate / ARCHETYPES).is_dir():
                return candidate
            if (candidate / ".git").exists():
                return None
        except OSError:
            return None
    return None


def find_archetype(folder: Path) -> Path | None:
    """The archetype for a new article in ``folder``: ``archetypes/<section>.md``, where the
    section is the first folder under the site's ``content/``, else ``archetypes/default.md``."""
    root = _site_root(folder)
    if root is None:
        return None
    names: list[str] = []
    try:
        rel = folder.resolve().relative_to(root).parts
    except (OSError, RuntimeError, ValueError):
        rel = ()
    if rel and rel[0] == "content":
        rel = rel[1:]
    if rel:
        names.append(f"{rel[0]}.md")
    names.append("default.md")
    for name in names:
        path = root / ARCHETYPES / name
        try:
            if path.is_file():
                return path
        except OSError:
            continue
    return None


def load_archetype(path: Path, *, title: str, when: dt.datetime) -> tuple[Archetype | None, list[str]]:
    """Read the archetype at ``path`` for a new article titled ``title``, dated ``when``.

    Returns the archetype (None when it cannot be used) and the warnings to show.
    """
    shown = _shown(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_ARCHETYPE + 1)
    except OSError as exc:
        return None, [f"{shown}: cannot read the archetype ({exc.strerror or exc}); starting from the schema"]
    if len(data) > MAX_ARCHETYPE:
        return None, [f"{shown}: the archetype is too large to be a template; starting from the schema"]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [f"{shown}: the archetype is not UTF-8 text; starting from the schema"]
    return fill(text, path, title=title, when=when)


def fill(text: str, path: Path, *, title: str, when: dt.datetime) -> tuple[Archetype | None, list[str]]:
    """Fill in an archetype's text (see the module's description)."""
    shown = _shown(path)
    lines = text.splitlines(keepends=True)
    fence = lines[0].strip() if lines else ""
    if fence not in ("---", "+++"):
        return None, [f"{shown}: the archetype has no front matter; starting from the schema"]
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == fence), None)
    if end is None:
        return None, [f"{shown}: the archetype's front matter is never closed; starting from the schema"]
    fmt: Literal["yaml", "toml"] = "yaml" if fence == "---" else "toml"
    warnings: list[str] = []
    left: list[str] = []  # token number -> what it stands for
    stamp = when.isoformat()

    def filler(line_no: int) -> Callable[[re.Match[str]], str]:
        def replace(match: re.Match[str]) -> str:
            inner = match.group(1)
            if _DATE.fullmatch(inner):
                return stamp
            token = _TOKEN.format(len(left))
            if _TITLE.fullmatch(inner):
                left.append(title)
            else:
                left.append(match.group(0))
                warnings.append(
                    f"{shown}:{line_no}: {match.group(0)} is left as written (newsdesk fills in only "
                    "{{ .Date }} and the title)"
                )
            return token

        return replace

    front: list[str] = []
    for i in range(1, end):
        line = _TEMPLATE.sub(filler(i + 1), lines[i])
        if fmt == "toml":
            line = _TOML_BARE.sub(r'\1"\2"', line)
        front.append(line)
    body = "".join(lines[end + 1 :])
    for n, line in enumerate(lines[end + 1 :], end + 2):
        for match in _TEMPLATE.finditer(line):
            warnings.append(f"{shown}:{n}: {match.group(0)} in the body is left as written")
    article = parse_text(f"{fence}\n{''.join(front)}{fence}\n", path)
    broken = [p for p in article.problems if p.is_error]
    if broken or article.format is None:
        why = broken[0].message if broken else "its front matter is not keys and values"
        return None, [*warnings, f"{shown}: cannot read the archetype ({why}); starting from the schema"]
    metadata = {str(k): _restore(v, left) for k, v in article.metadata.items()}
    return Archetype(path, fmt, metadata, body, warnings), warnings


def _restore(value: Any, left: list[str]) -> Any:
    """Put back what each token stands for (the title, or a template as written)."""
    if isinstance(value, str):
        return _TOKEN_RE.sub(lambda m: left[int(m.group(1))], value) if "NEWSDESKTEMPLATE" in value else value
    if isinstance(value, list):
        return [_restore(v, left) for v in value]
    if isinstance(value, dict):
        return {k: _restore(v, left) for k, v in value.items()}
    return value


def _shown(path: Path) -> str:
    from newsdesk.core.model.textsafe import escape_path

    parts = path.parts
    return escape_path(Path(*parts[-2:])) if len(parts) >= 2 else escape_path(path)
