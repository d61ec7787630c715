"""No tenant slows the others with its SOP (issue 17): another tenant's inbox p95 while one
tenant renders four of the largest accepted SOP's pages at once, against the same inbox quiet,
in the same run. Target: ≤ 1.5×.

`alur serve` runs in a process of its own on an SQLite data folder (the embedded default, as the
probe ran it); the clients are threads of this script. Tenant `besar` runs the largest SOP the
loader accepts (60 steps, 16 roles, 1,000-character steps, decisions looping back), tenant `lain`
the Sumbawa SOP with requests waiting in its Kadis's inbox. The page load is four threads
looping over `besar`'s SOP page and one of its request pages (both draw the flowchart and the
step list); the measured request is `lain`'s inbox through the API, one at a time.

    .venv/bin/python bench/fairness.py [--short] [--samples 300] [--write bench/RESULTS.md]

`--short` (about 15 s) is what CI runs (tests/integration/test_benches_short.py).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.composition import Platform  # noqa: E402
from adapters.config import Settings  # noqa: E402
from bench.seed import LETTER_PDF, PAPER  # noqa: E402
from domain import commands as c  # noqa: E402
from domain.actor import operator  # noqa: E402
from domain.documents import Upload  # noqa: E402
from domain.mutu_baku import submission_references  # noqa: E402
from domain.sop import MAX_ROLES, MAX_STEPS  # noqa: E402
from tenants.sopfile import parse_variant  # noqa: E402

LETTER = Upload("surat-permohonan.pdf", LETTER_PDF, "letter")

PASSWORD = "rahasia-bench-2026"
PAGE_THREADS = 4
WORDS = ["surat", "permohonan", "diperiksa", "kelengkapannya", "lalu", "diteruskan", "kepada",
         "pejabat", "berikutnya", "untuk", "ditindaklanjuti", "sesuai", "ketentuan", "dinas"]  # fmt: skip


def largest_sop(steps: int = MAX_STEPS, roles: int = MAX_ROLES, seed: int = 7) -> str:
    """The largest SOP file the loader accepts, as hard as it can be for a page: every step's
    description 1,000 characters, many lanes, decisions looping back."""
    rng = random.Random(seed)
    lines = ["id: terbesar", "version: 1", "title: SOP terbesar yang diterima", "requester_role: opd",
             "roles:", "  - {id: opd, name: OPD Pemohon}"]  # fmt: skip
    lines += [f"  - {{id: peran-{n}, name: Kepala Seksi Peran Nomor {n} pada Bidang Layanan E-Government}}"
              for n in range(1, roles)]  # fmt: skip
    lines.append("steps:")
    for n in range(1, steps + 1):
        description = " ".join(rng.choice(WORDS) for _ in range(160))[:1000]
        role = "opd" if n == 1 else f"peran-{rng.randint(1, roles - 1)}"
        lines += [f"  - number: {n}", f"    description: {description}", f"    role: {role}",
                  "    time_standard: 2 Hari Kerja"]  # fmt: skip
        if 3 < n < steps and n % 4 == 0:
            lines.append(f"    decision: {{question: Lanjut?, ya: {n + 1}, tidak: {rng.randint(2, n - 1)}}}")
    return "\n".join(lines) + "\n"


def seed(data: Path, waiting: int) -> str:
    """Both tenants, their people and requests, through the handlers; the big request's id."""
    with Platform(Settings(database_url=None, data_dir=data)) as platform:
        platform.create_tenant("besar", name="Diskominfo SOP Besar", variant_id="sumbawa-2021")
        platform.create_tenant("lain", name="Diskominfo Lain", variant_id="sumbawa-2021",
                               timezone="Asia/Makassar")  # fmt: skip
        big = platform.desk(platform.tenant("besar"))
        admin = operator("besar", "bench")
        big.commands.check_sop_file(admin, c.CheckSopFile("terbesar.yaml", largest_sop(), True, "bench"))
        big.commands.create_opd(admin, c.CreateOpd("DPMPTSP", "Dinas Penanaman Modal"))
        big.commands.create_user(admin, c.CreateUser("admin", PASSWORD, ("admin",)))
        big.commands.create_user(admin, c.CreateUser("pemohon", PASSWORD, ("opd",), opd="DPMPTSP"))
        letter = c.SubmitRequest("Aplikasi Besar", "1/2026", "2026-06-08", letter=LETTER,
                                 references=submission_references(big.queries.sop(admin), PAPER))
        requester = big.queries.actor("pemohon", datetime.now(UTC))
        assert requester is not None
        big_request = big.commands.submit(requester, letter).id
        other = platform.desk(platform.tenant("lain"))
        admin = operator("lain", "bench")
        other.commands.create_opd(admin, c.CreateOpd("DISDIK", "Dinas Pendidikan"))
        other.commands.create_user(admin, c.CreateUser("kadis", PASSWORD, ("kadis",)))
        other.commands.create_user(admin, c.CreateUser("opd", PASSWORD, ("opd",), opd="DISDIK"))
        opd = other.queries.actor("opd", datetime.now(UTC))
        assert opd is not None
        paper = submission_references(other.queries.sop(opd), PAPER)
        for n in range(waiting):
            filed = c.SubmitRequest(f"Aplikasi {n}", f"{n}/2026", "2026-06-08", letter=LETTER,
                                    references=paper)  # fmt: skip
            other.commands.submit(opd, filed)
    parse_variant(largest_sop())  # the file is accepted: it is the largest there is
    return big_request


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(data: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ALUR_DATA_DIR": str(data), "ALUR_LOG_FORMAT": "json"}
    env.pop("ALUR_DATABASE_URL", None)
    command = [sys.executable, "-c", "from adapters.cli import main; raise SystemExit(main())",
               "serve", "--port", str(port)]  # fmt: skip
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def signed_in_page(base: str, tenant: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    form = client.get(f"/t/{tenant}/signin").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form)
    assert csrf is not None
    answer = client.post(f"/t/{tenant}/signin", data={"username": username, "password": PASSWORD,
                                                     "csrf": csrf.group(1)})  # fmt: skip
    assert answer.status_code in (200, 303), answer.text[:300]
    return client


def page_load(base: str, pages: list[str], stop: Any, rendered: Any) -> None:
    """The heavy tenant: PAGE_THREADS threads, each looping over the pages until `stop`."""
    readers = [signed_in_page(base, "besar", "admin") for _ in range(PAGE_THREADS)]

    def render(reader: httpx.Client, offset: int) -> None:
        n = offset
        while not stop.is_set():
            assert reader.get(pages[n % 2]).status_code == 200
            with rendered.get_lock():
                rendered.value += 1
            n += 1

    threads = [threading.Thread(target=render, args=(r, i), daemon=True) for i, r in enumerate(readers)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    print(f"page load CPU {time.process_time():.2f}s in {time.perf_counter()-began:.2f}s", file=sys.stderr)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def inbox_times(client: httpx.Client, token: str, samples: int) -> list[float]:
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        answer = client.get("/t/lain/api/v1/inbox", headers={"Authorization": f"Bearer {token}"})
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, answer.text[:300]
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--short", action="store_true", help="a quick run for CI (~15 s)")
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--write", type=Path, help="append the figures to this Markdown file")
    args = parser.parse_args()
    samples = 60 if args.short else args.samples
    data = Path(tempfile.mkdtemp(prefix="alur-fairness-"))
    big_request = seed(data, waiting=20)
    port = free_port()
    server = serve(data, port)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "alur serve did not start"
            time.sleep(0.2)
        pages = ["/t/besar/admin/sop", f"/t/besar/requests/{big_request}"]
        admin = signed_in_page(base, "besar", "admin")
        while "<svg" not in admin.get(pages[0]).text:  # laid out in the background at the start
            assert time.monotonic() < deadline + 60, "the largest SOP was never laid out"
            time.sleep(0.2)
        time.sleep(2.0)  # the background jobs of the start (the other language's layout) done
        page_ms = []
        for _ in range(5 if args.short else 20):
            started = time.perf_counter()
            assert admin.get(pages[1]).status_code == 200
            page_ms.append((time.perf_counter() - started) * 1000)
        client = httpx.Client(base_url=base, timeout=60)
        token = client.post("/t/lain/api/v1/session", json={"username": "kadis", "password": PASSWORD}).json()
        inbox_times(client, token["token"], 10)  # warm
        quiet = inbox_times(client, token["token"], samples)
        stop, rendered = multiprocessing.Event(), multiprocessing.Value("l", 0)
        # The page load runs in a process of its own: its threads parsing 700 KB pages would
        # otherwise hold this process's interpreter while the measured client waits for it.
        load = multiprocessing.Process(target=page_load, args=(base, pages, stop, rendered), daemon=True)
        load.start()
        while rendered.value < PAGE_THREADS * 2:  # every page thread signed in and rendering
            assert load.is_alive(), "the page load stopped"
            time.sleep(0.1)
        time.sleep(1.0)
        began, before = time.perf_counter(), rendered.value
        loaded = inbox_times(client, token["token"], samples)
        pages_per_s = (rendered.value - before) / (time.perf_counter() - began)
        stop.set()
        load.join(30)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    ratio = p95(loaded) / p95(quiet)
    lines = [
        f"## No tenant slows the others — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
        + (" (short run)" if args.short else ""),
        "",
        f"`bench/fairness.py`{' --short' if args.short else ''}: `alur serve` (SQLite, 1 process, "
        f"{PAGE_THREADS} page threads), the largest accepted SOP ({MAX_STEPS} steps, {MAX_ROLES} roles).",
        "",
        "| figure | value |",
        "|---|---|",
        f"| the largest SOP's request page, alone (p50) | {statistics.median(page_ms):.1f} ms |",
        f"| pages of it rendered per second under the load | {pages_per_s:.1f} |",
        f"| another tenant's inbox p95, quiet (baseline) | {p95(quiet):.1f} ms "
        f"(p50 {statistics.median(quiet):.1f}) |",
        f"| the same while {PAGE_THREADS} pages of the largest SOP render | {p95(loaded):.1f} ms "
        f"(p50 {statistics.median(loaded):.1f}) |",
        f"| ratio (target ≤ 1.5×) | **{ratio:.2f}×** |",
        "",
    ]  # fmt: skip
    print("\n".join(lines))
    if args.write:
        with args.write.open("a") as out:
            out.write("\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
