"""The in-memory engine's ``Streams`` methods."""

from __future__ import annotations

from dataclasses import dataclass

from compose.engine.fake_state import FakeState


@dataclass
class FakeStreams(FakeState):
    """The ``Streams`` protocol's methods of ``FakeEngine``."""
