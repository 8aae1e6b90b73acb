"""Loading a project: find files, read, interpolate, merge, validate, normalize, build the model."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import field
from typing import Any

from compose.config import (
    cast,
    checks,
    cycles,
    discover,
    dotenv,
    gcpause,
    merge,
    normalize,
    to_model,
    validate,
)
from compose.config.files import FileLoader
from compose.config.report import Report
from compose.config.source import Document
from compose.errors import Location
from compose.graph import check_cycles
from compose.model import Project
from compose.reads import is_file
from compose.record import record


@record(kw_only=False)
class LoadOptions:
    """Where the project's files are and how to read them (the global options of the CLI)."""

    working_dir: str = "."
    files: tuple[str, ...] = ()
    project_name: str | None = None
    project_directory: str | None = None
    env_files: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    environment: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    resolve_paths: bool = True
    consistency: bool = True


@record(kw_only=False)
class Loaded:
    """A loaded project: the model, the canonical document ``config`` prints, and the warnings."""

    project: Project
    canonical: dict[str, Any]
    environment: Mapping[str, str]
    warnings: tuple[str, ...] = ()
    merged: dict[str, Any] = field(default_factory=dict)
    profiles: tuple[str, ...] = ()
    files: tuple[str, ...] = ()


def _env_disabled(environment: Mapping[str, str]) -> bool:
    return environment.get("COMPOSE_DISABLE_ENV_FILE", "").lower() in ("1", "true", "yes")


def project_environment(project_dir: str, options: LoadOptions) -> dict[str, str]:
    """The variables for interpolation: the ``.env`` file(s), overridden by the shell."""
    shell = dict(options.environment)
    if _env_disabled(shell) and not options.env_files:
        return shell
    env_files = options.env_files or (os.path.join(project_dir, ".env"),)
    merged: dict[str, str] = {}
    for path in env_files:
        if options.env_files or is_file(path):
            merged.update(dotenv.read(os.path.join(options.working_dir, path), {**merged, **shell}))
    merged.update(shell)
    return merged


def _unset_warnings(unset: dict[str, Location | None]) -> list[str]:
    return [
        f"{where}: the {name} variable is not set; using an empty string"
        if where
        else f"the {name} variable is not set; using an empty string"
        for name, where in unset.items()
    ]


def _declared_profiles(data: dict[str, Any]) -> tuple[str, ...]:
    found = {p for spec in (data.get("services") or {}).values() for p in (spec or {}).get("profiles") or ()}
    return tuple(sorted(str(p) for p in found))


def _files(options: LoadOptions) -> discover.Files:
    explicit = options.files or discover.from_environment(options.environment)
    return discover.find(options.working_dir, explicit, options.project_directory)


def load_uninterpolated(options: LoadOptions) -> dict[str, Any]:
    """The merged files with their ``${VARIABLES}`` as written (not validated: types may be templates)."""
    files = _files(options)
    loader = FileLoader(project_environment(files.project_dir, options), interpolate=False)
    data: dict[str, Any] = merge.strip_tags(merge.merge_all([loader.load(path) for path in files.paths]).data)
    return data


def _checked(merged: Document, report: Report, consistency: bool) -> dict[str, Any]:
    """The merged data after the schema, the casts and the consistency rules, without what they refuse."""
    data = report.refuse(merged.data, validate.problems(merged.data, merged.source))
    data, failed = cast.typed(data, merged.source)
    data = report.refuse(data, failed)
    if consistency:
        data = report.refuse(data, checks.semantic_problems(data, merged.source))
    return data


def _port_warnings(merged: Document, report: Report) -> list[str]:
    none: list[str] = []
    return report.stage(lambda: checks.published_ports(merged.data, merged.source), none)


def _name(options: LoadOptions, environment: dict[str, str], files: discover.Files, declared: Any) -> str:
    return discover.project_name(
        flag=options.project_name, environment=environment, declared=declared, project_dir=files.project_dir
    )


def _canonical(
    merged: Document, ctx: normalize.Context, disabled: dict[str, list[str]], consistency: bool
) -> Any:
    """The normalized document, its references checked (problems go to the context's report)."""
    canonical = normalize.canonical(merged.data, ctx)
    if consistency and ctx.report is not None:
        ctx.report.stage(lambda: checks.references(canonical, merged.source, disabled), None)
    return canonical


@gcpause.paused
def load_project(options: LoadOptions) -> Loaded:
    """Every stage in order: files, environment, documents, merge, checks, normalization, the model.

    A problem in the files stops the loading at once up to the merge (YAML, interpolation, includes);
    from the schema on, each stage goes on with what the earlier ones did not refuse, and every problem
    found (dependency cycles too) is raised together before the model is built.
    """
    files = _files(options)
    environment = project_environment(files.project_dir, options)
    loader = FileLoader(environment)
    merged = merge.merge_all([loader.load(path) for path in files.paths])
    report = Report()
    merged.data = _checked(merged, report, options.consistency)
    name = report.stage(lambda: _name(options, environment, files, merged.data.get("name")), "default")
    profiles = _declared_profiles(merged.data)
    raw = dict(merged.data)  # merged.data has no tags left; split_profiles replaces its services
    active = set(options.profiles) or {p for p in environment.get("COMPOSE_PROFILES", "").split(",") if p}
    disabled = checks.split_profiles(merged.data, active)
    warned = _port_warnings(merged, report) if options.consistency else []
    ctx = normalize.Context(
        name, files.project_dir, environment, merged.source, options.resolve_paths, report
    )
    canonical = _canonical(merged, ctx, disabled, options.consistency)
    if options.consistency:
        report.stage(lambda: cycles.check(canonical, merged.source), None)
    report.raise_if_any()
    project = to_model.build(
        canonical,
        merged.source,
        working_dir=files.project_dir,
        config_files=files.paths,
        disabled=tuple(disabled),
        environment=environment,
    )
    if options.consistency:
        check_cycles(project)  # a dependency cycle is an error of the files
    warnings = (*_unset_warnings(loader.unset), *warned)
    return Loaded(project, canonical, environment, warnings, raw, profiles, files.paths)
