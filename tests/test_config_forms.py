"""Forms Compose accepts that normalize to one canonical shape: host entries, valueless build args, sizes."""

from __future__ import annotations

from tests.conftest import WriteProject
from tests.helpers import load


def test_extra_hosts_take_both_separators(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web:
            image: x
            extra_hosts: ["a=1.2.3.4", "b:5.6.7.8", "c=::1", "d:::2"]
            build: {context: ., extra_hosts: ["e=9.9.9.9"]}
        """
    )
    web = load(root).canonical["services"]["web"]
    assert web["extra_hosts"] == {"a": "1.2.3.4", "b": "5.6.7.8", "c": "::1", "d": "::2"}
    assert web["build"]["extra_hosts"] == {"e": "9.9.9.9"}


def test_a_build_arg_without_a_value_takes_the_environments(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web:
            build: {context: ., args: [FROM_ENV, MISSING, SET=1]}
        """
    )
    args = load(root, {"FROM_ENV": "shell"}).canonical["services"]["web"]["build"]["args"]
    assert args == {"FROM_ENV": "shell", "MISSING": None, "SET": "1"}


def test_deploy_memory_is_in_bytes(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web:
            image: x
            deploy:
              resources:
                limits: {memory: 64M, cpus: "0.5"}
                reservations: {memory: 1g}
        """
    )
    resources = load(root).canonical["services"]["web"]["deploy"]["resources"]
    assert resources["limits"] == {"memory": 64 * 1024**2, "cpus": "0.5"}
    assert resources["reservations"] == {"memory": 1024**3}
