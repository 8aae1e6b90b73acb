"""The container-control commands as a user runs them, on the in-memory engine: output, prompts, exits."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from compose import orchestrator
from compose.cli.app import Globals, main
from compose.engine.fake import FakeEngine
from compose.errors import OperationFailedError
from compose.events import NullSink
from compose.plan import UpOptions
from tests.conftest import WriteProject
from tests.helpers import load

FILE = """
name: demo
services:
  db:
    image: app
    volumes: [data:/data]
  web:
    image: app
    ports: ["8080:80"]
    depends_on: [db]
  api:
    build: .
volumes:
  data: {}
"""

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch, write_project: WriteProject) -> FakeEngine:
    root = write_project(compose=FILE)
    monkeypatch.chdir(root)
    fake = FakeEngine(images={"app": "sha256:" + "a" * 64, "demo-api": "sha256:" + "b" * 64})
    orchestrator.up(load(root).project, fake, NullSink(), UpOptions(services=("web",)))
    monkeypatch.setattr(Globals, "engine", lambda self: fake)
    monkeypatch.setenv("NO_COLOR", "1")
    return fake


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    def invoke(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        with pytest.raises(SystemExit) as ended:
            main(["--progress", "plain", *args])
        out, err = capsys.readouterr()
        return int(ended.value.code or 0), out, err

    return invoke


def test_ls_json_carries_name_status_and_config_files(engine: FakeEngine, run: Run) -> None:
    code, out, _ = run("ls", "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {"Name": "demo", "Status": "running(2)", "ConfigFiles": str(Path.cwd() / "compose.yaml")}
    ]
    assert run("ls", "-q")[1] == "demo\n"
    assert run("ls", "--filter", "name=nothing")[1] == "NAME   STATUS   CONFIG FILES\n"
    code, _, err = run("ls", "--filter", "status=running")
    assert code == 2 and "invalid filter 'status=running'" in err


def test_images_json_and_table(engine: FakeEngine, run: Run) -> None:
    found = json.loads(run("images", "--format", "json")[1])
    assert [(i["ContainerName"], i["Repository"], i["Tag"]) for i in found] == [
        ("demo-db-1", "app", "latest"),
        ("demo-web-1", "app", "latest"),
    ]
    assert set(found[0]) == {"ID", "ContainerName", "Repository", "Tag", "Platform", "Size", "Created"}
    assert found[0]["ID"] == "sha256:" + "a" * 64 and found[0]["Size"] == 4_261_234
    assert run("images", "-q")[1] == "a" * 64 + "\n"
    assert run("images", "web")[1].splitlines() == [
        "CONTAINER    REPOSITORY   TAG      IMAGE ID       SIZE",
        "demo-web-1   app          latest   aaaaaaaaaaaa   4.26MB",
    ]


def test_volumes_json_is_one_object_per_line(engine: FakeEngine, run: Run) -> None:
    lines = run("volumes", "--format", "json")[1].splitlines()
    assert len(lines) == 1
    volume = json.loads(lines[0])
    assert volume["Name"] == "demo_data" and volume["Driver"] == "local"
    assert {"Scope", "Mountpoint", "Labels", "Size", "Status"} <= set(volume)
    assert run("volumes")[1] == "DRIVER   VOLUME NAME\nlocal    demo_data\n"
    assert run("volumes", "-q", "web")[1] == ""


def test_rm_asks_first_and_without_an_answer_removes_nothing(engine: FakeEngine, run: Run) -> None:
    engine.stop_container("demo-web-1")
    code, out, _ = run("rm")
    assert code == 0
    assert out == "Going to remove demo-web-1\nAre you sure? [yN] \n"
    assert "demo-web-1" in engine.containers
    code, _, err = run("rm", stdin="y\n")
    assert code == 0 and "Container demo-web-1  Removed" in err
    assert list(engine.containers) == ["demo-db-1"]
    code, _, err = run("rm")
    assert (code, err) == (0, "No stopped containers\n")
    code, out, _ = run("rm", "-f", "-s", "-v")
    assert out.startswith("Going to remove demo-db-1\n") and engine.containers == {}


def test_dry_run_changes_nothing_and_can_say_so_in_its_exit_code(engine: FakeEngine, run: Run) -> None:
    assert run("--dry-run", "kill", "-s", "TERM") == (
        0,
        "Container demo-db-1   kill  TERM\nContainer demo-web-1  kill  TERM\n",
        "",
    )
    assert run("--dry-run", "--detailed-exit-code", "pause", "web")[0] == 2
    assert run("--dry-run", "--detailed-exit-code", "unpause")[0:2] == (0, "nothing to do\n")
    assert run("--dry-run", "scale", "web=3")[1].count("create") == 2
    assert run("--dry-run", "create", "api")[1] == "Container demo-api-1  create  not found\n"
    assert {c.state for c in engine.containers.values()} == {"running"}


def test_kill_with_nothing_running_says_so(engine: FakeEngine, run: Run) -> None:
    assert run("kill")[0] == 0
    assert {c.exit_code for c in engine.containers.values()} == {137}
    code, _, err = run("kill")
    assert (code, err) == (0, "no container to kill\n")


def test_commands_work_from_labels_without_a_file(
    engine: FakeEngine, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert run("-p", "demo", "stop", "web")[0] == 0
    assert engine.containers["demo-web-1"].state == "exited"
    assert run("-p", "demo", "start")[0] == 0
    assert engine.containers["demo-web-1"].state == "running"
    assert run("-p", "demo", "port", "web", "80")[1] == "0.0.0.0:8080\n"
    code, _, err = run("-p", "demo", "pause", "nope")
    assert code == 1 and "no such service: nope" in err
    code, _, err = run("-p", "ghost", "stop")
    assert code == 1 and 'no container found for project "ghost"' in err


def test_wait_prints_exit_codes_exits_with_the_last_and_can_take_the_project_down(
    engine: FakeEngine, run: Run
) -> None:
    def stop_web() -> None:
        while "wait_exited:demo-web-1" not in engine.calls:
            time.sleep(0.01)
        engine.kill_container("demo-web-1", "SIGTERM")

    threading.Thread(target=stop_web, daemon=True).start()
    code, out, _ = run("wait", "--down-project", "web")
    assert code == 143
    assert out.splitlines()[0] == 'container "demo-web-1" exited with status code 143'
    assert engine.containers == {} and engine.networks == {}
    assert run("wait", "web")[0] == 1


def test_top_prints_a_table_per_container(engine: FakeEngine, run: Run) -> None:
    out = run("top", "web")[1]
    lines = out.splitlines()
    assert lines[0] == "demo-web-1"
    assert lines[1].split() == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert out.endswith("\n\n")


def test_port_of_an_unpublished_port_is_an_error(engine: FakeEngine, run: Run) -> None:
    code, _, err = run("port", "web", "81")
    assert code == 1 and "no port 81/tcp for container demo-web-1: 80/tcp" in err
    assert run("port", "--protocol", "sctp", "web", "80")[0] == 2


def test_push_of_a_service_without_an_image_name_explains_it(engine: FakeEngine, run: Run) -> None:
    code, _, err = run("push", "api")
    assert code == 1
    assert "services.api: service 'api' has no image name to push its image under" in err
    assert "hint: add `image: REGISTRY/REPOSITORY:TAG`" in err
    assert run("push", "-q")[0:2] == (0, "")


def test_pull_failure_is_a_clear_error(engine: FakeEngine, run: Run) -> None:
    engine.fail["pull:app"] = OperationFailedError.at("pull image app: registry unreachable")
    code, _, err = run("pull", "-q")
    assert code == 1 and "pull image app: registry unreachable" in err and "Traceback" not in err
    assert run("pull", "-q", "--ignore-pull-failures")[0] == 0
    assert run("pull", "-q", "--policy", "missing")[0] == 1  # app is app:latest: a moving tag, pulled again
    assert run("pull", "-q", "--policy", "missing", "api")[0:2] == (0, "")  # built: no image to be pulled
