"""What ``watch`` needs of an engine: copy files into a running container, and run a command in it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Protocol

from compose.model import frozen_map
from compose.record import record


@record
class CommandSpec:
    """A command to run in a running container (what ``develop.watch[].exec`` runs)."""

    command: tuple[str, ...]
    user: str = ""
    working_dir: str = ""
    environment: Mapping[str, str] = field(default_factory=frozen_map)
    privileged: bool = False


@record(kw_only=False)
class CommandResult:
    exit_code: int
    output: str = ""
    """What the command wrote (stdout and stderr together)."""


class Sync(Protocol):
    """Files into containers, commands in them. Errors are ``compose.errors.EngineError``s."""

    def copy_archive(self, container_id: str, path: str, archive: bytes) -> None:
        """Extract the tar ``archive`` into the container's directory ``path`` (which must exist)."""
        ...

    def run_in_container(self, container_id: str, spec: CommandSpec) -> CommandResult:
        """Run ``spec`` in the running container, wait for it to end, and return its exit code and output."""
        ...
