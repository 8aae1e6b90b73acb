"""``up``'s flags on the fake engine: ``--no-color`` and ``--timestamps`` for the followed logs, ``-V`` (and
what it cannot be combined with), ``--quiet-build``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from compose.cli.app import Globals, main
from compose.engine.fake import FakeEngine
from compose.engine.fake_streams import FAKE_TIMESTAMP
from tests.conftest import WriteProject

FILE = """
name: demo
services:
  app:
    image: app
    volumes: [/cache]
  made:
    build: .
"""


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, write_project: WriteProject) -> Iterator[FakeEngine]:
    monkeypatch.chdir(write_project(compose=FILE, Dockerfile="FROM scratch\n"))
    engine = FakeEngine(images={"app": "sha256:" + "a" * 64})
    engine.logs_of["demo-app-1"] = ["hello"]
    monkeypatch.setattr(Globals, "engine", lambda self: engine)
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield engine


def _main(capsys: pytest.CaptureFixture[str], *args: str, progress: str = "plain") -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as ended:
        main(["--progress", progress, *args])
    out, err = capsys.readouterr()
    return int(ended.value.code or 0), out, err


def test_no_color_and_timestamps_change_the_followed_lines(
    fake: FakeEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    code, coloured, _ = _main(capsys, "--ansi", "always", "up", "app", progress="quiet")
    assert code == 0 and "\x1b[" in coloured and "hello" in coloured
    code, plain, _ = _main(
        capsys, "--ansi", "always", "up", "--no-color", "--timestamps", "app", progress="quiet"
    )
    assert code == 0 and "\x1b[" not in plain
    assert f"\napp-1 | {FAKE_TIMESTAMP} hello\n" in plain


def test_renew_anon_volumes_recreates_and_refuses_no_recreate(
    fake: FakeEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _main(capsys, "up", "-d", "app")[0] == 0
    code, out, _ = _main(capsys, "--dry-run", "up", "-d", "-V", "app")
    assert code == 0 and "Container demo-app-1  recreate  --renew-anon-volumes\n" in out
    old = fake.containers["demo-app-1"].volumes["/cache"]
    assert _main(capsys, "up", "-d", "--renew-anon-volumes", "app")[0] == 0
    assert fake.containers["demo-app-1"].volumes["/cache"] != old
    code, _, err = _main(capsys, "up", "-V", "--no-recreate")
    assert code == 2 and "--renew-anon-volumes and --no-recreate cannot be combined" in err


def test_quiet_build_hides_the_build_output(fake: FakeEngine, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, loud = _main(capsys, "up", "-d", "made")
    assert code == 0 and "Step 1/1" in loud
    code, _, quiet = _main(capsys, "up", "-d", "--build", "--quiet-build", "made")
    assert code == 0 and "Step 1/1" not in quiet and "Built" in quiet
