from __future__ import annotations

import pytest

from compose.config.interpolate import Interpolation, TemplateError, substitute
from compose.config.source import parse
from compose.errors import ConfigError

ENV = {"SET": "value", "EMPTY": ""}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("$SET", "value"),
        ("${SET}", "value"),
        ("a${SET}b", "avalueb"),
        ("${UNSET:-d}", "d"),
        ("${EMPTY:-d}", "d"),
        ("${EMPTY-d}", ""),
        ("${UNSET-d}", "d"),
        ("${SET:+alt}", "alt"),
        ("${EMPTY:+alt}", ""),
        ("${EMPTY+alt}", "alt"),
        ("${UNSET+alt}", ""),
        ("${UNSET:-${SET}}", "value"),
        ("${UNSET:-${ALSO_UNSET:-deep}}/x", "deep/x"),
        ("$$SET", "$SET"),
        ("$${SET}", "${SET}"),
        ("no dollars", "no dollars"),
        ("echo $(date) $1 costs 5$", "echo $(date) $1 costs 5$"),
    ],
)
def test_substitution(template: str, expected: str) -> None:
    assert substitute(template, ENV.get)[0] == expected


def test_unset_variables_are_reported() -> None:
    assert substitute("${A}-$B", ENV.get) == ("-", ["A", "B"])


@pytest.mark.parametrize("template", ["${", "${SET", "${}", "${SET!x}", "${1}"])
def test_malformed_templates(template: str) -> None:
    with pytest.raises(TemplateError):
        substitute(template, ENV.get)


def test_required_variables() -> None:
    with pytest.raises(TemplateError, match="required variable UNSET is missing a value: set it"):
        substitute("${UNSET:?set it}", ENV.get)
    with pytest.raises(TemplateError):
        substitute("${EMPTY:?}", ENV.get)
    assert substitute("${EMPTY?}", ENV.get)[0] == ""


def test_document_errors_point_at_the_value() -> None:
    (doc,) = parse("services:\n  web:\n    image: ${TAG:?set TAG}\n", "c.yaml")
    with pytest.raises(ConfigError) as info:
        Interpolation({}, doc.source).apply(doc.data)
    assert (
        str(info.value)
        == "c.yaml:3:12: services.web.image: required variable TAG is missing a value: set TAG"
    )


def test_document_warnings_name_where() -> None:
    (doc,) = parse("services:\n  web:\n    image: a:${TAG}\n", "c.yaml")
    step = Interpolation({}, doc.source)
    assert step.apply(doc.data)["services"]["web"]["image"] == "a:"
    assert str(step.warnings["TAG"]) == "c.yaml:3:12"
