"""The packed positions of an article's people (`people_check.people_positions`): read back
(`unpack_positions`) they are the positions the article's locations give, item by item."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsdesk.core.check import people_check
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.schema import default_schema

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
import generate  # noqa: E402


def _expected(article, fields):  # type: ignore[no-untyped-def]
    """The positions as `locate_pending` finds them: from the article's own locations."""
    locs = article.locations
    out = {}
    for name in fields:
        loc = locs.get(name)
        if loc is None:
            continue
        items = []
        while (item := locs.get(f"{name}[{len(items)}]")) is not None:
            n, r = locs.get(f"{name}[{len(items)}].name"), locs.get(f"{name}[{len(items)}].role")
            items.append(
                (
                    item.value.line,
                    item.value.column,
                    n.value.line if n else 0,
                    n.value.column if n else 0,
                    r.value.line if r else 0,
                    r.value.column if r else 0,
                )
            )
        out[name] = (loc.key.line, loc.key.column, tuple(items))
    return article.fm_line, out


@pytest.mark.parametrize("roles", ["realistic", "random"])
def test_packed_positions_read_back_as_the_locations(tmp_path: Path, roles: str) -> None:
    generate.generate(tmp_path, 150, seed=11, roles=roles)
    schema = default_schema()
    fields = schema.roles.people_fields
    seen = 0
    for path in sorted(tmp_path.rglob("*.md")):
        located = load_article(path)
        if located.format != "yaml" or not any(f in located.metadata for f in fields):
            continue
        expected = _expected(located, fields)
        quick = people_check.people_positions(load_article(path, locations=False), schema)
        again = people_check.people_positions(located, schema)  # already located
        assert quick is not None and again is not None
        assert people_check.unpack_positions(quick, fields) == expected
        assert people_check.unpack_positions(again, fields) == expected
        seen += 1
    assert seen > 100


def test_a_field_that_is_not_a_list_and_large_numbers() -> None:
    from array import array

    packed = array("i", [70000, 1, 70001, 3, 2, *range(100000, 100012)]).tobytes()
    first, fields = people_check.unpack_positions(packed, ("attendees", "speakers"))
    assert first == 70000
    assert fields == {"speakers": (70001, 3, (tuple(range(100000, 100006)), tuple(range(100006, 100012))))}
