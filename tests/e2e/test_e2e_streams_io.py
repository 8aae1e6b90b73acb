"""cp, events and stats on the real engine: archives both ways, the event stream, resource figures."""

from __future__ import annotations

import io
import json
import re
import select
import signal
import subprocess
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.e2e.conftest import BUSYBOX, FOREVER, Project
from tests.e2e.test_e2e_streams import CLI, start


def test_cp_both_ways_with_directories_streams_and_replicas(project: Project, tmp_path: Path) -> None:
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
            scale: 2
        """)
    project.run("up", "-d")
    here = tmp_path / "here"
    (here / "site" / "css").mkdir(parents=True)
    (here / "site" / "index.html").write_text("<p>hi</p>")
    (here / "site" / "css" / "a.css").write_text("a {}")
    (here / "note.txt").write_text("note")
    copied = project.run("cp", str(here / "note.txt"), "app:/tmp/")
    assert copied.out == "" and copied.err.count("Copied") == 2
    first, second = sorted(project.containers(), key=lambda c: c.name)
    assert [c.exec_run(["cat", "/tmp/note.txt"]).output for c in (first, second)] == [b"note", b"note"]
    project.run("cp", "--index", "2", str(here / "site"), "app:/srv")
    assert sorted(second.exec_run(["find", "/srv"]).output.split()) == [
        b"/srv",
        b"/srv/css",
        b"/srv/css/a.css",
        b"/srv/index.html",
    ]
    assert first.exec_run(["ls", "/srv"]).exit_code != 0
    out = tmp_path / "out"
    out.mkdir()
    project.run("cp", "--index", "2", "app:/srv", str(out / "copy"))
    assert (out / "copy" / "css" / "a.css").read_text() == "a {}"
    project.run("cp", "--index", "2", "app:/srv/.", str(out))
    assert (out / "index.html").read_text() == "<p>hi</p>"
    stream = subprocess.run(
        [*CLI, "-p", project.name, "cp", "--index", "2", "app:/srv/css", "-"],
        cwd=project.root,
        capture_output=True,
        timeout=60,
    )
    with tarfile.open(fileobj=io.BytesIO(stream.stdout)) as tar:
        assert sorted(tar.getnames()) == ["css", "css/a.css"]
    back = subprocess.run(
        [*CLI, "-p", project.name, "cp", "-", "app:/tmp"],
        cwd=project.root,
        input=stream.stdout,
        capture_output=True,
        timeout=60,
    )
    assert back.returncode == 0, back.stderr
    assert first.exec_run(["cat", "/tmp/css/a.css"]).output == b"a {}"
    gone = project.run("cp", "app:/no/such", str(out), check=False)
    assert gone.code == 1 and "Could not find the file /no/such in container" in gone.err


def _line_within(proc: subprocess.Popen[str], seconds: float, poke: Callable[[], None]) -> str:
    """The first line ``proc`` prints, poking the engine every two seconds until it does."""
    assert proc.stdout is not None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        poke()
        ready, _, _ = select.select([proc.stdout], [], [], 2)
        if ready:
            return proc.stdout.readline()
    raise AssertionError("nothing was printed")


def test_events_stream_the_project_containers_as_text_and_json(project: Project) -> None:
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
        """)
    project.run("up", "-d")
    (container,) = project.containers()
    since = time.time() - 1
    container.restart(timeout=1)
    until = time.time() + 1
    recorded = project.run("events", "--json", "--since", f"{since:.3f}", "--until", f"{until:.3f}").out
    events = [json.loads(line) for line in recorded.splitlines()]
    assert {"kill", "die", "stop", "start", "restart"} <= {e["action"] for e in events}
    for event in events:
        assert set(event) == {"time", "type", "action", "id", "service", "attributes"}
        assert (event["type"], event["id"], event["service"]) == ("container", container.id, "app")
        assert event["attributes"]["name"] == container.name
        assert not any(k.startswith("com.docker.compose.") for k in event["attributes"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", event["time"])
    live = start(project, "events", "app")
    first = _line_within(live, 90, lambda: container.kill(signal="SIGUSR1"))
    live.send_signal(signal.SIGINT)
    _, err = live.communicate(timeout=30)
    assert live.returncode == 0, err
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}"
    assert re.fullmatch(rf"{stamp} container kill {container.id} \(.*name={container.name}.*\)\n", first), (
        first
    )


def test_stats_once_as_a_table_and_json_and_live(project: Project) -> None:
    project.write(f"""
        services:
          app:
            image: {BUSYBOX}
            command: {FOREVER}
          job:
            image: {BUSYBOX}
            command: ["true"]
        """)
    project.run("up", "-d")
    table = project.run("stats", "--no-stream").out.splitlines()
    headers = ["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"]
    assert re.split(r"\s{3,}", table[0]) == headers
    assert len(table) == 2 and f"{project.name}-app-1" in table[1]
    everything = project.run("stats", "--no-stream", "-a", "--no-trunc").out.splitlines()
    assert len(everything) == 3 and any(f"{project.name}-job-1" in line for line in everything)
    (row,) = [
        json.loads(line) for line in project.run("stats", "--no-stream", "--format", "json").out.splitlines()
    ]
    assert set(row) == {
        "BlockIO",
        "CPUPerc",
        "Container",
        "ID",
        "MemPerc",
        "MemUsage",
        "Name",
        "NetIO",
        "PIDs",
    }
    assert row["Name"] == f"{project.name}-app-1" and len(row["ID"]) == 12
    assert re.fullmatch(r"\d+\.\d\d%", row["CPUPerc"]) and re.fullmatch(r"\d+\.\d\d%", row["MemPerc"])
    assert re.fullmatch(r"[\d.]+[KMG]?i?B / [\d.]+[KMGT]?i?B", row["MemUsage"])
    assert int(row["PIDs"]) >= 1
    live = start(project, "stats", "--format", "json")
    assert live.stdout is not None
    first = json.loads(live.stdout.readline())
    assert first["Name"] == f"{project.name}-app-1"
    live.send_signal(signal.SIGINT)
    _, err = live.communicate(timeout=30)
    assert live.returncode == 0, err
