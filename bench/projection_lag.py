"""Projection lag on PostgreSQL: how long after a write the read models have it.

Starts `alur projections run` as its own process on a scratch database, then performs 1,000
actions (submissions and step actions, one event each) through the application service, one
after another, as the web app would with `ALUR_PROJECTIONS=worker`. For every action it notes
when the save returned and when the tracking positions reached that event: those of the inbox
and requests (what the next role sees) and those of all five read models; it prints p50/p95/max
of each lag, and the save time of the same actions as the baseline (ratio = lag / save).

It runs twice, each on its own scratch database: with ALUR_INLINE_PROJECTIONS=none (the worker
projects everything: the layout before issue 18) and with the default `inbox,requests` (the
writer projects those right after its save, the worker the rest). Usage:
`.venv/bin/python bench/projection_lag.py [--actions 1000] [--url DSN] [--inline none|inbox,requests]`.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEFAULT_SERVER, LETTER, PATH, scratch_database, user_for

from adapters.composition import Platform
from adapters.config import Settings
from projections.base import percentile

SEEN = ("inbox", "requests")  # what the next role's inbox and the request page read


def pct(values: list[float], fraction: float) -> float:
    found = percentile(values, fraction)
    assert found is not None, "no samples"
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--short", action="store_true", help="a quick run for CI: --actions 20")
    parser.add_argument("--url", default=DEFAULT_SERVER, help="server to create a scratch database on")
    parser.add_argument("--inline", choices=("none", ",".join(SEEN)), action="append",
                        help="ALUR_INLINE_PROJECTIONS to run with (default: both, `none` first)")  # fmt: skip
    args = parser.parse_args()
    if args.short:
        args.actions = 20
    for inline in args.inline or ["none", ",".join(SEEN)]:
        names = () if inline == "none" else tuple(inline.split(","))
        print(f"ALUR_INLINE_PROJECTIONS={inline}")
        run(args.url, args.actions, names)
    return 0


def run(server: str, actions: int, inline: tuple[str, ...]) -> None:
    scratch = ExitStack()
    url = scratch.enter_context(scratch_database(server))
    data = Path(tempfile.mkdtemp(prefix="alur-bench-"))
    worker = None
    try:
        with Platform(Settings(url, data, projections="worker", inline_projections=inline)) as platform:
            platform.create_tenant("bench", name="Diskominfo Bench", variant_id="sumbawa-2021")
            service = platform.service("bench")
            projector = platform.services.projector(platform.tenant("bench"))
            projector.setup()
            env = {**os.environ, "ALUR_DATABASE_URL": url, "ALUR_DATA_DIR": str(data)}
            command = [str(Path(sys.executable).with_name("alur")), "projections", "run"]
            worker = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            while projector.status()[0].lag:
                time.sleep(0.05)
            time.sleep(1.0)

            reached: dict[int, float] = {}  # event -> when all five had it
            seen: dict[int, float] = {}  # event -> when the inbox and requests had it
            done = threading.Event()
            watch = psycopg.connect(url, autocommit=True)

            def watcher() -> None:  # the read side: when did the positions reach each event?
                last, last_seen = 0, 0
                while not done.is_set():
                    row = watch.execute(
                        "SELECT MIN(position), MIN(position) FILTER (WHERE name = ANY(%s))"
                        " FROM t_bench.projection_tracking",
                        (list(SEEN),),
                    ).fetchone()
                    position = int(row[0]) if row and row[0] is not None else 0
                    position_seen = int(row[1]) if row and row[1] is not None else 0
                    now = time.perf_counter()
                    for event in range(last + 1, position + 1):
                        reached[event] = now
                    for event in range(last_seen + 1, position_seen + 1):
                        seen[event] = now
                    last, last_seen = max(last, position), max(last_seen, position_seen)
                    time.sleep(0.001)

            thread = threading.Thread(target=watcher)
            thread.start()
            saved: dict[int, float] = {}
            save_times: list[float] = []
            request_id, step = None, 0
            for _ in range(actions):
                started = time.perf_counter()
                if request_id is None or step >= len(PATH):
                    request_id = service.submit("sumbawa-2021", 3, user="opd", roles=["opd"], **LETTER)
                    step = 0
                else:
                    number, role, extra = PATH[step]
                    service.act(request_id, number, user=user_for(number, role), roles=[role], **extra)
                    step += 1
                ended = time.perf_counter()
                save_times.append(ended - started)
                saved[service.recorder.max_notification_id() or 0] = ended
            while len(reached) < max(saved) and time.perf_counter() - ended < 30:
                time.sleep(0.01)
            done.set()
            thread.join()
            watch.close()
            lags = [max(0.0, reached[event] - at) for event, at in saved.items() if event in reached]
            seen_lags = [max(0.0, seen[event] - at) for event, at in saved.items() if event in seen]
        ms = 1000.0
        print(f"actions: {actions}, projected: {len(lags)}")
        print(f"save (baseline)   p50 {pct(save_times, .5) * ms:7.2f} ms"
              f"  p95 {pct(save_times, .95) * ms:7.2f} ms")  # fmt: skip
        for label, values in (("inbox + requests", seen_lags), ("all five", lags)):
            print(f"projection lag, {label:<16} p50 {pct(values, .5) * ms:7.2f} ms"
                  f"  p95 {pct(values, .95) * ms:7.2f} ms"
                  f"  max {max(values) * ms:7.2f} ms  mean {statistics.mean(values) * ms:7.2f} ms"
                  f"  (ratio to save p50 {pct(values, .5) / pct(save_times, .5):5.2f},"
                  f" p95 {pct(values, .95) / pct(save_times, .95):5.2f})")  # fmt: skip
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)
        scratch.close()


if __name__ == "__main__":
    sys.exit(main())
