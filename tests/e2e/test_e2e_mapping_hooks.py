"""Lifecycle hooks and the stop grace period on the real daemon, and the configuration hash covering the
newly mapped keys."""

from __future__ import annotations

import time

from tests.e2e.conftest import BUSYBOX, FOREVER, Project


def test_post_start_and_pre_stop_hooks_run_in_the_container(project: Project) -> None:
    (project.root / "out").mkdir()
    (project.root / "out").chmod(0o777)  # the post_start hook runs as user 1000
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
            volumes: ["./out:/out"]
            post_start:
              - command: sh -c 'echo "$$(id -u) in $$(pwd)" > /out/started'
                user: "1000"
                working_dir: /tmp
            pre_stop:
              - command: ["sh", "-c", "echo $$WHO > /out/stopping"]
                environment: [WHO=hook]
        """)
    project.run("up", "-d")
    assert (project.root / "out" / "started").read_text() == "1000 in /tmp\n"
    assert not (project.root / "out" / "stopping").exists()
    project.run("down")
    assert (project.root / "out" / "stopping").read_text() == "hook\n"


def test_a_failing_post_start_hook_fails_up_with_its_output(project: Project) -> None:
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
            post_start: [{{command: ["sh", "-c", "echo not ready; exit 3"]}}]
        """)
    result = project.run("up", "-d", check=False)
    assert result.code != 0
    assert f"post_start hook of {project.name}-app-1 exited with status 3" in result.err
    assert "not ready" in result.err


def test_stop_grace_period_is_the_stop_timeout(project: Project) -> None:
    # sh as PID 1 ignores SIGTERM: only the kill after the grace period stops it
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: ["sh", "-c", "while true; do sleep 0.2; done"]
            stop_grace_period: 1s
        """)
    project.run("up", "-d")
    assert project.client.containers.get(f"{project.name}-app-1").attrs["Config"]["StopTimeout"] == 1
    started = time.monotonic()
    project.run("down")
    assert time.monotonic() - started < 6  # not the engine's default 10 s


def test_a_change_of_a_mapped_key_recreates_the_container(project: Project) -> None:
    compose = f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
            cap_add: [{{cap}}]
            sysctls: {{{{net.core.somaxconn: 1024}}}}
        """
    project.write(compose.format(cap="NET_ADMIN"))
    project.run("up", "-d")
    first = project.client.containers.get(f"{project.name}-app-1").id
    assert "nothing to do" in project.run("--dry-run", "up", "-d").out
    project.write(compose.format(cap="SYS_TIME"))
    assert "recreate  cap_add changed" in project.run("--dry-run", "up", "-d").out
    project.run("up", "-d")
    again = project.client.containers.get(f"{project.name}-app-1")
    assert again.id != first and again.attrs["HostConfig"]["CapAdd"] == ["SYS_TIME"]
