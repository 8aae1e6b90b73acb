"""Shared fixtures: writing small projects to temporary folders."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

WriteProject = Callable[..., Path]


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The notes of no-op ``up`` runs (``compose.memo``) go to this session's folder, also for the CLI
    run as a subprocess, not to the user's cache."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def write_project(tmp_path: Path) -> WriteProject:
    """``write_project(compose="...", **{".env": "..."})`` writes files into a fresh project folder."""

    def write(folder: str = "proj", **files: str) -> Path:
        root = tmp_path / folder
        root.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            target = root / ("compose.yaml" if name == "compose" else name.replace("__", "/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text).lstrip("\n"))
        return root

    return write
