"""``up``'s and ``run``'s Compose flags on the real engine: ``--no-color``, ``--timestamps`` and ``-V`` of
``up``; ``--cap-add``, ``--cap-drop``, ``--env-from-file`` and ``-q`` of ``run``."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import BUSYBOX, Project

pytestmark = pytest.mark.engine
STAMPED = re.compile(r"^app-1 \| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z hello$", re.MULTILINE)


def _cache_volume(project: Project) -> str:
    mounts = project.client.containers.get(f"{project.name}-app-1").attrs["Mounts"]
    return str(next(m["Name"] for m in mounts if m["Destination"] == "/cache"))


def test_up_no_color_timestamps_and_renew_anon_volumes(project: Project) -> None:
    project.write(
        f"""
        services:
          app:
            image: {BUSYBOX}
            command: [sh, -c, "echo hello; sleep 1"]
            volumes: [/cache]
        """
    )
    colours = {"NO_COLOR": ""}
    coloured = project.run("--ansi", "always", "--progress", "quiet", "up", env=colours).out
    assert "\x1b[" in coloured and "hello" in coloured
    plain = project.run(
        "--ansi", "always", "--progress", "quiet", "up", "--no-color", "--timestamps", env=colours
    )
    assert "\x1b[" not in plain.out and STAMPED.search(plain.out), plain.out
    first = _cache_volume(project)
    project.run("up", "-d", "--force-recreate")
    assert _cache_volume(project) == first  # carried over from the container it replaces
    project.run("up", "-d", "-V")
    assert _cache_volume(project) != first
    # as in Compose, the replaced container's anonymous volume is left behind, unlabelled: the test removes it
    assert project.client.volumes.get(first).attrs["Labels"] in (None, {})
    project.client.volumes.get(first).remove()


def test_run_capabilities_env_from_file_and_quiet(project: Project) -> None:
    project.write(f"services:\n  app:\n    image: {BUSYBOX}\n    cap_drop: [MKNOD]\n")
    project.write("MODE=file\nLEVEL=2\n", "vars.env")
    args = ("--cap-add", "SYS_TIME", "--cap-drop", "CHOWN", "--env-from-file", "vars.env", "-e", "MODE=cli")
    result = project.run("run", "-q", "--name", f"{project.name}-job", *args, "app", "env")
    assert "MODE=cli\n" in result.out and "LEVEL=2\n" in result.out
    assert "Container" not in result.err and "Network" not in result.err, result.err
    attrs = project.client.containers.get(f"{project.name}-job").attrs
    assert attrs["HostConfig"]["CapAdd"] == ["SYS_TIME"]
    assert attrs["HostConfig"]["CapDrop"] == ["MKNOD", "CHOWN"]
    assert {"MODE=cli", "LEVEL=2"} <= set(attrs["Config"]["Env"])
