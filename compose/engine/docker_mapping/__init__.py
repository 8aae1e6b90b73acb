"""Engine-neutral specs as Docker Engine API payloads, and Engine API answers as our types (pure).

``container`` builds the create request (``host``, ``mounts`` and ``network`` its parts), ``versions`` says
which keys an older engine would ignore, ``info`` reads what the engine answers.
"""

from __future__ import annotations

from .container import container_config
from .info import container_info, listed_container, tag_time
from .network import after_create, endpoint, network_config, volume_config
from .versions import container_unsupported

__all__ = [
    "after_create",
    "container_config",
    "container_info",
    "container_unsupported",
    "endpoint",
    "listed_container",
    "network_config",
    "tag_time",
    "volume_config",
]
