"""Every independent problem of a file in one run, across the stages: schema, casts, consistency rules,
normalization, references. What may be a consequence of another problem is left out; what makes the
later stages meaningless (YAML, interpolation) stops at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compose.config.paths import prune_point, pruned
from compose.config.report import Report
from compose.errors import ConfigError, Problem
from tests.conftest import WriteProject
from tests.helpers import load


def messages(root: Path, env: dict[str, str] | None = None) -> str:
    with pytest.raises(ConfigError) as info:
        load(root, env)
    return str(info.value).replace(str(root) + "/", "")


def test_one_run_reports_the_problems_of_every_stage_in_file_order(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web:
            image: busybox
            ports: ["80:http"]
            depends_on: [nope]
            restart: sometimes
          db:
            image: x
            imag: y
            networks: [missing]
        """
    )
    assert messages(root) == (
        "compose.yaml:4:13: services.web.ports[0]: container port must be a number or a range like"
        " 8000-8010, not 'http'\n"
        '  hint: write ports as HOST:CONTAINER, e.g. "8080:80"\n'
        "compose.yaml:5:18: services.web.depends_on.nope: undefined service 'nope'\n"
        "compose.yaml:6:14: services.web.restart: invalid restart policy 'sometimes'\n"
        "  hint: use no, always, on-failure[:N] or unless-stopped\n"
        "compose.yaml:9:5: services.db.imag: unknown key 'imag'\n"
        "  hint: did you mean 'image'?\n"
        "compose.yaml:10:16: services.db.networks.missing: undefined network 'missing'\n"
        "  hint: declare it under the top-level networks:"
    )


def test_a_dependency_cycle_is_reported_with_the_other_problems(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          a:
            image: x
            depends_on: [b]
            restart: sometimes
          b:
            image: x
            links: [c]
          c:
            image: x
            network_mode: "service:a"
        """
    )
    assert messages(root) == (
        "compose.yaml:4:18: services.a.depends_on.b: dependency cycle: a -> b -> c -> a\n"
        "  hint: remove one of these dependencies\n"
        "compose.yaml:5:14: services.a.restart: invalid restart policy 'sometimes'\n"
        "  hint: use no, always, on-failure[:N] or unless-stopped"
    )


def test_a_problem_that_may_follow_from_another_is_left_out(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web:
            image: [busybox]
          api:
            image: a
            ports:
              - target: $$
        """
    )
    # no "a service needs an image or a build" for web, no "needs a target" for api's port
    assert messages(root) == (
        "compose.yaml:3:12: services.web.image: must be a string, not a list\n"
        "compose.yaml:7:17: services.api.ports[0].target: cannot use '$' here: expected int"
    )


def test_each_service_gets_its_own_problems(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          a: {image: x, ports: ["1:b"], env_file: missing.env, mem_limit: lots}
          b: {image: x, volumes: ["::"], restart: "on-failure:3"}
        """
    )
    lines = [line for line in messages(root).splitlines() if not line.startswith("  hint")]
    assert [line.split(": ")[1] for line in lines] == [
        "services.a.ports[0]",
        "services.a.env_file",
        "services.a.mem_limit",
        "services.b.volumes[0]",
    ]


def test_an_interpolation_error_still_stops_at_once(write_project: WriteProject) -> None:
    root = write_project(compose="services:\n  web:\n    image: ${NOPE:?set it}\n    imag: y\n")
    assert (
        messages(root)
        == "compose.yaml:3:12: services.web.image: required variable NOPE is missing a value: set it"
    )


@pytest.mark.parametrize("policy", ["no", "always", "on-failure", "on-failure:5", "unless-stopped", ""])
def test_restart_policies_compose_knows(write_project: WriteProject, policy: str) -> None:
    root = write_project(compose=f"services:\n  web:\n    image: a\n    restart: '{policy}'\n")
    assert load(root).project.services["web"].restart == policy


def test_pruning_drops_a_list_whole_and_copies_only_along_the_path() -> None:
    data: dict[str, Any] = {"services": {"web": {"ports": [1, 2], "image": "a"}}, "networks": {"n": {}}}
    assert prune_point(("services", "web", "ports", 1, "target")) == ("services", "web", "ports")
    out = pruned(data, [("services", "web", "ports"), ("nowhere", "x")])
    assert out == {"services": {"web": {"image": "a"}}, "networks": {"n": {}}}
    assert out["networks"] is data["networks"] and data["services"]["web"]["ports"] == [1, 2]


def test_a_later_problem_inside_or_above_a_refused_value_is_left_out() -> None:
    report = Report()
    data = report.refuse(
        {"services": {"web": {"image": 1}}}, [(("services", "web", "image"), Problem("bad"))]
    )
    assert data == {"services": {"web": {}}}
    report.add(
        [
            Problem("above", path="services.web"),
            Problem("inside", path="services.web.image.x"),
            Problem("beside", path="services.webapp"),
            Problem("no path"),
        ]
    )
    assert [p.message for p in report.problems] == ["bad", "beside", "no path"]


def test_a_refused_definition_keeps_its_name_for_what_refers_to_it(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web: {image: a, depends_on: [db], networks: [front]}
          db: [1]
        networks:
          front: {driver: [x]}
        """
    )
    assert messages(root) == (
        "compose.yaml:3:7: services.db: must be a mapping, not a list\n"
        "compose.yaml:5:19: networks.front.driver: must be a string, not a list"
    )
