from __future__ import annotations

import pytest

from compose.config.dotenv import parse
from compose.errors import ConfigError


def test_dotenv_rules() -> None:
    text = (
        "# comment\n"
        "A=1\n"
        "export B=two\n"
        "C='single $A'\n"
        'D="double ${A}\\n"\n'
        "E=${A}-x # trailing comment\n"
        'F="multi\nline"\n'
        "G=\n"
        'H="\\$A"\n'
        "  I = spaced \n"
    )
    assert parse(text, ".env") == {
        "A": "1",
        "B": "two",
        "C": "single $A",
        "D": "double 1\n",
        "E": "1-x",
        "F": "multi\nline",
        "G": "",
        "H": "$A",
        "I": "spaced",
    }


def test_values_can_use_the_environment() -> None:
    assert parse("X=${HOME_DIR}/x\n", ".env", {"HOME_DIR": "/h"}) == {"X": "/h/x"}


def test_bad_lines_have_a_position() -> None:
    with pytest.raises(ConfigError) as info:
        parse("A=1\n!!!\n", ".env")
    assert str(info.value).startswith(".env:2:1: invalid line in env file")
    with pytest.raises(ConfigError, match="unclosed quote"):
        parse('A="open\n', ".env")
