"""The YAML loader newsdesk parses front matter with, and what it needs to word TOML errors.

Kept apart from `newsdesk.core.read.handlers` (the python-frontmatter handlers) so that reading and
checking articles (``newsdesk validate``) never imports python-frontmatter or tomli-w.

`NewsdeskLoader` is PyYAML's safe loader (libyaml's ``CSafeLoader`` when available) that keeps an
impossible date (``2024-02-30``) as its text, so validation can point at it, and that resolves
scalar tags with a flatter copy of PyYAML's own rules. `construct` builds the value of a
document's node as PyYAML's ``SafeConstructor`` does, several times faster, and says whether a
mapping repeats a key, so the reader needs no second pass for that.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

if TYPE_CHECKING:
    import tomllib

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"


class NewsdeskLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader (libyaml when present) that tolerates impossible dates."""

    # libyaml's composer asks this for the tag of every node. PyYAML's own `resolve` looks its
    # rules up and concatenates lists on each call, and checks path resolvers the safe loader
    # never has; this is the same decision from a table made once (see `_resolver_table`).
    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                assert value is not None
                for tag, regexp in _RESOLVERS.get(value[:1], _WILDCARD):
                    if regexp.match(value):
                        return tag
            return STR_TAG
        return SEQ_TAG if kind is SequenceNode else MAP_TAG

    # libyaml's composer calls these two around every node (80,000 calls for 4,000 articles) for
    # path resolvers, which the safe loader has none of (checked below): PyYAML's own versions
    # look that up each time; these know it.
    def descend_resolver(self, current_node: Node | None, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        # e.g. 2024-02-30: keep the text; validation reports it as an impossible date.
        return loader.construct_scalar(node)  # type: ignore[arg-type]


NewsdeskLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

Resolvers = tuple[tuple[str, "re.Pattern[str]"], ...]


def _resolver_table() -> tuple[dict[str, Resolvers], Resolvers]:
    """PyYAML's implicit resolvers of the safe loader by first character ('' for an empty
    value), each followed by the wildcard ones, as `BaseResolver.resolve` tries them."""
    rules = NewsdeskLoader.yaml_implicit_resolvers
    wildcard = tuple(rules.get(None, ()))
    table = {first: (*found, *wildcard) for first, found in rules.items() if first is not None}
    return table, wildcard


_RESOLVERS, _WILDCARD = _resolver_table()
if NewsdeskLoader.yaml_path_resolvers:  # pragma: no cover - the safe loader has none
    del NewsdeskLoader.resolve, NewsdeskLoader.descend_resolver, NewsdeskLoader.ascend_resolver

#: The scalar tags `construct` builds, with PyYAML's own constructor for each.
_SCALARS: dict[str, Any] = {
    tag: NewsdeskLoader.yaml_constructors[tag]
    for tag in (
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:timestamp",
    )
}
#: Deeper than this, `construct` leaves the document to PyYAML.
_MAX_DEPTH = 64
#: Mappings down to this depth (mappings and lists both count) are checked for repeated keys.
DUPLICATE_DEPTH = 3


class Unusual(Exception):
    """A document `construct` leaves to PyYAML's constructor (explicit tags, merge keys...)."""


def construct(loader: Any, node: Node, repeats: list[bool], depth: int = 0) -> Any:
    """The value of a mapping or sequence ``node`` (composed by ``loader``), as PyYAML's
    ``SafeConstructor`` builds it, without its per-node generators and bookkeeping.

    ``repeats[0]`` is set when a mapping down to `DUPLICATE_DEPTH` repeats a key as written
    (the keys are compared as their source text, as the reader's duplicate-key check does).

    Only plain documents: the standard tags (str, int, float, bool, null, timestamp, seq, map).
    Anything else (an explicit or unknown tag, a merge key ``<<``, a key that is not a scalar, a
    document nested deeper than 64) raises `Unusual`; a scalar PyYAML cannot construct raises
    what PyYAML raises. The caller then constructs with PyYAML, which decides and words the
    error. A document with aliases must not come here: shared nodes would be built twice.
    """
    if depth > _MAX_DEPTH:
        raise Unusual
    kind = type(node)
    scalars = _SCALARS
    if kind is MappingNode and node.tag == MAP_TAG:
        mapping: dict[Any, Any] = {}
        plain = True
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                raise Unusual
            if key_node.tag == STR_TAG:
                key = key_node.value
            else:
                key = scalars[key_node.tag](loader, key_node)  # KeyError: not a plain tag
                plain = False
            if type(value_node) is ScalarNode:
                tag = value_node.tag
                mapping[key] = value_node.value if tag == STR_TAG else scalars[tag](loader, value_node)
            else:
                mapping[key] = construct(loader, value_node, repeats, depth + 1)
        if depth <= DUPLICATE_DEPTH and not repeats[0]:
            # Keys that are all text repeat exactly when the dict is shorter than the pairs.
            if plain:
                repeats[0] = len(mapping) != len(node.value)
            else:
                repeats[0] = len({k.value for k, _ in node.value}) != len(node.value)
        return mapping
    if kind is SequenceNode and node.tag == SEQ_TAG:
        items: list[Any] = []
        for item in node.value:
            if type(item) is ScalarNode:
                tag = item.tag
                items.append(item.value if tag == STR_TAG else scalars[tag](loader, item))
            else:
                items.append(construct(loader, item, repeats, depth + 1))
        return items
    raise Unusual


# -- TOML errors ---------------------------------------------------------------------------


@functools.cache
def _too_deep() -> type[tomllib.TOMLDecodeError]:
    """`load_toml`'s error class, made on first use: it subclasses tomllib's, and this module is
    imported on every start while most runs (validate of YAML articles, no newsdesk.toml) read no
    TOML, so tomllib (six modules) is imported only when TOML is read."""
    import tomllib

    class TomlTooDeep(tomllib.TOMLDecodeError):
        """Arrays or inline tables nested deeper than ``tomllib`` can recurse (it raises RecursionError).

        A `tomllib.TOMLDecodeError`, so that every reader of a configuration file words it as it words
        any other TOML mistake (`invalid_toml`): one line with the file, line and column.
        """

        def __init__(self, line: int, column: int) -> None:
            self.msg = "arrays or inline tables nested too deeply"
            self.lineno, self.colno = line, column
            ValueError.__init__(self, f"{self.msg} (at line {line}, column {column})")

    return TomlTooDeep


def load_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``; nesting too deep for it raises a `tomllib.TOMLDecodeError` that says
    so (`_too_deep`), not RecursionError."""
    import tomllib  # only when TOML is read: see `_too_deep`

    try:
        return tomllib.loads(text)
    except RecursionError:
        raise _too_deep()(*nesting_position(text)) from None


#: Deeper than this is where `nesting_position` points (tomllib gives up at about 330 levels).
_DEEP = 100


def nesting_position(text: str) -> tuple[int, int]:
    """1-based (line, column) of the bracket where arrays and inline tables in ``text`` first nest
    over 100 deep (strings and comments skipped roughly); the start of the text if they never do."""
    depth, line, line_start, i, size = 0, 1, 0, 0, len(text)
    while i < size:
        ch = text[i]
        if ch == "\n":
            line, line_start = line + 1, i + 1
        elif ch in "[{":
            depth += 1
            if depth > _DEEP:
                return line, i - line_start + 1
        elif ch in "]}":
            depth = max(depth - 1, 0)
        elif ch == "#":
            end = text.find("\n", i)
            i = size if end < 0 else end
            continue
        elif ch in "\"'":
            end = i + 1
            while end < size and text[end] not in (ch, "\n"):
                end += 2 if text[end] == "\\" and ch == '"' else 1
            i = end + 1 if end < size and text[end] == ch else end
            continue
        i += 1
    return 1, 1


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


def invalid_toml(error: tomllib.TOMLDecodeError) -> tuple[str, int | None, int | None]:
    """``(message, line, column)`` of a configuration file's TOML error, as `SchemaError` (and
    `newsdesk.core.persons.config.PeopleConfigError`) take them after the path."""
    where = toml_error_position(error)
    return (f"invalid TOML: {toml_error_message(error)}", *(where if where else (None, None)))


def toml_error_message(error: tomllib.TOMLDecodeError) -> str:
    msg = getattr(error, "msg", None)
    if isinstance(msg, str):
        return msg
    return _TOML_POSITION.sub("", str(error)).strip()
