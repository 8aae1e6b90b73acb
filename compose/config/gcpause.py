"""The cyclic garbage collector paused while a project loads or prints.

Loading makes millions of small objects (nodes, marks, locations, paths, data) that form no reference
cycles; the collector's passes over them find nothing and took about 40% of ``load_project`` on a large
file. Reference counting still frees everything as usual; whatever cycle is made meanwhile is collected
by the first pass after the collector is back on.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def paused(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` with the cyclic collector off while it runs (as it was before, afterwards)."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return run
