"""docs/keys.md names every key of a service, a network and a volume in the schema, and each key it calls
refused is refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

from compose import desired_support

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "keys.md").read_text()
SCHEMA = json.loads((ROOT / "schemas" / "compose-spec.schema.json").read_text())["$defs"]


def _section(title: str) -> dict[str, str]:
    """key -> status, from the first column of the table under ``## title``."""
    text = DOC.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| ([^|]+) \|", text, re.MULTILINE)
    return {key: status.strip() for key, status in rows}


def test_every_schema_key_is_documented() -> None:
    for title, definition in (
        ("Service keys", "service_def"),
        ("Network keys (top level)", "network_def"),
        ("Volume keys (top level)", "volume_def"),
    ):
        documented = set(_section(title))
        assert set(SCHEMA[definition]["properties"]) <= documented, title


def test_the_documented_refusals_are_the_refused_keys() -> None:
    refused = {key for key, status in _section("Service keys").items() if status == "refused"}
    assert refused == set(desired_support.REFUSED)
