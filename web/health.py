"""`/healthz` (liveness: the process answers) and `/readyz` (readiness: send it traffic).

`/healthz` touches nothing: a database outage must not get every web process restarted.
`/readyz` says "not ready" (503) when the database (or PgBouncer before it) does not answer, or
when any tenant's read models are more than ALUR_READY_MAX_LAG seconds behind its events. A
projection's failure is listed at once; it makes the process "not ready" once its lag passes
the threshold (the failed event stays unapplied), so one failure that the next save repairs
does not take every web process out of the load balancer.

The answer is kept ~1.5 s and one check runs at a time, so probes from several balancers cost
the database a few queries a second, about the tenants written since the last check
(adapters/health.py).

The public learns only the status and the reasons' codes: which tenants exist, how far behind
their read models are and what their projections' errors say are for the operator, and go only
to a client on loopback or in ALUR_TRUSTED_PROXIES (the client as the door leaves it: behind
nginx, the real client, so a visitor through nginx gets the short answer).
"""

from __future__ import annotations

import asyncio
import ipaddress
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.config import LOOPBACK
from adapters.health import StoreCheck, StoreHealth, TenantStatus
from adapters.logging import log

if TYPE_CHECKING:  # the composition root passes the platform in; web never builds one
    from adapters.composition import Platform

FRESH = 1.5  # seconds an answer is reused
TIMEOUT = 2.0  # seconds the database gets to answer
SHOWN = 20  # lagging or failed projections named in one answer


@dataclass(frozen=True)
class Reason:
    code: str
    indonesian: str
    english: str


class Probe:
    """The process's view of its store, checked at most every `fresh` seconds, one check at a time."""

    def __init__(self, platform: Platform, fresh: float = FRESH, timeout: float = TIMEOUT) -> None:
        self.platform = platform
        self.fresh = fresh
        self.timeout = timeout
        self._store = StoreCheck(platform, timeout)  # remembers who was caught up: reads what moved
        self._lock = threading.Lock()
        self._latest: tuple[float, StoreHealth] | None = None
        self._was_ready = True

    def latest(self) -> StoreHealth | None:
        """The last answer, without asking again (for /metrics, after `check`)."""
        return self._latest[1] if self._latest else None

    def check(self) -> StoreHealth:
        """A fresh enough answer (blocking: call from a worker thread)."""
        if (found := self._fresh()) is not None:
            return found
        if not self._lock.acquire(timeout=self.timeout + 1.0):  # a check hangs: do not pile up
            return StoreHealth("the previous check has not finished", (), self.platform.services.clock())
        try:
            if (found := self._fresh()) is not None:
                return found
            found = self._store()
            self._latest = (time.monotonic(), found)
            return found
        finally:
            self._lock.release()

    async def answer(self) -> StoreHealth:
        """`check` in a worker thread, given up after a bounded wait (the check goes on alone)."""
        try:
            return await asyncio.wait_for(run_in_threadpool(self.check), self.timeout * 2 + 1.0)
        except TimeoutError:
            return StoreHealth("the database did not answer in time", (), self.platform.services.clock())

    def reasons(self, found: StoreHealth) -> list[Reason]:
        """Why the process is not ready; empty when it is. A change is logged once."""
        limit = self.platform.settings.ready_max_lag
        reasons = []
        if found.database is not None:
            reasons.append(Reason("database_unreachable", "basis data tidak dapat dihubungi",
                                  "the database cannot be reached"))  # fmt: skip
        behind = lagging(found, limit)
        if behind:
            worst = behind[0]
            reasons.append(Reason(
                "projection_lag",
                f"model baca tertinggal lebih dari {limit:g} detik (terlama: {worst.tenant} "
                f"{worst.status.name}, {worst.status.lag_seconds(found.at):.0f} detik)",
                f"read models are more than {limit:g} s behind (worst: {worst.tenant} "
                f"{worst.status.name}, {worst.status.lag_seconds(found.at):.0f} s)",
            ))  # fmt: skip
        ready = not reasons
        if ready != self._was_ready:
            self._was_ready = ready
            if ready:
                log.info("ready_again")
            else:
                log.warning("not_ready", reasons=[r.code for r in reasons], database=found.database)
        return reasons

    def _fresh(self) -> StoreHealth | None:
        latest = self._latest
        if latest is not None and time.monotonic() - latest[0] < self.fresh:
            return latest[1]
        return None


def lagging(found: StoreHealth, limit: float) -> list[TenantStatus]:
    """The projections past `limit` seconds behind, the worst first."""
    behind = [item for item in found.projections if item.status.lag_seconds(found.at) > limit]
    return sorted(behind, key=lambda item: -item.status.lag_seconds(found.at))


def failing(found: StoreHealth) -> list[TenantStatus]:
    return [item for item in found.projections if item.status.error is not None]


async def healthz(request: Request) -> Response:
    """Liveness: the process answers. No database: an outage must not restart every process."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """Readiness: the database answers and no tenant's read models are too far behind."""
    probe: Probe = request.app.state.probe
    found = await probe.answer()
    reasons = probe.reasons(found)
    limit = probe.platform.settings.ready_max_lag
    lags = [item.status.lag_seconds(found.at) for item in found.projections]
    body: dict[str, Any] = {
        "status": "not ready" if reasons else "ready",
        "database": "ok" if found.database is None else "unreachable",
        "projections": {
            "max_lag_seconds": round(max(lags, default=0.0), 3),
            "threshold_seconds": limit,
            "behind": [_row(item, found.at) for item in lagging(found, limit)[:SHOWN]],
            "errors": [_row(item, found.at) for item in failing(found)[:SHOWN]],
        },
    }
    if reasons:
        body["reasons"] = [
            {"code": r.code, "indonesian": r.indonesian, "english": r.english} for r in reasons
        ]
    headers = {"Cache-Control": "no-store"}
    if not _operator(request):
        body = {"status": body["status"], "reasons": [r.code for r in reasons]}
    return JSONResponse(body, status_code=503 if reasons else 200, headers=headers)


def _operator(request: Request) -> bool:
    """A client that may see the details: on loopback, or one of the trusted proxies."""
    host = request.client.host if request.client else ""
    return allowed(host, (*LOOPBACK, *request.app.state.trusted_proxies))


def _row(item: TenantStatus, now: datetime) -> dict[str, Any]:
    status = item.status
    row: dict[str, Any] = {
        "tenant": item.tenant,
        "projection": status.name,
        "position": status.position,
        "head": status.head,
        "lag_seconds": round(status.lag_seconds(now), 3),
    }
    if status.error is not None:
        row["error"] = {"message": status.error, "position": status.error_position, "at": status.error_at}
    return row


def allowed(address: str, networks: Any) -> bool:
    """Whether the client's address is in one of the networks (never a name: "testclient")."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


ROUTES = [Route("/healthz", healthz), Route("/readyz", readyz)]
