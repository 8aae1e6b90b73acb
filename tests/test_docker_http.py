"""One HTTP/1.1 GET, against canned answers on a socket pair: sized, chunked, to the end, and broken."""

from __future__ import annotations

import socket
import threading

import pytest

from compose.engine.docker_http import HttpError, fetch


def _answer(raw: bytes) -> tuple[tuple[int, bytes], bytes]:
    """What ``fetch`` reads when the other end sends ``raw`` and closes; and the request it sent."""
    ours, theirs = socket.socketpair()
    received: list[bytes] = []

    def engine() -> None:
        with theirs:
            data = b""
            while b"\r\n\r\n" not in data:
                data += theirs.recv(4096)
            received.append(data)
            theirs.sendall(raw)

    thread = threading.Thread(target=engine)
    thread.start()
    try:
        with ours:
            return fetch(ours, "localhost", "/containers/json?all=1"), received[0] if received else b""
    finally:
        thread.join()


def test_the_request_is_a_plain_get_that_asks_to_close() -> None:
    _, request = _answer(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]")
    assert request == (
        b"GET /containers/json?all=1 HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
        b"Connection: close\r\n\r\n"
    )


def test_a_sized_body() -> None:
    answer, _ = _answer(b"HTTP/1.1 404 Not Found\r\ncontent-length: 13\r\nServer: x\r\n\r\n{\"message\":1}")
    assert answer == (404, b'{"message":1}')


def test_a_chunked_body_with_extensions_and_trailers() -> None:
    raw = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"4;ext=1\r\n[{\"a\r\n7\r\n\": 1}, \r\n2\r\n{}\r\n1\r\n]\r\n0\r\nX-Trailer: y\r\n\r\n"
    )
    assert _answer(raw)[0] == (200, b'[{"a": 1}, {}]')


def test_a_body_read_to_the_end_without_a_size() -> None:
    assert _answer(b"HTTP/1.0 200 OK\r\n\r\nOK")[0] == (200, b"OK")


@pytest.mark.parametrize(
    "raw",
    [
        b"SSH-2.0-OpenSSH_9.2\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
        b"HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort",
        b"HTTP/1.1 200 OK\r\nX: " + b"y" * 70000 + b"\r\n\r\n",
        b"",
    ],
    ids=["not-http", "short-body", "bad-length", "bad-chunk-size", "short-chunk", "long-header", "nothing"],
)
def test_a_broken_answer_is_an_http_error(raw: bytes) -> None:
    with pytest.raises(HttpError):
        _answer(raw)
