"""Which control edits a field: `make_control` picks one of the form's controls for a field and its
value. Apart from `form_fields` (the controls) and `object_list` (the list-of-tables control, built
on them) so that neither imports the other's module back."""

from __future__ import annotations

from typing import Any

from newsdesk.core.rules.fieldtext import fits, kind_of
from newsdesk.core.rules.schema import FieldSpec, Schema
from newsdesk.core.rules.workflow import REVIEW_FIELD
from newsdesk.ui.widgets.form_fields import (
    BoolField,
    EnumField,
    FieldControl,
    InputField,
    ReadOnlyField,
    StringListField,
    TextField,
)
from newsdesk.ui.widgets.object_list import ObjectListField


def make_control(name: str, spec: FieldSpec | None, saved: Any, shown: Any, schema: Schema) -> FieldControl:
    """The control for one field and its value."""
    if spec is None:
        return ReadOnlyField(name, spec, saved, shown, schema=schema, why="not in the schema")
    if name == REVIEW_FIELD:  # the record of verdicts: written by a, x, P, u, never by hand here
        return ReadOnlyField(
            name, spec, saved, shown, schema=schema, why="the review history, written by verdicts"
        )
    if not fits(spec, shown):
        return ReadOnlyField(
            name, spec, saved, shown, schema=schema, why=f"not the shape of a {spec.type} field"
        )
    kind = kind_of(spec)
    if spec.ref and kind in ("input", "strings"):
        from newsdesk.ui.widgets.ref_field import RefField, RefListField, is_reference

        if is_reference(name, schema):  # slugs naming profiles: a picker besides the text
            cls = RefField if kind == "input" else RefListField
            return cls(name, spec, saved, shown, schema=schema)
    if kind in ("input", "date", "integer"):
        return InputField(name, spec, saved, shown, schema=schema)
    if kind == "text":
        return TextField(name, spec, saved, shown, schema=schema)
    if kind == "enum":
        return EnumField(name, spec, saved, shown, schema=schema)
    if kind == "boolean":
        return BoolField(name, spec, saved, shown, schema=schema)
    if kind == "strings":
        return StringListField(name, spec, saved, shown, schema=schema)
    if kind == "objects":
        return ObjectListField(name, spec, saved, shown, schema=schema)
    return ReadOnlyField(name, spec, saved, shown, schema=schema, why="a type the form does not edit")
