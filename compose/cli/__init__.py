"""The command line: parses arguments, picks the engine and the output, renders errors. The only exit.

Each command lives in its own module, imported when it runs (see ``app.COMMANDS``).
"""

from compose.cli.app import cli, main

__all__ = ["cli", "main"]
