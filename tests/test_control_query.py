"""top, port, images, volumes, ls and wait on the in-memory engine."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from compose import orchestrator
from compose.actions import control_query as query
from compose.actions.control import Scope
from compose.engine.base import ContainerInfo
from compose.engine.fake import FakeEngine
from compose.errors import ConfigError, NotFoundError
from compose.events import NullSink
from compose.model import Project
from compose.plan import UpOptions
from tests.helpers import project_from

FILE = """
services:
  db:
    image: app
    volumes: [data:/data, /scratch]
  web:
    image: example.org:5000/team/web:2.1
    ports: ["8080:80", "9000/udp", "443"]
    scale: 2
volumes:
  data: {}
"""


def up(tmp_path: Path, text: str = FILE, name: str = "demo") -> tuple[Project, FakeEngine]:
    project = project_from(tmp_path, text, name)
    engine = FakeEngine(images={"app": "sha256:aaa", "example.org:5000/team/web:2.1": "sha256:bbb"})
    orchestrator.up(project, engine, NullSink(), UpOptions())
    return project, engine


def test_top_lists_the_processes_of_running_containers_by_name(tmp_path: Path) -> None:
    project, engine = up(tmp_path)
    engine.stop_container("demo-web-2")
    found = query.top(Scope("demo", project), engine)
    assert [c.name for c, _ in found] == ["demo-db-1", "demo-web-1"]
    assert found[0][1].titles[-1] == "CMD"
    assert query.top(Scope("demo", None, ("web",)), engine)[0][0].name == "demo-web-1"


def test_port_prints_where_a_container_port_is_published(tmp_path: Path) -> None:
    project, engine = up(tmp_path)
    scope = Scope("demo", project)
    assert query.port(scope, engine, "web", 80) == "0.0.0.0:8080"
    assert query.port(scope, engine, "web", 9000, protocol="udp") == "0.0.0.0:32769"
    assert query.port(scope, engine, "web", 443, index=2) == "0.0.0.0:32770"
    with pytest.raises(
        NotFoundError, match="no port 81/tcp for container demo-web-1: 80/tcp, 9000/udp, 443/tcp"
    ):
        query.port(scope, engine, "web", 81)
    with pytest.raises(NotFoundError, match='service "web" is not running container #3'):
        query.port(scope, engine, "web", 80, index=3)
    engine.stop_container("demo-db-1")
    with pytest.raises(NotFoundError, match='service "db" is not running'):
        query.port(scope, engine, "db", 80)
    with pytest.raises(ConfigError, match="no such service: nope"):
        query.port(scope, engine, "nope", 80)


def test_repository_and_tag_read_as_the_docker_cli_shows_them() -> None:
    assert query.repository_and_tag("redis") == ("redis", "latest")
    assert query.repository_and_tag("docker.io/library/redis:7") == ("redis", "7")
    assert query.repository_and_tag("localhost:5000/app") == ("localhost:5000/app", "latest")
    assert query.repository_and_tag("example.org:5000/team/web:2.1") == ("example.org:5000/team/web", "2.1")
    assert query.repository_and_tag("app@sha256:abc") == ("app", "")


def test_images_shows_each_containers_image_stopped_ones_too(tmp_path: Path) -> None:
    project, engine = up(tmp_path)
    engine.stop_container("demo-db-1")
    rows = query.images(Scope("demo", project), engine)
    assert [(r.container, r.repository, r.tag, r.image.id) for r in rows] == [
        ("demo-db-1", "app", "latest", "sha256:aaa"),
        ("demo-web-1", "example.org:5000/team/web", "2.1", "sha256:bbb"),
        ("demo-web-2", "example.org:5000/team/web", "2.1", "sha256:bbb"),
    ]
    assert rows[0].image.size > 0 and rows[0].image.created
    assert [r.container for r in query.images(Scope("demo", None, ("db",)), engine)] == ["demo-db-1"]


def test_images_of_a_container_whose_image_is_gone(tmp_path: Path) -> None:
    project, engine = up(tmp_path)
    del engine.images["app"]
    row = query.images(Scope("demo", project, ("db",)), engine)[0]
    assert (row.repository, row.tag, row.image.id, row.image.size) == ("app", "latest", "sha256:aaa", 0)


def test_volumes_lists_the_projects_volumes_or_those_a_service_mounts(tmp_path: Path) -> None:
    project, engine = up(tmp_path)
    up(tmp_path, name="other")
    assert [v.name for v in query.volumes(Scope("demo", project), engine)] == ["demo_data"]
    assert [v.name for v in query.volumes(Scope("demo", project, ("db",)), engine)] == ["demo_data"]
    assert query.volumes(Scope("demo", project, ("web",)), engine) == []
    found = query.volumes(Scope("demo"), engine)[0]
    assert (found.driver, found.scope, found.labels["com.docker.compose.volume"]) == (
        "local",
        "local",
        "data",
    )


def test_ls_finds_every_project_through_its_containers(tmp_path: Path) -> None:
    _, engine = up(tmp_path)
    engine.stop_container("demo-web-2")
    _, other = up(tmp_path, "services:\n  job: {image: app}\n", name="batch")
    engine.containers.update(other.containers)
    engine.stop_container("batch-job-1")
    assert query.list_projects(engine) == [
        query.ProjectSummary("demo", "running(2)", str(tmp_path / "demo" / "compose.yaml"))
    ]
    found = query.list_projects(engine, all_states=True)
    assert [(p.name, p.status) for p in found] == [("batch", "exited(1)"), ("demo", "exited(1), running(2)")]
    assert [p.name for p in query.list_projects(engine, all_states=True, names=("bat",))] == ["batch"]
    assert [p.name for p in query.list_projects(engine, all_states=True, names=("^demo$", "["))] == ["demo"]


def test_ls_joins_the_config_files_of_a_projects_containers(tmp_path: Path) -> None:
    _, engine = up(tmp_path)
    web = engine.containers["demo-web-2"]
    labels = {**web.labels, "com.docker.compose.project.config_files": "/a.yaml,/b.yaml"}
    engine.containers["demo-web-2"] = replace(web, labels=labels)
    files = query.list_projects(engine)[0].config_files.split(",")
    assert files == [str(tmp_path / "demo" / "compose.yaml"), "/a.yaml", "/b.yaml"]


def test_wait_blocks_until_the_containers_stop_and_returns_the_last_exit_code(tmp_path: Path) -> None:
    project, engine = up(tmp_path)
    heard: list[ContainerInfo] = []
    result: list[int] = []
    waiting = threading.Thread(
        target=lambda: result.append(query.wait(Scope("demo", project, ("web",)), engine, heard.append))
    )
    waiting.start()
    while not {"wait_exited:demo-web-1", "wait_exited:demo-web-2"} <= set(engine.calls):
        time.sleep(0.01)
    engine.kill_container("demo-web-1", "SIGTERM")
    while not heard:
        time.sleep(0.01)
    engine.kill_container("demo-web-2", "9")
    waiting.join(5)
    assert [(c.name, c.exit_code) for c in heard] == [("demo-web-1", 143), ("demo-web-2", 137)]
    assert result == [137]
    with pytest.raises(NotFoundError, match='no containers for project "demo"'):
        query.wait(Scope("demo", project, ("web",)), engine, heard.append)
