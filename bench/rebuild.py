"""Rebuild speed: events per second for `alur projections rebuild`, on SQLite and PostgreSQL.

Writes a tenant's history (default 300 Sumbawa requests walked to the end: 4,801 events),
then times, in the same run: reading and decoding every event without applying it (the
baseline), and rebuilding every read model together and each one alone, after one untimed rebuild
(the process's one-time costs: importing the holiday tables). Prints events/s and the ratio to
the baseline. Usage: `.venv/bin/python bench/rebuild.py [--requests 300] [--url DSN]`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEFAULT_SERVER, LETTER, PATH, scratch_database, user_for

from adapters.composition import Platform
from adapters.config import Settings
from projections.engine import PROJECTION_NAMES, Projector


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
            request_id = service.submit("sumbawa-2021", 3, user="opd", roles=["opd"], **LETTER)
            for number, role, extra in PATH:
                service.act(request_id, number, user=user_for(number, role), roles=[role], **extra)
        projector = platform.services.projector(platform.tenant("bench"))
        projector.setup()
        print(f"{settings.backend}: {projector.status()[0].head} events")
        projector.rebuild()  # untimed, as load.py's: one-time costs (the holiday tables' import)
        baseline = timed("read + decode (baseline)", lambda: read_only(projector))
        timed("rebuild every model", lambda: projector.rebuild(), baseline)
        for name in PROJECTION_NAMES:
            timed(f"rebuild {name}", lambda name=name: projector.rebuild([name]), baseline)


def worker_mode(url: str | None) -> Settings:
    """Worker mode with nothing projected while the history is written (the rebuild does it)."""
    data = Path(tempfile.mkdtemp(prefix="alur-bench-"))
    return Settings(url, data, projections="worker", inline_projections=())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--short", action="store_true", help="a quick run for CI: --requests 5")
    parser.add_argument("--url", default=DEFAULT_SERVER, help="server to create a scratch database on")
    args = parser.parse_args()
    if args.short:
        args.requests = 5
    bench(worker_mode(None), args.requests)
    with scratch_database(args.url) as url:
        bench(worker_mode(url), args.requests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
