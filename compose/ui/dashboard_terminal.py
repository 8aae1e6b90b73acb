"""The terminal side of the dashboard: keys read without echo in a thread, the terminal restored after."""

from __future__ import annotations

import os
import selectors
import termios
import threading
import tty
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Self

from compose.ui.dashboard_keys import decode

POLL_SECONDS = 0.1


@contextmanager
def cbreak(fd: int) -> Iterator[None]:
    """Keys arrive one at a time and are not echoed (Ctrl-C still interrupts); the old mode comes back."""
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


class KeyReader:
    """Reads ``fd`` in a thread and calls ``on_key`` with each decoded key until stopped or end of input."""

    def __init__(self, fd: int, on_key: Callable[[str], None]) -> None:
        self._fd = fd
        self._on_key = on_key
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dashboard-keys", daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join(POLL_SECONDS * 5)

    def _run(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._fd, selectors.EVENT_READ)
            while not self._stop.is_set():
                if not selector.select(POLL_SECONDS):
                    continue
                data = os.read(self._fd, 64)
                if not data:
                    return
                for key in decode(data):
                    self._on_key(key)
