"""What a project asks the engine for: engine-neutral specs built from the model (pure)."""

from __future__ import annotations

from typing import Any

from compose import desired_host, desired_refs, desired_support, labels
from compose.engine.base import (
    ContainerSpec,
    FileSpec,
    HealthSpec,
    MountSpec,
    NetworkSpec,
    PortSpec,
    VolumeSpec,
)
from compose.model import FileGrant, Healthcheck, Mount, Project, Service

container_name = desired_refs.container_name


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


def _mount(project: Project, m: Mount) -> MountSpec:
    named = m.type == "volume" and m.source in project.volumes
    return MountSpec(
        type=m.type,
        target=m.target,
        source=project.volumes[m.source].name if named else m.source,
        read_only=m.read_only,
        named=named,
        propagation=m.propagation,
        create_host_path=m.create_host_path,
        selinux=m.selinux,
        recursive=m.recursive,
        nocopy=m.nocopy,
        subpath=m.subpath,
        tmpfs_size=m.tmpfs_size,
        tmpfs_mode=m.tmpfs_mode,
        consistency=m.consistency,
        volume_labels=m.volume_labels,
    )


def _file(g: FileGrant) -> FileSpec:
    return FileSpec(target=g.target, source=g.file, content=g.content, uid=g.uid, gid=g.gid, mode=g.mode)


def _tmpfs(value: Any) -> dict[str, str]:
    """``/run:size=64k`` entries as target -> options."""
    items = [value] if isinstance(value, str) else list(value or ())
    return dict(str(item).partition(":")[::2] for item in items)


def _runtime(project: Project, service: Service) -> dict[str, Any]:
    """The ContainerSpec fields of the keys beyond the process, ports and volumes."""
    extra = service.extra
    grace = service.stop_grace_period
    return {
        "network_mode": desired_refs.namespace(project, service.network_mode),
        "mac_address": str(extra.get("mac_address", "")) if service.network_mode else "",
        "domainname": str(extra.get("domainname", "")),
        "platform": str(extra.get("platform", "")),
        "expose": tuple(extra.get("expose") or ()),
        "stop_signal": service.stop_signal,
        "stop_timeout": None if grace is None else int(grace),
        "tmpfs": _tmpfs(extra.get("tmpfs")),
        "volumes_from": desired_refs.volumes_from(project, service),
        "links": desired_refs.links(project, service),
        "files": tuple(_file(g) for g in (*service.secrets, *service.configs)),
        "host": desired_host.host(
            service,
            ipc=desired_refs.namespace(project, service.ipc),
            pid=desired_refs.namespace(project, service.pid),
        ),
        "post_start": service.post_start,
        "pre_stop": service.pre_stop,
    }


def container(project: Project, service: Service, number: int) -> ContainerSpec:
    check = service.healthcheck
    return ContainerSpec(
        name=container_name(project, service, number),
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
        mounts=tuple(_mount(project, m) for m in service.volumes),
        networks=desired_refs.attachments(project, service, number),
        healthcheck=_health(check),
        disable_healthcheck=bool(check and check.disable),
        restart=desired_host.restart(service),
        hostname=service.hostname,
        working_dir=service.working_dir,
        user=service.user,
        tty=service.tty,
        stdin_open=service.stdin_open,
        **_runtime(project, service),
    )


def networks(project: Project) -> list[NetworkSpec]:
    return [
        NetworkSpec(
            name=net.name,
            labels=labels.network_labels(project.name, key, dict(net.labels)),
            driver=net.driver,
            internal=net.internal,
            attachable=net.attachable,
            enable_ipv6=net.enable_ipv6,
            driver_opts=net.driver_opts,
            ipam_driver=net.ipam_driver,
            ipam_pools=net.ipam_pools,
            ipam_options=net.ipam_options,
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
    """Refuse, with locations, every key the engine mapping cannot honour (see ``desired_support``)."""
    desired_support.check_supported(project)
