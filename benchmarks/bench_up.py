"""How fast pycompose converges, next to a raw floor and Debian's docker-compose v1 (figures, no asserts).

For generated projects of BusyBox services (flat, chain and DAG shapes; 10 and 50 services; with and without
healthchecks) it times, per tool: a cold ``up -d``, a no-op ``up -d`` and ``down -v``.

- pycompose: the CLI, as a user runs it: the installed ``pycompose`` command beside this interpreter
  (``python -m compose.cli`` where there is none, which loads a few more modules). Its bytecode is
  compiled first, as an installed wheel's is (where PYTHONDONTWRITEBYTECODE is set, an editable install
  would otherwise compile every module on every run; the floor's ``docker`` package is compiled by pip).
  With healthchecks its cold ``up`` is ``up -d --wait``: like the floor's, it ends when every service is
  healthy.
- floor: the same containers straight through the docker SDK (``benchmarks/floor.py``), in parallel as
  dependencies allow (a thread per service; health awaited on the event stream), with no planning and no
  CLI: a process of its own per step, as a script would be (the interpreter, ``import docker``, then the
  requests). Its no-op ``up`` lists the project's containers. The ratios are to this floor.
- The no-op's CPU time (user and system, of the tool's processes) is shown beside it: under load a
  process waits for the CPU, and the wall-clock time grows with the wait.
- pycompose's no-ops (``compose.memo``): a cold ``up -d`` that changed something plans once more and
  leaves a note, so the first no-op ``up -d`` after it is replayed from that note (with healthchecks the
  cold ``up`` is ``up -d --wait``, another command line: its first no-op ``up -d`` plans in full and keeps a
  note). With ``--noop-runs`` above 1, the later ones are shown apart, as ``again``. ``planned`` is one more
  no-op with notes turned off (``PYCOMPOSE_MEMO=0``): planned in full, as the first after a change to the
  files would be.
- bare: right after each pycompose no-op, ``benchmarks/bare_noop.py``: an interpreter (``-I -S``) that
  imports only ``socket`` and lists the project's containers once. No tool's no-op can take less; under
  load its figure is what the machine allowed any process at that moment (unix sockets only).
- engine: the floor's functions called in this process: the engine's work alone, without any start-up.
  The second ratio of each figure is to it (``1.02x/1.08x``: to the floor / to the engine).
- v1: ``docker-compose`` 1.29 (``apt-get install -y docker-compose``), when it is installed. It has no
  ``--wait``: its cold ``up -d`` ends when the last service is started, healthy or not.

With healthchecks (every 0.5 s unless ``--health-interval`` says otherwise: Docker 20.10 has no
``start_interval``, so a service is first checked one interval after it starts) the engine's execs load a
small machine, which slows every process started meanwhile: the floor's, the CLIs' and v1's alike. At
0.5 s, 50 services make about 100 execs a second. A single no-op run is at the mercy of that load:
``--noop-runs N`` runs it N times after each cold ``up`` and reports the median.

Run with DOCKER_HOST set (``eval "$(scripts/engine env)"``); ``--quick`` runs only the 10-service projects.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import docker
import docker.errors

sys.path.insert(0, str(Path(__file__).parent))
from floor import HEALTH_INTERVAL, Shape, floor_down, floor_noop, floor_up, remove_network, require_image

FLOOR = Path(__file__).with_name("floor.py")
BARE = Path(__file__).with_name("bare_noop.py")


# -- the tools ---------------------------------------------------------------------------------------------
def _cli(
    command: list[str], cwd: Path, v1: bool = False, extra: dict[str, str] | None = None
) -> Callable[[docker.APIClient, str, Shape], None]:
    # docker-compose v1's package is also called ``compose``: it must not see a PYTHONPATH meant for ours
    env = {k: v for k, v in os.environ.items() if not (v1 and k == "PYTHONPATH")} | (extra or {})

    def run(client: docker.APIClient, project: str, shape: Shape) -> None:
        proc = subprocess.run([*command], cwd=cwd, capture_output=True, text=True, env=env)
        if proc.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{proc.stdout}\n{proc.stderr}")

    return run


def _floor(step: str) -> Callable[[docker.APIClient, str, Shape], None]:
    def run(client: docker.APIClient, project: str, shape: Shape) -> None:
        args = [step, project, shape.name, str(shape.size), str(shape.health)]
        proc = subprocess.run([sys.executable, str(FLOOR), *args], capture_output=True, text=True)
        if proc.returncode:
            raise RuntimeError(f"floor {step} failed:\n{proc.stderr}")

    return run


def _bare() -> Callable[[docker.APIClient, str, Shape], None] | None:
    """The bare no-op (an interpreter and one listing), for an engine on a unix socket."""
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if not host.startswith("unix://"):
        return None
    command = [sys.executable, "-I", "-S", str(BARE), host.removeprefix("unix://")]

    def run(client: docker.APIClient, project: str, shape: Shape) -> None:
        if subprocess.run([*command, project]).returncode:
            raise RuntimeError(f"the bare no-op of {project} failed")

    return run


@dataclass
class Tool:
    name: str
    up: Callable[[docker.APIClient, str, Shape], None]
    noop: Callable[[docker.APIClient, str, Shape], None]
    down: Callable[[docker.APIClient, str, Shape], None]
    planned: Callable[[docker.APIClient, str, Shape], None] | None = None
    """pycompose's no-op with its notes turned off: planned in full, as after a change to the files."""


def _pycompose() -> list[str]:
    """The command a user runs: the installed script, by this interpreter (its modules come from
    PYTHONPATH first, so a worktree's code is what runs)."""
    script = Path(sys.executable).with_name("pycompose")
    return [sys.executable, str(script)] if script.is_file() else [sys.executable, "-m", "compose.cli"]


def tools(root: Path, project: str, with_v1: bool, parallel: int | None, health: bool) -> list[Tool]:
    pyc = [*_pycompose(), "-p", project, "--progress", "quiet"]
    if parallel:
        pyc += ["--parallel", str(parallel)]
    # with healthchecks the floor's up ends when every service is healthy: so does ``up -d --wait``
    cold = [*pyc, "up", "-d", "--wait"] if health else [*pyc, "up", "-d"]
    found = [
        Tool("engine", floor_up, floor_noop, floor_down),
        Tool("floor", _floor("up"), _floor("noop"), _floor("down")),
        Tool(
            "pycompose",
            _cli(cold, root),
            _cli([*pyc, "up", "-d"], root),
            _cli([*pyc, "down", "-v"], root),
            _cli([*pyc, "up", "-d"], root, extra={"PYCOMPOSE_MEMO": "0"}),
        ),
    ]
    v1 = shutil.which("docker-compose")
    if with_v1 and v1:
        base = [v1, "-p", f"{project}v1", "--no-ansi"]
        found.append(
            Tool(
                "v1",
                _cli([*base, "up", "-d"], root, v1=True),
                _cli([*base, "up", "-d"], root, v1=True),
                _cli([*base, "down", "-v"], root, v1=True),
            )
        )
    return found


FAILURES: list[str] = []


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _timed(what: str, fn: Callable[[], None], cpu: list[float] | None = None) -> float:
    """Seconds ``fn`` took; a failure is noted (and listed at the end) rather than ending the run. With
    ``cpu``, the CPU seconds of the processes ``fn`` ran are appended to it."""
    start, used = time.perf_counter(), _children_cpu()
    try:
        fn()
    except (RuntimeError, docker.errors.APIError) as exc:
        FAILURES.append(f"{what}: {str(exc).strip().splitlines()[-1]}")
    if cpu is not None:
        cpu.append(_children_cpu() - used)
    return time.perf_counter() - start


def _clean(client: docker.APIClient, project: str, what: str) -> bool:
    """Remove whatever a failed step left of the project, so that the next tool starts from nothing.
    False when the engine keeps the network (an endpoint it failed to release): the shape stops there."""
    for container in client.containers(all=True, filters={"label": f"com.docker.compose.project={project}"}):
        client.remove_container(container["Id"], force=True, v=True)
    for network in client.networks(names=[f"{project}_default"]):
        try:
            remove_network(client, network["Id"])
        except docker.errors.APIError as exc:
            FAILURES.append(f"{what}: the engine keeps {network['Name']} ({exc.explanation}); shape stopped")
            return False
    return True


def measure(
    client: docker.APIClient,
    shape: Shape,
    with_v1: bool,
    repeat: int,
    parallel: int | None = None,
    noop_runs: int = 1,
) -> dict[str, dict[str, float]]:
    """tool -> {cold, noop, down, noop_cpu}: the median of ``repeat`` runs (the no-op: of ``repeat`` times
    ``noop_runs``), in seconds."""
    out: dict[str, dict[str, list[float]]] = {}
    bare = _bare()
    bare_figures: dict[str, list[float]] = {"noop": [], "noop_cpu": []}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        root = Path(tmp)
        (root / "compose.yaml").write_text(json.dumps(shape.compose(), indent=1))
        project = f"bench{os.getpid()}{shape.name}{shape.size}{'h' if shape.health else ''}"
        for _ in range(repeat):
            for tool in tools(root, project, with_v1, parallel, bool(shape.health)):
                figures = out.setdefault(tool.name, {"cold": [], "noop": [], "down": [], "noop_cpu": []})
                name = f"{project}v1" if tool.name == "v1" else project
                what = f"{shape.label} {tool.name}"
                figures["cold"].append(_timed(f"{what} up", partial(tool.up, client, name, shape)))
                noop = partial(tool.noop, client, name, shape)
                for run in range(noop_runs):
                    # pycompose's later no-ops are replayed from a note (the first: see the docstring)
                    kind = "again" if run and tool.name == "pycompose" else "noop"
                    runs = figures.setdefault(kind, [])
                    runs.append(_timed(f"{what} noop", noop, figures.setdefault(f"{kind}_cpu", [])))
                    if bare is not None and tool.name == "pycompose":  # right after, on the same machine
                        run_bare = partial(bare, client, name, shape)
                        bare_figures["noop"].append(
                            _timed(f"{what} bare noop", run_bare, bare_figures["noop_cpu"])
                        )
                if tool.planned is not None:
                    planned = partial(tool.planned, client, name, shape)
                    figures.setdefault("planned", []).append(
                        _timed(f"{what} planned noop", planned, figures.setdefault("planned_cpu", []))
                    )
                figures["down"].append(_timed(f"{what} down", partial(tool.down, client, name, shape)))
                if not _clean(client, name, what):
                    return _medians(out, bare_figures)
    return _medians(out, bare_figures)


def _medians(
    out: dict[str, dict[str, list[float]]], bare: dict[str, list[float]]
) -> dict[str, dict[str, float]]:
    found = {tool: {k: statistics.median(v) for k, v in f.items()} for tool, f in out.items() if f["down"]}
    if bare["noop"]:
        found["bare"] = {k: statistics.median(v) for k, v in bare.items()}
    return found


def report(shape: Shape, figures: dict[str, dict[str, float]]) -> None:
    floor, engine = figures.get("floor"), figures.get("engine")
    for tool, f in figures.items():
        if tool == "bare":
            print(
                f"{shape.label:<18} {tool:<10} {'':13}noop {f['noop']:6.2f}s (cpu {f['noop_cpu']:.2f}s)",
                flush=True,
            )
            continue
        ratios = (
            ""
            if tool in ("floor", "engine") or floor is None or engine is None
            else "   "
            + "  ".join(f"{k} {f[k] / floor[k]:.2f}x/{f[k] / engine[k]:.2f}x" for k in ("cold", "down"))
            + f"  noop {f['noop'] / floor['noop']:.2f}x"
        )
        cpu = "" if tool == "engine" else f" (cpu {f['noop_cpu']:.2f}s)"
        times = f"cold {f['cold']:6.2f}s  noop {f['noop']:6.2f}s{cpu:<12}  down {f['down']:6.2f}s"
        if "again" in f:
            times += f"  again {f['again']:5.2f}s (cpu {f['again_cpu']:.2f}s)"
        if "planned" in f:
            times += f"  planned {f['planned']:5.2f}s (cpu {f['planned_cpu']:.2f}s)"
        print(f"{shape.label:<18} {tool:<10} {times}{ratios}", flush=True)


def _compile_pycompose() -> None:
    import compose

    package = Path(compose.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the 10-service projects")
    parser.add_argument("--no-v1", action="store_true", help="skip docker-compose v1")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (the median is shown)")
    parser.add_argument("--shapes", default="flat,chain,dag")
    parser.add_argument("--sizes", default="")
    parser.add_argument("--health", default="no,yes", help="without and/or with healthchecks")
    parser.add_argument("--health-interval", type=float, default=HEALTH_INTERVAL, help="check every N s")
    parser.add_argument("--parallel", type=int, default=None, help="pycompose --parallel (default: its own)")
    parser.add_argument("--noop-runs", type=int, default=1, help="no-op runs after each cold up")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([10] if args.quick else [10, 50])
    client = docker.APIClient(base_url=os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock"))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    python = sys.version.split()[0]
    print(f"engine {client.version()['Version']} at {client.base_url}; python {python}; load average {load}")
    require_image(client)
    _compile_pycompose()
    started = time.perf_counter()
    for size in sizes:
        for health in [h == "yes" for h in args.health.split(",")]:
            for name in args.shapes.split(","):
                shape = Shape(name, size, args.health_interval if health else 0.0)
                figures = measure(client, shape, not args.no_v1, args.repeat, args.parallel, args.noop_runs)
                report(shape, figures)
    print(f"total {time.perf_counter() - started:.0f}s")
    for failure in FAILURES:
        print(f"failed: {failure}")


if __name__ == "__main__":
    main()
