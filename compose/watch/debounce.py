"""Gathering file changes into batches: a batch is ready once the files have been quiet for a while."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

QUIET = 0.5
"""Seconds without a new change before a batch is handled (an editor saving many files makes one batch)."""
MAX_WAIT = 10.0
"""Seconds after the first change of a batch when it is handled even if changes keep coming."""


class Debouncer:
    """Collects changed paths (each once, in the order first seen) until ``quiet`` seconds pass without a
    new one, or ``max_wait`` seconds pass since the first. ``clock`` is injectable for tests."""

    def __init__(
        self, quiet: float = QUIET, max_wait: float = MAX_WAIT, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.quiet = quiet
        self.max_wait = max_wait
        self._clock = clock
        self._paths: dict[str, None] = {}
        self._first = 0.0
        self._last = 0.0
        self._lock = threading.Lock()

    def add(self, paths: Iterable[str]) -> None:
        with self._lock:
            now = self._clock()
            for path in paths:
                if not self._paths:
                    self._first = now
                self._paths[path] = None
                self._last = now

    def wait_time(self) -> float | None:
        """Seconds until the pending batch is due (0: now), or ``None`` when nothing is pending."""
        with self._lock:
            if not self._paths:
                return None
            due = min(self._last + self.quiet, self._first + self.max_wait)
            return max(0.0, due - self._clock())

    def take(self) -> tuple[str, ...]:
        """The batch when it is due (and forget it), else ``()``."""
        if self.wait_time() != 0.0:
            return ()
        with self._lock:
            batch = tuple(self._paths)
            self._paths.clear()
            return batch
