"""What the Docker engine does around a container's create, start, stop and removal: lifecycle hooks and the
files of secrets and configs.

Hooks travel with the container in a label, so ``down`` runs ``pre_stop`` without the compose file. What a
container needs at stop or removal is remembered from ``observe`` and ``create``, so no extra inspect is made.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from compose.engine.base import ContainerSpec, FileSpec, HookSpec
from compose.engine.docker_client import DockerClient
from compose.engine.docker_wire import path_of
from compose.errors import ConflictError, NotFoundError, OperationFailedError
from compose.record import record

HOOKS_LABEL = "io.pycompose.hooks"
HOOK_OUTPUT_LINES = 5


def files_root() -> Path:
    """Where the files of secrets and configs are written: ``$XDG_RUNTIME_DIR/pycompose/files``, else
    ``~/.cache/pycompose/files``."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) / "pycompose" if runtime else Path.home() / ".cache" / "pycompose"
    return base / "files"


def _hook_data(hook: HookSpec) -> dict[str, Any]:
    return {
        "command": list(hook.command),
        "user": hook.user,
        "privileged": hook.privileged,
        "working_dir": hook.working_dir,
        "environment": dict(hook.environment),
    }


def hooks_label(spec: ContainerSpec) -> dict[str, str]:
    """The label that carries the container's hooks (none without hooks)."""
    if not spec.post_start and not spec.pre_stop:
        return {}
    data = {
        "post_start": [_hook_data(h) for h in spec.post_start],
        "pre_stop": [_hook_data(h) for h in spec.pre_stop],
    }
    return {HOOKS_LABEL: json.dumps(data, sort_keys=True, separators=(",", ":"))}


def _hooks_from(labels: dict[str, str], which: str) -> tuple[HookSpec, ...]:
    try:
        data = json.loads(labels.get(HOOKS_LABEL, "") or "{}")
    except ValueError:
        return ()
    return tuple(
        HookSpec(
            command=tuple(h.get("command") or ()),
            user=str(h.get("user", "")),
            privileged=bool(h.get("privileged", False)),
            working_dir=str(h.get("working_dir", "")),
            environment={str(k): str(v) for k, v in (h.get("environment") or {}).items()},
        )
        for h in data.get(which) or ()
    )


@record(kw_only=False)
class Known:
    """What is remembered of a container: its name and labels."""

    name: str
    labels: dict[str, str]


def _clear(directory: Path) -> None:
    """Remove a container's folder of files, if it has one (``shutil`` is loaded only then)."""
    if directory.exists():
        import shutil

        shutil.rmtree(directory, ignore_errors=True)


def _write(directory: Path, index: int, f: FileSpec) -> FileSpec:
    """Write one file for a container (its text, or a copy of its host file) with its owner and mode."""
    path = directory / f"{index}-{os.path.basename(f.target) or 'file'}"
    if f.content is not None:
        path.write_text(f.content)
    else:
        import shutil

        shutil.copyfile(f.source, path)
    os.chmod(path, 0o444 if f.mode is None else f.mode)
    if f.uid or f.gid:
        os.chown(path, int(f.uid) if f.uid else -1, int(f.gid) if f.gid else -1)
    return replace(f, source=str(path), content=None, uid="", gid="", mode=None)


class DockerLifecycle(DockerClient):
    """Hooks, secret and config files, and what is remembered of each container for them."""

    def __init__(self, host: str | None = None) -> None:
        super().__init__(host)
        self._known: dict[str, Known] = {}
        self._known_lock = threading.Lock()

    def _remember(self, container_id: str, name: str, labels: dict[str, str]) -> None:
        known = Known(name, dict(labels))
        with self._known_lock:
            self._known[container_id] = self._known[name] = known

    def _known_as(self, ref: str) -> Known:
        with self._known_lock:
            found = self._known.get(ref)
        if found is None:
            data = self._read(f"container {ref}", path_of("/containers/{}/json", ref))
            found = Known(
                str(data.get("Name", "")).lstrip("/"), (data.get("Config") or {}).get("Labels") or {}
            )
            self._remember(str(data["Id"]), found.name, found.labels)
        return found

    # -- files --------------------------------------------------------------------------------------
    def _write_files(self, spec: ContainerSpec) -> ContainerSpec:
        """The spec with each file that is not mounted as it is written on this host (and mounted so)."""
        directory = files_root() / spec.name
        _clear(directory)
        if all(f.mounted_as_is for f in spec.files):
            return spec
        directory.mkdir(parents=True, mode=0o700)
        try:
            files = tuple(f if f.mounted_as_is else _write(directory, i, f) for i, f in enumerate(spec.files))
        except (OSError, ValueError) as exc:
            raise OperationFailedError.at(
                f"create container {spec.name}: cannot write a secret or config: {exc}"
            ) from exc
        return replace(spec, files=files)

    def _remove_files(self, ref: str) -> None:
        with self._known_lock:
            known = self._known.get(ref)
        name = known.name if known else ref
        if name and "/" not in name:
            _clear(files_root() / name)

    # -- hooks --------------------------------------------------------------------------------------
    def _run_hooks(self, ref: str, which: str) -> None:
        """Run the container's ``post_start`` or ``pre_stop`` hooks; a hook that fails fails the operation."""
        try:
            known = self._known_as(ref)
        except NotFoundError:
            return
        for hook in _hooks_from(known.labels, which):
            self._run_hook(known.name, which, hook)

    def _run_hook(self, name: str, which: str, hook: HookSpec) -> None:
        what = f"{which} hook of {name}"
        created = self._call(
            what,
            self.api.exec_create,
            name,
            list(hook.command),
            user=hook.user,
            privileged=hook.privileged,
            workdir=hook.working_dir or None,
            environment=dict(hook.environment) or None,
        )
        output = self._call(what, self.api.exec_start, created["Id"])
        code = self._call(what, self.api.exec_inspect, created["Id"]).get("ExitCode")
        if code:
            text = bytes(output or b"").decode("utf-8", "replace").strip().splitlines()[-HOOK_OUTPUT_LINES:]
            detail = "; output:\n" + "\n".join(f"    {line}" for line in text) if text else ""
            raise OperationFailedError.at(f"{what} exited with status {code}{detail}")

    def _run_stop_hooks(self, ref: str) -> None:
        """``pre_stop`` hooks; a container that is not running (or gone) has none to run, as in Compose."""
        try:
            self._run_hooks(ref, "pre_stop")
        except (ConflictError, NotFoundError):
            return
