"""Stored bytes per finished request on PostgreSQL: the library's JSON (before) against format v1.

Walks N Sumbawa requests to the end (16 events each, `common.PATH`) in three tenants of one
scratch database, each with the same clock (steps minutes to days apart, microseconds set, UTC
as `utc_now` gives), so all three store the same events:
- `old`: the environment without codec settings, i.e. what Alur stored until now (the baseline);
- `v1`: `tenant_env` as the service runs (`adapters.codec:CompactTranscoder`);
- `v1+short topics`: also `MAPPER_TOPIC=adapters.codec:ShortTopicMapper` (not switched on yet).
The formats take turns, request by request, so that the machine's load hits all alike. Prints
events per request; bytes per finished request as `sum(pg_column_size(t.*))` of its rows, with
the state and topic columns apart, and the ratio to `old`; decoding as the projections decode:
µs per event (decoding alone, CPU time, best of 25), events/s to read in batches of 500 and
decode as a rebuild reads (wall time, best of 25) and events/s of a rebuild of every read model
(best of 5), each with "vs old": the median over rounds of old's time / this format's time
(above 1: faster than old), the formats timed in turns, another one first each round; ms per
action (load the request, act, save one event); and what each idea gives to the state bytes,
from the same events.
Usage: `.venv/bin/python bench/storage.py [--requests 200] [--url DSN]`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEFAULT_SERVER, LETTER, PATH, scratch_database, user_for
from eventsourcing.persistence import JSONTranscoder

from adapters.codec import pack_v1
from adapters.config import Settings
from adapters.holidays_id import indonesian_calendar
from adapters.pgshared import open_shared_pool
from adapters.projection_db import PostgresProjectionDB
from adapters.store import TenantService, _decoder, ensure_schema, tenant_env
from projections.base import RawEvent
from projections.engine import Projector
from tenants.catalogue import builtin_variant
from tenants.model import Tenant

VARIANTS: dict[str, dict[str, str | None]] = {
    "old": {"TRANSCODER_TOPIC": None},
    "v1": {},
    "v1+short topics": {"MAPPER_TOPIC": "adapters.codec:ShortTopicMapper"},
}
SIZES = (
    "SELECT count(*) AS events, sum(pg_column_size(t.*)) AS total, sum(pg_column_size(t.state)) AS state,"
    " sum(pg_column_size(t.topic)) AS topic FROM {schema}.alur_events t WHERE t.originator_id = ANY(%s)"
)


class BenchClock:
    """Each reading is a few minutes to two days after the last, with microseconds (seeded)."""

    def __init__(self, seed: int = 2026) -> None:
        self.random = random.Random(seed)
        self.now = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        seconds, microseconds = self.random.randint(300, 2 * 86400), self.random.randint(0, 999_999)
        self.now += timedelta(seconds=seconds, microseconds=microseconds)
        return self.now


def open_service(settings: Settings, pool: Any, slug: str, changes: dict[str, str | None]) -> TenantService:
    tenant = Tenant(slug, f"Diskominfo {slug}", "", "Asia/Makassar", "sumbawa-2021")
    ensure_schema(pool, tenant.schema)
    env = tenant_env(settings, tenant)
    for key, value in changes.items():
        if value is None:
            del env[key]
        else:
            env[key] = value
    calendar = indonesian_calendar(tenant.timezone)
    service = TenantService(env, pool=pool, tenant=slug, calendar=calendar, clock=BenchClock())
    loaded = builtin_variant("sumbawa-2021")
    service.adopt_variant(loaded.variant, loaded.source, loaded.fingerprint)
    return service


@dataclass
class Store:
    """One format's tenant: its service, schema, finished requests and the time spent acting."""

    service: TenantService
    schema: str
    ids: list[Any] = field(default_factory=list)
    acting: float = 0.0
    decode_us: float = float("inf")  # per event, decode only
    read_decode: list[float] = field(default_factory=list)  # seconds per event, read and decode, per round
    rebuild: list[float] = field(default_factory=list)  # seconds per event, every read model, per round

    def walk_one(self) -> None:
        started = time.perf_counter()
        request_id = self.service.submit("sumbawa-2021", 3, user="opd", roles=["opd"], **LETTER)
        for number, role, extra in PATH:
            self.service.act(request_id, number, user=user_for(number, role), roles=[role], **extra)
        self.acting += time.perf_counter() - started
        self.ids.append(request_id)


def in_turn(stores: dict[str, Store], turn: int) -> list[tuple[str, Store]]:
    """The stores, each round starting with the next one (so that none always goes first)."""
    items = list(stores.items())
    return items[turn % len(items) :] + items[: turn % len(items)]


def read_all(pool: Any, schema: str) -> list[RawEvent]:
    """Every event of the tenant, in batches of 500 as a rebuild reads them."""
    db, events, after = PostgresProjectionDB(pool, schema), [], 0
    while True:
        with db.transaction(write=False) as tx:
            batch = db.read_events(tx, after, 500)
        if not batch:
            return events
        events.extend(batch)
        after = batch[-1].id


def time_decoding(pool: Any, stores: dict[str, Store], rounds: int) -> None:
    """The best of `rounds` for each store, the stores taking turns (so load hits all alike)."""
    decoders = {label: _decoder(store.service) for label, store in stores.items()}
    events = {label: read_all(pool, store.schema) for label, store in stores.items()}
    for turn in range(rounds):
        for label, store in in_turn(stores, turn):
            decode = decoders[label]
            started = time.thread_time()  # CPU time: other processes on the machine do not count
            for event in events[label]:
                decode(event)
            store.decode_us = min(store.decode_us, (time.thread_time() - started) / len(events[label]) * 1e6)
            started = time.perf_counter()
            read = read_all(pool, store.schema)
            for event in read:
                decode(event)
            store.read_decode.append((time.perf_counter() - started) / len(read))


def time_rebuilds(pool: Any, stores: dict[str, Store], rounds: int) -> None:
    """`alur projections rebuild` of every read model, the stores taking turns."""
    projectors = {
        label: Projector(
            PostgresProjectionDB(pool, store.schema), _decoder(store.service), store.service.calendar
        )
        for label, store in stores.items()
    }
    for turn in range(rounds):
        for label, store in in_turn(stores, turn):
            started = time.perf_counter()
            count = projectors[label].rebuild()
            store.rebuild.append((time.perf_counter() - started) / count)


def paired(old: list[float], this: list[float]) -> float:
    """The median over rounds of old's time / this format's time (above 1: this one is faster)."""
    return statistics.median(o / t for o, t in zip(old, this, strict=True))


def ideas(pool: Any, store: Store) -> None:
    """State bytes per request that each idea gives, from the same events (before PostgreSQL's
    1-byte column header)."""
    library = JSONTranscoder()
    store.service.register_transcodings(library)
    legacy = library.encode  # the library's JSON, datetimes tagged
    wanted = {str(i) for i in store.ids}
    events = read_all(pool, store.schema)
    states = [
        store.service.mapper.transcoder.decode(e.state) for e in events if str(e.originator_id) in wanted
    ]

    def bare(state: dict[str, Any]) -> bytes:
        dates = [k for k, v in state.items() if isinstance(v, datetime)]
        return legacy({"~dt": dates, **{k: v.isoformat() if k in dates else v for k, v in state.items()}})

    def empty_omitted(state: dict[str, Any]) -> bytes:
        return bare({k: v for k, v in state.items() if v not in (None, "", [])})

    rows: list[tuple[str, Callable[[dict[str, Any]], bytes]]] = [
        ("library JSON (old)", legacy),
        ("  zlib per event (no dictionary)", lambda s: zlib.compress(legacy(s), 9)),
        ("  v1's dictionary, tagged datetimes", lambda s: pack_v1(legacy(s))),
        ("bare ISO datetimes, uncompressed", bare),
        ("  zlib per event (no dictionary)", lambda s: zlib.compress(bare(s), 9)),
        ("  dictionary = format v1 (kept)", lambda s: pack_v1(bare(s))),
        ("  v1 + empty fields omitted (not kept)", lambda s: pack_v1(empty_omitted(s))),
    ]
    print("state bytes per request, by idea (same events):")
    for label, encode in rows:
        print(f"  {label:<40} {sum(len(encode(s)) for s in states) / len(store.ids):>8,.0f}")


def bench(url: str, requests: int) -> None:
    settings = Settings(url, Path(tempfile.mkdtemp(prefix="alur-bench-")), projections="worker")
    pool = open_shared_pool(url, 4, "alur-bench-storage")
    stores: dict[str, Store] = {}
    try:
        for index, (label, changes) in enumerate(VARIANTS.items()):
            stores[label] = Store(
                open_service(settings, pool, f"storage-{index}", changes), f"t_storage_{index}"
            )
        for _ in range(requests):
            for store in stores.values():  # in turns, so that load hits every format alike
                store.walk_one()
        time_decoding(pool, stores, rounds=25)
        time_rebuilds(pool, stores, rounds=5)
        print(f"PostgreSQL, {requests} finished Sumbawa requests per format")
        print(f"{'format':<18} {'ev/req':>6} {'bytes/req':>10} {'state':>7} {'topic':>6} {'ratio':>6}"
              f" {'decode µs/ev':>13} {'read+decode ev/s':>17} {'vs old':>7}"
              f" {'rebuild ev/s':>13} {'vs old':>7} {'ms/action':>10}")  # fmt: skip
        base = None
        for label, store in stores.items():
            with pool.connection() as conn:
                sizes = conn.execute(SIZES.format(schema=store.schema), (store.ids,)).fetchone()
            n, events = len(store.ids), sizes["events"]
            base = base or sizes["total"]
            old = stores["old"]
            print(
                f"{label:<18} {events / n:>6.1f} {sizes['total'] / n:>10,.0f} {sizes['state'] / n:>7,.0f}"
                f" {sizes['topic'] / n:>6,.0f} {sizes['total'] / base:>6.2f} {store.decode_us:>13.1f}"
                f" {1 / min(store.read_decode):>17,.0f} {paired(old.read_decode, store.read_decode):>7.2f}"
                f" {1 / min(store.rebuild):>13,.0f} {paired(old.rebuild, store.rebuild):>7.2f}"
                f" {store.acting / events * 1000:>10.2f}"
            )
        ideas(pool, stores["v1"])
        for label in ("old", "v1"):
            with pool.connection() as conn:
                row = conn.execute(
                    f"SELECT pg_column_size(t.*) AS size FROM {stores[label].schema}.alur_events t"
                    " WHERE topic LIKE %s",
                    ("%SopVersion.Adopted",),
                ).fetchone()
            print(f"SOP version adopted (once per tenant and version), {label}: {row['size']:,} bytes")
    finally:
        for store in stores.values():
            store.service.close()
        pool.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--short", action="store_true", help="a quick run for CI: --requests 3")
    parser.add_argument("--url", default=DEFAULT_SERVER, help="server to create a scratch database on")
    args = parser.parse_args()
    if args.short:
        args.requests = 3
    with scratch_database(args.url) as url:
        bench(url, args.requests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
