"""What a project asks the engine for: engine-neutral specs built from the model (pure)."""

from __future__ import annotations

from compose import labels
from compose.engine.base import (
    ContainerSpec,
    HealthSpec,
    MountSpec,
    NetworkAttachment,
    NetworkSpec,
    PortSpec,
    VolumeSpec,
)
from compose.errors import Problem, UnsupportedFeatureError
from compose.model import Healthcheck, Project, Service


def container_name(project: Project, service: Service, number: int) -> str:
    return service.container_name or f"{project.name}-{service.name}-{number}"


def _ns(seconds: float | None) -> int:
    return int((seconds or 0) * 1_000_000_000)


def _health(check: Healthcheck | None) -> HealthSpec | None:
    if check is None or check.disable or not check.test:
        return None
    return HealthSpec(
        test=check.test,
        interval_ns=_ns(check.interval),
        timeout_ns=_ns(check.timeout),
        start_period_ns=_ns(check.start_period),
        start_interval_ns=_ns(check.start_interval),
        retries=check.retries or 0,
    )


def _mount(project: Project, mount_type: str, source: str, target: str, read_only: bool) -> MountSpec:
    if mount_type == "volume" and source in project.volumes:
        source = project.volumes[source].name
    return MountSpec(type=mount_type, source=source, target=target, read_only=read_only)  # type: ignore[arg-type]


def container(project: Project, service: Service, number: int) -> ContainerSpec:
    name = container_name(project, service, number)
    attachments = tuple(
        NetworkAttachment(
            network=project.networks[net.name].name,
            aliases=tuple(dict.fromkeys((service.name, *net.aliases))),
        )
        for net in service.networks
    )
    check = service.healthcheck
    return ContainerSpec(
        name=name,
        image=service.image_name(project.name),
        labels=labels.container_labels(project, service, number),
        service=service.name,
        command=service.command,
        entrypoint=service.entrypoint,
        environment={k: v for k, v in service.environment.items() if v is not None},
        ports=tuple(
            PortSpec(target=p.target, protocol=p.protocol, published=p.published, host_ip=p.host_ip)
            for p in service.ports
        ),
        mounts=tuple(_mount(project, m.type, m.source, m.target, m.read_only) for m in service.volumes),
        networks=attachments,
        healthcheck=_health(check),
        disable_healthcheck=bool(check and check.disable),
        restart=service.restart,
        hostname=service.hostname,
        working_dir=service.working_dir,
        user=service.user,
        tty=service.tty,
        stdin_open=service.stdin_open,
    )


def networks(project: Project) -> list[NetworkSpec]:
    return [
        NetworkSpec(
            name=net.name,
            labels=labels.network_labels(project.name, key, dict(net.labels)),
            driver=net.driver,
            internal=net.internal,
            attachable=net.attachable,
            driver_opts=net.driver_opts,
        )
        for key, net in project.networks.items()
        if not net.external
    ]


def volumes(project: Project) -> list[VolumeSpec]:
    return [
        VolumeSpec(
            name=vol.name,
            labels=labels.volume_labels(project.name, key, dict(vol.labels)),
            driver=vol.driver,
            driver_opts=vol.driver_opts,
        )
        for key, vol in project.volumes.items()
        if not vol.external
    ]


def check_supported(project: Project) -> None:
    """Refuse, with locations, every key the engine mapping cannot honour yet."""
    problems = []
    for service in project.services.values():
        for key, value in service.extra.items():  # keys the typed model (and the engine mapping) lacks
            if key == "deploy" and set(value or {}) <= {"replicas"}:
                continue  # deploy.replicas is the service's scale
            if key == "develop":
                continue  # read by watch (compose.watch.spec)
            if not key.startswith("x-"):
                problems.append(
                    Problem(
                        f"{key!r} is not supported by this version of pycompose",
                        service.where(key),
                        f"services.{service.name}.{key}",
                        "remove the key, or use docker compose for this project",
                    )
                )
    for kind, items in (("networks", project.networks), ("volumes", project.volumes)):
        for key, item in items.items():
            problems.extend(
                Problem(
                    f"{extra!r} is not supported by this version of pycompose",
                    item.origin,
                    f"{kind}.{key}.{extra}",
                )
                for extra in item.extra
                if not extra.startswith("x-")
            )
    if problems:
        raise UnsupportedFeatureError(sorted(problems, key=Problem.sort_key))
