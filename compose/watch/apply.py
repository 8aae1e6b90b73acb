"""Carrying out a batch's work on the engine: rebuild, sync (copy and delete), restart, run commands."""

from __future__ import annotations

import io
import os
import tarfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from compose import orchestrator
from compose.engine.base import ContainerInfo
from compose.engine.full import FullEngine
from compose.engine.sync import CommandSpec
from compose.errors import EngineError, PycomposeError
from compose.model import Project, Service
from compose.plan import UpOptions
from compose.watch.batch import ServiceWork
from compose.watch.events import CommandRan, FilesSynced, ServiceActing, WatchProblem, WatchSink
from compose.watch.match import PathMapping


def archive(mappings: Iterable[PathMapping]) -> tuple[bytes, list[PathMapping]]:
    """A tar of the host files at their container paths, and the mappings whose file is gone (to delete)."""
    gone = []
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for mapping in mappings:
            try:
                tar.add(mapping.host, arcname=mapping.container.lstrip("/"), recursive=False)
            except FileNotFoundError:
                gone.append(mapping)
    return buffer.getvalue(), gone


def remove_command(paths: Iterable[str]) -> CommandSpec:
    return CommandSpec(command=("rm", "-rf", "--", *paths))


def stop_timeout(service: Service) -> int | None:
    """Seconds a container of the service gets to stop: its ``stop_grace_period`` (None: the engine's)."""
    grace = service.stop_grace_period
    return None if grace is None else int(grace)


@dataclass
class Applier:
    """Does the work of each batch for one project; failures become ``WatchProblem`` events."""

    project: Project
    engine: FullEngine
    sink: WatchSink
    prune: bool = True
    parallel: int = -1

    def apply(self, works: Sequence[ServiceWork]) -> None:
        rebuilt = [w.service for w in works if w.rebuild]
        if rebuilt:
            self.guarded("", partial(self.rebuild, rebuilt))
        for work in works:
            if not work.rebuild:  # a rebuilt service has the new files already
                self.guarded(work.service, partial(self._refresh, work))

    def guarded(self, service: str, action: Callable[[], None]) -> None:
        try:
            action()
        except PycomposeError as error:
            self.sink.emit(WatchProblem(service, str(error)))

    def _refresh(self, work: ServiceWork) -> None:
        if work.sync:
            self.sync(work.service, work.sync)
        if work.restart:
            self.restart(work.service)
        for spec in work.execs:
            self.run(work.service, spec)

    def containers(self, service: str, *, running: bool = True) -> list[ContainerInfo]:
        found = self.engine.observe(self.project.name).of_service(service)
        return [c for c in found if c.running or not running]

    def sync(self, service: str, mappings: Sequence[PathMapping]) -> None:
        """Copy the files that exist into each running container; delete there those that are gone."""
        present = [m for m in mappings if os.path.lexists(m.host)]
        data, vanished = archive(present)
        gone = [m for m in mappings if m not in present] + vanished
        containers = self.containers(service)
        for info in containers:
            if len(gone) < len(mappings):
                self.engine.copy_archive(info.id, "/", data)
            if gone:
                result = self.engine.run_in_container(info.id, remove_command(m.container for m in gone))
                if result.exit_code:
                    self.sink.emit(
                        WatchProblem(service, f"cannot delete in {info.name}: {result.output.strip()}")
                    )
        targets = tuple(sorted({m.target for m in mappings}))
        copied = len(mappings) - len(gone)
        self.sink.emit(FilesSynced(service, copied, len(gone), targets, len(containers)))

    def restart(self, service: str) -> None:
        """Stop and start the service's containers; each gets its ``stop_grace_period`` to stop."""
        self.sink.emit(ServiceActing(service, "Restarting"))
        timeout = stop_timeout(self.project.services[service])
        stopped = []
        for info in self.containers(service, running=False):
            self.engine.stop_container(info.id, timeout)
            stopped.append((info.id, self.engine.inspect_container(info.id).finished_at))
            self.engine.start_container(info.id)
        self.sink.emit(ServiceActing(service, "Restarted", tuple(stopped)))

    def run(self, service: str, spec: CommandSpec) -> None:
        for info in self.containers(service):
            result = self.engine.run_in_container(info.id, spec)
            self.sink.emit(CommandRan(service, info.name, spec.command, result.exit_code, result.output))

    def rebuild(self, services: Sequence[str]) -> None:
        """Build the services' images again and recreate their containers (their dependencies stay)."""
        images = {s: self.project.services[s].image_name(self.project.name) for s in services}
        before = {s: self.engine.image_id(image) for s, image in images.items()}
        for service in services:
            self.sink.emit(ServiceActing(service, "Rebuilding"))
        options = UpOptions(build=True, force_recreate=True, no_deps=True, services=tuple(services))
        orchestrator.up(self.project, self.engine, self.sink, options, parallel=self.parallel)
        for service in services:
            self.sink.emit(ServiceActing(service, "Rebuilt"))
        if self.prune:
            self._prune(old for s, old in before.items() if old and old != self.engine.image_id(images[s]))

    def _prune(self, images: Iterable[str]) -> None:
        """Remove the images the rebuild replaced (an image still in use stays)."""
        for image in images:
            try:
                self.engine.remove_image(image)
            except EngineError:
                continue
