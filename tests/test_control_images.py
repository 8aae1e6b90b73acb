"""pull and push on the in-memory engine: what is skipped and why, failures, and --ignore-*-failures."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from compose.actions import control_images as images
from compose.engine.fake import FakeEngine
from compose.errors import ConfigError, OperationFailedError
from compose.events import ListSink, Notice, ResourceDone
from tests.helpers import project_from

FILE = """
services:
  web:
    build: .
  api:
    image: example.org/team/api:1
    build: .
  db:
    image: redis:7
  cache:
    image: redis:7
  worker:
    image: busybox
    depends_on: [db]
"""


def statuses(sink: ListSink) -> dict[str, str]:
    return {e.resource.name: e.status for e in sink.events if isinstance(e, ResourceDone)}


def test_pull_pulls_each_named_image_once_even_one_that_can_be_built(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine, sink = FakeEngine(), ListSink()
    images.pull(images.plan_pull(project, engine), engine, sink)
    assert sorted(engine.calls) == ["pull:busybox", "pull:example.org/team/api:1", "pull:redis:7"]
    assert statuses(sink) == {
        "demo-web": "Skipped - No image to be pulled (service web is built)",
        "example.org/team/api:1": "Pulled",
        "redis:7": "Pulled",
        "busybox": "Pulled",
    }


def test_pull_ignore_buildable_skips_images_the_project_builds(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine, sink = FakeEngine(), ListSink()
    images.pull(images.plan_pull(project, engine, ignore_buildable=True), engine, sink)
    assert sorted(engine.calls) == ["pull:busybox", "pull:redis:7"]
    assert statuses(sink)["example.org/team/api:1"] == "Skipped - Image can be built (service api)"


def test_a_failed_pull_of_a_buildable_image_says_to_build_it(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = FakeEngine(fail={"pull:example.org/team/api:1": OperationFailedError.at("not found")})
    sink = ListSink()
    with pytest.raises(OperationFailedError, match=r"Image example\.org/team/api:1: service 'api'"):
        images.pull(images.plan_pull(project, engine), engine, sink)
    notices = [e.text for e in sink.events if isinstance(e, Notice)]
    assert notices == ["Some service image(s) must be built from source by running:\n    pycompose build api"]
    images.pull(images.plan_pull(project, engine), engine, ListSink(), ignore_failures=True)


def test_pull_policy_missing_skips_present_images_under_a_fixed_tag(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = FakeEngine(images={"redis:7": "sha256:r", "busybox": "sha256:b"})
    sink = ListSink()
    images.pull(images.plan_pull(project, engine, policy="missing", ignore_buildable=True), engine, sink)
    assert engine.calls == ["pull:busybox"]  # busybox is busybox:latest: a moving tag, pulled again
    assert statuses(sink)["redis:7"] == "Skipped - Image is already present locally"
    images.pull(images.plan_pull(project, engine, ("db",), policy="always"), engine, ListSink())
    assert engine.calls[-1] == "pull:redis:7"


POLICIES = """
services:
  fixed: {image: "redis:7"}
  keep: {image: "redis:7", pull_policy: missing}
  never: {image: "never:1", pull_policy: never}
  built: {image: "built:1", build: ., pull_policy: build}
  fresh: {image: "fresh:1", pull_policy: daily}
  stale: {image: "stale:1", pull_policy: every_2h}
"""


def test_pull_honours_each_service_pull_policy(tmp_path: Path) -> None:
    project = project_from(tmp_path, POLICIES)
    now = time.time()
    present = {name: "sha256:" + name[0] for name in ("redis:7", "never:1", "built:1", "fresh:1", "stale:1")}
    engine = FakeEngine(images=present, tagged={"fresh:1": now - 3600, "stale:1": now - 3 * 3600})
    sink = ListSink()
    images.pull(images.plan_pull(project, engine), engine, sink)
    assert engine.calls == ["pull:redis:7", "pull:stale:1"]  # fixed has no policy: pull always pulls it
    assert statuses(sink) == {
        "redis:7": "Pulled",
        "never:1": "Skipped - pull_policy never (service never)",
        "built:1": "Skipped - pull_policy build (service built)",
        "fresh:1": "Skipped - Image is not due for refresh (pull_policy daily)",
        "stale:1": "Pulled",
    }
    images.pull(images.plan_pull(project, engine, ("never",), policy="always"), engine, ListSink())
    assert engine.calls[-1] == "pull:never:1"  # --policy overrides the service's


def test_a_bad_pull_policy_is_refused_with_its_location(tmp_path: Path) -> None:
    project = project_from(tmp_path, "services:\n  app:\n    image: x\n    pull_policy: sometimes\n")
    with pytest.raises(ConfigError) as raised:
        images.plan_pull(project, FakeEngine())
    problem = raised.value.problems[0]
    assert problem.message == "pull_policy 'sometimes' is not a pull policy"
    assert (problem.path, problem.location and problem.location.line) == ("services.app.pull_policy", 4)
    assert "every_<duration>" in problem.hint


def test_pull_named_services_with_or_without_their_dependencies(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = FakeEngine()
    plan = images.plan_pull(project, engine, ("worker",))
    assert [op.resource.name for op in plan.plan.operations] == ["busybox"]
    plan = images.plan_pull(project, engine, ("worker",), include_deps=True)
    assert sorted(op.resource.name for op in plan.plan.operations) == ["busybox", "redis:7"]
    with pytest.raises(ConfigError, match="no such service: nope"):
        images.plan_pull(project, engine, ("nope",))


def test_a_failed_pull_is_an_error_naming_the_image_unless_ignored(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    unreachable = OperationFailedError.at(
        "pull image redis:7: dial tcp: lookup registry-1.docker.io: no such host"
    )
    engine = FakeEngine(fail={"pull:redis:7": unreachable})
    with pytest.raises(
        OperationFailedError, match="Image redis:7: service 'cache': pull image redis:7: dial tcp"
    ):
        images.pull(images.plan_pull(project, engine), engine, ListSink())
    sink = ListSink()
    images.pull(images.plan_pull(project, engine), engine, sink, ignore_failures=True)
    warning = "Image redis:7: service 'cache': pull image redis:7: dial tcp: lookup registry-1.docker.io"
    assert [e.text for e in sink.events if isinstance(e, Notice)] == [f"{warning}: no such host"]
    assert statuses(sink)["busybox"] == "Pulled"


def test_push_pushes_what_is_built_under_an_image_name(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine, sink = FakeEngine(images={"example.org/team/api:1": "sha256:a"}), ListSink()
    images.push(images.plan_push(project), engine, sink)
    assert engine.calls == ["push:example.org/team/api:1"]
    assert statuses(sink) == {
        "demo-web": "Skipped - service web has no image: name to push it under",
        "example.org/team/api:1": "Pushed",
        "redis:7": "Skipped - service db builds nothing (its image is pulled)",
        "busybox": "Skipped - service worker builds nothing (its image is pulled)",
    }


def test_push_of_a_named_service_without_image_name_explains_it(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    with pytest.raises(ConfigError) as raised:
        images.plan_push(project, ("web",))
    problem = raised.value.problems[0]
    assert problem.message == "service 'web' has no image name to push its image under"
    assert problem.path == "services.web"
    assert problem.location is not None and problem.location.line == 3
    assert "image: REGISTRY/REPOSITORY:TAG" in problem.hint


def test_a_failed_push_is_an_error_unless_ignored(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    engine = FakeEngine()
    with pytest.raises(OperationFailedError, match="does not exist locally"):
        images.push(images.plan_push(project, ("api",)), engine, ListSink())
    sink = ListSink()
    images.push(images.plan_push(project), engine, sink, ignore_failures=True)
    assert "does not exist locally" in next(e.text for e in sink.events if isinstance(e, Notice))
