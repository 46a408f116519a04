"""Work spread over this process and forked children, without a pool: ``newsdesk validate``'s
reading of the files and its people warnings.

`run_chunks` computes ``work(0) ... work(count - 1)``. The chunk numbers are written into a pipe
that every process reads, 4 bytes (one chunk) at a time, so a process slowed by other work on the
machine takes fewer. Each child pickles its results back through a pipe of its own. No pool,
queue, thread or resource tracker is set up (so it also works with the real standard streams
replaced), and this process works too. A child that fails has its chunks computed here.

The children share this process's objects (copy on write) until they write to them: whatever
``work`` needs is simply in memory when the children are forked.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: At most this many chunks: their numbers must all fit in a pipe's buffer at once.
MAX_CHUNKS = 1024


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether `run_chunks` may fork: forking a process that runs threads is unsafe (a lock held
    by another thread stays held in the child)."""
    import threading

    return hasattr(os, "fork") and threading.active_count() == 1


def run_chunks(count: int, work: Callable[[int], T], workers: int) -> list[T]:
    """``[work(0), ..., work(count - 1)]``, by this process and ``workers - 1`` forked children
    (all here when ``workers`` is 1 or forking is not safe). ``count`` <= `MAX_CHUNKS`."""
    if count > MAX_CHUNKS:
        raise ValueError(f"at most {MAX_CHUNKS} chunks, not {count}")
    if workers <= 1 or count <= 1 or not can_fork():
        return [work(n) for n in range(count)]
    import gc
    import pickle
    import signal
    import struct

    tasks_r, tasks_w = os.pipe()
    os.write(tasks_w, struct.pack(f"<{count}I", *range(count)))
    os.close(tasks_w)  # once every chunk is taken, a read finds the end

    def take() -> dict[int, T]:
        done: dict[int, T] = {}
        while len(task := os.read(tasks_r, 4)) == 4:
            n = struct.unpack("<I", task)[0]
            done[n] = work(n)
        return done

    # The collector must not walk (and so copy) every shared object in each child.
    gc.freeze()
    children: list[tuple[int, int]] = []
    try:
        for _ in range(min(workers, count) - 1):
            read_fd, write_fd = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child (coverage does not follow it)
                code = 1
                try:
                    os.close(read_fd)
                    data = pickle.dumps(take(), protocol=pickle.HIGHEST_PROTOCOL)
                    with os.fdopen(write_fd, "wb") as out_pipe:
                        out_pipe.write(data)
                    code = 0
                finally:
                    os._exit(code)
            os.close(write_fd)
            children.append((pid, read_fd))
        results = take()
        while children:
            pid, read_fd = children[0]
            with os.fdopen(read_fd, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            children.pop(0)
            try:
                results.update(pickle.loads(data) if status == 0 else {})
            except Exception:  # a child killed half-way: its chunks are computed below
                pass
        for n in range(count):
            if n not in results:
                results[n] = work(n)
    finally:
        os.close(tasks_r)
        for pid, read_fd in children:  # interrupted (ctrl+c): stop the children too
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except OSError:
                pass
            os.close(read_fd)
        gc.unfreeze()
    return [results[n] for n in range(count)]
