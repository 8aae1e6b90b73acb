"""The dashboard's keys: bytes read from a terminal, decoded into keys, mapped to commands (all pure)."""

from __future__ import annotations

from typing import Literal

Command = Literal["up", "down", "restart", "logs", "back", "quit"]

ESC = "\x1b"
# escape sequences of the arrow keys (normal and application cursor mode)
SEQUENCES = {"[A": "up", "OA": "up", "[B": "down", "OB": "down", "[C": "right", "[D": "left"}
COMMANDS: dict[str, Command] = {
    "up": "up",
    "k": "up",
    "down": "down",
    "j": "down",
    "r": "restart",
    "l": "logs",
    "escape": "back",
    "q": "quit",
    "Q": "quit",
    "ctrl-c": "quit",
}


def _sequence(text: str, start: int) -> tuple[str, int]:
    """The key of the escape sequence at ``text[start]`` (an ESC) and where the next key begins."""
    rest = text[start + 1 :]
    if rest[:1] == "O" and len(rest) >= 2:
        return SEQUENCES.get(rest[:2], "unknown"), start + 3
    if rest[:1] != "[":
        return "escape", start + 1
    end = 1
    while end < len(rest) and not ("@" <= rest[end] <= "~"):
        end += 1
    return SEQUENCES.get(rest[: end + 1], "unknown"), start + 2 + end


def decode(data: bytes) -> list[str]:
    """The keys in one read from the terminal: ``up``, ``down``, ``escape``, ``ctrl-c`` or the character."""
    text = data.decode("utf-8", "replace")
    keys, index = [], 0
    while index < len(text):
        if text[index] == ESC:
            key, index = _sequence(text, index)
        else:
            key, index = ("ctrl-c" if text[index] == "\x03" else text[index]), index + 1
        keys.append(key)
    return keys


def command(key: str) -> Command | None:
    """What a key asks the dashboard to do; None for keys it does not use."""
    return COMMANDS.get(key)
