"""The normalized model as text, for ``pycompose config``."""

from __future__ import annotations

import json
from typing import Any

import yaml

from compose.config.source import reads_as_non_string

# libyaml's emitter when PyYAML has it (much faster); the same output either way.
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_DUMPER):  # type: ignore[valid-type,misc]
    """Quotes a string that pycompose (reading YAML 1.2) would read back as something else."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "'" if reads_as_non_string(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)

TOP_LEVEL_ORDER = ("name", "services", "networks", "volumes", "secrets", "configs", "models")


def _sorted(value: Any, escape: bool) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k], escape) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v, escape) for v in value]
    if escape and isinstance(value, str):
        return value.replace("$", "$$")  # printed files load again to the same values
    return value


def ordered(canonical: dict[str, Any], *, escape: bool = True) -> dict[str, Any]:
    """Top-level keys in Compose's order, everything below sorted by key; ``$`` written ``$$``."""
    keys = [k for k in TOP_LEVEL_ORDER if k in canonical] + sorted(set(canonical) - set(TOP_LEVEL_ORDER))
    return {k: _sorted(canonical[k], escape) for k in keys}


def to_yaml(canonical: dict[str, Any], *, escape: bool = True) -> str:
    data = ordered(canonical, escape=escape)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, default_flow_style=False, allow_unicode=True)


def to_json(canonical: dict[str, Any], *, escape: bool = True) -> str:
    return json.dumps(ordered(canonical, escape=escape), indent=2) + "\n"
