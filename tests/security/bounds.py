"""Time and memory bounds for an attack replayed in-process."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Spent:
    seconds: float = 0.0
    peak_mb: float = 0.0


@contextmanager
def bounded(seconds: float, megabytes: float) -> Iterator[Spent]:
    """Fail unless the block spends at most `seconds` of this process's CPU and allocates at most
    `megabytes` at its peak (tracemalloc: Python's own allocations in this process, the server
    threads included). CPU time, not the wall clock: the attacks this bounds burned CPU (minutes
    of it), and a machine busy with other work (parallel test workers, CI) stretches the wall
    clock without this process doing any more."""
    spent = Spent()
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.process_time()
    try:
        yield spent
    finally:
        spent.seconds = time.process_time() - started
        spent.peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    assert spent.seconds < seconds, f"took {spent.seconds:.2f} s of CPU (bound {seconds} s)"
    assert spent.peak_mb < megabytes, f"peak {spent.peak_mb:.1f} MB (bound {megabytes} MB)"
