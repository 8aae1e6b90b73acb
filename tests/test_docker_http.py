"""One HTTP/1.1 request against canned answers on a socket pair: sized, chunked, to the end, none, broken."""

from __future__ import annotations

import socket
import threading

import pytest

from compose.engine.docker_http import HttpError, fetch, streamed


def _request(sock: socket.socket) -> bytes:
    """The request's line and headers, as the engine receives them."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(4096)
    return data


def _answer(raw: bytes, method: str = "GET", *, keep_open: bool = False) -> tuple[tuple[int, bytes], bytes]:
    """What ``fetch`` reads when the other end sends ``raw`` and closes (or, with ``keep_open``, closes
    only once ``fetch`` has returned); and the request it sent."""
    ours, theirs = socket.socketpair()
    ours.settimeout(5)
    received: list[bytes] = []
    fetched = threading.Event()

    def engine() -> None:
        with theirs:
            received.append(_request(theirs))
            theirs.sendall(raw)
            if keep_open:
                fetched.wait(10)

    thread = threading.Thread(target=engine)
    thread.start()
    try:
        with ours:
            answer = fetch(ours, "localhost", "/containers/json?all=1", method)
            fetched.set()
            return answer, received[0] if received else b""
    finally:
        fetched.set()
        thread.join()


def test_the_request_is_a_plain_get_that_asks_to_close() -> None:
    _, request = _answer(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]")
    assert request == (
        b"GET /containers/json?all=1 HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
        b"Connection: close\r\n\r\n"
    )


def test_a_request_without_a_body_says_so_unless_it_is_a_get() -> None:
    _, request = _answer(b"HTTP/1.1 204 No Content\r\n\r\n", "DELETE")
    assert request == (
        b"DELETE /containers/json?all=1 HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
        b"Content-Length: 0\r\nConnection: close\r\n\r\n"
    )


@pytest.mark.parametrize("status", [204, 304])
def test_an_answer_without_a_body_ends_with_its_headers(status: int) -> None:
    raw = b"HTTP/1.1 %d Whatever\r\nServer: x\r\n\r\n" % status
    assert _answer(raw, "POST", keep_open=True)[0] == (status, b"")  # returns before the engine closes


def test_a_sized_body() -> None:
    answer, _ = _answer(b'HTTP/1.1 404 Not Found\r\ncontent-length: 13\r\nServer: x\r\n\r\n{"message":1}')
    assert answer == (404, b'{"message":1}')


def test_a_chunked_body_with_extensions_and_trailers() -> None:
    raw = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'4;ext=1\r\n[{"a\r\n7\r\n": 1}, \r\n2\r\n{}\r\n1\r\n]\r\n0\r\nX-Trailer: y\r\n\r\n'
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


def test_a_stream_gives_each_chunk_as_it_comes() -> None:
    ours, theirs = socket.socketpair()
    ours.settimeout(5)
    second = threading.Event()

    def engine() -> None:
        with theirs:
            _request(theirs)
            theirs.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + b'6\r\n{"a":1\r\n')
            second.wait(5)  # the first piece is read before the second is sent
            theirs.sendall(b"3\r\n}\n{\r\n" + b"2\r\n}\n\r\n0\r\n\r\n")

    thread = threading.Thread(target=engine)
    thread.start()
    with ours:
        status, pieces = streamed(ours, "localhost", "/events?until=1")
        assert status == 200
        assert next(pieces) == b'{"a":1'
        second.set()
        assert list(pieces) == [b"}\n{", b"}\n"]
    thread.join()


def test_a_stream_without_chunks_is_read_to_its_end() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(b"HTTP/1.0 200 OK\r\n\r\n{}\n{}\n")
        theirs.shutdown(socket.SHUT_WR)
        status, pieces = streamed(ours, "localhost", "/events")
        assert (status, b"".join(pieces)) == (200, b"{}\n{}\n")
        assert theirs.recv(4096).startswith(b"GET /events HTTP/1.1\r\n")
