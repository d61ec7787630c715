"""The floor under every write figure: the eventsourcing library's own save rate.

A plain `eventsourcing.application.Application` with a trivial aggregate, on the library's own
PostgreSQL persistence (its own pool, sized to the concurrency), in a schema of the database
being measured: `threads` threads each save new one-event aggregates for `seconds` seconds.
Whatever Alur adds on top (HTTP, sessions, rules, the step's aggregate load) shows as the ratio
of its step actions/s to this rate measured in the same run on the same database.

Usage on its own: `.venv/bin/python bench/baseline.py [--threads 1,4,20] [--seconds 10] [--url DSN]`.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEFAULT_SERVER, scratch_database

SCHEMA = "bench_baseline"


class Dot(Aggregate):
    """The smallest aggregate: created, one event, nothing else."""

    def __init__(self, label: str) -> None:
        self.label = label


class BaselineApp(Application[Any]):
    """Tables `baseline_events` in schema `bench_baseline`; nothing of Alur's."""

    name = "baseline"


@dataclass(frozen=True)
class BaselineResult:
    threads: int
    pool: int
    events: int
    seconds: float
    errors: int

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def library_env(database_url: str, pool: int) -> dict[str, str]:
    """The library's own PostgreSQL settings for `database_url`, its pool `pool` connections."""
    params = conninfo_to_dict(database_url)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": str(params.get("dbname") or "postgres"),
        "POSTGRES_HOST": str(params.get("host") or "127.0.0.1"),
        "POSTGRES_PORT": str(params.get("port") or "5432"),
        "POSTGRES_USER": str(params.get("user") or "postgres"),
        "POSTGRES_PASSWORD": str(params.get("password") or ""),
        "POSTGRES_SCHEMA": SCHEMA,
        "POSTGRES_POOL_SIZE": str(pool),
        "POSTGRES_MAX_OVERFLOW": "0",
        "POSTGRES_MAX_WAITING": "0",
    }


def free_connections(database_url: str, reserve: int = 5) -> int:
    """How many more connections the server accepts now, keeping `reserve` for others."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT current_setting('max_connections')::int"
            " - current_setting('superuser_reserved_connections')::int"
            " - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')"
        ).fetchone()
    return max(1, int(row[0]) - reserve) if row else 1


def save_rate(database_url: str, threads: int, seconds: float) -> BaselineResult:
    """`threads` threads saving one-event aggregates for `seconds`; the pool is one connection
    per thread, unless the server has fewer to spare (then threads queue for the pool)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(SCHEMA)))
    pool = max(1, min(threads, free_connections(database_url)))
    app = BaselineApp(library_env(database_url, pool))
    counts = [0] * threads
    errors = [0] * threads
    stop = threading.Event()
    start_line = threading.Barrier(threads + 1)

    def work(index: int) -> None:
        start_line.wait()
        while not stop.is_set():
            try:
                app.save(Dot(f"t{index}"))
                counts[index] += 1
            except Exception:  # a pool timeout or a lost connection: counted, not fatal
                errors[index] += 1

    workers = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(threads)]
    for worker in workers:
        worker.start()
    try:
        start_line.wait()
        started = time.perf_counter()
        time.sleep(seconds)
        stop.set()
        for worker in workers:
            worker.join(timeout=60)
        elapsed = time.perf_counter() - started
    finally:
        stop.set()
        app.close()
    return BaselineResult(threads, pool, sum(counts), elapsed, sum(errors))


def main() -> int:
    parser = argparse.ArgumentParser(description="eventsourcing save rate (1 event per save)")
    parser.add_argument("--threads", default="1,4,20")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--url", default=DEFAULT_SERVER, help="server to create a scratch database on")
    parser.add_argument("--short", action="store_true", help="a quick run for CI: 1 thread, 1 s")
    args = parser.parse_args()
    if args.short:
        args.threads, args.seconds = "1", 1.0
    with scratch_database(args.url) as url:
        for threads in (int(t) for t in args.threads.split(",")):
            result = save_rate(url, threads, args.seconds)
            print(f"threads {threads:>4}  pool {result.pool:>4}  {result.rate:>9,.0f} events/s"
                  f"  ({result.events} in {result.seconds:.1f} s, {result.errors} errors)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
