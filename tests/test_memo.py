"""A no-op ``up`` from memory: what a note holds, when one is kept, and every change that makes the next
run plan in full. The engine is a small HTTP server on a unix socket (the end-to-end tests use the real
one)."""

from __future__ import annotations

import contextlib
import http.server
import json
import marshal
import os
import socketserver
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from compose import memo, reads
from compose.engine.docker_wire import Wire, WireStatus
from compose.lock import project_lock

ARGV = ["-p", "demo", "--progress", "plain", "up", "-d"]
LISTING = "/containers/json?all=1"
SAID = " Container demo-web-1  Running\n"


class Engine(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    answers: dict[str, tuple[int, object]]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Engine

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        status, answer = self.server.answers.get(self.path, (404, {"message": "no such thing"}))
        body = _compact(answer)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _compact(answer: object) -> bytes:
    """JSON as the engine writes it (Go's encoder: no spaces)."""
    return json.dumps(answer, separators=(",", ":")).encode()


def _container(status: str) -> dict[str, object]:
    return {"Id": "abc", "Names": ["/demo-web-1"], "State": status.split(" ")[0].lower(), "Status": status}


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    server = Engine(str(tmp_path / "engine.sock"), Handler)
    server.answers = {
        LISTING: (200, [_container("Up 3 seconds (healthy)")]),
        "/networks": (200, [{"Name": "demo_default"}]),
        "/images/app/json": (404, {"message": "No such image: app"}),
    }
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path / 'engine.sock'}")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    monkeypatch.delenv(memo.SWITCH, raising=False)
    monkeypatch.delitem(sys.modules, "docker", raising=False)  # as in a run that never needed the SDK
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "demo"
    root.mkdir()
    (root / "compose.yaml").write_text("services: {web: {image: app}}\n")
    monkeypatch.chdir(root)
    return root


def _run_noting(
    root: Path,
    *,
    argv: list[str] | None = ARGV,
    wanted: bool = True,
    act: Callable[[memo.Note], None] = lambda note: None,
) -> None:
    """What a no-op ``up`` does while noted: look at its files, ask the engine, print, keep the note."""
    memo.invoked_with = argv
    try:
        with memo.noting(wanted) as note:
            reads.read_bytes(str(root / "compose.yaml"))
            reads.is_file(str(root / "compose.override.yaml"))
            wire = Wire.for_host(os.environ["DOCKER_HOST"], 5)
            assert wire is not None
            for target in (LISTING, "/networks", "/images/app/json"):
                with contextlib.suppress(WireStatus):  # a 404 is an answer like any other
                    wire.request("GET", target)
            sys.stderr.write(SAID)
            if note is not None:
                act(note)
                note.keep("demo")
    finally:
        memo.invoked_with = None


def _replayed(capsys: pytest.CaptureFixture[str], argv: list[str] = ARGV) -> bool:
    capsys.readouterr()
    done = memo.replay(argv)
    said = capsys.readouterr()
    assert (said.out, said.err) == (("", SAID) if done else ("", ""))
    return done


def test_a_noted_no_op_is_replayed_with_what_it_printed(
    engine: Engine, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not _replayed(capsys)  # no note yet
    _run_noting(project)
    assert _replayed(capsys)
    assert _replayed(capsys)  # and again: a replay leaves the note as it is
    note = marshal.loads(next((project.parent / "cache" / "pycompose" / "memo").glob("*.note")).read_bytes())
    assert note["project"] == "demo" and note["argv"] == ARGV and note["stderr"] == SAID
    assert sorted(target for _, target in note["requests"]) == sorted(
        [LISTING, "/networks", "/images/app/json"]
    )


def test_how_long_a_container_has_been_up_does_not_matter(
    engine: Engine, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run_noting(project)
    engine.answers[LISTING] = (200, [_container("Up 2 hours (healthy)")])
    assert _replayed(capsys)
    engine.answers[LISTING] = (200, [_container("Up About a minute (unhealthy)")])
    assert not _replayed(capsys)


def _change_file(engine: Engine, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "compose.yaml").write_text("services: {web: {image: app, init: true}}\n")


def _add_override(engine: Engine, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "compose.override.yaml").write_text("services: {web: {init: true}}\n")


def _remove_file(engine: Engine, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "compose.yaml").unlink()


def _set_variable(engine: Engine, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAG", "2")


def _stop_container(engine: Engine, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine.answers[LISTING] = (200, [_container("Exited (137) 2 seconds ago")])


def _pull_image(engine: Engine, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine.answers["/images/app/json"] = (200, {"Id": "sha256:1"})


def _stop_engine(engine: Engine, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine.shutdown()
    engine.server_close()
    os.unlink(engine.server_address)  # type: ignore[arg-type]


def _change_code(engine: Engine, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    identity = memo.code_identity()
    monkeypatch.setattr(memo, "code_identity", lambda: identity + "-upgraded")


def _turn_off(engine: Engine, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(memo.SWITCH, "0")


def _move_elsewhere(engine: Engine, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = root.parent / "other"
    other.mkdir()
    monkeypatch.chdir(other)


@pytest.mark.parametrize(
    "change",
    [
        _change_file,
        _add_override,
        _remove_file,
        _set_variable,
        _stop_container,
        _pull_image,
        _stop_engine,
        _change_code,
        _turn_off,
        _move_elsewhere,
    ],
)
def test_any_change_makes_the_next_run_plan_in_full(
    engine: Engine,
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[Engine, Path, pytest.MonkeyPatch], None],
) -> None:
    _run_noting(project)
    change(engine, project, monkeypatch)
    assert not _replayed(capsys)


def test_another_command_line_has_its_own_note(
    engine: Engine, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run_noting(project)
    assert not _replayed(capsys, [*ARGV, "web"])
    assert not _replayed(capsys, ["-p", "demo", "--progress", "quiet", "up", "-d"])


def test_no_replay_while_another_command_holds_the_project(
    engine: Engine, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run_noting(project)
    with project_lock("demo", lambda text: None):
        assert not _replayed(capsys)
    assert _replayed(capsys)


def _post(note: memo.Note) -> None:
    wire = Wire.for_host(os.environ["DOCKER_HOST"], 5)
    assert wire is not None
    with contextlib.suppress(WireStatus):  # whatever the answer, a change was asked for
        wire.request("POST", "/containers/abc/start")


def _read_stdin(note: memo.Note) -> None:
    reads.unrepeatable()


def _print_a_lot(note: memo.Note) -> None:
    sys.stderr.write("x" * (memo.OUTPUT_LIMIT + 1))


def _load_the_sdk(note: memo.Note) -> None:
    sys.modules["docker"] = sys  # any module: the SDK sent a request the note did not hear


@pytest.mark.parametrize("act", [_post, _read_stdin, _print_a_lot, memo.Note.spoil, _load_the_sdk])
def test_no_note_is_kept_of_a_run_a_replay_would_not_repeat(
    engine: Engine, project: Path, capsys: pytest.CaptureFixture[str], act: Callable[[memo.Note], None]
) -> None:
    _run_noting(project, act=act)
    assert not (project.parent / "cache" / "pycompose" / "memo").exists()
    assert not _replayed(capsys)


def test_no_note_of_a_command_that_is_not_to_be_noted(
    engine: Engine, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run_noting(project, wanted=False)
    _run_noting(project, argv=None)  # a command not run from the command line (a test's CliRunner)
    assert not (project.parent / "cache" / "pycompose" / "memo").exists()


def test_the_streams_are_given_back_after_noting(engine: Engine, project: Path) -> None:
    out, err = sys.stdout, sys.stderr
    _run_noting(project)
    assert (sys.stdout, sys.stderr) == (out, err)


@pytest.mark.parametrize(
    ("status", "steady"),
    [
        ("Up 3 minutes (healthy)", "Up (healthy)"),
        ("Up Less than a second", "Up"),
        ("Up About an hour (Paused)", "Up (Paused)"),
        ("Up 1 second (health: starting)", "Up (health: starting)"),
        ("Exited (0) 2 weeks ago", "Exited (0) ago"),
        ("Restarting (1) About a minute ago", "Restarting (1) ago"),
        ("Created", "Created"),
        ("Up 40 hours", "Up"),
    ],
)
def test_a_status_less_its_duration(status: str, steady: str) -> None:
    assert memo.without_durations(status) == steady


def test_a_status_in_a_label_is_left_as_it_is() -> None:
    container = {**_container("Up 3 seconds"), "Labels": {"note": '"Status":"Up 3 seconds"'}}
    steady = memo.steady("/containers/json?all=1", _compact([container])).decode()
    assert json.loads(steady)[0]["Status"] == "Up" and json.loads(steady)[0]["Labels"] == container["Labels"]


def test_the_answers_digest_ignores_order_but_not_status_or_body() -> None:
    one = ("GET", "/a", 200, b"1")
    two = ("GET", "/containers/json?all=1", 200, _compact([_container("Up 3 seconds")]))
    assert memo.answers_digest([one, two]) == memo.answers_digest([two, one])
    assert memo.answers_digest([one]) != memo.answers_digest([("GET", "/a", 404, b"1")])
    assert memo.answers_digest([one]) != memo.answers_digest([("GET", "/a", 200, b"2")])
    later = ("GET", "/containers/json?all=1", 200, _compact([_container("Up 5 hours")]))
    assert memo.answers_digest([two]) == memo.answers_digest([later])


@pytest.mark.parametrize(
    "spoilt",
    [
        lambda note: note.update(files=[["only a path"]]),
        lambda note: note.update(files="not a list"),
        lambda note: note.update(requests=[["GET"]]),
        lambda note: note.update(version=0),
        lambda note: note.clear(),
    ],
)
def test_a_note_that_is_not_as_written_means_planning_in_full(
    engine: Engine,
    project: Path,
    capsys: pytest.CaptureFixture[str],
    spoilt: Callable[[dict[str, object]], None],
) -> None:
    _run_noting(project)
    [path] = (project.parent / "cache" / "pycompose" / "memo").glob("*.note")
    note = marshal.loads(path.read_bytes())
    spoilt(note)
    path.write_bytes(marshal.dumps(note))
    assert not _replayed(capsys)
    path.write_bytes(b"not a note")
    assert not _replayed(capsys)
