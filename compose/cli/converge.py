"""What the commands that converge a project share: the flags of ``up`` and ``create``, ``--scale``,
``--dry-run`` and the project lock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any, TypeVar

import click

from compose.cli.app import Globals, event_sink
from compose.events import Event, EventSink, ResourceWorking
from compose.lock import project_lock
from compose.plan import Plan
from compose.plan.pull import FLAGS

F = TypeVar("F", bound=Callable[..., Any])
# the exit code of ``--dry-run --detailed-exit-code`` when the plan would change something
CHANGES_EXIT_CODE = 2
_EXCLUSIVE = (
    ("force_recreate", "no_recreate"),
    ("always_recreate_deps", "no_recreate"),
    ("build", "no_build"),
)


pull_option = click.option(
    "--pull",
    type=click.Choice(FLAGS),
    default="policy",
    show_default=True,
    help="Pull images first: always, missing, never, build (policy: each service's pull_policy).",
)


def creation_options(fn: F) -> F:
    """The flags ``up`` and ``create`` share, as Compose spells them."""
    options = [
        click.option("--build", is_flag=True, help="Build images before starting containers."),
        click.option("--no-build", is_flag=True, help="Don't build an image, even if it's missing."),
        pull_option,
        click.option("--quiet-pull", is_flag=True, help="Pull without printing progress information."),
        click.option("-y", "--yes", is_flag=True, help='Assume "yes" as answer to all prompts.'),
        click.option("--force-recreate", is_flag=True, help="Recreate containers even if nothing changed."),
        click.option("--no-recreate", is_flag=True, help="Keep existing containers even if they changed."),
        click.option("--remove-orphans", is_flag=True, help="Remove containers of services not in the file."),
        click.option(
            "--scale", "scale", multiple=True, metavar="SERVICE=NUM", help="Scale a service (repeatable)."
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def check_exclusive(flags: dict[str, Any], pairs: tuple[tuple[str, str], ...] = ()) -> None:
    """Refuse flags that contradict each other (the creation flags' pairs, and ``pairs``)."""
    for a, b in (*_EXCLUSIVE, *pairs):
        if flags.get(a) and flags.get(b):
            raise click.UsageError(f"--{a.replace('_', '-')} and --{b.replace('_', '-')} cannot be combined")


def parse_scale(values: tuple[str, ...]) -> dict[str, int]:
    """``SERVICE=NUMBER`` values of ``--scale``."""
    out = {}
    for value in values:
        name, sep, number = value.partition("=")
        if not sep or not number.isdigit():
            raise click.BadParameter(f"expected SERVICE=NUMBER, got {value!r}", param_hint="--scale")
        out[name] = int(number)
    return out


def dry_run(g: Globals, plan: Plan) -> None:
    """Print the plan and end: with --detailed-exit-code, 2 when it would change something."""
    for warning in plan.warnings:
        g.warn(warning)
    click.echo(plan.render(), nl=False)
    raise click.exceptions.Exit(CHANGES_EXIT_CODE if g.detailed_exit_code and plan.operations else 0)


@contextmanager
def locked(g: Globals, project: str, waited: Callable[[], None] | None = None) -> Iterator[None]:
    """The project's lock; while another pycompose holds it, say so (a JSON notice with --progress json)
    and call ``waited``."""

    def inform(text: str) -> None:
        if waited is not None:
            waited()
        g.inform(text)

    with project_lock(project, inform):
        yield


def replayable(sink: EventSink) -> bool:
    """Whether what ``sink`` showed can be shown again as it was: quiet or plain lines, not a live view
    (which depends on the terminal) nor JSON events (which carry the time)."""
    from compose.ui.choose import QuietSink
    from compose.ui.plain import PlainSink

    return isinstance(_shown(sink), QuietSink | PlainSink)


def shown_again(sink: EventSink, stream: IO[str], project: str) -> EventSink:
    """A sink that shows on ``stream`` what ``sink`` (a :func:`replayable` one) shows: plain lines, or
    no progress at all."""
    from compose.ui.plain import PlainSink

    shown = _shown(sink)
    return PlainSink(stream, project) if isinstance(shown, PlainSink) else shown


def _shown(sink: EventSink) -> EventSink:
    """The sink that shows the events (one that hides some progress lines passes the rest to it)."""
    return sink.sink if isinstance(sink, _Hiding) else sink


class _Hiding:
    """Passes events on, less the progress lines of an image that start with one of ``hidden``
    (``Pulling: ...`` and ``Building: ...``; ``Pulling``, ``Pulled``, ``Building`` and ``Built`` stay)."""

    def __init__(self, sink: EventSink, hidden: tuple[str, ...]) -> None:
        self.sink = sink
        self.hidden = hidden

    def emit(self, event: Event) -> None:
        if not (isinstance(event, ResourceWorking) and self._hides(event)):
            self.sink.emit(event)

    def _hides(self, event: ResourceWorking) -> bool:
        return event.resource.kind == "image" and event.status.startswith(self.hidden)


@contextmanager
def progress(
    g: Globals, project: str, *, quiet_pull: bool = False, quiet_build: bool = False, quiet: bool = False
) -> Iterator[EventSink]:
    """The progress of a command that converges the project, in every ``--progress`` mode: none at all
    with ``quiet``; without what the registry reports while an image is pulled with ``quiet_pull``, and
    without the build's output with ``quiet_build``."""
    hidden = (*(("Pulling: ",) if quiet_pull else ()), *(("Building: ",) if quiet_build else ()))
    with event_sink(g, project, "quiet" if quiet else g.progress) as sink:
        yield _Hiding(sink, hidden) if hidden else sink
