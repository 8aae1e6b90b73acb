"""``build`` on the real engine: a multi-stage inline Dockerfile with a target, args, labels and extra tags;
``--no-cache``; a build key the engine's builder cannot honour, refused with its location; ``up`` pulling a
buildable service's named image first and building it when the pull fails."""

from __future__ import annotations

import docker
import pytest

from tests.e2e.conftest import BUSYBOX, FOREVER, Project

pytestmark = pytest.mark.engine


def _cat(client: docker.DockerClient, image: str, path: str) -> str:
    out: bytes = client.containers.run(image, ["cat", path], remove=True)
    return out.decode().strip()


def test_multi_stage_build_with_target_args_labels_and_tags(project: Project) -> None:
    project.write(
        f"""
        services:
          app:
            build:
              context: .
              dockerfile_inline: |
                FROM {BUSYBOX} AS base
                ARG GREETING=hello
                RUN echo "$${{GREETING}}" > /greeting
                FROM base AS final
                RUN echo final > /final
              target: base
              args: {{GREETING: bonjour}}
              labels: {{team: blue}}
              tags: ["{project.name}-extra:1"]
          named:
            image: {project.name}/named:2
            build:
              context: ./named
        """
    )
    project.write(f"FROM {BUSYBOX}\nRUN echo named > /named\n", "named/Dockerfile")
    result = project.run("--progress", "plain", "build")
    assert "Built" in result.out + result.err
    image = project.client.images.get(f"{project.name}-app")
    assert f"{project.name}-extra:1" in image.tags
    assert image.labels["team"] == "blue"
    assert image.labels["com.docker.compose.project"] == project.name
    assert _cat(project.client, f"{project.name}-app", "/greeting") == "bonjour"
    with pytest.raises(docker.errors.ContainerError):  # the final stage was not built
        _cat(project.client, f"{project.name}-app", "/final")
    assert _cat(project.client, f"{project.name}/named:2", "/named") == "named"


def test_build_no_cache(project: Project) -> None:
    project.write("services:\n  app:\n    build: .\n")
    project.write(f"FROM {BUSYBOX}\nRUN echo built > /built\n", "Dockerfile")
    project.run("build", "-q")
    cached = project.run("--progress", "plain", "build", "app")
    assert "Using cache" in cached.out + cached.err
    fresh = project.run("--progress", "plain", "build", "--no-cache", "--build-arg", "UNUSED=1", "app")
    assert "Using cache" not in fresh.out + fresh.err and "Built" in fresh.out + fresh.err


def test_unsupported_build_key_is_refused_with_its_location(project: Project) -> None:
    project.write(
        """
        services:
          app:
            build:
              context: .
              secrets: [token]
        secrets:
          token: {file: ./token.txt}
        """
    )
    result = project.run("build", check=False)
    assert result.code == 1
    assert "compose.yaml:5:7: services.app.build.secrets: build key 'secrets' is not supported" in result.err
    assert project.client.images.list(filters={"label": f"com.docker.compose.project={project.name}"}) == []
    up = project.run("up", "-d", check=False)
    assert up.code == 1 and "services.app.build.secrets" in up.err
    assert project.containers() == []


def test_up_pulls_a_named_buildable_image_first_and_builds_it_when_the_pull_fails(project: Project) -> None:
    image = f"127.0.0.1:9/pycompose-e2e-{project.name}:1"  # a registry that refuses at once
    project.write(f"services:\n  app:\n    image: {image}\n    build: .\n    command: {FOREVER}\n")
    project.write(f"FROM {BUSYBOX}\nRUN echo built > /built\n", "Dockerfile")
    planned = " ".join(project.run("--dry-run", "up", "-d").out.split())
    assert f"Image {image} pull image not found locally; built if the pull fails" in planned
    refused = project.run("--progress", "plain", "up", "-d", "--no-build", check=False)
    assert refused.code == 1 and f"pull image {image}" in refused.err and "Traceback" not in refused.err
    assert project.containers() == []
    err = project.run("--progress", "plain", "up", "-d").err
    assert "(ignored: the service can build it)" in err
    assert err.index(f"Image {image}  Pulling") < err.index(f"Image {image}  Not pulled")
    assert err.index(f"Image {image}  Not pulled") < err.index(f"Image {image}  Built")
    assert _cat(project.client, image, "/built") == "built"
    assert [c.status for c in project.containers()] == ["running"]
