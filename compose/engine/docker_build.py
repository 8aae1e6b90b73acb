"""A BuildSpec as the arguments of the classic builder (``POST /build``), and image references."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from compose.engine.base import BuildSpec


def image_ref(name: str) -> tuple[str, str]:
    """``registry:5000/app:1.0`` -> ``("registry:5000/app", "1.0")``; no tag means ``latest``."""
    repository, sep, tag = name.rpartition(":")
    if not sep or "/" in tag:
        return name, "latest"
    return repository, tag


@contextmanager
def dockerfile(spec: BuildSpec) -> Iterator[str]:
    """The Dockerfile to send: ``spec.dockerfile``, or a file holding ``dockerfile_inline`` for the build.

    A Dockerfile outside the context is read by the SDK and added to the context it sends.
    """
    if not spec.dockerfile_inline:
        yield spec.dockerfile
        return
    import tempfile  # here: only a build needs it, and it costs a no-op up 3 ms to import

    fd, path = tempfile.mkstemp(prefix="pycompose-", suffix=".Dockerfile")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(spec.dockerfile_inline)
        yield path
    finally:
        os.unlink(path)


def build_kwargs(spec: BuildSpec, dockerfile: str) -> dict[str, Any]:
    """The keyword arguments of ``APIClient.build`` for ``spec``."""
    return {
        "path": spec.context,
        "dockerfile": dockerfile,
        "tag": spec.tag,
        "buildargs": dict(spec.args) or None,
        "target": spec.target or None,
        "labels": dict(spec.labels) or None,
        "network_mode": spec.network or None,
        "extra_hosts": list(spec.extra_hosts) or None,
        "shmsize": spec.shm_size,
        "cache_from": list(spec.cache_from) or None,
        "nocache": spec.no_cache,
        "pull": spec.pull,
        "isolation": spec.isolation or None,
        "platform": spec.platform or None,
        "rm": True,
        "forcerm": True,
        "decode": True,
    }
