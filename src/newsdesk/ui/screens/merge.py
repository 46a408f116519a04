"""Fields changed on both sides: decide each one (the changed-on-disk dialog's "merge").

One block per conflicting field (or body lines): yours and the version on disk side by side.
``m`` / ``←`` keeps yours, ``t`` / ``→`` takes theirs, ``j`` / ``k`` move between fields, ``e``
goes back to the form at that field, ``enter`` (or ``ctrl+s``) saves once every field is decided,
``esc`` keeps editing (nothing is written). The field at the cursor shows all its body lines (the
others their first `BODY_LINES`), ``pagedown`` / ``pageup`` scroll. Values are plain text (`Content`, never markup), with
control characters shown escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from newsdesk.core.model.textsafe import clean_line
from newsdesk.core.rules.editcheck import show_value
from newsdesk.core.write.merge import FieldConflict
from newsdesk.ui.screens.dialogs import key_hints

#: Body lines shown per side at most for a field the cursor is not on (at the cursor: all, so no
#: one takes a side of a change they could not read).
BODY_LINES = 8

Side = Literal["mine", "theirs"]


@dataclass(frozen=True)
class MergeDecision:
    """``take_ours``: the conflicts (indexes) that keep yours; or ``edit``: the field to go back to."""

    take_ours: frozenset[int] = frozenset()
    edit: str | None = None


def _value_lines(conflict: FieldConflict, value: Any, whole: bool = False) -> list[str]:
    if conflict.field != "body":
        return [show_value(value)]
    lines = [clean_line(line, 200) for line in str(value).splitlines()] or ["(no lines)"]
    if len(lines) > BODY_LINES and not whole:
        lines = [*lines[: BODY_LINES - 1], f"… {len(lines) - BODY_LINES + 1} more lines"]
    return lines


def _where(conflict: FieldConflict) -> str:
    if conflict.field == "body" and conflict.lines is not None:
        first, last = conflict.lines
        return f"body, line {first}" + (f"-{last}" if last > first else "")
    return clean_line(conflict.field)


class MergeScreen(ModalScreen[MergeDecision | None]):
    """Decide each field both sides changed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "keep editing", show=False),
        Binding("j,down,tab", "move(1)", show=False),
        Binding("k,up,shift+tab", "move(-1)", show=False),
        Binding("m,left", "choose('mine')", show=False),
        Binding("t,right", "choose('theirs')", show=False),
        Binding("e", "edit", show=False),
        Binding("enter,ctrl+s", "write", show=False, priority=True),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
    ]

    def __init__(self, rel: str, conflicts: list[FieldConflict]) -> None:
        super().__init__(classes="dialog")
        self.rel = rel
        self.conflicts = conflicts
        self.choices: list[Side | None] = [None] * len(conflicts)
        self.cursor = 0

    def compose(self) -> ComposeResult:
        n = len(self.conflicts)
        with Vertical(classes="dialog-box merge-box"):
            yield Static(
                Content.styled(
                    f"Changed on both sides: {n} field{'s' if n != 1 else ''} of {clean_line(self.rel)}",
                    "bold",
                ),
                classes="dialog-title",
            )
            with VerticalScroll(classes="merge-scroll"):
                for i in range(n):
                    with Vertical(classes="merge-conflict", id=f"merge-{i}"):
                        yield Static(classes="merge-field")
                        with Horizontal(classes="merge-sides"):
                            yield Static(classes="merge-side merge-mine")
                            yield Static(classes="merge-side merge-theirs")
            yield Static(id="merge-status")
            yield Static(
                key_hints(
                    [
                        ("m", "yours"),
                        ("t", "theirs"),
                        ("j/k", "field"),
                        ("e", "edit it"),
                        ("enter", "save"),
                        ("esc", "keep editing"),
                    ]
                ),
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        for i in range(len(self.conflicts)):
            self._paint(i)
        self._status()

    def _paint(self, i: int) -> None:
        conflict = self.conflicts[i]
        choice = self.choices[i]
        block = self.query_one(f"#merge-{i}", Vertical)
        block.set_class(i == self.cursor, "-current")
        decided = {"mine": "keep yours", "theirs": "take theirs", None: "not decided"}[choice]
        block.query_one(".merge-field", Static).update(
            Content.assemble(
                ("▶ " if i == self.cursor else "  ", "bold"),
                (_where(conflict), "bold"),
                ("  — ", "$text-muted"),
                (decided, "bold $success" if choice else "$warning"),
            )
        )
        for side, cls, label in (("mine", ".merge-mine", "yours"), ("theirs", ".merge-theirs", "on disk")):
            value = conflict.ours if side == "mine" else conflict.theirs
            lines = _value_lines(conflict, value, whole=i == self.cursor)
            chosen = choice == side
            head = Content.styled(
                ("✓ " if chosen else "  ") + label, "bold reverse" if chosen else "$text-muted"
            )
            body = [Content.styled(line, "bold" if chosen else "") for line in lines]
            block.query_one(cls, Static).update(Content("\n").join([head, *body]))

    def _status(self, text: str = "") -> None:
        left = self.choices.count(None)
        if not text:
            text = f"{left} left to decide" if left else "all decided: enter saves"
        self.query_one("#merge-status", Static).update(Content(clean_line(text)))

    def action_move(self, delta: int) -> None:
        old = self.cursor
        self.cursor = max(0, min(len(self.conflicts) - 1, self.cursor + delta))
        if old != self.cursor:
            self._paint(old)
            self._paint(self.cursor)
            self.query_one(f"#merge-{self.cursor}", Vertical).scroll_visible(animate=False)

    def action_page(self, direction: int) -> None:
        scroll = self.query_one(".merge-scroll", VerticalScroll)
        (scroll.scroll_page_down if direction > 0 else scroll.scroll_page_up)(animate=False)

    def action_choose(self, side: Side) -> None:
        if not self.conflicts:
            return
        self.choices[self.cursor] = side
        self._paint(self.cursor)
        nxt = next((i for i, c in enumerate(self.choices) if c is None), None)
        if nxt is not None and nxt != self.cursor:
            self.action_move(nxt - self.cursor)
        self._status()

    def action_edit(self) -> None:
        field = self.conflicts[self.cursor].field if self.conflicts else None
        self.dismiss(MergeDecision(edit=field))

    def action_write(self) -> None:
        left = self.choices.count(None)
        if left:
            self._status(
                f"not saved: {left} field{'s' if left != 1 else ''} still to decide (m yours, t theirs)"
            )
            return
        self.dismiss(MergeDecision(take_ours=frozenset(i for i, c in enumerate(self.choices) if c == "mine")))

    def action_cancel(self) -> None:
        self.dismiss(None)
