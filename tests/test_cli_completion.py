"""Shell completion: the scripts, command names, and service names read from the project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _complete(words: str, cwd: Path, shell: str = "bash") -> list[str]:
    env = {
        **os.environ,
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        "_PYCOMPOSE_COMPLETE": f"{shell}_complete",
    }
    done = subprocess.run(
        [sys.executable, "-m", "compose.cli"], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return [line.split(",", 1)[1] for line in done.stdout.splitlines() if "," in line]


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    (tmp_path / "compose.yaml").write_text(
        "services:\n"
        "  web: {image: busybox, depends_on: [db]}\n"
        "  db: {image: busybox}\n"
        "  worker: {image: busybox, profiles: [jobs]}\n"
    )
    return tmp_path


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_has_a_script(shell: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "compose.cli", "completion", shell],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "_PYCOMPOSE_COMPLETE" in done.stdout
    assert f"{shell}_complete" in done.stdout


def test_command_names_are_completed(project_dir: Path) -> None:
    found = _complete("pycompose co", project_dir)
    assert {"config", "completion"} <= set(found)
    assert all(name.startswith("co") for name in found)


def test_service_names_come_from_the_project(project_dir: Path) -> None:
    assert _complete("pycompose up ", project_dir) == ["db", "web", "worker"]
    assert _complete("pycompose up w", project_dir) == ["web", "worker"]
    assert _complete("pycompose up web ", project_dir) == ["db", "worker"]  # not twice


def test_the_file_flag_is_honoured(project_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "other.yaml").write_text("services:\n  api: {image: busybox}\n")
    assert _complete(f"pycompose -f {elsewhere / 'other.yaml'} up ", project_dir) == ["api"]


def test_a_broken_file_completes_nothing_quietly(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("services: [\n")
    assert _complete("pycompose up ", tmp_path) == []
