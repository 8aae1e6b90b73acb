"""The whole loading pipeline, and a table of invalid files with their exact messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from compose.errors import ConfigError
from tests.conftest import WriteProject
from tests.helpers import load


def test_discovery_walks_up_and_names_the_project(write_project: WriteProject) -> None:
    root = write_project("My.App_1", compose="services:\n  web:\n    image: nginx\n")
    (root / "sub" / "deeper").mkdir(parents=True)
    loaded = load(root / "sub" / "deeper")
    assert loaded.project.name == "myapp_1"
    assert loaded.project.working_dir == str(root)
    assert loaded.project.config_files == (str(root / "compose.yaml"),)


def test_project_name_precedence(write_project: WriteProject) -> None:
    root = write_project(compose="name: fromfile\nservices:\n  web:\n    image: nginx\n")
    assert load(root).project.name == "fromfile"
    assert load(root, {"COMPOSE_PROJECT_NAME": "fromenv"}).project.name == "fromenv"
    assert load(root, {"COMPOSE_PROJECT_NAME": "fromenv"}, project_name="flag").project.name == "flag"
    with pytest.raises(ConfigError, match="invalid project name 'Bad Name'"):
        load(root, project_name="Bad Name")


def test_no_file_lists_what_was_searched(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load(tmp_path)
    text = str(info.value)
    assert "compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml" in text
    assert str(tmp_path) in text


def test_dotenv_and_shell_precedence(write_project: WriteProject) -> None:
    root = write_project(
        compose="services:\n  web:\n    image: ${IMAGE}:${TAG:-latest}\n"
        "    environment:\n      - FROM_SHELL\n",
        **{".env": "IMAGE=fromdotenv\nTAG=1\n"},
    )
    loaded = load(root, {"TAG": "2", "FROM_SHELL": "s"})
    web = loaded.project.services["web"]
    assert web.image == "fromdotenv:2"
    assert web.environment == {"FROM_SHELL": "s"}


def test_override_files_merge_in_order(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web:
            image: a
            command: run one
            environment: {A: "1", B: "1"}
            ports: ["80:80"]
            volumes: ["./x:/data", "cache:/cache"]
        volumes:
          cache: {}
        """,
        **{
            "other.yaml": """
        services:
          web:
            image: b
            command: ["run", "two"]
            environment: [B=2, C=3]
            ports: ["81:81"]
            volumes: ["./y:/data"]
        """
        },
    )
    web = load(root, files=("compose.yaml", "other.yaml")).project.services["web"]
    assert web.image == "b"
    assert web.command == ("run", "two")
    assert web.environment == {"A": "1", "B": "2", "C": "3"}
    assert [p.published for p in web.ports] == ["80", "81"]
    assert [(m.source, m.target) for m in web.volumes] == [("cache", "/cache"), (str(root / "y"), "/data")]


def test_default_override_file_is_picked_up(write_project: WriteProject) -> None:
    root = write_project(
        compose="services:\n  web:\n    image: a\n",
        **{"compose.override.yaml": "services:\n  web:\n    image: b\n"},
    )
    loaded = load(root)
    assert loaded.project.services["web"].image == "b"
    assert len(loaded.project.config_files) == 2


def test_profiles(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web: {image: a}
          debug: {image: b, profiles: [dev]}
        """
    )
    assert set(load(root).project.services) == {"web"}
    assert set(load(root, profiles=("dev",)).project.services) == {"web", "debug"}
    assert set(load(root, {"COMPOSE_PROFILES": "dev"}).project.services) == {"web", "debug"}


def test_normalized_forms(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web:
            build: ./app
            command: python -m "http.server" 80
            ports: ["127.0.0.1:8000-8001:80-81/udp"]
            depends_on: [db]
            healthcheck: {test: curl -f localhost, interval: 1m30s}
            networks: [front]
          db: {image: postgres}
        networks:
          front: {}
          outside: {external: true}
        """
    )
    loaded = load(root)
    web = loaded.project.services["web"]
    assert web.build is not None and web.build.context == str(root / "app")
    assert web.image_name("proj") == "proj-web"
    assert web.command == ("python", "-m", "http.server", "80")
    assert [(p.host_ip, p.published, p.target, p.protocol) for p in web.ports] == [
        ("127.0.0.1", "8000", 80, "udp"),
        ("127.0.0.1", "8001", 81, "udp"),
    ]
    assert web.depends_on[0].service == "db" and web.depends_on[0].condition == "service_started"
    assert web.healthcheck is not None
    assert web.healthcheck.test == ("CMD-SHELL", "curl -f localhost")
    assert web.healthcheck.interval == 90.0
    assert loaded.project.networks["front"].name == "proj_front"
    assert loaded.project.networks["outside"].name == "outside"
    assert "default" in loaded.project.networks  # db uses it


# Each invalid file with the exact first line of its message.
INVALID = [
    (
        "services:\n  web:\n    imagee: nginx\n",
        "compose.yaml:3:5: services.web.imagee: unknown key 'imagee'\n  hint: did you mean 'image'?",
    ),
    (
        "servics:\n  web: {image: a}\n",
        "compose.yaml:1:1: servics: unknown key 'servics'\n  hint: did you mean 'services'?",
    ),
    (
        "services:\n  web:\n    image: a\n    build: {context: ., dockerfil: D}\n",
        "compose.yaml:4:25: services.web.build.dockerfil: unknown key 'dockerfil'\n"
        "  hint: did you mean 'dockerfile'?",
    ),
    (
        "services:\n  web:\n    image: a\n    ports: ['80:http']\n",
        "compose.yaml:4:13: services.web.ports[0]: container port must be a number or a range like 8000-8010,"
        " not 'http'\n  hint: write ports as HOST:CONTAINER, e.g. \"8080:80\"",
    ),
    (
        "services:\n  web:\n    image: a\n    depends_on: [db]\n",
        "compose.yaml:4:18: services.web.depends_on.db: undefined service 'db'",
    ),
    (
        "services:\n  web:\n    image: a\n    depends_on:\n"
        "      db: {condition: service_ready}\n  db: {image: b}\n",
        'compose.yaml:5:23: services.web.depends_on.db.condition: must be one of "service_started", '
        '"service_healthy", "service_completed_successfully", not "service_ready"',
    ),
    (
        "services:\n  web:\n    image: a\n    networks: [back]\n",
        "compose.yaml:4:16: services.web.networks.back: undefined network 'back'\n"
        "  hint: declare it under the top-level networks:",
    ),
    (
        "services:\n  web:\n    image: a\n    volumes: ['data:/data']\n",
        "compose.yaml:4:15: services.web.volumes[0]: undefined volume 'data'\n"
        "  hint: declare it under the top-level volumes:",
    ),
    (
        "services:\n  web:\n    command: run\n",
        "compose.yaml:2:3: services.web: a service needs an image or a build",
    ),
    (
        "services:\n  web:\n    image: a\n    tty: [1]\n",
        "compose.yaml:4:10: services.web.tty: must be a boolean or a string, not a list",
    ),
]


@pytest.mark.parametrize(("text", "message"), INVALID)
def test_invalid_files(write_project: WriteProject, text: str, message: str) -> None:
    root = write_project(compose=text)
    with pytest.raises(ConfigError) as info:
        load(root)
    assert str(info.value).replace(str(root) + "/", "") == message


def test_all_schema_errors_are_reported_in_order(write_project: WriteProject) -> None:
    root = write_project(compose="services:\n  web:\n    imag: a\n  db:\n    imge: b\n")
    with pytest.raises(ConfigError) as info:
        load(root)
    assert [p.location.line for p in info.value.problems if p.location] == [3, 5]


def test_dependency_on_disabled_service_names_the_profile(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web: {image: a, depends_on: [debug]}
          debug: {image: b, profiles: [dev]}
        """
    )
    with pytest.raises(ConfigError) as info:
        load(root)
    problem = info.value.problems[0]
    assert problem.message == "service 'debug' is disabled (profiles: dev)"
    assert problem.hint == "enable it with --profile dev"


def test_durations_sizes_and_resource_files_are_canonical(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web:
            image: a
            healthcheck: {test: [CMD, "true"], interval: 90s, timeout: 500ms}
            stop_grace_period: 1h
            mem_limit: 512m
            shm_size: 1g
            secrets: [token]
        secrets:
          token: {file: ./token.txt}
        """
    )
    canonical = load(root).canonical
    web = canonical["services"]["web"]
    assert web["healthcheck"]["interval"] == "1m30s" and web["healthcheck"]["timeout"] == "500ms"
    assert web["stop_grace_period"] == "1h0m0s"
    assert web["mem_limit"] == 512 * 2**20 and web["shm_size"] == 2**30
    assert canonical["secrets"]["token"] == {"file": str(root / "token.txt"), "name": "proj_token"}


def test_bad_units_are_errors_with_location(write_project: WriteProject) -> None:
    root = write_project(compose="services:\n  web:\n    image: a\n    mem_limit: lots\n")
    with pytest.raises(ConfigError) as info:
        load(root)
    assert str(info.value).replace(str(root) + "/", "") == (
        'compose.yaml:4:16: services.web.mem_limit: "lots" is not valid: expected bytes: an integer, or a '
        "number with an optional unit such as '512m', '2g', '1.5GiB'"
    )


def test_values_from_variables_are_cast_to_their_types(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          w:
            image: a
            tty: ${TTY}
            scale: ${SCALE:-2}
            ports:
              - target: ${PORT}
            depends_on:
              d: {condition: service_started, required: "${REQ:-false}"}
          d: {image: a}
        """
    )
    web = load(root, {"TTY": "yes", "PORT": "80"}).canonical["services"]["w"]
    assert (web["tty"], web["scale"], web["ports"][0]["target"]) == (True, 2, 80)
    assert web["depends_on"]["d"]["required"] is False
    with pytest.raises(ConfigError, match=r'services\.w\.tty: "maybe" is not valid: expected boolean'):
        load(root, {"TTY": "maybe", "PORT": "80"})
