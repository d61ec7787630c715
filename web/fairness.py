"""Fair turns between tenants: one busy Diskominfo must not slow every other one down.

Each web process lets at most `slots` tenant requests do their work at once (each needs a
database connection and a worker thread; reading the request body takes no slot). The slots
are split between the tenants asking at the moment: while others ask, each runs at most its
share and the rest of its requests wait in its queue; a freed slot goes to the waiting tenant
with the fewest requests running. So a tenant sending ten times the others' requests gets its
share of the machine, not ten shares. A request that waits longer than `patience` seconds gets
503 with `Retry-After`: the service is overloaded, and nothing was done.

No tenant ever holds every slot: with two or more, one tenant alone runs at most all but one,
so a request of another tenant always finds one free at once, however slow the first tenant's
requests are. And a request running past its time `budget` gives its slot back (a worker
thread cannot be stopped, so it goes on): its tenant's share still counts it until it ends, so
a tenant whose requests hang cannot start more, while the others get the slot.

Slots are not CPU: the requests in flight also take turns at the interpreter, the busier tenant
yielding to the lighter one at its checkpoints (adapters/turns.py; `InFlight` counts them).
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.turns import Turns
from domain.errors import AlurError

T = TypeVar("T")


class InFlight:
    """Pure ASGI middleware, outermost: counts each tenant's requests in flight for the turns,
    the parts on the event loop included (reading, routing, sending the answer)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", "")) if scope["type"] == "http" else ""
        tenant = path.split("/")[2] if path.startswith("/t/") and path.count("/") >= 2 else ""
        if not tenant:
            await self.app(scope, receive, send)
            return
        turns: Turns = scope["app"].state.gate.turns
        turns.enter(tenant)

        async def send_in_turn(message: Message) -> None:
            if message["type"] == "http.response.body":
                await turns.turn(tenant)
            await send(message)

        try:
            await turns.turn(tenant)
            await self.app(scope, receive, send_in_turn)
        finally:
            turns.leave(tenant)


class FairGate:
    """Slots shared by the tenants that are asking, each tenant at most its share at a time."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self.turns = Turns()
        self.free = slots
        self.running: Counter[str] = Counter()
        self.waiting: dict[str, deque[asyncio.Future[None]]] = {}

    def share(self, asking: str | None = None) -> int:
        """A tenant's share now: the slots split between the tenants running or waiting, and
        never every slot (of two or more): one is always left for another tenant."""
        active = set(self.running) | set(self.waiting) | ({asking} if asking else set())
        most = self.slots - 1 if self.slots > 1 else self.slots
        return max(1, min(most, self.slots // max(1, len(active))))

    async def enter(self, tenant: str, patience: float) -> bool:
        """True once the request may run; False if it waited `patience` seconds in vain."""
        if self.free > 0 and tenant not in self.waiting and self.running[tenant] < self.share(tenant):
            self._take(tenant)
            return True
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(tenant, deque()).append(turn)
        try:
            await asyncio.wait_for(asyncio.shield(turn), patience)
        except TimeoutError:
            if turn.done():  # given a slot just as the wait ran out: give it on
                self.leave(tenant)
            else:
                turn.cancel()
                self._forget(tenant, turn)
                self._dispatch()
            return False
        return True

    def leave(self, tenant: str, holding: bool = True) -> None:
        """A request of the tenant ended; `holding`: it still held its slot (not given back)."""
        self.running[tenant] -= 1
        if self.running[tenant] <= 0:
            del self.running[tenant]
        if holding:
            self.free += 1
        self._dispatch()

    def overrun(self, tenant: str) -> None:
        """A request ran past its time budget: its slot goes to whoever waits, while it still
        counts against its tenant's share until it ends (`leave(tenant, holding=False)`)."""
        self.free += 1
        self._dispatch()

    def _dispatch(self) -> None:
        """Free slots to waiting tenants under their share, the fewest running first."""
        while self.free > 0:
            share = self.share()
            eligible = [name for name in self.waiting if self.running[name] < share]
            if not eligible:
                return
            chosen = min(eligible, key=lambda name: self.running[name])
            turn = self.waiting[chosen].popleft()
            if not self.waiting[chosen]:
                del self.waiting[chosen]
            if not turn.cancelled():
                self._take(chosen)
                turn.set_result(None)

    def _take(self, tenant: str) -> None:
        self.free -= 1
        self.running[tenant] += 1

    def _forget(self, tenant: str, turn: asyncio.Future[None]) -> None:
        queue = self.waiting.get(tenant)
        if queue is not None and turn in queue:
            queue.remove(turn)
            if not queue:
                del self.waiting[tenant]


class Overloaded(AlurError):
    """Every slot stayed taken for as long as a request may wait: nothing was done."""

    code = "overloaded"
    retry_after = 5

    def __init__(self) -> None:
        super().__init__(
            "layanan sedang penuh; coba lagi sebentar lagi", "the service is busy; try again shortly"
        )


async def run_in_turn(request: Request, work: Callable[[], T]) -> T:
    """Run a route's blocking work in a worker thread once its tenant's turn has come; past the
    app's time budget, the slot is given back while the work goes on to its answer."""
    gate: FairGate = request.app.state.gate
    tenant = str(request.path_params.get("tenant", ""))
    if not await gate.enter(tenant, request.app.state.patience):
        raise Overloaded()
    holding = True
    try:
        running = asyncio.ensure_future(run_in_threadpool(gate.turns.run, tenant, work))
        done, _ = await asyncio.wait({running}, timeout=request.app.state.budget)
        if not done:
            gate.overrun(tenant)
            holding = False
        return await running
    finally:
        gate.leave(tenant, holding)
