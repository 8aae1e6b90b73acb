"""What commands that stream into and out of containers need of an engine (exec, cp, attach, events)."""

from __future__ import annotations

from typing import Protocol


class Streams(Protocol):
    """Streams into and out of containers. Errors are ``compose.errors.EngineError``s."""
