"""``build`` on the real engine: a multi-stage inline Dockerfile with a target, args, labels and extra tags;
``--no-cache``; a build key the engine's builder cannot honour, refused with its location."""

from __future__ import annotations

import docker
import pytest

from tests.e2e.conftest import BUSYBOX, Project

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
