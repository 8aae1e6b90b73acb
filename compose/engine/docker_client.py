"""The docker SDK client shared by the Docker engine's parts; the one place SDK exceptions are translated."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import docker
import docker.errors
import requests

from compose.errors import ConflictError, EngineUnavailableError, NotFoundError, OperationFailedError

T = TypeVar("T")
DEFAULT_HOST = "unix:///var/run/docker.sock"
START_HINT = "start an engine (e.g. scripts/engine start) and set DOCKER_HOST to the address it prints"


def _explanation(exc: docker.errors.APIError) -> str:
    return str(exc.explanation or exc)


def unreachable(host: str) -> EngineUnavailableError:
    return EngineUnavailableError.at(f"cannot reach a container engine at {host}", hint=START_HINT)


@contextmanager
def translated(what: str, host: str) -> Iterator[None]:
    """Turn SDK and transport exceptions into our EngineErrors."""
    try:
        yield
    except docker.errors.NotFound as exc:
        raise NotFoundError.at(f"{what}: {_explanation(exc)}") from exc
    except docker.errors.APIError as exc:
        text = _explanation(exc)
        if "port is already allocated" in text or "address already in use" in text:
            raise ConflictError.at(
                f"{what}: a published port is already in use ({text})",
                hint="stop what uses the port, or publish another one",
            ) from exc
        if exc.status_code == 409:
            raise ConflictError.at(f"{what}: {text}") from exc
        raise OperationFailedError.at(f"{what}: {text}") from exc
    except (requests.exceptions.ConnectionError, docker.errors.DockerException) as exc:
        if isinstance(exc, docker.errors.BuildError):
            raise OperationFailedError.at(f"{what}: {exc.msg}") from exc
        raise unreachable(host) from exc


def lines(chunks: Iterator[bytes]) -> Iterator[str]:
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        *complete, buffer = buffer.split(b"\n")
        for line in complete:
            yield line.decode("utf-8", "replace").rstrip("\r")
    if buffer:
        yield buffer.decode("utf-8", "replace")


class DockerClient:
    """A connection to one Docker Engine API endpoint (``DOCKER_HOST``)."""

    def __init__(self, host: str | None = None) -> None:
        self.host = host or os.environ.get("DOCKER_HOST") or DEFAULT_HOST
        try:
            self.api = docker.APIClient(base_url=self.host, version="auto", timeout=120)
        except (docker.errors.DockerException, requests.exceptions.ConnectionError) as exc:
            raise unreachable(self.host) from exc

    def _call(self, what: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with translated(what, self.host):
            return fn(*args, **kwargs)
