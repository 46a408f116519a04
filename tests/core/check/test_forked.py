"""`newsdesk.core.check.forked.run_chunks`: work spread over forked children comes back whole and in order."""

from __future__ import annotations

import os

import pytest

from newsdesk.core.check.forked import MAX_CHUNKS, can_fork, run_chunks


def test_results_in_order_as_computed_here() -> None:
    def work(n: int) -> list[int]:
        return [n * n, n]

    assert run_chunks(40, work, 2) == [work(n) for n in range(40)]
    assert run_chunks(40, work, 1) == [work(n) for n in range(40)]


def test_a_failing_child_has_its_chunks_computed_here() -> None:
    assert can_fork()  # else nothing here would run in a child
    parent = os.getpid()
    ran_here: list[int] = []

    def work(n: int) -> int:
        if os.getpid() != parent:
            os._exit(3)  # a child dies on its first chunk, sending nothing
        ran_here.append(n)
        return n + 1

    assert run_chunks(30, work, 3) == list(range(1, 31))
    assert sorted(ran_here) == list(range(30))  # every chunk, including those the children took


def test_too_many_chunks_is_refused() -> None:
    with pytest.raises(ValueError, match="at most"):
        run_chunks(MAX_CHUNKS + 1, lambda n: n, 2)
