"""A service's ``label_file``: labels read from files of ``KEY=VALUE`` lines (as env files), merged under its
own ``labels``, as Compose resolves them.

The files are read in order and a later one wins; a value may use ``${LABEL}`` of a label read before it
(not the shell's variables). A missing file is an error at the entry that names it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from compose.config import dotenv
from compose.reads import is_file

if TYPE_CHECKING:
    from compose.config.normalize import Context
    from compose.config.paths import Path


def _entries(value: Any, path: Path) -> list[tuple[str, Path]]:
    """Each file with the path of the entry that names it (a single string is the key itself)."""
    if isinstance(value, str):
        return [(value, path)]
    return [(str(item), (*path, i)) for i, item in enumerate(value or ())]


def labels(value: Any, path: Path, ctx: Context) -> dict[str, str]:
    """The labels of the files ``value`` names, relative to the project directory."""
    found: dict[str, str] = {}
    for name, at in _entries(value, path):
        file = ctx.absolute(name)
        if not is_file(file):
            raise ctx.fail(at, f"label file {file} not found", "create it, or remove it from label_file")
        found.update(dotenv.read(file, found))
    return found
