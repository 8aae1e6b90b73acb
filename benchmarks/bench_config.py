"""How long ``pycompose config`` takes on big files, beside Docker Compose v1 on the same files.

Prints figures; asserts nothing. Run from the repository (see benchmarks/README.md):

    .venv/bin/python benchmarks/bench_config.py            # 5 runs per measure
    .venv/bin/python benchmarks/bench_config.py --quick    # 2 runs per measure

Two generated files (benchmarks/gen_project.py) are written to a temporary folder:
  realistic  200 services: ports, volumes, env, depends_on chains, healthchecks, networks, anchors, ${VAR:-x}
  big        ~5 MB, 250 services: big environment maps, long command lists, many labels

For each, ``pycompose -p bench -f FILE config`` and ``docker-compose -p bench -f FILE config`` run as
subprocesses, output to /dev/null, N times each (plus one uncounted warm-up run on the small file):
best and median wall time, the median run's CPU time (user + sys) and the highest peak RSS, both
from os.wait4 for that very child. Then, in a child of its own, the in-process ``load_project``
(no interpreter start, no imports, no output) and ``to_yaml`` of its result, and finally
``pycompose version``: the CLI's start-up cost shows on its own.

This process stays small on purpose: Linux reports a child's peak RSS as at least the parent's
RSS when it was forked, so everything big (loading, rendering) happens in children.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import gen_project  # noqa: E402

V1_DEFAULT = "/usr/bin/docker-compose"
V1_INSTALL = "apt-get install -y docker-compose   (Debian's Compose v1.29, /usr/bin/docker-compose)"


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    rss_mb: float = 0.0


@dataclass(frozen=True)
class Figures:
    best: float
    median: float
    cpu: float  # the median run's user + sys
    rss_mb: float  # the highest peak RSS of any run (0: not measured)

    @classmethod
    def of(cls, runs: Sequence[Run]) -> Figures:
        return cls(
            best=min(r.wall for r in runs),
            median=statistics.median(r.wall for r in runs),
            cpu=statistics.median(r.cpu for r in runs),
            rss_mb=max(r.rss_mb for r in runs),
        )


Measure = Figures | str  # figures, or why there are none


def run_once(argv: Sequence[str], cwd: Path, env: dict[str, str]) -> tuple[Run, int, str]:
    """One child, waited for with wait4 so that its own rusage (CPU, peak RSS) is known."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace").strip()
    # ru_maxrss is in kilobytes on Linux.
    run = Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)
    return run, proc.returncode, text.splitlines()[-1] if text else ""


def measure(argv: Sequence[str], cwd: Path, env: dict[str, str], repeat: int, warm_up: bool) -> Measure:
    """``repeat`` runs; the first checks that the command succeeds and, with ``warm_up``, is not counted."""
    first, rc, err = run_once(argv, cwd, env)
    if rc != 0:
        return f"failed (exit {rc}): {err}"
    runs = [] if warm_up else [first]
    runs += [run_once(argv, cwd, env)[0] for _ in range(repeat - len(runs))]
    return Figures.of(runs)


def time_in_process(work: Callable[[], object], repeat: int, warm_up: bool) -> list[dict[str, float]]:
    if warm_up:
        work()
    runs = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        work()
        runs.append({"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu})
    return runs


def in_process_child(path: Path, repeat: int, warm_up: bool) -> int:
    """(Runs in a child.) Times load_project and to_yaml on ``path``; prints JSON."""
    from compose.config import LoadOptions, load_project
    from compose.config.output import to_yaml

    options = LoadOptions(
        working_dir=str(path.parent), files=(str(path),), project_name="bench", environment={}
    )
    loaded = load_project(options)
    result = {
        "load_project": time_in_process(lambda: load_project(options), repeat, warm_up),
        "to_yaml": time_in_process(lambda: to_yaml(loaded.canonical), repeat, warm_up),
    }
    print(json.dumps(result))
    return 0


def measure_in_process(path: Path, env: dict[str, str], repeat: int, warm_up: bool) -> dict[str, Measure]:
    argv = [sys.executable, __file__, "--in-process", str(path), "--repeat", str(repeat)]
    done = subprocess.run(
        [*argv, *(["--warm-up"] if warm_up else [])], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        why = f"failed: {(done.stderr.strip().splitlines() or [''])[-1]}"
        return {"load_project": why, "to_yaml": why}
    timings = json.loads(done.stdout)
    return {what: Figures.of([Run(r["wall"], r["cpu"]) for r in runs]) for what, runs in timings.items()}


def pycompose_argv(explicit: str | None) -> list[str]:
    """The console script beside this interpreter, else ``python -m compose.cli``."""
    if explicit:
        return explicit.split()
    script = Path(sys.executable).with_name("pycompose")
    return [str(script)] if script.exists() else [sys.executable, "-m", "compose.cli"]


def child_env(with_checkout: bool) -> dict[str, str]:
    """The shell's environment less anything Compose reads; pycompose's children get this checkout first
    on the path (v1 must not: its own package is called ``compose`` too)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "DOCKER_"))}
    env["NO_COLOR"] = "1"
    env.pop("PYTHONPATH", None)
    if with_checkout:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return env


HEADER = (
    f"{'file':<24}{'what':<26}{'best s':>8}{'median s':>10}{'cpu s':>8}{'RSS MB':>8}"
    f"{'best/v1':>9}{'cpu/v1':>8}"
)


def row(label: str, what: str, figures: Measure, v1: Measure | None = None) -> None:
    if isinstance(figures, Figures):
        rss = f"{figures.rss_mb:8.0f}" if figures.rss_mb else f"{'-':>8}"
        cells = f"{figures.best:8.3f}{figures.median:10.3f}{figures.cpu:8.3f}{rss}"
    else:
        cells = f"{'-':>8}{'-':>10}{'-':>8}{'-':>8}"
    if isinstance(figures, Figures) and isinstance(v1, Figures):
        cells += f"{figures.best / v1.best:8.2f}x{figures.cpu / v1.cpu:7.2f}x"
    print(f"{label:<24}{what:<26}{cells}", flush=True)
    if isinstance(figures, str):
        print(f"{'':<24}  {figures}", flush=True)


def bench_file(kind: str, path: Path, ours: list[str], v1: str | None, repeat: int) -> None:
    # The big file takes seconds a run: its first run counts too (the caches are warm by then).
    warm = kind != "big"
    mine, theirs = child_env(with_checkout=True), child_env(with_checkout=False)
    cli = measure([*ours, "-p", "bench", "-f", str(path), "config"], path.parent, mine, repeat, warm)
    old: Measure = "not installed"
    if v1:
        old = measure([v1, "-p", "bench", "-f", str(path), "config"], path.parent, theirs, repeat, warm)
    row(f"{kind} ({path.stat().st_size / 1e6:.2f} MB)", "pycompose config", cli, v1=old)
    row("", "docker-compose v1 config", old)
    for what, figures in measure_in_process(path, mine, repeat, warm).items():
        row("", f"{what}, in-process", figures)


def machine_note() -> str:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next((ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name")), "")
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"machine: {os.cpu_count()} cores, {model or 'unknown CPU'}; Python {platform.python_version()}; "
        f"load average at start {load}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="2 runs per measure instead of --repeat")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measure (default 5)")
    ap.add_argument("--pycompose", help="pycompose command (default: the console script beside python)")
    ap.add_argument("--v1", default=V1_DEFAULT, help=f"docker-compose v1 (default {V1_DEFAULT})")
    ap.add_argument("--keep", type=Path, help="write the files into this folder and keep them")
    ap.add_argument("--in-process", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--warm-up", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    repeat = 2 if args.quick else max(1, args.repeat)
    if args.in_process:
        return in_process_child(args.in_process, repeat, args.warm_up)

    ours = pycompose_argv(args.pycompose)
    v1 = shutil.which(args.v1)
    print(machine_note())
    print(f"pycompose: {' '.join(ours)}  (code from {REPO})")
    print(f"v1: {v1 or 'not installed -- ' + V1_INSTALL}")
    print(f"runs per measure: {repeat} (+1 warm-up for the 200-service file)")
    print("best/median: wall seconds; cpu: user+sys of the median run; RSS: the highest peak of any run\n")
    with tempfile.TemporaryDirectory(prefix="bench-config-") as tmp:
        folder = args.keep or Path(tmp)
        files = {kind: gen_project.write(folder, kind) for kind in ("realistic", "big")}
        print(HEADER)
        print("-" * len(HEADER))
        for kind, path in files.items():
            bench_file(kind, path, ours, v1, repeat)
        version = measure([*ours, "version"], folder, child_env(with_checkout=True), repeat, warm_up=True)
        row("(start-up)", "pycompose version", version)
    if not v1:
        print(f"\ndocker-compose v1 is not installed; to compare: {V1_INSTALL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
