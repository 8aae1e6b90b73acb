"""ps on the real daemon: Compose's columns and words, states, filters, services, JSON lines and templates."""

from __future__ import annotations

import json

from tests.e2e.conftest import BUSYBOX, FOREVER, Project


def test_ps_lists_as_compose_does(project: Project) -> None:
    project.write(f"""
        services:
          web:
            image: {BUSYBOX}
            command: {FOREVER}
            ports: ["127.0.0.1::8080"]
          job:
            image: {BUSYBOX}
            command: ["sh", "-c", "exit 3"]
          paused:
            image: {BUSYBOX}
            command: {FOREVER}
    """)
    project.run("up", "-d", "--wait", "web", "paused")
    project.run("up", "-d", "job")
    project.client.containers.get(f"{project.name}-paused-1").pause()
    project.run("run", "--rm", "-d", "web")

    header, *rows = project.run("ps").out.splitlines()
    assert header.split() == ["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"]
    names = [row.split()[0] for row in rows]
    assert names == [f"{project.name}-paused-1", f"{project.name}-web-1"]  # running and paused; no one-off
    web = next(row for row in rows if row.startswith(f"{project.name}-web-1"))
    assert "Up " in web and "127.0.0.1:" in web and "->8080/tcp" in web
    assert "(Paused)" in next(row for row in rows if "paused-1" in row)

    every = project.run("ps", "-a").out
    assert f"{project.name}-job-1" in every and "Exited (3)" in every and "-web-run-" in every
    exited = project.run("ps", "--status", "exited", "-q").out.split()
    assert exited == [project.client.containers.get(f"{project.name}-job-1").id]
    assert project.run("ps", "--filter", "status=paused", "--services").out.split() == ["paused"]
    assert project.run("ps", "--services", "-a", "web").out.split() == ["web"]

    lines = [json.loads(line) for line in project.run("ps", "-a", "--format", "json").out.splitlines()]
    by_name = {item["Name"]: item for item in lines}
    job = by_name[f"{project.name}-job-1"]
    assert job["State"] == "exited" and job["ExitCode"] == 3 and job["Service"] == "job"
    assert job["Project"] == project.name and job["Image"] == BUSYBOX and job["Command"] == "sh -c exit 3"
    web_item = by_name[f"{project.name}-web-1"]
    assert web_item["Publishers"][0]["TargetPort"] == 8080 and web_item["Publishers"][0]["PublishedPort"] > 0

    template = project.run("ps", "--format", "{{.Service}}:{{.State}}").out.split()
    assert template == ["paused:paused", "web:running"]

    unknown = project.run("ps", "nope", check=False)
    assert unknown.code == 1 and "no such service: nope" in unknown.err
    bad = project.run("ps", "--format", "{{.Nope}}", check=False)
    assert bad.code == 2 and "unknown field 'Nope'" in bad.err
