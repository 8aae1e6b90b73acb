"""``build`` without a daemon: the typed build model, what reaches the engine, what is refused, the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from compose.actions.build import BuildOptions, build, plan_build
from compose.cli.app import Globals, cli
from compose.desired_build import BuildFlags
from compose.engine.base import BuildSpec, Progress
from compose.engine.fake import FakeEngine
from compose.errors import ConfigError, OperationFailedError, UnsupportedFeatureError
from compose.events import ListSink, NullSink, ResourceDone, ResourceWorking
from compose.orchestrator import up
from compose.plan import UpOptions
from tests.helpers import project_from

FILE = """
services:
  app:
    build:
      context: ./app
      dockerfile_inline: "FROM pycompose/busybox:latest AS base\\nFROM base AS final\\n"
      target: base
      args: {A: "1", B: null}
      labels: [team=blue]
      network: none
      extra_hosts: ["db:10.0.0.2", "web:10.0.0.3"]
      shm_size: 64m
      cache_from: [app:cache]
      tags: [app:extra, registry:5000/app:2]
      no_cache: true
  named:
    image: shop/named:1
    build: ./named
  plain:
    image: pycompose/busybox:latest
"""


class RecordingEngine(FakeEngine):
    """A fake engine that keeps the specs it was asked to build."""

    builds: list[BuildSpec]

    def build_image(self, spec: BuildSpec, progress: Progress) -> str:
        self.__dict__.setdefault("builds", []).append(spec)
        return super().build_image(spec, progress)


def test_every_build_key_reaches_the_spec(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = RecordingEngine()
    build(project, engine, NullSink(), BuildOptions(services=("app",)))
    (spec,) = engine.builds
    assert spec.tag == "demo-app"
    assert spec.context == str(tmp_path / "demo" / "app")
    assert spec.dockerfile_inline.startswith("FROM pycompose/busybox:latest AS base")
    assert spec.target == "base"
    assert dict(spec.args) == {"A": "1"}  # B is named without a value: the Dockerfile's default applies
    assert spec.labels["team"] == "blue" and spec.labels["com.docker.compose.service"] == "app"
    assert spec.network == "none"
    assert spec.extra_hosts == ("db:10.0.0.2", "web:10.0.0.3")
    assert spec.shm_size == 64 * 1024 * 1024
    assert spec.cache_from == ("app:cache",)
    assert spec.tags == ("app:extra", "registry:5000/app:2")
    assert spec.no_cache and not spec.pull
    assert engine.images["app:extra"] == engine.images["demo-app"]


def test_image_name_is_project_service_unless_image_is_given(tmp_path: Path) -> None:
    plan = plan_build(project_from(tmp_path, FILE))
    assert plan.render() == (
        "Image demo-app      build  service app\nImage shop/named:1  build  service named\n"
    )


def test_command_line_flags_win(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    flags = BuildFlags(no_cache=True, pull=True, args={"A": "2", "C": "3"})
    engine = RecordingEngine()
    build(project, engine, NullSink(), BuildOptions(services=("named",), flags=flags))
    (spec,) = engine.builds
    assert (spec.no_cache, spec.pull, dict(spec.args)) == (True, True, {"A": "2", "C": "3"})


def test_progress_goes_to_the_sink(tmp_path: Path) -> None:
    sink = ListSink()
    build(project_from(tmp_path, FILE), FakeEngine(), sink, BuildOptions(services=("named",)))
    statuses = [e.status for e in sink.events if isinstance(e, ResourceWorking | ResourceDone)]
    assert statuses == ["Building", "Building: Step 1/1", "Built"]


def test_unsupported_build_keys_are_refused_with_their_location(tmp_path: Path) -> None:
    text = "services:\n  app:\n    build:\n      context: .\n      ssh: [default]\n      privileged: true\n"
    project = project_from(tmp_path, text)
    engine = FakeEngine()
    with pytest.raises(UnsupportedFeatureError) as caught:
        build(project, engine, NullSink())
    lines = str(caught.value).splitlines()
    assert lines[0].endswith(
        "compose.yaml:5:7: services.app.build.ssh: build key 'ssh' is not supported:"
        " forwarding SSH agents or keys needs BuildKit"
    )
    assert "compose.yaml:6:7: services.app.build.privileged" in lines[2]
    assert engine.calls == []
    with pytest.raises(UnsupportedFeatureError):  # up refuses it too, before any side effect
        up(project, engine, NullSink())
    assert engine.calls == []


def test_several_platforms_and_both_dockerfiles_are_refused(tmp_path: Path) -> None:
    text = "services:\n  app:\n    build:\n      context: .\n      platforms: [linux/amd64, linux/arm64]\n"
    with pytest.raises(UnsupportedFeatureError, match=r"compose.yaml:5:7: services.app.build.platforms"):
        plan_build(project_from(tmp_path, text))
    text = 'services:\n  app:\n    build:\n      dockerfile: D\n      dockerfile_inline: "FROM x"\n'
    with pytest.raises(ConfigError, match="dockerfile and dockerfile_inline cannot both be set"):
        plan_build(project_from(tmp_path, text, "other"))


def test_unknown_service_and_services_without_build(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    with pytest.raises(ConfigError, match="no such service: nope"):
        plan_build(project, BuildOptions(services=("nope",)))
    assert plan_build(project, BuildOptions(services=("plain",))).render() == "nothing to do\n"


def test_up_build_uses_the_same_spec(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = RecordingEngine(images={"pycompose/busybox:latest": "sha256:b"})
    up(project, engine, NullSink(), UpOptions(build=True, services=("app",)))
    direct = RecordingEngine()
    build(project, direct, NullSink(), BuildOptions(services=("app",)))
    assert engine.builds == direct.builds


def test_failed_build_names_the_image(tmp_path: Path) -> None:
    engine = FakeEngine(fail={"build:demo-app": OperationFailedError.at("no such stage")})
    with pytest.raises(OperationFailedError, match="Image demo-app: service 'app': no such stage"):
        build(project_from(tmp_path, FILE), engine, NullSink(), BuildOptions(services=("app",)))


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> RecordingEngine:
    engine = RecordingEngine()
    monkeypatch.setattr(Globals, "engine", lambda self: engine)
    return engine


def test_cli_build(tmp_path: Path, fake: RecordingEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    project_from(tmp_path, FILE)
    monkeypatch.chdir(tmp_path / "demo")
    monkeypatch.setenv("FROM_ENV", "e")
    monkeypatch.delenv("UNSET_ARG", raising=False)
    args = ["--progress", "plain", "build", "--no-cache", "--pull", "--build-arg", "X=1"]
    result = CliRunner().invoke(cli, [*args, "--build-arg", "FROM_ENV", "--build-arg", "UNSET_ARG", "named"])
    assert result.exit_code == 0, result.output
    assert "Image shop/named:1  Built" in result.output
    (spec,) = fake.builds
    assert (spec.no_cache, spec.pull, dict(spec.args)) == (True, True, {"X": "1", "FROM_ENV": "e"})


def test_cli_build_quiet_push_and_dry_run(
    tmp_path: Path, fake: RecordingEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    project_from(tmp_path, FILE)
    monkeypatch.chdir(tmp_path / "demo")
    quiet = CliRunner().invoke(cli, ["--progress", "plain", "build", "-q"])
    assert (quiet.exit_code, quiet.output) == (0, "")
    assert [s.tag for s in fake.builds] == ["demo-app", "shop/named:1"]
    push = CliRunner().invoke(cli, ["build", "--push"])
    assert push.exit_code == 2 and "build --push is not supported" in push.output
    dry = CliRunner().invoke(cli, ["--dry-run", "build", "named"])
    assert dry.output == "Image shop/named:1  build  service named\n"
    assert len(fake.builds) == 2
