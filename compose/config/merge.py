"""Merging the documents of ``-f a -f b``: later files override earlier ones, key by key.

Mappings merge recursively and scalars are replaced. Sequences follow a rule per path (the table below):
replaced outright, or appended and de-duplicated by a key. Each value keeps the location it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compose.config.paths import Path, Rules, SourceMap
from compose.config.source import Document, Override, Reset
from compose.errors import Location

KeyOf = Callable[[Any], Any]


def _volume_target(item: Any) -> Any:
    if isinstance(item, dict):
        return item.get("target")
    parts = str(item).split(":")
    return parts[1] if len(parts) > 1 else parts[0]


def _identity(item: Any) -> Any:
    return repr(item)


def _file_reference_target(item: Any) -> Any:
    """secrets/configs: by target, else by source."""
    if isinstance(item, dict):
        return item.get("target") or item.get("source")
    return item


# Paths whose sequences are replaced by a later file rather than merged.
REPLACED = ("services.*.command", "services.*.entrypoint", "services.*.healthcheck.test")
# Sequences appended then de-duplicated; the later item wins for the same key.
DEDUPLICATED: dict[str, KeyOf] = {
    "services.*.volumes": _volume_target,
    "services.*.secrets": _file_reference_target,
    "services.*.configs": _file_reference_target,
}
# Sequences that are ``KEY=VALUE`` lists or mappings: both become mappings before merging.
KEY_VALUE = (
    "services.*.environment",
    "services.*.labels",
    "services.*.annotations",
    "services.*.build.args",
    "services.*.build.labels",
    "services.*.build.extra_hosts",
    "services.*.deploy.labels",
    "services.*.sysctls",
    "services.*.extra_hosts",
    "networks.*.labels",
    "volumes.*.labels",
    "secrets.*.labels",
    "configs.*.labels",
)


def as_mapping(value: Any, separator: str = "=") -> Any:
    """``["A=1", "B"]`` -> ``{"A": "1", "B": None}``; anything else is returned unchanged."""
    if not isinstance(value, list):
        return value
    out: dict[str, Any] = {}
    for item in value:
        key, sep, rest = str(item).partition(separator)
        out[key.strip() if separator == ":" else key] = rest if sep else None
    return out


def _depends_on_mapping(value: Any) -> Any:
    if isinstance(value, list):
        return {str(name): {"condition": "service_started"} for name in value}
    return value


def _hosts_mapping(value: Any) -> Any:
    """extra_hosts: ``HOST=IP`` or ``HOST:IP`` (split at the first ``:``, so ``host:::1`` is IPv6)."""
    if not isinstance(value, list):
        return value
    out: dict[str, Any] = {}
    for item in value:
        text = str(item)
        out.update(as_mapping([text], "=" if "=" in text else ":"))
    return out


def _key_value_mapping(value: Any, path: Path) -> Any:
    return _hosts_mapping(value) if path[-1] == "extra_hosts" else as_mapping(value, "=")


PREPARED: Rules[Callable[[Any, Path], Any]] = Rules(
    {
        **{pattern: _key_value_mapping for pattern in KEY_VALUE},
        "services.*.depends_on": lambda value, path: _depends_on_mapping(value),
    }
)
REPLACED_RULES: Rules[bool] = Rules(dict.fromkeys(REPLACED, True))
DEDUPLICATED_RULES: Rules[KeyOf] = Rules(DEDUPLICATED)


def prepare(value: Any, path: Path, source: SourceMap | None = None) -> Any:
    """Bring list forms that merge as mappings into mapping form (their items' locations become keys')."""
    rule = PREPARED.get(path)
    return value if rule is None else _prepared(rule, value, path, source)


def _prepared(rule: Callable[[Any, Path], Any], value: Any, path: Path, source: SourceMap | None) -> Any:
    result = rule(value, path)
    if source is not None and isinstance(value, list):
        rekey_items(source, path, list(result))
    return result


def rekey_items(source: SourceMap, path: Path, keys: list[str]) -> None:
    """A list turned into a mapping: item ``i``'s location becomes key ``keys[i]``'s."""
    for i, key in enumerate(keys):
        where = source.values.get((*path, i))
        if where is not None:
            source.keys[(*path, key)] = where
            source.values[(*path, key)] = where


def strip_tags(value: Any, done: dict[int, Any] | None = None) -> Any:
    """A copy of a single document where ``!override X`` is X and ``!reset`` is dropped (a mapping or
    list met again, through a YAML alias, is copied once)."""
    if isinstance(value, Override):
        return strip_tags(value.value, done)
    if not isinstance(value, dict | list):
        return value
    done = {} if done is None else done
    copy = done.get(id(value))
    if copy is None:
        if isinstance(value, dict):
            copy = {k: strip_tags(v, done) for k, v in value.items() if not isinstance(v, Reset)}
        else:
            copy = [strip_tags(v, done) for v in value if not isinstance(v, Reset)]
        done[id(value)] = copy
    return copy


class _Merger:
    def __init__(self, source: SourceMap) -> None:
        self.source = source

    def value(self, base: Any, over: Any, path: Path, over_source: SourceMap) -> Any:
        if isinstance(over, Override):
            self._take(path, over_source)
            return strip_tags(over.value)
        over = prepare(over, path, over_source)
        base = prepare(base, path, self.source)
        if isinstance(base, dict) and isinstance(over, dict):
            return self.mapping(base, over, path, over_source)
        if isinstance(base, list) and isinstance(over, list) and not REPLACED_RULES.get(path):
            return self.sequence(base, over, path, over_source)
        self._take(path, over_source)
        return strip_tags(over)

    def mapping(self, base: dict[str, Any], over: dict[str, Any], path: Path, src: SourceMap) -> Any:
        result = dict(base)
        for key, value in over.items():
            sub = (*path, key)
            if isinstance(value, Reset):
                result.pop(key, None)
                self.source.drop(sub)
            elif key in result:
                result[key] = self.value(result[key], value, sub, src)
                if sub in src.keys:
                    self.source.keys[sub] = src.keys[sub]
            else:
                result[key] = strip_tags(prepare(value, sub, src))
                self._take(sub, src)
        return result

    def sequence(self, base: list[Any], over: list[Any], path: Path, src: SourceMap) -> list[Any]:
        """Append, then keep the last item of each key; every item keeps its own location."""
        key_of = DEDUPLICATED_RULES.get(path) or _identity
        merged: dict[Any, tuple[Any, Location | None]] = {}
        for i, item in enumerate(base):
            merged[key_of(item)] = (item, self.source.values.get((*path, i)))
        for i, item in enumerate(strip_tags(over)):
            merged.pop(key_of(item), None)
            merged[key_of(item)] = (item, src.values.get((*path, i)))
        where = src.values.get(path) or self.source.values.get(path)
        self.source.drop(path)
        if where:
            self.source.values[path] = where
        for i, (_, loc) in enumerate(merged.values()):
            if loc:
                self.source.values[(*path, i)] = loc
        return [item for item, _ in merged.values()]

    def _take(self, path: Path, src: SourceMap) -> None:
        self.source.drop(path)
        n = len(path)
        for mine, theirs in ((self.source.keys, src.keys), (self.source.values, src.values)):
            for p, loc in theirs.items():
                if p[:n] == path:
                    mine[p] = loc


def _prepare_tree(value: Any, source: SourceMap, path: Path = ()) -> Any:
    """``prepare`` at every path below ``path`` that a rule names (mappings copied where they change)."""
    node = PREPARED.node(path)
    return value if node is None else _prepare_below(value, source, path, node)


def _prepare_below(value: Any, source: SourceMap, path: Path, node: dict[Any, Any]) -> Any:
    rule = Rules.value(node)
    if rule is not None:
        value = _prepared(rule, value, path, source)
    if not isinstance(value, dict):
        return value
    copy: dict[str, Any] | None = None
    for key, item in value.items():
        below = Rules.step(node, key)
        if below is None:
            continue
        new = _prepare_below(item, source, (*path, key), below)
        if new is not item:
            copy = copy if copy is not None else dict(value)
            copy[key] = new
    return value if copy is None else copy


def merge_all(documents: list[Document]) -> Document:
    """Merge documents in order; the result's file is the first one's."""
    first = documents[0]
    source = SourceMap()
    source.update(first.source)
    data: Any = _prepare_tree(strip_tags(first.data), source)
    merger = _Merger(source)
    for doc in documents[1:]:
        data = merger.value(data, doc.data, (), doc.source)
    return Document(first.file, data, source)


def merge_service(
    base: dict[str, Any], over: dict[str, Any], path: Path, base_source: SourceMap, over_source: SourceMap
) -> dict[str, Any]:
    """``over`` merged onto ``base`` by the same rules as files; ``over_source`` gets the result's locations.

    ``base_source`` holds the base's locations already rooted at ``path``.
    """
    result_source = SourceMap()
    result_source.update(base_source)
    merger = _Merger(result_source)
    merged = merger.value(_prepare_tree(strip_tags(base), result_source, path), over, path, over_source)
    over_source.drop(path)
    n = len(path)
    for mine, theirs in ((over_source.keys, result_source.keys), (over_source.values, result_source.values)):
        for p, loc in theirs.items():
            if p[:n] == path:
                mine[p] = loc
    return dict(merged)
