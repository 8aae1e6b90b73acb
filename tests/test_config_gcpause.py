"""The cyclic collector is off while a project loads, and as it was afterwards, even after an error."""

from __future__ import annotations

import gc

import pytest

from compose.config.gcpause import paused


@paused
def state() -> bool:
    return gc.isenabled()


@paused
def fails() -> None:
    raise ValueError("x")


def test_off_while_running_and_back_afterwards() -> None:
    assert gc.isenabled()
    assert state() is False
    assert gc.isenabled()
    with pytest.raises(ValueError):
        fails()
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        assert state() is False
        assert not gc.isenabled()
    finally:
        gc.enable()
