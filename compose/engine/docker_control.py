"""Container control (``Control``) over the Docker Engine API."""

from __future__ import annotations

from compose.engine.docker_client import DockerClient


class DockerControl(DockerClient):
    """The ``Control`` protocol's methods of ``DockerEngine``."""
