"""From a YAML node tree to plain data, with the location of every key and value.

An aliased node (``*name``) is converted once: every use of it gets the same data object (the stages after
this one copy what they change, never change it in place), and the locations recorded while converting it
are replayed below each other use, so that an error inside it still points into the anchor.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compose.config.paths import Path, SourceMap
from compose.errors import ConfigError, Location
from compose.record import record

MAX_NODES = 1_000_000
MERGE_TAG = "tag:yaml.org,2002:merge"
STR_TAG = "tag:yaml.org,2002:str"
_DEFAULT_TAGS: dict[type[Node], str] = {
    MappingNode: "tag:yaml.org,2002:map",
    SequenceNode: "tag:yaml.org,2002:seq",
}


@record(kw_only=False)
class Reset:
    """``!reset``: drop what earlier files said for this key."""


@record(kw_only=False)
class Override:
    """``!override VALUE``: replace what earlier files said instead of merging with it."""

    value: Any


@record(kw_only=False)
class _Replay:
    """In the location log: a converted node used again at ``path``."""

    done: _Converted
    path: Path


@record(kw_only=False)
class _Converted:
    """A node converted once: its data, where it was first met, and its span of the location log."""

    data: Any
    path: Path
    start: int
    end: int


def location(file: str, node: Node) -> Location:
    return Location(file, node.start_mark.line + 1, node.start_mark.column + 1)


def expanded_size(root: Node) -> tuple[int, bool]:
    """How many nodes the document has with every alias written out (capped past MAX_NODES), and
    whether any node is used more than once; each node is visited once."""
    sizes: dict[int, int] = {}
    shared = False

    def size(node: Node) -> int:
        nonlocal shared
        known = sizes.get(id(node))
        if known is not None:
            shared = True
            return known
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        sizes[id(node)] = min(total, MAX_NODES + 1)
        return sizes[id(node)]

    return size(root), shared


class Walker:
    """Turns one document's node tree into data; ``shared``: the tree has nodes used more than once."""

    def __init__(self, file: str, loader: yaml.SafeLoader, *, shared: bool) -> None:
        self.file = file
        self.loader = loader
        self.source = SourceMap()
        self.converted: dict[int, _Converted] | None = {} if shared else None
        self.log: list[tuple[dict[Path, Location], Path, Location] | _Replay] = []

    def fail(self, message: str, node: Node, hint: str = "") -> ConfigError:
        return ConfigError.at(message, location(self.file, node), hint=hint)

    def record(self, table: dict[Path, Location], path: Path, node: Node) -> None:
        """The first location given for a path stays (a mapping's own keys before merged ones)."""
        where = location(self.file, node)
        if self.converted is not None:
            self.log.append((table, path, where))
        table.setdefault(path, where)

    def walk(self, node: Node, path: Path) -> Any:
        self.record(self.source.values, path, node)
        tag = node.tag
        if tag == "!reset":
            return Reset()
        if tag == "!override":
            node.tag = _DEFAULT_TAGS.get(type(node), STR_TAG)
            return Override(self.walk(node, path))
        if type(node) is ScalarNode:
            return self.scalar(node)
        return self.container(node, path)

    def container(self, node: Node, path: Path) -> Any:
        if self.converted is None:
            return self.mapping(node, path) if isinstance(node, MappingNode) else self.sequence(node, path)
        done = self.converted.get(id(node))
        if done is not None:
            self.replay(done, path)
            return done.data
        start = len(self.log)
        data = self.mapping(node, path) if isinstance(node, MappingNode) else self.sequence(node, path)
        self.converted[id(node)] = _Converted(data, path, start, len(self.log))
        return data

    def replay(self, done: _Converted, path: Path) -> None:
        """The locations recorded below the node's first use, recorded again below ``path`` (except below
        a top-level ``x-`` key, where nothing is checked: there the replay is only logged, and expanded
        if an enclosing node is used again elsewhere)."""
        if path == done.path:
            return
        self.log.append(_Replay(done, path))
        if not (path and isinstance(path[0], str) and path[0].startswith("x-")):
            self.expand(done, path)

    def expand(self, done: _Converted, path: Path) -> None:
        """Record ``done``'s logged locations below ``path``, nested replays included, in their order."""
        spans = [(iter(range(done.start, done.end)), len(done.path), path)]
        while spans:
            indexes, cut, base = spans[-1]
            i = next(indexes, None)
            if i is None:
                spans.pop()
                continue
            item = self.log[i]
            if isinstance(item, _Replay):
                moved = base + item.path[cut:]
                if moved != item.done.path:
                    spans.append((iter(range(item.done.start, item.done.end)), len(item.done.path), moved))
            else:
                table, recorded, where = item
                table.setdefault(base + recorded[cut:], where)

    def scalar(self, node: Node) -> Any:
        if node.tag == STR_TAG:
            return node.value
        if node.tag.startswith("!"):
            raise self.fail(f"unknown YAML tag {node.tag}", node, "only !reset and !override are known")
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            raise self.fail(f"invalid scalar: {exc}", node) from None

    def sequence(self, node: Node, path: Path) -> list[Any]:
        return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]

    def mapping(self, node: Node, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merges.extend(value_node.value if isinstance(value_node, SequenceNode) else [value_node])
                continue
            key = self.key(key_node)
            if key in result:
                raise self.duplicate(node, key_node, key)
            self.record(self.source.keys, (*path, key), key_node)
            result[key] = self.walk(value_node, (*path, key))
        for merge_node in merges:
            if not isinstance(merge_node, MappingNode):
                raise self.fail("a merge key (<<) takes a mapping or a list of mappings", merge_node)
            for key, value in self.container(merge_node, path).items():
                result.setdefault(key, value)
        return result

    def duplicate(self, node: Node, key_node: Node, key: str) -> ConfigError:
        first = next(k for k, _ in node.value if k.tag != MERGE_TAG and self.key(k) == key)
        return self.fail(f"duplicate key {key!r}", key_node, f"first defined at {location(self.file, first)}")

    def key(self, node: Node) -> str:
        if not isinstance(node, ScalarNode):
            raise self.fail("a mapping key must be a string", node)
        value = self.scalar(node)
        if not isinstance(value, str):
            raise self.fail(
                f"a mapping key must be a string, not {node.value!r}", node, f'quote it: "{node.value}"'
            )
        return value
