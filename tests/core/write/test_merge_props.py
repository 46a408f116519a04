"""Issue 21's property: random field (and paragraph) edits on both sides of a three-way merge.

The merge contains both sides' edits when they do not overlap, conflicts exactly on the fields
(and paragraphs) both changed differently, and leaves every line nobody changed byte-identical.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.core.read.reader import parse_text
from newsdesk.core.write.merge import merge
from newsdesk.core.write.save import render
from newsdesk.core.write.splice import UNSET, same

KEYS = [f"f{i}" for i in range(6)]
PARAS = 4


def _base(newline: str) -> str:
    lines = ["---", "# the desk's comment"]
    for i, key in enumerate(KEYS):
        lines.append(f"{key}: 'value {i}'   # note {i}" if i % 2 else f"{key}: value {i}")
    lines.append("---")
    for p in range(PARAS):
        lines += [f"Paragraph {p}.", ""]
    return newline.join(lines)


values = st.one_of(
    st.text(alphabet="abc xyz:#-'\"", min_size=1, max_size=8).map(str.strip).filter(bool),
    st.integers(-5, 5),
    st.just(UNSET),
)
field_edits = st.dictionaries(st.sampled_from(KEYS), values, max_size=4)
para_edits = st.dictionaries(st.integers(0, PARAS - 1), st.sampled_from(["A.", "B.", "C."]), max_size=3)


def _side(base: Any, fields: dict[str, object], paras: dict[int, str]) -> Any:
    lines = base.body.split(base.newline)
    for p, text in paras.items():
        lines[2 * p] = f"Paragraph {p} {text}"
    return parse_text(render(base, fields, body=base.newline.join(lines)))


def _changed(base: Any, side: Any) -> dict[str, object]:
    return {
        k: side.metadata.get(k, UNSET)
        for k in KEYS
        if not same(side.metadata.get(k, UNSET), base.metadata[k])
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ours_fields=field_edits,
    theirs_fields=field_edits,
    ours_paras=para_edits,
    theirs_paras=para_edits,
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_random_edits_on_both_sides(
    ours_fields: dict[str, object],
    theirs_fields: dict[str, object],
    ours_paras: dict[int, str],
    theirs_paras: dict[int, str],
    newline: str,
) -> None:
    base = parse_text(_base(newline))
    ours = _side(base, ours_fields, ours_paras)
    theirs = _side(base, theirs_fields, theirs_paras)
    o, t = _changed(base, ours), _changed(base, theirs)
    result = merge(base, ours, theirs)

    clashing = {k for k in o.keys() & t.keys() if not same(o[k], t[k])}
    para_clash = {p for p in ours_paras.keys() & theirs_paras.keys() if ours_paras[p] != theirs_paras[p]}
    assert {c.field for c in result.conflicts if c.field != "body"} == clashing
    assert sum(c.field == "body" for c in result.conflicts) == len(para_clash)
    assert result.text is not None
    merged = parse_text(result.text)

    # Both sides' edits are in the merge; at a conflict theirs' value stands in the text.
    for key in KEYS:
        expected = t[key] if key in t else o.get(key, base.metadata[key])
        assert same(merged.metadata.get(key, UNSET), expected), key
    for p in range(PARAS):
        want = theirs_paras.get(p, ours_paras.get(p))
        assert (f"Paragraph {p} {want}" if want else f"Paragraph {p}.") in merged.body

    # Untouched lines keep their bytes (comments, quoting, line endings).
    untouched = [k for k in KEYS if k not in o and k not in t]
    base_lines = base.text.splitlines(keepends=True)
    out_lines = result.text.splitlines(keepends=True)
    for line in base_lines:
        key = line.split(":")[0]
        if key in untouched or line.startswith("# "):
            assert line in out_lines, line
    if not o and not ours_paras:
        assert result.text == theirs.text
    if not result.conflicts:
        assert result.marked == result.text
    else:
        assert result.marked is not None and "<<<<<<< ours" in result.marked
