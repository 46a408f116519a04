"""TOML quoting for the ``newsdesk.toml`` that `newsdesk.core.infer.detect` writes as text
(comments are the point, and tomli-w cannot write them)."""

from __future__ import annotations

import re

__all__ = ["toml_key", "toml_safe", "toml_string"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def toml_safe(text: str) -> bool:
    """Whether ``text`` can be written in a TOML file at all (no lone surrogates)."""
    return _SURROGATE.search(text) is None


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return _ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string. `ValueError` for text TOML cannot hold (lone surrogates)."""
    if not toml_safe(text):
        raise ValueError("text with a lone surrogate cannot be written as TOML")
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def toml_key(key: str) -> str:
    """``key`` as a TOML key: bare when it can be, quoted otherwise (``"og:title"``)."""
    return key if _BARE_KEY.fullmatch(key) else toml_string(key)
