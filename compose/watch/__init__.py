"""``watch``: the ``develop.watch`` rules of a project, and a session that applies file changes to it.

``spec`` reads the rules, ``ignore`` and ``match`` decide which changed paths concern which rule,
``debounce`` gathers changes into batches, ``batch`` says what a batch asks of each service, ``apply``
does it on the engine, and ``session`` ties them to ``watchfiles``; ``events`` are what it reports.
"""

from compose.watch.events import WatchEvent, WatchSink, watch_line
from compose.watch.session import Session
from compose.watch.spec import WatchRule, parse

__all__ = ["Session", "WatchEvent", "WatchRule", "WatchSink", "parse", "watch_line"]
