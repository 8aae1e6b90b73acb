"""Calls run at once: results in order, errors raised where read, at most ``limit`` threads at a time."""

from __future__ import annotations

import threading
import time

import pytest

from compose.threads import Batch, at_once


def test_results_come_in_the_order_of_the_calls() -> None:
    assert at_once(lambda n: n * n, range(20), 4) == [n * n for n in range(20)]
    assert at_once(lambda n: n, [], 4) == []


def test_the_calls_run_at_once() -> None:
    meeting = threading.Barrier(5, timeout=5)  # broken, and so raising, unless five calls wait together
    assert at_once(lambda n: meeting.wait() >= 0 and n, range(5), 5) == list(range(5))


def test_no_more_than_limit_calls_run_at_a_time() -> None:
    lock = threading.Lock()
    running, most = [0], [0]

    def call(_: int) -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1

    at_once(call, range(12), 3)
    assert most[0] == 3


def test_an_error_is_raised_where_its_result_is_read() -> None:
    def call(n: int) -> int:
        if n in (2, 4):
            raise ValueError(f"bad {n}")
        return n

    batch = Batch(3)
    calls = batch.map(call, range(6))
    other = batch.add(str.upper, "kept")
    batch.run()  # every call ends; none of their errors is raised here
    assert [c.result() for c in calls[:2]] == [0, 1] and other.result() == "KEPT"
    with pytest.raises(ValueError, match="bad 2"):
        calls[2].result()
    with pytest.raises(ValueError, match="bad 2"):  # the first one in order
        at_once(call, range(6), 3)


def test_a_result_is_read_only_after_the_run() -> None:
    batch = Batch(2)
    pending = batch.add(len, "abc")
    with pytest.raises(RuntimeError, match="not run"):
        pending.result()
    batch.run()
    assert pending.result() == 3
    batch.run()  # nothing added since: nothing to do
    assert pending.result() == 3
