"""The architecture holds: each module imports only the layers below it (see the table in the README)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Set as AbstractSet
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "compose"

# module (or package prefix) -> what it may import, besides the standard library
ALLOWED: dict[str, AbstractSet[str]] = {
    "compose.record": set(),
    "compose.sha": set(),
    "compose.threads": set(),
    "compose.reads": {"compose.sha"},
    "compose.errors": set(),
    "compose.model": {"compose.errors"},
    "compose.events": {"compose.model"},
    "compose.config": {
        "yaml",
        "jsonschema",
        "compose.config",
        "compose.errors",
        "compose.model",
        "compose.graph",
        "compose.reads",
    },
    "compose.graph": {"networkx", "compose.model", "compose.errors"},
    "compose.labels": {"compose", "compose.model", "compose.reads"},
    "compose.lock": set(),
    "compose.memo": {
        "compose",
        "compose.engine",
        "compose.engine.docker_wire",
        "compose.lock",
        "compose.reads",
        "compose.sha",
    },
    "compose.engine.base": {"compose.model", "compose.engine.specs"},
    "compose.engine.specs": {"compose.model"},
    "compose.engine.control": {"compose.model", "compose.engine.base"},
    "compose.engine.streams": {"compose.model", "compose.engine.base"},
    "compose.engine.sync": {"compose.model"},
    "compose.engine.full": {
        "compose.engine.base",
        "compose.engine.control",
        "compose.engine.streams",
        "compose.engine.sync",
    },
    "compose.engine": set(),
    "compose.engine.docker_mapping": {
        "compose",
        "compose.labels",
        "compose.engine.base",
        "compose.engine.docker_mapping",
    },
    **dict.fromkeys(
        ("compose.engine.fake", "compose.engine.fake_"),
        frozenset(
            {
                "compose",
                "compose.labels",
                "compose.engine.base",
                "compose.engine.control",
                "compose.engine.streams",
                "compose.engine.sync",
                "compose.engine.fake_",
                "compose.errors",
            }
        ),
    ),
    "compose.engine.docker_http": set(),
    "compose.engine.docker_wire": {"compose.engine.docker_http"},
    "compose.engine.docker_client": {"docker", "requests", "compose.errors", "compose.engine.docker_wire"},
    **dict.fromkeys(
        ("compose.engine.docker", "compose.engine.docker_"),
        frozenset(
            {
                "docker",
                "requests",
                "compose",
                "compose.labels",
                "compose.engine",
                "compose.engine.base",
                "compose.engine.docker_",
                "compose.errors",
            }
        ),
    ),
    "compose.desired": {
        "compose",
        "compose.labels",
        "compose.engine.base",
        "compose.errors",
        "compose.model",
    },
    **dict.fromkeys(
        ("compose.desired_host", "compose.desired_refs", "compose.desired_support"),
        frozenset({"compose", "compose.desired_", "compose.engine.base", "compose.errors", "compose.model"}),
    ),
    "compose.desired_build": {
        "compose",
        "compose.labels",
        "compose.engine.base",
        "compose.errors",
        "compose.model",
    },
    "compose.plan": {
        "compose",
        "compose.plan",
        "compose.desired",
        "compose.desired_build",
        "compose.engine.base",
        "compose.errors",
        "compose.events",
        "compose.model",
    },
    "compose.executor": {"compose.engine.base", "compose.errors", "compose.events", "compose.plan"},
    "compose.orchestrator": {
        "compose",
        "compose.desired",
        "compose.engine.base",
        "compose.events",
        "compose.executor",
        "compose.graph",
        "compose.model",
        "compose.plan",
    },
    "compose.actions": {
        "compose",
        "compose.actions",
        "compose.desired",
        "compose.desired_build",
        "compose.engine.base",
        "compose.engine.control",
        "compose.engine.full",
        "compose.engine.streams",
        "compose.errors",
        "compose.events",
        "compose.executor",
        "compose.graph",
        "compose.labels",
        "compose.model",
        "compose.orchestrator",
        "compose.plan",
    },
    "compose.watch": {
        "watchfiles",
        "compose",
        "compose.desired",
        "compose.engine.base",
        "compose.engine.full",
        "compose.engine.sync",
        "compose.errors",
        "compose.events",
        "compose.executor",
        "compose.graph",
        "compose.model",
        "compose.orchestrator",
        "compose.plan",
        "compose.watch",
    },
    "compose.ui": {"rich", "compose.ui", "compose.events", "compose.errors"},
}
# the foundation every layer may use, like the standard library
FOUNDATION = {"compose.record", "compose.sha", "compose.threads"}
THIRD_PARTY = {"yaml", "jsonschema", "networkx", "docker", "requests", "rich", "click", "watchfiles"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(path: Path, node: ast.ImportFrom) -> list[str]:
    """What ``from ..x import y`` names, as absolute modules (``y`` may be a module too)."""
    if node.level == 0:
        return [node.module or ""]
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = ".".join(package[: len(package) - node.level + 1])
    if node.module:
        return [f"{base}.{node.module}"]
    return [f"{base}.{alias.name}" for alias in node.names]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.update(_absolute(path, node))
    return {name for name in found if name.split(".")[0] in THIRD_PARTY | {"compose"}} - FOUNDATION


def _rule(module: str) -> AbstractSet[str] | None:
    """The rule of the longest key naming the module, its package, or (a key ending in ``_``) its prefix."""
    matches = [key for key in ALLOWED if _within(module, key)]
    return ALLOWED[max(matches, key=len)] if matches else None


def _within(imported: str, allowed: str) -> bool:
    """``a.b`` allows ``a.b`` and ``a.b.c``; a name ending in ``_`` allows the modules it prefixes."""
    if allowed.endswith("_"):
        return imported.startswith(allowed)
    return imported == allowed or imported.startswith(allowed + ".")


def test_every_module_respects_its_layer() -> None:
    violations = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        allowed = _rule(module)
        if allowed is None:  # compose/__init__ and the CLI may import anything
            continue
        for imported in _imports(path):
            ok = any(_within(imported, a) for a in allowed if a != "compose") or (
                "compose" in allowed and imported == "compose"
            )
            if not ok:
                violations.append(f"{module} imports {imported}")
    assert violations == []


def test_every_module_has_a_layer() -> None:
    """Only the CLI (and the package itself) may import anything: a new module needs a row above."""
    free = [
        module
        for module in map(_module_name, sorted(PACKAGE.rglob("*.py")))
        if _rule(module) is None and module != "compose" and not _within(module, "compose.cli")
    ]
    assert free == []


def test_only_the_docker_engine_imports_docker() -> None:
    users = [
        _module_name(p)
        for p in PACKAGE.rglob("*.py")
        if any(i.split(".")[0] == "docker" for i in _imports(p))
    ]
    assert users and all(user.startswith("compose.engine.docker") for user in users)


def test_the_docker_engine_loads_without_the_sdk() -> None:
    """The SDK loads on the first request that needs it: a command that only reads never pays for it."""
    code = "import sys, compose.engine.docker; print(sorted({'docker', 'requests'} & set(sys.modules)))"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
