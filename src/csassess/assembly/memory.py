"""Pausing Python's garbage collector while the pool and the solver's model are built.

A loaded bank of 50,000 items is millions of tracked objects; building a pool or a model
allocates hundreds of thousands more, and each allocation burst sets off a collection that
walks the whole bank again (measured: 1.7 s of a 2.0 s pool build). Nothing built here forms
reference cycles that need collecting before the work ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Collection off inside the block, back on after it (unless it was already off)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
