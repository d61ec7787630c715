"""No tenant slows the others with its SOP (issue 17): another tenant's inbox p95 while one
tenant renders four of the largest accepted SOP's pages at once, against the same inbox quiet,
in the same run. Target: ≤ 1.5×.

`alur serve` runs in a process of its own on an SQLite data folder (the embedded default, as the
probe ran it); the clients are threads of this script. Tenant `besar` runs the largest SOP the
loader accepts (60 steps, 16 roles, 1,000-character steps, decisions looping back), tenant `lain`
the Sumbawa SOP with requests waiting in its Kadis's inbox. The page load is four threads
looping over `besar`'s SOP page and one of its request pages (both draw the flowchart and the
step list); the measured request is `lain`'s inbox through the API, one at a time.

    .venv/bin/python bench/fairness.py [--short] [--samples 300] [--rounds 5] [--write bench/RESULTS.md]

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


class Plain:
    """A keep-alive HTTP/1.1 connection that sends a prepared GET and reads the answer to its
    last byte, with next to no Python: the clients of this bench share the server's two cores,
    where remote browsers would not, so they cost it as little as they can."""

    def __init__(self, base: str, headers: dict[str, str]) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.sock = socket.create_connection((host, int(port)))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        fields = {"Host": f"{host}:{port}", **headers}
        self.head = "".join(f"{name}: {value}\r\n" for name, value in fields.items())

    def get(self, path: str) -> tuple[int, bytes]:
        """The status and the body."""
        self.sock.sendall(f"GET {path} HTTP/1.1\r\n{self.head}\r\n".encode())
        got = b""
        while b"\r\n\r\n" not in got:
            chunk = self.sock.recv(262144)
            assert chunk, "the server closed the connection"
            got += chunk
        head, body = got.split(b"\r\n\r\n", 1)
        length = re.search(rb"(?im)^content-length: *(\d+)", head)
        assert length is not None, head[:300]
        parts, size, need = [body], len(body), int(length.group(1))
        while size < need:
            chunk = self.sock.recv(262144)
            assert chunk, "the server closed the connection"
            parts.append(chunk)
            size += len(chunk)
        return int(head.split(b" ", 2)[1]), b"".join(parts)

    def close(self) -> None:
        self.sock.close()


def page_load(base: str, pages: list[str], stop: Any, going: Any, rendered: Any) -> None:
    """The heavy tenant: PAGE_THREADS threads, each looping over the pages while `going` is
    set, until `stop`."""
    signed = [signed_in_page(base, "besar", "admin") for _ in range(PAGE_THREADS)]
    readers = [Plain(base, {"Cookie": "; ".join(f"{k}={v}" for k, v in c.cookies.items())}) for c in signed]
    for client in signed:  # only their sessions' cookies go on
        client.close()

    def render(reader: Plain, offset: int) -> None:
        n = offset
        while not stop.is_set():
            if not going.wait(0.1):
                continue
            status, body = reader.get(pages[n % 2])
            assert status == 200 and b"<svg" in body, body[:300]
            with rendered.get_lock():
                rendered.value += 1
            n += 1

    threads = [threading.Thread(target=render, args=(r, i), daemon=True) for i, r in enumerate(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def inbox_times(inbox: Plain, samples: int) -> list[float]:
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        status, body = inbox.get("/t/lain/api/v1/inbox")
        times.append((time.perf_counter() - started) * 1000)
        assert status == 200 and body.startswith(b"{"), body[:300]
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--short", action="store_true", help="a quick run for CI (~15 s)")
    parser.add_argument("--samples", type=int, default=300, help="inbox requests per block")
    parser.add_argument("--rounds", type=int, default=5, help="quiet and loaded blocks, alternating")
    parser.add_argument("--write", type=Path, help="append the figures to this Markdown file")
    args = parser.parse_args()
    samples = 60 if args.short else args.samples
    args.rounds = 2 if args.short else args.rounds
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
        inbox = Plain(base, {"Authorization": f"Bearer {token['token']}"})
        inbox_times(inbox, 10)  # warm
        stop, going = multiprocessing.Event(), multiprocessing.Event()
        rendered = multiprocessing.Value("l", 0)
        # The page load runs in a process of its own: its threads parsing 700 KB pages would
        # otherwise hold this process's interpreter while the measured client waits for it.
        load = multiprocessing.Process(target=page_load, args=(base, pages, stop, going, rendered),
                                       daemon=True)  # fmt: skip
        load.start()
        going.set()
        while rendered.value < PAGE_THREADS * 2:  # every page thread signed in and rendering
            assert load.is_alive(), "the page load stopped"
            time.sleep(0.1)
        # Quiet and loaded blocks alternate, so that whatever else the machine does drifts into
        # both alike; each phase's p95 is over all its blocks.
        quiet: list[float] = []
        loaded: list[float] = []
        rounds: list[float] = []
        busy_s, pages_done = 0.0, 0
        for _ in range(args.rounds):
            going.clear()
            time.sleep(0.5)  # the pages under way finish
            block = inbox_times(inbox, samples)
            quiet += block
            going.set()
            time.sleep(0.5)  # every page thread rendering again
            began, before = time.perf_counter(), rendered.value
            loaded_block = inbox_times(inbox, samples)
            busy_s += time.perf_counter() - began
            pages_done += rendered.value - before
            loaded += loaded_block
            rounds.append(p95(loaded_block) / p95(block))
        pages_per_s = pages_done / busy_s
        stop.set()
        load.join(30)
        inbox.close()
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
        f"| the same ratio, block by block ({len(rounds)} rounds of {samples} + {samples}) | "
        f"{min(rounds):.2f}-{max(rounds):.2f}× (median {statistics.median(rounds):.2f}×) |",
        "",
    ]  # fmt: skip
    print("\n".join(lines))
    if args.write:
        with args.write.open("a") as out:
            out.write("\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
