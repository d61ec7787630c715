"""Twice the nearest Python peer: Alur's step beside SpiffWorkflow's, on one server, in one run.

The peer (`../shared/peers/spiff_sumbawa.py`, SpiffWorkflow 3.2 on the same Sumbawa SOP) does a
step as one transaction: select the workflow's state FOR UPDATE, deserialize, complete the task,
serialize, update, commit. It runs in its own virtualenv (see its README; never a dependency of
Alur's) as a subprocess, given a scratch database of the same server.

Alur's step here is everything the API's step does but HTTP (web/api.py `endpoint`): find the
tenant and its desk, borrow one pooled connection, identify the bearer token (session joined
with the people read model), build the command from the JSON body, run the command handler
with that `Actor` (load, rules, save) with the read models brought up to date inline
(projections="inline"), then build the JSON answer and the position it carries. As in the
peer, each thread drives its own requests round-robin, one action each: the letter's
submission, then Sumbawa's main path (16 actions per request, as the peer's 16).

Every figure is of this run only; the ratio is Alur's steps/s over the peer's at the same
thread count. Usage:
`.venv/bin/python bench/peer.py --peer-python /tmp/peers-venv/bin/python [--requests 200]
[--rounds 2] [--url DSN]`; `--short` (CI) is a few requests, and runs Alur alone when the
peer's python is missing.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEFAULT_SERVER, LETTER, PATH, scratch_database, user_for

from adapters.composition import Platform
from adapters.config import Settings
from bench.seed import LETTER_PDF, PAPER
from domain import commands as c
from domain.actor import operator
from domain.documents import Upload
from domain.mutu_baku import paper_references, submission_references
from web import builders
from web.views import request_view

PEERS = Path(os.environ.get("ALUR_PEERS", Path(__file__).resolve().parents[2] / "shared" / "peers"))
PEER_SCRIPT = PEERS / "spiff_sumbawa.py"
PEER_PYTHON = os.environ.get("ALUR_PEER_PYTHON", "/tmp/peers-venv/bin/python")
VARIANT = "sumbawa-2021"
OPD = "DISDIK"
PASSWORD = "sandi-bench-2026"


@dataclass
class Figure:
    """One measurement: actions done, wall time, latencies (seconds)."""

    label: str
    threads: int
    actions: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    cpu: float = 0.0  # seconds of this process's CPU (all its threads) while measuring

    @property
    def rate(self) -> float:
        return self.actions / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        cpu = 1000 * self.cpu / max(1, self.actions)
        return (f"{self.threads} thread(s) {self.rate:,.0f} steps/s (p95 {self.p95_ms():.1f} ms, "
                f"{self.actions} actions, {cpu:.2f} ms CPU each in this process)")  # fmt: skip

    def p95_ms(self) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# -- the peer ---------------------------------------------------------------------------------


@dataclass
class PeerRun:
    """What the peer's script printed: its steps/s on PostgreSQL and the raw commit rate."""

    steps: dict[int, float]
    commits: dict[int, float]
    p95: dict[int, float]
    text: str

    def summary(self, counts: tuple[int, ...]) -> str:
        rates = [f"{n} thread(s) {self.steps[n]:,.0f} steps/s (p95 {self.p95[n]:.1f} ms)"
                 for n in counts if n in self.steps]  # fmt: skip
        commits = [f"{n}t {self.commits[n]:,.0f}/s" for n in counts if n in self.commits]
        return f"{', '.join(rates)}; raw commit {', '.join(commits)}"


ROW = re.compile(r"^\|\s*(?P<mode>[^|]+?)\s*\|\s*(?P<actions>\d+)\s*\|\s*(?P<wall>[\d.]+)\s*\|"
                 r"\s*(?P<rate>[\d.]+)\s*\|\s*(?P<mean>[\d.]+)\s*\|\s*(?P<p95>[\d.]+)\s*\|")  # fmt: skip


def run_peer(python: str, url: str, requests: int, threads: int, baseline: int = 4000) -> PeerRun:
    """The peer's script on a scratch database of the same server, parsed."""
    done = subprocess.run(
        [python, str(PEER_SCRIPT), "--n", str(requests), "--threads", str(threads), "--dsn", url,
         "--baseline-count", str(baseline)],
        capture_output=True, text=True, timeout=1800, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"the peer failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    steps: dict[int, float] = {}
    commits: dict[int, float] = {}
    p95: dict[int, float] = {}
    for line in done.stdout.splitlines():
        found = ROW.match(line)
        if not found:
            continue
        mode, rate = found["mode"], float(found["rate"])
        if mode.startswith("spiff on PG, 1 thread"):
            steps[1], p95[1] = rate, float(found["p95"])
        elif mode.startswith(f"spiff on PG, {threads} threads"):
            steps[threads], p95[threads] = rate, float(found["p95"])
        elif mode.startswith("pg-baseline-1t"):
            commits[1] = rate
        elif mode.startswith(f"pg-baseline-{threads}t"):
            commits[threads] = rate
    if set(steps) != {1, threads}:
        raise RuntimeError(f"could not read the peer's figures:\n{done.stdout}")
    return PeerRun(steps, commits, p95, done.stdout)


# -- Alur ---------------------------------------------------------------------------------------


class AlurSteps:
    """One tenant on Sumbawa with its users signed in over the API kind of session, and a step
    done as the API's endpoint does it, without HTTP."""

    def __init__(self, platform: Platform, slug: str) -> None:
        self.platform = platform
        self.slug = slug
        platform.listen()  # as the web app does: registry changes by NOTIFY, no polling
        tenant = platform.create_tenant(slug, name="Diskominfo Bench", variant_id=VARIANT)
        desk = platform.desk(tenant)
        admin = operator(slug, "bench")
        desk.commands.create_opd(admin, c.CreateOpd(OPD, "Dinas Pendidikan"))
        users = {user_for(n, role): (role, None) for n, role, _ in PATH} | {"opd": ("opd", OPD)}
        for username, (role, opd) in users.items():
            desk.commands.create_user(admin, c.CreateUser(username, PASSWORD, (role,), f"Bench {username}",
                                                          opd=opd))  # fmt: skip
        self.tokens = {
            username: desk.commands.sign_in(c.SignIn(username, PASSWORD, "127.0.0.1", "api")).token
            for username in users
        }
        self.zone = ZoneInfo(tenant.timezone)
        variant = desk.queries.variant(tenant.variant_id, tenant.variant_version)
        self.first = submission_references(variant, PAPER)  # what the letter does not bring, on paper
        self.warm_up()

    def warm_up(self) -> None:
        """One request walked to the end, not counted: what a serving process has loaded already
        (the holiday tables, the SOP, prepared statements), as the peer's parser is before it."""
        request = self.submit()
        for number, role, extra in PATH:
            request = self.act(request, number, role, extra)

    def step(self, token: str, work: Callable[[Any, Any], Any]) -> dict[str, Any]:
        """What web/api.py's endpoint does around a handler: the tenant, one connection,
        identify the token's user, the handler, the answer with its position."""
        platform = self.platform
        tenant = platform.tenant(self.slug)
        desk = platform.desk(tenant)
        now = platform.services.clock()
        with platform.one_connection(tenant):
            found = desk.queries.identify(token, "api", now)
            if found is None:
                raise RuntimeError("the bench's token was refused")
            detail = work(desk, found[0])
            answer = request_view(detail, desk.queries.variant(detail.variant_id, detail.variant_version),
                                  now, self.zone)  # fmt: skip
            answer["position"] = desk.commands.service.written_position()
        return answer

    def submit(self) -> dict[str, Any]:
        form = {**LETTER, **{f"{slot}-reference": ref for slot, ref in self.first.items()}}
        command = builders.submit_request(form, [Upload("surat-permohonan.pdf", LETTER_PDF, "letter")])
        return self.step(self.tokens["opd"], lambda desk, actor: desk.commands.submit(actor, command))

    def act(self, request: dict[str, Any], number: int, role: str, extra: dict[str, Any]) -> dict[str, Any]:
        body = {"note": f"langkah {number} selesai", "expected_version": request["version"], **extra}
        body["references"] = paper_references(request.get("checklist") or [], extra.get("decision"), PAPER)
        command = builders.complete_step(request["id"], number, body, self.zone)
        token = self.tokens[user_for(number, role)]
        return self.step(token, lambda desk, actor: desk.commands.act(actor, command))


def run_alur(url: str, data_dir: Path, requests: int, threads: int, slug: str) -> Figure:
    """`threads` threads, each walking its own share of `requests` requests round-robin."""
    settings = Settings(url, data_dir, projections="inline")
    with Platform(settings, pool_size=threads) as platform:
        steps = AlurSteps(platform, slug)
        latencies: list[list[float]] = [[] for _ in range(threads)]
        errors: list[BaseException] = []
        start_line = threading.Barrier(threads + 1)

        def work(index: int) -> None:
            mine = range(index, requests, threads)
            lat = latencies[index]
            try:
                start_line.wait()
                walking: list[dict[str, Any]] = []
                for _ in mine:
                    began = time.perf_counter()
                    walking.append(steps.submit())
                    lat.append(time.perf_counter() - began)
                for number, role, extra in PATH:
                    for position, request in enumerate(walking):
                        began = time.perf_counter()
                        walking[position] = steps.act(request, number, role, extra)
                        lat.append(time.perf_counter() - began)
                if any(request["status"] != "completed" for request in walking):
                    raise AssertionError("a request did not reach the end of the main path")
            except BaseException as error:  # reported by the main thread
                errors.append(error)

        workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
        for worker in workers:
            worker.start()
        start_line.wait()
        began, cpu = time.perf_counter(), time.process_time()
        for worker in workers:
            worker.join()
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        if errors:
            raise errors[0]
    every = [x for lat in latencies for x in lat]
    return Figure("alur", threads, len(every), seconds, every, cpu)


# -- the run ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="Alur's step beside SpiffWorkflow's, one run")
    parser.add_argument("--url", default=DEFAULT_SERVER, help="server to create scratch databases on")
    parser.add_argument("--peer-python", default=PEER_PYTHON, help="python of the peer's virtualenv")
    parser.add_argument("--requests", type=int, default=200, help="requests per measurement")
    parser.add_argument("--rounds", type=int, default=1, help="peer, Alur, peer, Alur… alternated")
    parser.add_argument("--threads", default="1,4", help="thread counts (the peer runs 1 and the largest)")
    parser.add_argument("--only-alur", action="store_true", help="Alur's side only (for profiling)")
    parser.add_argument("--short", action="store_true", help="CI: 8 requests; Alur alone without the peer")
    args = parser.parse_args()
    if args.short:
        args.requests, args.rounds = 8, 1
    counts = tuple(int(n) for n in args.threads.split(","))
    peer_ready = Path(args.peer_python).exists() and PEER_SCRIPT.exists() and not args.only_alur
    if not peer_ready and not (args.short or args.only_alur):
        print(f"the peer is needed: no {args.peer_python} or {PEER_SCRIPT} (see {PEERS / 'README.md'})")
        return 2
    print(f"# {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, {os.cpu_count()} cores, "
          f"{args.requests} requests x 16 actions per measurement, {args.rounds} round(s)")  # fmt: skip
    peers: list[PeerRun] = []
    alur: dict[int, list[Figure]] = {n: [] for n in counts}
    baseline = 200 if args.short else 4000  # the peer's raw commits
    with scratch_database(args.url) as url, tempfile.TemporaryDirectory() as data:
        for round_ in range(1, args.rounds + 1):
            if peer_ready:
                with scratch_database(args.url) as peer_url:
                    peers.append(run_peer(args.peer_python, peer_url, args.requests, max(counts), baseline))
                print(f"peer round {round_}: {peers[-1].summary(counts)}", flush=True)
            for threads in counts:
                figure = run_alur(url, Path(data), args.requests, threads, f"peer-{round_}-{threads}t")
                alur[threads].append(figure)
                peer_rate = peers[-1].steps.get(threads) if peers else None
                ratio = f", {figure.rate / peer_rate:.2f}x the peer's" if peer_rate else ""
                print(f"alur round {round_}: {figure.summary()}{ratio}", flush=True)
    print()
    if not peers:
        why = "--only-alur" if args.only_alur else "no SpiffWorkflow virtualenv"
        print(f"peer: not run ({why}); Alur alone:")
    for threads in counts:
        rate = _median([f.rate for f in alur[threads]])
        if not peers or threads not in peers[0].steps:
            print(f"{threads} thread(s): alur {rate:,.0f} steps/s")
            continue
        peer_rate = _median([p.steps[threads] for p in peers])
        commit = _median([p.commits.get(threads, 0.0) for p in peers])
        print(f"{threads} thread(s): alur {rate:,.0f} steps/s, peer {peer_rate:,.0f} steps/s, ratio "
              f"alur/peer {rate / peer_rate:.2f}x (target 2.0x); raw commit {commit:,.0f}/s")  # fmt: skip
    return 0


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


if __name__ == "__main__":
    sys.exit(main())
