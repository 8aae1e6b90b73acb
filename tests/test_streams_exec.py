"""``exec`` and ``attach`` on the in-memory engine: the spec sent, the pumping, the exit codes."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from compose.actions.streams_exec import ExecOptions, environment, run_attach, run_exec
from compose.actions.streams_pump import pump
from compose.engine.fake import FakeEngine
from compose.engine.fake_session import FakeReply, FakeSession
from compose.engine.streams import Session
from compose.errors import NotFoundError
from tests.test_streams_fakes import run_cli, up


def read_all(fd: int) -> bytes:
    data = b""
    while chunk := os.read(fd, 4096):
        data += chunk
    os.close(fd)
    return data


def pumped(session: Session, given: bytes | None) -> tuple[bytes, bytes]:
    """Pump the session between pipes; ``given`` is written to its input (None: no input)."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    in_r = None
    if given is not None:
        in_r, in_w = os.pipe()
        os.write(in_w, given)
        os.close(in_w)
    pump(session, in_r, out_w, err_w)
    os.close(out_w)
    os.close(err_w)
    return read_all(out_r), read_all(err_r)


def test_pump_copies_input_in_and_output_out_by_stream() -> None:
    session = FakeSession(FakeReply(stdout=b"o", stderr=b"e", echo=True), tty=False, stdin=True)
    assert pumped(session, b"typed\n") == (b"otyped\n", b"e")
    assert session.received == b"typed\n"


def test_a_tty_session_has_one_output_stream_and_no_input_without_stdin() -> None:
    session = FakeSession(FakeReply(stdout=b"o", stderr=b"e"), tty=True, stdin=False)
    assert pumped(session, b"ignored") == (b"oe", b"")
    assert session.received == b""


def test_environment_takes_bare_keys_from_the_shell() -> None:
    assert environment(["A=1", "B", "C=", "MISSING"], {"B": "two"}) == {"A": "1", "B": "two", "C": ""}


def connect_with(given: bytes, seen: list[tuple[int, int]]):  # type: ignore[no-untyped-def]
    def connect(session: Session, resize) -> None:  # type: ignore[no-untyped-def]
        resize(24, 80)
        seen.append((24, 80))
        session.write(given)
        session.close_input()
        while session.read() is not None:
            pass

    return connect


def test_exec_runs_in_the_chosen_container_and_returns_the_exit_code(tmp_path: Path) -> None:
    target, engine = up(tmp_path)
    engine.exec_replies["sh -c exit 7"] = FakeReply(stdout=b"bye", exit_code=7)
    options = ExecOptions(
        service="web",
        command=("sh", "-c", "exit 7"),
        index=2,
        environment={"A": "1"},
        workdir="/srv",
        user="nobody",
        privileged=True,
        tty=True,
    )
    seen: list[tuple[int, int]] = []
    assert run_exec(engine, target, options, connect_with(b"", seen)) == 7
    assert engine.calls == ["exec:demo-web-2:sh -c exit 7", "exec_resize:24x80"]
    ((name, spec, _),) = engine.execs.values()
    assert name == "demo-web-2"
    assert (spec.environment, spec.workdir, spec.user, spec.privileged, spec.tty, spec.stdin) == (
        {"A": "1"},
        "/srv",
        "nobody",
        True,
        True,
        True,
    )


def test_exec_detached_starts_in_the_background_and_returns_zero(tmp_path: Path) -> None:
    target, engine = up(tmp_path)
    options = ExecOptions(service="db", command=("sleep", "9"), detach=True, tty=True)
    assert run_exec(engine, target, options, connect_with(b"", [])) == 0
    assert engine.calls == ["exec:demo-db-1:sleep 9", "exec_detached:demo-db-1:sleep 9"]
    ((_, spec, _),) = engine.execs.values()
    assert not spec.tty and not spec.stdin


def test_exec_in_a_service_without_a_running_container_is_an_error(tmp_path: Path) -> None:
    target, engine = up(tmp_path)
    with pytest.raises(NotFoundError, match=r'service "job" is not running'):
        run_exec(engine, target, ExecOptions(service="job", command=("true",)), connect_with(b"", []))
    assert engine.calls == []


def test_attach_returns_the_exit_code_of_the_main_process(tmp_path: Path) -> None:
    _target, engine = up(tmp_path)
    engine.attach_replies["demo-job-1"] = FakeReply(stdout=b"done\n")
    job = engine.containers["demo-job-1"]
    got: list[bytes] = []

    def connect(session: Session, resize) -> None:  # type: ignore[no-untyped-def]
        while (chunk := session.read()) is not None:
            got.append(chunk[1])

    assert run_attach(engine, job, connect, stdin=True) == 3
    assert got == [b"done\n"]
    assert engine.calls[0] == "attach:demo-job-1"


def test_attach_to_a_process_that_keeps_running_returns_zero_after_detaching(tmp_path: Path) -> None:
    _target, engine = up(tmp_path)
    db = engine.containers["demo-db-1"]
    assert run_attach(engine, db, lambda session, resize: resize(10, 20), stdin=False, exit_wait=0.05) == 0
    assert "resize:demo-db-1:10x20" in engine.calls


def local(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's terminal end replaced (pytest's standard streams have no file descriptors)."""
    monkeypatch.setattr("compose.cli.streams_exec_cmd.local_connector", lambda **_: connect_with(b"", []))


def test_exec_command_exits_with_the_command_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, engine = up(tmp_path)
    local(monkeypatch)
    engine.exec_replies["false"] = FakeReply(stderr=b"failed\n", exit_code=1)
    code, _, _ = run_cli(monkeypatch, capsys, tmp_path / "demo", engine, "exec", "-T", "db", "false")
    assert code == 1
    code, _, err = run_cli(monkeypatch, capsys, tmp_path / "demo", engine, "exec", "job", "ls")
    assert code == 1 and 'service "job" is not running' in err
    code, _, err = run_cli(monkeypatch, capsys, tmp_path / "demo", engine, "exec", "nope", "ls")
    assert code == 1 and "no such service: nope" in err


def test_exec_command_options_after_the_service_belong_to_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, engine = up(tmp_path)
    local(monkeypatch)
    args = ("exec", "-T", "-e", "X=1", "-u", "me", "-w", "/w", "--index", "2", "web", "ls", "-la", "-e")
    code, _, _ = run_cli(monkeypatch, capsys, tmp_path / "demo", engine, *args)
    assert code == 0
    ((name, spec, _),) = engine.execs.values()
    assert (name, spec.command, dict(spec.environment), spec.user, spec.workdir) == (
        "demo-web-2",
        ("ls", "-la", "-e"),
        {"X": "1"},
        "me",
        "/w",
    )
    assert not spec.tty


def test_fake_engine_threads_do_not_leak(tmp_path: Path) -> None:
    before = threading.active_count()
    target, engine = up(tmp_path)
    run_exec(engine, target, ExecOptions(service="db", command=("true",)), connect_with(b"", []))
    assert threading.active_count() <= before + 1
    assert isinstance(engine, FakeEngine)


def test_docker_style_boolean_values_are_taken_before_the_first_argument() -> None:
    from compose.cli.streams_exec_cmd import DockerBoolFlags, attach, exec_

    assert isinstance(exec_, DockerBoolFlags) and isinstance(attach, DockerBoolFlags)
    given = ["--interactive=false", "-e", "A=--interactive=false", "web", "sh", "--interactive=false"]
    assert exec_._normalized(given) == ["--no-interactive", "-e", "A=--interactive=false", *given[3:]]
    assert exec_._normalized(["--interactive=TRUE", "web", "ls"]) == ["--interactive", "web", "ls"]
    assert attach._normalized(["--sig-proxy=false", "web"]) == ["--no-sig-proxy", "web"]
    assert attach._normalized(["--sig-proxy=maybe", "web"]) == ["--sig-proxy=maybe", "web"]


def test_exec_without_interactive_sends_no_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, engine = up(tmp_path)
    local(monkeypatch)
    code, _, _ = run_cli(
        monkeypatch, capsys, tmp_path / "demo", engine, "exec", "--interactive=false", "db", "cat"
    )
    assert code == 0
    ((_, spec, _),) = engine.execs.values()
    assert not spec.stdin
