"""Splicing edits into YAML front matter without touching anything else.

The front matter is composed with the same loader the reader uses (`NewsdeskLoader`, YAML 1.1), so
every node carries its exact source span. An edit replaces, inserts or removes the text of one
node (a value, a list item, a key's lines); new values are serialised here, the way a person would
write them, and checked by loading them back with the same loader.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

import yaml

from newsdesk.core.model.errors import EditError
from newsdesk.core.read.handlers import NewsdeskLoader
from newsdesk.core.write.splice import Fallback, FieldPath, Splicer, datetime_sep, same

#: New long plain and folded values are wrapped to this width when their old value was wrapped.
WIDTH = 80

_BAD_START = frozenset("#&*!|>'\"%@`,[]{}")
_FLOW_CHARS = frozenset(",[]{}")
# Strings another YAML reader (1.2 core schema, or 1.1 with y/n booleans) would not read as strings.
_OTHER_NONSTR = re.compile(
    r"[-+]?(?:\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\d[\d_]*)?\.?\d+(?:[eE][-+]?\d+)?|[-+]?\d+\.|null|Null|NULL|~"
    r"|true|True|TRUE|false|False|FALSE|y|Y|n|N|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"
)
_NONPRINTABLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
)
_MISSING = object()


def _load(text: str) -> Any:
    try:
        return yaml.load(text, Loader=NewsdeskLoader)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError, UnicodeError):
        return _MISSING


# -- scalars -----------------------------------------------------------------------------------


def plain_ok(s: str, *, flow: bool = False) -> bool:
    """Whether ``s`` can be written unquoted and read back as the same string."""
    if not s or s != s.strip(" \t") or s[0] in _BAD_START or "\n" in s or "\r" in s or "\t" in s:
        return False
    if ": " in s or " #" in s or s.endswith(":") or _NONPRINTABLE.search(s):
        return False
    if flow and any(ch in _FLOW_CHARS for ch in s):
        return False
    if _OTHER_NONSTR.fullmatch(s):
        return False
    if flow:
        # Both ways a flow item stands: before "]" and alone on its line ("-" reads as text
        # in "[-]" but starts a block item before a line break).
        return same(_load(f"k: [{s}]\n"), {"k": [s]}) and same(_load(f"k: [\n  {s}\n]\n"), {"k": [s]})
    return same(_load(f"k: {s}\n"), {"k": s})


def double_quoted(s: str) -> str:
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif _NONPRINTABLE.match(ch):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def single_quoted(s: str) -> str | None:
    if "\n" in s or "\r" in s or _NONPRINTABLE.search(s) or s != s.strip(" \t"):
        return None
    return "'" + s.replace("'", "''") + "'"


def scalar_text(
    value: object, *, flow: bool = False, quote: str | None = None, dt_sep: str = "T"
) -> str | None:
    """One-line YAML for a scalar; None for a string that should be a block scalar. Date-times are
    written with ``dt_sep`` between date and time (the document's own style, see `datetime_sep`)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        if "." not in text:  # YAML 1.1 floats need a dot: 1e+20 -> 1.0e+20
            mantissa, _, exp = text.partition("e")
            text = f"{mantissa}.0" + (f"e{exp}" if exp else "")
        return text
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=dt_sep)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        multiline = "\n" in value or "\r" in value
        if multiline and not flow:
            return None
        if quote == "'" and not multiline:
            sq = single_quoted(value)
            if sq is not None:
                return sq
        if quote is None and plain_ok(value, flow=flow):
            return value
        if quote is None and ('"' in value or "\\" in value):
            sq = single_quoted(value)
            if sq is not None:
                return sq
        return double_quoted(value)
    raise EditError(f"cannot write a {type(value).__name__} value in YAML front matter")


def key_text(key: object) -> str:
    if isinstance(key, str):
        return key if plain_ok(key) else double_quoted(key)
    text = scalar_text(key)
    if text is None:  # pragma: no cover - keys are never multi-line
        raise EditError(f"cannot write key {key!r}")
    return text


def _words(text: str) -> list[str]:
    """Split at single spaces between non-spaces: joining with one space gives ``text`` back."""
    return re.split(r"(?<=[^ ]) (?=[^ ])", text)


def _wrap(text: str, first: int, rest: int, *, plain: bool) -> list[str]:
    words = _words(text)
    lines: list[str] = []
    current = words[0]
    limit = first
    for word in words[1:]:
        if len(current) + 1 + len(word) <= limit or (plain and word.startswith("#")):
            current += " " + word
        else:
            lines.append(current)
            current = word
            limit = rest
    lines.append(current)
    return lines


@dataclass(frozen=True)
class Hint:
    """How the old value was written, so a new value can be written the same way."""

    style: str | None = None  # scalar style: None (plain), '"', "'", '|', '>'
    flow: bool = False
    wrap_indent: int | None = None  # continuation indent of a multi-line plain/folded value
    block_indent: int | None = None  # content indent of a block scalar


class Dumper:
    """Serialises new values in the document's own indentation conventions."""

    def __init__(self, map_indent: int = 2, seq_indent: int = 2, dt_sep: str = "T") -> None:
        self.map_indent = map_indent
        self.seq_indent = seq_indent
        self.dt_sep = dt_sep

    # -- strings --------------------------------------------------------------------------

    def block_scalar(self, s: str, indent: int, style: str = "|") -> str | None:
        """``|``/``>`` block for ``s`` with content at column ``indent`` (header first, no final newline)."""
        if "\r" in s or _NONPRINTABLE.search(s) or s.startswith((" ", "\n")) or not s.strip():
            return None
        trailing = len(s) - len(s.rstrip("\n"))
        body = s[: len(s) - trailing]
        chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
        pad = " " * indent
        if style == ">" and "\n" not in body and "  " not in body and not body.endswith(" "):
            lines = _wrap(body, WIDTH - indent, WIDTH - indent, plain=False)
        else:
            style = "|"
            lines = body.split("\n")
        out = [f"{style}{chomp}"]
        out += [pad + line if line else "" for line in lines]
        out += [""] * (trailing - 1)
        text = "\n".join(out)
        return text if same(_load("k: " + text + "\n"), {"k": s}) else None

    def wrapped_plain(self, s: str, first_avail: int, indent: int) -> str | None:
        if not plain_ok(s) or len(s) <= first_avail:
            return None
        lines = _wrap(s, first_avail, WIDTH - indent, plain=True)
        if len(lines) < 2:
            return None
        text = ("\n" + " " * indent).join(lines)
        return text if same(_load("k: " + text + "\n"), {"k": s}) else None

    def string(self, s: str, indent: int, hint: Hint, first_avail: int) -> str:
        if "\n" in s or "\r" in s:
            style = hint.style if hint.style in ("|", ">") else "|"
            block = self.block_scalar(s, hint.block_indent or indent, style)
            return block if block is not None else double_quoted(s)
        if hint.style == ">":
            block = self.block_scalar(s, hint.block_indent or indent, ">")
            if block is not None:
                return block
        if hint.style is None and hint.wrap_indent is not None:
            wrapped = self.wrapped_plain(s, first_avail, hint.wrap_indent)
            if wrapped is not None:
                return wrapped
        quote = hint.style if hint.style in ('"', "'") else None
        text = scalar_text(s, quote=quote, dt_sep=self.dt_sep)
        assert text is not None
        return text

    # -- collections ----------------------------------------------------------------------

    def flow(self, value: object) -> str:
        if isinstance(value, dict):
            if not value:
                return "{}"
            return "{" + ", ".join(f"{key_text(k)}: {self.flow(v)}" for k, v in value.items()) + "}"
        if isinstance(value, (list, tuple)):
            return "[" + ", ".join(self.flow(v) for v in value) + "]"
        text = scalar_text(value, flow=True, dt_sep=self.dt_sep)
        assert text is not None
        return text

    def entry_value(self, value: object, col: int, hint: Hint = Hint(), key_len: int = 0) -> tuple[bool, str]:
        """The value of a key at column ``col``: (is_block_collection, text).

        Inline text goes right after ``key: `` (a block scalar's lines follow its header);
        a block collection's text is its lines, fully indented, to go on the lines after ``key:``.
        """
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(value, dict) and value and not hint.flow:
            return True, "\n".join(self.map_lines(value, col + self.map_indent))
        if isinstance(value, list) and value and not hint.flow:
            return True, "\n".join(self.seq_lines(value, col + self.seq_indent))
        if isinstance(value, (dict, list)):
            return False, self.flow(value)
        if isinstance(value, str):
            return False, self.string(value, col + 2, hint, WIDTH - col - key_len - 2)
        text = scalar_text(value, dt_sep=self.dt_sep)
        assert text is not None
        return False, text

    def item_value(self, value: object, dash_col: int, hint: Hint = Hint()) -> str:
        """What follows ``- `` for a list item whose dash is at column ``dash_col``."""
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(value, dict) and value and not hint.flow:
            lines = self.map_lines(value, dash_col + 2)
            lines[0] = lines[0][dash_col + 2 :]
            return "\n".join(lines)
        if isinstance(value, (dict, list)):
            return self.flow(value)
        if isinstance(value, str):
            return self.string(value, dash_col + 2, hint, WIDTH - dash_col - 2)
        text = scalar_text(value, dt_sep=self.dt_sep)
        assert text is not None
        return text

    def map_lines(self, mapping: dict[Any, Any], col: int) -> list[str]:
        pad = " " * col
        lines: list[str] = []
        for key, value in mapping.items():
            k = key_text(key)
            block, text = self.entry_value(value, col, key_len=len(k))
            if block:
                lines.append(f"{pad}{k}:")
                lines.append(text)
            else:
                lines.append(f"{pad}{k}: {text}")
        return lines

    def seq_lines(self, items: list[Any], dash_col: int) -> list[str]:
        pad = " " * dash_col
        return [f"{pad}- {self.item_value(item, dash_col)}" for item in items]


def dump_document(metadata: dict[str, Any]) -> str:
    """New YAML front matter (block style, two-space indents, ends with a newline)."""
    if not metadata:
        return ""
    return "\n".join(Dumper().map_lines(metadata, 0)) + "\n"


# -- the editor --------------------------------------------------------------------------------


class YamlEditor(Splicer):
    """Collects splices on a YAML front-matter text; see `newsdesk.core.write.splice.Editor`."""

    def __init__(self, fm: str, newline: str = "\n") -> None:
        super().__init__(fm, newline)
        loader = NewsdeskLoader(fm)
        try:
            self.root: yaml.Node | None = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise EditError(f"cannot parse the front matter: {exc}") from None
        finally:
            loader.dispose()
        self.dumper = Dumper(*self._conventions(), dt_sep=datetime_sep(fm))
        self.shared = self._shared_nodes()

    def _shared_nodes(self) -> set[int]:
        """Nodes reached more than once (YAML anchors and aliases): never edited in place."""
        seen: set[int] = set()
        shared: set[int] = set()
        stack = [self.root] if self.root is not None else []
        while stack:
            node = stack.pop()
            if id(node) in seen:
                shared.add(id(node))
                continue
            seen.add(id(node))
            if isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                stack.extend(n for pair in node.value for n in pair)
        return shared

    def _check_shared(self, node: yaml.Node, path: FieldPath) -> None:
        if id(node) in self.shared:
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
            raise EditError(
                f"'{where}' is a YAML anchor or alias shared with another field; edit it in a text editor"
            )

    def _conventions(self) -> tuple[int, int]:
        map_indent = seq_indent = -1
        if isinstance(self.root, yaml.MappingNode):
            for k, v in self.root.value:
                col = k.start_mark.column
                if isinstance(v, yaml.SequenceNode) and not v.flow_style and seq_indent < 0:
                    seq_indent = v.start_mark.column - col
                if isinstance(v, yaml.MappingNode) and not v.flow_style and map_indent < 0:
                    map_indent = v.start_mark.column - col
        return (map_indent if map_indent > 0 else 2, seq_indent if 0 <= seq_indent <= 8 else 2)

    # -- text helpers ---------------------------------------------------------------------

    def _next_line(self, i: int) -> int:
        j = self.s.find("\n", i)
        return len(self.s) if j < 0 else j + 1

    def _content_end(self, node: yaml.Node) -> int:
        s = self.s
        if isinstance(node, yaml.ScalarNode):
            if node.style in ("|", ">"):
                i = node.end_mark.index
                while i > node.start_mark.index and s[i - 1] in " \t\r\n":
                    i -= 1
                j = s.find("\n", i)
                j = len(s) if j < 0 else j
                return j - 1 if j > 0 and s[j - 1] == "\r" else j
            return int(node.end_mark.index)
        if getattr(node, "flow_style", False) or not node.value:
            return int(node.end_mark.index)
        last = node.value[-1]
        return self._content_end(last[1] if isinstance(node, yaml.MappingNode) else last)

    @staticmethod
    def _is_empty(node: yaml.Node) -> bool:
        return (
            isinstance(node, yaml.ScalarNode)
            and node.value == ""
            and not node.style
            and node.start_mark.index == node.end_mark.index
        )

    def _colon_end(self, key: yaml.Node) -> int:
        i = key.end_mark.index
        while i < len(self.s) and self.s[i] in " \t":
            i += 1
        if i >= len(self.s) or self.s[i] != ":":
            raise Fallback
        return i + 1

    def _dash(self, item: yaml.Node) -> tuple[int, int]:
        i = item.start_mark.index - 1
        while i >= 0 and self.s[i] in " \t\r\n":
            i -= 1
        if i < 0 or self.s[i] != "-":
            raise Fallback
        return i, i - self._line_start(i)

    def _hint(self, node: yaml.Node) -> Hint:
        if isinstance(node, yaml.ScalarNode):
            style = node.style or None
            if style in ("|", ">"):
                first = self._next_line(node.start_mark.index)
                rest = self.s[first:]
                indent = len(rest) - len(rest.lstrip(" "))
                return Hint(style=style, block_indent=indent or None)
            if node.start_mark.line != node.end_mark.line and not self._is_empty(node):
                second = self._next_line(node.start_mark.index)
                rest = self.s[second:]
                return Hint(style=style, wrap_indent=len(rest) - len(rest.lstrip(" ")))
            return Hint(style=style)
        return Hint(flow=bool(getattr(node, "flow_style", False)))

    # -- navigation -----------------------------------------------------------------------

    def _node(self, path: FieldPath) -> yaml.Node:
        node = self.root
        if node is None:
            raise Fallback
        for part in path:
            if isinstance(part, int):
                if not isinstance(node, yaml.SequenceNode) or part >= len(node.value):
                    raise Fallback
                node = node.value[part]
            else:
                node = self._entry(node, part)[1]
        return node

    @staticmethod
    def _entry(mapping: yaml.Node, key: object) -> tuple[yaml.Node, yaml.Node]:
        if not isinstance(mapping, yaml.MappingNode):
            raise Fallback
        found: tuple[yaml.Node, yaml.Node] | None = None
        want = str(key)
        for k, v in mapping.value:
            if isinstance(k, yaml.ScalarNode) and k.value == want:
                found = (k, v)
        if found is None:
            raise Fallback
        return found

    def can_descend(self, path: FieldPath, kind: str) -> bool:
        try:
            node = self._node(path)
        except Fallback:
            return False
        if kind == "map":
            return isinstance(node, yaml.MappingNode) and not node.flow_style and bool(node.value)
        # A flow sequence ([a, b]) is descended into only to append to it (`insert_item`); any other
        # change inside it raises `Fallback`, and the whole value is rewritten.
        return isinstance(node, yaml.SequenceNode) and bool(node.value)

    # -- operations -----------------------------------------------------------------------

    def replace(self, path: FieldPath, old: object, new: object) -> None:
        s = self.s
        if not path:
            text = "\n".join(self.dumper.map_lines(new, 0)) + "\n" if isinstance(new, dict) and new else ""
            if self.root is None:
                if s and not s.endswith("\n"):
                    text = "\n" + text
                self._splice(len(s), len(s), text)
            else:
                self._splice(0, len(s), text)
            return
        parent = self._node(path[:-1])
        last = path[-1]
        if isinstance(last, int):
            if not isinstance(parent, yaml.SequenceNode) or last >= len(parent.value):
                raise Fallback
            node = parent.value[last]
            self._check_shared(node, path)
            dash_pos, dash_col = self._dash(node)
            text = self.dumper.item_value(new, dash_col, self._hint(node))
            if self._is_empty(node):
                self._splice(dash_pos + 1, dash_pos + 1, " " + text)
            elif node.start_mark.line != s.count("\n", 0, dash_pos):
                self._splice(dash_pos + 1, self._content_end(node), " " + text)
            else:
                self._splice(node.start_mark.index, self._content_end(node), text)
            return
        key_node, node = self._entry(parent, last)
        self._check_shared(node, path)
        col = key_node.start_mark.column
        key_len = key_node.end_mark.index - key_node.start_mark.index
        block, text = self.dumper.entry_value(new, col, self._hint(node), key_len)
        colon = self._colon_end(key_node)
        empty = self._is_empty(node)
        old_block = isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and not node.flow_style
        end = colon if empty else self._content_end(node)
        if not block:
            if empty or old_block:
                self._splice(colon, end, " " + text)
            else:
                self._splice(node.start_mark.index, end, text)
        elif old_block:
            self._splice(self._line_start(node.start_mark.index), end, text)
        else:
            self._splice(colon, end, "\n" + text)

    def add_key(
        self, path: FieldPath, key: str, value: object, after: str | None, before: str | None
    ) -> None:
        s = self.s
        mapping = self._node(path)
        if not isinstance(mapping, yaml.MappingNode) or not mapping.value:
            raise Fallback
        col = mapping.value[0][0].start_mark.column
        text = "\n".join(self.dumper.map_lines({key: value}, col)) + "\n"
        if after is not None:
            pos = self._next_line(self._content_end(self._entry(mapping, after)[1]))
        elif before is not None:
            k = self._entry(mapping, before)[0]
            pos = self._line_start(k.start_mark.index)
            if s[pos : k.start_mark.index].strip():
                raise Fallback
            while pos > 0:  # keep the comment lines above `before` with it
                prev = self._line_start(pos - 1)
                if s[prev:pos].lstrip().startswith("#"):
                    pos = prev
                else:
                    break
        elif not path:
            i = len(s)
            while i > 0 and s[i - 1] in " \t\r\n":
                i -= 1
            pos = self._next_line(i) if i > 0 else 0
        else:
            pos = self._next_line(self._content_end(mapping.value[-1][1]))
        if pos > 0 and s[pos - 1] != "\n":
            text = "\n" + text
        self._splice(pos, pos, text)

    def remove_key(self, path: FieldPath, key: str) -> None:
        s = self.s
        mapping = self._node(path)
        if not isinstance(mapping, yaml.MappingNode):
            raise Fallback
        entries = [(k, v) for k, v in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == str(key)]
        if not entries:
            raise Fallback
        for k, v in entries:
            start = self._line_start(k.start_mark.index)
            if s[start : k.start_mark.index].strip():  # "- key: ..." (first key of a list item)
                raise Fallback
            self._splice(start, self._next_line(self._content_end(v)), "")

    def insert_item(self, path: FieldPath, before: int, value: object) -> None:
        seq = self._node(path)
        if not isinstance(seq, yaml.SequenceNode) or not seq.value:
            raise Fallback
        if seq.flow_style:
            self._append_flow(seq, before, value)
            return
        _, dash_col = self._dash(seq.value[0])
        text = " " * dash_col + "- " + self.dumper.item_value(value, dash_col) + "\n"
        if before < len(seq.value):
            dash_pos, _ = self._dash(seq.value[before])
            pos = self._line_start(dash_pos)
            if self.s[pos:dash_pos].strip():
                raise Fallback
        else:
            pos = self._next_line(self._content_end(seq.value[-1]))
            if pos > 0 and self.s[pos - 1] != "\n":
                text = "\n" + text
        self._splice(pos, pos, text)

    def _append_flow(self, seq: yaml.SequenceNode, before: int, value: object) -> None:
        """Append ``value`` to a flow sequence, leaving its other items' text alone.

        ``[a, b]`` becomes ``[a, b, c]``; a sequence written one item per line (``[`` then items,
        ``]`` on its own line, a trailing comma or not) gets a new line in the same indentation.
        """
        if before != len(seq.value):
            raise Fallback
        s = self.s
        last = seq.value[-1]
        end = self._content_end(last)
        close = seq.end_mark.index - 1
        if close < end or s[close] != "]":
            raise Fallback
        between = s[end:close]
        comma = between.lstrip(" \t")
        if "#" in between:
            raise Fallback
        text = self.dumper.flow(value)
        item_line = self._line_start(last.start_mark.index)
        own_line = not s[item_line : last.start_mark.index].strip() and "\n" in between
        if own_line:
            pad = s[item_line : last.start_mark.index]
            if comma.startswith(","):
                pos = end + (len(between) - len(comma)) + 1
                self._splice(pos, pos, f"\n{pad}{text},")
            else:
                self._splice(end, end, f",\n{pad}{text}")
            return
        if comma.startswith(","):  # [a, b, ] keeps its trailing comma after the new item
            pos = end + (len(between) - len(comma)) + 1
            self._splice(pos, pos, f" {text},")
            return
        self._splice(end, end, f", {text}")

    def remove_item(self, path: FieldPath, index: int) -> None:
        seq = self._node(path)
        if not isinstance(seq, yaml.SequenceNode) or index >= len(seq.value):
            raise Fallback
        item = seq.value[index]
        dash_pos, _ = self._dash(item)
        start = self._line_start(dash_pos)
        if self.s[start:dash_pos].strip():
            raise Fallback
        self._splice(start, self._next_line(self._content_end(item)), "")
