"""The command line without an engine: config output, and errors as a user sees them (never a traceback)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from compose.config import LoadOptions, load_project
from tests.conftest import WriteProject

FILE = """
name: shop
services:
  web:
    build: ./web
    ports: ["8080:80"]
    environment: [MODE=prod]
    depends_on:
      db: {condition: service_healthy}
    x-note: kept
  db:
    image: postgres:16
    healthcheck: {test: pg_isready, interval: 5s}
    volumes: [data:/var/lib/postgresql/data]
volumes:
  data: {}
x-shared: {a: 1}
"""


def run(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "compose.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", **(env or {})},
    )


def test_config_output_loads_again_to_the_same_model(write_project: WriteProject) -> None:
    root = write_project(compose=FILE)
    first = run(root, "config")
    assert first.returncode == 0, first.stderr
    printed = yaml.safe_load(first.stdout)
    assert list(printed) == ["name", "services", "networks", "volumes"]
    assert printed["services"]["web"]["ports"] == [
        {"mode": "ingress", "protocol": "tcp", "published": "8080", "target": 80}
    ]
    again = root / "again"
    again.mkdir()
    (again / "compose.yaml").write_text(first.stdout)
    original = load_project(LoadOptions(working_dir=str(root), environment={})).project
    reloaded = load_project(LoadOptions(working_dir=str(again), environment={})).project
    assert reloaded.services == original.services
    assert reloaded.volumes == original.volumes
    assert json.loads(run(root, "config", "--format", "json").stdout) == printed


def test_config_listings(write_project: WriteProject) -> None:
    root = write_project(compose=FILE)
    assert run(root, "config", "--services").stdout.split() == ["db", "web"]
    assert run(root, "config", "--volumes").stdout.split() == ["data"]
    assert run(root, "config", "-q").stdout == ""


def test_errors_are_rendered_with_source_and_exit_1(write_project: WriteProject) -> None:
    root = write_project(
        compose="services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: [a]}\n"
    )
    result = run(root, "up", "-d")
    assert result.returncode == 1
    assert (
        result.stderr.splitlines()[0]
        == f"error: {root}/compose.yaml:2:30: services.a.depends_on.b: dependency cycle: a -> b -> a"
    )
    assert "Traceback" not in result.stderr


def test_yaml_syntax_error(write_project: WriteProject) -> None:
    root = write_project(compose="services:\n  web:\n    image: [nginx\n")
    result = run(root, "config")
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {root}/compose.yaml:4:1: invalid YAML:")
    assert "Traceback" not in result.stderr


def test_no_compose_file(tmp_path: Path) -> None:
    result = run(tmp_path, "ps")
    assert result.returncode == 1
    assert "no compose file found" in result.stderr and str(tmp_path) in result.stderr


def test_unsupported_key_is_refused_before_touching_the_engine(write_project: WriteProject) -> None:
    root = write_project(compose="services:\n  web:\n    image: x\n    cpu_count: 2\n")
    # no engine at this address: the refusal must come first
    result = run(root, "up", "-d", env={"DOCKER_HOST": "unix:///nonexistent.sock"})
    assert result.returncode == 1
    assert "compose.yaml:4:5: services.web.cpu_count: 'cpu_count' is not supported" in result.stderr


def test_version() -> None:
    result = run(Path("."), "version", "--short")
    assert result.returncode == 0 and result.stdout.strip() == "0.1.0"


def test_config_flags(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web:
            image: ${IMAGE:-nginx}
            build: ./src
            env_file: [app.env]
            profiles: [front]
          db: {image: "postgres:${PG:?set PG}", ports: ["${DB_PORT+5432}:5432"]}
        """,
        **{"app.env": "A=1\n"},
    )
    env = {"PG": "16"}
    assert run(root, "--profile", "front", "config", "--profiles", env=env).stdout == "front\n"
    assert run(root, "--profile", "front", "config", "--images", env=env).stdout.split() == [
        "postgres:16",
        "nginx",
    ]
    variables = run(root, "config", "--variables", env=env).stdout.splitlines()
    assert variables[0].split() == ["NAME", "REQUIRED", "DEFAULT", "VALUE", "ALTERNATE", "VALUE"]
    assert [line.split() for line in variables[1:]] == [
        ["DB_PORT", "false", "5432"],
        ["IMAGE", "false", "nginx"],
        ["PG", "true"],
    ]
    raw = yaml.safe_load(run(root, "config", "--no-interpolate").stdout)
    assert raw["services"]["web"]["image"] == "${IMAGE:-nginx}"
    relative = yaml.safe_load(
        run(root, "--profile", "front", "config", "--no-path-resolution", env=env).stdout
    )
    assert relative["services"]["web"]["build"]["context"] == "./src"
    hashes = run(root, "config", "--hash", "db", env=env).stdout.split()
    assert hashes[0] == "db" and len(hashes[1]) == 64
    out = root / "out.yaml"
    assert run(root, "config", "-o", str(out), env=env).stdout == ""
    assert yaml.safe_load(out.read_text())["services"]["db"]["image"] == "postgres:16"
    missing = run(root, "config")
    assert missing.returncode == 1 and "required variable PG is missing a value: set PG" in missing.stderr


def test_compose_file_variable_and_disabled_env_file(write_project: WriteProject) -> None:
    root = write_project(
        **{
            "one.yaml": "services:\n  a:\n    image: x:${TAG}\n",
            "two.yaml": "services:\n  b: {image: y}\n",
            ".env": "TAG=fromdotenv\n",
        },
    )
    env = {"COMPOSE_FILE": "one.yaml:two.yaml"}
    assert run(root, "config", "--services", env=env).stdout.split() == ["a", "b"]
    assert run(root, "config", "--images", env=env).stdout.split()[0] == "x:fromdotenv"
    disabled = run(root, "config", "--images", env={**env, "COMPOSE_DISABLE_ENV_FILE": "1"})
    assert disabled.stdout.split()[0] == "x:"


def test_graph_command(write_project: WriteProject) -> None:
    root = write_project(compose=FILE)
    assert run(root, "graph").stdout.splitlines() == ["shop", "└── web", "    └── db (service_healthy)"]
    assert '"web" -> "db" [label="service_healthy"];' in run(root, "graph", "--format", "dot").stdout


def test_version_formats() -> None:
    assert json.loads(run(Path("."), "version", "--format", "json").stdout) == {"version": "0.1.0"}
    assert run(Path("."), "version").stdout == "pycompose version 0.1.0\n"
