"""Reading one compose file: YAML 1.2 scalars, locations for every node, duplicate keys refused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compose.config.paths import Path, SourceMap
from compose.errors import ConfigError, Location

MAX_NODES = 1_000_000
MAX_FLOW_DEPTH = 256
_BRACKETS = re.compile(r"[\[\]{}]")
MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True, slots=True)
class Reset:
    """``!reset``: drop what earlier files said for this key."""


@dataclass(frozen=True, slots=True)
class Override:
    """``!override VALUE``: replace what earlier files said instead of merging with it."""

    value: Any


@dataclass
class Document:
    file: str
    data: dict[str, Any]
    source: SourceMap


# libyaml's scanner and parser when PyYAML has them (much faster); the pure-Python ones otherwise.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader with the YAML 1.2 core schema's booleans, integers, floats and nulls."""


_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("merge", r"^(?:<<)$", "<"),
):
    _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))


def reads_as_non_string(text: str) -> bool:
    """Would this text, written plain, be read back as a number, boolean or null (YAML 1.2)?"""
    candidates = _Loader.yaml_implicit_resolvers.get(text[:1] or "", [])
    return any(pattern.match(text) for _tag, pattern in candidates)


def _int(loader: yaml.SafeLoader, node: ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith(("0o", "0x")):
        return int(text, 0)
    return int(text, 10)


def _float(loader: yaml.SafeLoader, node: ScalarNode) -> float:
    text = str(loader.construct_scalar(node)).lower()
    if text.endswith("inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    return float(text)


_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor("tag:yaml.org,2002:float", _float)


def _location(file: str, node: Node) -> Location:
    return Location(file, node.start_mark.line + 1, node.start_mark.column + 1)


class _Walker:
    """Turns a node tree into plain data, recording where each node stands."""

    def __init__(self, file: str, loader: _Loader) -> None:
        self.file = file
        self.loader = loader
        self.source = SourceMap()

    def fail(self, message: str, node: Node, hint: str = "") -> ConfigError:
        return ConfigError.at(message, _location(self.file, node), hint=hint)

    def check_size(self, root: Node) -> None:
        """Refuse a document whose aliases expand past MAX_NODES, before expanding anything."""
        sizes: dict[int, int] = {}

        def size(node: Node) -> int:
            known = sizes.get(id(node))
            if known is not None:
                return known
            total = 1
            if isinstance(node, SequenceNode):
                total += sum(size(child) for child in node.value)
            elif isinstance(node, MappingNode):
                total += sum(size(k) + size(v) for k, v in node.value)
            sizes[id(node)] = min(total, MAX_NODES + 1)
            return sizes[id(node)]

        if size(root) > MAX_NODES:
            raise self.fail(
                "the document expands to too many nodes (an alias bomb?)",
                root,
                "YAML aliases that refer to other aliases multiply; write the values out",
            )

    def walk(self, node: Node, path: Path) -> Any:
        self.source.values.setdefault(path, _location(self.file, node))
        if node.tag == "!reset":
            return Reset()
        if node.tag == "!override":
            if isinstance(node, MappingNode):
                node.tag = "tag:yaml.org,2002:map"
            elif isinstance(node, SequenceNode):
                node.tag = "tag:yaml.org,2002:seq"
            else:
                node.tag = "tag:yaml.org,2002:str"
            return Override(self.walk(node, path))
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: Node) -> Any:
        if node.tag.startswith("!"):
            raise self.fail(f"unknown YAML tag {node.tag}", node, "only !reset and !override are known")
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            raise self.fail(f"invalid scalar: {exc}", node) from None

    def mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merges.extend(value_node.value if isinstance(value_node, SequenceNode) else [value_node])
                continue
            key = self.key(key_node)
            if key in result:
                first = self.source.keys[(*path, key)]
                raise self.fail(f"duplicate key {key!r}", key_node, f"first defined at {first}")
            self.source.keys[(*path, key)] = _location(self.file, key_node)
            result[key] = self.walk(value_node, (*path, key))
        for merge_node in merges:
            if not isinstance(merge_node, MappingNode):
                raise self.fail("a merge key (<<) takes a mapping or a list of mappings", merge_node)
            for key, value in self.mapping(merge_node, path).items():
                result.setdefault(key, value)
        return result

    def key(self, node: Node) -> str:
        if not isinstance(node, ScalarNode):
            raise self.fail("a mapping key must be a string", node)
        value = self.scalar(node)
        if not isinstance(value, str):
            raise self.fail(
                f"a mapping key must be a string, not {node.value!r}", node, f'quote it: "{node.value}"'
            )
        return value


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text (a byte-order mark is allowed) or a clear error."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ConfigError.at(
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x})", Location(file, line, column)
        ) from None


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem, with its context and the other place it names."""
    first = exc.context_mark
    where = f"{first.line + 1}:{first.column + 1}" if first else ""
    if exc.problem == "second occurrence" and exc.context:
        return f"{exc.context.replace('; first occurrence', '')} (first at {where})"
    message = str(exc.problem or exc.context)
    if exc.problem and exc.context and where:
        message += f" ({exc.context.replace('while ', '')} started at {where})"
    return message


def _code(character: str | int) -> int:
    return ord(character) if isinstance(character, str) else int(character)


def _reader_error(exc: yaml.reader.ReaderError, text: str, file: str) -> ConfigError:
    line = text.count("\n", 0, exc.position) + 1
    column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
    return ConfigError.at(
        f"invalid YAML: character U+{_code(exc.character):04X} is not allowed",
        Location(file, line, column),
        hint="remove it, or write it as an escape in a double-quoted string",
    )


def _check_flow_depth(text: str, file: str) -> None:
    """Refuse absurd ``[[[[...`` nesting before the YAML scanner spends quadratic time on it."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(0, depth - 1)
        if depth > MAX_FLOW_DEPTH:
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            raise ConfigError.at("the document is nested too deeply", Location(file, line, column))


def _nodes(text: str, file: str) -> tuple[_Loader, list[Node]]:
    _check_flow_depth(text, file)
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, file) from None
    nodes: list[Node] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                nodes.append(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else None
        raise ConfigError.at(f"invalid YAML: {_yaml_message(exc)}", where) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, file) from None
    except yaml.YAMLError as exc:
        raise ConfigError.at(f"invalid YAML: {exc}", Location(file, 1, 1)) from None
    except RecursionError:
        raise ConfigError.at("the document is nested too deeply", Location(file, 1, 1)) from None
    return loader, nodes


def _document(loader: _Loader, root: Node, file: str) -> Document:
    walker = _Walker(file, loader)
    try:
        walker.check_size(root)
        data = walker.walk(root, ())
    except RecursionError:
        raise ConfigError.at("the document is nested too deeply", _location(file, root)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError.at("a compose file must be a mapping at the top level", _location(file, root))
    return Document(file, data, walker.source)


def parse(text: str, file: str) -> list[Document]:
    """Parse one compose file: one Document per YAML document (``---``), merged later in order."""
    loader, nodes = _nodes(text, file)
    try:
        if not nodes:
            raise ConfigError.at(
                "empty compose file", Location(file, 1, 1), hint="a compose file needs services"
            )
        return [_document(loader, node, file) for node in nodes]
    finally:
        loader.dispose()


def read(file: str) -> list[Document]:
    """Read and parse a compose file from disk (``-`` is standard input)."""
    try:
        if file == "-":
            import sys

            raw = sys.stdin.buffer.read()
        else:
            with open(file, "rb") as handle:
                raw = handle.read()
    except OSError as exc:
        raise ConfigError.at(f"cannot read the file: {exc.strerror}", path=file) from None
    return parse(decode(raw, file), file)
