"""The Engine API's requests on the standard library, attached streams and uploads aside: reads (``GET``),
the stream of events, the ``POST`` and ``DELETE`` without a body that start, stop and remove, and the
``POST`` with a JSON body that create a container, a network or a volume.

A command made only of these, such as a no-op ``up``, ``ps``, ``down`` or an ``up -d`` that waits for no
health, then never imports the docker SDK, which costs about a tenth of a second of start-up. Only plain
``unix://`` and ``tcp://`` hosts are reached this way; any other host goes through the SDK. Paths carry no
version prefix: the engine answers in its own API version (``GET /version``'s ``ApiVersion``).
"""

from __future__ import annotations

import _socket  # ``socket`` less its enumerations, whose import is a good part of a replayed ``up``

from compose.engine.docker_http import HttpError, fetch, streamed

TYPE_CHECKING = False  # neither ``typing`` nor ``collections``: a replayed ``up`` starts without them
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    Observer = Callable[[str, str, int, bytes], None]

DEFAULT_HOST = "unix:///var/run/docker.sock"  # where the engine is when DOCKER_HOST does not say
DEFAULT_TCP_PORT = 2375

observer: Observer | None = None
"""Told of every request :meth:`Wire.request` sends: the method, the target (path and query), and the
answer's status and body (status -1: no answer). Set while a command notes what it read (``compose.memo``)."""


class WireStatus(Exception):
    """The engine answered with an error status; ``message`` is its explanation."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class WireDown(Exception):
    """No answer: the engine cannot be reached, or the connection broke."""


class WireTimeout(WireDown):
    """The engine took the connection but did not answer in time; ``waited`` says how long was waited."""

    def __init__(self, seconds: float) -> None:
        self.waited = f"in {seconds:g} s"
        super().__init__(f"no answer {self.waited}")


def path_of(template: str, *names: str) -> str:
    """An API path with names put in, quoted as the engine expects (``/images/{}/json``, ``a/b:tag``)."""
    from urllib.parse import quote

    return template.format(*(quote(name, safe="/:") for name in names))


def query(params: Mapping[str, object]) -> dict[str, str]:
    """Query parameters as the engine reads them: mappings as JSON, booleans as 1/0, ``None`` left out."""
    from collections.abc import Mapping

    out: dict[str, str] = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, Mapping):
            import json  # here, not at the top: a replayed ``up`` (``compose.memo``) never needs it

            out[key] = json.dumps(dict(value))
        elif isinstance(value, bool):
            out[key] = str(int(value))
        else:
            out[key] = str(value)
    return out


def encoded(params: Mapping[str, object]) -> str:
    """The query string of ``params`` (see :func:`query`)."""
    from urllib.parse import urlencode

    return urlencode(query(params))


class Wire:
    """Requests to one engine, one connection each (safe from any thread)."""

    def __init__(self, address: str, port: int | None, timeout: float) -> None:
        self._address = address
        self._port = port  # None: ``address`` is a socket path
        self._timeout = timeout
        name = f"[{address}]" if ":" in address else address  # an IPv6 address
        self._authority = "localhost" if port is None else f"{name}:{port}"  # the Host header

    @classmethod
    def for_host(cls, host: str, timeout: float) -> Wire | None:
        """A reader for ``unix://PATH`` and ``tcp://HOST[:PORT]``; ``None`` for any other kind of host."""
        if host.startswith("unix://"):  # the path, less any query or fragment
            path = host[len("unix://") :].partition("#")[0].partition("?")[0]
            return cls(path, None, timeout) if path else None
        from urllib.parse import urlsplit  # not needed for a socket, the usual case

        parts = urlsplit(host)
        if parts.scheme in ("tcp", "http") and parts.hostname and parts.path in ("", "/"):
            try:
                port = parts.port or DEFAULT_TCP_PORT
            except ValueError:
                return None
            return cls(parts.hostname, port, timeout)
        return None

    def _connect(self, timeout: float) -> _socket.socket:
        """A connection to the engine, each read on it waiting up to ``timeout`` seconds (the caller
        closes it)."""
        if self._port is None:
            sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
            try:
                sock.settimeout(self._timeout)
                sock.connect(self._address)
            except OSError:
                sock.close()
                raise
        else:
            import socket  # resolves the host name

            sock = socket.create_connection((self._address, self._port), timeout=self._timeout)
        sock.settimeout(timeout)
        return sock

    def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, object] | None = None,
        *,
        extra_wait: float = 0,
        sent: bytes | None = None,
    ) -> bytes:
        """The body of the answer to ``METHOD path`` (with ``sent`` as the request's JSON body):
        ``WireStatus`` for an error status, ``WireTimeout`` when no answer comes in the timeout plus
        ``extra_wait`` seconds, ``WireDown`` when none can."""
        target = path + (f"?{encoded(params)}" if params else "")
        try:
            status, body = self.exchange(method, target, extra_wait, sent)
        except WireDown:
            if observer is not None:
                observer(method, target, -1, b"")
            raise
        if observer is not None:
            observer(method, target, status, body)
        return checked(status, body)

    def stream(
        self, path: str, params: Mapping[str, object] | None = None, *, extra_wait: float = 0
    ) -> Iterator[bytes]:
        """The body of the answer to ``GET path``, piece by piece as the engine sends it (a stream of
        events), up to its end: errors as for :meth:`request`, also while it is read. Each piece may wait
        the timeout plus ``extra_wait`` seconds."""
        target = path + (f"?{encoded(params)}" if params else "")
        if observer is not None:
            observer("GET", target, -1, b"")  # a stream is no answer that a replay could compare
        try:
            sock = self._connect(self._timeout + extra_wait)
            try:
                status, pieces = streamed(sock, self._authority, target)
                if status >= 400:
                    checked(status, b"".join(pieces))
                yield from pieces
            finally:
                sock.close()
        except (OSError, HttpError) as exc:
            raise _down(exc, self._timeout + extra_wait) from exc

    def exchange(
        self, method: str, target: str, extra_wait: float = 0, sent: bytes | None = None
    ) -> tuple[int, bytes]:
        """The status and body of the answer to ``METHOD target`` (a path with its query), whatever the
        status: ``WireTimeout`` or ``WireDown`` when there is none."""
        try:
            sock = self._connect(self._timeout + extra_wait)
            try:
                return fetch(sock, self._authority, target, method, sent)
            finally:
                sock.close()
        except (OSError, HttpError) as exc:
            raise _down(exc, self._timeout + extra_wait) from exc


def _down(exc: OSError | HttpError, waited: float) -> WireDown:
    """What a request that got no answer raises: ``WireTimeout`` when the engine took longer than
    ``waited`` seconds, else ``WireDown``."""
    return WireTimeout(waited) if isinstance(exc, TimeoutError) else WireDown(str(exc))


def checked(status: int, body: bytes) -> bytes:
    """The body of a successful answer; ``WireStatus`` with the engine's explanation for an error status."""
    if status < 400:
        return body
    text = body.decode("utf-8", "replace").strip()
    try:
        import json

        found = json.loads(text)
    except ValueError:
        found = None
    message = str(found["message"]) if isinstance(found, dict) and found.get("message") else text
    raise WireStatus(status, message)


def as_json(path: str, body: bytes) -> object:
    try:
        import json

        return json.loads(body)
    except ValueError:
        raise WireStatus(200, f"the answer to GET {path} is not JSON: {body[:80]!r}") from None
