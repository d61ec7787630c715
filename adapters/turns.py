"""Turns at the interpreter between tenants' requests in one serving process.

Slots are not CPU: in one Python process only one thread runs Python at a time, so three heavy
pages of one tenant at work beside another tenant's light request would take three quarters of
the interpreter from it. So each tenant's requests in flight are counted (web/fairness.py
`InFlight`, from the first byte read to the last sent), and while a tenant with fewer requests
in flight has one under way, the requests of busier tenants pause at their next checkpoint (the
start of their work, each read-model query, every few dozen pieces of a page being rendered)
until it ends; each pause lasts at most `most_wait` seconds, so nobody starves. A thread that
is not serving a request (the projection worker, a CLI) has no turn and never pauses.

And while another tenant has been asking lately (`lately` seconds), a tenant's requests run
Python one at a time (its lease): under the interpreter's lock, four of its pages at once are no
faster than one after another, but four threads contending for that lock make every lighter
request wait behind each of them at every turn. A request lets its lease go while it waits on
the store (`outside`), so a tenant's requests still overlap their database waits; and it waits
for the lease at most `most_wait` four times over, then runs anyway.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")


class Turns:
    """Turns at the interpreter between the tenants' requests in flight (see above)."""

    def __init__(self, most_wait: float = 0.05, lately: float = 1.0) -> None:
        self.most_wait = most_wait
        self.lately = lately
        # (alone, shared): the interpreter's switch interval while one tenant asks, and while
        # another has asked lately too (so that the loop reading a lighter tenant's request as it
        # arrives waits less for the interpreter). Set by a serving process (adapters/composition.py
        # web_app); None leaves the interpreter's as it is (tests, the CLI).
        self.switching: tuple[float, float] | None = None
        self._interval = 0.0
        self._changed = threading.Condition()
        self._in_flight: Counter[str] = Counter()
        self._waiting: list[asyncio.Future[None]] = []  # on the event loop, which enters and leaves
        self._asked: dict[str, float] = {}  # tenant -> when its latest request came in
        self._leases: dict[str, threading.Lock] = {}

    def enter(self, tenant: str) -> None:
        """A request of `tenant` is in flight: from its first byte read to its last sent."""
        with self._changed:
            self._in_flight[tenant] += 1
            now = self._asked[tenant] = time.monotonic()
            if self.switching is not None:
                since = now - self.lately
                shared = any(when >= since for other, when in self._asked.items() if other != tenant)
                interval = self.switching[1] if shared else self.switching[0]
                if interval != self._interval:
                    sys.setswitchinterval(interval)
                    self._interval = interval

    def leave(self, tenant: str) -> None:
        with self._changed:
            self._in_flight[tenant] -= 1
            if self._in_flight[tenant] <= 0:
                del self._in_flight[tenant]
            self._changed.notify_all()
        waiting, self._waiting = self._waiting, []
        for turn in waiting:
            if not turn.done():
                turn.set_result(None)

    async def turn(self, tenant: str) -> None:
        """The event loop's checkpoint (before a request is routed, before each part of its
        answer is sent): wait while a tenant with fewer requests in flight has one under way,
        at most `most_wait`. Called on the loop that enters and leaves."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.most_wait
        while self._behind_now(tenant):
            left = deadline - loop.time()
            if left <= 0:
                return
            turn: asyncio.Future[None] = loop.create_future()
            self._waiting.append(turn)
            try:
                await asyncio.wait_for(turn, left)
            except TimeoutError:
                return

    def _behind_now(self, tenant: str) -> bool:
        if len(self._in_flight) < 2:
            return False
        with self._changed:
            return self._behind(tenant)

    def run(self, tenant: str, work: Callable[[], T]) -> T:
        """A request's work in its worker thread, with a checkpoint at its start, holding its
        tenant's lease while others have been asking lately."""
        lease = self._leases.setdefault(tenant, threading.Lock()) if self._shared(tenant) else None
        at_work = _AtWork(self, tenant, lease)
        token = _at_work.set(at_work)
        try:
            at_work.take()
            self.checkpoint(tenant)
            return work()
        finally:
            at_work.give()
            _at_work.reset(token)

    def _shared(self, tenant: str) -> bool:
        """Has another tenant asked in the last `lately` seconds?"""
        since = time.monotonic() - self.lately
        with self._changed:
            for other in [name for name, when in self._asked.items() if when < since]:
                if other not in self._in_flight:  # quiet lately: forgotten, its lease with it
                    del self._asked[other]
                    self._leases.pop(other, None)
            return any(other != tenant for other in self._asked)

    def checkpoint(self, tenant: str) -> None:
        """Pause while a tenant with fewer requests in flight has one under way (at most
        `most_wait`): a busy tenant's heavy page yields the interpreter to a light request."""
        if len(self._in_flight) < 2:  # one tenant alone: nobody to yield to (read without the lock)
            return
        with self._changed:
            if not self._behind(tenant):
                return
            deadline = time.monotonic() + self.most_wait
            while self._behind(tenant):
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                self._changed.wait(left)

    def _behind(self, tenant: str) -> bool:
        mine = self._in_flight[tenant]
        return any(0 < n < mine for other, n in self._in_flight.items() if other != tenant)


class _AtWork:
    """The request at work in this thread: its tenant, and its lease if it runs under one."""

    def __init__(self, turns: Turns, tenant: str, lease: threading.Lock | None) -> None:
        self.turns, self.tenant, self.lease = turns, tenant, lease
        self.held = False

    def take(self) -> None:
        if self.lease is not None and not self.held:
            self.held = self.lease.acquire(timeout=self.turns.most_wait * 4)

    def give(self) -> None:
        if self.held and self.lease is not None:
            self.held = False
            self.lease.release()


_at_work: ContextVar[_AtWork | None] = ContextVar("alur_at_work", default=None)


def checkpoint() -> None:
    """A point where the request at work in this thread may give the interpreter to others."""
    found = _at_work.get()
    if found is not None:
        found.turns.checkpoint(found.tenant)


@contextmanager
def outside() -> Iterator[None]:
    """A wait on the store: the request lets its tenant's lease go meanwhile (see above)."""
    found = _at_work.get()
    if found is None or not found.held:
        yield
        return
    found.give()
    try:
        yield
    finally:
        found.take()


def turn() -> str:
    """A checkpoint inside a template's long loop (a jinja global); prints nothing."""
    checkpoint()
    return ""


def encoded(pieces: Iterable[str], every: int = 16) -> bytes:
    """The pieces of a page being rendered, each encoded as it comes and then joined, with a
    checkpoint every `every` pieces: neither the rendering nor the encoding of a large page is
    one long stretch without a turn."""
    parts: list[bytes] = []
    for n, piece in enumerate(pieces, 1):
        parts.append(piece.encode("utf-8"))
        if n % every == 0:
            checkpoint()
    return b"".join(parts)
