"""What a service's ``build:`` asks the engine for: an engine-neutral build spec (pure)."""

from __future__ import annotations

from compose import labels
from compose.engine.base import BuildSpec
from compose.model import Project, Service


def build(project: Project, service: Service) -> BuildSpec | None:
    if service.build is None:
        return None
    return BuildSpec(
        tag=service.image_name(project.name),
        context=service.build.context,
        dockerfile=service.build.dockerfile,
        args={k: v for k, v in service.build.args.items() if v is not None},
        target=service.build.target,
        labels={labels.PROJECT: project.name, labels.SERVICE: service.name},
    )
