"""One HTTP/1.1 request over a connected socket: the status and the whole answer.

What the engine's requests that are not streams need and no more (reads; the bodiless ``POST`` and
``DELETE`` of start, stop and removal; the creation of a container, network or volume, with a JSON body):
the answer is sized by ``Content-Length``, sent in chunks, or read to the end of the connection (the
request asks the engine to close it). ``http.client`` would do the same, but importing it (with ``ssl``
and ``email``) costs more than a no-op ``up`` spends on its requests.
"""

from __future__ import annotations

import socket

TYPE_CHECKING = False  # ``typing`` is not imported: a replayed no-op ``up`` starts without it
if TYPE_CHECKING:
    from typing import BinaryIO

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


def _chunked(reader: BinaryIO) -> bytes:
    chunks: list[bytes] = []
    while True:
        size_field = _line(reader).split(b";", 1)[0].strip()
        try:
            size = int(size_field, 16)
        except ValueError:
            raise HttpError(f"a bad chunk size {size_field[:20]!r}") from None
        if size == 0:
            while _line(reader).strip():  # trailers, up to the blank line
                pass
            return b"".join(chunks)
        chunks.append(_exactly(reader, size))
        _line(reader)  # the CRLF after the chunk


def _headers(reader: BinaryIO) -> dict[bytes, bytes]:
    headers: dict[bytes, bytes] = {}
    while line := _line(reader).strip():
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    return headers


def fetch(
    sock: socket.socket, host: str, target: str, method: str = "GET", body: bytes | None = None
) -> tuple[int, bytes]:
    """Send ``METHOD target`` on ``sock``, with ``body`` (JSON) if given, and read the answer:
    ``(status, body)``."""
    if body is not None:
        size = f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    else:
        size = "" if method == "GET" else "Content-Length: 0\r\n"
    request = (
        f"{method} {target} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n{size}"
        "Connection: close\r\n\r\n"
    )
    sock.sendall(request.encode("ascii") + (body or b""))
    with sock.makefile("rb") as reader:
        version, _, rest = _line(reader).partition(b" ")
        if not version.startswith(b"HTTP/") or not rest[:3].isdigit():
            raise HttpError("the answer is not HTTP")
        status = int(rest[:3])
        headers = _headers(reader)
        if status in NO_BODY:
            return status, b""
        if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
            return status, _chunked(reader)
        if b"content-length" in headers:
            try:
                length = int(headers[b"content-length"])
            except ValueError:
                raise HttpError("a bad Content-Length") from None
            return status, _exactly(reader, length)
        return status, reader.read()
