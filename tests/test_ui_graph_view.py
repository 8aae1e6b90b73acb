from __future__ import annotations

import io

from rich.console import Console

from compose.ui.graph_view import dot, mermaid, tree

DEPS = {
    "api": [("db", "service_healthy"), ("cache", "service_started")],
    "cache": [],
    "db": [],
    "web": [("api", "service_started")],
}


def test_tree_puts_what_nothing_needs_on_top() -> None:
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(tree(DEPS, "shop"))
    assert console.file.getvalue().splitlines() == [  # type: ignore[attr-defined]
        "shop",
        "└── web",
        "    └── api (service_started)",
        "        ├── db (service_healthy)",
        "        └── cache (service_started)",
    ]


def test_dot_and_mermaid() -> None:
    assert dot(DEPS, "shop").splitlines() == [
        'digraph "shop" {',
        "  rankdir=LR;",
        '  "api";',
        '  "cache";',
        '  "db";',
        '  "web";',
        '  "api" -> "db" [label="service_healthy"];',
        '  "api" -> "cache" [label="service_started"];',
        '  "web" -> "api" [label="service_started"];',
        "}",
    ]
    assert mermaid({"my-web": [("db", "service_healthy")], "db": []}, "x").splitlines() == [
        "flowchart LR",
        "  %% x",
        '  db["db"]',
        '  my_web["my-web"] -->|service_healthy| db["db"]',
    ]
