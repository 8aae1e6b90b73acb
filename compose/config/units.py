"""Durations and byte sizes as Compose writes them."""

from __future__ import annotations

import re

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_SCALE = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def seconds(text: str | int | float) -> float:
    """``"1m30s"`` -> ``90.0``; a bare number is seconds. ValueError when malformed."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    raw = str(text).strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", raw):
        return float(raw)
    parts = _DURATION_PART.findall(raw)
    if not parts or "".join(n + u for n, u in parts) != raw:
        raise ValueError(f"invalid duration {raw!r} (write it like 30s, 1m30s or 500ms)")
    return sum(float(number) * _SCALE[unit] for number, unit in parts)


_SIZE = re.compile(r"^(\d+(?:\.\d+)?)\s*([kmgtpe]?)(i?b?)$", re.IGNORECASE)
_SIZE_FACTOR = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50, "e": 1 << 60}


def size_bytes(value: str | int | float) -> int:
    """``"512m"`` -> 536870912; a bare number is bytes. ValueError when malformed."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    match = _SIZE.match(str(value).strip())
    if not match:
        raise ValueError(f"invalid size {value!r} (write it like 512m, 1g or 1024)")
    return int(float(match.group(1)) * _SIZE_FACTOR[match.group(2).lower()])


def go_duration(seconds_value: float) -> str:
    """Seconds as Compose prints a duration: ``90.0`` -> ``1m30s``, ``0.5`` -> ``500ms``."""
    nanos = round(seconds_value * 1e9)
    if nanos == 0:
        return "0s"
    if nanos < 1_000_000_000:
        for unit, size in (("ms", 1_000_000), ("us", 1_000), ("ns", 1)):
            if nanos % size == 0:
                return f"{nanos // size}{unit}"
    hours, rest = divmod(nanos, 3600 * 10**9)
    minutes, rest = divmod(rest, 60 * 10**9)
    secs = rest / 1e9
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if hours or minutes else "")
    return f"{text}{secs:g}s"
