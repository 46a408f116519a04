"""python-frontmatter handlers for the two front-matter formats newsdesk reads.

python-frontmatter's own TOML handler needs the unmaintained ``toml`` package; ours reads with the
standard library's ``tomllib`` and writes with ``tomli-w``. The YAML handler uses libyaml's
``CSafeLoader`` when available and keeps an impossible date (``2024-02-30``) as its text instead
of raising a bare ``ValueError`` from deep inside PyYAML, so validation can point at it.

Both handlers work with ``frontmatter.loads(text, handler=...)``. newsdesk itself only uses their
``load``: it splits the file itself (to keep exact offsets for lossless saving) and never writes
through python-frontmatter (its dump re-sorts keys and drops comments).
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import tomli_w
import yaml
from frontmatter.default_handlers import BaseHandler
from frontmatter.default_handlers import YAMLHandler as _FMYAMLHandler

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class NewsdeskLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader (libyaml when present) that tolerates impossible dates."""


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        # e.g. 2024-02-30: keep the text; validation reports it as an impossible date.
        return loader.construct_scalar(node)  # type: ignore[arg-type]


NewsdeskLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class YAMLHandler(_FMYAMLHandler):
    """YAML front matter between ``---`` lines."""

    def load(self, fm: str, **kwargs: object) -> Any:
        kwargs.setdefault("Loader", NewsdeskLoader)
        return yaml.load(fm, **kwargs)  # type: ignore[arg-type]


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def toml_error_position(error: tomllib.TOMLDecodeError) -> tuple[int, int] | None:
    """1-based (line, column) of a TOML error relative to the parsed text, if known."""
    lineno = getattr(error, "lineno", None)  # Python >= 3.14
    colno = getattr(error, "colno", None)
    if isinstance(lineno, int) and isinstance(colno, int):
        return lineno, colno
    match = _TOML_POSITION.search(str(error))
    if match:
        return int(match.group(1)), int(match.group(2))
    return None


def toml_error_message(error: tomllib.TOMLDecodeError) -> str:
    msg = getattr(error, "msg", None)
    if isinstance(msg, str):
        return msg
    return _TOML_POSITION.sub("", str(error)).strip()


class TOMLHandler(BaseHandler):
    """TOML front matter between ``+++`` lines, read by tomllib and written by tomli-w."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        return tomli_w.dumps(metadata).rstrip("\n")
