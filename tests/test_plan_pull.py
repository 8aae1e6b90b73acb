"""Golden plans for the pull and build decisions of ``up``: each service's ``pull_policy``, the ``--pull`` and
``--build`` flags over it, periodic refreshes, and pulls carried out before the containers are planned."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from compose.engine.fake import FakeEngine
from compose.errors import ConfigError, NotFoundError, OperationFailedError
from compose.events import ListSink, Notice, NullSink, Resource, ResourceDone
from compose.orchestrator import plan_up, up
from compose.plan import UpOptions
from compose.plan.pull import PullPolicy, age, due, parse
from tests.helpers import project_from

POLICIES = """
services:
  plain: {image: "a:1"}
  always: {image: "a:1", pull_policy: always}
  never: {image: "b:1", pull_policy: never}
  built: {image: "c:1", build: ., pull_policy: build}
  fresh: {image: "d:1", pull_policy: daily}
  stale: {image: "e:1", pull_policy: every_2h}
"""
PRESENT = {name: f"sha256:{name[0]}" for name in ("a:1", "b:1", "c:1", "d:1", "e:1")}


def _engine(**images: str) -> FakeEngine:
    now = time.time()
    return FakeEngine(images={**PRESENT, **images}, tagged={"d:1": now - 3600, "e:1": now - 3 * 3600 - 60})


def _plan(tmp_path: Path, engine: FakeEngine, text: str = POLICIES, **options: object) -> str:
    return plan_up(project_from(tmp_path, text), engine, UpOptions(**options)).render()  # type: ignore[arg-type]


def _images(rendered: str) -> list[str]:
    """The plan's image lines, with single spaces between the columns."""
    return [" ".join(line.split()) for line in rendered.splitlines() if line.startswith("Image")]


def test_each_service_pull_policy(tmp_path: Path) -> None:
    assert _images(_plan(tmp_path, _engine())) == [
        "Image a:1 pull pull_policy always",
        "Image c:1 build pull_policy build",
        "Image e:1 pull pull_policy every_2h: last pulled 3h1m ago",
    ]


def test_the_pull_flag_replaces_every_policy_and_build_makes_it_build(tmp_path: Path) -> None:
    engine = _engine()
    assert _images(_plan(tmp_path, engine, pull="never")) == []
    assert _images(_plan(tmp_path, engine, pull="missing")) == []
    assert sorted(_images(_plan(tmp_path, engine, pull="always"))) == [
        "Image a:1 pull --pull always",  # once, for plain and always
        "Image b:1 pull --pull always",
        "Image c:1 pull --pull always; built if the pull fails",  # it names an image: pulled first
        "Image d:1 pull --pull always",
        "Image e:1 pull --pull always",
    ]
    assert _images(_plan(tmp_path, engine, pull="build")) == ["Image c:1 build --pull build"]
    text = "services:\n  app: {image: 'a:1', build: ., pull_policy: never}\n"
    assert _images(_plan(tmp_path, engine, text, build=True, pull="always")) == ["Image a:1 build --build"]


def test_a_missing_image_is_pulled_or_built_unless_never(tmp_path: Path) -> None:
    engine = FakeEngine()
    text = """
        services:
          x: {image: "x:1", pull_policy: daily}
          y: {image: "y:1", build: ., pull_policy: never}
        """
    assert _images(_plan(tmp_path, engine, text)) == [
        "Image x:1 pull image not found locally",
        "Image y:1 build image not found",
    ]


def test_never_with_a_missing_image_names_the_service_the_image_and_the_key(tmp_path: Path) -> None:
    text = "services:\n  app:\n    image: pycompose/absent:1\n    pull_policy: never\n"
    with pytest.raises(NotFoundError) as raised:
        _plan(tmp_path, FakeEngine(), text)
    problem = raised.value.problems[0]
    assert problem.message == (
        "image pycompose/absent:1 of service 'app' is not present, and its pull_policy never"
    )
    assert problem.location is not None and problem.location.line == 4
    assert problem.hint == "pull it first (docker pull pycompose/absent:1), or change its pull_policy"
    with pytest.raises(NotFoundError, match="is not present, and --pull never was given"):
        _plan(tmp_path, FakeEngine(), text.replace("never", "always"), pull="never")


def test_policies_that_are_none_are_refused_before_anything(tmp_path: Path) -> None:
    text = "services:\n  a: {image: x, pull_policy: hourly}\n  b: {image: x, pull_policy: build}\n"
    engine = FakeEngine()
    with pytest.raises(ConfigError) as raised:
        _plan(tmp_path, engine, text)
    assert [p.message for p in raised.value.problems] == [
        "pull_policy 'hourly' is not a pull policy",
        "service 'b' has pull_policy build, but nothing to build",
    ]
    assert engine.calls == []


def test_up_pulls_first_and_recreates_what_runs_an_old_image(tmp_path: Path) -> None:
    project = project_from(tmp_path, "services:\n  app: {image: 'a:1'}\n  other: {image: 'b:1'}\n")
    engine = _engine()
    up(project, engine, NullSink())
    old = engine.containers["demo-app-1"].id
    plan = up(project, engine, NullSink(), UpOptions(pull="always"))
    assert plan.render() == (
        "Image a:1               pull      --pull always\n"
        "Image b:1               pull      --pull always\n"
        "Container demo-app-1    recreate  image changed\n"
        "Container demo-app-1    start\n"
        "Container demo-other-1  recreate  image changed\n"
        "Container demo-other-1  start\n"
    )
    assert engine.containers["demo-app-1"].id != old
    assert engine.containers["demo-app-1"].image_id == engine.images["a:1"]
    assert engine.calls.index("pull:a:1") < engine.calls.index("create:demo-app-1", 2)


def test_a_pull_that_brings_the_same_image_recreates_nothing(tmp_path: Path) -> None:
    project = project_from(tmp_path, "services:\n  app: {image: 'a:1', pull_policy: always}\n")
    engine = _engine()
    up(project, engine, NullSink())

    def same(name: str, progress: object) -> str:
        engine.calls.append(f"pull:{name}")
        return engine.images[name]

    engine.pull_image = same  # type: ignore[method-assign]
    plan = up(project, engine, NullSink())
    assert plan.render() == "Image a:1  pull  pull_policy always\n"


def test_build_policy_builds_at_every_up(tmp_path: Path) -> None:
    project = project_from(tmp_path, "services:\n  app: {build: ., pull_policy: build}\n")
    engine = FakeEngine()
    up(project, engine, NullSink())
    assert _plan(tmp_path, engine, "services:\n  app: {build: ., pull_policy: build}\n") == (
        "Image demo-app        build     pull_policy build\n"
        "Container demo-app-1  recreate  image changed\n"
        "Container demo-app-1  start\n"
    )
    assert "build" not in _plan(tmp_path, engine, "services:\n  app: {build: .}\n")


def test_parse_and_due() -> None:
    assert parse("if_not_present") == ("missing", 0.0)
    assert parse("weekly") == ("refresh", 7 * 86400.0)
    assert parse("every_1w2d") == ("refresh", 9 * 86400.0)
    assert parse("every_90m") == ("refresh", 5400.0)
    for bad in ("every_", "every_0s", "every_2", "every_x", "hourly", "Always"):
        with pytest.raises(ValueError):
            parse(bad)
    daily = PullPolicy("refresh", 86400.0, "pull_policy daily")
    assert due(daily, True, 3600.0) == ""
    assert due(daily, True, 90000.0) == "pull_policy daily: last pulled 1d1h ago"
    assert due(daily, True, None) == "pull_policy daily: the last pull time is unknown"
    assert due(daily, False, None) == "image not found locally"
    assert due(PullPolicy("never"), False, None) == due(PullPolicy("build"), True, None) == ""
    assert [age(s) for s in (0, 59, 3600, 3660, 90061)] == ["0s", "59s", "1h", "1h1m", "1d1h"]


BUILDABLE = "services:\n  app: {image: 'pycompose/app:1', build: .}\n"


def test_a_buildable_service_that_names_its_image_pulls_it_first(tmp_path: Path) -> None:
    """As Compose does: the named image is pulled when missing; the build only if the pull brought none."""
    project = project_from(tmp_path, BUILDABLE)
    assert _images(_plan(tmp_path, FakeEngine(), BUILDABLE)) == [
        "Image pycompose/app:1 pull image not found locally; built if the pull fails"
    ]
    pulled = FakeEngine()
    up(project, pulled, NullSink())
    assert "pull:pycompose/app:1" in pulled.calls
    assert not [c for c in pulled.calls if c.startswith("build:")]
    assert pulled.containers["demo-app-1"].image_id == pulled.images["pycompose/app:1"]


def test_a_failed_pull_of_a_buildable_image_warns_and_builds(tmp_path: Path) -> None:
    project = project_from(tmp_path, BUILDABLE)
    engine = FakeEngine()
    engine.fail["pull:pycompose/app:1"] = NotFoundError.at("pull access denied for pycompose/app")
    sink = ListSink()
    plan = up(project, engine, sink)
    assert [" ".join(line.split()) for line in plan.render().splitlines()] == [
        "Image pycompose/app:1 pull image not found locally; built if the pull fails",
        "Network demo_default create not found",
        "Image pycompose/app:1 build image not found",
        "Container demo-app-1 create not found",
        "Container demo-app-1 start",
    ]
    assert engine.calls.index("pull:pycompose/app:1") < engine.calls.index("build:pycompose/app:1")
    warnings = [e.text for e in sink.events if isinstance(e, Notice) and e.level == "warning"]
    assert warnings == [
        "Image pycompose/app:1: pull access denied for pycompose/app (ignored: the service can build it)"
    ]
    assert ResourceDone(Resource("image", "pycompose/app:1"), "Not pulled") in sink.events
    assert "demo-app-1" in engine.containers


def test_with_no_build_a_failed_pull_is_an_error(tmp_path: Path) -> None:
    project = project_from(tmp_path, BUILDABLE)
    engine = FakeEngine()
    engine.fail["pull:pycompose/app:1"] = NotFoundError.at("pull access denied for pycompose/app")
    with pytest.raises(OperationFailedError, match="pull access denied"):
        up(project, engine, NullSink(), UpOptions(no_build=True))
    assert not [c for c in engine.calls if c.startswith(("build:", "create:"))]
