"""Shared fixtures: writing small projects to temporary folders."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

WriteProject = Callable[..., Path]


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
