"""Streams into and out of containers (``Streams``) over the Docker Engine API."""

from __future__ import annotations

import base64
import contextlib
import json
import threading
import time
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from compose import labels
from compose.engine.docker_client import DockerClient, endpoint, lines, sdk_errors, translated
from compose.engine.docker_wire import path_of
from compose.errors import EngineError, NotFoundError

if TYPE_CHECKING:  # the streams' types and hijacked sessions load when a stream is opened, not for up
    import docker

    from compose.engine.streams import EngineEvent, ExecSpec, LogOptions, PathStat, Session, StatsSample

STAT_HEADER = "X-Docker-Container-Path-Stat"
LOG_GRACE = 1.0  # how long a followed log may go on after its container stopped
WAIT_FOREVER = 10 * 365 * 86400.0  # a container may run for years
ARCHIVE_CHUNK = 1 << 16


def _positive(value: float | None) -> float | None:
    return value if value is not None and value > 0 else None


def _memory(data: dict[str, Any]) -> int:
    """Usage without the inactive page cache, as the docker CLI computes it (cgroup v1 and v2)."""
    usage = int(data.get("usage") or 0)
    stats = data.get("stats") or {}
    for key in ("total_inactive_file", "inactive_file"):
        if key in stats and int(stats[key]) < usage:
            return usage - int(stats[key])
    return usage


def _block_io(data: dict[str, Any]) -> tuple[int, int]:
    read = write = 0
    for entry in (data.get("blkio_stats") or {}).get("io_service_bytes_recursive") or ():
        op = str(entry.get("op", "")).lower()
        if op == "read":
            read += int(entry.get("value") or 0)
        elif op == "write":
            write += int(entry.get("value") or 0)
    return read, write


def stats_sample(data: dict[str, Any]) -> StatsSample:
    """Our view of one reading of ``GET /containers/{id}/stats``."""
    from compose.engine.streams import StatsSample

    cpu, before = data.get("cpu_stats") or {}, data.get("precpu_stats") or {}
    memory = data.get("memory_stats") or {}
    networks = (data.get("networks") or {}).values()
    read, write = _block_io(data)
    online = cpu.get("online_cpus") or len((cpu.get("cpu_usage") or {}).get("percpu_usage") or ())
    return StatsSample(
        cpu_total=int((cpu.get("cpu_usage") or {}).get("total_usage") or 0),
        cpu_total_before=int((before.get("cpu_usage") or {}).get("total_usage") or 0),
        system_total=int(cpu.get("system_cpu_usage") or 0),
        system_total_before=int(before.get("system_cpu_usage") or 0),
        online_cpus=int(online or 0),
        memory=_memory(memory),
        memory_limit=int(memory.get("limit") or 0),
        net_rx=sum(int(n.get("rx_bytes") or 0) for n in networks),
        net_tx=sum(int(n.get("tx_bytes") or 0) for n in networks),
        block_read=read,
        block_write=write,
        pids=int((data.get("pids_stats") or {}).get("current") or 0),
    )


def engine_event(data: dict[str, Any]) -> EngineEvent:
    from compose.engine.streams import EngineEvent

    actor = data.get("Actor") or {}
    time_ns = int(data.get("timeNano") or int(data.get("time") or 0) * 1_000_000_000)
    return EngineEvent(
        time_ns=time_ns,
        type=str(data.get("Type", "")),
        action=str(data.get("Action") or data.get("status") or ""),
        id=str(actor.get("ID") or data.get("id") or ""),
        attributes={str(k): str(v) for k, v in (actor.get("Attributes") or {}).items()},
    )


class DockerStreams(DockerClient):
    """The ``Streams`` protocol's methods of ``DockerEngine``."""

    @cached_property
    def _long(self) -> docker.APIClient:
        """A client without a read timeout, for streams that may stay quiet long (logs -f, exec, stats)."""
        import docker

        return self._call(
            "connect", docker.APIClient, base_url=self.host, version=self.api.api_version, timeout=None
        )

    def read_logs(self, container_id: str, options: LogOptions) -> Iterator[str]:
        stream = self._call(
            f"logs of {container_id}",
            self._long.logs,
            container_id,
            stream=True,
            follow=options.follow,
            tail=int(options.tail) if options.tail.isdigit() else "all",
            since=_positive(options.since),
            until=_positive(options.until),
            timestamps=options.timestamps,
        )
        if options.follow:
            closer = threading.Thread(target=self._end_after_exit, args=(container_id, stream), daemon=True)
            closer.start()
        try:
            yield from lines(stream)
        except sdk_errors():
            return

    def _end_after_exit(self, container_id: str, stream: Any) -> None:
        """End a followed log once its container has stopped and ``LOG_GRACE`` has passed. The engine
        ends it itself, except when the follow began just as the container was stopping: then its
        stream stays open with nothing more to come."""
        try:  # on a connection of its own, not one of the log client's pool
            self._request(
                f"wait for {container_id}",
                "POST",
                path_of("/containers/{}/wait", container_id),
                {},
                extra_wait=WAIT_FOREVER,
            )
        except EngineError:
            return  # removed, or the engine went away: the stream ends of itself
        time.sleep(LOG_GRACE)
        with contextlib.suppress(OSError):
            stream.close()

    def exec_create(self, container_id: str, spec: ExecSpec) -> str:
        created = self._call(
            f"exec in {container_id}",
            self.api.exec_create,
            container_id,
            list(spec.command),
            stdin=spec.stdin,
            tty=spec.tty,
            privileged=spec.privileged,
            user=spec.user,
            environment=[f"{k}={v}" for k, v in spec.environment.items()] or None,
            workdir=spec.workdir or None,
        )
        return str(created["Id"])

    def exec_start(self, exec_id: str, *, tty: bool) -> Session:
        from compose.engine.docker_session import DockerSession, upgrade

        body = {"Tty": tty, "Detach": False}
        with translated(f"start exec {exec_id}", self.host):
            response = upgrade(self._long, f"/exec/{exec_id}/start", json=body)
        return DockerSession(response, tty=tty, stdin=True)

    def exec_detached(self, exec_id: str) -> None:
        self._call(f"start exec {exec_id}", self.api.exec_start, exec_id, detach=True)

    def exec_exit_code(self, exec_id: str) -> int | None:
        found = self._call(f"exec {exec_id}", self.api.exec_inspect, exec_id)
        if found.get("Running") or found.get("ExitCode") is None:
            return None
        return int(found["ExitCode"])

    def exec_resize(self, exec_id: str, rows: int, columns: int) -> None:
        self._call(f"resize exec {exec_id}", self.api.exec_resize, exec_id, height=rows, width=columns)

    def attach(self, container_id: str, *, stdin: bool, detach_keys: str = "") -> Session:
        from compose.engine.docker_session import DockerSession, upgrade

        config = self._call(f"container {container_id}", self.api.inspect_container, container_id)["Config"]
        stdin = stdin and bool(config.get("OpenStdin"))
        params: dict[str, Any] = {"stdout": 1, "stderr": 1, "stream": 1, "stdin": int(stdin)}
        if detach_keys:
            params["detachKeys"] = detach_keys
        with translated(f"attach to {container_id}", self.host):
            response = upgrade(self._long, f"/containers/{container_id}/attach", params=params)
        return DockerSession(response, tty=bool(config.get("Tty")), stdin=stdin)

    def resize(self, container_id: str, rows: int, columns: int) -> None:
        self._call(f"resize {container_id}", self.api.resize, container_id, height=rows, width=columns)

    def stat_path(self, container_id: str, path: str) -> PathStat | None:
        from compose.engine.docker_session import checked
        from compose.engine.streams import PathStat

        url = endpoint(self.api, f"/containers/{container_id}/archive")
        with translated(f"stat {path} in {container_id}", self.host):
            response = self.api.head(url, params={"path": path})
            if response.status_code == 404:
                return None
            checked(response)
        found = json.loads(base64.b64decode(response.headers[STAT_HEADER]))
        return PathStat(
            name=str(found.get("name", "")),
            size=int(found.get("size") or 0),
            mode=int(found.get("mode") or 0),
            link_target=str(found.get("linkTarget") or ""),
        )

    def get_archive(self, container_id: str, path: str) -> Iterator[bytes]:
        what = f"copy {path} from {container_id}"
        stream, _ = self._call(what, self._long.get_archive, container_id, path, chunk_size=ARCHIVE_CHUNK)
        with translated(what, self.host):
            yield from stream

    def put_archive(self, container_id: str, path: str, data: bytes) -> None:
        done = self._call(f"copy to {container_id}:{path}", self.api.put_archive, container_id, path, data)
        if not done:
            raise NotFoundError.at(f"copy to {container_id}:{path}: the engine refused the archive")

    def events(
        self, project: str, *, since: float | None = None, until: float | None = None
    ) -> Iterator[EngineEvent]:
        stream: Any = self._call(
            "events",
            self._long.events,
            since=since,
            until=until,
            filters={"type": ["container"], **labels.project_filter(project)},
            decode=True,
        )
        try:
            with translated("events", self.host):
                for data in stream:
                    yield engine_event(data)
        finally:
            stream.close()

    def stats(self, container_id: str, *, stream: bool) -> Iterator[StatsSample]:
        what = f"stats of {container_id}"
        if not stream:
            yield stats_sample(self._call(what, self.api.stats, container_id, stream=False))
            return
        readings = self._call(what, self._long.stats, container_id, stream=True, decode=True)
        try:
            for data in readings:
                yield stats_sample(data)
        except sdk_errors():
            return
