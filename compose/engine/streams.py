"""What commands that stream into and out of containers need of an engine (logs, exec, cp, attach, events,
stats), and the engine-neutral values they exchange."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import field
from typing import Protocol

from compose.model import frozen_map
from compose.record import record

STDOUT = 1
STDERR = 2
# Go's os.FileMode bits, as the Engine API reports a path's mode
MODE_DIR = 1 << 31
MODE_SYMLINK = 1 << 27


@record
class LogOptions:
    """Which log lines to read. ``since`` and ``until`` are Unix times in seconds."""

    follow: bool = False
    tail: str = "all"
    since: float | None = None
    until: float | None = None
    timestamps: bool = False


@record
class ExecSpec:
    """A process to start in a running container."""

    command: tuple[str, ...]
    environment: Mapping[str, str] = field(default_factory=frozen_map)
    workdir: str = ""
    user: str = ""
    privileged: bool = False
    tty: bool = False
    stdin: bool = False


@record
class PathStat:
    """A path in a container, as the engine's archive endpoint describes it."""

    name: str
    size: int = 0
    mode: int = 0
    link_target: str = ""

    @property
    def is_dir(self) -> bool:
        return bool(self.mode & MODE_DIR)


@record
class EngineEvent:
    """One event of the engine's event stream."""

    time_ns: int
    type: str
    action: str
    id: str
    attributes: Mapping[str, str] = field(default_factory=frozen_map)


@record
class StatsSample:
    """One reading of a container's resource use, with the CPU counters of the reading before it.

    ``memory`` excludes the page cache, as the docker CLI shows it.
    """

    cpu_total: int = 0
    cpu_total_before: int = 0
    system_total: int = 0
    system_total_before: int = 0
    online_cpus: int = 0
    memory: int = 0
    memory_limit: int = 0
    net_rx: int = 0
    net_tx: int = 0
    block_read: int = 0
    block_write: int = 0
    pids: int = 0


class Session(Protocol):
    """A two-way byte stream to a process in a container (exec or attach)."""

    tty: bool
    """Output is raw (a terminal) rather than split into stdout and stderr."""
    stdin: bool
    """Whether what is written reaches the process."""

    def read(self) -> tuple[int, bytes] | None:
        """The next output chunk and its stream (``STDOUT`` or ``STDERR``); None when the output ends."""
        ...

    def write(self, data: bytes) -> None: ...

    def close_input(self) -> None:
        """End the process's standard input (it reads end of file)."""
        ...

    def close(self) -> None: ...


class Streams(Protocol):
    """Streams into and out of containers. Errors are ``compose.errors.EngineError``s."""

    def read_logs(self, container_id: str, options: LogOptions) -> Iterator[str]:
        """The container's log lines (stdout and stderr); with ``follow``, until the container stops."""
        ...

    def exec_create(self, container_id: str, spec: ExecSpec) -> str:
        """Prepare a process in a running container; returns the exec id."""
        ...

    def exec_start(self, exec_id: str, *, tty: bool) -> Session: ...

    def exec_detached(self, exec_id: str) -> None:
        """Start the process in the background."""
        ...

    def exec_exit_code(self, exec_id: str) -> int | None:
        """The process's exit code, or None while it runs."""
        ...

    def exec_resize(self, exec_id: str, rows: int, columns: int) -> None: ...

    def attach(self, container_id: str, *, stdin: bool, detach_keys: str = "") -> Session:
        """Attach to the main process's output (and its input when asked and the container keeps it open)."""
        ...

    def resize(self, container_id: str, rows: int, columns: int) -> None: ...

    def stat_path(self, container_id: str, path: str) -> PathStat | None:
        """What is at ``path`` in the container, or None when nothing is."""
        ...

    def get_archive(self, container_id: str, path: str) -> Iterator[bytes]:
        """A tar archive of ``path``, its top entry named after the path's last part."""
        ...

    def put_archive(self, container_id: str, path: str, data: bytes) -> None:
        """Extract a tar archive into the directory ``path``."""
        ...

    def events(
        self, project: str, *, since: float | None = None, until: float | None = None
    ) -> Iterator[EngineEvent]:
        """The project's container events as they happen (from ``since``; endless unless ``until``)."""
        ...

    def stats(self, container_id: str, *, stream: bool) -> Iterator[StatsSample]:
        """Resource readings: one (``stream=False``) or one a second until the container stops."""
        ...
