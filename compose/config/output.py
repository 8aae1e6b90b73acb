"""The normalized model as text, for ``pycompose config``."""

from __future__ import annotations

import json
from typing import Any

import yaml

TOP_LEVEL_ORDER = ("name", "services", "networks", "volumes", "secrets", "configs", "models")


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def ordered(canonical: dict[str, Any]) -> dict[str, Any]:
    """Top-level keys in Compose's order, everything below sorted by key."""
    keys = [k for k in TOP_LEVEL_ORDER if k in canonical] + sorted(set(canonical) - set(TOP_LEVEL_ORDER))
    return {k: _sorted(canonical[k]) for k in keys}


def to_yaml(canonical: dict[str, Any]) -> str:
    return yaml.safe_dump(ordered(canonical), sort_keys=False, default_flow_style=False, allow_unicode=True)


def to_json(canonical: dict[str, Any]) -> str:
    return json.dumps(ordered(canonical), indent=2) + "\n"
