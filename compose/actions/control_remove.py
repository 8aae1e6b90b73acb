"""Planning ``rm``: remove the stopped containers of services (with ``stop``, the running ones too)."""

from __future__ import annotations

from dataclasses import replace

from compose.engine.base import Observed
from compose.plan import Plan, reconcile_down

from .control import Scope


def plan_rm(scope: Scope, observed: Observed, *, stop: bool = False, volumes: bool = False) -> Plan:
    """Remove the stopped containers (one-off ones too) of the services named, all when none is; with
    ``stop``, the running ones as well, dependents first. ``volumes`` also removes their anonymous volumes."""
    chosen = [
        c for c in scope.containers(observed, oneoff=True) if stop or (not c.running and c.state != "paused")
    ]
    plan = reconcile_down(Observed(containers=tuple(chosen)), volumes=volumes)
    return Plan(tuple(replace(op, reason=op.reason.replace("down", "rm", 1)) for op in plan.operations))
