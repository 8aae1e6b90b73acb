"""``initial_sync``: which files of a rule's path are copied into the containers when watching starts.

The rule is Docker Compose's: a file is copied when it was modified after the image of the service's
containers was created. An older file is taken to be what the image, and so the container, has already
(it was there when the image was built, or the container was given it by an earlier session). Never
copied: what the rule's ignores, the build context's ``.dockerignore``, ``.git`` and editors' temporary
files leave out, the build's Dockerfile, and files with the default compose file names. When the image's
creation time is unknown (no container yet, an image the engine no longer has), every file is copied.

Like Compose, this compares times only: a file of the path that the image never had, but that is older
than the image, is not copied (edit it, or rebuild, to bring it in).
"""

from __future__ import annotations

import os
import re
from datetime import datetime

from compose.engine.full import FullEngine
from compose.model import Service
from compose.watch.match import Matcher, PathMapping

COMPOSE_FILE_NAMES = frozenset(
    {
        "compose.yaml",
        "compose.yml",
        "docker-compose.yml",
        "docker-compose.yaml",
        "compose.override.yaml",
        "compose.override.yml",
        "docker-compose.override.yml",
        "docker-compose.override.yaml",
    }
)
_FRACTION = re.compile(r"(\.\d{6})\d+")


def created_at(text: str) -> float | None:
    """Unix seconds of the engine's RFC 3339 time (nanoseconds allowed), or None when it is not one."""
    try:
        return datetime.fromisoformat(_FRACTION.sub(r"\1", text.strip())).timestamp()
    except ValueError:
        return None


def image_created(engine: FullEngine, project: str, service: str) -> float | None:
    """When the image of the service's first container was created, or None when that is unknown."""
    found = engine.observe(project).of_service(service)
    if not found:
        return None
    image = engine.inspect_image(found[0].image_id or found[0].image)
    return created_at(image.created) if image is not None else None


def never_copied(service: Service) -> frozenset[str]:
    """File names left out wherever they are: the Dockerfile and the compose files."""
    build = service.build
    dockerfile = {os.path.basename(build.dockerfile)} if build is not None and build.dockerfile else set()
    return COMPOSE_FILE_NAMES | {"Dockerfile"} | dockerfile


def _modified(path: str) -> float:
    try:
        return os.lstat(path).st_mtime
    except FileNotFoundError:
        return 0.0


def newer_files(matcher: Matcher, service: Service, created: float | None) -> list[PathMapping]:
    """The mappings of the files under the rule's path to copy, given the image's creation time."""
    skipped = never_copied(service)
    return [
        mapping
        for mapping in matcher.mappings(matcher.rule.path)
        if os.path.basename(mapping.host) not in skipped
        and (created is None or _modified(mapping.host) > created)
    ]
