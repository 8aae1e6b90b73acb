"""What the everyday container-control commands need of an engine (pause, kill, top, port, images, ...)."""

from __future__ import annotations

from typing import Protocol


class Control(Protocol):
    """Container control beyond the core ``Engine``. Errors are ``compose.errors.EngineError``s."""
