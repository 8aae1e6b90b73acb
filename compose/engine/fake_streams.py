"""The in-memory engine's ``Streams`` methods.

Processes are scripted: ``exec_replies["echo hi"] = FakeReply(stdout=b"hi\\n")`` (keyed by the command
joined with spaces; ``cat`` echoes its input by default), ``attach_replies["web-1"]`` for attach. Each
container has a tiny file system for cp: ``files["web-1"]["/etc/motd"] = b"hi"`` (``None`` is a directory,
a ``str`` a symbolic link to it). ``events_of`` and ``stats_of`` are what the engine reports.
"""

from __future__ import annotations

import io
import posixpath
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from compose import labels as lbl
from compose.engine.fake_session import FakeReply, FakeSession
from compose.engine.fake_state import FakeState
from compose.engine.streams import (
    MODE_DIR,
    MODE_SYMLINK,
    EngineEvent,
    ExecSpec,
    LogOptions,
    PathStat,
    Session,
    StatsSample,
)
from compose.errors import NotFoundError, OperationFailedError

Entry = bytes | str | None
FAKE_TIMESTAMP = "2026-01-02T03:04:05.000000000Z"
CAT = FakeReply(echo=True)


def _clean(path: str) -> str:
    return posixpath.normpath(path if path.startswith("/") else "/" + path)


@dataclass
class FakeStreams(FakeState):
    """The ``Streams`` protocol's methods of ``FakeEngine``."""

    exec_replies: dict[str, FakeReply] = field(default_factory=dict)
    attach_replies: dict[str, FakeReply] = field(default_factory=dict)
    execs: dict[str, tuple[str, ExecSpec, FakeSession | None]] = field(default_factory=dict)
    files: dict[str, dict[str, Entry]] = field(default_factory=dict)
    owners: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    events_of: list[EngineEvent] = field(default_factory=list)
    stats_of: dict[str, list[StatsSample]] = field(default_factory=dict)
    log_requests: list[tuple[str, LogOptions]] = field(default_factory=list)

    def read_logs(self, container_id: str, options: LogOptions) -> Iterator[str]:
        name = self._find(container_id).name
        self.log_requests.append((name, options))
        lines = self.logs_of.get(name, [])
        lines = lines if options.tail == "all" else lines[len(lines) - int(options.tail) :]
        for line in lines:
            yield f"{FAKE_TIMESTAMP} {line}" if options.timestamps else line

    def exec_create(self, container_id: str, spec: ExecSpec) -> str:
        info = self._find(container_id)
        self._record(f"exec:{info.name}:{' '.join(spec.command)}")
        if not info.running:
            raise OperationFailedError.at(f"container {info.name} is not running")
        exec_id = f"exec{self._new_id()[-8:]}"
        self.execs[exec_id] = (info.name, spec, None)
        return exec_id

    def _reply(self, exec_id: str) -> FakeReply:
        command = " ".join(self.execs[exec_id][1].command)
        return self.exec_replies.get(command, CAT if command == "cat" else FakeReply())

    def exec_start(self, exec_id: str, *, tty: bool) -> Session:
        name, spec, _ = self.execs[exec_id]
        session = FakeSession(self._reply(exec_id), tty=tty, stdin=spec.stdin)
        self.execs[exec_id] = (name, spec, session)
        return session

    def exec_detached(self, exec_id: str) -> None:
        name, spec, _ = self.execs[exec_id]
        self._record(f"exec_detached:{name}:{' '.join(spec.command)}")

    def exec_exit_code(self, exec_id: str) -> int | None:
        session = self.execs[exec_id][2]
        if session is not None and not session.ended:
            return None
        return self._reply(exec_id).exit_code

    def exec_resize(self, exec_id: str, rows: int, columns: int) -> None:
        self._record(f"exec_resize:{rows}x{columns}")

    def attach(self, container_id: str, *, stdin: bool, detach_keys: str = "") -> Session:
        info = self._find(container_id)
        self._record(f"attach:{info.name}")
        spec = self.specs[info.name]
        reply = self.attach_replies.get(info.name, FakeReply())
        return FakeSession(reply, tty=spec.tty, stdin=stdin and spec.stdin_open)

    def resize(self, container_id: str, rows: int, columns: int) -> None:
        self._record(f"resize:{self._find(container_id).name}:{rows}x{columns}")

    def _tree(self, container_id: str) -> dict[str, Entry]:
        return self.files.setdefault(self._find(container_id).name, {"/": None})

    def stat_path(self, container_id: str, path: str) -> PathStat | None:
        tree, path = self._tree(container_id), _clean(path)
        if path not in tree:
            return None
        entry = tree[path]
        name = posixpath.basename(path) or "/"
        if entry is None:
            return PathStat(name=name, mode=MODE_DIR | 0o755)
        if isinstance(entry, str):
            return PathStat(name=name, mode=MODE_SYMLINK | 0o777, link_target=entry)
        return PathStat(name=name, size=len(entry), mode=0o644)

    def get_archive(self, container_id: str, path: str) -> Iterator[bytes]:
        tree, path = self._tree(container_id), _clean(path)
        if path not in tree:
            raise NotFoundError.at(f"Could not find the file {path} in container {container_id}")
        out = io.BytesIO()
        root = posixpath.basename(path)
        with tarfile.open(fileobj=out, mode="w") as tar:
            for found in sorted(tree):
                if found == path or (found.startswith(path.rstrip("/") + "/") and tree[path] is None):
                    _add(tar, root + found[len(path) :], tree[found])
        yield out.getvalue()

    def put_archive(self, container_id: str, path: str, data: bytes) -> None:
        tree, path = self._tree(container_id), _clean(path)
        if tree.get(path, b"") is not None:
            raise NotFoundError.at(f"Could not find the directory {path} in container {container_id}")
        owners = self.owners.setdefault(self._find(container_id).name, {})
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            for member in tar:
                target = _clean(posixpath.join(path, member.name))
                owners[target] = (member.uid, member.gid)
                if member.isdir():
                    tree[target] = None
                elif member.issym():
                    tree[target] = member.linkname
                else:
                    tree[target] = tar.extractfile(member).read()  # type: ignore[union-attr]

    def events(
        self, project: str, *, since: float | None = None, until: float | None = None
    ) -> Iterator[EngineEvent]:
        for event in self.events_of:
            seconds = event.time_ns / 1e9
            if event.attributes.get(lbl.PROJECT) != project:
                continue
            if (since is None or seconds >= since) and (until is None or seconds <= until):
                yield event

    def stats(self, container_id: str, *, stream: bool) -> Iterator[StatsSample]:
        samples = self.stats_of.get(self._find(container_id).name) or [StatsSample()]
        yield from samples if stream else samples[:1]


def _add(tar: tarfile.TarFile, name: str, entry: Entry) -> None:
    member = tarfile.TarInfo(name)
    if entry is None:
        member.type, member.mode = tarfile.DIRTYPE, 0o755
        tar.addfile(member)
    elif isinstance(entry, str):
        member.type, member.linkname = tarfile.SYMTYPE, entry
        tar.addfile(member)
    else:
        member.size, member.mode = len(entry), 0o644
        tar.addfile(member, io.BytesIO(entry))
