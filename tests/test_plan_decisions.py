"""Golden plans for each decision of ``up``: every action carries its reason (fake engine, no daemon)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from compose import labels
from compose.engine.fake import FakeEngine
from compose.errors import ConfigError, NotFoundError
from compose.events import NullSink
from compose.orchestrator import DownOptions, plan_down, plan_up, up
from compose.plan import UpOptions
from tests.helpers import project_from

APP = """
services:
  web:
    image: app
    environment: {DEBUG: "0"}
    depends_on:
      db: {condition: service_healthy, restart: true}
  db:
    image: app
    healthcheck: {test: [CMD, "true"]}
    volumes: [data:/data]
  worker:
    image: app
    depends_on: [db]
volumes:
  data: {}
"""


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine(images={"app": "sha256:a"})


def _up(tmp_path: Path, engine: FakeEngine, text: str = APP, **options: object) -> None:
    up(project_from(tmp_path, text), engine, NullSink(), UpOptions(**options))  # type: ignore[arg-type]


def _plan(tmp_path: Path, engine: FakeEngine, text: str = APP, **options: object) -> str:
    return plan_up(project_from(tmp_path, text), engine, UpOptions(**options)).render()  # type: ignore[arg-type]


def test_changed_environment_names_the_key_and_values(tmp_path: Path, engine: FakeEngine) -> None:
    _up(tmp_path, engine)
    assert _plan(tmp_path, engine, APP.replace('DEBUG: "0"', 'DEBUG: "1"')) == (
        'Container demo-web-1  recreate      environment.DEBUG changed "0" -> "1"\n'
        "Container demo-db-1   wait_healthy  web waits for service_healthy\n"
        "Container demo-web-1  start\n"
    )
    added = APP.replace('DEBUG: "0"', 'DEBUG: "0", MODE: x').replace(
        "image: app\n    env", "image: app\n    env"
    )
    assert "environment.MODE added" in _plan(tmp_path, engine, added)
    command = APP.replace("image: app\n    environment", "image: app\n    command: [x]\n    environment")
    assert "Container demo-web-1  recreate      command added\n" in _plan(tmp_path, engine, command)


def test_container_of_another_tool_changed_configuration(tmp_path: Path, engine: FakeEngine) -> None:
    _up(tmp_path, engine)
    web = engine.containers["demo-web-1"]
    other = {k: v for k, v in web.labels.items() if k != labels.CONFIG_KEYS}
    engine.containers["demo-web-1"] = replace(web, labels=other)
    plan = _plan(tmp_path, engine, APP.replace('"0"', '"1"'))
    assert "Container demo-web-1  recreate      configuration changed\n" in plan


def test_image_network_and_volume_drift_recreate(tmp_path: Path, engine: FakeEngine) -> None:
    _up(tmp_path, engine)
    engine.images["app"] = "sha256:new"
    assert _plan(tmp_path, engine).count("image changed") == 3
    engine.images["app"] = "sha256:a"
    db = engine.containers["demo-db-1"]
    engine.containers["demo-db-1"] = replace(db, networks=(), volumes={})
    assert _plan(tmp_path, engine) == (
        "Container demo-db-1   recreate      network demo_default not attached\n"
        "Container demo-db-1   start\n"
        "Container demo-db-1   wait_healthy  web waits for service_healthy\n"
        "Container demo-web-1  restart       dependency db was recreated\n"
    )
    engine.containers["demo-db-1"] = replace(db, volumes={})
    assert "recreate      volume demo_data not mounted" in _plan(tmp_path, engine)


def test_recreated_dependency_restarts_dependents_that_ask(tmp_path: Path, engine: FakeEngine) -> None:
    _up(tmp_path, engine)
    changed = APP.replace('[CMD, "true"]', '[CMD, "true", "1"]')
    assert _plan(tmp_path, engine, changed) == (
        "Container demo-db-1   recreate      healthcheck.test changed\n"
        "Container demo-db-1   start\n"
        "Container demo-db-1   wait_healthy  web waits for service_healthy\n"
        "Container demo-web-1  restart       dependency db was recreated\n"
    )


def test_stopped_is_started_running_is_kept(tmp_path: Path, engine: FakeEngine) -> None:
    _up(tmp_path, engine)
    engine.containers["demo-worker-1"] = replace(engine.containers["demo-worker-1"], state="exited")
    plan = plan_up(project_from(tmp_path, APP), engine)
    assert plan.render() == "Container demo-worker-1  start  container is exited\n"
    assert [r.name for r in plan.kept] == ["demo-db-1", "demo-web-1"]


def test_scale_up_and_down_highest_numbers_first(tmp_path: Path, engine: FakeEngine) -> None:
    _up(tmp_path, engine, scale={"worker": 3})
    assert sorted(n for n in engine.containers if "worker" in n) == [
        "demo-worker-1",
        "demo-worker-2",
        "demo-worker-3",
    ]
    assert _plan(tmp_path, engine, scale={"worker": 1}) == (
        "Container demo-worker-3  remove  scale is 1\nContainer demo-worker-2  remove  scale is 1\n"
    )
    replicas = APP.replace("depends_on: [db]", "depends_on: [db]\n    deploy: {replicas: 4}")
    assert "Container demo-worker-4  create" in _plan(tmp_path, engine, replicas)
    scaled = APP.replace("depends_on: [db]", "depends_on: [db]\n    scale: 2")
    assert "demo-worker-3  remove  scale is 2" in _plan(tmp_path, engine, scaled)


def test_scale_waits_for_every_replica_of_a_dependency(tmp_path: Path, engine: FakeEngine) -> None:
    plan = _plan(tmp_path, engine, scale={"db": 2})
    assert "Container demo-db-2      wait_healthy  web waits for service_healthy" in plan


def test_orphans_warn_or_are_removed(tmp_path: Path, engine: FakeEngine) -> None:
    _up(tmp_path, engine)
    without_worker = APP.split("  worker:")[0] + "volumes:\n  data: {}\n"
    plan = plan_up(project_from(tmp_path, without_worker), engine)
    assert plan.render() == "nothing to do\n"
    assert plan.warnings == (
        "Found orphan containers (demo-worker-1) for this project. If you removed or renamed this service"
        " in your compose file, you can run this command with the --remove-orphans flag to clean it up.",
    )
    removing = _plan(tmp_path, engine, without_worker, remove_orphans=True)
    assert removing.startswith(
        "Container demo-worker-1  remove  orphan: service 'worker' is not in the project\n"
    )


def test_recreate_flags(tmp_path: Path, engine: FakeEngine) -> None:
    _up(tmp_path, engine)
    changed = APP.replace('"0"', '"1"')
    assert "recreate" not in _plan(tmp_path, engine, changed, no_recreate=True)
    forced = _plan(tmp_path, engine, force_recreate=True, services=("web",))
    assert forced == (
        "Container demo-web-1  recreate      --force-recreate\n"
        "Container demo-db-1   wait_healthy  web waits for service_healthy\n"
        "Container demo-web-1  start\n"
    )
    deps = _plan(tmp_path, engine, always_recreate_deps=True, services=("web",))
    assert "Container demo-db-1   recreate      --always-recreate-deps\n" in deps
    assert "demo-web-1  restart       dependency db was recreated" in deps


def test_named_services_bring_their_dependencies_unless_no_deps(tmp_path: Path, engine: FakeEngine) -> None:
    assert _plan(tmp_path, engine, services=("worker",)) == (
        "Network demo_default     create  not found\n"
        "Volume demo_data         create  not found\n"
        "Container demo-db-1      create  not found\n"
        "Container demo-db-1      start\n"
        "Container demo-worker-1  create  not found\n"
        "Container demo-worker-1  start\n"
    )
    alone = _plan(tmp_path, engine, services=("worker",), no_deps=True)
    assert "demo-db-1" not in alone and "demo-worker-1  start" in alone
    with pytest.raises(ConfigError, match="no such service: nope"):
        _plan(tmp_path, engine, services=("nope",))


def test_no_start_only_creates(tmp_path: Path, engine: FakeEngine) -> None:
    plan = _plan(tmp_path, engine, no_start=True)
    assert "start" not in plan and "wait" not in plan and plan.count("create") == 5


def test_missing_optional_dependency_only_warns(tmp_path: Path, engine: FakeEngine) -> None:
    text = """
        services:
          web:
            image: app
            depends_on:
              cache: {condition: service_started, required: false}
          cache: {image: app, profiles: [extra]}
        """
    plan = plan_up(project_from(tmp_path, text), engine)
    assert "Container demo-web-1  start" in plan.render()
    assert plan.warnings == (
        "service 'web' depends on 'cache', which is not in the project (required: false):"
        " starting without it",
    )


def test_pull_and_build_policies(tmp_path: Path, engine: FakeEngine) -> None:
    text = "services:\n  a: {image: other}\n  b: {image: app}\n  c: {build: .}\n"
    assert _plan(tmp_path, engine, text).splitlines()[1:3] == [
        "Image other           pull    image not found locally",
        "Container demo-a-1    create  not found",
    ]
    assert "Image app             pull    --pull always" in _plan(tmp_path, engine, text, pull="always")
    with pytest.raises(NotFoundError, match="image other of service 'a' is not present, and --pull never"):
        _plan(tmp_path, engine, text, pull="never")
    with pytest.raises(NotFoundError, match="--no-build was given"):
        _plan(tmp_path, engine, "services:\n  c: {build: .}\n", no_build=True)


def test_container_name_cannot_scale(tmp_path: Path, engine: FakeEngine) -> None:
    with pytest.raises(ConfigError, match="has a container_name, so it cannot have 2 containers"):
        _plan(tmp_path, engine, "services:\n  a: {image: app, container_name: solo}\n", scale={"a": 2})


def test_down_removes_images_with_rmi(tmp_path: Path, engine: FakeEngine) -> None:
    text = "services:\n  a: {image: app}\n  b: {build: .}\n"
    project = project_from(tmp_path, text)
    up(project, engine, NullSink())
    local = plan_down("demo", engine, DownOptions(rmi="local"), project).render()
    assert local.endswith("Network demo_default  remove  down\nImage demo-b          remove  --rmi\n")
    from_labels = plan_down("demo", engine, DownOptions(rmi="all")).render()
    assert "Image app             remove  --rmi\nImage demo-b          remove  --rmi\n" in from_labels
    assert "Image app" not in plan_down("demo", engine, DownOptions(rmi="local")).render()


def test_recreated_container_keeps_its_anonymous_volumes(tmp_path: Path, engine: FakeEngine) -> None:
    text = "services:\n  a:\n    image: app\n    volumes: [/cache]\n    environment: {V: '1'}\n"
    _up(tmp_path, engine, text)
    anonymous = engine.containers["demo-a-1"].volumes["/cache"]
    _up(tmp_path, engine, text.replace("'1'", "'2'"))
    spec = engine.specs["demo-a-1"]
    assert [(m.target, m.source) for m in spec.mounts] == [("/cache", anonymous)]
    assert spec.labels[labels.ANONYMOUS_VOLUMES] == anonymous
    assert plan_down("demo", engine, DownOptions(volumes=True)).render().splitlines()[-1] == (
        f"Volume {anonymous}   remove  down -v (anonymous volume of demo-a-1)"
    )


def test_renew_anon_volumes_recreates_the_named_services_with_new_anonymous_volumes(
    tmp_path: Path, engine: FakeEngine
) -> None:
    text = "services:\n  a:\n    image: app\n    volumes: [/cache]\n  b:\n    image: app\n    depends_on: [a]"
    _up(tmp_path, engine, text)
    old = engine.containers["demo-a-1"].volumes["/cache"]
    assert _plan(tmp_path, engine, text, renew_anon_volumes=True, services=("b",)) == (
        "Container demo-b-1  recreate  --renew-anon-volumes\nContainer demo-b-1  start\n"
    )
    assert _plan(tmp_path, engine, text, renew_anon_volumes=True) == (
        "Container demo-a-1  recreate  --renew-anon-volumes\n"
        "Container demo-a-1  start\n"
        "Container demo-b-1  recreate  --renew-anon-volumes\n"
        "Container demo-b-1  start\n"
    )
    _up(tmp_path, engine, text, renew_anon_volumes=True)
    spec = engine.specs["demo-a-1"]
    assert [(m.target, m.source) for m in spec.mounts] == [("/cache", "")]
    assert labels.ANONYMOUS_VOLUMES not in spec.labels
    assert engine.containers["demo-a-1"].volumes["/cache"] != old
