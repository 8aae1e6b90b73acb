"""A no-op ``up`` from memory, on the real engine: the same ``up -d`` a second time is answered before
click or the loader is imported (also right after an ``up`` that changed something), prints what a run
planned in full prints, and every change to the files, the variables or the containers makes the next run
plan in full and converge."""

from __future__ import annotations

import os
import subprocess
import sys

from compose import memo
from tests.e2e.conftest import BUSYBOX, FOREVER, REPO, Project

CLI = [sys.executable, "-X", "importtime", "-m", "compose.cli"]


def _up(project: Project, env: dict[str, str] | None = None, *flags: str) -> tuple[bool, str]:
    """``up -d`` with plain progress: whether it was replayed (click never imported), and what it said."""
    done = subprocess.run(
        [*CLI, "-p", project.name, "--progress", "plain", "up", "-d", *flags],
        cwd=project.root,
        env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = done.stderr.splitlines()
    imported = {line.rsplit("|", 1)[-1].strip() for line in lines if line.startswith("import time:")}
    said = "\n".join(line for line in lines if not line.startswith("import time:"))
    return "click" not in imported, said


def _web(project: Project) -> tuple[str, str, list[str], dict[str, str]]:
    """The web container: its id, state, environment and labels."""
    [container] = project.containers()
    attrs = container.attrs
    return container.id, attrs["State"]["Status"], attrs["Config"]["Env"], attrs["Config"]["Labels"]


def _write(project: Project) -> None:
    project.write(f"""
        services:
          web:
            image: {BUSYBOX}
            command: {FOREVER}
            environment:
              FOO: ${{FOO:-one}}
        """)


def test_the_no_op_up_after_a_change_is_replayed_as_a_planned_one_prints_it(project: Project) -> None:
    _write(project)
    assert _up(project)[0] is False  # creates, then plans once more: nothing to do, a note kept
    before = _web(project)
    replayed, planned = _up(project, {memo.SWITCH: "0"})  # no notes: planned in full
    assert not replayed and f"Container {project.name}-web-1  Running" in planned
    replayed, said = _up(project)
    assert replayed and said == planned
    assert _up(project) == (True, planned)  # and again
    assert _web(project) == before


def test_up_wait_and_up_without_it_are_replayed_once_every_service_is_ready(project: Project) -> None:
    project.write(f"""
        services:
          db:
            image: {BUSYBOX}
            command: {FOREVER}
            healthcheck: {{test: [CMD, "true"], interval: 1s}}
          web:
            image: {BUSYBOX}
            command: {FOREVER}
            depends_on: {{db: {{condition: service_healthy}}}}
        """)
    assert _up(project, None, "--wait")[0] is False  # creates, waits, then plans and asks once more
    replayed, planned = _up(project, {memo.SWITCH: "0"}, "--wait")
    assert not replayed and f"Container {project.name}-db-1  Healthy" in planned
    assert _up(project, None, "--wait") == (True, planned)
    # that rerun's planning alone was noted for the same ``up -d`` without the wait
    replayed, planned = _up(project, {memo.SWITCH: "0"})
    assert not replayed and "Healthy" not in planned and f"Container {project.name}-db-1  Running" in planned
    assert _up(project) == (True, planned)


def test_each_change_is_seen_by_the_next_up(project: Project) -> None:
    _write(project)
    _up(project)
    assert _up(project)[0]
    web = _web(project)

    def converged(env: dict[str, str] | None = None) -> tuple[str, str, list[str], dict[str, str]]:
        """One full run that converges, then the no-op after it, replayed from the note it left."""
        assert _up(project, env)[0] is False
        assert _up(project, env)[0] is True
        found = _web(project)
        assert found[1] == "running"
        return found

    project.write(
        project.root.joinpath("compose.yaml").read_text().replace("FOO: ${FOO:-one}", "FOO: ${FOO:-uno}")
    )
    changed = converged()
    assert changed[0] != web[0] and "FOO=uno" in changed[2]  # the file changed: recreated

    project.write("FOO=two\n", ".env")
    changed = converged()
    assert "FOO=two" in changed[2]  # a new .env file

    changed = converged({"FOO": "three"})
    assert "FOO=three" in changed[2]  # a variable of the shell

    project.write("services: {web: {labels: {extra: 'yes'}}}\n", "compose.override.yaml")
    changed = converged()
    assert changed[3].get("extra") == "yes"  # an override file where there was none

    project.client.containers.get(changed[0]).stop(timeout=1)
    assert converged()[0] == changed[0]  # stopped behind its back: started again

    project.client.containers.get(changed[0]).remove(force=True)
    assert converged()[0] != changed[0]  # removed behind its back: created again
