"""The canonical form of a validated document: long forms everywhere, paths absolute, names resolved.

Per-field rules live in ``SERVICE_RULES``, keyed by service key: a new rule is one line and one function.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable, Mapping
from typing import Any

from compose.config import dotenv, label_file, shortsyntax, units
from compose.config.merge import as_mapping, rekey_items
from compose.config.paths import Path, SourceMap, dotted
from compose.config.report import Report
from compose.errors import ConfigError
from compose.reads import is_file, read_bytes
from compose.record import record


@record(kw_only=False)
class Context:
    """What normalizing a file needs besides it: the project, its directory, the variables."""

    project: str
    project_dir: str
    environment: Mapping[str, str]
    source: SourceMap
    resolve_paths: bool = True
    report: Report | None = None  # given: a failing rule is reported and its key left out, not raised

    def fail(self, path: Path, message: str, hint: str = "") -> ConfigError:
        return ConfigError.at(message, self.source.value(path), dotted(path), hint)

    def absolute(self, path: str) -> str:
        return os.path.normpath(os.path.join(self.project_dir, os.path.expanduser(path)))

    def resolve(self, path: str) -> str:
        """A path as the output shows it: absolute, unless path resolution is off."""
        return self.absolute(path) if self.resolve_paths else path


Rule = Callable[[Any, Path, Context], Any]


def _string_map(value: Any, path: Path, ctx: Context) -> dict[str, Any]:
    mapping = as_mapping(value)
    return {str(k): _scalar_text(v) for k, v in (mapping or {}).items()}


def _scalar_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _environment(value: Any, path: Path, ctx: Context) -> dict[str, Any]:
    env = _string_map(value, path, ctx)
    return {k: (ctx.environment.get(k) if v is None else v) for k, v in env.items()}


def _command(value: Any, path: Path, ctx: Context) -> Any:
    if isinstance(value, str):
        try:
            return shlex.split(value)
        except ValueError as exc:
            raise ctx.fail(path, f"cannot split the command: {exc}") from None
    return None if value is None else [str(v) for v in value]


def _ports(value: Any, path: Path, ctx: Context) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, item in enumerate(value or []):
        if isinstance(item, dict):
            entry = dict(item)
            entry.setdefault("mode", "ingress")
            entry.setdefault("protocol", "tcp")
            if "published" in entry:
                entry["published"] = str(entry["published"])
            target: Any = entry.get("target")
            try:
                entry["target"] = int(target)
            except (TypeError, ValueError):
                raise ctx.fail((*path, i), f"container port must be a number, not {target!r}") from None
            out.append(entry)
            continue
        try:
            out.extend(shortsyntax.ports(item))
        except ValueError as exc:
            raise ctx.fail((*path, i), str(exc), 'write ports as HOST:CONTAINER, e.g. "8080:80"') from None
    return out


def _volumes(value: Any, path: Path, ctx: Context) -> list[dict[str, Any]]:
    out = []
    for i, item in enumerate(value or []):
        try:
            entry = dict(item) if isinstance(item, dict) else shortsyntax.volume(str(item))
        except ValueError as exc:
            raise ctx.fail((*path, i), str(exc)) from None
        if entry.get("type") == "bind" and "source" in entry:
            entry["source"] = ctx.resolve(str(entry["source"]))
        out.append(entry)
    return out


def _depends_on(value: Any, path: Path, ctx: Context) -> dict[str, Any]:
    if isinstance(value, list):
        value = {str(name): {} for name in value}
    out = {}
    for name, spec in (value or {}).items():
        spec = dict(spec or {})
        spec.setdefault("condition", "service_started")
        spec.setdefault("required", True)
        out[name] = spec
    return out


def _build(value: Any, path: Path, ctx: Context) -> dict[str, Any]:
    spec = {"context": value} if isinstance(value, str) else dict(value)
    spec.setdefault("context", ".")
    context = str(spec["context"])
    if "://" not in context and not context.startswith("git@"):
        spec["context"] = ctx.resolve(context)
    spec.setdefault("dockerfile", "Dockerfile")
    if "args" in spec:  # an arg without a value takes the project environment's, as in Compose
        spec["args"] = _environment(spec["args"], (*path, "args"), ctx)
    return spec


def _networks(value: Any, path: Path, ctx: Context) -> dict[str, Any]:
    if isinstance(value, list):
        rekey_items(ctx.source, path, [str(name) for name in value])
        return {str(name): None for name in value}
    return dict(value)


def _duration(value: Any, path: Path, ctx: Context) -> Any:
    try:
        return units.go_duration(units.seconds(value))
    except ValueError as exc:
        raise ctx.fail(path, str(exc)) from None


def _size(value: Any, path: Path, ctx: Context) -> Any:
    try:
        return units.size_bytes(value)
    except ValueError as exc:
        raise ctx.fail(path, str(exc)) from None


def _healthcheck(value: Any, path: Path, ctx: Context) -> dict[str, Any]:
    spec = dict(value)
    test = spec.get("test")
    if isinstance(test, str):
        spec["test"] = ["CMD-SHELL", test]
    for key in ("interval", "timeout", "start_period", "start_interval"):
        if spec.get(key) is not None:
            spec[key] = _duration(spec[key], (*path, key), ctx)
    return spec


def _deploy(value: Any, path: Path, ctx: Context) -> Any:
    """``deploy.resources`` memory limits and reservations in bytes, like ``mem_limit``."""
    if not isinstance(value, dict) or not isinstance(value.get("resources"), dict):
        return value
    resources = dict(value["resources"])
    for kind in ("limits", "reservations"):
        entry = resources.get(kind)
        if isinstance(entry, dict) and entry.get("memory") is not None:
            at = (*path, "resources", kind, "memory")
            resources[kind] = {**entry, "memory": _size(entry["memory"], at, ctx)}
    return {**value, "resources": resources}


def _string_list(value: Any, path: Path, ctx: Context) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value]


SERVICE_RULES: dict[str, Rule] = {
    "environment": _environment,
    "labels": _string_map,
    "command": _command,
    "entrypoint": _command,
    "ports": _ports,
    "volumes": _volumes,
    "depends_on": _depends_on,
    "build": _build,
    "networks": _networks,
    "healthcheck": _healthcheck,
    "profiles": _string_list,
    "stop_grace_period": _duration,
    "mem_limit": _size,
    "mem_reservation": _size,
    "memswap_limit": _size,
    "shm_size": _size,
    "deploy": _deploy,
    "dns": _string_list,
    "links": _string_list,
}


def _env_file_entries(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [item if isinstance(item, dict) else {"path": item} for item in items]


def _raw_env(path: str) -> dict[str, str]:
    values = {}
    text = read_bytes(path).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    for line in text.split("\n"):
        if line.strip() and not line.lstrip().startswith("#") and "=" in line:
            key, _, val = line.partition("=")
            values[key.strip()] = val
    return values


def _env_files(value: Any, path: Path, ctx: Context) -> dict[str, str]:
    """The variables of the service's env files, in order (a later file wins)."""
    values: dict[str, str] = {}
    for entry in _env_file_entries(value):
        file = ctx.absolute(str(entry["path"]))
        if not is_file(file):
            if str(entry.get("required", True)).lower() == "false":
                continue
            raise ctx.fail(path, f"env file {file} not found", "create it, or mark it required: false")
        try:
            if entry.get("format") == "raw":
                values.update(_raw_env(file))
            else:
                values.update(dotenv.read(file, {**ctx.environment, **values}))
        except (OSError, UnicodeDecodeError) as exc:
            raise ctx.fail(path, f"cannot read env file {file}: {exc}") from None
    return values


_FAILED = object()


def _ruled(rule: Rule, value: Any, path: Path, ctx: Context) -> Any:
    """``rule(value)``; with a report, a failure is reported and gives _FAILED (the key is left out)."""
    try:
        return rule(value, path, ctx)
    except ConfigError as exc:
        if ctx.report is None:
            raise
        ctx.report.drop(exc.problems, path)
        return _FAILED


def _with_env_files(name: str, spec: dict[str, Any], ctx: Context) -> dict[str, Any]:
    spec = dict(spec)
    from_files = _ruled(_env_files, spec.pop("env_file"), ("services", name, "env_file"), ctx)
    own = _environment(spec.get("environment") or {}, ("services", name, "environment"), ctx)
    spec["environment"] = {**({} if from_files is _FAILED else from_files), **own}
    return spec


def _with_label_files(name: str, spec: dict[str, Any], ctx: Context) -> dict[str, Any]:
    spec = dict(spec)
    from_files = _ruled(label_file.labels, spec.pop("label_file"), ("services", name, "label_file"), ctx)
    own = _string_map(spec.get("labels"), ("services", name, "labels"), ctx)
    spec["labels"] = {**({} if from_files is _FAILED else from_files), **own}
    return spec


def _service(name: str, spec: dict[str, Any], ctx: Context) -> dict[str, Any]:
    if "env_file" in spec:
        spec = _with_env_files(name, spec, ctx)
    if "label_file" in spec:
        spec = _with_label_files(name, spec, ctx)
    out = {}
    for key, value in spec.items():
        rule = SERVICE_RULES.get(key)
        result = _ruled(rule, value, ("services", name, key), ctx) if rule else value
        if result is not _FAILED:
            out[key] = result
    if "network_mode" not in out:
        out.setdefault("networks", {"default": None})
    return out


def _resources(kind: str, data: dict[str, Any], ctx: Context) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, spec in (data.get(kind) or {}).items():
        entry = dict(spec or {})
        if isinstance(entry.get("file"), str):
            entry["file"] = ctx.resolve(entry["file"])
        external = entry.get("external")
        if isinstance(external, dict):  # the legacy form: external: {name: x}
            entry["name"] = external.get("name", entry.get("name", key))
            entry["external"] = True
        if entry.get("external") in (True, "true"):
            entry["external"] = True
            entry.setdefault("name", key)
        else:
            entry.setdefault("name", f"{ctx.project}_{key}")
        out[key] = entry
    return out


def canonical(data: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """The normalized document: ``name``, ``services``, ``networks``, ``volumes`` (+ other top-level keys)."""
    services = {name: _service(name, spec or {}, ctx) for name, spec in (data.get("services") or {}).items()}
    networks = _resources("networks", data, ctx)
    uses_default = any("default" in (s.get("networks") or {}) for s in services.values())
    if uses_default and "default" not in networks:
        networks["default"] = {"name": f"{ctx.project}_default"}
    out: dict[str, Any] = {"name": ctx.project, "services": services}
    if networks:
        out["networks"] = networks
    for kind in ("volumes", "secrets", "configs"):
        resources = _resources(kind, data, ctx)
        if resources:
            out[kind] = resources
    for key, value in data.items():
        if key not in out and key not in ("version", "include") and not key.startswith("x-"):
            out[key] = value
    return out
