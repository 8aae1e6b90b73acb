"""Tests for the hand-written Compose file JSON Schema in schemas/compose-spec.schema.json.

Assertions only look at ``error.absolute_path`` and ``error.validator`` (never at message
text), so rewording descriptions or messages cannot break them.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "compose-spec.schema.json"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    with SCHEMA_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema)


def _walk(node: Any, path: tuple = ()):  # yields (path, dict) for every sub-schema dict
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, index))


# --------------------------------------------------------------------------- the schema itself


def test_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_every_ref_resolves_to_a_def(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    refs = {node["$ref"] for _, node in _walk(schema) if isinstance(node.get("$ref"), str)}
    assert refs, "expected the schema to use $defs"
    for target in refs:
        assert target.startswith("#/$defs/"), target
        assert target.removeprefix("#/$defs/") in defs, target


def test_every_def_is_used(schema: dict[str, Any]) -> None:
    used = {node["$ref"].removeprefix("#/$defs/") for _, node in _walk(schema) if "$ref" in node}
    assert set(schema["$defs"]) <= used


def test_closed_objects_allow_x_extensions(schema: dict[str, Any]) -> None:
    """Every object with a fixed set of keys rejects unknown keys but lets x-* through."""
    closed = [(p, n) for p, n in _walk(schema) if isinstance(n.get("properties"), dict)]
    assert len(closed) > 40
    for path, node in closed:
        assert node.get("additionalProperties") is False, path
        assert "^x-" in node.get("patternProperties", {}), path


SERVICE_KEYS = (
    "annotations",
    "attach",
    "blkio_config",
    "build",
    "cap_add",
    "cap_drop",
    "cgroup",
    "cgroup_parent",
    "command",
    "configs",
    "container_name",
    "cpu_count",
    "cpu_percent",
    "cpu_shares",
    "cpu_period",
    "cpu_quota",
    "cpu_rt_runtime",
    "cpu_rt_period",
    "cpus",
    "cpuset",
    "credential_spec",
    "depends_on",
    "deploy",
    "develop",
    "device_cgroup_rules",
    "devices",
    "dns",
    "dns_opt",
    "dns_search",
    "domainname",
    "driver_opts",
    "entrypoint",
    "env_file",
    "environment",
    "expose",
    "extends",
    "external_links",
    "extra_hosts",
    "gpus",
    "group_add",
    "healthcheck",
    "hostname",
    "image",
    "init",
    "ipc",
    "isolation",
    "label_file",
    "labels",
    "links",
    "logging",
    "mac_address",
    "mem_limit",
    "mem_reservation",
    "mem_swappiness",
    "memswap_limit",
    "models",
    "network_mode",
    "networks",
    "oom_kill_disable",
    "oom_score_adj",
    "pid",
    "pids_limit",
    "platform",
    "ports",
    "post_start",
    "pre_stop",
    "privileged",
    "profiles",
    "provider",
    "pull_policy",
    "pull_refresh_after",
    "read_only",
    "restart",
    "runtime",
    "scale",
    "secrets",
    "security_opt",
    "shm_size",
    "stdin_open",
    "stop_grace_period",
    "stop_signal",
    "storage_opt",
    "sysctls",
    "tmpfs",
    "tty",
    "ulimits",
    "use_api_socket",
    "user",
    "userns_mode",
    "uts",
    "volumes",
    "volumes_from",
    "working_dir",
)


def test_service_declares_every_spec_attribute(schema: dict[str, Any]) -> None:
    assert set(schema["$defs"]["service_def"]["properties"]) == set(SERVICE_KEYS)


def test_top_level_keys(schema: dict[str, Any]) -> None:
    assert set(schema["properties"]) == {
        "version",
        "name",
        "include",
        "services",
        "networks",
        "volumes",
        "secrets",
        "configs",
        "models",
    }


# --------------------------------------------------------------------------- valid documents

# A realistic file (awesome-compose style flask + redis), kept as YAML on purpose.
FLASK_REDIS_YAML = """
name: flask-redis
services:
  web:
    build: .
    ports:
      - "8000:5000"
    environment:
      REDIS_HOST: redis
      FLASK_DEBUG: 1
    depends_on:
      - redis
    develop:
      watch:
        - action: sync
          path: .
          target: /code
          ignore:
            - __pycache__/
        - action: rebuild
          path: requirements.txt
  redis:
    image: redislabs/redismod
    ports:
      - "6379:6379"
    restart: "always"
x-dev-notes: "extension keys are ignored"
"""
FLASK_REDIS = yaml.safe_load(FLASK_REDIS_YAML)
PIPE = "\\\\.\\pipe\\docker_engine"

VALID_DOCUMENTS: dict[str, dict[str, Any]] = {
    "empty-file": {},
    "flask-redis": FLASK_REDIS,
    "long-form-ports-and-volumes": {
        "services": {
            "web": {
                "image": "nginx:1.27",
                "ports": [
                    80,
                    "127.0.0.1:8443:443/tcp",
                    {
                        "target": 80,
                        "published": "8080",
                        "host_ip": "0.0.0.0",
                        "protocol": "tcp",
                        "app_protocol": "http",
                        "mode": "host",
                        "name": "web",
                    },
                    {"target": 9000, "published": "9000-9010"},
                ],
                "volumes": [
                    "./site:/usr/share/nginx/html:ro",
                    {
                        "type": "bind",
                        "source": "./conf",
                        "target": "/etc/nginx/conf.d",
                        "read_only": True,
                        "bind": {
                            "propagation": "rprivate",
                            "create_host_path": True,
                            "selinux": "z",
                            "recursive": "readonly",
                        },
                    },
                    {
                        "type": "volume",
                        "source": "data",
                        "target": "/data",
                        "volume": {"nocopy": True, "subpath": "sub", "labels": {"a": "b"}},
                    },
                    {"type": "tmpfs", "target": "/tmp", "tmpfs": {"size": "64m", "mode": 1777}},
                    {"type": "image", "source": "alpine", "target": "/alpine", "image": {"subpath": "etc"}},
                    {"type": "npipe", "source": PIPE, "target": PIPE},
                ],
            }
        },
        "volumes": {"data": {}},
    },
    "depends-on-map": {
        "services": {
            "app": {
                "image": "app",
                "depends_on": {
                    "db": {"condition": "service_healthy", "restart": True},
                    "migrate": {"condition": "service_completed_successfully", "required": False},
                    "cache": {"condition": "service_started"},
                },
            },
            "db": {"image": "postgres", "healthcheck": {"test": ["CMD", "pg_isready"], "interval": "5s"}},
            "migrate": {"image": "app", "command": ["migrate"]},
            "cache": {"image": "redis"},
        }
    },
    "x-extensions-everywhere": {
        "x-common": {"anything": ["goes", 1, None]},
        "services": {
            "web": {
                "image": "web",
                "x-owner": "team-a",
                "build": {"context": ".", "x-cache": True},
                "deploy": {"x-note": 1, "resources": {"x-r": 1, "limits": {"cpus": "0.5", "x-l": 1}}},
                "healthcheck": {"test": "true", "x-h": 1},
                "ports": [{"target": 80, "x-p": 1}],
            }
        },
        "networks": {"front": {"driver": "bridge", "x-net": "yes"}},
        "volumes": {"data": {"x-vol": 1}},
        "secrets": {"token": {"file": "./token.txt", "x-s": 1}},
        "configs": {"conf": {"content": "a=b", "x-c": 1}},
    },
    "null-resource-entries": {
        "services": {
            "web": {
                "image": "web",
                "networks": {"front": None, "back": {"aliases": ["api"], "priority": 10}},
            },
        },
        "networks": {"front": None, "back": {"ipam": {"config": [{"subnet": "172.28.0.0/16"}]}}},
        "volumes": {"data": None},
    },
    "build-object": {
        "services": {
            "api": {
                "image": "registry.example.com/api:1.0",
                "build": {
                    "context": "./api",
                    "dockerfile": "Dockerfile.prod",
                    "args": ["GIT_COMMIT=abc", "DEBUG"],
                    "ssh": ["default"],
                    "cache_from": ["type=registry,ref=example/cache"],
                    "cache_to": ["type=inline"],
                    "additional_contexts": {"base": "docker-image://alpine:3"},
                    "entitlements": ["network.host"],
                    "extra_hosts": {"somehost": "162.242.195.82"},
                    "isolation": "default",
                    "labels": {"com.example.team": "api"},
                    "network": "host",
                    "no_cache": False,
                    "platforms": ["linux/amd64", "linux/arm64"],
                    "privileged": True,
                    "pull": "true",
                    "secrets": ["npm_token", {"source": "gh", "target": "github_token"}],
                    "shm_size": "2gb",
                    "tags": ["example/api:latest"],
                    "target": "prod",
                    "ulimits": {"nofile": {"soft": 20000, "hard": 40000}},
                    "provenance": "mode=max",
                    "sbom": True,
                },
            },
            "inline": {
                "build": {"dockerfile_inline": "FROM alpine\nRUN true\n", "args": {"N": 1, "E": None}},
            },
        },
        "secrets": {"npm_token": {"environment": "NPM_TOKEN"}, "gh": {"file": "./gh.txt"}},
    },
    "strings-compose-casts": {
        "services": {
            "web": {
                "image": "web",
                "ports": [{"target": "80", "published": 8080}],
                "scale": "2",
                "cpus": "0.5",
                "mem_limit": "512m",
                "memswap_limit": -1,
                "read_only": "true",
                "init": "false",
                "privileged": "False",
                "tty": "yes",
                "stdin_open": False,
                "oom_score_adj": "-500",
                "deploy": {"replicas": "3", "resources": {"limits": {"memory": "1G", "pids": "100"}}},
                "healthcheck": {"retries": "3", "disable": "false"},
                "ulimits": {"nproc": "65535", "nofile": {"soft": "1024", "hard": 2048}},
            }
        },
        "networks": {"ext": {"external": "true"}},
    },
    "uninterpolated-variables": {
        "services": {
            "web": {
                "image": "${IMAGE:-nginx}",
                "ports": [{"target": "${PORT}", "published": "${HOST_PORT:-8080}"}],
                "read_only": "${RO:-false}",
                "deploy": {"replicas": "${REPLICAS}"},
                "stop_grace_period": "${GRACE:-10s}",
            }
        }
    },
    "deploy-full": {
        "services": {
            "worker": {
                "image": "worker",
                "deploy": {
                    "mode": "replicated",
                    "replicas": 4,
                    "endpoint_mode": "dnsrr",
                    "labels": ["com.example.tier=backend"],
                    "placement": {
                        "constraints": ["node.role == manager"],
                        "preferences": [{"spread": "node.labels.zone"}],
                        "max_replicas_per_node": 2,
                    },
                    "resources": {
                        "limits": {"cpus": 0.5, "memory": "50M", "pids": 1},
                        "reservations": {
                            "cpus": "0.25",
                            "memory": "20M",
                            "generic_resources": [{"discrete_resource_spec": {"kind": "gpu", "value": 2}}],
                            "devices": [{"capabilities": ["gpu"], "count": "all", "driver": "nvidia"}],
                        },
                    },
                    "restart_policy": {
                        "condition": "on-failure",
                        "delay": "5s",
                        "max_attempts": 3,
                        "window": "120s",
                    },
                    "update_config": {
                        "parallelism": 2,
                        "delay": "10s",
                        "failure_action": "rollback",
                        "monitor": "1m30s",
                        "max_failure_ratio": 0.3,
                        "order": "start-first",
                    },
                    "rollback_config": {"parallelism": 0, "order": "stop-first"},
                },
            }
        }
    },
    "secrets-configs-include-models": {
        "include": [
            "./infra/compose.yaml",
            {"path": ["a.yaml", "b.yaml"], "env_file": ".env.inc", "project_directory": ".."},
        ],
        "services": {
            "app": {
                "image": "app",
                "secrets": [
                    "db_password",
                    {
                        "source": "api_key",
                        "target": "/run/keys/api",
                        "uid": "103",
                        "gid": "103",
                        "mode": 0o440,
                    },
                ],
                "configs": [{"source": "app_conf", "target": "/etc/app.conf", "mode": "0444"}],
                "models": {"llm": {"endpoint_var": "LLM_URL", "model_var": "LLM_NAME"}},
                "post_start": [{"command": "chown -R 1001 /data", "user": "root"}],
                "pre_stop": [{"command": ["./flush.sh"], "environment": {"FORCE": "1"}}],
            },
            "other": {"image": "app", "models": ["llm"], "use_api_socket": True},
            "database": {
                "provider": {
                    "type": "awesomecloud",
                    "options": {"type": "mysql", "size": 2, "tags": ["a", "b"]},
                }
            },
        },
        "secrets": {"db_password": {"file": "./pw.txt"}, "api_key": {"external": True, "name": "prod_key"}},
        "configs": {"app_conf": {"file": "./app.conf", "template_driver": "golang"}},
        "models": {"llm": {"model": "ai/smollm2", "context_size": 1024, "runtime_flags": ["--verbose"]}},
    },
    "misc-service-shapes": {
        "version": "3.9",
        "services": {
            "svc.one_2-b": {
                "image": "busybox",
                "command": None,
                "entrypoint": ["/bin/sh", "-c"],
                "environment": ["A=1", "B"],
                "env_file": ["common.env", {"path": "local.env", "required": False, "format": "raw"}],
                "labels": {"x": "1", "n": 2, "b": True, "z": None},
                "extends": {"service": "base", "file": "base.yaml"},
                "gpus": "all",
                "extra_hosts": ["host.docker.internal=host-gateway"],
                "devices": [
                    "/dev/ttyUSB0:/dev/ttyUSB0",
                    {"source": "/dev/sda", "target": "/dev/xvda", "permissions": "rwm"},
                ],
                "logging": {"driver": "json-file", "options": {"max-size": "200k", "max-file": 10}},
                "blkio_config": {"weight": 300, "device_read_bps": [{"path": "/dev/sda", "rate": "12mb"}]},
                "credential_spec": {"file": "spec.json"},
                "sysctls": {"net.core.somaxconn": 1024},
                "tmpfs": "/run",
                "dns": "8.8.8.8",
                "profiles": ["debug"],
                "cgroup": "private",
                "pid": None,
                "healthcheck": {
                    "test": ["NONE"],
                    "start_period": "30s",
                    "start_interval": "2s",
                    "timeout": "1m30s",
                    "retries": 0,
                },
                "develop": {
                    "watch": [
                        {
                            "path": "src",
                            "action": "sync+exec",
                            "target": "/app",
                            "initial_sync": True,
                            "exec": {"command": "kill -HUP 1"},
                        }
                    ]
                },
                "stop_grace_period": "1m30s",
                "attach": False,
                "annotations": ["com.example.x=y"],
                "label_file": ["./labels"],
            },
        },
    },
    "legacy-external-name": {
        "services": {"web": {"image": "web", "networks": ["outside"]}},
        "networks": {"outside": {"external": {"name": "actual-name"}}},
        "volumes": {"old": {"external": True}},
    },
}


@pytest.mark.parametrize("name", sorted(VALID_DOCUMENTS))
def test_valid_documents_pass(validator: Draft202012Validator, name: str) -> None:
    errors = sorted(validator.iter_errors(VALID_DOCUMENTS[name]), key=lambda e: list(e.absolute_path))
    assert not errors, [(list(e.absolute_path), e.validator) for e in errors]


# --------------------------------------------------------------------------- invalid documents


def _web(**attrs: Any) -> dict[str, Any]:
    return {"services": {"web": {"image": "nginx", **attrs}}}


# (document, expected absolute_path, expected validator keyword, offending key for additionalProperties)
INVALID_DOCUMENTS: dict[str, tuple[dict[str, Any], tuple, str, str | None]] = {
    "unknown-top-level-key": ({"services": {}, "servces": {}}, (), "additionalProperties", "servces"),
    "unknown-service-key": (_web(wrongField=1), ("services", "web"), "additionalProperties", "wrongField"),
    "bad-service-name": (
        {"services": {"my web": {"image": "nginx"}}},
        ("services",),
        "additionalProperties",
        "my web",
    ),
    "service-is-a-string": ({"services": {"web": "nginx"}}, ("services", "web"), "type", None),
    "unknown-key-in-build": (
        _web(build={"context": ".", "dockerfle": "Dockerfile"}),
        ("services", "web", "build"),
        "additionalProperties",
        "dockerfle",
    ),
    "unknown-key-in-healthcheck": (
        _web(healthcheck={"test": "true", "intervall": "5s"}),
        ("services", "web", "healthcheck"),
        "additionalProperties",
        "intervall",
    ),
    "unknown-key-in-network-entry": (
        {"services": {}, "networks": {"front": {"driver": "bridge", "subnet": "10.0.0.0/8"}}},
        ("networks", "front"),
        "additionalProperties",
        "subnet",
    ),
    "network-entry-is-a-string": ({"networks": {"front": "bridge"}}, ("networks", "front"), "type", None),
    "wrong-depends-on-condition": (
        _web(depends_on={"db": {"condition": "service_ready"}}),
        ("services", "web", "depends_on", "db", "condition"),
        "enum",
        None,
    ),
    "depends-on-map-without-condition": (
        _web(depends_on={"db": {"restart": True}}),
        ("services", "web", "depends_on", "db"),
        "required",
        None,
    ),
    "unknown-key-in-long-port": (
        _web(ports=[{"target": 80, "host_port": 8080}]),
        ("services", "web", "ports", 0),
        "additionalProperties",
        "host_port",
    ),
    "bad-volume-type": (
        _web(volumes=[{"type": "nfs", "source": "x", "target": "/x"}]),
        ("services", "web", "volumes", 0, "type"),
        "enum",
        None,
    ),
    "long-volume-without-type": (
        _web(volumes=[{"source": "data", "target": "/data"}]),
        ("services", "web", "volumes", 0),
        "required",
        None,
    ),
    "negative-tmpfs-size": (
        _web(volumes=[{"type": "tmpfs", "target": "/t", "tmpfs": {"size": -1}}]),
        ("services", "web", "volumes", 0, "tmpfs", "size"),
        "minimum",
        None,
    ),
    "boolean-that-does-not-cast": (
        _web(read_only="maybe"),
        ("services", "web", "read_only"),
        "pattern",
        None,
    ),
    "replicas-that-do-not-cast": (
        _web(deploy={"replicas": "two"}),
        ("services", "web", "deploy", "replicas"),
        "pattern",
        None,
    ),
    "unknown-key-in-deploy-resources": (
        _web(deploy={"resources": {"impossible": {"x": 1}}}),
        ("services", "web", "deploy", "resources"),
        "additionalProperties",
        "impossible",
    ),
    "device-reservation-without-capabilities": (
        _web(deploy={"resources": {"reservations": {"devices": [{"driver": "nvidia", "count": 2}]}}}),
        ("services", "web", "deploy", "resources", "reservations", "devices", 0),
        "required",
        None,
    ),
    "bad-watch-action": (
        _web(develop={"watch": [{"path": ".", "action": "copy"}]}),
        ("services", "web", "develop", "watch", 0, "action"),
        "enum",
        None,
    ),
    "environment-value-is-a-list": (
        _web(environment={"FOO": ["1"]}),
        ("services", "web", "environment", "FOO"),
        "type",
        None,
    ),
    "bad-duration": (
        _web(healthcheck={"interval": "10 seconds"}),
        ("services", "web", "healthcheck", "interval"),
        "pattern",
        None,
    ),
    "extends-without-service": (
        _web(extends={"file": "base.yaml"}),
        ("services", "web", "extends"),
        "required",
        None,
    ),
    "cgroup-not-in-enum": (_web(cgroup="service:db"), ("services", "web", "cgroup"), "enum", None),
    "unknown-key-in-secret-definition": (
        {"secrets": {"token": {"file": "./t", "contents": "x"}}},
        ("secrets", "token"),
        "additionalProperties",
        "contents",
    ),
    "model-without-model-reference": (
        {"models": {"llm": {"context_size": 10}}},
        ("models", "llm"),
        "required",
        None,
    ),
    "service-model-entry-null": (
        _web(models={"llm": None}),
        ("services", "web", "models", "llm"),
        "type",
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(INVALID_DOCUMENTS))
def test_invalid_documents_fail_at_expected_path(validator: Draft202012Validator, name: str) -> None:
    document, path, keyword, offending_key = INVALID_DOCUMENTS[name]
    errors = list(validator.iter_errors(document))
    assert len(errors) == 1, [(list(e.absolute_path), e.validator) for e in errors]
    (error,) = errors
    assert tuple(error.absolute_path) == path
    assert error.validator == keyword
    if offending_key is not None:
        assert offending_key in error.instance
        assert offending_key not in error.schema.get("properties", {})


def test_flask_redis_with_a_typo_reports_only_the_typo(validator: Draft202012Validator) -> None:
    document = copy.deepcopy(FLASK_REDIS)
    document["services"]["redis"]["restrat"] = "always"
    errors = list(validator.iter_errors(document))
    assert [(tuple(e.absolute_path), e.validator) for e in errors] == [
        (("services", "redis"), "additionalProperties")
    ]
