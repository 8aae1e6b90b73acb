"""Planning: compare what the project wants with what the engine has, and list the operations (pure).

``core`` holds the Plan value, ``up`` and ``down`` the two reconciles, ``reasons`` why a container differs.
"""

from .core import Action, Operation, Plan
from .down import reconcile_down, reconcile_stop
from .up import Snapshot, UpOptions, check_services, reconcile_up

__all__ = [
    "Action",
    "Operation",
    "Plan",
    "Snapshot",
    "UpOptions",
    "check_services",
    "reconcile_down",
    "reconcile_stop",
    "reconcile_up",
]
