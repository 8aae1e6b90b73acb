"""The ``com.docker.compose.*`` labels: the contract that lets other Compose tools see our projects."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from compose.model import Project, Service
from compose.reads import is_file

PREFIX = "com.docker.compose."
PROJECT = PREFIX + "project"
SERVICE = PREFIX + "service"
NUMBER = PREFIX + "container-number"
ONEOFF = PREFIX + "oneoff"
CONFIG_HASH = PREFIX + "config-hash"
WORKING_DIR = PREFIX + "project.working_dir"
CONFIG_FILES = PREFIX + "project.config_files"
ENVIRONMENT_FILE = PREFIX + "project.environment_file"
DEPENDS_ON = PREFIX + "depends_on"
VERSION = PREFIX + "version"
IMAGE = PREFIX + "image"
NETWORK = PREFIX + "network"
VOLUME = PREFIX + "volume"

# Our own: a short hash per configuration key, so a plan can say which keys changed (Compose keeps one hash).
CONFIG_KEYS = "io.pycompose.config-keys"
# Our own: the anonymous volumes a recreated container took over from the one it replaced (for down -v).
ANONYMOUS_VOLUMES = "io.pycompose.anonymous-volumes"

# The Compose version whose label format we follow; tools read this label to know what they see.
COMPOSE_LABEL_VERSION = "2.29.0"


def project_filter(project: str) -> dict[str, list[str]]:
    """An engine filter for the objects of one project."""
    return {"label": [f"{PROJECT}={project}"]}


def depends_on_value(service: Service) -> str:
    """``redis:service_healthy:false,db:service_started:false`` as Compose writes it."""
    return ",".join(f"{d.service}:{d.condition}:{str(d.restart).lower()}" for d in service.depends_on)


def container_labels(project: Project, service: Service, number: int) -> dict[str, str]:
    labels = dict(service.labels)
    labels.update(
        {
            PROJECT: project.name,
            SERVICE: service.name,
            NUMBER: str(number),
            ONEOFF: "False",
            CONFIG_HASH: service.config_hash,
            WORKING_DIR: project.working_dir,
            CONFIG_FILES: ",".join(project.config_files),
            DEPENDS_ON: depends_on_value(service),
            VERSION: COMPOSE_LABEL_VERSION,
            IMAGE: service.image_name(project.name),
            CONFIG_KEYS: json.dumps(dict(service.config_keys), sort_keys=True, separators=(",", ":")),
        }
    )
    env_file = os.path.join(project.working_dir, ".env")
    if is_file(env_file):
        labels[ENVIRONMENT_FILE] = env_file
    return labels


def config_keys(found: Mapping[str, str]) -> dict[str, str] | None:
    """The per-key hashes a container was created with, or None when another tool created it."""
    try:
        value = json.loads(found.get(CONFIG_KEYS, ""))
    except ValueError:
        return None
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else None


def network_labels(project: str, key: str, extra: dict[str, str]) -> dict[str, str]:
    return {**extra, PROJECT: project, NETWORK: key, VERSION: COMPOSE_LABEL_VERSION}


def volume_labels(project: str, key: str, extra: dict[str, str]) -> dict[str, str]:
    return {**extra, PROJECT: project, VOLUME: key, VERSION: COMPOSE_LABEL_VERSION}
