"""The architecture holds: each module imports only the layers below it (see the table in the README)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "compose"

# module (or package prefix) -> what it may import, besides the standard library
ALLOWED: dict[str, set[str]] = {
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
    },
    "compose.graph": {"networkx", "compose.model", "compose.errors"},
    "compose.labels": {"compose", "compose.model"},
    "compose.engine.base": {"compose.model"},
    "compose.engine.docker_mapping": {"compose", "compose.labels", "compose.engine.base"},
    "compose.engine.fake": {"compose", "compose.labels", "compose.engine.base", "compose.errors"},
    "compose.engine.docker": {
        "docker",
        "requests",
        "compose",
        "compose.labels",
        "compose.engine",
        "compose.engine.base",
        "compose.engine.docker_mapping",
        "compose.errors",
    },
    "compose.desired": {
        "compose",
        "compose.labels",
        "compose.engine.base",
        "compose.errors",
        "compose.model",
    },
    "compose.plan": {
        "compose",
        "compose.desired",
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
    "compose.ui": {"rich", "compose.ui", "compose.events", "compose.errors"},
}
THIRD_PARTY = {"yaml", "jsonschema", "networkx", "docker", "requests", "rich", "click"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] in THIRD_PARTY | {"compose"}}


def _rule(module: str) -> set[str] | None:
    matches = [key for key in ALLOWED if module == key or module.startswith(key + ".")]
    return ALLOWED[max(matches, key=len)] if matches else None


def test_every_module_respects_its_layer() -> None:
    violations = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        allowed = _rule(module)
        if allowed is None:  # compose/__init__ and the CLI may import anything
            continue
        for imported in _imports(path):
            ok = any(imported == a or imported.startswith(a + ".") for a in allowed if a != "compose") or (
                "compose" in allowed and imported == "compose"
            )
            if not ok:
                violations.append(f"{module} imports {imported}")
    assert violations == []


def test_only_the_docker_engine_imports_docker() -> None:
    users = [
        _module_name(p)
        for p in PACKAGE.rglob("*.py")
        if any(i.split(".")[0] == "docker" for i in _imports(p))
    ]
    assert users == ["compose.engine.docker"]
