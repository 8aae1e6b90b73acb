"""Which keys the engine mapping cannot honour: each is refused with its location and the reason, before
anything is done. A key is never silently ignored (``docs/keys.md`` lists them all)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from compose import desired_host
from compose.errors import Location, Problem, UnsupportedFeatureError
from compose.model import FileGrant, Mount, Project, Service

NOT_MAPPED = "not mapped to the engine yet"
WINDOWS = "a Windows container option (a Linux engine ignores it)"
SWARM = "a Swarm service option: a standalone engine has no such setting"
REFUSED: dict[str, str] = {
    "credential_spec": WINDOWS,
    "cpu_count": WINDOWS,
    "cpu_percent": WINDOWS,
    "models": "model services need Docker's model runner",
    "provider": "provider services need a Compose provider plugin",
    "use_api_socket": "forwarding the engine's API socket needs Docker Desktop",
    "pull_refresh_after": "write the period in pull_policy instead: every_12h, daily or weekly",
    "driver_opts": "no engine setting of a container takes service-level driver options",
}
# Keys sent to the engine by desired itself (the others it reads are desired_host's MAPPED)
SENT = frozenset({"expose", "tmpfs", "platform", "domainname", "mac_address"})
DEPLOY_KEYS = frozenset({"replicas", "mode", "resources", "restart_policy"})
RESERVATIONS = frozenset({"memory", "devices"})
RESERVED_CPUS = "a CPU reservation is Swarm scheduling: the engine has none (use cpu_shares)"
RESTART_TIMING = "the engine's restart policy has no delay or window"
NETWORK_REFUSED = {"enable_ipv4": "needs Engine API 1.47: not sent yet"}
MOUNT_TYPES = {
    "npipe": "named pipes exist on Windows engines only",
    "cluster": "cluster volumes need Swarm",
    "image": "image mounts need Engine API 1.47: not sent yet",
}
SELINUX = (
    "bind.selinux needs the short bind form: set create_host_path: true, without propagation or recursive"
)

Found = tuple[str, str]
"""(path below the service, reason)."""


def _deploy(deploy: Mapping[str, Any]) -> Iterator[Found]:
    for key, value in deploy.items():
        if key in DEPLOY_KEYS or key.startswith("x-"):
            if key == "mode" and value not in ("replicated", None):
                yield "deploy.mode", f"mode {value} is Swarm scheduling: containers are replicated"
            continue
        yield f"deploy.{key}", SWARM
    policy = deploy.get("restart_policy") or {}
    yield from (
        (f"deploy.restart_policy.{sub}", RESTART_TIMING) for sub in ("delay", "window") if sub in policy
    )
    reserved = (deploy.get("resources") or {}).get("reservations") or {}
    for sub in reserved:
        if sub not in RESERVATIONS and not sub.startswith("x-"):
            yield f"deploy.resources.reservations.{sub}", RESERVED_CPUS if sub == "cpus" else SWARM


def _key(key: str, value: Any) -> Iterator[Found]:
    if key.startswith("x-") or key in desired_host.MAPPED - {"deploy"} or key in SENT or key == "develop":
        return
    if key == "deploy":
        yield from _deploy(value or {})
    else:
        yield key, REFUSED.get(key, NOT_MAPPED)


def _mount(i: int, m: Mount) -> Iterator[Found]:
    for option in m.extra:
        if option == "type":
            kind = str(m.extra["type"])
            yield f"volumes[{i}].type", MOUNT_TYPES.get(kind, f"{kind} mounts are not supported")
        else:
            yield f"volumes[{i}].{option}", NOT_MAPPED
    if m.type == "bind" and m.selinux and (not m.create_host_path or m.recursive):
        yield f"volumes[{i}].bind.selinux", SELINUX


def _grant(kind: str, i: int, g: FileGrant) -> Iterator[Found]:
    if not g.file and g.content is None and not g.external and not g.extra:
        yield f"{kind}[{i}]", f"{kind}.{g.source} is not defined, or has no file, environment or content"
    if g.external:
        yield f"{kind}[{i}]", f"external {kind} live in Swarm: a standalone engine has none"
    for option in g.extra:
        yield f"{kind}[{i}]", f"{kind}.{g.source}.{option} is {SWARM}"


def _service(service: Service) -> Iterator[tuple[str, Found]]:
    for key, value in service.extra.items():
        yield from ((key, found) for found in _key(key, value))
    for i, m in enumerate(service.volumes):
        yield from (("volumes", found) for found in _mount(i, m))
    for kind in ("secrets", "configs"):
        grants: tuple[FileGrant, ...] = getattr(service, kind)
        yield from ((kind, found) for i, g in enumerate(grants) for found in _grant(kind, i, g))


def _problem(message: str, where: Location | None, path: str) -> Problem:
    return Problem(message, where, path, "remove the key, or use docker compose for this project")


def check_supported(project: Project) -> None:
    """Refuse, with locations, every key the engine mapping cannot honour."""
    problems = [
        _problem(
            f"{path!r} is not supported: {reason}", service.where(key), f"services.{service.name}.{path}"
        )
        for service in project.services.values()
        for key, (path, reason) in _service(service)
    ]
    for kind, items in (("networks", project.networks), ("volumes", project.volumes)):
        for key, item in items.items():
            problems.extend(
                _problem(
                    f"{extra!r} is not supported: {NETWORK_REFUSED.get(extra, NOT_MAPPED)}",
                    item.origin,
                    f"{kind}.{key}.{extra}",
                )
                for extra in item.extra
                if not extra.startswith("x-")
            )
    if problems:
        raise UnsupportedFeatureError(sorted(problems, key=Problem.sort_key))
