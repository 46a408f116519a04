"""The people command's JSON writer writes what ``json.dump(..., ensure_ascii=False, indent=2)`` does."""

from __future__ import annotations

import io
import json
import math
from collections import OrderedDict
from enum import IntEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.cli.jsonout import dump_indented, dumps_indented

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(keys, inner, max_size=4)
    ),
    max_leaves=30,
)


def _std(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@given(values)
def test_same_text_as_the_standard_encoder(data: object) -> None:
    assert dumps_indented(data) == _std(data)


def test_unusual_values_and_subclasses() -> None:
    class Level(IntEnum):
        LOW = 1

    class Text(str):
        pass

    data = {
        "nan": math.nan,
        "inf": [math.inf, -math.inf, 0.1, -0.0, 1e300],
        "enum": Level.LOW,
        Text("key"): Text('va"lue\n\u2028é\x00'),
        1.5: OrderedDict([("b", []), ("a", {})]),
        None: (True, False, None, ()),
        "deep": [[[{"x": [1]}]]],
    }
    assert dumps_indented(data) == _std(data)
    out = io.StringIO()
    dump_indented(data, out)
    assert out.getvalue() == _std(data)


def test_what_the_standard_encoder_refuses_it_refuses() -> None:
    with pytest.raises(TypeError):
        dumps_indented({"a": {1, 2}})
    with pytest.raises(TypeError):
        dumps_indented({("a",): 1})
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular"):
        dumps_indented(loop)
