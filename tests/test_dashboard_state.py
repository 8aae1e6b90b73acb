"""The dashboard's state: the snapshot, engine events, stats and log lines folded in; the keys' commands."""

from __future__ import annotations

from compose import labels
from compose.actions.dashboard_commands import COMMANDS, apply_command
from compose.actions.dashboard_feed import line_time
from compose.actions.dashboard_state import (
    LOG_KEEP,
    DashboardState,
    add_log,
    apply_event,
    apply_inspect,
    apply_stats,
    cpu_percent,
    seed,
)
from compose.engine.base import ContainerInfo
from compose.engine.streams import EngineEvent, StatsSample
from compose.ui.dashboard_keys import COMMANDS as KEY_COMMANDS

DB = ContainerInfo(id="d1", name="demo-db-1", service="db", number=1, state="running", health="healthy")
WEB = ContainerInfo(id="w1", name="demo-web-1", service="web", number=1, state="running", ports=("80/tcp",))
JOB = ContainerInfo(id="j1", name="demo-job-run-1", service="job", number=1, state="running", oneoff=True)


def _state(services: tuple[str, ...] = ()) -> DashboardState:
    state = DashboardState("demo")
    seed(state, [WEB, DB, JOB], services)
    return state


def _event(action: str, container: str, **attributes: str) -> EngineEvent:
    return EngineEvent(time_ns=1, type="container", action=action, id=container, attributes=attributes)


def test_the_snapshot_gives_services_in_file_order_then_by_name_without_one_off_containers() -> None:
    state = _state(("web", "cache"))
    assert state.services == ["web", "cache", "db"]
    assert sorted(state.containers) == ["d1", "w1"]
    assert (state.running, state.total, state.selected_service) == (2, 2, "web")
    assert state.containers["d1"].started


def test_a_start_after_a_death_counts_a_restart_and_health_starts_over() -> None:
    state = _state()
    assert apply_event(state, _event("die", "d1", exitCode="137")) == ""
    db = state.containers["d1"]
    assert (db.state, db.exit_code, db.health, state.running) == ("exited", 137, "", 1)
    db.health = "healthy"
    assert apply_event(state, _event("start", "d1")) == "follow"
    assert (db.state, db.health, db.restarts) == ("running", "starting", 1)


def test_health_verdicts_and_pauses_change_the_row_at_once() -> None:
    state = _state()
    apply_event(state, _event("health_status: unhealthy", "d1"))
    apply_event(state, _event("pause", "w1"))
    assert (state.containers["d1"].health, state.containers["w1"].state) == ("unhealthy", "paused")
    apply_event(state, _event("unpause", "w1"))
    assert state.containers["w1"].state == "running"


def test_a_new_container_appears_from_its_labels_and_goes_on_destroy() -> None:
    state = _state(("web",))
    new = {labels.SERVICE: "worker", labels.NUMBER: "2", "name": "demo-worker-2"}
    assert apply_event(state, _event("create", "k2", **new)) == "inspect"
    assert (state.services, state.containers["k2"].name, state.containers["k2"].number) == (
        ["web", "db", "worker"],
        "demo-worker-2",
        2,
    )
    assert apply_event(state, _event("start", "k2")) == "follow"
    assert state.containers["k2"].restarts == 0
    assert apply_event(state, _event("destroy", "k2")) == "forget"
    assert "k2" not in state.containers


def test_events_of_one_off_or_unknown_containers_are_ignored() -> None:
    state = _state()
    oneoff = {labels.SERVICE: "job", labels.ONEOFF: "True"}
    assert apply_event(state, _event("create", "j2", **oneoff)) == ""
    assert apply_event(state, _event("die", "zz")) == ""
    assert apply_event(state, _event("exec_start: true", "d1")) == ""
    assert sorted(state.containers) == ["d1", "w1"]


def test_an_inspect_updates_the_row_but_keeps_what_the_dashboard_counted() -> None:
    state = _state()
    state.containers["w1"].restarts = 3
    apply_inspect(state, ContainerInfo(id="w1", name="demo-web-1", service="web", number=1, state="running",
                                       ports=("0.0.0.0:8080->80/tcp",)))  # fmt: skip
    assert (state.containers["w1"].ports, state.containers["w1"].restarts) == (("0.0.0.0:8080->80/tcp",), 3)
    apply_inspect(state, JOB)
    assert "j1" not in state.containers


def test_cpu_needs_two_readings_and_stopped_containers_get_no_stats() -> None:
    first = StatsSample(cpu_total=100, system_total=1000, online_cpus=2, memory=2048)
    later = StatsSample(cpu_total=200, cpu_total_before=100, system_total=2000, system_total_before=1000,
                        online_cpus=2, memory=4096)  # fmt: skip
    assert (cpu_percent(first), cpu_percent(later)) == (None, 20.0)
    state = _state()
    apply_stats(state, "w1", first)
    assert (state.containers["w1"].cpu, state.containers["w1"].memory) == (None, 2048)
    apply_stats(state, "w1", later)
    assert (state.containers["w1"].cpu, state.containers["w1"].memory) == (20.0, 4096)
    apply_event(state, _event("die", "w1"))
    apply_stats(state, "w1", later)
    assert (state.containers["w1"].cpu, state.containers["w1"].memory) == (None, None)


def test_log_lines_are_kept_per_service_up_to_a_limit() -> None:
    state = _state()
    for n in range(LOG_KEEP + 5):
        add_log(state, "w1", f"line {n}")
    add_log(state, "zz", "from nobody")
    assert list(state.logs) == ["web"]
    assert len(state.logs["web"]) == LOG_KEEP
    assert state.logs["web"][-1].text == f"line {LOG_KEEP + 4}"
    assert state.logs["web"][-1].container == "demo-web-1"


def test_timestamped_log_lines_split_into_nanoseconds_and_text() -> None:
    assert line_time("2026-01-02T03:04:05.123456789Z hello world") == (1767323045123456789, "hello world")
    assert line_time("2026-01-02T03:04:05.5Z x") == (1767323045500000000, "x")
    assert line_time("2026-01-02T03:04:05Z x") == (1767323045000000000, "x")
    assert line_time("no stamp here") == (None, "no stamp here")


def test_commands_move_the_selection_within_the_services_and_switch_modes() -> None:
    state = _state(("web",))
    for command, expected in [("up", 0), ("down", 1), ("down", 1), ("up", 0)]:
        assert apply_command(state, command)  # type: ignore[arg-type]
        assert state.selected == expected
    apply_command(state, "logs")
    assert state.mode == "logs"
    apply_command(state, "logs")
    assert state.mode == "overview"
    apply_command(state, "logs")
    apply_command(state, "back")
    assert state.mode == "overview"
    assert not apply_command(state, "restart")
    apply_command(state, "quit")
    assert state.closed


def test_every_key_command_is_one_the_feed_knows() -> None:
    assert set(KEY_COMMANDS.values()) == set(COMMANDS)
