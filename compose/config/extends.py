"""``extends``: a service built on another one, from the same file or another file."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from compose.config import rebase
from compose.config.merge import merge_service
from compose.config.paths import Path, SourceMap
from compose.config.source import Document
from compose.errors import ConfigError
from compose.reads import is_file

LoadFile = Callable[[str], Document]
# A service taken from another file does not bring its references to that file's services.
SERVICE_REFERENCES = ("depends_on", "links", "volumes_from")


class _Resolver:
    def __init__(self, doc: Document, load: LoadFile) -> None:
        self.doc = doc
        self.load = load
        self.services: dict[str, Any] = doc.data.get("services") or {}
        self.done: dict[str, dict[str, Any]] = {}

    def fail(self, name: str, message: str, hint: str = "") -> ConfigError:
        path: Path = ("services", name, "extends")
        return ConfigError.at(message, self.doc.source.key(path), f"services.{name}.extends", hint)

    def target(self, name: str, spec: dict[str, Any]) -> tuple[str, str | None]:
        ext = spec["extends"]
        if isinstance(ext, str):
            return ext, None
        if not isinstance(ext, dict) or not isinstance(ext.get("service"), str):
            raise self.fail(name, "extends takes a service name or {service: NAME, file: FILE}")
        file = ext.get("file")
        return ext["service"], file if isinstance(file, str) else None

    def resolve(self, name: str, stack: tuple[str, ...] = ()) -> dict[str, Any]:
        if name in self.done:
            return self.done[name]
        spec = self.services[name]
        if not isinstance(spec, dict) or "extends" not in spec:
            return spec if isinstance(spec, dict) else {}
        if name in stack:
            chain = " -> ".join((*stack, name))
            raise self.fail(stack[0], f"extends cycle: {chain}")
        base_name, base_file = self.target(name, spec)
        base, base_source = self.base(name, base_name, base_file, (*stack, name))
        own = {k: v for k, v in spec.items() if k != "extends"}
        merged = merge_service(base, own, ("services", name), base_source, self.doc.source)
        self.done[name] = merged
        return merged

    def base(
        self, name: str, base_name: str, base_file: str | None, stack: tuple[str, ...]
    ) -> tuple[dict[str, Any], SourceMap]:
        if base_file is None:
            if base_name not in self.services:
                raise self.fail(name, f"cannot extend service {base_name!r}: no such service in this file")
            return self.resolve(base_name, stack), _rooted(self.doc.source, base_name, name)
        path = os.path.join(os.path.dirname(os.path.abspath(self.doc.file)), base_file)
        if not is_file(path):
            raise self.fail(name, f"extends file {base_file} not found", f"looked for {path}")
        other = self.load(path)
        found = (other.data.get("services") or {}).get(base_name)
        if not isinstance(found, dict):
            raise self.fail(name, f"cannot extend service {base_name!r}: no such service in {base_file}")
        inherited = {k: v for k, v in found.items() if k not in SERVICE_REFERENCES}
        for key in ("network_mode", "ipc", "pid"):
            if str(inherited.get(key, "")).startswith("service:"):
                del inherited[key]
        return rebase.service(inherited, os.path.dirname(path)), _rooted(other.source, base_name, name)


def _rooted(source: SourceMap, base_name: str, name: str) -> SourceMap:
    """The base service's locations, as if they were the extending service's."""
    out = SourceMap()
    prefix = ("services", base_name)
    for mine, theirs in ((out.keys, source.keys), (out.values, source.values)):
        for path, loc in theirs.items():
            if path[:2] == prefix:
                mine[("services", name, *path[2:])] = loc
    return out


def apply(doc: Document, load: LoadFile) -> Document:
    """Resolve every ``extends`` of the document's services."""
    services = doc.data.get("services")
    if not isinstance(services, dict) or not any(
        isinstance(s, dict) and "extends" in s for s in services.values()
    ):
        return doc
    resolver = _Resolver(doc, load)
    data = dict(doc.data)
    data["services"] = {name: resolver.resolve(name) for name in services}
    return Document(doc.file, data, doc.source)
