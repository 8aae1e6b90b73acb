"""Every capability an engine can offer, in one protocol: what the CLI's use cases receive."""

from __future__ import annotations

from typing import Protocol

from compose.engine.base import Engine
from compose.engine.control import Control
from compose.engine.streams import Streams
from compose.engine.sync import Sync


class FullEngine(Engine, Control, Streams, Sync, Protocol):
    """The core ``Engine`` plus container control, streams and file sync."""
