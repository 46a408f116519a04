"""Make article text safe to put on a terminal.

Article text is data. Control characters (C0 except tab and newline, DEL, C1) would reach the
terminal as escape sequences (OSC 52 clipboard writes, OSC 8 links, cursor movement), so they are
shown as caret notation (``^[``) instead. Lone surrogates (from undecodable bytes) become U+FFFD.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _caret(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return f"<U+{code:04X}>"


def clean(text: str) -> str:
    """Neutralise control characters; keep tabs and newlines (for bodies)."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_caret, text.replace("\r\n", "\n"))


def clean_line(text: object) -> str:
    """One-line form for titles, names and cells: newlines and tabs become spaces."""
    s = text if isinstance(text, str) else ("" if text is None else str(text))
    s = s.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    if not _CONTROL_ONE_LINE.search(s):
        return s
    return _CONTROL_ONE_LINE.sub(_caret, s)
