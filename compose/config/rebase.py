"""Relative paths of a service made absolute, for services that come from another directory.

A service taken from another file (``extends.file``, ``include``) keeps the meaning of its relative paths:
they are relative to that file's directory, not to the project's.
"""

from __future__ import annotations

import os
from typing import Any

from compose.config.shortsyntax import is_path


def _absolute(path: str, base: str) -> str:
    if "://" in path or path.startswith("git@"):
        return path
    return os.path.normpath(os.path.join(base, os.path.expanduser(path)))


def _volume(item: Any, base: str) -> Any:
    if isinstance(item, dict):
        if item.get("type") == "bind" and isinstance(item.get("source"), str):
            return {**item, "source": _absolute(item["source"], base)}
        return item
    if not isinstance(item, str):
        return item
    source, sep, rest = item.partition(":")
    return _absolute(source, base) + sep + rest if sep and is_path(source) else item


def _env_file(value: Any, base: str) -> Any:
    if isinstance(value, str):
        return _absolute(value, base)
    if isinstance(value, list):
        return [_env_file(v, base) for v in value]
    if isinstance(value, dict) and isinstance(value.get("path"), str):
        return {**value, "path": _absolute(value["path"], base)}
    return value


def service(spec: dict[str, Any], base: str) -> dict[str, Any]:
    """A copy of ``spec`` whose relative paths are resolved against ``base``."""
    out = dict(spec)
    build = out.get("build")
    if isinstance(build, str):
        out["build"] = _absolute(build, base)
    elif isinstance(build, dict) and isinstance(build.get("context", "."), str):
        out["build"] = {**build, "context": _absolute(build.get("context", "."), base)}
    if isinstance(out.get("volumes"), list):
        out["volumes"] = [_volume(v, base) for v in out["volumes"]]
    for key in ("env_file", "label_file"):
        if key in out:
            out[key] = _env_file(out[key], base)
    return out


def resource_files(resources: dict[str, Any], base: str) -> dict[str, Any]:
    """Secrets and configs: ``file:`` relative to ``base``."""
    out = {}
    for key, spec in resources.items():
        if isinstance(spec, dict) and isinstance(spec.get("file"), str):
            spec = {**spec, "file": _absolute(spec["file"], base)}
        out[key] = spec
    return out
