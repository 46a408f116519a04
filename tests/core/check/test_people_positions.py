"""The packed positions of an article's people from its first read (`people_check.people_positions`)
place its warnings (`locate_pending_at`) where reading it again with its locations does
(`locate_pending`): every item's name and role, items past the end, a field it does not have."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsdesk.core.check import people_check
from newsdesk.core.read.reader import load_article
from newsdesk.core.rules.schema import default_schema

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
import generate


def _every_place(fields: tuple[str, str], counts: dict[str, int]) -> list[people_check.Pending]:
    """A warning on each item's name and role of each field, and past the last item."""
    out: list[people_check.Pending] = []
    for field in fields:
        for i in range(counts.get(field, 0) + 2):
            for key in ("name", "role"):
                out.append((f"{field}[{i}].{key}", "name-variant", f"{field} {i} {key}", field, i, key))
    return out


@pytest.mark.parametrize(("roles", "broken"), [("realistic", 0.0), ("random", 0.0), ("realistic", 0.3)])
def test_packed_positions_place_warnings_as_a_second_read(tmp_path: Path, roles: str, broken: float) -> None:
    generate.generate(tmp_path, 150, seed=11, roles=roles, broken=broken)
    schema = default_schema()
    fields = schema.roles.people_fields
    seen = 0
    for path in sorted(tmp_path.rglob("*.md")):
        located = load_article(path)
        if located.format != "yaml" or not isinstance(located.metadata, dict):
            continue
        counts = {f: len(v) for f in fields if isinstance(v := located.metadata.get(f), list)}
        quick = people_check.people_positions(load_article(path, locations=False), schema)
        again = people_check.people_positions(located, schema)  # already located
        if not any(f in located.metadata for f in fields):
            assert quick is None and again is None
            continue
        assert quick is not None and again is not None
        pending = _every_place(fields, counts)
        expected = people_check.locate_pending(located, pending)
        assert people_check.locate_pending_at(quick, pending, schema) == expected
        assert people_check.locate_pending_at(again, pending, schema) == expected
        seen += 1
    assert seen > 100


def test_a_field_that_is_not_a_list_and_large_numbers() -> None:
    from array import array

    schema = default_schema()
    attendees, speakers = schema.roles.people_fields
    packed = array("i", [70000, 1, 70001, 3, 2, *range(100000, 100012)]).tobytes()
    pending: list[people_check.Pending] = [
        (f"{speakers}[1].name", "c", "m", speakers, 1, "name"),
        (f"{speakers}[0].role", "c", "m", speakers, 0, "role"),
        (f"{speakers}[2].role", "c", "m", speakers, 2, "role"),
        (f"{attendees}[0].name", "c", "m", attendees, 0, "name"),
    ]
    found = [(p.line, p.column, p.field) for p in people_check.locate_pending_at(packed, pending, schema)]
    assert found == [
        (100008, 100009, f"{speakers}[1].name"),
        (100004, 100005, f"{speakers}[0].role"),
        (70001, 3, f"{speakers}[2]"),
        (69999, 1, f"{attendees}[0]"),
    ]
