"""Moving between the fields of edit mode: a list of people (its rows and add button) is one Tab
stop, and the field a widget belongs to. Pure functions over the widget tree."""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

from newsdesk.core.rules.editcheck import top_field
from newsdesk.ui.widgets.form_fields import FieldControl
from newsdesk.ui.widgets.object_list import AddButton, ItemRow, ObjectListField


def stop_of(widget: Widget) -> Widget:
    """What one Tab passes: a list of people (its rows and add button) is one stop."""
    if isinstance(widget, (ItemRow, AddButton)):
        node = widget.parent
        while node is not None and not isinstance(node, ObjectListField):
            node = node.parent
        if node is not None:
            return node
    return widget


def next_stop(chain: list[Widget], focused: Widget, delta: int) -> tuple[Widget, Widget | None] | None:
    """The widget one Tab stop from ``focused`` (in ``chain``) that takes the focus, with its list
    when the stop is a list of items (Tab comes back to the item focused last); None: nowhere."""
    here = chain.index(focused)
    unit = stop_of(focused)
    for step in range(1, len(chain) + 1):
        widget = chain[(here + delta * step) % len(chain)]
        stop = stop_of(widget)
        if stop is unit:
            continue
        if isinstance(stop, ObjectListField):
            target = stop.entry()
            return None if target is None else (target, stop)
        return widget, None
    return None


def control_of(widget: Widget | None, root: object) -> FieldControl | None:
    """The field control ``widget`` is part of (looking no higher than ``root``)."""
    node: Any = widget
    while node is not None and node is not root:
        if isinstance(node, FieldControl):
            return node
        node = node.parent
    return None


def field_target(controls: dict[str, FieldControl], name: str | None) -> Widget | None:
    """The widget to focus for a field (``name`` may be a path into it: ``speakers[1].name``);
    None: the form has no such field."""
    control = controls.get(top_field(name) or "")
    return control.focus_target(name) if control is not None else None


def people_lists(controls: dict[str, FieldControl], people_fields: Any) -> list[ObjectListField]:
    """The lists of people on the form (attendees, speakers, ...), in form order."""
    return [
        c
        for name, c in controls.items()
        if isinstance(c, ObjectListField) and name in people_fields and c.is_attached
    ]
