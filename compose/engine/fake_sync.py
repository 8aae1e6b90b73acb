"""The in-memory engine's ``Sync`` methods: archives land in a per-container file table."""

from __future__ import annotations

import io
import posixpath
import tarfile
from dataclasses import dataclass, field

from compose.engine.fake_state import FakeState
from compose.engine.sync import CommandResult, CommandSpec
from compose.errors import ConflictError


@dataclass
class FakeSync(FakeState):
    """``synced["web-1"]`` maps a path in that container to its content (filled by ``copy_archive``);
    ``command_results["web-1"]`` is what a command run there returns (exit 0 by default); ``commands`` lists
    every command run, as ``(container name, spec)``. ``rm -rf -- PATH...`` removes from ``synced``."""

    synced: dict[str, dict[str, bytes]] = field(default_factory=dict)
    command_results: dict[str, CommandResult] = field(default_factory=dict)
    commands: list[tuple[str, CommandSpec]] = field(default_factory=list)

    def copy_archive(self, container_id: str, path: str, archive: bytes) -> None:
        info = self._find(container_id)
        self._record(f"copy_archive:{info.name}:{path}")
        table = self.synced.setdefault(info.name, {})
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            for member in tar.getmembers():
                if member.isfile():
                    content = tar.extractfile(member)
                    table[posixpath.join(path, member.name)] = content.read() if content else b""

    def run_in_container(self, container_id: str, spec: CommandSpec) -> CommandResult:
        info = self._find(container_id)
        self._record(f"run:{info.name}:{' '.join(spec.command)}")
        if not info.running:
            raise ConflictError.at(f"container {info.name} is not running")
        with self._lock:
            self.commands.append((info.name, spec))
        if spec.command[:3] == ("rm", "-rf", "--"):
            table = self.synced.get(info.name, {})
            for gone in spec.command[3:]:
                for path in [p for p in table if p == gone or p.startswith(gone.rstrip("/") + "/")]:
                    del table[path]
        return self.command_results.get(info.name, CommandResult(0))
