"""What the dashboard's keys ask for, as pure changes of its state (restarting is the feed's: it needs
the engine)."""

from __future__ import annotations

from typing import Literal

from compose.actions.dashboard_state import DashboardState

Command = Literal["up", "down", "restart", "logs", "back", "quit"]
COMMANDS: tuple[Command, ...] = ("up", "down", "restart", "logs", "back", "quit")


def move(state: DashboardState, delta: int) -> None:
    """Select the service ``delta`` rows away, stopping at the first and the last."""
    if state.services:
        state.selected = min(max(state.selected + delta, 0), len(state.services) - 1)


def toggle_logs(state: DashboardState) -> None:
    """Into the selected service's log pane, or back to the overview."""
    state.mode = "overview" if state.mode == "logs" else "logs"


def back(state: DashboardState) -> None:
    state.mode = "overview"


def quit_view(state: DashboardState) -> None:
    state.closed = True


def apply_command(state: DashboardState, command: Command) -> bool:
    """Carry out a command that changes only the state; False for ``restart`` (the feed's)."""
    if command == "restart":
        return False
    if command in ("up", "down"):
        move(state, -1 if command == "up" else 1)
    elif command == "logs":
        toggle_logs(state)
    elif command == "back":
        back(state)
    else:
        quit_view(state)
    return True
