"""ps output: Docker's status and age words, JSON lines, templates (no engine)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from compose.engine.base import ContainerInfo
from compose.ui import ps_view

NOW = 1_000_000.0
WEB = ContainerInfo(
    id="abc123",
    name="demo-web-1",
    service="web",
    number=1,
    state="running",
    health="healthy",
    labels={"com.docker.compose.project": "demo"},
    ports=("0.0.0.0:8080->80/tcp", "443/tcp"),
    networks=("demo_default",),
    volumes={"/data": "demo_data"},
    image="nginx:1",
    command="/docker-entrypoint.sh nginx -g 'daemon off;'",
    created=NOW - 4,
    started_at=NOW - 2,
)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0.4, "Less than a second"),
        (1, "1 second"),
        (59, "59 seconds"),
        (61, "About a minute"),
        (150, "2 minutes"),
        (3600, "About an hour"),
        (5 * 3600, "5 hours"),
        (3 * 86400, "3 days"),
        (20 * 86400, "2 weeks"),
        (90 * 86400, "3 months"),
        (800 * 86400, "2 years"),
    ],
)
def test_durations_read_as_docker_says_them(seconds: float, words: str) -> None:
    assert ps_view.human_duration(seconds) == words


def test_status_words() -> None:
    assert ps_view.status(WEB, NOW) == "Up 2 seconds (healthy)"
    assert ps_view.status(replace(WEB, health="starting"), NOW) == "Up 2 seconds (health: starting)"
    assert ps_view.status(replace(WEB, state="paused", health=""), NOW) == "Up 2 seconds (Paused)"
    exited = replace(WEB, state="exited", health="", exit_code=3, finished_at=NOW - 120)
    assert ps_view.status(exited, NOW) == "Exited (3) 2 minutes ago"
    assert ps_view.status(replace(WEB, state="created"), NOW) == "Created"


def test_the_default_table_has_composes_columns() -> None:
    text = ps_view.render("table", [WEB], NOW)
    header, row = text.splitlines()
    assert header.split() == ["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"]
    assert row.startswith("demo-web-1   nginx:1   ")
    assert '"/docker-entrypoint.…"' in row  # the command is cut to 20 characters, quoted
    assert "4 seconds ago" in row and "Up 2 seconds (healthy)" in row
    assert row.endswith("0.0.0.0:8080->80/tcp, 443/tcp")
    assert "nginx -g" in ps_view.render("table", [WEB], NOW, truncate=False)


def test_templates() -> None:
    assert ps_view.render("{{.Name}} {{.State}}", [WEB], NOW) == "demo-web-1 running\n"
    assert ps_view.render("{{json .Networks}}", [WEB], NOW) == '"demo_default"\n'
    table = ps_view.render("table {{.Name}}\\t{{.RunningFor}}", [WEB], NOW)
    assert table.splitlines() == ["NAME         CREATED", "demo-web-1   4 seconds ago"]
    whole = json.loads(ps_view.render("{{json .}}", [WEB], NOW))
    assert whole["Service"] == "web"
    with pytest.raises(ps_view.TemplateError, match="unknown field 'Nope'"):
        ps_view.render("{{.Nope}}", [WEB], NOW)


def test_json_lines_carry_composes_fields() -> None:
    lines = ps_view.json_lines([WEB, replace(WEB, name="demo-web-2", id="def")], NOW).splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["Name"] == "demo-web-1" and first["Project"] == "demo" and first["Service"] == "web"
    assert first["State"] == "running" and first["Health"] == "healthy" and first["ExitCode"] == 0
    assert first["Command"] == WEB.command  # never cut in JSON
    assert first["Publishers"] == [
        {"URL": "0.0.0.0", "TargetPort": 80, "PublishedPort": 8080, "Protocol": "tcp"},
        {"URL": "", "TargetPort": 443, "PublishedPort": 0, "Protocol": "tcp"},
    ]
    assert first["Status"] == "Up 2 seconds (healthy)" and first["Created"] == int(NOW - 4)
