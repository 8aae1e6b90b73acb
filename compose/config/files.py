"""One compose file as one document: its YAML documents includes and extends resolved."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from compose.config import dotenv, extends, include, interpolate, merge, source
from compose.config.source import Document
from compose.errors import ConfigError, Location
from compose.reads import is_file


@dataclass
class FileLoader:
    """Loads files for one project; remembers files in progress to refuse include and extends cycles."""

    environment: Mapping[str, str]
    interpolate: bool = True
    unset: dict[str, Location | None] = field(default_factory=dict)
    _loading: list[str] = field(default_factory=list)
    _cache: dict[str, Document] = field(default_factory=dict)

    def load(self, path: str) -> Document:
        key = os.path.abspath(path) if path != "-" else path
        if key in self._cache:
            return self._cache[key]
        if key in self._loading:
            chain = " -> ".join(
                os.path.basename(p) for p in (*self._loading[self._loading.index(key) :], key)
            )
            raise ConfigError.at(f"include or extends cycle: {chain}", path=key)
        self._loading.append(key)
        try:
            doc = self._load(path)
        finally:
            self._loading.pop()
        self._cache[key] = doc
        return doc

    def _load(self, path: str) -> Document:
        docs = [self._interpolated(doc) for doc in source.read(path)]
        doc = merge.merge_all(docs) if len(docs) > 1 else docs[0]
        doc = include.apply(doc, self._load_included)
        return extends.apply(doc, self.load)

    def _interpolated(self, doc: Document) -> Document:
        if not self.interpolate:
            return doc
        step = interpolate.Interpolation(self.environment, doc.source)
        data = step.apply(doc.data)
        for name, where in step.warnings.items():
            self.unset.setdefault(name, where)
        return Document(doc.file, data, doc.source)

    def _load_included(self, entry: include.Entry) -> Document:
        for path in entry.paths:
            if not is_file(path):
                raise ConfigError.at(f"included file {path} not found", entry.where, "include")
        environment = include.environment_for(entry, self.environment, dotenv.read)
        loader = FileLoader(environment, self.interpolate, self.unset, self._loading, {})
        docs = [loader.load(path) for path in entry.paths]
        return merge.merge_all(docs) if len(docs) > 1 else docs[0]
