"""A per-project lock, so two ``up``/``down`` of one project never interleave (and never make duplicates).

The lock is an ``fcntl.flock`` on ``<state dir>/locks/<project>.lock``: the kernel releases it when the
process ends, however it ends. The state dir is ``$XDG_RUNTIME_DIR/pycompose``, else
``~/.cache/pycompose``. Engines are shared by users on other hosts too, so this guards only one machine.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import TextIOWrapper


def lock_dir() -> str:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = os.path.join(runtime, "pycompose") if runtime else os.path.expanduser("~/.cache/pycompose")
    return os.path.join(base, "locks")


def _path(project: str) -> str:
    directory = lock_dir()
    os.makedirs(directory, exist_ok=True)
    return os.path.join(directory, f"{project}.lock")


def _take(handle: TextIOWrapper) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def _holding(handle: TextIOWrapper) -> Iterator[None]:
    handle.seek(0)
    handle.truncate()
    handle.write(f"pycompose (pid {os.getpid()})")
    handle.flush()
    try:
        yield
    finally:
        handle.seek(0)
        handle.truncate()
        fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def project_lock(project: str, on_wait: Callable[[str], None]) -> Iterator[None]:
    """Hold the project's lock; if another process holds it, call ``on_wait`` with a message and wait."""
    path = _path(project)
    with open(path, "a+") as handle:
        if not _take(handle):
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            on_wait(f"waiting for {holder} to finish with project {project!r} (lock {path})")
            fcntl.flock(handle, fcntl.LOCK_EX)
        with _holding(handle):
            yield


@contextmanager
def lock_if_free(project: str) -> Iterator[bool]:
    """Hold the project's lock if no other process holds it; yields whether this one does."""
    with open(_path(project), "a+") as handle:
        if not _take(handle):
            yield False
            return
        with _holding(handle):
            yield True
