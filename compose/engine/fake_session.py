"""A scripted process behind a ``Session``, for the in-memory engine."""

from __future__ import annotations

import threading
from collections import deque

from compose.engine.streams import STDERR, STDOUT
from compose.record import record


@record(kw_only=False)
class FakeReply:
    """What a fake process writes, and how it ends; ``echo`` copies its input to its output (like ``cat``)."""

    stdout: bytes = b""
    stderr: bytes = b""
    exit_code: int = 0
    echo: bool = False


class FakeSession:
    """Gives the scripted output, then (with ``echo``) the input once it is closed, then ends."""

    def __init__(self, reply: FakeReply, *, tty: bool, stdin: bool) -> None:
        self.tty = tty
        self.stdin = stdin
        self.received = b""
        self.ended = False
        self._echo = reply.echo
        self._input_closed = threading.Event()
        self._closed = False
        self._output: deque[tuple[int, bytes]] = deque(
            (stream, data) for stream, data in ((STDOUT, reply.stdout), (STDERR, reply.stderr)) if data
        )

    def read(self) -> tuple[int, bytes] | None:
        if self._output and not self._closed:
            stream, data = self._output.popleft()
            return (STDOUT, data) if self.tty else (stream, data)
        if self._echo and self.stdin and not self._closed:
            self._echo = False
            self._input_closed.wait()
            if self.received:
                return STDOUT, self.received
        self.ended = True
        return None

    def write(self, data: bytes) -> None:
        if self.stdin:
            self.received += data

    def close_input(self) -> None:
        self._input_closed.set()

    def close(self) -> None:
        self._closed = True
        self._input_closed.set()
