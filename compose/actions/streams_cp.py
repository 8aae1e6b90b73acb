"""``cp``: files between a service's containers and here, as tar archives, with ``docker cp``'s rules.

From a container, ``SRC`` a file: into ``DEST`` when it is a directory, else saved as ``DEST``. ``SRC`` a
directory: ``DEST`` is created as its copy, or it is copied into an existing ``DEST`` (its content only
when ``SRC`` ends with ``/.``). The same rules hold the other way. ``-`` is a tar archive on standard
output (from a container) or input (to a container's directory).
"""

from __future__ import annotations

import posixpath
from typing import BinaryIO

from compose.actions.streams import Target, containers
from compose.actions.streams_tar import extract, local_archive
from compose.engine.base import ContainerInfo
from compose.engine.full import FullEngine
from compose.errors import NotFoundError, OperationFailedError, PycomposeError
from compose.events import EventSink, Resource, ResourceDone, ResourceWorking
from compose.record import record


@record
class CopyOptions:
    archive: bool = False
    follow_link: bool = False
    index: int = 0
    all: bool = False


@record(kw_only=False)
class Place:
    """One side of a copy: a path in a service's containers, or here (no service; ``-``: a stream)."""

    path: str
    service: str = ""


def place(arg: str) -> Place:
    """``SERVICE:PATH``, or a local path (absolute, starting with ``.``, or without ``:``) as in docker."""
    head, sep, tail = arg.partition(":")
    if arg.startswith(("/", ".")) or not sep or not head:
        return Place(arg)
    return Place(tail, head)


def targets(
    engine: FullEngine, target: Target, service: str, options: CopyOptions, *, into: bool
) -> list[ContainerInfo]:
    """The index-th container, else all of the service's (into them) or its first (out of it)."""
    found = containers(
        engine, target, [service], index=options.index, oneoff=options.all or bool(options.index)
    )
    if not found:
        raise NotFoundError.at(f'no container found for service "{service}"')
    return found if into else found[:1]


def _gone(path: str, container: ContainerInfo) -> NotFoundError:
    return NotFoundError.at(f"Could not find the file {path} in container {container.name}")


def copy_out(
    engine: FullEngine, container: ContainerInfo, src: str, dest: str, options: CopyOptions, stdout: BinaryIO
) -> None:
    """``SERVICE:SRC DEST``: extract here with the rules above (``-``: the archive to ``stdout``)."""
    contents_only = src.endswith("/.")
    path = posixpath.normpath(src) if src not in ("", "/") else "/"
    stat = engine.stat_path(container.id, path)
    if stat is None:
        raise _gone(src, container)
    rename = ""
    if options.follow_link and stat.link_target:
        rename, path = posixpath.basename(path), posixpath.join(posixpath.dirname(path), stat.link_target)
        stat = engine.stat_path(container.id, path)
        if stat is None:
            raise _gone(path, container)
    chunks = engine.get_archive(container.id, path)
    if dest == "-":
        for chunk in chunks:
            stdout.write(chunk)
        stdout.flush()
        return
    extract(
        chunks, dest, is_dir=stat.is_dir, contents_only=contents_only, rename=rename, archive=options.archive
    )


def copy_in(
    engine: FullEngine, container: ContainerInfo, src: str, dest: str, options: CopyOptions, stdin: BinaryIO
) -> None:
    """``SRC SERVICE:DEST``: put ``SRC`` there with the rules above (``-``: a tar archive on ``stdin``)."""
    found = engine.stat_path(container.id, dest)
    if src == "-":
        if found is None or not found.is_dir:
            raise OperationFailedError.at(f'destination "{container.name}:{dest}" must be a directory')
        engine.put_archive(container.id, dest, stdin.read())
        return
    archive = local_archive(src, follow_link=options.follow_link, keep_owner=options.archive)
    if found is not None and found.is_dir:
        engine.put_archive(container.id, dest, archive.named("" if archive.contents_only else archive.name))
        return
    if found is not None and archive.is_dir:
        raise OperationFailedError.at(f"cannot copy a directory to a file: {container.name}:{dest}")
    if found is None and dest.endswith("/") and not archive.is_dir:
        raise _gone(dest, container)
    parent = posixpath.dirname(dest.rstrip("/")) or "/"
    parent_stat = engine.stat_path(container.id, parent)
    if parent_stat is None or not parent_stat.is_dir:
        raise _gone(parent, container)
    engine.put_archive(container.id, parent, archive.named(posixpath.basename(dest.rstrip("/"))))


def copy(
    engine: FullEngine,
    target: Target,
    source: str,
    destination: str,
    options: CopyOptions,
    sink: EventSink,
    streams: tuple[BinaryIO, BinaryIO],
) -> None:
    """Copy between a service's containers and here; ``streams`` are standard input and output (for ``-``)."""
    src, dest = place(source), place(destination)
    if bool(src.service) == bool(dest.service):
        both = "copying between services is not supported"
        raise PycomposeError.at(both if src.service else "one of source and destination must be SERVICE:PATH")
    into = bool(dest.service)
    for container in targets(engine, target, dest.service or src.service, options, into=into):
        resource = Resource("container", container.name)
        there = f"{container.name}:{dest.path if into else src.path}"
        text = f"{src.path} to {there}" if into else f"{there} to {dest.path}"
        sink.emit(ResourceWorking(resource, "Copying"))
        if into:
            copy_in(engine, container, src.path, dest.path, options, streams[0])
        else:
            copy_out(engine, container, src.path, dest.path, options, streams[1])
        sink.emit(ResourceDone(resource, f"Copied {text}"))
