"""Folding events into the live view's state."""

from __future__ import annotations

from compose.events import (
    Finished,
    LogLine,
    Notice,
    PlanReady,
    Resource,
    ResourceDone,
    ResourceFailed,
    ResourceWorking,
)
from compose.ui.state import MAX_NOTICES, ViewState, apply

NET = Resource("network", "demo_default")
DB = Resource("container", "demo-db-1")
WEB = Resource("container", "demo-web-1")


def test_plan_orders_rows_and_unknown_resources_are_appended() -> None:
    state = ViewState(project="demo")
    apply(state, PlanReady((NET, DB)), 1.0)
    apply(state, ResourceWorking(WEB, "Creating"), 2.0)
    apply(state, PlanReady((NET, DB, WEB)), 3.0)
    assert [r.resource for r in state.rows] == [NET, DB, WEB]
    assert [r.phase for r in state.rows] == ["pending", "pending", "working"]
    assert [r.first_seen for r in state.rows] == [1.0, 1.0, 2.0]
    assert (state.done, state.total) == (0, 3)


def test_lifecycle_of_a_row_keeps_start_time_and_freezes_elapsed_when_done() -> None:
    state = ViewState()
    apply(state, PlanReady((WEB,)), 0.0)
    apply(state, ResourceWorking(WEB, "Creating"), 1.0)
    row = state.rows[0]
    assert (row.phase, row.status, row.started, row.finished) == ("working", "Creating", 1.0, None)
    assert row.elapsed(1.5) == 0.5
    apply(state, ResourceDone(WEB, "Created"), 1.25)
    apply(state, ResourceWorking(WEB, "Starting"), 1.5)
    assert (row.phase, row.status, row.finished) == ("working", "Starting", None)
    apply(state, ResourceDone(WEB, "Started"), 2.0)
    assert (row.phase, row.status, row.started, row.finished) == ("done", "Started", 1.0, 2.0)
    assert row.elapsed(100.0) == 1.0
    assert state.done == 1


def test_pending_row_has_no_elapsed_time() -> None:
    state = ViewState()
    apply(state, PlanReady((NET,)), 5.0)
    assert state.rows[0].elapsed(9.0) == 0.0


def test_failure_records_error_and_a_retry_clears_it() -> None:
    state = ViewState()
    apply(state, ResourceWorking(WEB, "Starting"), 1.0)
    apply(state, ResourceFailed(WEB, "port 80 is already allocated"), 1.5)
    row = state.rows[0]
    assert (row.phase, row.status, row.error, row.finished) == (
        "error",
        "Error",
        "port 80 is already allocated",
        1.5,
    )
    assert state.done == 0
    apply(state, ResourceWorking(WEB, "Starting"), 2.0)
    assert (row.phase, row.error, row.finished) == ("working", "", None)


def test_done_without_working_takes_zero_time() -> None:
    state = ViewState()
    apply(state, ResourceDone(DB, "Running"), 4.0)
    assert (state.rows[0].phase, state.rows[0].elapsed(9.0)) == ("done", 0.0)


def test_only_the_last_notices_are_kept_and_logs_change_nothing() -> None:
    state = ViewState()
    for i in range(MAX_NOTICES + 2):
        apply(state, Notice(f"n{i}", "warning"), float(i))
    apply(state, LogLine("web", "demo-web-1", "hello"), 10.0)
    assert [n.text for n in state.notices] == [f"n{i}" for i in range(2, MAX_NOTICES + 2)]
    assert state.rows == []


def test_finished_sets_ok() -> None:
    state = ViewState()
    assert state.ok is None
    apply(state, Finished(False), 1.0)
    assert state.ok is False


def test_rows_are_ordered_by_kind_then_first_seen() -> None:
    state = ViewState()
    volume = Resource("volume", "demo_data")
    image = Resource("image", "demo-web")
    for resource in (WEB, volume, DB, image, NET):
        apply(state, ResourceWorking(resource, "Creating"), 0.0)
    assert [r.resource for r in state.ordered()] == [NET, volume, image, WEB, DB]
    assert [r.resource for r in state.rows] == [WEB, volume, DB, image, NET]


def test_containers_running_follow_their_done_statuses() -> None:
    state = ViewState()
    apply(state, PlanReady((NET, DB, WEB)), 0.0)
    apply(state, ResourceDone(NET, "Created"), 0.0)
    assert (state.running, state.containers) == (0, 2)
    apply(state, ResourceDone(DB, "Created"), 0.1)
    apply(state, ResourceDone(DB, "Started"), 0.2)
    apply(state, ResourceWorking(DB, "Waiting"), 0.2)
    apply(state, ResourceDone(WEB, "Running"), 0.2)
    assert state.running == 2
    apply(state, ResourceDone(DB, "Healthy"), 1.0)
    apply(state, ResourceFailed(WEB, "is unhealthy"), 1.0)
    assert state.running == 2, "a failure says nothing about whether the container runs"
    apply(state, ResourceWorking(WEB, "Stopping"), 2.0)
    apply(state, ResourceDone(WEB, "Stopped"), 2.0)
    apply(state, ResourceDone(DB, "Removed"), 2.0)
    apply(state, ResourceDone(NET, "Removed"), 2.0)
    assert (state.running, state.containers) == (0, 2)
    apply(state, ResourceDone(WEB, "Some new status"), 3.0)
    assert state.rows[2].running is False


def test_a_containers_health_shows_with_its_status() -> None:
    from compose.events import Resource, ResourceDone
    from compose.ui.state import ViewState, apply

    state = ViewState()
    db = Resource("container", "p-db-1")
    apply(state, ResourceDone(db, "Started", "starting"), 1.0)
    assert state.rows[0].status == "Started (health: starting)"
    apply(state, ResourceDone(db, "Healthy", "healthy"), 2.0)
    assert state.rows[0].status == "Healthy"  # the status says it already
    apply(state, ResourceDone(db, "Removed"), 3.0)
    assert state.rows[0].status == "Removed"
