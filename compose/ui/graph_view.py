"""The dependency graph as a terminal tree, Graphviz dot, or Mermaid (pure functions of plain data).

``deps`` maps each service to its direct dependencies and the condition of each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.tree import Tree

Deps = Mapping[str, Sequence[tuple[str, str]]]


def _roots(deps: Deps) -> list[str]:
    needed = {dep for pairs in deps.values() for dep, _ in pairs}
    return [name for name in deps if name not in needed]


def tree(deps: Deps, project: str) -> Tree:
    """Services nothing depends on at the top; under each service, what it needs."""
    root = Tree(f"[bold]{project}[/]")

    def grow(branch: Tree, name: str) -> None:
        for dep, condition in deps.get(name, ()):
            grow(branch.add(f"{dep} [dim]({condition})[/]"), dep)

    for name in _roots(deps):
        grow(root.add(f"[bold]{name}[/]"), name)
    return root


def dot(deps: Deps, project: str) -> str:
    lines = [f'digraph "{project}" {{', "  rankdir=LR;"]
    lines += [f'  "{name}";' for name in deps]
    lines += [
        f'  "{name}" -> "{dep}" [label="{condition}"];'
        for name, pairs in deps.items()
        for dep, condition in pairs
    ]
    return "\n".join([*lines, "}"]) + "\n"


def mermaid(deps: Deps, project: str) -> str:
    def node(name: str) -> str:
        return f'{name.replace("-", "_").replace(".", "_")}["{name}"]'

    lines = ["flowchart LR", f"  %% {project}"]
    lines += [f"  {node(name)}" for name, pairs in deps.items() if not pairs]
    lines += [
        f"  {node(name)} -->|{condition}| {node(dep)}"
        for name, pairs in deps.items()
        for dep, condition in pairs
    ]
    return "\n".join(lines) + "\n"
