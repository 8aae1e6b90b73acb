"""``--format`` templates over rows of fields, as the docker CLI reads them (ps and stats share them)."""

from __future__ import annotations

import json

import pytest

from compose.ui.template import TemplateError, header, render

ROWS = [
    {"Name": "demo-web-1", "RunningFor": "2 seconds ago", "Size": 0},
    {"Name": "b", "RunningFor": "", "Size": 3},
]
TABLE = "table {{.Name}}\t{{.Size}}"


def test_table_alone_is_the_commands_own_table() -> None:
    assert render("table", ROWS, table=TABLE).splitlines() == [
        "NAME         SIZE",
        "demo-web-1   0",
        "b            3",
    ]
    assert render("table", [], table=TABLE) == "NAME   SIZE\n"  # the header even without rows


def test_a_table_template_has_headers_from_the_fields_names_or_its_own() -> None:
    text = render("table {{.Name}}\\t{{ .RunningFor }}", ROWS, table=TABLE, headers={"Name": "CONTAINER"})
    assert text.splitlines() == ["CONTAINER    RUNNING FOR", "demo-web-1   2 seconds ago", "b"]
    assert header("CPUPerc", {"CPUPerc": "CPU %"}) == "CPU %"
    assert header("CreatedAt", {}) == "CREATED AT"


def test_other_templates_print_a_line_per_row() -> None:
    assert render("{{.Name}}: {{json .Size}}", ROWS, table=TABLE) == "demo-web-1: 0\nb: 3\n"
    assert render("{{.Name}}\\n", ROWS[:1], table=TABLE) == "demo-web-1\n\n"
    assert json.loads(render("{{json .}}", ROWS[:1], table=TABLE)) == ROWS[0]
    assert render("{{.Name}}", [], table=TABLE) == ""


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{.Nope}}", r"unknown field 'Nope' \(known: Name, RunningFor, Size\)"),
        ("{{.Name}", "unbalanced braces"),
        ("{{.}}", r"{{\.}} needs json"),
        ("{{upper .Name}}", r"unsupported template action {{upper \.Name}}: use {{\.Field}}"),
    ],
)
def test_a_bad_template_says_why(template: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        render(template, ROWS, table=TABLE)
