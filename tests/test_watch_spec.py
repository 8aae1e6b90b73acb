"""Reading ``develop.watch`` into rules, and the mistakes it refuses with their location."""

from __future__ import annotations

from pathlib import Path

import pytest

from compose import orchestrator
from compose.engine.sync import CommandSpec
from compose.errors import ConfigError
from compose.watch import WatchRule, parse
from compose.watch.spec import NOTHING_TO_WATCH
from tests.conftest import WriteProject
from tests.helpers import load, project_from

FILE = """
services:
  web:
    build: .
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
          ignore: [node_modules/, "*.log"]
          include: "*.py"
        - path: [requirements.txt, Dockerfile]
          action: rebuild
        - path: conf
          action: sync+exec
          target: /etc/app
          initial_sync: true
          exec:
            command: app reload --now
            user: www
            environment: [MODE=dev, EMPTY=]
        - path: /abs/other
          action: restart
  db:
    image: db
"""


def test_rules_are_read_in_file_order_with_absolute_paths(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    root = project.working_dir
    rules = parse(project)
    assert [(r.path, r.action, r.index) for r in rules] == [
        (f"{root}/src", "sync", 0),
        (f"{root}/requirements.txt", "rebuild", 1),
        (f"{root}/Dockerfile", "rebuild", 1),
        (f"{root}/conf", "sync+exec", 2),
        ("/abs/other", "restart", 3),
    ]
    assert rules[0] == WatchRule(
        service="web",
        path=f"{root}/src",
        action="sync",
        target="/app",
        ignore=("node_modules/", "*.log"),
        include=("*.py",),
    )
    assert rules[3].initial_sync and rules[3].syncs and not rules[3].restarts
    assert rules[3].exec == CommandSpec(
        command=("app", "reload", "--now"), user="www", environment={"EMPTY": "", "MODE": "dev"}
    )
    assert rules[4].restarts and not rules[4].syncs


def test_exec_in_exec_form_and_environment_as_a_mapping(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          web:
            image: app
            develop:
              watch:
                - path: .
                  action: sync+exec
                  target: /app
                  exec: {command: [kill, -HUP, "1"], environment: {A: 1}}
        """,
    )
    (rule,) = parse(project)
    assert rule.exec == CommandSpec(command=("kill", "-HUP", "1"), environment={"A": "1"})


def test_only_the_named_services_are_watched(tmp_path: Path) -> None:
    project = project_from(tmp_path, FILE)
    with pytest.raises(ConfigError, match=NOTHING_TO_WATCH):
        parse(project, ["db"])
    assert {r.service for r in parse(project, ["web", "db"])} == {"web"}


def test_rebuild_without_a_build_section_is_refused_with_its_location(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          web:
            image: app
            develop:
              watch:
                - path: ./src
                  action: rebuild
        """,
    )
    with pytest.raises(ConfigError) as caught:
        parse(project)
    (problem,) = caught.value.problems
    assert str(problem.location) == f"{project.working_dir}/compose.yaml:4:5"
    assert problem.path == "services.web.develop.watch[0].action"
    assert problem.message == "can't watch service 'web' with action rebuild without a build context"


def test_sync_actions_need_a_target_and_sync_exec_a_command(tmp_path: Path) -> None:
    project = project_from(
        tmp_path,
        """
        services:
          web:
            image: app
            develop:
              watch:
                - {path: a, action: sync+restart}
                - {path: b, action: restart}
        """,
    )
    with pytest.raises(ConfigError) as caught:
        parse(project)
    assert [p.path for p in caught.value.problems] == ["services.web.develop.watch[0].target"]
    assert "target is required for action sync+restart" in str(caught.value)


def test_a_project_without_develop_has_nothing_to_watch(tmp_path: Path) -> None:
    project = project_from(tmp_path, "services: {web: {image: app}}")
    with pytest.raises(ConfigError, match="none of the selected services is configured for watch"):
        parse(project)


def test_up_accepts_develop(tmp_path: Path) -> None:
    assert orchestrator.check(project_from(tmp_path, FILE)) == ["db", "web"]


INCLUDED = {
    "compose": """
        include: [sub/compose.yaml]
        services:
          web:
            extends: {file: base/common.yaml, service: app}
          own:
            image: app
            develop:
              watch: [{path: ./own, action: restart}]
        """,
    "sub__compose.yaml": """
        services:
          inc:
            image: app
            develop:
              watch: [{path: ./src, action: sync, target: /app}]
        """,
    "base__common.yaml": """
        services:
          app:
            image: app
            develop:
              watch: [{path: ./lib, action: restart}]
        """,
    "elsewhere__override.yaml": """
        services:
          own:
            develop:
              watch: [{path: ./more, action: restart}]
        """,
}


def test_paths_start_from_the_directory_of_the_file_that_defined_the_service(
    write_project: WriteProject,
) -> None:
    root = write_project(**INCLUDED)
    paths = {(r.service, r.path) for r in parse(load(root).project)}
    assert paths == {("inc", f"{root}/sub/src"), ("web", f"{root}/base/lib"), ("own", f"{root}/own")}
    # in an override, wherever it is, they start from the project directory, as in Compose
    overridden = load(root, files=("compose.yaml", "elsewhere/override.yaml")).project
    assert {r.path for r in parse(overridden, ["own"])} == {f"{root}/own", f"{root}/more"}
