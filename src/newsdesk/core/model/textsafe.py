"""Make article text safe to put on a terminal.

Article text is data. Control characters (C0 except tab and newline, DEL, C1) would reach the
terminal as escape sequences (OSC 52 clipboard writes, OSC 8 links, cursor movement), so they are
shown as caret notation (``^[``) or ``<U+009B>`` instead. Characters that are invisible yet move
or reorder what follows -- bidi overrides and isolates, zero-width spaces and joiners, the line
and paragraph separators, a byte-order mark inside the text -- are shown as ``<U+202E>`` too: a
title must never shift a row, a border or the text after it (terminals and tmux disagree on their
width). Lone surrogates (from undecodable bytes) become U+FFFD.

One-line values are also bounded (`clean_line`'s ``limit``): a 2 MB title is cut with an ellipsis
long before anything lays it out.

Editing widgets cannot change what they show without changing the value: `visible` maps each such
character to one visible symbol (``␛``, ``␇``, ``�``), one for one, and the value keeps the real
characters.

Paths are escaped rather than cleaned (`escape_path`): a file name with a newline or bytes that are
not UTF-8 is printed as ``\\n`` / ``\\xff`` so that it stays on one line and can be recovered.
"""

from __future__ import annotations

import os
import re

#: Invisible characters that change how the text around them is laid out or ordered.
FORMAT_CHARS = _FORMAT = "\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_FORMAT}]")
_CONTROL_ONE_LINE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_FORMAT}]")
#: What `visible` replaces: `_CONTROL_ONE_LINE` but the tab (editing widgets lay tabs out themselves).
_CONTROL_EDIT = re.compile(f"[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_FORMAT}]")
#: What a one-line value is cut to by default (no screen is this wide; the CLI's JSON is not cut).
LINE_LIMIT = 1000


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


def has_control(text: str, *, allow_newlines: bool = True) -> re.Match[str] | None:
    """The first character `clean` (or `clean_line`) would neutralise, if any."""
    return (_CONTROL if allow_newlines else _CONTROL_ONE_LINE).search(text)


def clean(text: str) -> str:
    """Neutralise control and layout-changing characters; keep tabs and newlines (for bodies)."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_caret, text.replace("\r\n", "\n"))


def clean_line(text: object, limit: int | None = LINE_LIMIT) -> str:
    """One-line form for titles, names and cells: newlines and tabs become spaces.

    Text longer than ``limit`` characters is cut, ending in ``…`` (``limit=None``: never cut).
    """
    s = text if isinstance(text, str) else ("" if text is None else str(text))
    if limit is not None and len(s) > limit:
        s = s[: max(limit - 1, 0)] + "…"
    s = s.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    if not _CONTROL_ONE_LINE.search(s):
        return s
    return _CONTROL_ONE_LINE.sub(_caret, s)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␇ for BEL, ␊ for LF
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1, lone surrogates, invisible layout characters: no picture of their own


def visible(text: str) -> str:
    """What an editing widget shows for ``text``: one character for one, so that the widget's
    cursor and selection (indexes into the real text) stay where they are.

    A C0 control is shown as its Control Picture (``␛``, ``␇``, ``␊``), DEL as ``␡``; C1 controls,
    lone surrogates and the invisible layout characters `clean` names as ``<U+202E>`` are all
    shown as ``�``. Tabs are kept (the widgets expand them). The text itself is not changed: the
    widget's value keeps the real characters, so a field saved untouched is written back as it was.
    """
    if not _CONTROL_EDIT.search(text):
        return text
    return _CONTROL_EDIT.sub(_picture, text)


def shown_line(text: object, limit: int | None = LINE_LIMIT) -> str:
    """`clean_line` for a title, summary or name on screen, its HTML entities decoded first
    (``&#8211;`` → ``–``, ``&#39;`` → ``'``, as the site's pages show it). Display only: the
    stored value keeps its entities. What an entity decodes to is cleaned like the rest."""
    s = text if isinstance(text, str) else ("" if text is None else str(text))
    if "&" in s:
        import html  # only for text holding an entity: validate starts without it

        s = html.unescape(s[: limit * 8] if limit is not None else s)
    return clean_line(s, limit)


_PATH_SPECIAL = re.compile(f"[\\\\\\x00-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_FORMAT}]")
_PATH_SHORT = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _path_escape(match: re.Match[str]) -> str:
    ch = match.group()
    short = _PATH_SHORT.get(ch)
    if short is not None:
        return short
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def escape_path(path: str | os.PathLike[str]) -> str:
    """A path as one printable line that can be turned back into the path.

    A backslash is doubled; newline, tab and CR are ``\\n``, ``\\t``, ``\\r``; other control
    characters and bytes that are not UTF-8 are ``\\xNN`` (the byte), and invisible layout characters
    (bidi overrides, zero-width, C1) ``\\uNNNN`` (the character). Ordinary paths come out unchanged.
    """
    text = os.fspath(path)
    if not _PATH_SPECIAL.search(text):
        return text
    return _PATH_SPECIAL.sub(_path_escape, text)


_C0_NAMES = [
    "NUL",
    "SOH",
    "STX",
    "ETX",
    "EOT",
    "ENQ",
    "ACK",
    "BEL",
    "BS",
    "TAB",
    "LF",
    "VT",
    "FF",
    "CR",
    "SO",
    "SI",
    "DLE",
    "DC1",
    "DC2",
    "DC3",
    "DC4",
    "NAK",
    "SYN",
    "ETB",
    "CAN",
    "EM",
    "SUB",
    "ESC",
    "FS",
    "GS",
    "RS",
    "US",
]
_FORMAT_NAMES = {
    0x061C: "ARABIC LETTER MARK",
    0x200B: "ZERO WIDTH SPACE",
    0x200C: "ZERO WIDTH NON-JOINER",
    0x200D: "ZERO WIDTH JOINER",
    0x200E: "LEFT-TO-RIGHT MARK",
    0x200F: "RIGHT-TO-LEFT MARK",
    0x2028: "LINE SEPARATOR",
    0x2029: "PARAGRAPH SEPARATOR",
    0x202A: "LEFT-TO-RIGHT EMBEDDING",
    0x202B: "RIGHT-TO-LEFT EMBEDDING",
    0x202C: "POP DIRECTIONAL FORMATTING",
    0x202D: "LEFT-TO-RIGHT OVERRIDE",
    0x202E: "RIGHT-TO-LEFT OVERRIDE",
    0x2066: "LEFT-TO-RIGHT ISOLATE",
    0x2067: "RIGHT-TO-LEFT ISOLATE",
    0x2068: "FIRST STRONG ISOLATE",
    0x2069: "POP DIRECTIONAL ISOLATE",
    0xFEFF: "BYTE ORDER MARK",
}


def describe_char(ch: str) -> str:
    """A character for a message: ``U+001B (ESC)``, ``U+202E (RIGHT-TO-LEFT OVERRIDE)``."""
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:
        return f"the byte 0x{code - 0xDC00:02X}, which is not UTF-8"
    if code < 0x20:
        name: str | None = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DEL"
    elif code == 0x85:
        name = "NEXT LINE"
    else:
        name = _FORMAT_NAMES.get(code)
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"
