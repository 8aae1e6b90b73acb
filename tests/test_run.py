"""``run`` without a daemon: the one-off's spec, what comes up first, the command on a fake engine."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from compose import labels
from compose.actions.run import RunOptions, one_off_spec, plan_run
from compose.actions.streams_exec import Connect, Resize
from compose.cli import run_cmd
from compose.cli.app import Globals, cli
from compose.engine.base import MountSpec, PortSpec
from compose.engine.fake import FakeEngine
from compose.engine.fake_session import FakeReply
from compose.engine.streams import STDERR, Session
from compose.errors import UnsupportedFeatureError
from compose.events import NullSink
from compose.orchestrator import down, ps
from tests.helpers import project_from

BUSYBOX = "pycompose/busybox:latest"
FILE = f"""
services:
  db:
    image: {BUSYBOX}
    healthcheck: {{test: [CMD, "true"]}}
  cache:
    image: {BUSYBOX}
  web:
    image: {BUSYBOX}
    command: [serve]
    depends_on:
      db: {{condition: service_healthy}}
      cache: {{condition: service_started}}
    ports: ["8080:80"]
    environment: {{MODE: prod}}
    volumes: [data:/data]
    networks:
      front: {{aliases: [www]}}
volumes:
  data: {{}}
networks:
  front: {{}}
"""
SLUG = "0123456789ab" + "c" * 52


def test_one_off_spec(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    spec = one_off_spec(
        project, project.services["web"], RunOptions(service="web", command=("echo", "hi")), SLUG
    )
    assert spec.name == "demo-web-run-0123456789ab"
    assert spec.labels[labels.ONEOFF] == "True"
    assert spec.labels[labels.NUMBER] == "-1"
    assert spec.labels["com.docker.compose.slug"] == SLUG
    assert spec.labels[labels.PROJECT] == "demo" and spec.labels[labels.SERVICE] == "web"
    assert spec.command == ("echo", "hi")
    assert spec.ports == ()  # no service ports without --service-ports
    assert [(n.network, n.aliases) for n in spec.networks] == [("demo_front", (spec.name,))]
    assert spec.restart == "no"
    assert (spec.tty, spec.stdin_open) == (False, True)
    assert spec.mounts == (MountSpec(type="volume", source="demo_data", target="/data", named=True),)


def test_one_off_options(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    options = RunOptions(
        service="web",
        entrypoint=("sh", "-c"),
        environment={"MODE": "dev", "X": "1"},
        volumes=(MountSpec(type="bind", source="/tmp", target="/data"),),
        publish=(PortSpec(target=22, published="2022"),),
        service_ports=True,
        use_aliases=True,
        name="job",
        workdir="/w",
        user="1000",
        tty=True,
        interactive=False,
        labels={"who": "me"},
    )
    spec = one_off_spec(project, project.services["web"], options, SLUG)
    assert spec.name == "job" and spec.labels["who"] == "me"
    assert (spec.entrypoint, spec.command) == (("sh", "-c"), ())  # a new entrypoint drops the command
    assert dict(spec.environment) == {"MODE": "dev", "X": "1"}
    assert spec.mounts == (MountSpec(type="bind", source="/tmp", target="/data"),)
    assert [(p.target, p.published) for p in spec.ports] == [(80, "8080"), (22, "2022")]
    assert spec.networks[0].aliases == ("job", "web", "www")
    assert (spec.working_dir, spec.user, spec.tty, spec.stdin_open) == ("/w", "1000", True, False)


def test_dependencies_come_first_and_their_conditions_are_awaited(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    plan = plan_run(project, FakeEngine(images={BUSYBOX: "sha256:b"}), RunOptions(service="web"))
    assert plan.render() == (
        "Network demo_default    create        not found\n"
        "Network demo_front      create        not found\n"
        "Volume demo_data        create        not found\n"
        "Container demo-cache-1  create        not found\n"
        "Container demo-cache-1  start\n"
        "Container demo-db-1     create        not found\n"
        "Container demo-db-1     start\n"
        "Container demo-db-1     wait_healthy  web waits for service_healthy\n"
    )
    assert plan.operations[-1].needs == ("container:demo-db-1:start",)


def test_no_deps_only_provides_networks_volumes_and_image(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    plan = plan_run(project, FakeEngine(), RunOptions(service="web", no_deps=True))
    assert plan.render() == (
        "Network demo_default            create  not found\n"
        "Network demo_front              create  not found\n"
        "Volume demo_data                create  not found\n"
        "Image pycompose/busybox:latest  pull    image not found locally\n"
    )


def pipes(*, stdin: bool, forward: object = None) -> Connect:
    """The local side over CliRunner's streams: all the input first, then the output."""

    def connect(session: Session, resize: Resize) -> None:
        if stdin and session.stdin:
            session.write(sys.stdin.buffer.read())
        session.close_input()
        while (chunk := session.read()) is not None:
            (sys.stderr if chunk[0] == STDERR else sys.stdout).buffer.write(chunk[1])

    return connect


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeEngine:
    engine = FakeEngine(images={BUSYBOX: "sha256:b"})
    monkeypatch.setattr(Globals, "engine", lambda self: engine)
    monkeypatch.setattr(run_cmd, "local_connector", pipes)
    project_from(tmp_path, FILE)
    monkeypatch.chdir(tmp_path / "demo")
    return engine


def test_foreground_run_prints_output_and_exits_with_its_code(fake: FakeEngine) -> None:
    fake.attach_replies["job"] = FakeReply(stdout=b"hi\n", stderr=b"oops\n")
    fake.exits["job"] = 3
    result = CliRunner().invoke(
        cli, ["--progress", "quiet", "run", "--rm", "--name", "job", "web", "sh", "-c", "x"]
    )
    assert result.exit_code == 3, result.output
    assert result.stdout == "hi\n" and "oops" in result.stderr
    assert fake.specs.get("job") is None  # --rm
    calls = [c for c in fake.calls if c.endswith(":job")]
    assert calls == ["create:job", "attach:job", "start:job", "wait_exited:job", "remove:job"]
    assert fake.calls.index("start:demo-db-1") < fake.calls.index("create:job")


def test_input_is_passed_on(fake: FakeEngine) -> None:
    fake.attach_replies["job"] = FakeReply(echo=True)
    fake.exits["job"] = 0
    result = CliRunner().invoke(
        cli, ["run", "-T", "--name", "job", "--no-deps", "web", "cat"], input="hello\n"
    )
    assert (result.exit_code, result.stdout) == (0, "hello\n")
    assert "create:demo-db-1" not in fake.calls
    assert fake.specs["job"].stdin_open and not fake.specs["job"].tty


def test_detached_run_prints_the_name_and_down_removes_it(fake: FakeEngine) -> None:
    args = [
        "run",
        "-d",
        "-e",
        "A=1",
        "-v",
        "./src:/src:ro",
        "-p",
        "9000:90",
        "-l",
        "k=v",
        "web",
        "sleep",
        "9",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    name = result.stdout.strip()
    assert name.startswith("demo-web-run-") and len(name) == len("demo-web-run-") + 12
    spec = fake.specs[name]
    assert spec.environment["A"] == "1" and spec.labels["k"] == "v"
    assert spec.mounts[-1] == MountSpec(
        type="bind", source=str(Path.cwd() / "src"), target="/src", read_only=True
    )
    assert [(p.target, p.published) for p in spec.ports] == [(90, "9000")]
    assert fake.containers[name].running and not fake.specs[name].stdin_open
    assert name not in [c.name for c in ps("demo", fake)]  # one-offs are not listed by default
    assert name in [c.name for c in ps("demo", fake, oneoff=True)]  # ps -a lists them (as Compose does)
    down("demo", fake, NullSink())
    assert fake.containers == {}


def test_detached_rm_leaves_the_removal_to_the_engine(fake: FakeEngine) -> None:
    result = CliRunner().invoke(cli, ["run", "-d", "--rm", "--name", "bg", "web"])
    assert result.exit_code == 0, result.output
    assert fake.specs["bg"].auto_remove and "remove:bg" not in fake.calls
    assert not fake.specs["bg"].stdin_open


def test_dry_run_changes_nothing(fake: FakeEngine) -> None:
    result = CliRunner().invoke(cli, ["--dry-run", "run", "--no-deps", "--name", "job", "web", "true"])
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines[-2:] == [["Container", "job", "create", "one-off"], ["Container", "job", "start"]]
    assert fake.calls == [] and fake.containers == {}


def test_refusals(fake: FakeEngine) -> None:
    result = CliRunner().invoke(cli, ["run", "nope"])
    assert result.exit_code != 0 and fake.calls == []


def test_a_missing_image_is_built_first_and_build_refusals_apply(tmp_path: Path) -> None:
    project = project_from(tmp_path, "services:\n  app:\n    build: .\n")
    assert plan_run(project, FakeEngine(), RunOptions(service="app")).render() == (
        "Network demo_default  create  not found\nImage demo-app        build   image not found\n"
    )
    refused = project_from(tmp_path, "services:\n  app:\n    build: {context: ., ssh: [default]}\n", "other")
    with pytest.raises(UnsupportedFeatureError, match=r"services\.app\.build\.ssh"):
        plan_run(refused, FakeEngine(), RunOptions(service="app"))
