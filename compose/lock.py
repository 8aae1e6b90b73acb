"""A per-project lock, so two ``up``/``down`` of one project never interleave (and never make duplicates).

The lock is an ``fcntl.flock`` on ``<state dir>/locks/<project>.lock``: the kernel releases it when the
process ends, however it ends. The state dir is ``$XDG_RUNTIME_DIR/pycompose``, else
``~/.cache/pycompose``. Engines are shared by users on other hosts too, so this guards only one machine.
"""

from __future__ import annotations

import fcntl
import os

TYPE_CHECKING = False  # ``typing`` and ``contextlib`` are not imported: a replayed ``up`` takes this lock
if TYPE_CHECKING:
    from collections.abc import Callable
    from io import TextIOWrapper


def lock_dir() -> str:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = os.path.join(runtime, "pycompose") if runtime else os.path.expanduser("~/.cache/pycompose")
    return os.path.join(base, "locks")


def _path(project: str) -> str:
    directory = lock_dir()
    os.makedirs(directory, exist_ok=True)
    return os.path.join(directory, f"{project}.lock")


class _Lock:
    """The project's lock, held while the ``with`` block runs (the block gets whether it is held)."""

    def __init__(self, project: str, on_wait: Callable[[str], None] | None) -> None:
        self._project = project
        self._on_wait = on_wait  # None: do not wait for another process to let go
        self._handle: TextIOWrapper | None = None
        self._held = False

    def __enter__(self) -> bool:
        path = _path(self._project)
        self._handle = handle = open(path, "a+")  # closed by __exit__
        try:
            if not _take(handle):
                if self._on_wait is None:
                    return False
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                self._on_wait(f"waiting for {holder} to finish with project {self._project!r} (lock {path})")
                fcntl.flock(handle, fcntl.LOCK_EX)
            self._held = True
            handle.seek(0)
            handle.truncate()
            handle.write(f"pycompose (pid {os.getpid()})")
            handle.flush()
        except BaseException:
            self.__exit__()
            raise
        return True

    def __exit__(self, *exc: object) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            if self._held:
                self._held = False
                handle.seek(0)
                handle.truncate()
                fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            handle.close()


def _take(handle: TextIOWrapper) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def project_lock(project: str, on_wait: Callable[[str], None]) -> _Lock:
    """Hold the project's lock in a ``with`` block; if another process holds it, call ``on_wait`` with a
    message and wait."""
    return _Lock(project, on_wait)


def lock_if_free(project: str) -> _Lock:
    """Hold the project's lock in a ``with`` block if no other process holds it; the block gets whether
    this one does."""
    return _Lock(project, None)
