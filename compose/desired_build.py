"""What a service's ``build:`` asks the engine for: an engine-neutral build spec (pure).

Every build key either reaches the spec or is refused here, with its location, before anything is done.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field

from compose import labels
from compose.engine.base import BuildSpec
from compose.errors import ConfigError, Problem, UnsupportedFeatureError
from compose.model import Build, Project, Service, frozen_map
from compose.record import record

# build keys the engine's classic builder cannot honour, and why
REFUSED = {
    "ssh": "forwarding SSH agents or keys needs BuildKit",
    "secrets": "build secrets need BuildKit",
    "cache_to": "exporting the build cache needs BuildKit",
    "additional_contexts": "additional build contexts need BuildKit",
    "entitlements": "build entitlements need BuildKit",
    "privileged": "privileged builds need BuildKit",
    "ulimits": "build ulimits are not supported by the engine's builder API",
    "provenance": "provenance attestations need BuildKit",
    "sbom": "SBOM attestations need BuildKit",
}
HINT = "remove the key, or use docker compose (BuildKit) for this build"


@record
class BuildFlags:
    """What the command line adds to every build: ``--no-cache``, ``--pull``, ``--build-arg``."""

    no_cache: bool = False
    pull: bool = False
    args: Mapping[str, str] = field(default_factory=frozen_map)


def _problem(service: Service, build: Build, key: str, message: str, hint: str = HINT) -> Problem:
    return Problem(message, build.where(key), f"services.{service.name}.build.{key}", hint)


def problems(service: Service) -> list[Problem]:
    """Why the service's ``build:`` cannot be carried out as written (empty when it can)."""
    build = service.build
    if build is None:
        return []
    found = [
        _problem(
            service, build, key, f"build key {key!r} is not supported: {REFUSED.get(key, 'unknown key')}"
        )
        for key in build.extra
        if not key.startswith("x-")
    ]
    if len(build.platforms) > 1:
        found.append(
            _problem(service, build, "platforms", "building for several platforms at once needs BuildKit")
        )
    if build.dockerfile_inline and "://" in build.context:
        found.append(
            _problem(
                service,
                build,
                "dockerfile_inline",
                "dockerfile_inline cannot be used with a remote build context",
                "use a local context, or a dockerfile inside the remote one",
            )
        )
    return found


def check(project: Project, services: Iterable[str] | None = None) -> None:
    """Refuse, with every location at once, the builds of ``services`` (default: all) that cannot be done."""
    names = project.services if services is None else services
    found = [p for name in names for p in problems(project.services[name])]
    if found:
        raise UnsupportedFeatureError(sorted(found, key=Problem.sort_key))
    for name in names:
        build = project.services[name].build
        if build and build.dockerfile_inline and "dockerfile" in build.key_origins:
            raise ConfigError.at(
                "dockerfile and dockerfile_inline cannot both be set",
                build.where("dockerfile_inline"),
                f"services.{name}.build",
                "keep one of them",
            )


def build(project: Project, service: Service, flags: BuildFlags | None = None) -> BuildSpec | None:
    """The spec that builds the service's image (None without ``build:``); refuses what cannot be built."""
    if service.build is None:
        return None
    check(project, [service.name])
    flags = flags or BuildFlags()
    b = service.build
    args = {k: v for k, v in b.args.items() if v is not None}
    return BuildSpec(
        tag=service.image_name(project.name),
        context=b.context,
        dockerfile=b.dockerfile,
        dockerfile_inline=b.dockerfile_inline,
        args={**args, **flags.args},
        target=b.target,
        labels={**b.labels, labels.PROJECT: project.name, labels.SERVICE: service.name},
        network=b.network,
        extra_hosts=b.extra_hosts,
        shm_size=b.shm_size,
        cache_from=b.cache_from,
        tags=b.tags,
        no_cache=b.no_cache or flags.no_cache,
        pull=b.pull or flags.pull,
        isolation=b.isolation,
        platform=b.platforms[0] if b.platforms else "",
    )
