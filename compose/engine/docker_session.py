"""A hijacked Engine API connection (exec, attach) as a ``Session``: read output frames, write input."""

from __future__ import annotations

import contextlib
import socket
import ssl
import struct
from typing import Any

import docker
import docker.errors
import requests

from compose.engine.docker_client import endpoint
from compose.engine.streams import STDOUT

FRAME_HEADER = 8
READ_SIZE = 1 << 16
UPGRADE_HEADERS = {"Connection": "Upgrade", "Upgrade": "tcp"}


def checked(response: requests.Response) -> requests.Response:
    """The response, or the SDK's error for its status (translated by the caller)."""
    try:
        response.raise_for_status()
    except requests.exceptions.HTTPError as exc:
        response.close()
        docker.errors.create_api_error_from_http_exception(exc)  # raises the matching APIError
    return response


def upgrade(client: docker.APIClient, path: str, **kwargs: Any) -> requests.Response:
    """POST ``path`` asking the engine to hand the connection over to the process's streams."""
    return checked(
        client.post(endpoint(client, path), headers=UPGRADE_HEADERS, stream=True, timeout=None, **kwargs)
    )


class DockerSession:
    """Output is read through the response's own buffer (it may already hold bytes that came with the
    headers); input goes straight to the socket, which is half-closed at the end of the input."""

    def __init__(self, response: requests.Response, *, tty: bool, stdin: bool) -> None:
        self.tty = tty
        self.stdin = stdin
        self._response = response
        raw: Any = response.raw
        self._reader: Any = raw._fp.fp
        self._socket: Any = getattr(self._reader.raw, "_sock", self._reader.raw)

    def _exactly(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self._reader.read(size - len(data))
            if not chunk:
                break
            data += chunk
        return data

    def read(self) -> tuple[int, bytes] | None:
        try:
            if self.tty:
                data = self._reader.read1(READ_SIZE)
                return (STDOUT, data) if data else None
            header = self._exactly(FRAME_HEADER)
            if len(header) < FRAME_HEADER:
                return None
            stream, size = struct.unpack(">BxxxL", header)
            return (stream if stream in (1, 2) else STDOUT, self._exactly(size))
        except (OSError, ValueError, AttributeError):
            return None  # the connection was closed

    def write(self, data: bytes) -> None:
        self._socket.sendall(data)

    def close_input(self) -> None:
        if isinstance(self._socket, ssl.SSLSocket):
            return  # a TLS connection cannot be half-closed: the process keeps its input open
        with contextlib.suppress(OSError):
            self._socket.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self._response.close()
