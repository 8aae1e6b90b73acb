"""The shared conformance corpus, through the real CLI: ``../shared/oracle/run_oracle.py``.

Every case of ``../shared/compose-corpus`` (real compose files with their expected verdicts) runs as
``python -m compose.cli -f FILE config --format json``, with this checkout first on PYTHONPATH. One
run serves every test below. It never prints a traceback, never times out, is never killed, and
passes at least MIN_PASS_RATE of the cases.

The folder ``shared/`` sits beside the repository (here and in CI). Without it the test skips, unless
``CI`` is set: then its absence is a failure.
"""

from __future__ import annotations

import csv
import os
import re
import shlex
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

# The pass rate measured, rounded down to the whole percent: 484 of 484 cases on 2026-12-04 (commit
# fa71106). Issue #3 asks for at least 0.98; never lower the floor to make a change pass.
MIN_PASS_RATE = 1.0

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
RUNNER = SHARED / "oracle" / "run_oracle.py"
CORPUS = SHARED / "compose-corpus"
JOBS = 2
TIMEOUT_PER_CASE = 30
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$")
# The problems run_oracle.py writes into the report's `problems` column for these kinds.
TRACEBACK = "printed a Python traceback"
TIMED_OUT = "timed out after"
KILLED = "killed by signal"


@dataclass(frozen=True)
class OracleRun:
    passed: int
    failed: int
    rows: list[dict[str, str]]
    output: str

    @property
    def rate(self) -> float:
        total = self.passed + self.failed
        return self.passed / total if total else 0.0

    def with_problem(self, kind: str) -> list[str]:
        return [f"{r['id']}: {r['problems']}" for r in self.rows if kind in r["problems"]]

    def failure_summary(self, top: int = 10) -> str:
        """The failures grouped by the start of their first problem, the most common first."""
        reasons = Counter(
            re.sub(r"[:(].*", "", r["problems"].split(" || ")[0]).strip()
            for r in self.rows
            if r["passed"] != "yes"
        )
        return "\n".join(f"{n:4d}  {reason}" for reason, n in reasons.most_common(top))


def shared_folder_or_skip() -> None:
    if RUNNER.is_file() and (CORPUS / "INDEX.tsv").is_file():
        return
    message = f"the shared conformance corpus is missing: expected {RUNNER} and {CORPUS}/INDEX.tsv"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set: the copy of shared/ beside the repository must be there)")
    pytest.skip(message + " (outside CI)")


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> OracleRun:
    shared_folder_or_skip()
    report = tmp_path_factory.mktemp("oracle") / "report.tsv"
    command = f"{shlex.quote(sys.executable)} -m compose.cli {{args}} -f {{file}} config --format json"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(
        [
            sys.executable,
            str(RUNNER),
            "--corpus",
            str(CORPUS),
            "--cmd",
            command,
            "--jobs",
            str(JOBS),
            "--timeout",
            str(TIMEOUT_PER_CASE),
            "--pass-env",
            "PYTHONPATH",
            "--report",
            str(report),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    summary = SUMMARY.match(lines[-1]) if lines else None
    assert summary, (
        f"run_oracle.py ended without 'N passed, M failed' (exit {done.returncode}):\n{done.stderr}"
    )
    with open(report, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return OracleRun(int(summary[1]), int(summary[2]), rows, done.stdout)


def test_the_report_covers_every_case(oracle: OracleRun) -> None:
    with open(CORPUS / "INDEX.tsv", encoding="utf-8") as handle:
        cases = sum(1 for line in handle if line.strip() and not line.startswith(("#", "id\t")))
    assert len(oracle.rows) == oracle.passed + oracle.failed == cases


def test_no_case_prints_a_traceback(oracle: OracleRun) -> None:
    assert oracle.with_problem(TRACEBACK) == []


def test_no_case_times_out_or_is_killed(oracle: OracleRun) -> None:
    assert oracle.with_problem(TIMED_OUT) == []
    assert oracle.with_problem(KILLED) == []


def test_pass_rate_is_at_least_the_floor(oracle: OracleRun) -> None:
    assert oracle.rate >= MIN_PASS_RATE, (
        f"pass rate {oracle.rate:.1%} ({oracle.passed} passed, {oracle.failed} failed) is below "
        f"{MIN_PASS_RATE:.0%}; the failures by kind:\n{oracle.failure_summary()}\n"
        f"the first ones: {', '.join(r['id'] for r in oracle.rows if r['passed'] != 'yes')[:600]}"
    )
