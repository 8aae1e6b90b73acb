"""``attach: false``: foreground ``up`` on the fake engine does not follow that service's logs, unless
``--attach`` names it (as in Compose)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from compose.cli.app import Globals, main
from compose.engine.fake import FakeEngine
from tests.conftest import WriteProject

FILE = """
name: demo
services:
  loud:
    image: app
  quiet:
    image: app
    attach: false
"""


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, write_project: WriteProject) -> Iterator[FakeEngine]:
    monkeypatch.chdir(write_project(compose=FILE))
    engine = FakeEngine(images={"app": "sha256:" + "a" * 64})
    engine.logs_of.update({"demo-loud-1": ["loud line"], "demo-quiet-1": ["quiet line"]})
    monkeypatch.setattr(Globals, "engine", lambda self: engine)
    monkeypatch.setenv("NO_COLOR", "1")
    yield engine


def _up(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as ended:
        main(["--progress", "plain", "up", *args])
    assert not ended.value.code
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "attached"),
    [
        ((), ["demo-loud-1"]),
        (("quiet",), []),  # named on the command line, still not attached (Compose's rule)
        (("--attach", "quiet"), ["demo-quiet-1"]),  # --attach wins over the file
        (("--attach", "quiet", "--attach", "loud", "--no-attach", "loud"), ["demo-quiet-1"]),
    ],
)
def test_attach_false_is_not_followed_unless_asked(
    fake: FakeEngine, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], attached: list[str]
) -> None:
    out = _up(capsys, *args)
    assert f"Attaching to {', '.join(attached)}\n" in out
    assert ("loud line" in out) == ("demo-loud-1" in attached)
    assert ("quiet line" in out) == ("demo-quiet-1" in attached)
