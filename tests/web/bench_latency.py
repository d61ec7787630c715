"""Latency of the inbox page and of one step action with 50 concurrent users, on PostgreSQL.

Not part of the test run (no `test_` prefix): `python -m tests.web.bench_latency [--users 50]`.
Serves the app with uvicorn (`--workers` processes) on a scratch database, signs 50 officials
in, then each user loads its inbox `--rounds` times and completes step 2 of its own request, all
at once; prints the median and 95th percentile of each.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2 as httpx

from adapters.composition import Platform
from adapters.config import Settings
from adapters.passwords import hash_password
from tests import pg

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
PASSWORD = "rahasia-bench-1"


def provision(settings: Settings, users: int) -> list[tuple[str, str]]:
    """A Sumbawa tenant, `users` officials holding kadis, one request waiting on each."""
    with Platform(settings) as platform:
        platform.create_tenant("bench", name="Diskominfo Bench", variant_id="sumbawa-2021")
        service = platform.service("bench")
        service.create_opd("DISDIK", "Dinas Pendidikan", actor="bench")
        fast = hash_password(PASSWORD)
        pairs = []
        for index in range(users):
            username = f"kadis-{index:02d}"
            service.create_user(username, PASSWORD, hash_password=lambda _p: fast, roles=["kadis"],
                                sop=("sumbawa-2021", 3), actor="bench")  # fmt: skip
            letter = {
                "title": f"Aplikasi {index}",
                "letter_number": f"{index}/2026",
                "letter_date": "2026-03-16",
            }
            request_id = service.submit(
                "sumbawa-2021", 3, user="pemohon", roles=["opd"], opd="DISDIK", **letter
            )
            pairs.append((username, str(request_id)))
        return pairs


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8977)
    args = parser.parse_args()
    maintenance, cluster = pg.server_url()
    try:
        with (
            pg.scratch_database(pg.test_database_url(maintenance)) as url,
            tempfile.TemporaryDirectory() as tmp,
        ):
            settings = Settings(url, Path(tmp))
            pairs = provision(settings, args.users)
            env = {**os.environ, "ALUR_DATABASE_URL": url, "ALUR_DATA_DIR": tmp}
            command = [str(Path(sys.executable).parent / "alur"), "serve", "--port", str(args.port),
                       "--workers", str(args.workers)]  # fmt: skip
            server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                return run(args, pairs)
            finally:
                server.terminate()
                server.wait(timeout=30)
    finally:
        if cluster is not None:
            cluster.stop()


def run(args: argparse.Namespace, pairs: list[tuple[str, str]]) -> int:
    base = f"http://127.0.0.1:{args.port}/t/bench"
    for _ in range(100):
        try:
            httpx.get(f"http://127.0.0.1:{args.port}/healthz", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    clients = []
    for username, _ in pairs:
        client = httpx.Client(timeout=60)
        token = CSRF.search(client.get(f"{base}/signin").text).group(1)  # type: ignore[union-attr]
        client.post(f"{base}/signin", data={"username": username, "password": PASSWORD, "csrf": token})
        clients.append(client)

    def inbox(client: httpx.Client) -> list[float]:
        took = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            assert client.get(f"{base}/inbox").status_code == 200
            took.append(time.perf_counter() - started)
        return took

    def action(index: int) -> float:
        client, (_, request_id) = clients[index], pairs[index]
        token = CSRF.search(client.get(f"{base}/requests/{request_id}").text).group(1)  # type: ignore[union-attr]
        started = time.perf_counter()
        answer = client.post(f"{base}/requests/{request_id}/steps/2", data={"csrf": token, "note": "ok"},
                             follow_redirects=False)  # fmt: skip
        assert answer.status_code == 303, answer.text
        return time.perf_counter() - started

    with ThreadPoolExecutor(len(clients)) as pool:
        inbox_times = [t for ts in pool.map(inbox, clients) for t in ts]
        action_times = list(pool.map(action, range(len(clients))))
    for name, times in (("inbox page", inbox_times), ("step action", action_times)):
        print(f"{name:12} n={len(times):4d} median={statistics.median(times) * 1000:7.1f} ms "
              f"p95={percentile(times, 0.95) * 1000:7.1f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
