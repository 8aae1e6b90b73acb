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
from pathlib import Path


def lock_dir() -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) / "pycompose" if runtime else Path.home() / ".cache" / "pycompose"
    return base / "locks"


@contextmanager
def project_lock(project: str, on_wait: Callable[[str], None]) -> Iterator[None]:
    """Hold the project's lock; if another process holds it, call ``on_wait`` with a message and wait."""
    directory = lock_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{project}.lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            on_wait(f"waiting for {holder} to finish with project {project!r} (lock {path})")
            fcntl.flock(handle, fcntl.LOCK_EX)
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
