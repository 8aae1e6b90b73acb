"""``Sync`` over the Docker Engine API: a tar archive into a container, a command run in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from compose.engine.docker_client import DockerClient
from compose.errors import OperationFailedError

if TYPE_CHECKING:  # loaded by watch, which runs commands, not by up
    from compose.engine.sync import CommandResult, CommandSpec


class DockerSync(DockerClient):
    """The ``Sync`` protocol's methods of ``DockerEngine``."""

    def copy_archive(self, container_id: str, path: str, archive: bytes) -> None:
        what = f"copy files into container {container_id[:12]}"
        if not self._call(what, self.api.put_archive, container_id, path, archive):
            raise OperationFailedError.at(f"{what}: the engine refused the archive")

    def run_in_container(self, container_id: str, spec: CommandSpec) -> CommandResult:
        what = f"run a command in container {container_id[:12]}"
        created = self._call(
            what,
            self.api.exec_create,
            container_id,
            list(spec.command),
            stdout=True,
            stderr=True,
            user=spec.user,
            environment=dict(spec.environment) or None,
            workdir=spec.working_dir or None,
            privileged=spec.privileged,
        )
        output = self._call(what, self.api.exec_start, created["Id"])
        inspected = self._call(what, self.api.exec_inspect, created["Id"])
        from compose.engine.sync import CommandResult

        text = output.decode("utf-8", "replace") if isinstance(output, bytes) else str(output or "")
        return CommandResult(int(inspected.get("ExitCode") or 0), text)
