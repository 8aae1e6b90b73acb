"""Which command line an ``up -d --wait`` also leaves a note for: the same less ``--wait``, as click reads
it."""

from __future__ import annotations

import pytest

from compose.cli import lifecycle, up_note


def _sibling(argv: list[str], at: int) -> list[str] | None:
    """``without_wait`` inside the ``up`` that ``argv`` runs (its own arguments begin after ``at``)."""
    with lifecycle.up.make_context("up", argv[at + 1 :]) as context, context.scope():
        return up_note.without_wait(argv)


@pytest.mark.parametrize(
    ("argv", "at", "sibling"),
    [
        (["-p", "demo", "up", "-d", "--wait"], 2, ["-p", "demo", "up", "-d"]),
        (["up", "--wait", "-d", "--wait-timeout", "5", "web"], 0, ["up", "-d", "web"]),
        (["up", "-d", "--wait-timeout=5", "--wait"], 0, ["up", "-d"]),
        (["-p", "up", "up", "-d", "--wait"], 2, ["-p", "up", "up", "-d"]),  # a project called "up"
        (["up", "-d", "--wait", "up"], 0, ["up", "-d", "up"]),  # and a service
        (["up", "-d", "--attach=--wait", "--wait"], 0, ["up", "-d", "--attach=--wait"]),  # a value stays
    ],
)
def test_the_same_up_less_its_wait(argv: list[str], at: int, sibling: list[str]) -> None:
    assert _sibling(argv, at) == sibling


@pytest.mark.parametrize(
    ("argv", "at"),
    [
        (["up", "--wait"], 0),  # not detached: less the wait, it would follow the logs
        (["up", "-d"], 0),  # no wait at all
        (["up", "-d", "--attach", "--wait", "--wait"], 0),  # the first is a value of --attach
    ],
)
def test_no_sibling_when_click_would_read_it_otherwise(argv: list[str], at: int) -> None:
    assert _sibling(argv, at) is None
