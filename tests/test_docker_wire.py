"""Engine requests on the standard library: hosts, queries, answers, bodies, streams and errors, against small
HTTP servers."""

from __future__ import annotations

import contextlib
import http.server
import json
import socketserver
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from compose.engine import docker_wire
from compose.engine.base import ContainerSpec, NetworkAttachment, NetworkSpec, VolumeSpec
from compose.engine.docker import NETWORK_RETRIES, DockerEngine
from compose.engine.docker_client import DockerClient
from compose.engine.docker_wire import Wire, WireDown, WireStatus, WireTimeout, as_json, path_of, query
from compose.errors import (
    ConflictError,
    EngineUnavailableError,
    ForbiddenError,
    NotFoundError,
    OperationFailedError,
)

CHUNKED = {  # answers sent in chunks
    "/chunked": (b'{"Volumes": ', b'[{"Name": "v"}]}'),
    "/events": (b'{"status":"start","id":"abc"}\n{"sta', b'tus":"health_status: healthy"}\n'),
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: ClassVar[list[tuple[str, dict[str, list[str]]]]] = []
    sent: ClassVar[list[tuple[str, str, dict[str, list[str]], str | None]]] = []  # with Content-Length
    bodies: ClassVar[list[tuple[str, str, object]]] = []  # path, Content-Type, the JSON sent
    busy: ClassVar[list[int]] = [0]  # how many more times the network "busy" is still in use

    def log_message(self, format: str, *args: object) -> None:
        return

    def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path.removeprefix("/v1.41"))  # the SDK's paths carry its API version
        Handler.seen.append((parts.path, parse_qs(parts.query)))
        if parts.path == "/containers/json":
            self._send(200, json.dumps([{"Id": "abc", "Names": ["/p-web-1"]}]).encode())
        elif parts.path == "/version":
            self._send(200, json.dumps({"ApiVersion": "1.41", "Version": "20.10"}).encode())
        elif parts.path in CHUNKED:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in CHUNKED[parts.path]:
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

    def _change(self) -> None:
        parts = urlsplit(self.path)
        Handler.sent.append((self.command, parts.path, parse_qs(parts.query), self.headers["Content-Length"]))
        size = int(self.headers["Content-Length"] or 0)
        if size:
            Handler.bodies.append(
                (parts.path, self.headers["Content-Type"], json.loads(self.rfile.read(size)))
            )
        if parts.path.endswith("/create"):
            self._send(201, json.dumps({"Id": "new-" + parts.path.split("/")[-2], "Warnings": []}).encode())
        elif parts.path.endswith("/connect"):
            self._send(200, b"")
        elif parts.path == "/containers/web/stop":
            self.send_response(204)  # no body, and no size: the answer ends with its headers
            self.end_headers()
        elif parts.path == "/containers/web/start":
            self.send_response(304)
            self.end_headers()
        elif parts.path == "/networks/busy" and Handler.busy[0] > 0:
            Handler.busy[0] -= 1
            self._send(403, b'{"message":"error while removing network: network busy has active endpoints"}')
        elif parts.path == "/slow":
            time.sleep(1)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client that gave up
                self._send(204, b"")
        elif parts.path == "/volumes/gone":
            self._send(404, b'{"message":"get gone: no such volume"}')
        else:
            self._send(204, b"")

    do_POST = do_DELETE = _change


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
    Handler.sent.clear()
    Handler.bodies.clear()
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
    listed = wire.request("GET", "/containers/json", {"all": True, "filters": {"label": ["p"]}})
    assert as_json("/containers/json", listed) == [{"Id": "abc", "Names": ["/p-web-1"]}]
    assert as_json("/chunked", wire.request("GET", "/chunked")) == {"Volumes": [{"Name": "v"}]}


def test_the_query_reaches_the_engine(unix_host: str) -> None:
    wire = Wire.for_host(unix_host, 5)
    assert wire is not None
    project = {"label": ["com.docker.compose.project=p"]}
    wire.request("GET", "/containers/json", {"all": True, "filters": project})
    assert Handler.seen[-1] == (
        "/containers/json",
        {"all": ["1"], "filters": ['{"label": ["com.docker.compose.project=p"]}']},
    )


def test_error_statuses_carry_the_engines_message(unix_host: str) -> None:
    wire = Wire.for_host(unix_host, 5)
    assert wire is not None
    with pytest.raises(WireStatus) as found:
        wire.request("GET", "/containers/gone/json")
    assert (found.value.status, found.value.message) == (404, "No such container: gone")
    with pytest.raises(WireStatus) as found:
        wire.request("GET", "/text")
    assert (found.value.status, found.value.message) == (500, "engine trouble")
    with pytest.raises(WireStatus, match="not JSON"):
        as_json("/other", wire.request("GET", "/other"))


def test_no_engine_is_wire_down(tmp_path: Path) -> None:
    wire = Wire.for_host(f"unix://{tmp_path}/none.sock", 5)
    assert wire is not None
    with pytest.raises(WireDown):
        wire.request("GET", "/version")


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


def test_a_change_is_sent_with_no_body_and_its_query(unix_host: str) -> None:
    wire = Wire.for_host(unix_host, 5)
    assert wire is not None
    assert wire.request("POST", "/containers/web/stop", {"t": 3}) == b""  # 204
    assert wire.request("POST", "/containers/web/start") == b""  # 304: started already
    assert wire.request("DELETE", "/containers/web", {"v": True, "force": True}) == b""
    assert Handler.sent == [
        ("POST", "/containers/web/stop", {"t": ["3"]}, "0"),
        ("POST", "/containers/web/start", {}, "0"),
        ("DELETE", "/containers/web", {"v": ["1"], "force": ["1"]}, "0"),
    ]


def test_an_answer_that_comes_too_late_is_a_timeout(unix_host: str) -> None:
    wire = Wire.for_host(unix_host, 0.2)
    assert wire is not None
    with pytest.raises(WireTimeout, match=r"no answer in 0\.7 s"):
        wire.request("POST", "/slow", extra_wait=0.5)
    client = DockerClient(unix_host)
    client.wire = wire
    with pytest.raises(
        OperationFailedError, match=r"^stop container web: the engine at unix://.* gave no answer in 0\.2 s"
    ):
        client._send("stop container web", "POST", "/slow")
    assert wire.request("POST", "/slow", extra_wait=2) == b""


def test_the_engine_sends_its_changes_with_their_parameters(unix_host: str) -> None:
    engine = DockerEngine(unix_host)
    engine.stop_container("web", 4)
    engine.stop_container("web")  # the container's own grace period: no "t"
    engine.start_container("web")
    engine.kill_container("web", "SIGHUP")
    engine.pause_container("web")
    engine.unpause_container("web")
    engine.remove_container("web", volumes=True)
    engine.remove_container("web")
    engine.remove_network("front")
    engine.remove_volume("data")
    engine.remove_image("a/b:1")
    assert [(method, path, query) for method, path, query, _ in Handler.sent] == [
        ("POST", "/containers/web/stop", {"t": ["4"]}),
        ("POST", "/containers/web/stop", {}),
        ("POST", "/containers/web/start", {}),
        ("POST", "/containers/web/kill", {"signal": ["SIGHUP"]}),
        ("POST", "/containers/web/pause", {}),
        ("POST", "/containers/web/unpause", {}),
        ("DELETE", "/containers/web", {"v": ["1"], "force": ["1"]}),
        ("DELETE", "/containers/web", {"v": ["0"], "force": ["1"]}),
        ("DELETE", "/networks/front", {}),
        ("DELETE", "/volumes/data", {}),
        ("DELETE", "/images/a/b:1", {}),
    ]
    with pytest.raises(NotFoundError, match=r"^remove volume gone: get gone: no such volume$"):
        engine.remove_volume("gone")


def test_a_network_still_in_use_is_removed_once_its_endpoints_go(unix_host: str) -> None:
    engine = DockerEngine(unix_host)
    Handler.busy[0] = 2
    engine.remove_network("busy")
    assert [path for _, path, _, _ in Handler.sent] == ["/networks/busy"] * 3
    Handler.busy[0] = NETWORK_RETRIES + 1
    with pytest.raises(ForbiddenError, match=r"^remove network busy: .*has active endpoints$"):
        engine.remove_network("busy")
    assert len(Handler.sent) == 3 + NETWORK_RETRIES


def _create_all(engine: DockerEngine) -> str:
    """Create a network, a volume and a container on two networks: the container's id."""
    engine.create_network(
        NetworkSpec(name="p_front", labels={"l": "1"}, internal=True, driver_opts={"mtu": "1400"})
    )
    engine.create_volume(VolumeSpec(name="p_data", labels={"l": "2"}))
    spec = ContainerSpec(
        name="p-web-1",
        image="app",
        labels={"com.docker.compose.service": "web"},
        service="web",
        command=("sleep", "1"),
        networks=(
            NetworkAttachment(network="p_front", aliases=("web",)),
            NetworkAttachment(network="p_back", aliases=("web",), ipv4_address="10.0.0.5"),
        ),
    )
    return engine.create_container(spec)


def test_creations_are_sent_as_json_bodies_without_the_sdk(unix_host: str) -> None:
    engine = DockerEngine(unix_host)
    assert _create_all(engine) == "new-containers"
    assert engine._api is None  # the SDK was never connected
    sent = {path: (kind, body) for path, kind, body in Handler.bodies}
    assert {kind for kind, _ in sent.values()} == {"application/json"}
    network = sent["/networks/create"][1]
    assert network == {
        "Name": "p_front",
        "CheckDuplicate": True,
        "Internal": True,
        "Attachable": False,
        "Labels": {"l": "1"},
        "Options": {"mtu": "1400"},
    }
    assert sent["/volumes/create"][1] == {"Name": "p_data", "Labels": {"l": "2"}}
    container = sent["/containers/create"][1]
    assert isinstance(container, dict) and container["Image"] == "app" and container["Cmd"] == ["sleep", "1"]
    assert list(container["NetworkingConfig"]["EndpointsConfig"]) == ["p_front"]  # one at creation on 1.41
    creates = [query for _, path, query, _ in Handler.sent if path == "/containers/create"]
    assert creates == [{"name": ["p-web-1"]}]  # no platform: none asked for
    assert sent["/networks/p_back/connect"][1] == {
        "Container": "new-containers",
        "EndpointConfig": {"Aliases": ["web"], "IPAMConfig": {"IPv4Address": "10.0.0.5"}},
    }
    assert [path for path, _ in Handler.seen].count("/version") == 1  # the engine's API version, once


def test_creations_through_the_sdk_send_the_same_bodies(tcp_host: str) -> None:
    Handler.bodies.clear()
    engine = DockerEngine(tcp_host)
    engine.wire = None  # as for a host only the SDK reaches
    _create_all(engine)
    over_sdk = sorted((path.removeprefix("/v1.41"), body) for path, _, body in Handler.bodies)
    assert {kind for _, kind, _ in Handler.bodies} == {"application/json"}
    Handler.bodies.clear()
    _create_all(DockerEngine(tcp_host))
    assert sorted((path, body) for path, _, body in Handler.bodies) == over_sdk


def test_events_are_read_as_they_come_without_the_sdk(unix_host: str) -> None:
    client = DockerClient(unix_host)
    until = time.time() + 5
    found = list(client._events("events of abc", until, since=1.5, filters={"container": ["abc"]}))
    assert found == [{"status": "start", "id": "abc"}, {"status": "health_status: healthy"}]
    assert client._api is None
    path, params = Handler.seen[-1]
    assert path == "/events" and params["since"] == ["1.5"] and params["until"] == [str(until)]
    assert json.loads(params["filters"][0]) == {"container": ["abc"]}
    wire = Wire.for_host(unix_host, 5)
    assert wire is not None
    with pytest.raises(WireStatus, match="No such container"):
        list(wire.stream("/containers/gone/json"))


def test_a_request_through_the_sdk_is_told_as_unheard(tcp_host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    heard: list[tuple[str, str, int]] = []
    monkeypatch.setattr(
        docker_wire, "observer", lambda method, target, status, body: heard.append((method, target, status))
    )
    engine = DockerEngine(tcp_host)
    engine.ready("p")  # through the wire: heard with its answers
    assert {status for _, _, status in heard} == {200}
    heard.clear()
    engine.wire = None  # as for a host only the SDK reaches
    engine.ready("p")
    assert ("SDK", "list containers", -1) in heard and {status for _, _, status in heard} == {-1}
