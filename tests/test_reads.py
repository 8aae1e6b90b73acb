"""The files the loading consults are noted: each one read, each path asked about, and whether they change."""

from __future__ import annotations

import ast
from pathlib import Path

from compose import reads
from compose.config import LoadOptions, load_project
from tests.conftest import WriteProject

PACKAGE = Path(__file__).resolve().parents[1] / "compose"
FILE_CALLS = ("open", "isfile", "exists", "read_text", "read_bytes", "scandir", "listdir", "stat")


def test_reads_and_questions_are_noted_only_while_recording(tmp_path: Path) -> None:
    there = tmp_path / "a.yaml"
    there.write_text("x: 1\n")
    assert reads.read_bytes(str(there)) == b"x: 1\n"  # no recording open: nothing noted, nothing fails
    with reads.recording() as seen:
        assert reads.is_file(str(there))
        assert not reads.is_file(str(tmp_path / "b.yaml"))
        reads.read_bytes(str(there))
    assert [what.split(":")[0] for _, what in seen.seen] == ["is-file", "no-file", "file"]
    assert seen.seen[0][0] == str(there) and seen.seen[1][0] == str(tmp_path / "b.yaml")
    assert reads.unchanged(seen.seen)
    assert not seen.spoilt


def test_unchanged_sees_new_bytes_a_new_file_and_a_gone_one(tmp_path: Path) -> None:
    there, absent = tmp_path / "a.yaml", tmp_path / "b.yaml"
    there.write_text("x: 1\n")
    with reads.recording() as seen:
        reads.read_bytes(str(there))
        reads.is_file(str(absent))
    there.write_text("x: 2\n")
    assert not reads.unchanged(seen.seen)
    there.write_text("x: 1\n")
    assert reads.unchanged(seen.seen)
    absent.write_text("y: 1\n")
    assert not reads.unchanged(seen.seen)
    absent.unlink()
    there.unlink()
    assert not reads.unchanged(seen.seen)


def test_standard_input_spoils_the_recording() -> None:
    with reads.recording() as seen:
        reads.unrepeatable()
    assert seen.spoilt
    reads.unrepeatable()  # outside a recording: nothing to spoil


def test_loading_a_project_notes_every_file_it_consulted(write_project: WriteProject) -> None:
    root = write_project(
        compose="""
        services:
          web:
            extends: {file: base.yaml, service: base}
            env_file: web.env
            label_file: web.labels
            image: app:${TAG}
        """,
        **{
            "compose.override.yaml": "services: {web: {environment: {B: '1'}}}\n",
            ".env": "TAG=1\n",
            "base.yaml": "services: {base: {command: ['sleep', '1']}}\n",
            "web.env": "A=1\n",
            "web.labels": "l=1\n",
        },
    )
    with reads.recording() as seen:
        load_project(LoadOptions(working_dir=str(root), environment={}))
    read = {Path(path).name for path, what in seen.seen if what.startswith("file:")}
    assert read == {"compose.yaml", "compose.override.yaml", ".env", "base.yaml", "web.env", "web.labels"}
    asked = {Path(path).name for path, what in seen.seen if what == "no-file"}
    assert asked == set()  # compose.yaml was the first name looked for, and it has an override
    (root / "web.env").write_text("A=2\n")
    assert not reads.unchanged(seen.seen)


def test_a_file_found_by_searching_notes_the_names_tried_before_it(write_project: WriteProject) -> None:
    root = write_project(**{"docker-compose.yml": "services: {web: {image: app}}\n"})
    with reads.recording() as seen:
        load_project(LoadOptions(working_dir=str(root), environment={}))
    asked = [Path(path).name for path, what in seen.seen if what == "no-file"]
    assert "compose.yaml" in asked  # a compose.yaml written later would be the one to load
    (root / "compose.yaml").write_text("services: {web: {image: other}}\n")
    assert not reads.unchanged(seen.seen)


def test_the_loading_opens_files_only_through_compose_reads() -> None:
    """A file opened another way would not be noted, and a replayed ``up`` would miss its changes."""
    opened: list[str] = []
    for path in [*sorted((PACKAGE / "config").glob("*.py")), PACKAGE / "labels.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                ours = name == "read_bytes" and isinstance(node.func, ast.Name)  # compose.reads's
                emitter = name == "open" and not node.args  # a YAML emitter's, not a file's
                if name in FILE_CALLS and not ours and not emitter:
                    opened.append(f"{path.name}:{node.lineno}")
    assert opened == ["validate.py:43"]  # the schema, part of pycompose's own code
