from __future__ import annotations

import random
from pathlib import Path

import pytest

from compose.errors import ConfigError
from compose.graph import build_graph, dependents, service_order, start_order, with_dependencies
from tests.helpers import project_from


def test_order_and_closures(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          web: {image: a, depends_on: [api]}
          api: {image: a, depends_on: {db: {condition: service_healthy}, cache: {condition: service_started}}}
          db: {image: a}
          cache: {image: a}
          lone: {image: a}
        """,
    )
    graph = build_graph(project)
    assert start_order(graph) == ["cache", "db", "api", "lone", "web"]
    assert service_order(project) == start_order(graph)
    assert with_dependencies(graph, ["api"]) == {"api", "db", "cache"}
    assert dependents(graph, "db") == {"api", "web"}


def test_cycle_is_named_with_location(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        project_from(
            tmp_path,
            """
        services:
          a: {image: x, depends_on: [b]}
          b: {image: x, depends_on: [c]}
          c: {image: x, depends_on: [a]}
        """,
        )
    problem = info.value.problems[0]
    assert problem.message == "dependency cycle: a -> b -> c -> a"
    assert problem.location is not None and problem.location.line == 2


@pytest.mark.parametrize("seed", range(20))
def test_the_order_without_networkx_is_the_same(tmp_path: Path, seed: int) -> None:
    """Random DAGs: the standard library's order equals networkx's lexicographic topological order."""
    rng = random.Random(seed)
    names = [f"s{i:02d}" for i in range(rng.randint(1, 30))]
    rng.shuffle(names)
    lines = ["services:"]
    for i, name in enumerate(names):
        needs = sorted(set(rng.sample(names[:i], k=min(i, rng.randint(0, 3)))))
        lines.append(f"  {name}: {{image: x, depends_on: [{', '.join(needs)}]}}")
    project = project_from(tmp_path, "\n".join(lines) + "\n", name=f"p{seed}")
    assert service_order(project) == start_order(build_graph(project))
