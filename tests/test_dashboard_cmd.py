"""The ``dashboard`` command: the view of the feed's state, keys reaching the feed, the loop on a pty."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

from click.testing import CliRunner
from rich.console import Console

from compose import orchestrator
from compose.actions.dashboard_feed import DashboardFeed
from compose.actions.dashboard_state import DashboardState, add_log, seed
from compose.cli import cli
from compose.cli.dashboard_cmd import on_key, run, view_of
from compose.engine.base import ContainerInfo
from compose.engine.fake import FakeEngine
from compose.events import NullSink
from compose.plan import UpOptions
from compose.ui.dashboard_view import ContainerRow, LogView, ServiceRow
from tests.helpers import project_from

FILE = """
services:
  web: {image: app}
  db: {image: app}
"""


def test_the_view_copies_what_the_screen_shows_of_the_state() -> None:
    state = DashboardState("demo")
    seed(
        state,
        [
            ContainerInfo(
                id="w", name="demo-web-1", service="web", number=1, state="running", health="healthy"
            ),
            ContainerInfo(id="d", name="demo-db-1", service="db", number=1, state="exited", exit_code=2),
        ],
        ["web", "db", "cache"],
    )
    state.containers["w"].cpu, state.containers["w"].restarts = 1.5, 2
    add_log(state, "w", "hello")
    add_log(state, "d", "not shown: db is not selected")
    state.busy.add("db")
    view = view_of(state)
    assert view.services == (
        ServiceRow("web", (ContainerRow("demo-web-1", "running", health="healthy", restarts=2, cpu=1.5),)),
        ServiceRow("db", (ContainerRow("demo-db-1", "exited", exit_code=2),), busy=True),
        ServiceRow("cache"),
    )
    assert (view.selected_name, view.logs, view.running, view.total) == (
        "web",
        (LogView("demo-web-1", "hello"),),
        1,
        2,
    )


def _feed(tmp_path: Path) -> DashboardFeed:
    fake = FakeEngine(images={"app": "sha256:a"})
    orchestrator.up(project_from(tmp_path, FILE), fake, NullSink(), UpOptions())
    feed = DashboardFeed(fake, "demo", services=("web", "db"))
    feed.start()
    return feed


def test_keys_reach_the_feed_and_other_keys_are_ignored(tmp_path: Path) -> None:
    feed = _feed(tmp_path)
    for key in ("j", "x", "l"):
        on_key(feed, key)
    assert (feed.state.selected_service, feed.state.mode) == ("db", "logs")
    on_key(feed, "escape")
    on_key(feed, "q")
    assert feed.state.mode == "overview" and feed.closed


def test_the_screen_is_drawn_until_q_and_the_terminal_comes_back(tmp_path: Path) -> None:
    feed = _feed(tmp_path)
    console = Console(file=io.StringIO(), width=100, height=20, force_terminal=True, color_system=None)
    leader, follower = os.openpty()
    try:
        thread = threading.Thread(target=run, args=(feed, console, follower), daemon=True)
        thread.start()
        os.write(leader, b"j")
        os.write(leader, b"q")
        thread.join(10)
        assert not thread.is_alive()
    finally:
        os.close(leader)
        os.close(follower)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "pycompose dashboard · demo · 2/2 running" in out
    assert "\x1b[?1049h" in out and out.rstrip().endswith("\x1b[?1049l")  # the alternate screen, then back
    assert feed.state.selected_service == "db"


def test_dashboard_needs_a_terminal() -> None:
    result = CliRunner().invoke(cli, ["-p", "demo", "dashboard"])
    assert result.exit_code == 2
    assert "dashboard needs a terminal" in result.output
