from __future__ import annotations

from pathlib import Path

import pytest

from compose.errors import ConfigError
from compose.graph import build_graph, dependents, start_order, with_dependencies
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
