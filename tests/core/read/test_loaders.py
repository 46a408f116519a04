"""The fast YAML path (flat tag resolution, one-pass construction) gives what PyYAML gives."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.core.read import reader
from newsdesk.core.read.loaders import NewsdeskLoader, Unusual, construct


class PyYAMLResolving(NewsdeskLoader):  # type: ignore[misc,valid-type]
    """NewsdeskLoader with PyYAML's own `resolve`, `descend_resolver` and `ascend_resolver` (what
    the flat table and the no-op path resolving must agree with)."""

    resolve = yaml.resolver.BaseResolver.resolve
    descend_resolver = yaml.resolver.BaseResolver.descend_resolver
    ascend_resolver = yaml.resolver.BaseResolver.ascend_resolver


def test_the_loader_skips_path_resolving_only_because_it_has_no_path_resolvers() -> None:
    # The no-op `descend_resolver`/`ascend_resolver` are right only while the safe loader has no
    # path resolvers; with one, the module deletes them (and the flat `resolve`).
    assert not NewsdeskLoader.yaml_path_resolvers
    assert NewsdeskLoader.descend_resolver is not yaml.resolver.BaseResolver.descend_resolver
    text = "a: [1, {b: [x, y]}, {c: d}]\ne: {f: [g]}\n"
    assert yaml.serialize(_nodes(text)) == yaml.serialize(_nodes(text, PyYAMLResolving))


def _nodes(text: str, loader: type = NewsdeskLoader) -> Any:
    ld = loader(text)
    try:
        return ld.get_single_node()
    finally:
        ld.dispose()


def _standard(text: str) -> Any:
    ld = NewsdeskLoader(text)
    try:
        return ld.construct_document(ld.get_single_node())
    finally:
        ld.dispose()


def _fast(text: str) -> tuple[Any, bool]:
    ld = NewsdeskLoader(text)
    try:
        node = ld.get_single_node()
        repeats = [False]
        return construct(ld, node, repeats), repeats[0]
    finally:
        ld.dispose()


def _same(a: Any, b: Any) -> bool:
    """Equal, NaN included, and of the same types all the way down."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


SCALARS = [
    "text", "yes", "No", "on", "OFF", "y", "n", "true", "False", "~", "null", "Null", "", "010", "0o17",
    "0x1F", "0b101", "1_000", "-12", "+3", "10:30", "190:20:30", "1.5", "-.inf", ".NaN", "1e3",
    "6.8523015e+5", "2024-02-30", "2024-01-01", "2023-01-05 09:00:00 -0500", "2001-12-14t21:59:43.10-05:00",
    '"quoted"', "'single'", '"with \\t tab"', "<<", "=", "a: b", "- x", "[a, b]", "{a: 1}", "!!str 12",
    "!!int 7", "!!float 1", "!!binary aGk=", "!custom x", "!!bool yes", "!!null ''", "&anchor v",
    ">-\n  folded\n  text", "|\n  literal\n", "1.0.0", "0", "-0", "12:60", "0.", "2024-13-01",
]  # fmt: skip
KEYS = ["title", "date", "on", "1", "01", "null", "~", "2024-01-01", '"title"', "'x'", "true", "<<", "="]


def _doc(data: Any, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(data, dict):
        lines = []
        for key, value in data:
            if isinstance(value, (list, tuple)) and value:
                lines.append(f"{pad}{key}:\n{_doc(value, indent + 2)}")
            else:
                text = value if isinstance(value, str) else "[]" if isinstance(value, (list, tuple)) else "{}"
                text = text.replace("\n", "\n" + pad + "  ")
                lines.append(f"{pad}{key}: {text}")
        return "\n".join(lines)
    lines = []
    for item in data:
        if isinstance(item, dict):
            body = _doc(item, indent + 2)
            lines.append(f"{pad}- {body.lstrip()}")
        elif isinstance(item, list):
            lines.append(f"{pad}-\n{_doc(item, indent + 2)}" if item else f"{pad}- []")
        else:
            lines.append(f"{pad}- {item}".replace("\n", "\n" + pad + "  "))
    return "\n".join(lines)


class Mapping(dict):  # type: ignore[type-arg]
    """A list of (key, value) pairs that `_doc` writes as a block mapping (keys may repeat)."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__()
        self.pairs = pairs

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.pairs)


scalars = st.sampled_from(SCALARS)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(st.tuples(st.sampled_from(KEYS), inner), min_size=1, max_size=4).map(Mapping),
    ),
    max_leaves=12,
)
documents = st.lists(st.tuples(st.sampled_from(KEYS), values), min_size=1, max_size=6).map(
    lambda pairs: _doc(Mapping(pairs))
)


@settings(max_examples=400, deadline=None)
@given(documents)
def test_fast_construction_matches_pyyaml(text: str) -> None:
    try:
        expected = _standard(text)
    except Exception as exc:  # PyYAML refuses it: the fast path must not accept it
        with pytest.raises(Exception):  # noqa: B017
            _fast(text)
        assert exc is not None
        return
    try:
        got, repeats = _fast(text)
    except Unusual:
        return  # left to PyYAML (tags, merge keys, deep nesting)
    except (KeyError, ValueError, TypeError):
        return  # a tag the fast path does not build: left to PyYAML
    assert _same(got, expected), text
    assert repeats == reader._has_duplicate_keys(_nodes(text)), text


@settings(max_examples=400, deadline=None)
@given(documents)
def test_flat_resolution_matches_pyyaml(text: str) -> None:
    try:
        ours = yaml.serialize(_nodes(text))
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            _nodes(text, PyYAMLResolving)
        return
    assert ours == yaml.serialize(_nodes(text, PyYAMLResolving))


@pytest.mark.parametrize("scalar", SCALARS)
def test_every_scalar_resolves_as_pyyaml_does(scalar: str) -> None:
    text = f"a: {scalar}\nb: [{scalar}]\n" if "\n" not in scalar else f"a: {scalar}\n"
    try:
        expected = yaml.serialize(_nodes(text, PyYAMLResolving))
    except yaml.YAMLError:
        return
    assert yaml.serialize(_nodes(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {x: 1}\nmore:\n  <<: *b\n  y: 2\n",
        "a: !!binary aGk=\n",
        "a: !!set {x, y}\n",
        "a: !!omap [x: 1]\n",
        "? [a, b]\n: 1\n",
        "a: !custom x\n",
        "=: x\n",
        "a: !!str [1]\n",
    ],
)
def test_unusual_documents_are_left_to_pyyaml(text: str) -> None:
    try:
        _standard(text)
    except Exception:
        pass
    with pytest.raises(Exception):  # noqa: B017
        _fast(text)


def test_repeated_keys_are_found_in_the_one_pass() -> None:
    assert _fast("a: 1\nb: 2\na: 3\n") == ({"a": 3, "b": 2}, True)
    assert _fast("l:\n  - x: 1\n    x: 2\n") == ({"l": [{"x": 2}]}, True)
    # Keys compared as written: 1 and 01 are both the number 1 but not the same key text.
    assert _fast("1: a\n01: b\n") == ({1: "b"}, False)
    assert _fast('title: a\n"title": b\n') == ({"title": "b"}, True)
    # Deeper than the duplicate-key check looks: not reported (as before).
    deep = "a:\n  b:\n    c:\n      d:\n        x: 1\n        x: 2\n"
    assert _fast(deep)[1] is False
    assert reader._has_duplicate_keys(_nodes(deep)) is False


def test_dates_and_impossible_dates() -> None:
    text = "a: 2024-01-05\nb: 2024-02-30\nc: 2023-01-05 09:00:00 -05:00\nd: 2023-01-05 09:00:00 -0500\n"
    got, _ = _fast(text)
    assert got["a"] == dt.date(2024, 1, 5)
    assert got["b"] == "2024-02-30"  # impossible: kept as text for validation to point at
    assert isinstance(got["c"], dt.datetime)
    assert got["d"] == "2023-01-05 09:00:00 -0500"  # Hugo's offset is not a YAML 1.1 one
    assert _same(got, _standard(text))


def test_locate_uses_the_nodes_of_the_first_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    article = reader.parse_text("---\ntitle: T\nstatus: nope\n---\nbody\n", "a.md", locations=False)
    assert article.yaml_node is not None and article.locations == {}

    def no_second_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(reader, "NewsdeskLoader", no_second_parse)
    reader.locate(article)
    assert article.locations["status"].value.line == 3
    assert article.yaml_node is None


def test_a_file_that_grows_after_stat_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: T\n---\n" + b"x" * 5000)
    fd = reader.os.open(path, reader.os.O_RDONLY)
    try:
        # stat said 10 bytes: the read goes on to the end, up to the limit
        assert len(reader._read_upto(fd, 100_000, 10)) == path.stat().st_size
    finally:
        reader.os.close(fd)
    fd = reader.os.open(path, reader.os.O_RDONLY)
    try:
        assert len(reader._read_upto(fd, 100, 10)) == 100
    finally:
        reader.os.close(fd)
