"""Reading one compose file: YAML 1.2 scalars, locations for every node, duplicate keys refused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compose.config.paths import SourceMap
from compose.config.walker import MAX_NODES, Walker, expanded_size, location
from compose.config.walker import Override as Override
from compose.config.walker import Reset as Reset
from compose.errors import ConfigError, Location
from compose.reads import read_bytes, unrepeatable

MAX_FLOW_DEPTH = 256
_BRACKETS = re.compile(r"[\[\]{}]")


@dataclass
class Document:
    """One parsed compose file, with the line and column of each of its values."""

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


_NON_STRING_FIRST = frozenset(_Loader.yaml_implicit_resolvers)
_NON_STRING = re.compile(
    "|".join({p.pattern for pairs in _Loader.yaml_implicit_resolvers.values() for _tag, p in pairs})
)


def reads_as_non_string(text: str) -> bool:
    """Would this text, written plain, be read back as a number, boolean or null (YAML 1.2)?"""
    return text[:1] in _NON_STRING_FIRST and _NON_STRING.match(text) is not None


_KIND_TAGS: dict[type[Node], str] = {
    ScalarNode: yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
    SequenceNode: yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    MappingNode: yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
}


def resolve(self: yaml.resolver.BaseResolver, kind: type[Node], value: Any, implicit: Any) -> str:
    """``BaseResolver.resolve`` for resolvers without path or wildcard rules (PyYAML's and ours): the
    same tags, without rebuilding a list per scalar (libyaml's parser and emitter call it for each)."""
    if kind is ScalarNode and implicit[0]:
        for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
            if pattern.match(value):
                return str(tag)
    return _KIND_TAGS[kind]


_Loader.resolve = resolve


_OLD_OCTAL = re.compile(r"[-+]?0[0-7]+")


def _int(loader: yaml.SafeLoader, node: ScalarNode) -> int:
    """Decimal, ``0o`` octal, ``0x`` hex, and (as Compose reads them) YAML 1.1 octals like ``0440``."""
    text = str(loader.construct_scalar(node))
    if text.startswith(("0o", "0x")):
        return int(text, 0)
    if _OLD_OCTAL.fullmatch(text):
        return int(text, 8)
    return int(text, 10)


def _float(loader: yaml.SafeLoader, node: ScalarNode) -> float:
    text = str(loader.construct_scalar(node)).lower()
    if text.endswith("inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    return float(text)


_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor("tag:yaml.org,2002:float", _float)


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


def _shared_nodes(root: Node, file: str) -> bool:
    """Refuse a document whose aliases expand past MAX_NODES, before expanding anything; True when some
    node is used more than once."""
    size, shared = expanded_size(root)
    if size > MAX_NODES:
        raise ConfigError.at(
            "the document expands to too many nodes (an alias bomb?)",
            location(file, root),
            hint="YAML aliases that refer to other aliases multiply; write the values out",
        )
    return shared


def _document(loader: _Loader, root: Node, file: str, *, aliases: bool) -> Document:
    try:
        walker = Walker(file, loader, shared=aliases and _shared_nodes(root, file))
        data = walker.walk(root, ())
    except RecursionError:
        raise ConfigError.at("the document is nested too deeply", location(file, root)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError.at("a compose file must be a mapping at the top level", location(file, root))
    return Document(file, data, walker.source)


def parse(text: str, file: str) -> list[Document]:
    """Parse one compose file: one Document per YAML document (``---``), merged later in order."""
    loader, nodes = _nodes(text, file)
    aliases = "*" in text  # an alias is written *name: without one, no node can be used twice
    try:
        if not nodes:
            raise ConfigError.at(
                "empty compose file", Location(file, 1, 1), hint="a compose file needs services"
            )
        return [_document(loader, node, file, aliases=aliases) for node in nodes]
    finally:
        loader.dispose()


def read(file: str) -> list[Document]:
    """Read and parse a compose file from disk (``-`` is standard input)."""
    try:
        if file == "-":
            import sys

            raw = sys.stdin.buffer.read()
            unrepeatable()
        else:
            raw = read_bytes(file)
    except OSError as exc:
        raise ConfigError.at(f"cannot read the file: {exc.strerror}", path=file) from None
    return parse(decode(raw, file), file)
