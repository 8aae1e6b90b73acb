"""The normalized model as text, for ``pycompose config``."""

from __future__ import annotations

import io
import json
from typing import Any

import yaml

from compose.config import gcpause
from compose.config.source import reads_as_non_string, resolve

# libyaml's emitter when PyYAML has it (much faster); the same output either way.
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_DUMPER):  # type: ignore[valid-type,misc]
    """Quotes a string that pycompose (reading YAML 1.2) would read back as something else."""

    resolve = resolve


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "'" if reads_as_non_string(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)

_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))
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


class _Nodes:
    """The YAML node tree of ``ordered(canonical)`` built in one pass (what ``yaml.dump`` would represent,
    without its generic dispatch): mappings and lists in block style, keys sorted, ``$`` written ``$$``."""

    def __init__(self, dumper: yaml.SafeDumper, escape: bool) -> None:
        self.dumper = dumper
        self.escape = escape

    def node(self, value: Any) -> yaml.Node:
        kind = type(value)
        if kind is str:
            return self.string(value)
        if kind is dict:
            return self.mapping([(k, value[k]) for k in sorted(value)])
        if kind is list:
            return yaml.SequenceNode(_SEQ, [self.node(v) for v in value], flow_style=False)
        return self.dumper.represent_data(value)

    def string(self, value: str) -> yaml.Node:
        if self.escape:
            value = value.replace("$", "$$")
        return yaml.ScalarNode(_STR, value, style="'" if reads_as_non_string(value) else None)

    def mapping(self, items: list[tuple[Any, Any]]) -> yaml.Node:
        pairs = [(self.node(k) if type(k) is not str else self.key(k), self.node(v)) for k, v in items]
        return yaml.MappingNode(_MAP, pairs, flow_style=False)

    def key(self, key: str) -> yaml.Node:
        return yaml.ScalarNode(_STR, key, style="'" if reads_as_non_string(key) else None)


@gcpause.paused
def to_yaml(canonical: dict[str, Any], *, escape: bool = True) -> str:
    stream = io.StringIO()
    dumper = _Dumper(stream, default_flow_style=False, allow_unicode=True, sort_keys=False)
    keys = [k for k in TOP_LEVEL_ORDER if k in canonical] + sorted(set(canonical) - set(TOP_LEVEL_ORDER))
    nodes = _Nodes(dumper, escape)
    dumper.open()
    dumper.serialize(nodes.mapping([(k, canonical[k]) for k in keys]))
    dumper.close()
    return stream.getvalue()


@gcpause.paused
def to_json(canonical: dict[str, Any], *, escape: bool = True) -> str:
    return json.dumps(ordered(canonical, escape=escape), indent=2) + "\n"
