"""The in-memory engine's ``Control`` methods."""

from __future__ import annotations

from dataclasses import dataclass

from compose.engine.fake_state import FakeState


@dataclass
class FakeControl(FakeState):
    """The ``Control`` protocol's methods of ``FakeEngine``."""
