"""One HTTP/1.1 request over a connected socket: the status and the whole answer, or (``streamed``) the
answer piece by piece as it comes.

What the engine's requests need and no more, attached streams and uploads aside: reads and events; the
bodiless ``POST`` and ``DELETE`` of start, stop and removal; the creation of a container, network or
volume, with a JSON body. The answer is sized by ``Content-Length``, sent in chunks, or read to the end of
the connection (the request asks the engine to close it). ``http.client`` would do the same, but importing
it (with ``ssl`` and ``email``) costs more than a no-op ``up`` spends on its requests. Nor is ``socket``
imported: the answer is read through ``io`` from any connected socket (see ``Connection``).
"""

from __future__ import annotations

import io

TYPE_CHECKING = False  # ``typing`` is not imported: a replayed no-op ``up`` starts without it
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import BinaryIO, Protocol

    class Connection(Protocol):
        """What is used of a connected socket (``socket.socket`` or the bare ``_socket.socket``)."""

        def sendall(self, data: bytes, /) -> None: ...

        def recv_into(self, buffer: memoryview, /) -> int: ...


LINE_LIMIT = 65536
NO_BODY = (204, 304)  # answers that never carry a body


class HttpError(Exception):
    """The answer is not HTTP, or it ended early."""


def _line(reader: BinaryIO) -> bytes:
    line = reader.readline(LINE_LIMIT + 1)
    if len(line) > LINE_LIMIT:
        raise HttpError("a header line is too long")
    return line


def _exactly(reader: BinaryIO, size: int) -> bytes:
    data = reader.read(size)
    if len(data) != size:
        raise HttpError(f"the answer ended after {len(data)} of {size} bytes")
    return data


def _chunk_size(reader: BinaryIO) -> int:
    """The size of the next chunk; at the last (0), its trailers are read up to the blank line."""
    size_field = _line(reader).split(b";", 1)[0].strip()
    try:
        size = int(size_field, 16)
    except ValueError:
        raise HttpError(f"a bad chunk size {size_field[:20]!r}") from None
    if size == 0:
        while _line(reader).strip():
            pass
    return size


def _chunks(reader: BinaryIO) -> Iterator[bytes]:
    """Each chunk of a chunked body, as it comes, up to the last."""
    while size := _chunk_size(reader):
        yield _exactly(reader, size)
        _line(reader)  # the CRLF after the chunk


def _headers(reader: BinaryIO) -> dict[bytes, bytes]:
    headers: dict[bytes, bytes] = {}
    while line := _line(reader).strip():
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    return headers


class _Received(io.RawIOBase):
    """The bytes a socket receives, as a raw stream to buffer: ``socket.makefile("rb")`` without the
    ``socket`` module, whose import (its enumerations) is a good part of a replayed ``up``'s start-up."""

    def __init__(self, sock: Connection) -> None:
        super().__init__()
        self._sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        return self._sock.recv_into(buffer)


def _reader(sock: Connection) -> io.BufferedReader:
    return io.BufferedReader(_Received(sock))


def _send(sock: Connection, host: str, target: str, method: str, body: bytes | None) -> None:
    if body is not None:
        size = f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    else:
        size = "" if method == "GET" else "Content-Length: 0\r\n"
    request = (
        f"{method} {target} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n{size}"
        "Connection: close\r\n\r\n"
    )
    sock.sendall(request.encode("ascii") + (body or b""))


def _status(reader: BinaryIO) -> tuple[int, dict[bytes, bytes]]:
    version, _, rest = _line(reader).partition(b" ")
    if not version.startswith(b"HTTP/") or not rest[:3].isdigit():
        raise HttpError("the answer is not HTTP")
    return int(rest[:3]), _headers(reader)


def streamed(sock: Connection, host: str, target: str) -> tuple[int, Iterator[bytes]]:
    """Send ``GET target`` on ``sock``: the answer's status, and its body piece by piece as the engine
    sends it (a stream of events). The pieces end with the answer; the caller closes ``sock``."""
    _send(sock, host, target, "GET", None)
    reader = _reader(sock)
    status, headers = _status(reader)

    def pieces() -> Iterator[bytes]:
        with reader:
            if status in NO_BODY:
                return
            if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
                yield from _chunks(reader)
                return
            while piece := reader.read1(65536):
                yield piece

    return status, pieces()


def fetch(
    sock: Connection, host: str, target: str, method: str = "GET", body: bytes | None = None
) -> tuple[int, bytes]:
    """Send ``METHOD target`` on ``sock``, with ``body`` (JSON) if given, and read the answer:
    ``(status, body)``."""
    _send(sock, host, target, method, body)
    with _reader(sock) as reader:
        status, headers = _status(reader)
        if status in NO_BODY:
            return status, b""
        if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
            return status, b"".join(_chunks(reader))
        if b"content-length" in headers:
            try:
                length = int(headers[b"content-length"])
            except ValueError:
                raise HttpError("a bad Content-Length") from None
            return status, _exactly(reader, length)
        return status, reader.read()
