"""The command line: parses arguments, picks the engine and the output, renders errors. The only exit.

Each command lives in its own module, imported when it runs (see ``app.COMMANDS``). An ``up`` that found
nothing to do last time is first offered to ``compose.memo``, before click or anything else is loaded.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # neither ``typing`` nor ``collections`` is imported before a replay
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from compose.cli.app import cli

__all__ = ["cli", "main"]


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if "up" not in args:
        from compose.cli import app

        app.main(args)
        return
    from compose import memo  # maybe a no-op ``up`` seen before

    if memo.replay(args):
        sys.exit(0)
    from compose.cli import app

    memo.invoked_with = args
    try:
        app.main(args)
    finally:
        memo.invoked_with = None


def __getattr__(name: str) -> Any:
    if name == "cli":
        from compose.cli import app

        return app.cli
    raise AttributeError(name)
