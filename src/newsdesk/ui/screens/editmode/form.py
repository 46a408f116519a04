"""The form of edit mode: controls made from the schema, the metadata they stand for, problems
placed on them, and the header line. Pure functions: the screen mounts and shows what they give."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from newsdesk.core.model.problems import Problem
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.rules.editcheck import top_field
from newsdesk.core.rules.schema import Schema
from newsdesk.core.rules.workflow import REVIEW_FIELD
from newsdesk.core.write.splice import UNSET
from newsdesk.ui.widgets.body_editor import HIGHLIGHT_MAX_LINES, BodyEditor
from newsdesk.ui.widgets.form_factory import make_control
from newsdesk.ui.widgets.form_fields import FieldControl


def make_controls(
    schema: Schema, saved: dict[str, Any], shown: dict[str, Any], *, disabled: bool
) -> dict[str, FieldControl]:
    """One control per field (the schema's, then the file's own), in the order they are shown."""
    controls: dict[str, FieldControl] = {}
    for name, spec in schema.fields.items():
        if name == REVIEW_FIELD and name not in saved and name not in shown:
            continue  # no review history yet: verdicts write it, the form has nothing to show
        controls[name] = make_control(name, spec, saved.get(name, UNSET), shown.get(name, UNSET), schema)
    for name in [*saved, *shown]:
        if name not in controls:
            controls[name] = make_control(name, None, saved.get(name, UNSET), shown.get(name, UNSET), schema)
    # On screen: the roles' fields first, then the rest in file order (then the schema's).
    r = schema.roles
    first = [r.title, r.date, r.byline, r.summary, r.status, r.attendees, r.speakers]
    order = {name: i for i, name in enumerate(dict.fromkeys([*first, *saved, *shown, *controls]))}
    controls = dict(sorted(controls.items(), key=lambda item: order[item[0]]))
    if disabled:
        for control in controls.values():
            control.disabled = True
    return controls


def form_values(
    controls: dict[str, FieldControl], schema: Schema, saved: dict[str, Any], *, new: bool
) -> dict[str, Any]:
    """The metadata the form stands for: saved keys in their order, then new ones (schema order)."""
    out: dict[str, Any] = {}
    # Keys the file does not have are written in schema order (the form shows roles first).
    new_keys = [n for n in dict.fromkeys([*schema.fields, *controls]) if n in controls]
    if new:  # nothing on disk yet: schema order
        for name in new_keys:
            value = controls[name].value()
            if value is not UNSET:
                out[name] = value
        return out
    for key in saved:
        control = controls.get(key)
        value = control.value() if control is not None else saved[key]
        if value is not UNSET:
            out[key] = value
    for name in new_keys:
        if name not in saved:
            value = controls[name].value()
            if value is not UNSET:
                out[name] = value
    return out


def problems_by_field(
    problems: tuple[Problem, ...], controls: dict[str, FieldControl]
) -> dict[str, list[Problem]]:
    """``problems`` by the control they belong to (the ones of no control are left out)."""
    grouped: dict[str, list[Problem]] = {}
    for p in problems:
        name = top_field(p.field)
        if name is not None and name in controls:
            grouped.setdefault(name, []).append(p)
    return grouped


def in_form_order(errors: list[Problem], controls: dict[str, FieldControl]) -> None:
    """Sort ``errors`` (in place) as the form shows their fields, then by line and column."""
    order = {name: i for i, name in enumerate(controls)}

    def rank(p: Problem) -> tuple[int, int, int]:
        name = top_field(p.field)
        return (order.get(name or "", len(order)), p.line, p.column)

    errors.sort(key=rank)


def summary(problems: list[Problem], word: str) -> str:
    """``3 errors (title, date, byline)``: at most four names."""
    names = [p.field or p.code for p in problems]
    shown = ", ".join(clean_line(n) for n in names[:4]) + (" …" if len(names) > 4 else "")
    return f"{len(problems)} {word}{'s' if len(problems) != 1 else ''} ({shown})"


def raw_problem(p: Problem | None) -> Content:
    """The line above the raw text: why the front matter does not parse."""
    if p is None:
        return Content("")
    return Content.assemble(
        ("✗ ", "bold $error"),
        (f"line {p.line}, column {p.column}: {clean_line(p.message)}", "bold $error"),
        ("  — the front matter does not parse; fix it here (ctrl+s saves)", "$text-muted"),
    )


def body_label(body: BodyEditor) -> Content:
    """The label above the body editor (says when highlighting is off, and why)."""
    lines = body.document.line_count
    label = (
        "Body — Markdown"
        if body.highlighting
        else f"Body — plain text (highlighting is off above {HIGHLIGHT_MAX_LINES:,} lines: {lines:,})"
        if lines >= HIGHLIGHT_MAX_LINES
        else "Body"
    )
    return Content.styled(label, "bold")


def header(
    *,
    dirty: bool,
    disk_changed: bool,
    read_only: str | None,
    raw: bool,
    new: bool,
    rel: str,
    status: str | None,
) -> Content:
    """The header line: state first (modified, changed on disk, read-only), so a long path never
    hides it at 80 columns; words, not only colours, for mono terminals."""
    parts: list[str | tuple[str, str]] = [(" EDIT ", "bold reverse"), " "]
    if dirty:
        parts.append(("● modified", "bold $warning"))
        parts.append(("  ", ""))
    if disk_changed:
        parts.append(("changed on disk", "bold $error"))
        parts.append(("  ", ""))
    if read_only is not None:
        link = " (a link outside the folder)" if " is a link to " in read_only else ""
        parts.append(("read-only" + link, "bold $error"))
        parts.append(("  ", ""))
    if raw:
        parts.append(("raw text", "bold $warning"))
        parts.append(("  ", ""))
    if new:
        parts.append(("new article (named when first saved)", "bold"))
    else:
        parts.append((clean_line(rel), "bold"))
    if status:
        parts.append(("  ·  ", "$text-muted"))
        parts.append(clean_line(status))
    return Content.assemble(*parts)
