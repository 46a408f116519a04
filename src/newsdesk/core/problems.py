"""Problems found while reading or checking an article.

A `Problem` is plain data: a stable kebab-case ``code``, a human ``message``, and the 1-based
``line``/``column`` in the file where it stands. Load problems and validation diagnostics share it.
A message is at most `MAX_MESSAGE` characters: whatever it quotes (a value, a list of allowed
values), one diagnostic stays one readable line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
#: The longest message a `Problem` carries; longer ones are cut with an ellipsis.
MAX_MESSAGE = 500


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str
    line: int = 1
    column: int = 1
    severity: Severity = "error"
    field: str | None = None

    def __post_init__(self) -> None:
        if len(self.message) > MAX_MESSAGE:
            object.__setattr__(self, "message", self.message[: MAX_MESSAGE - 1] + "…")

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.line, self.column, self.code, self.message)
