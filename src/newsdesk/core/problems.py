"""Problems found while reading or checking an article.

A `Problem` is plain data: a stable kebab-case ``code``, a human ``message``, and the 1-based
``line``/``column`` in the file where it stands. Load problems and validation diagnostics share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str
    line: int = 1
    column: int = 1
    severity: Severity = "error"
    field: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.line, self.column, self.code, self.message)
