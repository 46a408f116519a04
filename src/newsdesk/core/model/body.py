"""Putting an edited body (or whole text) back without touching the lines that did not change.

A text editor widget keeps one line-ending style and splits lines the way `str.splitlines` does
(also on form feeds and Unicode line separators), so the text it hands back is not the text it was
given even when nobody typed. `merge_lines` maps the edited lines back onto the original: every
line that is still there keeps its own bytes and its own line ending (CRLF, LF, a form feed...);
only inserted or changed lines are written with the file's newline. Unchanged text comes back
identical, so an untouched body is never rewritten.
"""

from __future__ import annotations

from difflib import SequenceMatcher

__all__ = ["merge_lines", "split_lines"]

# The characters `str.splitlines` breaks on (a text area's document uses it too).
_BREAKS = ("\r\n", "\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """``text`` as a text area sees it: its lines, and the ending that follows each line but the last.

    A text that ends with a line break (or is empty) has a last, empty line, as in a text area.
    """
    lines: list[str] = []
    ends: list[str] = []
    for part in text.splitlines(keepends=True):
        for brk in _BREAKS:
            if part.endswith(brk):
                lines.append(part[: -len(brk)])
                ends.append(brk)
                break
        else:
            lines.append(part)
    if len(ends) == len(lines):  # ends with a break, or empty: a last empty line
        lines.append("")
    return lines, ends


def merge_lines(original: str, edited: str, newline: str = "\n") -> str:
    """The edited text, with the original's bytes wherever a line and its ending are unchanged.

    ``edited`` may use any line-ending style (a text area joins lines with the first style it saw).
    A line break between two lines that were neighbours in the original keeps the original break;
    every other break is ``newline``.
    """
    old_lines, old_ends = split_lines(original)
    new_lines, _ = split_lines(edited)
    if new_lines == old_lines:
        return original
    # For each new line, the original line it is (None: inserted or changed).
    source: list[int | None] = [None] * len(new_lines)
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            source[block.b + k] = block.a + k
    out: list[str] = []
    for i, line in enumerate(new_lines):
        out.append(line)
        if i == len(new_lines) - 1:
            break
        here, nxt = source[i], source[i + 1]
        if here is not None and nxt == here + 1:
            out.append(old_ends[here])
        else:
            out.append(newline)
    return "".join(out)
