"""The quick schema check never calls an invalid document valid, and agrees with jsonschema on real files.

Soundness is what matters (a "not sure" only costs time: jsonschema then runs and words the errors);
agreement on valid files is what makes it fast, so the corpus and generated files must pass it.
"""

from __future__ import annotations

import copy
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compose.config import precheck, source, validate
from compose.errors import PycomposeError

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "compose-corpus"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import gen_project  # noqa: E402

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def quick(data: Any) -> bool:
    check = validate.quick_check()
    assert check is not None
    return check(data)


def valid(data: Any) -> bool:
    return not any(True for _ in validate.validator().iter_errors(data))


def documents(text: str, file: str = "compose.yaml") -> list[dict[str, Any]]:
    return [doc.data for doc in source.parse(text, file)]


def test_the_schema_compiles() -> None:
    assert validate.quick_check() is not None


@pytest.mark.parametrize("kind", ["realistic", "big"])
def test_generated_files_pass_the_quick_check(kind: str) -> None:
    text = gen_project.realistic(40) if kind == "realistic" else gen_project.big(20, 200_000)
    for data in documents(text):
        assert quick(data)


def _corpus_documents() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for file in sorted(CORPUS.glob("*/*.y*ml")):
        try:
            out += [(str(file), data) for data in documents(file.read_text(encoding="utf-8"), str(file))]
        except (PycomposeError, UnicodeDecodeError):
            continue
    return out


@pytest.mark.skipif(
    not CORPUS.is_dir() and not os.environ.get("CI"), reason="the shared conformance corpus is not here"
)
def test_the_quick_check_agrees_with_jsonschema_on_the_corpus() -> None:
    assert CORPUS.is_dir(), f"the shared conformance corpus is missing: {CORPUS}"  # under CI it must run
    disagree = [file for file, data in _corpus_documents() if quick(data) != valid(data)]
    assert disagree == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"services": {"a": {"image": "x", "cpu_percent": 50}}}, True),
        ({"services": {"a": {"image": "x", "cpu_percent": 101}}}, False),
        ({"services": {"a": {"image": "x", "cpu_percent": True}}}, False),
        ({"services": {"a": {"image": "x", "scale": 2.0}}}, False),  # whole float: left to jsonschema
        ({"services": {"a": {"image": "x", "expose": [80, "80"]}}}, True),
        ({"services": {"a": {"image": "x", "expose": [80, 80.0]}}}, False),
        ({"services": {"a": {"image": "x", "group_add": [1, True]}}}, False),  # bool is not a number
        ({"services": {"a": {"image": "x", "dns": ["a", "a"]}}}, False),
        ({"services": {"a": {"image": "x", "x-any": {1: object()}}}}, True),
        ({"services": {"a": {"image": "x", "imag": "y"}}}, False),
        ({"services": {"a b": {"image": "x"}}}, False),
        ({"services": {"a": {"depends_on": {"b": {"condition": "service_healthy"}}}}}, True),
        ({"services": {"a": {"depends_on": {"b": {"condition": "sometimes"}}}}}, False),
        ({"services": {"a": {"depends_on": {"b": {}}}}}, False),
        ({"services": {"a": {"tty": "yes"}}}, True),
        ({"services": {"a": {"tty": "maybe"}}}, False),
        ({"services": {"a": {"environment": {"A": b"bytes"}}}}, False),
        ({1: "x"}, False),
    ],
)
def test_keywords(data: dict[str, Any], expected: bool) -> None:
    assert quick(data) is expected
    if expected:
        assert valid(data)


def test_a_keyword_it_does_not_know_makes_it_step_aside() -> None:
    with pytest.raises(precheck.Unsupported):
        precheck.compile_schema({"type": "object", "oneOf": [{"type": "object"}]})
    with pytest.raises(precheck.Unsupported):
        precheck.compile_schema({"$ref": "https://example.com/schema.json"})


BASE = documents(gen_project.realistic(6))[0]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-2000, max_value=70000),
    st.floats(allow_nan=False),
    st.sampled_from(["", "x", "80:80", "true", "no", "10s", "1.5", "service_healthy", "always", "^x-", "1"]),
    st.text(max_size=6),
)
keys = st.text(max_size=6) | scalars.map(str)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner),
    max_leaves=8,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, sub in items:
        out += _paths(sub, (*path, key))
    return out


@SETTINGS
@given(data=st.data(), value=values)
def test_never_valid_when_jsonschema_says_invalid(data: st.DataObject, value: Any) -> None:
    document = copy.deepcopy(BASE)
    path = data.draw(st.sampled_from(_paths(document)[1:]))
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    if isinstance(parent, dict) and data.draw(st.booleans()):
        parent[f"{path[-1]}{data.draw(st.sampled_from(['', '_', 'x']))}"] = value
    else:
        parent[path[-1]] = value
    if quick(document):
        assert valid(document)
