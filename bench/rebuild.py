"""Rebuild speed: events per second for `alur projections rebuild`, on SQLite and PostgreSQL.

Writes a tenant's history (default 300 Sumbawa requests walked to the end: 4,801 events),
then times, in the same run: reading and decoding every event without applying it (the
baseline), and rebuilding all four read models and each one alone. Prints events/s and the
ratio to the baseline. Usage: `.venv/bin/python bench/rebuild.py [--requests 300] [--url DSN]`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.config import Settings
from adapters.platform import Platform
from projections.engine import PROJECTION_NAMES, Projector

PATH = [(2, "kadis", {}), (3, "kabid-ti", {}), (4, "kasi-aplikasi", {"assignee": "sari"}),
        (5, "kasi-aplikasi", {}), (6, "kabid-ti", {"decision": "ya"}), (8, "kasi-aplikasi", {}),
        (9, "tim-pengembang", {}), (10, "tim-pengembang", {}), (11, "opd", {"decision": "ya"}),
        (12, "tim-pengembang", {}), (13, "tim-pengembang", {}), (14, "opd", {"decision": "ya"}),
        (15, "tim-pengembang", {}), (16, "kabid-ti", {}), (17, "tim-pengembang", {})]  # fmt: skip


def read_only(projector: Projector) -> int:
    """The baseline: the same batched reads and decoding a rebuild does, applying nothing."""
    count, after = 0, 0
    while True:
        with projector.db.transaction(write=False) as tx:
            raw = projector.db.read_events(tx, after, projector.batch_size)
        if not raw:
            return count
        for stored in raw:
            projector.decode(stored)
        count += len(raw)
        after = raw[-1].id


def timed(label: str, action, baseline: float | None = None) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    count = action()
    rate = count / (time.perf_counter() - started)
    ratio = f"  ratio {rate / baseline:5.2f}" if baseline else ""
    print(f"  {label:<28} {count:>6} events  {rate:>9,.0f} events/s{ratio}")
    return rate


def bench(settings: Settings, requests: int) -> None:
    with Platform(settings) as platform:
        platform.create_tenant("bench", name="Diskominfo Bench", variant_id="sumbawa-2021")
        service = platform.service("bench")
        for _ in range(requests):
            request_id = service.submit("sumbawa-2021", 1, user="opd", roles=["opd"], title="Bench",
                                        letter_number="1/2026", letter_date="2026-06-08")  # fmt: skip
            for number, role, extra in PATH:
                service.act(request_id, number, user=role, roles=[role], **extra)
        projector = platform.services.projector(platform.tenant("bench"))
        projector.setup()
        print(f"{settings.backend}: {projector.status()[0].head} events")
        baseline = timed("read + decode (baseline)", lambda: read_only(projector))
        timed("rebuild all four", lambda: projector.rebuild(), baseline)
        for name in PROJECTION_NAMES:
            timed(f"rebuild {name}", lambda name=name: projector.rebuild([name]), baseline)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    default = os.environ.get("ALUR_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--url", default=default, help="server to create a scratch database on")
    args = parser.parse_args()
    bench(Settings(None, Path(tempfile.mkdtemp(prefix="alur-bench-")), projections="worker"), args.requests)
    name = f"alur_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    params = psycopg.conninfo.conninfo_to_dict(args.url)
    params["dbname"] = name
    url = psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in params.items()})
    try:
        bench(Settings(url, Path(tempfile.mkdtemp()), projections="worker"), args.requests)
    finally:
        with psycopg.connect(args.url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
