"""Lists of objects (attendees, speakers, related links) edited as rows.

Each item is a row with one input per sub-field of the schema (name, group, role...). Keys inside a
row: ctrl+n adds an item after it, ctrl+r removes it, alt+↑ / alt+↓ (or ctrl+↑ / ctrl+↓) move it.
Sub-fields the schema does not know, and items that are not mappings, are shown and kept as they
are. Problems of an item (``speakers[1].name``, ``speakers[1]``) are shown on its row, at the input.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Static

from newsdesk.core.model.problems import Problem
from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.rules.editcheck import show_value
from newsdesk.core.rules.fieldtext import display, parse
from newsdesk.core.rules.schema import FieldSpec
from newsdesk.core.write.splice import UNSET
from newsdesk.ui.widgets.field_input import FieldInput
from newsdesk.ui.widgets.form_fields import FieldControl, FormChanged, show_problems


def _editable(value: Any) -> bool:
    return value is None or (isinstance(value, (str, int, float)) and "\n" not in display(value))


class ItemRow(Widget, can_focus=True):
    """One item of a list of objects: a summary line; enter opens its inputs."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "expand", "Edit item", show=False),
        Binding("ctrl+n", "add", "Add item"),
        Binding("ctrl+r", "remove", "Remove item"),
        Binding("alt+up,ctrl+up", "move(-1)", "Move up"),
        Binding("alt+down,ctrl+down", "move(1)", "Move down"),
        Binding("down", "step(1)", "Next item", show=False),
        Binding("up", "step(-1)", "Previous item", show=False),
    ]

    def __init__(self, spec: FieldSpec, item: Any, *, expanded: bool = False) -> None:
        super().__init__(classes="item")
        self.spec = spec
        self.item = item
        self.inputs: dict[str, FieldInput] = {}
        self.shown_texts: dict[str, str] = {}
        self.opened = False
        self._expand_on_mount = expanded

    @property
    def owner(self) -> ObjectListField:
        node = self.parent
        while node is not None and not isinstance(node, ObjectListField):
            node = node.parent
        assert node is not None
        return node

    def compose(self) -> ComposeResult:
        # Closed, the row is one widget drawing its own summary line (`render`): a long article has
        # dozens of people, and every widget costs time when the form opens.
        yield from ()

    def render(self) -> Content:
        return Content("") if self.opened else self._header

    _header = Content("")

    def on_focus(self) -> None:
        self.owner.last_row = self
        self.refresh_header(focused=True)

    def action_step(self, delta: int) -> None:
        """↓ / ↑: the next / previous item of the list (Tab leaves the list)."""
        self.owner.step(self, delta)

    def on_blur(self) -> None:
        self.refresh_header(focused=False)

    def on_mount(self) -> None:
        self.refresh_header()
        if self._expand_on_mount:
            self.open_item()

    def open_item(self) -> None:
        """Show one input per sub-field (done once, when the item is first edited)."""
        if self.opened:
            return
        self.opened = True
        self.add_class("-open")
        self.can_focus = not isinstance(self.item, dict)
        self.mount_all([Static("", classes="item-header"), *self._compose_inputs()])
        self.refresh_header()

    def _compose_inputs(self) -> Iterator[Widget]:
        item = self.item
        if not isinstance(item, dict):
            yield Static(
                Content.assemble(
                    (show_value(item, 300), ""),
                    ("  (not a mapping: kept as is; ctrl+o edits the file)", "$text-muted"),
                ),
                classes="item-readonly",
            )
            return
        for name in self.spec.fields:
            value = item.get(name, UNSET)
            if value is not UNSET and not _editable(value):
                continue  # shown below, kept
            text = display(value)
            self.shown_texts[name] = text
            box = FieldInput(text, placeholder=_hint(self.spec, name))
            self.inputs[name] = box
            yield Static(clean_line(name), classes="item-label")
            yield box
        kept = {k: v for k, v in item.items() if k not in self.inputs}
        if kept:
            shown = ", ".join(f"{clean_line(k)}: {show_value(v, 80)}" for k, v in kept.items())
            yield Static(
                Content.assemble((shown, ""), ("  (kept as is)", "$text-muted")), classes="item-readonly"
            )

    def refresh_header(self, focused: bool | None = None) -> None:
        rows = self.owner.rows
        index = rows.index(self) if self in rows else 0
        if focused is None:
            focused = self.has_focus
        # A marker, not only a colour: the focused row must show on a mono terminal too.
        parts: list[str | tuple[str, str] | Content] = [
            ("▶" if focused else " ", "bold"),
            (f"{index + 1:>2} ", "bold"),
        ]
        if self.opened:
            parts.append((self.owner.item_word, "$text-muted"))
        else:
            parts.append(summary(self.value(), self.owner.person_keys))
            if focused:
                parts.append(("  (enter edits)", "$text-muted"))
        header = Content.assemble(*parts)
        if self.opened:
            for line in self.query_children(".item-header"):
                if isinstance(line, Static):
                    line.update(header)
                    return
        self._header = header
        self.refresh()

    def value(self) -> Any:
        item = self.item
        if not isinstance(item, dict) or not self.inputs:
            return item
        out = dict(item)
        for name, box in self.inputs.items():
            text = box.value
            if text == self.shown_texts[name]:
                continue
            new = parse(self.spec.fields.get(name), text)
            if new is UNSET:
                out.pop(name, None)
            else:
                out[name] = new
        return out

    def rebase(self) -> None:
        self.item = self.value()
        for name, box in self.inputs.items():
            self.shown_texts[name] = box.value

    def set_problems(self, problems: list[Problem], prefix: str) -> None:
        if problems and not self.opened:
            self.open_item()
        show_problems(self, problems)
        self.set_class(any(p.is_error for p in problems), "-invalid")
        bad = {(p.field or "")[len(prefix) + 1 :] for p in problems if p.is_error}
        if any(p.code == "required-one-of" for p in problems if p.is_error):
            bad.update(k for group in self.spec.required_one_of for k in group)  # "needs name or group"
        for name, box in self.inputs.items():
            box.set_class(name in bad, "-invalid")

    def focus_target(self, sub: str | None) -> Widget | None:
        if sub and sub in self.inputs:
            return self.inputs[sub]
        group_keys = [k for group in self.spec.required_one_of for k in group if k in self.inputs]
        for key in group_keys:  # the one this item uses (a group's "group", a person's "name")
            if self.inputs[key].value:
                return self.inputs[key]
        if group_keys:
            return self.inputs[group_keys[0]]
        if self.inputs:
            return next(iter(self.inputs.values()))
        return self

    # -- actions -----------------------------------------------------------------------------

    def action_expand(self) -> None:
        self.open_item()
        target = self.focus_target(None)
        if target is not None and target is not self:
            self.call_after_refresh(target.focus)

    async def action_add(self) -> None:
        await self.owner.add_item(after=self)

    async def action_remove(self) -> None:
        await self.owner.remove_item(self)

    def action_move(self, delta: int) -> None:
        self.owner.move_item(self, delta)


def summary(value: Any, person: Mapping[str, str] | None = None) -> Content:
    """An item on one line: name (or group) — role, organization · topic. ``person``: the site's
    keys for these in attendee and speaker items (``[articles.roles.person]``)."""
    if not isinstance(value, dict):
        return Content.styled(show_value(value, 120) + "  (not a mapping)", "$warning")
    if person is not None and any(person.get(k, k) != k for k in person):
        keys = ("name", "group", "role", "organization", "topic")
        value = {**value, **{k: value.get(person.get(k, k)) for k in keys}}
    name = value.get("name")
    group = value.get("group")
    parts: list[str | tuple[str, str]] = []
    if name not in (None, ""):
        parts.append((clean_line(display(name)), "bold"))
    elif group not in (None, ""):
        parts.append(("group: ", "$text-muted"))
        parts.append((clean_line(display(group)), "bold"))
    elif value.get("title") or value.get("url"):
        parts.append((clean_line(display(value.get("title") or value.get("url"))), "bold"))
    else:
        parts.append(("(empty)", "$text-muted"))
    rest = [
        clean_line(display(value[k]))
        for k in ("role", "organization", "topic", "url")
        if k in value and value[k] not in (None, "") and not (k == "url" and not value.get("title"))
    ]
    if rest:
        parts.append((" — " + ", ".join(rest), "$text-muted"))
    return Content.assemble(*parts)


def _hint(spec: FieldSpec, name: str) -> str:
    """A placeholder that cannot be mistaken for a value, even without colours."""
    for group in spec.required_one_of:
        if name in group:
            others = [k for k in group if k != name]
            return f"(or {' or '.join(others)})" if others else "(required)"
    return ""


class AddButton(Button):
    """``+ add speaker``: enter adds an item at the end; ↑ goes back to the items."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "step(-1)", "Previous item", show=False),
    ]

    def action_step(self, delta: int) -> None:
        owner = self.parent
        if isinstance(owner, ObjectListField):
            owner.step(self, delta)


class ObjectListField(FieldControl):
    """A list of objects: rows, with add / remove / move; ctrl+z puts back the item removed last."""

    INLINE = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z", "restore", "Put back", show=False),
    ]

    #: The item removed last (its index and value), for ctrl+z.
    removed: tuple[int, Any] | None = None
    #: The item focused last: Tab comes back to it.
    last_row: ItemRow | None = None

    def stops(self) -> list[Widget]:
        """What ↓ / ↑ go through: the items (their row, or the first input of an open one), then
        the add button."""
        out: list[Widget] = []
        for row in self.rows:
            target = row if row.focusable else row.focus_target(None)
            if target is not None:
                out.append(target)
        out.extend(self.query(AddButton))
        return out

    def entry(self) -> Widget | None:
        """Where Tab enters the list: the item focused last, else the first one (or the button)."""
        row = self.last_row
        if row is not None and row.is_attached and row in self.rows:
            return row if row.focusable else row.focus_target(None)
        stops = self.stops()
        return stops[0] if stops else None

    def step(self, widget: Widget, delta: int) -> None:
        stops = self.stops()
        here = next((i for i, w in enumerate(stops) if w is widget), None)
        if here is None:
            return
        there = here + delta
        if 0 <= there < len(stops):
            stops[there].focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.removed is not None if action == "restore" else True

    def label_note(self) -> str:
        return "in an item: ctrl+n add · ctrl+r remove · alt+↑/↓ move"

    @property
    def person_keys(self) -> Mapping[str, str] | None:
        """The site's person keys when this is the attendees or speakers role's list."""
        if self.schema is None:
            return None
        roles = self.schema.roles
        return roles.person if self.field_name in roles.people_fields else None

    @property
    def item_word(self) -> str:
        name = self.field_name
        return (name[:-1] if name.endswith("s") else name).capitalize()

    def compose_control(self) -> ComposeResult:
        items = self.shown if isinstance(self.shown, list) else []
        with Vertical(classes="items"):
            for item in items:
                yield ItemRow(self._item_spec, item)
        yield AddButton(f"+ add {self.item_word.lower()}", compact=True, classes="add-item")

    @property
    def _item_spec(self) -> FieldSpec:
        assert self.spec is not None
        return self.spec

    @property
    def items_box(self) -> Vertical:
        return self.query_one(".items", Vertical)

    @property
    def rows(self) -> list[ItemRow]:
        return list(self.items_box.query_children(ItemRow))

    def current_value(self) -> Any:
        rows = self.rows
        values = [row.value() for row in rows]
        if isinstance(self.shown, list) and len(values) == len(self.shown):
            from newsdesk.core.write.splice import same

            if same(values, self.shown):
                return self.shown
        if not values and (self.shown is UNSET or self.shown is None):
            return self.shown
        if not values:
            return UNSET
        return values

    def rebase(self) -> None:
        for row in self.rows:
            row.rebase()
        super().rebase()

    def set_problems(self, problems: list[Problem]) -> None:
        own: list[Problem] = []
        per_row: dict[int, list[Problem]] = {}
        name = self.field_name
        for p in problems:
            path = p.field or ""
            if path.startswith(f"{name}[") and "]" in path:
                index = int(path[len(name) + 1 : path.index("]")])
                per_row.setdefault(index, []).append(p)
            else:
                own.append(p)
        for i, row in enumerate(self.rows):
            if per_row.get(i) or row.opened:
                row.set_problems(per_row.get(i, []), f"{name}[{i}]")
        super().set_problems(own)
        self.set_class(any(p.is_error for p in problems), "-invalid")

    def focus_target(self, path: str | None = None) -> Widget | None:
        name = self.field_name
        rows = self.rows
        if path and path.startswith(f"{name}[") and "]" in path:
            index = int(path[len(name) + 1 : path.index("]")])
            rest = path[path.index("]") + 1 :].lstrip(".")
            if 0 <= index < len(rows):
                rows[index].open_item()
                return rows[index].focus_target(rest or None) or rows[index]
        if rows:
            return rows[0]
        return self.query_one(AddButton)

    # -- editing -----------------------------------------------------------------------------

    async def add_item(self, after: ItemRow | None = None) -> None:
        row = ItemRow(self._item_spec, {}, expanded=True)
        if after is None:
            await self.items_box.mount(row)
        else:
            await self.items_box.mount(row, after=after)
        self._renumber()
        target = row.focus_target(None)
        if target is not None:
            self.call_after_refresh(target.focus)
        self.post_message(FormChanged())

    async def remove_item(self, row: ItemRow) -> None:
        rows = self.rows
        index = rows.index(row)
        value = row.value()
        self.removed = (index, value)
        await row.remove()
        self._renumber()
        rows = self.rows
        target = rows[min(index, len(rows) - 1)].focus_target(None) if rows else self.query_one(AddButton)
        if target is not None:
            target.focus()
        self.post_message(FormChanged())
        who = summary(value, self.person_keys).plain
        self.notify(
            f"removed {self.item_word.lower()} {index + 1} ({who}): ctrl+z puts it back",
            markup=False,
            timeout=6,
        )

    async def action_restore(self) -> None:
        """ctrl+z: the item removed last, back in its place."""
        if self.removed is None:
            return
        index, value = self.removed
        self.removed = None
        rows = self.rows
        row = ItemRow(self._item_spec, value)
        if index < len(rows):
            await self.items_box.mount(row, before=rows[index])
        else:
            await self.items_box.mount(row)
        self._renumber()
        self.call_after_refresh(row.focus)
        self.post_message(FormChanged())

    def move_item(self, row: ItemRow, delta: int) -> None:
        rows = self.rows
        index = rows.index(row)
        new = index + delta
        if not 0 <= new < len(rows):
            return
        focused = self.screen.focused
        if delta < 0:
            self.items_box.move_child(row, before=rows[new])
        else:
            self.items_box.move_child(row, after=rows[new])
        self._renumber()
        if focused is not None:
            self.call_after_refresh(focused.scroll_visible)
        self.post_message(FormChanged())

    def _renumber(self) -> None:
        for row in self.rows:
            row.refresh_header()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if isinstance(event.button, AddButton):
            event.stop()
            await self.add_item()
