"""Whether an image is pulled: a service's ``pull_policy`` and the ``--pull`` flag, as Compose combines them
(pure).

The policies: ``always``; ``never``; ``missing`` (the default; ``if_not_present`` is the same) pulls an
image the engine does not have; ``build`` builds the image every time and never pulls it; ``daily``,
``weekly`` and ``every_<duration>`` (``every_12h``, ``every_1w2d``: weeks, days, hours, minutes, seconds)
pull an image that is missing, or that the engine last tagged (pulled, built or tagged: the image's
``Metadata.LastTagTime``) longer ago than that. An image whose tag time the engine does not know is due.

``--pull`` given on the command line replaces every service's policy; ``--build`` makes it ``build`` for the
services that build their image.
"""

from __future__ import annotations

import re
from typing import Literal

from compose.errors import ConfigError, Problem
from compose.model import Project, Service
from compose.record import record

Kind = Literal["always", "never", "missing", "build", "refresh"]
Flag = Literal["policy", "always", "missing", "never", "build", "if_not_present"]
FLAGS: tuple[Flag, ...] = ("policy", "always", "missing", "never", "build", "if_not_present")
"""The values of ``--pull``; ``policy`` (the default) leaves each service its own."""

_NAMED: dict[str, tuple[Kind, float]] = {
    "always": ("always", 0.0),
    "never": ("never", 0.0),
    "missing": ("missing", 0.0),
    "if_not_present": ("missing", 0.0),
    "build": ("build", 0.0),
    "daily": ("refresh", 86400.0),
    "weekly": ("refresh", 7 * 86400.0),
}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|w|d|h|m|s)")
_UNIT = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_UNIT["w"] = 7 * _UNIT["d"]
HINT = "use always, never, missing, build, daily, weekly or every_<duration> (every_12h, every_2d)"


@record(kw_only=False)
class PullPolicy:
    """A service's ``pull_policy``, parsed."""

    kind: Kind
    every: float = 0.0
    """For ``refresh``: how old, in seconds, an image may get before it is pulled again."""
    source: str = "pull_policy missing"
    """Where the policy comes from, as reasons and errors name it: ``pull_policy daily``, ``--pull never``."""


def parse(text: str) -> tuple[Kind, float]:
    """``daily`` -> ``("refresh", 86400.0)``; ValueError for what is no policy."""
    if text in _NAMED:
        return _NAMED[text]
    period = text.removeprefix("every_")
    parts = _PART.findall(period)
    if period == text or not parts or "".join(n + u for n, u in parts) != period:
        raise ValueError(text)
    seconds = sum(float(number) * _UNIT[unit] for number, unit in parts)
    if seconds <= 0:
        raise ValueError(text)
    return "refresh", seconds


def _problem(service: Service) -> Problem | None:
    """What is wrong with the service's ``pull_policy``, if anything."""
    try:
        kind, _ = parse(service.pull_policy or "missing")
    except ValueError:
        message, hint = f"pull_policy {service.pull_policy!r} is not a pull policy", HINT
    else:
        if kind != "build" or service.build is not None:
            return None
        message = f"service {service.name!r} has pull_policy build, but nothing to build"
        hint = "add a build: section, or use another pull_policy"
    return Problem(message, service.where("pull_policy"), f"services.{service.name}.pull_policy", hint)


def check(project: Project) -> None:
    """Refuse, with their locations, the pull policies that are none (or ``build`` with nothing to build)."""
    problems = [p for p in map(_problem, project.services.values()) if p is not None]
    if problems:
        raise ConfigError(problems)


def policy(service: Service, flag: Flag = "policy", *, build: bool = False) -> PullPolicy:
    """The service's policy once the flags have their say: ``--build`` makes it ``build`` when the service
    builds; ``--pull build`` is ``missing`` for those that do not."""
    if build and service.build is not None:
        return PullPolicy("build", source="--build")
    if flag != "policy":
        kind, every = parse(flag)
        if kind == "build" and service.build is None:
            kind = "missing"
        return PullPolicy(kind, every, f"--pull {flag}")
    problem = _problem(service)
    if problem is not None:
        raise ConfigError([problem])
    text = service.pull_policy or "missing"
    kind, every = parse(text)
    return PullPolicy(kind, every, f"pull_policy {text}")


def age(seconds: float) -> str:
    """``93600`` -> ``1d2h``: the two largest units."""
    rest, parts = int(seconds), []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, rest = divmod(rest, size)
        parts.append((count, unit))
    while len(parts) > 1 and not parts[0][0]:
        parts.pop(0)
    return "".join(f"{count}{unit}" for count, unit in parts[:2] if count) or "0s"


def due(found: PullPolicy, present: bool, tagged_ago: float | None) -> str:
    """Why the image is pulled under ``found`` (``""``: it is not); ``never`` and ``build`` never pull.

    ``tagged_ago`` is how long ago the engine last tagged the image, when it knows.
    """
    if found.kind == "always":
        return found.source
    if found.kind in ("never", "build"):
        return ""
    if not present:
        return "image not found locally"
    if found.kind == "missing":
        return ""
    if tagged_ago is None:
        return f"{found.source}: the last pull time is unknown"
    if tagged_ago >= found.every:
        return f"{found.source}: last pulled {age(tagged_ago)} ago"
    return ""
