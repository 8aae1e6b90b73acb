"""The progress modes on the real engine: ``--progress json|plain|quiet``, ``--ansi`` and NO_COLOR.

The JSON stream of real ``up -d`` and ``down`` runs is checked against docs/progress-json.md: each
object has exactly the fields documented for its type, and every status it reports is documented.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.e2e.conftest import BUSYBOX, FOREVER, Project
from tests.e2e.test_e2e_tty import DB_AND_WEB, UNHEALTHY
from tests.test_ui_json_sink import DOC, documented_fields

COMPOSE = (
    DB_AND_WEB
    + """    volumes: [data:/data]
volumes:
  data: {}
"""
)
ESCAPE = "\x1b["
COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-9](;[0-9;]*)?m")


def _strip(text: str) -> str:
    """``text`` without control sequences."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


def _json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def _check_documented(records: list[dict[str, Any]]) -> None:
    fields = documented_fields()
    doc = DOC.read_text(encoding="utf-8")
    for record in records:
        assert set(record) == fields[record["type"]], record
        assert isinstance(record["time"], float)
        if "resource" in record:
            resource = record["resource"]
            assert record["id"] == f"{resource['kind'].capitalize()} {resource['name']}"
            assert f"`{record['status'].split(':')[0]}`" in doc, f"undocumented status {record['status']!r}"
    times = [r["time"] for r in records]
    assert times == sorted(times)


def _statuses(records: list[dict[str, Any]], state: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for record in records:
        if record.get("state") == state:
            out.setdefault(record["id"], []).append(record["status"])
    return out


def test_json_of_up_and_down_is_as_documented(project: Project) -> None:
    project.write(COMPOSE)
    up = project.run("--progress", "json", "up", "-d")
    assert up.out == ""
    records = _json_lines(up.err)
    _check_documented(records)
    p = project.name
    assert records[0]["type"] == "PlanReady"
    assert {r["name"] for r in records[0]["resources"]} == {
        f"{p}_default",
        f"{p}_data",
        f"{p}-db-1",
        f"{p}-web-1",
    }
    assert _statuses(records, "done") == {
        f"Network {p}_default": ["Created"],
        f"Volume {p}_data": ["Created"],
        f"Container {p}-db-1": ["Created", "Started", "Healthy"],
        f"Container {p}-web-1": ["Created", "Started"],
    }
    assert _statuses(records, "working")[f"Container {p}-db-1"] == ["Creating", "Starting", "Waiting"]

    again = _json_lines(project.run("--progress", "json", "up", "-d").err)
    _check_documented(again)
    assert _statuses(again, "done") == {
        f"Container {p}-db-1": ["Running"],
        f"Container {p}-web-1": ["Running"],
    }

    down = _json_lines(project.run("--progress", "json", "down", "-v", "-t", "1").err)
    _check_documented(down)
    assert _statuses(down, "done") == {
        f"Container {p}-web-1": ["Stopped", "Removed"],
        f"Container {p}-db-1": ["Stopped", "Removed"],
        f"Network {p}_default": ["Removed"],
        f"Volume {p}_data": ["Removed"],
    }


def test_json_failure_ends_with_an_error_object_and_no_text(project: Project) -> None:
    project.write(UNHEALTHY)
    result = project.run("--progress", "json", "up", "-d", check=False)
    assert result.code == 1
    records = _json_lines(result.err)
    _check_documented(records)
    p = project.name
    failed = {r["id"]: r["error"] for r in records if r["type"] == "ResourceFailed"}
    assert failed[f"Container {p}-web-1"] == "not done: a dependency failed"
    assert f"container {p}-db-1 is unhealthy" in failed[f"Container {p}-db-1"]
    assert records[-1]["type"] == "Error" and records[-1]["error"] is True
    assert records[-1]["message"].startswith(f"Container {p}-db-1: service 'db': dependency failed to start")


def test_json_config_warnings_are_notices(project: Project) -> None:
    project.write(
        f"version: '3'\nservices:\n  a: {{image: {BUSYBOX}, command: {FOREVER}, environment: [X=$UNSET_X]}}\n"
    )
    result = project.run("--progress", "json", "up", "-d")
    notices = [r for r in _json_lines(result.err) if r["type"] == "Notice"]
    assert notices and all(n["level"] == "warning" for n in notices)
    assert any("UNSET_X" in n["text"] for n in notices)


def test_plain_is_one_uncoloured_line_per_event_and_quiet_prints_nothing(project: Project) -> None:
    project.write(COMPOSE)
    plain = project.run("--progress", "plain", "up", "-d", env={"NO_COLOR": ""})
    p = project.name
    assert plain.out == "" and ESCAPE not in plain.err
    lines = plain.err.splitlines()
    line_form = r" (Network|Volume|Container) \S+  \w+( \(health: \w+\))?"  # a started one: its health
    assert all(re.fullmatch(line_form, line) for line in lines), lines
    assert f" Volume {p}_data  Created" in lines and f" Container {p}-db-1  Healthy" in lines
    quiet = project.run("--progress", "quiet", "down", "-t", "1")
    assert (quiet.out, quiet.err) == ("", "")
    project.write(UNHEALTHY)
    failed = project.run("--progress", "quiet", "up", "-d", check=False)
    assert failed.code == 1 and failed.out == ""
    assert failed.err.startswith(f"error: Container {p}-db-1: service 'db': dependency failed to start")


def test_ansi_flags(project: Project, tmp_path: Path) -> None:
    project.write(COMPOSE)
    forced = project.run("--ansi", "always", "up", "-d", env={"NO_COLOR": ""})
    assert ESCAPE in forced.err and COLOUR.search(forced.err), "--ansi always: the live view, in colour"
    assert f"[+] Running 4/4 · {project.name} · 2/2 containers running" in _strip(forced.err)
    no_colour = project.run("--ansi", "always", "up", "-d", env={"NO_COLOR": "1"})
    assert ESCAPE in no_colour.err and not COLOUR.search(no_colour.err), "NO_COLOR: still live, no colour"
    never = project.run("--ansi", "never", "down", "-t", "1", env={"NO_COLOR": ""})
    assert ESCAPE not in never.err and f" Container {project.name}-web-1  Removed" in never.err.splitlines()
    refused = project.run("--ansi", "never", "--progress", "tty", "up", "-d", check=False)
    assert refused.code == 2 and "can't use --progress tty while ANSI support is disabled" in refused.err
    from_env = project.run("up", "-d", env={"COMPOSE_PROGRESS": "json", "COMPOSE_ANSI": "never"})
    assert _json_lines(from_env.err)[0]["type"] == "PlanReady"
