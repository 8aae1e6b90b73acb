"""Gathering changes into batches on a fake clock: quiet time, the longest wait, and the loop."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from compose.watch.debounce import Debouncer
from compose.watch.session import run


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_batch_is_due_after_half_a_second_of_quiet() -> None:
    clock = Clock()
    debouncer = Debouncer(clock=clock)
    assert debouncer.wait_time() is None and debouncer.take() == ()
    debouncer.add(["/p/a"])
    clock.now += 0.4
    assert debouncer.take() == ()
    debouncer.add(["/p/b", "/p/a"])  # a new change starts the quiet time again
    clock.now += 0.4
    assert debouncer.take() == ()
    assert abs((debouncer.wait_time() or 0) - 0.1) < 1e-9
    clock.now += 0.1
    assert debouncer.take() == ("/p/a", "/p/b")
    assert debouncer.take() == () and debouncer.wait_time() is None


def test_changes_that_never_stop_are_handled_after_the_longest_wait() -> None:
    clock = Clock()
    debouncer = Debouncer(quiet=0.5, max_wait=2.0, clock=clock)
    for i in range(5):
        debouncer.add([f"/p/{i}"])
        clock.now += 0.45
        batch = debouncer.take()
        if batch:
            break
    assert batch == ("/p/0", "/p/1", "/p/2", "/p/3", "/p/4")


def test_an_empty_change_set_does_not_start_a_batch() -> None:
    clock = Clock()
    debouncer = Debouncer(clock=clock)
    debouncer.add([])
    clock.now += 1
    assert debouncer.wait_time() is None


def test_the_loop_hands_over_one_batch_per_quiet_spell() -> None:
    clock = Clock()
    stop = threading.Event()
    handled: list[tuple[str, ...]] = []

    def source() -> Iterator[set[str]]:
        for paths, elapsed in [({"/a"}, 0.1), ({"/b"}, 0.1), (set(), 0.6), ({"/c"}, 0.1), (set(), 0.6)]:
            clock.now += elapsed
            yield paths
        stop.set()
        yield set()
        raise AssertionError("the loop goes on after stop")

    run(source(), Debouncer(clock=clock), handled.append, stop)
    assert handled == [("/a", "/b"), ("/c",)]
