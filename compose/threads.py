"""Calls run at once on a few threads, for the engine's look-ups.

``concurrent.futures`` would do it, but importing it (with ``logging``) costs a no-op ``up`` more start-up
than its requests take; the executor, which needs its futures, imports it only when there is work to run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
A = TypeVar("A")


class Pending(Generic[T]):
    """One call of a ``Batch``: its result, or its exception, once the batch has run."""

    def __init__(self, fn: Callable[..., T], args: tuple[Any, ...]) -> None:
        self._fn = fn
        self._args = args
        self._done = False
        self._value: T | None = None
        self._error: Exception | None = None

    def run(self) -> None:
        try:
            self._value = self._fn(*self._args)
        except Exception as exc:  # kept for ``result``, raised in the thread that reads it
            self._error = exc
        self._done = True

    def result(self) -> T:
        """The call's result; its exception is raised here."""
        if not self._done:
            raise RuntimeError("the batch has not run this call yet")
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


class Batch:
    """Calls gathered, then run at once on up to ``limit`` threads (the caller's among them)."""

    def __init__(self, limit: int) -> None:
        self._limit = max(1, limit)
        self._calls: list[Pending[Any]] = []

    def add(self, fn: Callable[..., T], *args: Any) -> Pending[T]:
        call: Pending[T] = Pending(fn, args)
        self._calls.append(call)
        return call

    def map(self, fn: Callable[[A], T], items: Iterable[A]) -> list[Pending[T]]:
        return [self.add(fn, item) for item in items]

    def run(self) -> None:
        """Run every call added since the last run; return when all have ended."""
        calls, self._calls = self._calls, []
        queue = iter(calls)
        lock = threading.Lock()

        def work() -> None:
            while True:
                with lock:
                    call = next(queue, None)
                if call is None:
                    return
                call.run()

        count = min(self._limit, len(calls)) - 1
        helpers = [threading.Thread(target=work, daemon=True) for _ in range(count)]
        for helper in helpers:
            helper.start()
        work()
        for helper in helpers:
            helper.join()


def at_once(fn: Callable[[A], T], items: Iterable[A], limit: int) -> list[T]:
    """``fn`` of each item, at once on up to ``limit`` threads; the first exception, in order, is raised."""
    batch = Batch(limit)
    calls = batch.map(fn, items)
    batch.run()
    return [call.result() for call in calls]
