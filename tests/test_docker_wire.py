"""Engine reads on the standard library: hosts, queries, answers and errors, against small HTTP servers."""

from __future__ import annotations

import contextlib
import http.server
import json
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from compose.engine.docker_client import DockerClient
from compose.engine.docker_wire import Wire, WireDown, WireStatus, path_of, query
from compose.errors import ConflictError, EngineUnavailableError, NotFoundError, OperationFailedError


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: ClassVar[list[tuple[str, dict[str, list[str]]]]] = []

    def log_message(self, format: str, *args: object) -> None:
        return

    def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        Handler.seen.append((parts.path, parse_qs(parts.query)))
        if parts.path == "/containers/json":
            self._send(200, json.dumps([{"Id": "abc", "Names": ["/p-web-1"]}]).encode())
        elif parts.path == "/chunked":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in (b'{"Volumes": ', b'[{"Name": "v"}]}'):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        elif parts.path.startswith("/containers/"):
            self._send(404, b'{"message":"No such container: gone"}')
        elif parts.path == "/conflict":
            self._send(409, b'{"message":"Conflict. The name is already in use"}')
        elif parts.path == "/port":
            self._send(500, b'{"message":"Bind for 0.0.0.0:80 failed: port is already allocated"}')
        elif parts.path == "/text":
            self._send(500, b"engine trouble\n", "text/plain")
        else:
            self._send(200, b"not json", "text/plain")


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class TcpServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


@contextlib.contextmanager
def serving(server: socketserver.BaseServer) -> Iterator[None]:
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def unix_host(tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "engine.sock"
    Handler.seen.clear()
    with serving(UnixServer(str(path), Handler)):
        yield f"unix://{path}"


@pytest.fixture
def tcp_host() -> Iterator[str]:
    server = TcpServer(("127.0.0.1", 0), Handler)
    with serving(server):
        yield f"tcp://127.0.0.1:{server.server_address[1]}"


def test_hosts_read_without_the_sdk_are_plain_unix_and_tcp_ones() -> None:
    assert Wire.for_host("unix:///run/docker.sock", 5) is not None
    assert Wire.for_host("unix://relative.sock", 5) is not None
    assert Wire.for_host("tcp://10.0.0.2:2376", 5) is not None
    assert Wire.for_host("tcp://engine", 5) is not None  # the engine's default port, as the SDK reads it
    for other in ("ssh://me@engine", "https://engine:2376", "npipe:////./pipe/docker_engine", "unix://"):
        assert Wire.for_host(other, 5) is None, other


def test_query_and_path_are_encoded_as_the_engine_reads_them() -> None:
    assert query({"all": True, "size": False, "filters": {"label": ["a=b"]}, "since": None, "tail": 5}) == {
        "all": "1",
        "size": "0",
        "filters": '{"label": ["a=b"]}',
        "tail": "5",
    }
    image = "registry:5000/team/app:1.0"
    assert path_of("/images/{}/json", image) == f"/images/{image}/json"
    assert path_of("/volumes/{}", "a b?c") == "/volumes/a%20b%3Fc"


@pytest.mark.parametrize("fixture", ["unix_host", "tcp_host"])
def test_a_read_returns_the_engines_json(fixture: str, request: pytest.FixtureRequest) -> None:
    wire = Wire.for_host(request.getfixturevalue(fixture), 5)
    assert wire is not None
    assert wire.get_json("/containers/json", {"all": True, "filters": {"label": ["p"]}}) == [
        {"Id": "abc", "Names": ["/p-web-1"]}
    ]
    assert wire.get_json("/chunked") == {"Volumes": [{"Name": "v"}]}


def test_the_query_reaches_the_engine(unix_host: str) -> None:
    wire = Wire.for_host(unix_host, 5)
    assert wire is not None
    wire.get_json("/containers/json", {"all": True, "filters": {"label": ["com.docker.compose.project=p"]}})
    assert Handler.seen[-1] == (
        "/containers/json",
        {"all": ["1"], "filters": ['{"label": ["com.docker.compose.project=p"]}']},
    )


def test_error_statuses_carry_the_engines_message(unix_host: str) -> None:
    wire = Wire.for_host(unix_host, 5)
    assert wire is not None
    with pytest.raises(WireStatus) as found:
        wire.get("/containers/gone/json")
    assert (found.value.status, found.value.message) == (404, "No such container: gone")
    with pytest.raises(WireStatus) as found:
        wire.get("/text")
    assert (found.value.status, found.value.message) == (500, "engine trouble")
    with pytest.raises(WireStatus, match="not JSON"):
        wire.get_json("/other")


def test_no_engine_is_wire_down(tmp_path: Path) -> None:
    wire = Wire.for_host(f"unix://{tmp_path}/none.sock", 5)
    assert wire is not None
    with pytest.raises(WireDown):
        wire.get("/version")


def test_the_client_translates_answers_into_our_errors(unix_host: str, tmp_path: Path) -> None:
    client = DockerClient(unix_host)
    with pytest.raises(NotFoundError, match=r"^container gone: No such container: gone$"):
        client._read("container gone", path_of("/containers/{}/json", "gone"))
    with pytest.raises(ConflictError, match="already in use"):
        client._read("create", "/conflict")
    with pytest.raises(ConflictError, match="a published port is already in use"):
        client._read("start", "/port")
    with pytest.raises(OperationFailedError, match="engine trouble"):
        client._read("read", "/text")
    nowhere = DockerClient(f"unix://{tmp_path}/none.sock")  # no request is sent until one is needed
    with pytest.raises(EngineUnavailableError, match="cannot reach a container engine at unix://"):
        nowhere._read("list containers", "/containers/json")
