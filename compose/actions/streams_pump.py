"""Copying between local file descriptors and a process's ``Session`` (exec, attach)."""

from __future__ import annotations

import os
import threading

from compose.engine.streams import STDERR, Session

READ_SIZE = 1 << 16


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _feed(session: Session, fd: int) -> None:
    """Local input to the process until its end, then the process's input ends too."""
    try:
        while data := os.read(fd, READ_SIZE):
            session.write(data)
    except OSError:
        pass
    finally:
        session.close_input()


def pump(session: Session, stdin: int | None, stdout: int, stderr: int) -> None:
    """Copy ``stdin`` (when given and the session takes input) to the process, in a thread, and the
    process's output to ``stdout`` and ``stderr`` until it ends."""
    if stdin is not None and session.stdin:
        threading.Thread(target=_feed, args=(session, stdin), name="stdin", daemon=True).start()
    while (chunk := session.read()) is not None:
        stream, data = chunk
        _write_all(stderr if stream == STDERR else stdout, data)
