"""``--format`` templates as the docker CLI reads them, over one dict of fields per row.

``table`` is the command's own table; ``table TEMPLATE`` a table of the named fields, with a header line;
any other ``TEMPLATE`` one line per row. A template names fields as ``{{.Field}}``, ``{{json .Field}}`` or
``{{json .}}`` (the whole row); ``\\t`` and ``\\n`` may be written as two characters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from compose.ui.table import columns

ACTION = re.compile(r"{{(.*?)}}", re.DOTALL)
FIELD = re.compile(r"\s*(json\s+)?\.(\w*)\s*")
SUPPORTED = "{{.Field}}, {{json .Field}} or {{json .}}"


class TemplateError(ValueError):
    """A ``--format`` template that names no field of a row, or is malformed."""


def _check(template: str) -> None:
    if template.count("{{") != template.count("}}"):
        raise TemplateError(f"unbalanced braces in {template!r}")
    for action in ACTION.findall(template):
        if not FIELD.fullmatch(action):
            raise TemplateError(f"unsupported template action {{{{{action}}}}}: use {SUPPORTED}")


def _value(action: re.Match[str], row: Mapping[str, Any]) -> str:
    as_json, name = FIELD.fullmatch(action.group(1)).groups()  # type: ignore[union-attr]
    if not name:
        if not as_json:
            raise TemplateError("{{.}} needs json: use {{json .}}")
        return json.dumps(dict(row), sort_keys=True)
    if name not in row:
        raise TemplateError(f"unknown field {name!r} (known: {', '.join(sorted(row))})")
    value = row[name]
    return json.dumps(value) if as_json else str(value)


def render_row(template: str, row: Mapping[str, Any]) -> str:
    """The template filled with one row's fields."""
    return ACTION.sub(lambda action: _value(action, row), template)


def header(name: str, headers: Mapping[str, str]) -> str:
    """A field's column title: its own, else its words in capitals (``RunningFor`` is ``RUNNING FOR``)."""
    return headers.get(name) or re.sub(r"(?<!^)(?=[A-Z])", " ", name).upper()


def _header_row(template: str, headers: Mapping[str, str]) -> str:
    def title(action: re.Match[str]) -> str:
        name = FIELD.fullmatch(action.group(1)).group(2)  # type: ignore[union-attr]
        return header(name, headers) if name else ""

    return ACTION.sub(title, template)


def render(
    template: str, rows: Iterable[Mapping[str, Any]], *, table: str, headers: Mapping[str, str] | None = None
) -> str:
    """The rows as ``template`` says (``table`` is the template that ``table`` alone stands for), as text
    ending with a newline (empty when there is no row and no header)."""
    template = table if template == "table" else template
    template = template.replace("\\t", "\t").replace("\\n", "\n")
    _check(template)
    found = list(rows)
    if not template.startswith("table"):
        return "".join(render_row(template, row) + "\n" for row in found)
    body = template.removeprefix("table").strip()
    lines = [_header_row(body, headers or {}).split("\t")]
    lines += [render_row(body, row).split("\t") for row in found]
    width = max(len(line) for line in lines)
    return columns([line + [""] * (width - len(line)) for line in lines]) + "\n"
