"""The command line: parses arguments, picks the engine and the output, renders errors. The only exit."""

from compose.cli import config_cmd, graph_cmd, lifecycle, listing  # noqa: F401  (each registers its commands)
from compose.cli.app import cli, main

__all__ = ["cli", "main"]
