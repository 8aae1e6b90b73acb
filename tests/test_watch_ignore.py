"""``.dockerignore`` matching, and which rule a changed path concerns and where it lands."""

from __future__ import annotations

from pathlib import Path

import pytest

from compose.watch.ignore import ALWAYS_IGNORED, PatternMatcher, dockerignore, read_patterns
from compose.watch.match import Matcher, PathMapping
from compose.watch.spec import WatchRule


@pytest.mark.parametrize(
    ("patterns", "path", "expected"),
    [
        (["node_modules/"], "/p/node_modules", True),
        (["node_modules/"], "/p/node_modules/left-pad/index.js", True),
        (["node_modules/"], "/p/src/node_modules/x.js", False),
        (["*.pyc"], "/p/a.pyc", True),
        (["*.pyc"], "/p/pkg/a.pyc", False),
        (["**/*.pyc"], "/p/pkg/deep/a.pyc", True),
        (["**/*.pyc"], "/p/a.pyc", True),
        (["*.pyc", "!keep.pyc"], "/p/keep.pyc", False),
        (["*.pyc", "!keep.pyc", "keep.*"], "/p/keep.pyc", True),
        (["/build"], "/p/build/out.o", True),
        (["build/**"], "/p/build/a/b", True),
        (["file?.txt"], "/p/file1.txt", True),
        (["file?.txt"], "/p/file10.txt", False),
        (["[ab].txt"], "/p/b.txt", True),
        (["a\\*b"], "/p/a*b", True),
        (["a\\*b"], "/p/axb", False),
        (["docs/*.md"], "/p/docs/readme.md", True),
        (["docs/*.md"], "/p/docs/sub/readme.md", False),
    ],
)
def test_patterns_match_as_the_builder_does(patterns: list[str], path: str, expected: bool) -> None:
    assert PatternMatcher("/p", patterns).matches(path) is expected


@pytest.mark.parametrize(
    "path",
    [
        "/p/.git/HEAD",
        "/p/src/.app.py.swp",
        "/p/app.py~",
        "/p/.#app.py",
        "/p/#app.py#",
        "/p/4913",
        "/p/.idea/x",
    ],
)
def test_editor_files_and_git_are_always_ignored(path: str) -> None:
    assert PatternMatcher("/", ALWAYS_IGNORED).matches(path)


def test_always_ignored_leaves_ordinary_files() -> None:
    assert not PatternMatcher("/", ALWAYS_IGNORED).matches("/p/src/app.py")


def test_dockerignore_file_comments_and_the_dockerfile_specific_one(tmp_path: Path) -> None:
    assert read_patterns("# cache\n__pycache__\n\n  *.pyc  \n") == ["__pycache__", "*.pyc"]
    (tmp_path / ".dockerignore").write_text("*.log\n")
    assert dockerignore(str(tmp_path)).matches(f"{tmp_path}/a.log")
    (tmp_path / "Dockerfile.dockerignore").write_text("*.tmp\n")
    specific = dockerignore(str(tmp_path))
    assert specific.matches(f"{tmp_path}/a.tmp") and not specific.matches(f"{tmp_path}/a.log")
    assert not dockerignore(str(tmp_path / "missing")).matches(f"{tmp_path}/missing/a.log")


def _rule(**kwargs: object) -> WatchRule:
    return WatchRule(service="web", path="/p/src", action="sync", target="/app", **kwargs)  # type: ignore[arg-type]


def test_a_rule_maps_paths_under_its_path_to_its_target() -> None:
    matcher = Matcher(_rule())
    assert matcher.mapping("/p/src/pkg/a.py") == PathMapping("/p/src/pkg/a.py", "/app/pkg/a.py", "/app")
    assert matcher.mapping("/p/src") == PathMapping("/p/src", "/app", "/app")
    assert matcher.mapping("/p/srcx/a.py") is None
    assert matcher.mapping("/p/other.py") is None


def test_a_file_rule_maps_the_file_to_the_target() -> None:
    matcher = Matcher(WatchRule(service="web", path="/p/app.py", action="sync", target="/code/app.py"))
    assert matcher.mapping("/p/app.py") == PathMapping("/p/app.py", "/code/app.py", "/code/app.py")
    assert matcher.mapping("/p/app.pyc") is None


def test_ignore_is_relative_to_the_rule_path_and_the_context_ignore_applies() -> None:
    context = PatternMatcher("/p", ["src/secret.txt"])
    matcher = Matcher(_rule(ignore=("node_modules/",)), context)
    assert matcher.mapping("/p/src/node_modules/x.js") is None
    assert matcher.mapping("/p/src/secret.txt") is None
    assert matcher.mapping("/p/src/.git/index") is None
    assert matcher.mapping("/p/src/.main.py.swp") is None
    assert matcher.mapping("/p/src/main.py") is not None


def test_include_keeps_only_matching_paths() -> None:
    matcher = Matcher(_rule(include=("*.py", "templates/")))
    assert matcher.mapping("/p/src/main.py") is not None
    assert matcher.mapping("/p/src/templates/index.html") is not None
    assert matcher.mapping("/p/src/notes.txt") is None


def test_rules_without_target_match_without_a_container_path() -> None:
    matcher = Matcher(WatchRule(service="web", path="/p", action="rebuild"))
    assert matcher.mapping("/p/requirements.txt") == PathMapping("/p/requirements.txt")


def test_a_directory_stands_for_the_files_under_it_that_the_rule_concerns(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "node_modules").mkdir(parents=True)
    (tmp_path / "pkg" / "a.py").write_text("a")
    (tmp_path / "pkg" / "b.py").write_text("b")
    (tmp_path / "pkg" / "node_modules" / "x.js").write_text("x")
    rule = WatchRule(
        service="web", path=str(tmp_path), action="sync", target="/app", ignore=("**/node_modules",)
    )
    found = list(Matcher(rule).mappings(str(tmp_path / "pkg")))
    assert [m.container for m in found] == ["/app/pkg/a.py", "/app/pkg/b.py"]
