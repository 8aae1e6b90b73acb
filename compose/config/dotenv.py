"""``.env`` files: ``KEY=VALUE`` lines with quotes, ``export``, comments and ``${VAR}`` inside values."""

from __future__ import annotations

import re
from collections.abc import Mapping

from compose.config.interpolate import Lookup, TemplateError, substitute
from compose.errors import ConfigError, Location
from compose.reads import read_bytes

_LINE = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*(=|$)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "$": "$$"}


def _double_quoted(body: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), body)


def _closing_quote(text: str, start: int, quote: str) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\" and quote == '"':
            i += 2
            continue
        if text[i] == quote:
            return i
        i += 1
    return -1


def parse(text: str, file: str, environment: Mapping[str, str] | None = None) -> dict[str, str]:
    """Parse a dotenv file; values may use variables defined above them or in ``environment``."""
    values: dict[str, str] = {}

    def lookup(name: str) -> str | None:
        return values.get(name, (environment or {}).get(name))

    pos, line_no = 0, 1
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        match = _LINE.match(line)
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            pos, line_no = end + 1, line_no + 1
            continue
        if not match:
            raise ConfigError.at(f"invalid line in env file: {stripped[:40]!r}", Location(file, line_no, 1))
        key = match.group(1)
        rest_start = pos + match.end()
        value, pos, consumed = _value(text, rest_start, end, key, file, line_no, lookup)
        values[key] = value
        line_no += consumed
    return values


def _value(
    text: str, start: int, end: int, key: str, file: str, line_no: int, lookup: Lookup
) -> tuple[str, int, int]:
    """Read the value starting at ``start``; returns it, the next position and the lines used."""
    raw = text[start:end].lstrip()
    offset = start + (len(text[start:end]) - len(raw))
    quote = raw[:1]
    if quote in ("'", '"'):
        close = _closing_quote(text, offset + 1, quote)
        if close < 0:
            raise ConfigError.at(f"unclosed quote in the value of {key}", Location(file, line_no, 1))
        body = text[offset + 1 : close]
        after = text.find("\n", close)
        after = len(text) if after < 0 else after
        lines = body.count("\n") + 1
        if quote == "'":
            return body, after + 1, lines
        return _expand(_double_quoted(body), key, file, line_no, lookup), after + 1, lines
    value = re.split(r"\s+#", raw, maxsplit=1)[0].strip()
    return _expand(value, key, file, line_no, lookup), end + 1, 1


def _expand(value: str, key: str, file: str, line_no: int, lookup: Lookup) -> str:
    try:
        result, _ = substitute(value, lookup)
    except TemplateError as exc:
        raise ConfigError.at(exc.message, Location(file, line_no, 1), key, exc.hint) from None
    return result


def read(path: str, environment: Mapping[str, str] | None = None) -> dict[str, str]:
    try:
        raw = read_bytes(path)
    except OSError as exc:
        raise ConfigError.at(f"cannot read the env file: {exc.strerror}", path=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError.at("the env file is not UTF-8", Location(path, 1, 1)) from None
    return parse(text, path, environment)
