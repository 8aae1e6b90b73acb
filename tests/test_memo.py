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
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO, cast

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
    sdk = sys.modules.pop("docker", None)  # as in a run that never needed the SDK
    yield server
    server.shutdown()
    server.server_close()
    sys.modules.pop("docker", None)  # what a test put there
    if sdk is not None:
        sys.modules["docker"] = sdk


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


# What a replay would otherwise load: the interpreter's own start-up loads none of them.
UNLOADED = ("socket", "threading", "contextlib", "collections", "typing", "enum", "json", "re", "docker")


def test_a_replay_loads_little_more_than_the_interpreter(
    engine: Engine, project: Path, tmp_path: Path
) -> None:
    _run_noting(project)
    found = tmp_path / "found.txt"
    code = "\n".join(
        [
            "import sys",
            "import compose.cli",  # the entry point's package, as the installed command imports it
            "from compose import memo",
            f"memo._terminals = lambda: {memo._terminals()!r}",  # this process's: where the note was taken
            f"done = memo.replay({ARGV!r})",
            f"loaded = sorted(set({UNLOADED!r}) & set(sys.modules))",
            f"open({str(found)!r}, 'w').write(repr((done, loaded)))",
        ]
    )
    run = [sys.executable, "-c", code]
    env = dict(os.environ)  # as this process sees it (C code may have set more, such as LINES)
    subprocess.run(run, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert found.read_text() == repr((True, []))


def test_a_containers_status_words_do_not_matter_but_its_state_does(
    engine: Engine, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run_noting(project)
    engine.answers[LISTING] = (200, [_container("Up 2 hours (unhealthy)")])  # planning reads no status
    assert _replayed(capsys)
    engine.answers[LISTING] = (200, [{**_container("Up 2 hours"), "State": "paused"}])
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


def test_the_status_words_of_listed_containers_are_left_out() -> None:
    labelled = {**_container("Up 3 seconds"), "Labels": {"note": '"Status":"Up 3 seconds"'}}
    listing = _compact([labelled, _container("Exited (1) 2 hours ago")])
    steady = json.loads(memo.steady("/containers/json?all=1", listing))
    assert [c["Status"] for c in steady] == ["", ""] and steady[0]["Labels"] == labelled["Labels"]
    assert [c["State"] for c in steady] == ["up", "exited"]
    assert memo.steady("/containers/abc/json", listing) == listing  # only in lists of containers


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


# -- an up that changed something notes its rerun ------------------------------------------------------
WARNED = "WARN: a warning of the loading\n"


def _ask_engine() -> None:
    wire = Wire.for_host(os.environ["DOCKER_HOST"], 5)
    assert wire is not None
    for target in (LISTING, "/networks", "/images/app/json"):
        with contextlib.suppress(WireStatus):
            wire.request("GET", target)


def _rerun_finds_nothing(stream: TextIO) -> bool:
    _ask_engine()
    stream.write(SAID)
    return True


def _run_changing(
    root: Path,
    rerun: Callable[[TextIO], bool] = _rerun_finds_nothing,
    *,
    before: Callable[[], None] = lambda: None,
    mark: bool = True,
) -> None:
    """What an ``up`` that starts a container does while noted: load (and warn), start, then rerun."""
    memo.invoked_with = ARGV
    try:
        with memo.noting(True) as note:
            assert note is not None
            reads.read_bytes(str(root / "compose.yaml"))
            sys.stderr.write(WARNED)
            before()
            if mark:
                note.mark()
            _ask_engine()
            _post(note)
            sys.stderr.write(" Container demo-web-1  Started\n" + "x" * memo.OUTPUT_LIMIT)
            note.keep_next("demo", [(rerun, ARGV)])
    finally:
        memo.invoked_with = None


def test_an_up_that_changed_something_leaves_a_note_of_its_rerun(
    engine: Engine, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run_changing(project)
    capsys.readouterr()
    assert memo.replay(ARGV)
    # what the loading printed, then what the rerun showed; not the changing run's own progress
    assert capsys.readouterr().err == WARNED + SAID
    engine.answers[LISTING] = (200, [_container("Exited (0) 1 second ago")])
    assert not memo.replay(ARGV)  # the rerun's answers are checked as any no-op's


def _rerun_finds_work(stream: TextIO) -> bool:
    _ask_engine()
    return False


def _rerun_posts(stream: TextIO) -> bool:
    _post(cast(memo.Note, None))
    return True


def _rerun_asks_nothing(stream: TextIO) -> bool:
    return True


@pytest.mark.parametrize("rerun", [_rerun_finds_work, _rerun_posts, _rerun_asks_nothing])
def test_no_note_of_a_rerun_that_would_not_be_a_no_op(
    engine: Engine, project: Path, capsys: pytest.CaptureFixture[str], rerun: Callable[[TextIO], bool]
) -> None:
    _run_changing(project, rerun)
    assert not (project.parent / "cache" / "pycompose" / "memo").exists()


@pytest.mark.parametrize(
    ("before", "mark"),
    [
        (reads.unrepeatable, True),  # the loading read standard input
        (lambda: sys.stderr.write("y" * (memo.OUTPUT_LIMIT + 1)), True),  # and printed too much to hold
        (lambda: None, False),  # the run never said where its progress began
    ],
)
def test_no_note_of_a_rerun_when_the_loading_cannot_be_repeated(
    engine: Engine, project: Path, before: Callable[[], None], mark: bool
) -> None:
    _run_changing(project, before=before, mark=mark)
    assert not (project.parent / "cache" / "pycompose" / "memo").exists()


WAITED = " Container demo-web-1  Healthy\n"
SIBLING = ["-p", "demo", "--progress", "plain", "up", "-d", "--wait"]


def _wait_finds_nothing(stream: TextIO) -> bool:
    wire = Wire.for_host(os.environ["DOCKER_HOST"], 5)
    assert wire is not None
    wire.request("GET", "/networks")  # as a wait's own question
    stream.write(WAITED)
    return True


def _wait_would_wait(stream: TextIO) -> bool:
    return False


def _run_changing_steps(root: Path, wait: Callable[[TextIO], bool]) -> None:
    """An ``up -d --wait`` that started a container: its planning noted for ``up -d``, then its wait."""
    memo.invoked_with = SIBLING
    try:
        with memo.noting(True) as note:
            assert note is not None
            reads.read_bytes(str(root / "compose.yaml"))
            note.mark()
            _post(note)
            note.keep_next("demo", [(_rerun_finds_nothing, ARGV), (wait, SIBLING)])
    finally:
        memo.invoked_with = None


def test_each_step_of_a_rerun_notes_its_own_command_line(
    engine: Engine, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run_changing_steps(project, _wait_finds_nothing)
    capsys.readouterr()
    assert memo.replay(ARGV) and capsys.readouterr().err == SAID  # the planning alone
    assert memo.replay(SIBLING) and capsys.readouterr().err == SAID + WAITED  # and the wait
    notes = {tuple(n["argv"]): n for n in map(marshal.loads, map(Path.read_bytes, _notes(project)))}
    assert len(notes[tuple(SIBLING)]["requests"]) == len(notes[tuple(ARGV)]["requests"]) + 1


def test_a_step_that_would_wait_leaves_the_notes_before_it(
    engine: Engine, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run_changing_steps(project, _wait_would_wait)
    assert [marshal.loads(path.read_bytes())["argv"] for path in _notes(project)] == [ARGV]
    assert not memo.replay(SIBLING)


def _notes(root: Path) -> list[Path]:
    return sorted((root.parent / "cache" / "pycompose" / "memo").glob("*.note"))
