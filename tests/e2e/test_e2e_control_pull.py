"""pull_policy on the real engine, offline: ``never`` with a missing image is a clear error, ``build`` builds,
``missing`` leaves a present image alone, periodic policies read the image's tag time, ``--pull never``
overrides the file, and ``pull --ignore-buildable`` skips what the project builds.

No registry is reachable: a pull is an engine error, which is what the pulling cases check."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import BUSYBOX, FOREVER, PYTHON, Project

pytestmark = pytest.mark.engine


def test_never_with_a_missing_image_names_the_service_and_the_image(project: Project) -> None:
    absent = f"pycompose/{project.name}-absent:1"
    project.write(f"services:\n  app:\n    image: {absent}\n    pull_policy: never\n")
    for command in (["up", "-d"], ["create"], ["run", "--rm", "app", "true"]):
        result = project.run(*command, check=False)
        assert result.code == 1, command
        assert f"image {absent} of service 'app' is not present, and its pull_policy never" in result.err
        assert "compose.yaml:4:5" in result.err and "Traceback" not in result.err
    assert project.leftovers() == {"containers": [], "networks": [], "volumes": []}


def test_build_policy_builds_at_every_up(project: Project) -> None:
    project.write(
        f"""
        services:
          app:
            build: {{context: ., dockerfile_inline: "FROM {BUSYBOX}\\nRUN echo built > /built\\n"}}
            pull_policy: build
            command: {FOREVER}
        """
    )
    for _ in range(2):
        result = project.run("--progress", "plain", "up", "-d")
        assert "Built" in result.err and "Pulling" not in result.err
    assert [c.status for c in project.containers()] == ["running"]


def test_missing_with_a_present_image_pulls_nothing(project: Project) -> None:
    project.write(
        f"services:\n  app:\n    image: {PYTHON}\n    pull_policy: missing\n    command: {FOREVER}\n"
    )
    result = project.run("--progress", "plain", "up", "-d")
    assert "Pull" not in result.err
    again = project.run("--dry-run", "up", "-d")
    assert again.out == "nothing to do\n"


def test_periodic_policies_read_when_the_image_was_tagged(project: Project) -> None:
    project.write(
        f"services:\n  app:\n    image: {PYTHON}\n    pull_policy: every_1000w\n    command: {FOREVER}\n"
    )
    assert "Image" not in project.run("--dry-run", "up", "-d").out  # tagged less than 1000 weeks ago
    project.write(
        f"services:\n  app:\n    image: {PYTHON}\n    pull_policy: every_1s\n    command: {FOREVER}\n"
    )
    planned = project.run("--dry-run", "up", "-d").out
    assert f"Image {PYTHON}" in planned and "pull_policy every_1s: last pulled" in planned
    offline = project.run("up", "-d", check=False)
    assert offline.code == 1 and f"pull image {PYTHON}" in offline.err and "Traceback" not in offline.err
    assert project.containers() == []  # the pull comes first: nothing was created


def test_pull_never_overrides_the_file(project: Project) -> None:
    project.write(
        f"services:\n  app:\n    image: {BUSYBOX}\n    pull_policy: always\n    command: {FOREVER}\n"
    )
    failed = project.run("up", "-d", check=False)
    assert failed.code == 1 and f"Image {BUSYBOX}: service 'app': pull image" in failed.err
    project.run("up", "-d", "--pull", "never")
    assert [c.status for c in project.containers()] == ["running"]
    assert project.run("run", "--rm", "--pull", "never", "app", "echo", "hi").out == "hi\n"
    assert project.run("up", "-d", "--pull", "never", "--quiet-pull", "-y").code == 0


def test_pull_ignore_buildable_and_policies(project: Project) -> None:
    project.write(
        f"""
        services:
          fixed: {{image: "{PYTHON}", pull_policy: missing}}
          never: {{image: "{BUSYBOX}", pull_policy: never}}
          built: {{build: .}}
          tagged: {{image: "127.0.0.1:9/pycompose-e2e-{project.name}:1", build: .}}
        """
    )
    result = project.run("--progress", "plain", "pull", "--ignore-buildable")
    assert "Skipped - Image is already present locally" in result.err
    assert "Skipped - pull_policy never (service never)" in result.err
    assert "Skipped - No image to be pulled" in result.err and "Skipped - Image can be built" in result.err
    buildable = project.run("--progress", "plain", "pull", "tagged", check=False)
    assert buildable.code == 1 and "pycompose build tagged" in buildable.err
