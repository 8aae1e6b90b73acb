"""Building projects in tests without touching the disk twice."""

from __future__ import annotations

import textwrap
from pathlib import Path

from compose.config import Loaded, LoadOptions, load_project
from compose.model import Project


def project_from(tmp: Path, text: str, name: str = "demo") -> Project:
    root = tmp / name
    root.mkdir(parents=True, exist_ok=True)
    (root / "compose.yaml").write_text(textwrap.dedent(text).lstrip("\n"))
    return load_project(LoadOptions(working_dir=str(root), environment={})).project


def load(root: Path, env: dict[str, str] | None = None, **kwargs: object) -> Loaded:
    """Load the project in ``root`` with exactly ``env`` as the environment."""
    return load_project(LoadOptions(working_dir=str(root), environment=env or {}, **kwargs))  # type: ignore[arg-type]
