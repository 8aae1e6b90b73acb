"""``run``'s ``--cap-add``, ``--cap-drop``, ``--env-from-file``, ``-q`` and ``--quiet-build`` on the in-memory
engine, and how the capabilities and the files' variables combine with the service's."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from compose.actions.run_args import capabilities
from compose.cli.app import cli
from compose.cli.run_cmd import env_from_files
from compose.engine.fake import FakeEngine
from tests.test_run_flags import FILE, fake  # noqa: F401 (the fixture)

BUILT = FILE + "  made:\n    build: .\n    cap_add: [NET_ADMIN]\n    cap_drop: [MKNOD]\n"


@pytest.mark.parametrize(
    ("add", "drop", "expected"),
    [
        ((), (), (("NET_ADMIN",), ("MKNOD",))),
        (("SYS_TIME", "NET_ADMIN"), (), (("NET_ADMIN", "SYS_TIME"), ("MKNOD",))),
        (("MKNOD",), ("NET_ADMIN", "CHOWN"), (("MKNOD",), ("NET_ADMIN", "CHOWN"))),
        (("CHOWN",), ("CHOWN",), (("NET_ADMIN",), ("MKNOD", "CHOWN"))),
    ],
)
def test_capabilities_of_the_flags_replace_the_services_opposite_ones(
    add: tuple[str, ...], drop: tuple[str, ...], expected: tuple[tuple[str, ...], tuple[str, ...]]
) -> None:
    assert capabilities(("NET_ADMIN",), ("MKNOD",), add, drop) == expected


def test_env_from_file_reads_env_files_and_e_wins(tmp_path: Path) -> None:
    first, second = tmp_path / "a.env", tmp_path / "b.env"
    first.write_text("# comment\nA=file\nB=${A}-b\nexport C='three'\n")
    second.write_text("C=second\nD=4\n")
    env = env_from_files([str(first), str(second)], {"A": "cli"})
    assert env == {"A": "cli", "B": "file-b", "C": "three", "D": "4"}  # a file's own variables first


def _rewrite(tmp_path: Path, text: str) -> None:
    (tmp_path / "demo" / "compose.yaml").write_text(text)
    (tmp_path / "demo" / "Dockerfile").write_text("FROM scratch\n")


def test_run_applies_capabilities_and_env_files(fake: FakeEngine, tmp_path: Path) -> None:  # noqa: F811
    _rewrite(tmp_path, BUILT)
    (tmp_path / "demo" / "vars.env").write_text("MODE=file\nLEVEL=2\n")
    fake.exits["job"] = 0
    args = ["run", "--cap-add", "SYS_TIME", "--cap-drop", "NET_ADMIN", "--env-from-file", "vars.env"]
    result = CliRunner().invoke(cli, [*args, "-e", "MODE=cli", "--name", "job", "--no-deps", "made"])
    assert result.exit_code == 0, result.output
    spec = fake.specs["job"]
    assert (spec.host.cap_add, spec.host.cap_drop) == (("SYS_TIME",), ("MKNOD", "NET_ADMIN"))
    assert (spec.environment["MODE"], spec.environment["LEVEL"]) == ("cli", "2")
    missing = CliRunner().invoke(cli, ["run", "--env-from-file", "absent.env", "made"])
    assert missing.exit_code == 1 and "cannot read the env file" in str(missing.exception)


def test_quiet_shows_no_progress_and_quiet_build_no_build_output(
    fake: FakeEngine,  # noqa: F811
    tmp_path: Path,
) -> None:
    _rewrite(tmp_path, BUILT)
    fake.exits["job"] = 0
    args = ["--progress", "plain", "run", "--rm", "--build", "--name", "job"]
    loud = CliRunner().invoke(cli, [*args, "web"])
    assert loud.exit_code == 0 and "Container demo-db-1" in loud.stderr, loud.output
    quiet = CliRunner().invoke(cli, [*args, "-q", "web"])
    assert quiet.exit_code == 0 and quiet.stderr == "", quiet.output
    built = CliRunner().invoke(cli, [*args, "--quiet-build", "made"])
    assert built.exit_code == 0 and "Built" in built.stderr and "Step 1/1" not in built.stderr, built.output
    assert "Step 1/1" in CliRunner().invoke(cli, [*args, "made"]).stderr
