"""Streams into and out of containers (``Streams``) over the Docker Engine API."""

from __future__ import annotations

from compose.engine.docker_client import DockerClient


class DockerStreams(DockerClient):
    """The ``Streams`` protocol's methods of ``DockerEngine``."""
