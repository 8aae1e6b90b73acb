"""The dashboard's keys: bytes from a terminal decoded into keys and commands; the key reader; cbreak mode."""

from __future__ import annotations

import os
import termios
import threading

from compose.ui.dashboard_keys import command, decode
from compose.ui.dashboard_terminal import KeyReader, cbreak


def test_arrows_in_both_cursor_modes_letters_escape_and_ctrl_c() -> None:
    assert decode(b"\x1b[A\x1b[B\x1bOA\x1bOBjkrlq") == ["up", "down", "up", "down", "j", "k", "r", "l", "q"]
    assert decode(b"\x1b") == ["escape"]
    assert decode(b"\x1b\x1b[A") == ["escape", "up"]
    assert decode(b"\x03") == ["ctrl-c"]
    assert decode(b"\x1b[5~x") == ["unknown", "x"]


def test_keys_map_to_commands() -> None:
    keys = ["up", "k", "down", "j", "r", "l", "escape", "q", "ctrl-c", "x", "unknown"]
    assert [command(key) for key in keys] == [
        "up",
        "up",
        "down",
        "down",
        "restart",
        "logs",
        "back",
        "quit",
        "quit",
        None,
        None,
    ]


def test_the_reader_calls_back_with_each_key_until_end_of_input() -> None:
    read, write = os.pipe()
    keys: list[str] = []
    done = threading.Event()

    def got(key: str) -> None:
        keys.append(key)
        if key == "q":
            done.set()

    with KeyReader(read, got):
        os.write(write, b"j\x1b[A")
        os.write(write, b"q")
        assert done.wait(5)
        os.close(write)
    os.close(read)
    assert keys == ["j", "up", "q"]


def test_cbreak_turns_off_echo_and_line_mode_and_restores_them() -> None:
    leader, follower = os.openpty()
    try:
        before = termios.tcgetattr(follower)
        with cbreak(follower):
            inside = termios.tcgetattr(follower)
            assert not inside[3] & (termios.ECHO | termios.ICANON)
            assert inside[3] & termios.ISIG  # Ctrl-C still interrupts
        assert termios.tcgetattr(follower) == before
    finally:
        os.close(leader)
        os.close(follower)
