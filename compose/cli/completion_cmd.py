"""``completion``: the shell script that completes pycompose's commands, flags and service names."""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class

from compose.cli.app import cli

COMPLETE_VAR = "_PYCOMPOSE_COMPLETE"
SHELLS = ("bash", "zsh", "fish")


@cli.command()
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the completion script of a shell.

    \b
    bash:  eval "$(pycompose completion bash)"      (in ~/.bashrc)
    zsh:   eval "$(pycompose completion zsh)"       (in ~/.zshrc)
    fish:  pycompose completion fish > ~/.config/fish/completions/pycompose.fish
    """
    completer = get_completion_class(shell)
    if completer is None:  # every shell of the choice has a class in click
        raise click.BadParameter(f"no completion for {shell}")
    click.echo(completer(cli, {}, "pycompose", COMPLETE_VAR).source())
