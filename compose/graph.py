"""The service dependency graph: an edge ``a -> b`` means a needs b (depends_on, links, network_mode)."""

from __future__ import annotations

import graphlib
import heapq
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from compose.errors import ConfigError
from compose.model import Project, Service

if TYPE_CHECKING:  # networkx is imported when a graph is built, not when the CLI starts
    import networkx as nx


def _needs(service: Service) -> list[tuple[str, str]]:
    """(dependency, why) pairs of a service: its depends_on condition, or ``links`` or ``network_mode``."""
    pairs: list[tuple[str, str]] = [(dep.service, dep.condition) for dep in service.depends_on]
    for link in service.links:
        pairs.append((link.split(":")[0], "links"))
    mode = service.network_mode
    if mode.startswith("service:"):
        pairs.append((mode.removeprefix("service:"), "network_mode"))
    return pairs


def find_cycle(needs: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A cycle of ``name -> what it needs``, as ``[a, b, a]`` (each needs the next), or None."""
    sorter = graphlib.TopologicalSorter({n: [d for d in deps if d in needs] for n, deps in needs.items()})
    try:
        sorter.prepare()
    except graphlib.CycleError as exc:
        return list(reversed(exc.args[1]))  # graphlib lists each node before one that needs it
    return None


def check_cycles(project: Project) -> None:
    """A dependency cycle is a ConfigError that names it (``a -> b -> a``) and points at the first edge."""
    names = find_cycle({name: [dep for dep, _ in _needs(s)] for name, s in project.services.items()})
    if names is None:
        return
    first = project.services[names[0]]
    edge = next((d for d in first.depends_on if d.service == names[1]), None)
    raise ConfigError.at(
        "dependency cycle: " + " -> ".join(names),
        edge.origin if edge else first.origin,
        f"services.{names[0]}.depends_on.{names[1]}",
        "remove one of these dependencies",
    )


def build_graph(project: Project) -> nx.DiGraph:
    """The graph of the project's services (cycles are refused first)."""
    import networkx as nx

    check_cycles(project)
    graph = nx.DiGraph()
    for name, service in project.services.items():
        graph.add_node(name)
        for dep, kind in _needs(service):
            if dep in project.services:
                graph.add_edge(name, dep, kind=kind)
    return graph


def dependencies(graph: nx.DiGraph) -> dict[str, list[tuple[str, str]]]:
    """Each service's direct dependencies with their condition (``service_healthy``, ``links``...)."""
    return {
        name: sorted((dep, str(graph.edges[name, dep].get("kind", ""))) for dep in graph.successors(name))
        for name in sorted(graph.nodes)
    }


def service_order(project: Project) -> list[str]:
    """``start_order`` of the project's graph without building it: the standard library's sorter, taking
    the smallest ready name each time. Every ``up`` needs this order; networkx is left for the analyses."""
    sorter = graphlib.TopologicalSorter(
        {name: [d for d, _ in _needs(s) if d in project.services] for name, s in project.services.items()}
    )
    sorter.prepare()
    ready = list(sorter.get_ready())
    heapq.heapify(ready)
    order = []
    while ready:
        name = heapq.heappop(ready)
        order.append(name)
        sorter.done(name)
        for now_ready in sorter.get_ready():
            heapq.heappush(ready, now_ready)
    return order


def start_order(graph: nx.DiGraph) -> list[str]:
    """Dependencies first; ties broken by name so the order is stable."""
    import networkx as nx

    return list(nx.lexicographical_topological_sort(graph.reverse(copy=False)))


def with_dependencies(graph: nx.DiGraph, names: Iterable[str]) -> set[str]:
    """The named services and everything they need, transitively."""
    import networkx as nx

    wanted = set(names)
    for name in list(wanted):
        wanted |= nx.descendants(graph, name)
    return wanted


def dependents(graph: nx.DiGraph, name: str) -> set[str]:
    """Every service that needs ``name``, transitively."""
    import networkx as nx

    return set(nx.ancestors(graph, name))
