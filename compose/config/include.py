"""``include``: other compose projects pulled in whole, each with its own directory and ``.env``."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from compose.config import rebase
from compose.config.paths import Path, SourceMap, dotted
from compose.config.source import Document
from compose.errors import ConfigError, Location
from compose.reads import is_file
from compose.record import record

RESOURCES = ("services", "networks", "volumes", "secrets", "configs", "models")


@record(kw_only=False)
class Entry:
    """One entry of ``include:``, in long form."""

    paths: tuple[str, ...]
    project_dir: str
    env_files: tuple[str, ...]
    where: Location | None


# Loads the files of one included project (with its own environment) as one document.
LoadProject = Callable[[Entry], Document]


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return ()


def entries(doc: Document) -> list[Entry]:
    """The include entries of a document, with paths made absolute against the including file."""
    base = os.path.dirname(os.path.abspath(doc.file))
    raw = doc.data.get("include") or []
    if not isinstance(raw, list):
        raise ConfigError.at("include takes a list", doc.source.key(("include",)), "include")
    out = []
    for i, item in enumerate(raw):
        path: Path = ("include", i)
        spec = {"path": item} if isinstance(item, str) else item if isinstance(item, dict) else {}
        paths = _strings(spec.get("path"))
        if not paths:
            raise ConfigError.at("an include entry needs a path", doc.source.value(path), dotted(path))
        for p in paths:
            if "://" in p or p.startswith(("git@", "oci:")):
                raise ConfigError.at(
                    f"remote include {p} is not supported",
                    doc.source.value(path),
                    dotted(path),
                    "include a local file",
                )
        absolute = tuple(os.path.normpath(os.path.join(base, p)) for p in paths)
        project_dir = spec.get("project_directory")
        directory = (
            os.path.normpath(os.path.join(base, project_dir))
            if isinstance(project_dir, str)
            else (os.path.dirname(absolute[0]))
        )
        env_files = tuple(os.path.normpath(os.path.join(base, e)) for e in _strings(spec.get("env_file")))
        out.append(Entry(absolute, directory, env_files, doc.source.value(path)))
    return out


def _rebased(kind: str, items: dict[str, Any], directory: str) -> dict[str, Any]:
    if kind == "services":
        return {k: rebase.service(v, directory) if isinstance(v, dict) else v for k, v in items.items()}
    if kind in ("secrets", "configs"):
        return rebase.resource_files(items, directory)
    return items


def apply(doc: Document, load: LoadProject) -> Document:
    """Merge the included projects' resources into the document; a name defined twice, differently, fails."""
    if "include" not in doc.data:
        return doc
    data = {k: v for k, v in doc.data.items() if k != "include"}
    source = doc.source
    for entry in entries(doc):
        included = load(entry)
        for kind in RESOURCES:
            theirs = included.data.get(kind)
            if not isinstance(theirs, dict):
                continue
            mine = dict(data.get(kind) or {})
            for name, spec in _rebased(kind, theirs, entry.project_dir).items():
                if name in mine and mine[name] != spec:
                    raise ConfigError.at(
                        f"{kind}.{name} conflicts with a resource of the same name in included file"
                        f" {os.path.basename(entry.paths[0])}",
                        source.key((kind, name)),
                        f"{kind}.{name}",
                        "rename one of them",
                    )
                mine[name] = spec
                _copy_locations(source, included.source, (kind, name))
            data[kind] = mine
    return Document(doc.file, data, source)


def _copy_locations(target: SourceMap, source: SourceMap, prefix: Path) -> None:
    n = len(prefix)
    for mine, theirs in ((target.keys, source.keys), (target.values, source.values)):
        for path, loc in theirs.items():
            if path[:n] == prefix:
                mine.setdefault(path, loc)


def environment_for(
    entry: Entry, parent: Mapping[str, str], read: Callable[[str, Mapping[str, str]], dict[str, str]]
) -> dict[str, str]:
    """The included project's variables: its env files (or its ``.env``), overridden by the parent's."""
    files = entry.env_files or (os.path.join(entry.project_dir, ".env"),)
    values: dict[str, str] = {}
    for path in files:
        if entry.env_files or is_file(path):
            if not is_file(path):
                raise ConfigError.at(f"env file {path} not found", entry.where, "include")
            values.update(read(path, {**values, **parent}))
    return {**values, **parent}
