"""Property tests: generated front matter (written in varied styles by PyYAML / tomli-w, with comments
between keys, LF or CRLF), any single-field edit: the diff stays inside that field's lines and the
values read back are exactly the intended ones."""

from __future__ import annotations

import datetime as dt
from typing import Any

import tomli_w
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_save_support import assert_confined, changed_lines, field_lines

from newsdesk.core.read.reader import parse_text
from newsdesk.core.write.save import render
from newsdesk.core.write.splice import UNSET, apply_changes, same

KEYS = ["title", "date", "status", "tags", "summary", "count", "flag", "people", "a-b", "x_y"]
TRICKY = [
    "yes",
    "no",
    "on",
    "off",
    "10:30",
    "null",
    "~",
    "@at",
    "*star",
    "&amp",
    "- dash",
    "a: b",
    "x #y",
    "#hash",
    "'q'",
    '"dq"',
    "1e3",
    "0x1F",
    "2022-02-24",
    "[x]",
    "{y}",
    "",
    " lead",
    "trail ",
    "é ü 😀",
]

words = st.text(alphabet="abcdefghij ABC-,.:'\"#@*!?&|>%", min_size=0, max_size=30)
strings = st.one_of(
    words,
    st.sampled_from(TRICKY),
    st.text(min_size=0, max_size=12).filter(
        lambda s: (
            "\x00" not in s
            and "\ufeff" not in s
            and "\r" not in s
            and "\x85" not in s
            and "\u2028" not in s
            and "\u2029" not in s
        )
    ),
)
multiline = st.lists(st.text(alphabet="abc def:#-", min_size=1, max_size=15), min_size=2, max_size=4).map(
    "\n".join
)
scalars = st.one_of(
    strings,
    st.integers(-1000, 10**6),
    st.booleans(),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
)
people = st.lists(
    st.fixed_dictionaries({"name": strings}, optional={"role": strings, "organization": strings}),
    min_size=1,
    max_size=4,
)
values = st.one_of(scalars, multiline, st.lists(strings, min_size=0, max_size=5), people)


def yaml_doc(meta: dict[str, Any], styles: list[tuple[bool, int, bool]], crlf: bool) -> str:
    parts = []
    for (key, value), (flow, width, comment) in zip(meta.items(), styles, strict=False):
        if comment:
            parts.append(f"# about {key}\n")
        if flow and isinstance(value, list):
            dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=width)
            parts.append(f"{key}: {dumped}")
        else:
            parts.append(
                yaml.safe_dump(
                    {key: value}, default_flow_style=False, allow_unicode=True, sort_keys=False, width=width
                )
            )
    text = "---\n" + "".join(parts) + "---\nBody text.\n"
    return text.replace("\n", "\r\n") if crlf else text


metas = st.dictionaries(st.sampled_from(KEYS), values, min_size=1, max_size=6)
styles = st.lists(
    st.tuples(st.booleans(), st.sampled_from([20, 60, 1000]), st.booleans()), min_size=6, max_size=6
)


def check_edit(text: str, change: dict[str, object], key: str) -> None:
    article = parse_text(text)
    intended = apply_changes(article.metadata, change)
    new = render(article, change)
    back = parse_text(new)
    assert same(back.metadata, intended)
    assert back.body == article.body
    if same(intended, article.metadata):
        assert new == text
        return
    if key in article.locations:
        first, last = field_lines(article, key)
        assert_confined(text, new, first, last)
    else:  # a new key: a pure insertion
        assert changed_lines(text, new)[1] == 0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meta=metas, style=styles, crlf=st.booleans(), data=st.data())
def test_yaml_single_field_edit_is_confined(
    meta: dict[str, Any], style: list[tuple[bool, int, bool]], crlf: bool, data: st.DataObject
) -> None:
    text = yaml_doc(meta, style, crlf)
    article = parse_text(text)
    assume(not article.problems and same(article.metadata, meta))
    key = data.draw(st.sampled_from(KEYS))
    kind = data.draw(st.sampled_from(["set", "unset", "item"]))
    old = meta.get(key)
    if kind == "item" and isinstance(old, list) and old:
        index = data.draw(st.integers(0, len(old)))
        if isinstance(old[0], dict) and index < len(old):
            sub = data.draw(st.sampled_from(["name", "role", "organization"]))
            change: dict[str, object] = {
                f"{key}[{index}].{sub}": data.draw(st.one_of(strings, st.just(UNSET)))
            }
        else:
            item = data.draw(people.map(lambda p: p[0])) if isinstance(old[0], dict) else data.draw(strings)
            change = {f"{key}[{index}]": data.draw(st.one_of(st.just(item), st.just(UNSET)))}
    elif kind == "unset":
        change = {key: UNSET}
    else:
        change = {key: data.draw(values)}
    check_edit(text, change, key)


toml_scalars = st.one_of(
    strings,
    st.integers(-1000, 10**6),
    st.booleans(),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
)
toml_values = st.one_of(toml_scalars, multiline, st.lists(strings, max_size=4), people)


@settings(max_examples=200, deadline=None)
@given(
    meta=st.dictionaries(st.sampled_from(KEYS), toml_values, min_size=1, max_size=6),
    crlf=st.booleans(),
    data=st.data(),
)
def test_toml_single_field_edit_is_confined(meta: dict[str, Any], crlf: bool, data: st.DataObject) -> None:
    text = "+++\n" + tomli_w.dumps(meta) + "+++\nBody.\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    article = parse_text(text)
    assume(not article.problems)
    key = data.draw(st.sampled_from(KEYS))
    old = meta.get(key)
    if isinstance(old, list) and old and isinstance(old[0], dict) and data.draw(st.booleans()):
        index = data.draw(st.integers(0, len(old) - 1))
        path = f"{key}[{index}].role"
        check_edit(
            text,
            {path: data.draw(st.one_of(strings, st.just(UNSET)))},
            path if path in article.locations else f"{key}[{index}]",
        )
        return
    change: dict[str, object] = {key: data.draw(st.one_of(toml_values, st.just(UNSET)))}
    if article.locations.get(key) is not None and text.startswith("[[", article.locations[key].start):
        return  # whole [[array]] rewrites are checked by the golden tests
    check_edit(text, change, key)
