"""The connection to the engine shared by the Docker engine's parts; the one place SDK errors are translated.

Reads, events, starts, stops, removals and creations (with a JSON body) go through ``docker_wire`` where the
host allows it; the rest (builds, pulls, logs, execs, copies) go through the docker SDK, which is imported
and connected on first use, so a command made only of the first kind never loads it.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import compose.engine.docker_wire as docker_wire
from compose.engine.docker_wire import (
    DEFAULT_HOST,
    Wire,
    WireDown,
    WireStatus,
    WireTimeout,
    as_json,
    checked,
    query,
)
from compose.errors import (
    ConflictError,
    EngineError,
    EngineUnavailableError,
    ForbiddenError,
    NotFoundError,
    OperationFailedError,
)

if TYPE_CHECKING:
    import docker

T = TypeVar("T")
START_HINT = "start an engine (e.g. scripts/engine start) and set DOCKER_HOST to the address it prints"
TIMEOUT = 120


def unreachable(host: str) -> EngineUnavailableError:
    return EngineUnavailableError.at(f"cannot reach a container engine at {host}", hint=START_HINT)


def endpoint(client: docker.APIClient, path: str) -> str:
    """The URL of an Engine API path (``/exec/ID/start``) at the client's API version."""
    return f"{client.base_url}/v{client.api_version}{path}"


def no_answer(what: str, host: str, waited: str = "in time") -> OperationFailedError:
    return OperationFailedError.at(
        f"{what}: the engine at {host} gave no answer {waited}",
        hint="the engine may be overloaded or stuck; see its log",
    )


def status_error(what: str, status: int, text: str) -> EngineError:
    """Our error for an engine's answer with an error status."""
    if status == 404:
        return NotFoundError.at(f"{what}: {text}")
    if "port is already allocated" in text or "address already in use" in text:
        return ConflictError.at(
            f"{what}: a published port is already in use ({text})",
            hint="stop what uses the port, or publish another one",
        )
    if status == 409:
        return ConflictError.at(f"{what}: {text}")
    if status == 403:
        return ForbiddenError.at(f"{what}: {text}")
    return OperationFailedError.at(f"{what}: {text}")


def sdk_errors() -> tuple[type[Exception], ...]:
    """The SDK's and its transport's exceptions, for an ``except`` that handles them itself."""
    import docker.errors
    import requests

    return (requests.exceptions.RequestException, docker.errors.DockerException)


def _sdk_error(what: str, host: str, exc: Exception) -> EngineError | None:
    """Our error for an SDK or transport exception; ``None`` for any other exception."""
    if isinstance(exc, EngineError):
        return None
    import docker.errors
    import requests

    if isinstance(exc, docker.errors.NotFound):
        return status_error(what, 404, str(exc.explanation or exc))
    if isinstance(exc, docker.errors.APIError):
        return status_error(what, exc.status_code or 0, str(exc.explanation or exc))
    if isinstance(exc, docker.errors.BuildError):
        return OperationFailedError.at(f"{what}: {exc.msg}")
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return no_answer(what, host)
    if isinstance(exc, requests.exceptions.ConnectionError | docker.errors.DockerException):
        return unreachable(host)
    return None


@contextmanager
def translated(what: str, host: str) -> Iterator[None]:
    """Turn SDK and transport exceptions into our EngineErrors."""
    try:
        yield
    except Exception as exc:
        mine = _sdk_error(what, host, exc)
        if mine is None:
            raise
        raise mine from exc


def lines(chunks: Iterator[bytes]) -> Iterator[str]:
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        *complete, buffer = buffer.split(b"\n")
        for line in complete:
            yield line.decode("utf-8", "replace").rstrip("\r")
    if buffer:
        yield buffer.decode("utf-8", "replace")


def _unheard(what: str) -> None:
    """Tell ``docker_wire``'s observer of a request the SDK sends, which it cannot hear (status -1): a run
    that noted it could not be replayed (``compose.memo``)."""
    if docker_wire.observer is not None:
        docker_wire.observer("SDK", what, -1, b"")


class DockerClient:
    """A connection to one Docker Engine API endpoint (``DOCKER_HOST``)."""

    def __init__(self, host: str | None = None) -> None:
        self.host = host or os.environ.get("DOCKER_HOST") or DEFAULT_HOST
        self.wire = Wire.for_host(self.host, TIMEOUT)
        self._api: docker.APIClient | None = None
        self._api_lock = threading.Lock()
        self._version: str | None = None
        if self.wire is None:
            self._connect_sdk()  # a host read through the SDK: an unreachable engine is reported at once

    @property
    def api(self) -> docker.APIClient:
        """The SDK's client, connected (and the API version negotiated) on first use."""
        return self._api if self._api is not None else self._connect_sdk()

    def _connect_sdk(self) -> docker.APIClient:
        with self._api_lock:
            if self._api is None:
                import docker

                self._api = self._call(
                    "connect", docker.APIClient, base_url=self.host, version="auto", timeout=TIMEOUT
                )
            return self._api

    def _call(self, what: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn`` of the SDK, its errors translated."""
        _unheard(what)
        with translated(what, self.host):
            return fn(*args, **kwargs)

    def _request(
        self,
        what: str,
        method: str,
        path: str,
        params: dict[str, object],
        extra_wait: float = 0,
        body: dict[str, Any] | None = None,
    ) -> bytes:
        """The body of the answer to ``METHOD path`` (an unversioned API path; ``body``, if given, is sent as
        JSON), sent without the SDK if possible; the timeout is ``TIMEOUT`` plus ``extra_wait`` seconds."""
        sent = None if body is None else json.dumps(body).encode()
        with self._wire_errors(what):
            if self.wire is not None:
                return self.wire.request(method, path, params, extra_wait=extra_wait, sent=sent)
            _unheard(what)
            with translated(what, self.host):
                response = self.api.request(
                    method,
                    endpoint(self.api, path),
                    params=query(params),
                    timeout=TIMEOUT + extra_wait,
                    data=sent,
                    headers={"Content-Type": "application/json"} if sent is not None else None,
                )
            return checked(response.status_code, response.content)

    @contextmanager
    def _wire_errors(self, what: str) -> Iterator[None]:
        """Turn the wire's exceptions (and an error status of an answer) into our EngineErrors."""
        try:
            yield
        except WireStatus as exc:
            raise status_error(what, exc.status, exc.message) from exc
        except WireTimeout as exc:
            raise no_answer(what, self.host, exc.waited) from exc
        except WireDown as exc:
            raise unreachable(self.host) from exc

    def _events(self, what: str, until: float, **params: object) -> Generator[Any, None, None]:
        """The engine's events (``GET /events``) up to the time ``until``, decoded, as they come."""
        if self.wire is None:
            stream = self._call(what, self.api.events, until=until, decode=True, **params)
            try:
                with translated(what, self.host):
                    yield from stream
            finally:
                stream.close()
            return
        waited = max(0.0, until - time.time())  # the engine ends the stream then
        with self._wire_errors(what):
            for line in lines(self.wire.stream("/events", {**params, "until": until}, extra_wait=waited)):
                if line.strip():
                    yield as_json("/events", line.encode())

    def _read(self, what: str, path: str, **params: object) -> Any:
        """The JSON answer to ``GET path``."""
        return as_json(path, self._request(what, "GET", path, params))

    def _send(self, what: str, method: str, path: str, *, extra_wait: float = 0, **params: object) -> None:
        """``POST`` or ``DELETE`` without a body, such as a start, a stop or a removal."""
        self._request(what, method, path, params, extra_wait)

    def _post(self, what: str, path: str, body: dict[str, Any], **params: object) -> Any:
        """``POST`` of a JSON body, such as a creation: the JSON answer (``None`` when it is empty)."""
        answer = self._request(what, "POST", path, params, body=body)
        return as_json(path, answer) if answer.strip() else None

    @property
    def api_version(self) -> str:
        """The Engine API version requests are made in: the engine's own on the wire (unversioned paths),
        else the one the SDK negotiated."""
        if self.wire is None:
            return str(self.api.api_version)
        with self._api_lock:
            if self._version is None:
                self._version = str(self._read("engine version", "/version")["ApiVersion"])
            return self._version
