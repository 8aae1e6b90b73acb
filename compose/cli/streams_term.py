"""The local end of ``exec`` and ``attach``: the terminal in raw mode (restored on exit), its size sent
to the engine as it changes, and signals passed on to the container."""

from __future__ import annotations

import os
import signal
import sys
import termios
import tty
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from compose.actions.streams_exec import Connect, Resize
from compose.actions.streams_pump import pump
from compose.engine.streams import Session
from compose.errors import EngineError

PROXIED_SIGNALS = (
    signal.SIGINT,
    signal.SIGTERM,
    signal.SIGHUP,
    signal.SIGQUIT,
    signal.SIGUSR1,
    signal.SIGUSR2,
)


@contextmanager
def raw_terminal(fd: int) -> Iterator[None]:
    saved = termios.tcgetattr(fd)
    tty.setraw(fd)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@contextmanager
def _handling(
    signals: tuple[signal.Signals, ...], handler: Callable[[int, FrameType | None], None]
) -> Iterator[None]:
    saved = {s: signal.signal(s, handler) for s in signals}
    try:
        yield
    finally:
        for s, previous in saved.items():
            signal.signal(s, previous)


@contextmanager
def following_size(fd: int, resize: Resize) -> Iterator[None]:
    """Send the terminal's size now and whenever it changes (SIGWINCH)."""

    def send(*_: object) -> None:
        try:
            size = os.get_terminal_size(fd)
            resize(size.lines, size.columns)
        except (OSError, EngineError):
            pass  # the process may just have ended

    send()
    with _handling((signal.SIGWINCH,), send):
        yield


def local_connector(*, stdin: bool, forward: Callable[[str], None] | None = None) -> Connect:
    """Wire the session to this process's standard streams: a raw terminal when both ends are terminals,
    plain pipes otherwise. ``forward`` (when given and not a terminal) receives the signals this process
    gets, by name, instead of them ending it."""

    def connect(session: Session, resize: Resize) -> None:
        sys.stdout.flush()
        in_fd, out_fd, err_fd = sys.stdin.fileno(), sys.stdout.fileno(), sys.stderr.fileno()
        source = in_fd if stdin else None
        if session.tty and os.isatty(in_fd) and os.isatty(out_fd):
            raw = raw_terminal(in_fd) if session.stdin else _nothing()
            with raw, following_size(out_fd, resize):
                pump(session, source, out_fd, err_fd)
        elif forward is not None:
            with _handling(PROXIED_SIGNALS, lambda number, _: forward(signal.Signals(number).name)):
                pump(session, source, out_fd, err_fd)
        else:
            pump(session, source, out_fd, err_fd)

    return connect


@contextmanager
def _nothing() -> Iterator[None]:
    yield
