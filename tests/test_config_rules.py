"""Path rules (``paths.Rules``): patterns matched segment by segment, as the casts and merges use them."""

from __future__ import annotations

from compose.config.paths import Rules
from tests.conftest import WriteProject
from tests.helpers import load

RULES = Rules({"services.*.tty": "bool", "services.*.ports.#.target": "int", "services.web.scale": "exact"})


def test_a_star_is_one_key_and_a_hash_one_list_item() -> None:
    assert RULES.get(("services", "api", "tty")) == "bool"
    assert RULES.get(("services", "api", "ports", 3, "target")) == "int"
    assert RULES.get(("services", "api", "labels", "tty")) is None  # * is one key, not any depth
    assert RULES.get(("services", "api", "ports", "3", "target")) is None  # # is a list index only
    assert RULES.get(("services", "api")) is None


def test_an_exact_key_is_tried_before_the_star() -> None:
    assert RULES.get(("services", "web", "scale")) == "exact"
    assert RULES.get(("services", "web", "tty")) is None  # the exact branch has no tty
    assert RULES.node(("networks",)) is None


def test_a_key_named_like_a_typed_field_deeper_down_stays_a_string(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web:
            image: a
            tty: "yes"
            labels: {tty: hello, com.example.tty: "maybe"}
            x-meta: {labels: [a=b], command: [x]}
        """
    )
    web = load(root).canonical["services"]["web"]
    assert web["tty"] is True
    assert web["labels"] == {"tty": "hello", "com.example.tty": "maybe"}
    assert web["x-meta"] == {"labels": ["a=b"], "command": ["x"]}
