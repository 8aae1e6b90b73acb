"""``--since`` and ``--until`` values, read as the docker CLI reads them."""

from __future__ import annotations

import re
from datetime import datetime

NUMBER = re.compile(r"-?\d+(\.\d+)?")
DURATION = re.compile(r"([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+")
DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
FRACTION = re.compile(r"(\.\d{6})\d+")
EXPECTED = "a time like 2013-01-02T13:23:37Z, a Unix time, or a duration like 42m (that long ago)"


def _duration(value: str) -> float | None:
    """Seconds in a Go duration (``42m``, ``1h30m``, ``1.5h``, ``-10s``), or None when it is not one."""
    match = DURATION.fullmatch(value)
    if not match:
        return None
    seconds = sum(float(n) * UNIT_SECONDS[unit] for n, unit in DURATION_PART.findall(value))
    return -seconds if match.group(1) == "-" else seconds


def parse_time(value: str, now: float) -> float:
    """Unix seconds for an RFC 3339 time (local time when it has no zone), a date, a Unix time, or a
    duration before ``now``. Raises ValueError naming what is expected."""
    text = value.strip()
    if NUMBER.fullmatch(text):
        return float(text)
    ago = _duration(text)
    if ago is not None:
        return now - ago
    try:
        moment = datetime.fromisoformat(FRACTION.sub(r"\1", text))
    except ValueError:
        raise ValueError(f"invalid time {value!r}: expected {EXPECTED}") from None
    return moment.timestamp()
