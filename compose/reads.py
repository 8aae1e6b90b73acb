"""The files a command consults while it loads the project, so a run can tell what its configuration was
made of: each file read (by the SHA-256 of its bytes) and each path asked about (whether it is a file).

Loading goes through :func:`is_file` and :func:`read_bytes` for every file it looks at. While a
:func:`recording` is open they note what they saw; :func:`unchanged` later tells whether every one of
those files still reads and answers the same. A read that cannot be repeated (standard input) spoils the
recording.
"""

from __future__ import annotations

import os

from compose.sha import sha256_hex

TYPE_CHECKING = False  # ``typing`` and ``contextlib`` are not imported: a replayed ``up`` reads files here
if TYPE_CHECKING:
    from collections.abc import Sequence

Seen = tuple[str, str]
"""A path and what it was: ``file:<sha256>`` for a read, ``is-file`` or ``no-file`` for a question."""


class Recording:
    """What the loading saw, in order; ``spoilt`` when something it read cannot be read again. Noted
    while it is the ``with`` block's (one recording at a time)."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.spoilt = False
        self._previous: Recording | None = None

    def __enter__(self) -> Recording:
        global _active
        self._previous, _active = _active, self
        return self

    def __exit__(self, *exc: object) -> None:
        global _active
        _active, self._previous = self._previous, None


_active: Recording | None = None


def recording() -> Recording:
    """Note every file looked at until the ``with`` block ends."""
    return Recording()


def is_file(path: str) -> bool:
    found = os.path.isfile(path)
    if _active is not None:
        _active.seen.append((os.path.abspath(path), "is-file" if found else "no-file"))
    return found


def read_bytes(path: str) -> bytes:
    """The file's bytes (``OSError`` as ``open`` raises it)."""
    with open(path, "rb") as handle:
        raw = handle.read()
    if _active is not None:
        _active.seen.append((os.path.abspath(path), "file:" + sha256_hex(raw)))
    return raw


def unrepeatable() -> None:
    """Something was read that a later run cannot read again (standard input)."""
    if _active is not None:
        _active.spoilt = True


def unchanged(seen: Sequence[Seen]) -> bool:
    """Whether each path still is what it was: the same bytes, or still a file or still none."""
    for path, what in seen:
        if what.startswith("file:"):
            try:
                with open(path, "rb") as handle:
                    if "file:" + sha256_hex(handle.read()) != what:
                        return False
            except OSError:
                return False
        elif os.path.isfile(path) != (what == "is-file"):
            return False
    return True
