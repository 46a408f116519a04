"""python-frontmatter handlers for the two front-matter formats newsdesk reads.

python-frontmatter's own TOML handler needs the unmaintained ``toml`` package; ours reads with the
standard library's ``tomllib`` and writes with ``tomli-w``. The YAML handler uses libyaml's
``CSafeLoader`` when available and keeps an impossible date (``2024-02-30``) as its text instead
of raising a bare ``ValueError`` from deep inside PyYAML, so validation can point at it.

Both handlers work with ``frontmatter.loads(text, handler=...)``. The loader itself lives in
`newsdesk.core.read.loaders` (reading articles does not import python-frontmatter). newsdesk itself only
uses their ``load``: it splits the file itself (to keep exact offsets for lossless saving) and never writes
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

from newsdesk.core.read.loaders import NewsdeskLoader, toml_error_message, toml_error_position

__all__ = ["NewsdeskLoader", "TOMLHandler", "YAMLHandler", "toml_error_message", "toml_error_position"]


class YAMLHandler(_FMYAMLHandler):
    """YAML front matter between ``---`` lines."""

    def load(self, fm: str, **kwargs: object) -> Any:
        kwargs.setdefault("Loader", NewsdeskLoader)
        return yaml.load(fm, **kwargs)  # type: ignore[arg-type]


class TOMLHandler(BaseHandler):
    """TOML front matter between ``+++`` lines, read by tomllib and written by tomli-w."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        return tomli_w.dumps(metadata).rstrip("\n")
