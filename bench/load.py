"""Real load on PostgreSQL in the production layout, every figure beside its baseline.

For each tenant count: a scratch database seeded by `alur bench seed` (every variant, every
stage, Plt. grants, late requests), then `alur serve --workers 2` and `alur projections run` as
their own processes with `ALUR_PROJECTIONS=worker`, as deploy/ runs them. For each client
count, clients (threads, each bound to one tenant, signed in as that tenant's people) loop over
the JSON API: their inbox, a request from it, the step it waits for, acting as whoever holds
the step's role; they submit new requests as the OPD so work never runs out. Printed per
(tenants, clients), each beside its baseline from the same run:

- step actions/s over HTTP, and ÷ the eventsourcing library's own save rate (1 event per save)
  on the same database at the same concurrency (bench/baseline.py);
- inbox and step latency p50/p95; visibility lag p50/p95 (a step's 200 until the answer of the
  next role's inbox that shows it, `GET /inbox?request=`, one step in ten, polled every 5 ms:
  each poll is an inbox request, so the figure includes one inbox answer);
- PostgreSQL connections held per server process (pg_stat_activity every 0.5 s, by
  application_name and by the process owning the client socket), and in all;
- 5xx responses, client timeouts / connection errors, pool timeouts in responses and in the
  servers' logs; 409 apart (a stale version: another client acted first, or this one before the
  worker had its last action in the read model), and any other 4xx as a client bug.

Then: full rebuild events/s of the biggest tenant beside reading + decoding alone; the noisy
neighbour (one tenant with 10× the clients of each other: the others' inbox p95 against a quiet
run without it); stored bytes and events per finished request.

Usage: `.venv/bin/python bench/load.py [--clients 20,50,100] [--tenants 10,500]
[--requests 200,100000] [--seconds 30] [--quick] [--write FILE]`; `--quick` is 10 tenants,
100 requests, 20 clients, 10 s. `--database DSN --manifest FILE` reuses a seeded database.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform as host
import random
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2 as httpx
import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import BaselineResult, save_rate
from common import DEFAULT_SERVER, scratch_database

from adapters.composition import Platform
from adapters.config import Settings
from bench.seed import LETTER_PDF, PAPER, assigned_role
from domain.mutu_baku import paper_references, submission_references
from projections.base import percentile
from projections.engine import TRACKING
from tenants.catalogue import builtin_variant

ALUR = str(Path(sys.executable).with_name("alur"))
POOL_TIMEOUT_MARKERS = ("PoolTimeout", "couldn't get a connection")
WORKFLOW_EXCLUDED = frozenset({"admin", "auditor"})


# -- the seeded tenants ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchUser:
    username: str
    roles: tuple[str, ...]
    opd: str | None


@dataclass(frozen=True)
class BenchTenant:
    """A seeded tenant as a client needs it: its SOP and who holds which role now."""

    slug: str
    variant_id: str
    variant_version: int
    users: tuple[BenchUser, ...]
    opds: tuple[str, ...]

    def holders(self, role: str) -> list[str]:
        """Users holding `role` now, the one named after the role first."""
        found = [user.username for user in self.users if role in user.roles]
        return sorted(found, key=lambda name: (name != role, name))

    @property
    def workers(self) -> list[str]:
        """Everyone with a workflow role (not only admin/auditor): whose inboxes get work."""
        return [u.username for u in self.users if set(u.roles) - WORKFLOW_EXCLUDED]

    @property
    def first_references(self) -> dict[str, str]:
        """The first step's documents the letter does not bring, handed over on paper."""
        return submission_references(builtin_variant(self.variant_id).variant, PAPER)

    def opd_user(self, code: str | None) -> str | None:
        requester = builtin_variant(self.variant_id).variant.requester_role
        for user in self.users:
            if requester in user.roles and (code is None or user.opd == code):
                return user.username
        return None


def load_manifest(path: Path) -> tuple[str, list[BenchTenant]]:
    """The password and tenants `alur bench seed --manifest` wrote."""
    data = json.loads(path.read_text())
    tenants = [
        BenchTenant(
            slug=t["slug"],
            variant_id=t["variant_id"],
            variant_version=int(t["variant_version"]),
            users=tuple(BenchUser(u["username"], tuple(u["roles"]), u.get("opd")) for u in t["users"]),
            opds=tuple(t["opds"]),
        )
        for t in data["tenants"]
    ]
    return str(data["password"]), tenants


@dataclass(frozen=True)
class Seeded:
    password: str
    tenants: list[BenchTenant]
    seconds: float
    summary: str


def seed_database(
    url: str, data_dir: Path, tenants: int, requests: int, *, processes: int | None = None,
    show_progress: bool = True,
) -> Seeded:  # fmt: skip
    """Run `alur bench seed` against `url` as its own process; what it made, and how long."""
    manifest = data_dir / "bench-manifest.json"
    command = [ALUR, "bench", "seed", "--tenants", str(tenants), "--requests", str(requests),
               "--manifest", str(manifest)]  # fmt: skip
    if processes:
        command += ["--processes", str(processes)]
    env = {**os.environ, "ALUR_DATABASE_URL": url, "ALUR_DATA_DIR": str(data_dir)}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=None if show_progress else subprocess.PIPE,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        out, err = process.communicate()
    except BaseException:  # interrupted: the seed and its worker processes go too
        _signal_group(process, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        _signal_group(process, signal.SIGKILL)
        raise
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"alur bench seed failed ({process.returncode}): {out}\n{err or ''}")
    password, seeded = load_manifest(manifest)
    return Seeded(password, seeded, seconds, out.strip())


# -- the production layout ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Layout:
    """`alur serve --workers N` and `alur projections run` on one database, as in production.

    Both run in sessions of their own so that stopping them takes every child (uvicorn's
    workers) with them; `stop` is safe to call twice and runs on any exit from `with`.
    """

    def __init__(
        self, url: str, data_dir: Path, *, workers: int = 2, port: int | None = None,
        log_dir: Path | None = None,
    ) -> None:  # fmt: skip
        self.url = url
        self.data_dir = data_dir
        self.workers = workers
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        logs = log_dir or data_dir
        logs.mkdir(parents=True, exist_ok=True)
        self.logs = {"serve": logs / "serve.log", "projections": logs / "projections.log"}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def __enter__(self) -> Layout:
        try:
            self.start()
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        env = {**os.environ, "ALUR_DATABASE_URL": self.url, "ALUR_PROJECTIONS": "worker",
               "ALUR_DATA_DIR": str(self.data_dir)}  # fmt: skip
        commands = {
            "serve": [ALUR, "serve", "--workers", str(self.workers), "--port", str(self.port)],
            "projections": [ALUR, "projections", "run"],
        }
        for name, command in commands.items():
            with self.logs[name].open("ab") as log:
                self.processes[name] = subprocess.Popen(
                    command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Until /healthz answers and the worker has every tenant's events in its read models."""
        deadline = time.monotonic() + timeout
        while True:
            self._check_alive()
            try:
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"alur serve not healthy after {timeout:.0f} s:\n{self.log_tail()}")
            time.sleep(0.2)
        while projection_backlog(self.url) > 0:
            self._check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError(f"projections still behind after {timeout:.0f} s:\n{self.log_tail()}")
            time.sleep(0.2)

    def _check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}:\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM to each process group, SIGKILL after 20 s; only our own processes."""
        for process in self.processes.values():
            _signal_group(process, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=10)
            _signal_group(process, signal.SIGKILL)  # a worker left behind by its master
        self.processes.clear()

    def pids(self) -> dict[int, str]:
        """Every process of the layout by pid, labelled: serve, serve worker, projections."""
        labels: dict[int, str] = {}
        for name, process in self.processes.items():
            labels[process.pid] = name
            for child in _descendants(process.pid):
                labels[child] = f"{name} worker" if name == "serve" else f"{name} child"
        return labels

    def log_offsets(self) -> dict[str, int]:
        return {name: path.stat().st_size if path.exists() else 0 for name, path in self.logs.items()}

    def log_text(self, since: dict[str, int] | None = None) -> str:
        parts = []
        for name, path in self.logs.items():
            if path.exists():
                with path.open("rb") as log:
                    log.seek((since or {}).get(name, 0))
                    parts.append(log.read().decode(errors="replace"))
        return "\n".join(parts)

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_text()[-chars:]


def logged_errors(text: str) -> Counter[str]:
    """The exception each traceback in a log ends with, counted (the first line that is not
    part of a traceback block)."""
    found: Counter[str] = Counter()
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if not line.startswith("Traceback"):
            continue
        for following in lines[index + 1 :]:
            continued = following.startswith(("Traceback", "During", "The above"))
            if following and not following[0].isspace() and not continued:
                found[following.strip()[:200]] += 1
                break
    return found


def _signal_group(process: subprocess.Popen[Any], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def tenant_schemas(conn: psycopg.Connection[Any]) -> list[str]:
    rows = conn.execute(
        "SELECT table_schema FROM information_schema.tables WHERE table_name = 'alur_events'"
        " AND table_schema LIKE 't\\_%' ORDER BY 1"
    ).fetchall()
    return [row[0] for row in rows]


def projection_backlog(url: str) -> int:
    """Events written but not yet in every read model, over all tenants (0: caught up)."""
    with psycopg.connect(url, autocommit=True) as conn:
        parts = []
        for schema in tenant_schemas(conn):
            tracked = conn.execute(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
                (schema, TRACKING),
            ).fetchone()
            if tracked is None:
                return 1  # the worker has not set this tenant up yet
            parts.append(
                sql.SQL(
                    "SELECT GREATEST(0, (SELECT COALESCE(MAX(notification_id), 0) FROM {}.alur_events)"
                    " - (SELECT COALESCE(MIN(position), 0) FROM {}.{}))"
                ).format(sql.Identifier(schema), sql.Identifier(schema), sql.Identifier(TRACKING))
            )
        if not parts:
            return 0
        query = sql.SQL("SELECT COALESCE(SUM(b), 0) FROM ({}) AS lag(b)").format(
            sql.SQL(" UNION ALL ").join(parts)
        )
        row = conn.execute(query).fetchone()
        return int(row[0]) if row else 0


# -- connections held ------------------------------------------------------------------------------


class ConnectionSampler:
    """Samples pg_stat_activity every `interval` s: peak connections per application_name, per
    process owning the client socket (the fallback when names are shared), and in all."""

    def __init__(self, url: str, labels: Callable[[], dict[int, str]], interval: float = 0.5) -> None:
        self.url = url
        self.labels = labels
        self.interval = interval
        self.by_name: Counter[str] = Counter()
        self.by_process: Counter[str] = Counter()
        self.total = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pg-sampler", daemon=True)

    def __enter__(self) -> ConnectionSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self._stop.is_set():
                rows = conn.execute(
                    "SELECT application_name, client_port FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    " AND backend_type = 'client backend'"
                ).fetchall()
                labels = self.labels()
                owners = socket_owners(labels)
                names: Counter[str] = Counter(row[0] or "(none)" for row in rows)
                processes: Counter[str] = Counter()
                for _, port in rows:
                    pid = owners.get(port) if port is not None else None
                    processes[f"{labels[pid]} {pid}" if pid in labels else "other"] += 1
                for key, count in names.items():
                    self.by_name[key] = max(self.by_name[key], count)
                for key, count in processes.items():
                    self.by_process[key] = max(self.by_process[key], count)
                self.total = max(self.total, len(rows))
                self.samples += 1
                self._stop.wait(self.interval)


def socket_owners(labels: dict[int, str]) -> dict[int, int]:
    """Local TCP port → pid, for the sockets the given processes hold (Linux /proc)."""
    inode_pid: dict[str, int] = {}
    for pid in labels:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(fd)
                    if target.startswith("socket:["):
                        inode_pid[target[8:-1]] = pid
    owners: dict[int, int] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if len(fields) > 9 and fields[9] in inode_pid:
                    owners[int(fields[1].rsplit(":", 1)[1], 16)] = inode_pid[fields[9]]
    return owners


# -- the clients ----------------------------------------------------------------------------------


@dataclass
class Tally:
    """What clients saw; each client keeps its own, merged after the run."""

    inbox_ms: list[float] = field(default_factory=list)
    request_ms: list[float] = field(default_factory=list)
    step_ms: list[float] = field(default_factory=list)
    lag_ms: list[float] = field(default_factory=list)
    inbox_by_tenant: dict[str, list[float]] = field(default_factory=dict)
    step_times: list[float] = field(default_factory=list)  # when each 200 arrived (monotonic)
    conflicts: int = 0
    stale_reads: int = 0  # a read showed a request older than this client's own write to it
    stale_conflicts: int = 0  # a 409 on a step acted on from such a stale view
    submissions: int = 0
    lag_unseen: int = 0  # not in the next inbox within 15 s although the request stayed put
    lag_first_poll: int = 0  # samples the very first inbox answer after the 200 already showed
    lag_moved_on: int = 0  # acted on by someone else before it showed: no sample
    polls: int = 0
    server_errors: Counter[str] = field(default_factory=Counter)
    client_errors: Counter[str] = field(default_factory=Counter)
    bugs: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)

    def merge(self, other: Tally) -> None:
        for name in ("inbox_ms", "request_ms", "step_ms", "lag_ms", "step_times", "samples"):
            getattr(self, name).extend(getattr(other, name))
        for slug, values in other.inbox_by_tenant.items():
            self.inbox_by_tenant.setdefault(slug, []).extend(values)
        counts = ("conflicts", "stale_reads", "stale_conflicts", "submissions", "lag_unseen", "lag_moved_on",
                  "lag_first_poll", "polls")  # fmt: skip
        for name in counts:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("server_errors", "client_errors", "bugs"):
            getattr(self, name).update(getattr(other, name))

    def note(self, text: str) -> None:
        if len(self.samples) < 20:
            self.samples.append(text[:400])


class TokenBook:
    """Bearer tokens per (tenant, user), signed in once before the clock starts."""

    def __init__(self, base: str, password: str) -> None:
        self.base = base
        self.password = password
        self.failures: list[tuple[int, str]] = []  # (status or 0 for no answer, text), to be tallied
        self._tokens: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def token(self, slug: str, username: str) -> str:
        with self._lock:
            known = self._tokens.get((slug, username))
        return known if known is not None else self.sign_in(slug, username)

    def sign_in(self, slug: str, username: str, timeout: float = 60.0) -> str:
        answer = httpx.post(
            f"{self.base}/t/{slug}/api/v1/session",
            json={"username": username, "password": self.password}, timeout=timeout,
        )  # fmt: skip
        if answer.status_code != 200:
            raise SignInError(answer.status_code, f"sign-in {slug}/{username}: {answer.text[:300]}")
        token = str(answer.json()["token"])
        with self._lock:
            self._tokens[(slug, username)] = token
        return token

    def sign_in_all(self, pairs: Sequence[tuple[str, str]], concurrency: int = 4) -> None:
        """Sign everyone in a few at a time (argon2 is meant to be slow), within a time budget
        (35 s, or 0.2 s a sign-in for many): a stalled service must not hold the run up; the
        clients sign the rest in as they go."""
        from concurrent.futures import ThreadPoolExecutor

        todo = [pair for pair in dict.fromkeys(pairs) if pair not in self._tokens]
        deadline = time.monotonic() + max(35.0, 0.2 * len(todo))

        def attempt(pair: tuple[str, str]) -> None:
            if time.monotonic() > deadline:
                return
            try:
                self.sign_in(*pair, timeout=max(1.0, deadline - time.monotonic()))
            except SignInError as error:
                self.failures.append((error.status, str(error)))
            except httpx.HTTPError as error:
                self.failures.append((0, f"sign-in {pair[0]}/{pair[1]}: {type(error).__name__} {error}"))

        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(attempt, todo))


class SignInError(RuntimeError):
    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status


@dataclass(frozen=True)
class StepInfo:
    decision: bool
    assigns: bool
    sets_deadline: bool
    assigned_role: str | None


def sop_steps(base: str, tenant: BenchTenant, tokens: TokenBook) -> dict[int, StepInfo]:
    """The tenant's SOP from `GET /sop`; `assigns` / `sets_deadline` from the API when it names
    them, else from the variant file (which also says as which role someone is appointed).
    Without an answer, the variant file alone."""
    variant = builtin_variant(tenant.variant_id).variant
    listed: list[dict[str, Any]] = [
        {"number": step.number, "decision": step.decision is not None} for step in variant.steps
    ]
    try:
        token = tokens.token(tenant.slug, tenant.workers[0])
        answer = httpx.get(f"{base}/t/{tenant.slug}/api/v1/sop", headers=_auth(token), timeout=60)
        if answer.status_code == 200:
            listed = answer.json()["steps"]
        else:
            tokens.failures.append((answer.status_code, f"GET /sop: {answer.text[:300]}"))
    except (httpx.HTTPError, SignInError) as error:
        tokens.failures.append((getattr(error, "status", 0), f"GET /sop: {error}"))
    steps = {}
    for item in listed:
        number = int(item["number"])
        known = variant.step(number) if variant.has_step(number) else None
        assigns = item.get("assigns", known.assigns if known else False)
        deadline = item.get("sets_deadline", bool(known.sets_deadline_for) if known else False)
        steps[number] = StepInfo(
            decision=bool(item.get("decision")),
            assigns=bool(assigns),
            sets_deadline=bool(deadline),
            assigned_role=assigned_role(variant, number) if assigns and known else None,
        )
    return steps


POSITION = "Alur-Position"  # web/freshness.py: a command's position, sent back with the reads


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def inbox_items(body: Any) -> tuple[list[dict[str, Any]], int | None]:
    """The inbox as a list today, or as the envelope {items, total, page, limit} to come."""
    if isinstance(body, dict) and "items" in body:
        total = body.get("total")
        return list(body["items"]), int(total) if isinstance(total, int) else None
    return list(body or []), None


class LoadClient:
    """One client: one tenant, its people's tokens, looping inbox → request → step until told."""

    def __init__(
        self, base: str, tenant: BenchTenant, tokens: TokenBook, steps: dict[int, StepInfo], *,
        seed: int, stop: threading.Event, lag_every: int = 10, timeout: float = 40.0,
    ) -> None:  # fmt: skip
        self.api = f"{base}/t/{tenant.slug}/api/v1"
        self.tenant = tenant
        self.tokens = tokens
        self.steps = steps
        self.rng = random.Random(seed)
        self.stop = stop
        self.lag_every = lag_every
        self.tally = Tally()
        self.http = httpx.Client(timeout=timeout)
        self.requester = builtin_variant(tenant.variant_id).variant.requester_role
        self._empty = 0
        self._done = 0
        # Reading one's own writes: the position of this client's last write goes with its
        # reads (web/freshness.py), and the versions its own steps gave each request tell a
        # stale read (an older version shown after it) from a fresh one.
        self.position: str | None = None
        self.own_versions: dict[str, int] = {}

    def run(self) -> Tally:
        try:
            while not self.stop.is_set():
                try:
                    self.iteration()
                except Exception as error:  # a client bug (or an API shape it does not know): counted
                    self.tally.bugs[f"client exception {type(error).__name__}"] += 1
                    self.tally.note(f"client exception: {type(error).__name__}: {error}")
                    self.stop.wait(0.05)
        finally:
            self.http.close()
        return self.tally

    # one round: someone's inbox, a request from it, the step it waits for
    def iteration(self) -> None:
        user = self.rng.choice(self.tenant.workers)
        answer = self.call("GET", "/inbox", user, kind="inbox")
        if answer is None:
            return
        items, _ = inbox_items(answer)
        if not items:
            self._empty += 1
            if self._empty >= 3:
                self.submit()
                self._empty = 0
            return
        self._empty = 0
        if self.rng.random() < 0.08:
            self.submit()
        item = self.rng.choice(items[:10])
        view = self.call("GET", f"/requests/{item['request_id']}", user, kind="request")
        if view is not None and int(view.get("version") or 0) < self.own_versions.get(str(view.get("id")), 0):
            self.tally.stale_reads += 1
        if view is None or view.get("status") != "in_progress" or not view.get("active_step"):
            return
        self.act(view, list(item.get("assignees") or []))

    def act(self, view: dict[str, Any], assignees: list[str]) -> None:
        active = view["active_step"]
        number, role = int(active["number"]), str(active["role"])
        actor = view.get("appointee") or self.holder(role, view.get("opd"), assignees)  # the appointee's step
        if actor is None:
            self.tally.bugs["no user holds role"] += 1
            return
        info = self.steps.get(number) or StepInfo(bool(active.get("decision")), False, False, None)
        body: dict[str, Any] = {"note": "uji beban / load", "expected_version": view["version"],
                                "decision": None, "assignee": None, "deadline": None}  # fmt: skip
        if info.decision:
            body["decision"] = "tidak" if self.rng.random() < 0.1 else "ya"
        if info.assigns:
            wanted = info.assigned_role or role
            people = self.tenant.holders(wanted) or [actor]
            body["assignee"] = self.rng.choice(people)
            assignees = [*assignees, body["assignee"]]
        if info.sets_deadline:
            body["deadline"] = (date.today() + timedelta(days=14)).isoformat()
        # every document the step still needs was handed over on paper: a reference for each
        body["references"] = paper_references(view.get("checklist") or [], body["decision"], PAPER)
        stale_view = view["version"] < self.own_versions.get(str(view["id"]), 0)
        conflicts = self.tally.conflicts
        answer = self.call("POST", f"/requests/{view['id']}/steps/{number}", actor, body=body, kind="step")
        if answer is None:
            self.tally.stale_conflicts += int(stale_view and self.tally.conflicts > conflicts)
            return
        self.own_versions[str(answer["id"])] = int(answer["version"])
        self._done += 1
        if self.lag_every and self._done % self.lag_every == 0:
            self.measure_lag(answer, assignees)

    def holder(self, role: str, opd: str | None, assignees: list[str]) -> str | None:
        if role == self.requester:
            return self.tenant.opd_user(opd)
        holders = self.tenant.holders(role)
        for person in assignees:
            if person in holders:
                return person
        return holders[0] if holders else None

    def submit(self) -> None:
        opd = self.rng.choice(self.tenant.opds)
        user = self.tenant.opd_user(opd)
        if user is None:
            return
        body = {"title": f"Aplikasi Uji Beban {self.rng.randint(1, 99999)}",
                "purpose": "Uji beban / load test", "letter_number": f"{self.rng.randint(1, 999)}/UB/2026",
                "letter_date": date.today().isoformat()}  # fmt: skip
        form = {**body, **{f"{slot}-reference": ref for slot, ref in self.tenant.first_references.items()}}
        if self.call("POST", "/requests", user, form=form, kind="submit") is not None:
            self.tally.submissions += 1

    def measure_lag(self, answer: dict[str, Any], assignees: list[str]) -> None:
        """From this 200 until the request is in the next role's inbox (the next person's when
        someone holding that role was appointed); nothing to wait for once it finished."""
        arrived = time.monotonic()
        active = answer.get("active_step")
        if answer.get("status") != "in_progress" or not active:
            return
        number, role = int(active["number"]), str(active["role"])
        viewer = answer.get("appointee") or self.holder(role, answer.get("opd"), assignees)
        if viewer is None:
            return
        deadline, check = arrived + 15.0, arrived + 1.0
        first = True
        while time.monotonic() < deadline:
            if self.stop.is_set():
                return  # the run is over: no sample
            if self._in_inbox(viewer, str(answer["id"]), number):
                self.tally.lag_ms.append((time.monotonic() - arrived) * 1000)
                self.tally.lag_first_poll += int(first)
                return
            first = False
            if time.monotonic() > check:  # another client may have taken the step meanwhile
                check = time.monotonic() + 1.0
                now = self.call("GET", f"/requests/{answer['id']}", viewer, kind="poll")
                later = now.get("version") if now is not None else None
                if isinstance(later, int) and later > int(answer.get("version") or 0):
                    self.tally.lag_moved_on += 1
                    return
            time.sleep(0.005)
        self.tally.lag_unseen += 1

    def _in_inbox(self, user: str, request_id: str, number: int) -> bool:
        body = self.call("GET", f"/inbox?request={request_id}", user, kind="poll")
        if body is None:
            return False
        self.tally.polls += 1
        items, _ = inbox_items(body)
        return any(i.get("request_id") == request_id and int(i.get("step", 0)) == number for i in items)

    def call(
        self, method: str, path: str, user: str, *, body: dict[str, Any] | None = None, kind: str,
        form: dict[str, str] | None = None,
    ) -> Any:
        """One API call as `user`: the JSON on 2xx, else None with the answer counted."""
        started = time.monotonic()
        try:
            headers = _auth(self.tokens.token(self.tenant.slug, user))
            if method == "GET" and self.position is not None:
                headers[POSITION] = self.position  # this client's own last write, to be seen
            if form is not None:  # a submission: multipart, with the letter (a PDF)
                letter = {"letter": ("surat-permohonan.pdf", LETTER_PDF, "application/pdf")}
                answer = self.http.request(method, self.api + path, data=form, headers=headers, files=letter)
            else:
                answer = self.http.request(method, self.api + path, json=body, headers=headers)
        except httpx.TimeoutException:
            self.tally.client_errors[f"timeout {kind}"] += 1
            return None
        except SignInError as error:
            self.tally.note(f"{error.status} {error}")
            counts = self.tally.server_errors if error.status >= 500 else self.tally.bugs
            counts[f"{error.status} session"] += 1
            return None
        except httpx.TransportError as error:
            self.tally.client_errors[f"{type(error).__name__} {kind}"] += 1
            self.tally.note(f"{kind} {method} {path}: {error}")
            return None
        took = (time.monotonic() - started) * 1000
        status = answer.status_code
        if POSITION in answer.headers:
            self.position = answer.headers[POSITION]
        if status >= 500:
            self.tally.server_errors[f"{status} {kind}"] += 1
            self.tally.note(f"{status} {method} {path}: {answer.text}")
            return None
        if status == 409 and kind == "step":
            self.tally.conflicts += 1
            return None
        if status >= 400:
            self.tally.bugs[f"{status} {kind}"] += 1
            self.tally.note(f"{status} {method} {path} as {user}: {answer.text}")
            return None
        if kind == "inbox":
            self.tally.inbox_ms.append(took)
            self.tally.inbox_by_tenant.setdefault(self.tenant.slug, []).append(took)
        elif kind == "request":
            self.tally.request_ms.append(took)
        elif kind == "step":
            self.tally.step_ms.append(took)
            self.tally.step_times.append(time.monotonic())
        return answer.json()


@dataclass
class RunResult:
    """One timed run: what the clients saw and what the servers did meanwhile."""

    label: str
    clients: int
    tenants: int
    seconds: float
    tally: Tally
    steps_in_window: int
    connections_by_name: dict[str, int]
    connections_by_process: dict[str, int]
    connections_total: int
    pool_timeouts_logged: list[str]
    errors_logged: Counter[str]
    client_cpu: float  # share of one core the client process used
    baseline: BaselineResult | None = None

    @property
    def steps_per_second(self) -> float:
        return self.steps_in_window / self.seconds

    @property
    def five_xx(self) -> int:
        return sum(self.tally.server_errors.values())

    @property
    def pool_timeouts(self) -> int:
        in_answers = sum(1 for text in self.tally.samples if any(m in text for m in POOL_TIMEOUT_MARKERS))
        return in_answers + len(self.pool_timeouts_logged)

    def describe(self) -> str:
        """One run in plain words: counts first, then figures, then samples of what went wrong."""
        t = self.tally
        lines = [
            f"{self.clients} clients on {self.tenants} tenants for {self.seconds:.0f} s: "
            f"{self.steps_in_window} step actions ({self.steps_per_second:,.1f}/s), {t.conflicts} × 409 "
            f"({t.stale_conflicts} from a stale view), {t.stale_reads} stale reads, "
            f"{t.submissions} submissions",
            f"5xx: {dict(t.server_errors) or 0}; client timeouts/connection errors: "
            f"{dict(t.client_errors) or 0}; 4xx (client bugs): {dict(t.bugs) or 0}; "
            f"pool timeouts: {self.pool_timeouts}",
            f"inbox p50/p95 {pair(t.inbox_ms)} ms, step {pair(t.step_ms)} ms, lag {pair(t.lag_ms)} ms "
            f"({len(t.lag_ms)} samples, {t.lag_unseen} unseen)",
            f"connections max: by application_name {self.connections_by_name}, by process "
            f"{self.connections_by_process}, total {self.connections_total}",
        ]
        lines += [f"server log: {count} × {error}" for error, count in self.errors_logged.most_common(5)]
        lines += [f"pool timeout logged: {line[:300]}" for line in self.pool_timeouts_logged[:5]]
        lines += [f"sample: {text}" for text in t.samples[:8]]
        return "\n".join(lines)

    @property
    def failures(self) -> list[str]:
        """What makes a run fail: 5xx answers and pool timeouts (never timings)."""
        found = [f"{count} × {what}" for what, count in sorted(self.tally.server_errors.items())]
        found += [f"pool timeout in the server log: {line}" for line in self.pool_timeouts_logged[:5]]
        if len(self.pool_timeouts_logged) > 5:
            found.append(f"… {len(self.pool_timeouts_logged) - 5} more pool-timeout lines in the log")
        return found


def spread(tenants: Sequence[BenchTenant], clients: int) -> list[BenchTenant]:
    """Which tenant each client is bound to: all tenants in turn, or evenly spaced ones when
    there are more tenants than clients."""
    if clients <= len(tenants):
        return [tenants[(index * len(tenants)) // clients] for index in range(clients)]
    return [tenants[index % len(tenants)] for index in range(clients)]


def run_load(
    layout: Layout, bound: Sequence[BenchTenant], tokens: TokenBook, seconds: float, *,
    label: str = "", lag_every: int = 10, timeout: float = 40.0, seed: int = 1,
) -> RunResult:  # fmt: skip
    """`len(bound)` clients, client i on tenant bound[i], for `seconds`; then wait for what
    was in flight (at most `timeout`) and collect everything."""
    tenants = list({t.slug: t for t in bound}.values())
    offsets = layout.log_offsets()
    tokens.sign_in_all([(t.slug, name) for t in tenants for name in t.workers])
    steps = {t.slug: sop_steps(layout.base, t, tokens) for t in tenants}
    stop = threading.Event()
    clients = [
        LoadClient(
            layout.base,
            tenant,
            tokens,
            steps[tenant.slug],
            seed=seed * 100_003 + index,
            stop=stop,
            lag_every=lag_every,
            timeout=timeout,
        )
        for index, tenant in enumerate(bound)
    ]
    tallies: list[Tally] = []
    lock = threading.Lock()

    def drive(client: LoadClient) -> None:
        tally = client.run()
        with lock:
            tallies.append(tally)

    threads = [
        threading.Thread(target=drive, args=(client,), name=f"client-{index}", daemon=True)
        for index, client in enumerate(clients)
    ]
    with ConnectionSampler(layout.url, layout.pids) as sampler:
        cpu = time.process_time()
        started = time.monotonic()
        for thread in threads:
            thread.start()
        try:
            stop.wait(seconds)
        finally:
            stop.set()
            window_end = time.monotonic()
            for thread in threads:
                thread.join(timeout=timeout + 10)
        cpu = (time.process_time() - cpu) / max(time.monotonic() - started, 1e-9)
    tally = Tally()
    for each in tallies:
        tally.merge(each)
    for status, text in tokens.failures:  # sign-ins before the clock started count too
        counts = tally.server_errors if status >= 500 else tally.client_errors if status == 0 else tally.bugs
        counts[f"{status or 'no answer'} sign-in or GET /sop"] += 1
        tally.note(text)
    tokens.failures.clear()
    log = layout.log_text(offsets)
    logged = [line.strip() for line in log.splitlines() if any(mark in line for mark in POOL_TIMEOUT_MARKERS)]
    return RunResult(
        label=label, clients=len(bound), tenants=len(tenants), seconds=seconds, tally=tally,
        steps_in_window=sum(1 for t in tally.step_times if t <= window_end),
        connections_by_name=dict(sampler.by_name), connections_by_process=dict(sampler.by_process),
        connections_total=sampler.total, pool_timeouts_logged=logged, errors_logged=logged_errors(log),
        client_cpu=cpu,
    )  # fmt: skip


# -- the other figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RebuildResult:
    slug: str
    events: int
    seconds: float
    baseline_rate: float

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def rebuild_rate(url: str, data_dir: Path) -> RebuildResult:
    """Rebuild every read model of the tenant with the most events, in process, timed (warm: a
    first rebuild untimed); beside it reading and decoding the same events without applying
    them (bench/rebuild.py's baseline)."""
    from rebuild import read_only

    with psycopg.connect(url, autocommit=True) as conn:
        sizes = {
            schema: conn.execute(
                sql.SQL("SELECT COUNT(*) FROM {}.alur_events").format(sql.Identifier(schema))
            ).fetchone()[0]  # type: ignore[index]
            for schema in tenant_schemas(conn)
        }
    biggest = max(sizes, key=lambda s: sizes[s])
    with Platform(Settings(url, data_dir, projections="worker")) as platform:
        tenant = next(t for t in platform.tenants() if t.schema == biggest)
        projector = platform.services.projector(tenant)
        projector.setup()
        # Once untimed: a fresh process first builds each year's holiday table and reads the SOP
        # versions, a fixed cost that would dominate a tenant of a few thousand events.
        projector.rebuild()
        started = time.perf_counter()
        read = read_only(projector)
        baseline = read / max(time.perf_counter() - started, 1e-9)
        started = time.perf_counter()
        count = projector.rebuild()
        seconds = time.perf_counter() - started
    return RebuildResult(tenant.slug, count, seconds, baseline)


@dataclass(frozen=True)
class Storage:
    requests: int
    events: int
    bytes: int


def stored_bytes(url: str) -> Storage:
    """Event rows (every column, pg_column_size of the row) of finished requests, all tenants."""
    requests = events = size = 0
    with psycopg.connect(url, autocommit=True) as conn:
        for schema in tenant_schemas(conn):
            row = conn.execute(
                sql.SQL(
                    "SELECT COUNT(DISTINCT e.originator_id), COUNT(*), COALESCE(SUM(pg_column_size(e.*)), 0)"
                    " FROM {schema}.alur_events e JOIN {schema}.rm_requests r"
                    " ON r.id = e.originator_id::text WHERE r.status <> 'in_progress'"
                ).format(schema=sql.Identifier(schema))
            ).fetchone()
            if row:
                requests, events, size = requests + row[0], events + row[1], size + int(row[2])
    return Storage(requests, events, size)


@dataclass(frozen=True)
class Neighbour:
    quiet: RunResult
    noisy: RunResult
    others: list[str]

    def p95(self, run: RunResult) -> float | None:
        values = [v for slug in self.others for v in run.tally.inbox_by_tenant.get(slug, [])]
        return percentile(values, 0.95)


def noisy_neighbour(
    layout: Layout, tenants: Sequence[BenchTenant], tokens: TokenBook, seconds: float, *,
    per_tenant: int = 1, others: int = 9, timeout: float = 40.0,
) -> Neighbour:  # fmt: skip
    """The others' inbox p95 with `per_tenant` clients each, without and then with one tenant
    driven by ten times as many clients."""
    loud, rest = tenants[0], list(tenants[1 : 1 + others])
    quiet_bound = [t for t in rest for _ in range(per_tenant)]
    quiet = run_load(layout, quiet_bound, tokens, seconds, label="quiet", timeout=timeout, seed=7)
    noisy_bound = [loud] * (10 * per_tenant) + quiet_bound
    noisy = run_load(layout, noisy_bound, tokens, seconds, label="noisy", timeout=timeout, seed=7)
    return Neighbour(quiet, noisy, [t.slug for t in rest])


# -- the report ------------------------------------------------------------------------------------


def ms(values: Sequence[float], fraction: float) -> str:
    found = percentile(values, fraction)
    return "-" if found is None else f"{found:,.0f}"


def pair(values: Sequence[float]) -> str:
    return f"{ms(values, 0.5)} / {ms(values, 0.95)}"


HEADER = ("tenants driven", "clients", "steps/s", "library saves/s (pool)", "ratio", "inbox p50/p95 ms",
          "step p50/p95 ms", "lag p50/p95 ms (n)", "conns max by app name", "conns max by process",
          "conns total", "409 (from a stale view)", "stale reads", "shown at the first poll",
          "5xx", "timeouts/conn errors", "pool timeouts", "4xx (client bugs)",
          "client CPU")  # fmt: skip


def row(run: RunResult) -> list[str]:
    base = run.baseline
    ratio = f"{run.steps_per_second / base.rate:.2f}" if base and base.rate else "-"
    unseen = f", {run.tally.lag_unseen} unseen" if run.tally.lag_unseen else ""
    lag = f"{pair(run.tally.lag_ms)} ({len(run.tally.lag_ms)}{unseen})"
    by_name = ", ".join(f"{k}: {v}" for k, v in sorted(run.connections_by_name.items())) or "-"
    by_process = ", ".join(f"{k}: {v}" for k, v in sorted(run.connections_by_process.items())) or "-"
    return [
        str(run.tenants), str(run.clients), f"{run.steps_per_second:,.1f}",
        f"{base.rate:,.0f} ({base.pool})" if base else "-", ratio,
        pair(run.tally.inbox_ms), pair(run.tally.step_ms), lag, by_name, by_process,
        str(run.connections_total), f"{run.tally.conflicts} ({run.tally.stale_conflicts})",
        str(run.tally.stale_reads), f"{run.tally.lag_first_poll} of {len(run.tally.lag_ms)}",
        str(run.five_xx),
        str(sum(run.tally.client_errors.values())), str(run.pool_timeouts),
        str(sum(run.tally.bugs.values())), f"{run.client_cpu * 100:.0f}%",
    ]  # fmt: skip


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


@dataclass
class TenantCountReport:
    tenants: int
    requests: int
    seed_seconds: float
    seed_summary: str
    runs: list[RunResult] = field(default_factory=list)
    neighbour: Neighbour | None = None
    rebuild: RebuildResult | None = None
    storage: Storage | None = None

    def text(self) -> str:
        title = f"### {self.tenants} tenants, {self.requests} requests seeded ({self.seed_seconds:.1f} s)"
        if not self.seed_seconds:
            title = f"### {self.tenants} tenants (a database seeded before)"
        lines = [title, "", markdown_table([row(r) for r in self.runs]), ""]
        for run in self.runs:
            details = []
            for name, counts in (("client errors", run.tally.client_errors), ("4xx", run.tally.bugs),
                                 ("5xx", run.tally.server_errors)):  # fmt: skip
                if counts:
                    details.append(f"{name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
            details += [f"pool timeout logged: {line[:200]}" for line in run.pool_timeouts_logged[:3]]
            details += [f"logged {count} × {error}" for error, count in run.errors_logged.most_common(5)]
            details += [f"sample: {text[:200]}" for text in run.tally.samples[:3]]
            details.append(f"submissions {run.tally.submissions}, lag polls {run.tally.polls} "
                           f"({run.tally.lag_moved_on} samples dropped: acted on by another client first), "
                           f"GET request p50/p95 {pair(run.tally.request_ms)} ms")  # fmt: skip
            lines.append(f"- {run.clients} clients: " + "; ".join(details))
        if self.rebuild:
            r = self.rebuild
            lines.append(f"- full rebuild of {r.slug}: {r.events:,} events in {r.seconds:.2f} s = "
                         f"{r.rate:,.0f} events/s; read + decode only {r.baseline_rate:,.0f} events/s; "
                         f"ratio {r.rate / r.baseline_rate:.2f}")  # fmt: skip
        if self.neighbour:
            n = self.neighbour
            quiet, noisy = n.p95(n.quiet), n.p95(n.noisy)
            ratio = f"{noisy / quiet:.2f}×" if quiet and noisy else "-"
            lines.append(f"- noisy neighbour: {len(n.others)} tenants × 1 client, inbox p95 {_num(quiet)} ms "
                         f"quiet vs {_num(noisy)} ms with one tenant on {n.noisy.clients - n.quiet.clients} "
                         f"clients ({ratio}); noisy run 5xx {n.noisy.five_xx}, pool timeouts "
                         f"{n.noisy.pool_timeouts}")  # fmt: skip
        if self.storage and self.storage.requests:
            s = self.storage
            lines.append(f"- stored per finished request: {s.bytes / s.requests:,.0f} bytes in "
                         f"{s.events / s.requests:.1f} events ({s.requests} finished requests, "
                         f"{s.bytes / s.events:,.0f} bytes per event row)")  # fmt: skip
        return "\n".join(lines)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def machine_facts(url: str) -> str:
    with psycopg.connect(url, autocommit=True) as conn:
        version = conn.execute("SHOW server_version").fetchone()
        limit = conn.execute("SHOW max_connections").fetchone()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), host.processor())  # fmt: skip
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[1], check=False).stdout.strip()  # fmt: skip
    return (f"nproc {os.cpu_count()}, {cpu}; PostgreSQL {version[0] if version else '?'} "
            f"(max_connections {limit[0] if limit else '?'}) on the same machine; Python "
            f"{host.python_version()}; commit {commit or '?'} (+ working tree)")  # fmt: skip


# -- the whole run ---------------------------------------------------------------------------------


def measure_tenant_count(
    url: str, data_dir: Path, tenants: int, requests: int, clients: Sequence[int], seconds: float, *,
    seeded: Seeded | None = None, neighbour: bool = True, processes: int | None = None,
    log_dir: Path | None = None,
) -> TenantCountReport:  # fmt: skip
    """Seed (unless given), start the layout, run each client count and its baseline, the noisy
    neighbour; stop the layout; then rebuild and storage."""
    if seeded is None:
        print(f"\n== {tenants} tenants, {requests} requests: seeding", file=sys.stderr)
        seeded = seed_database(url, data_dir, tenants, requests, processes=processes)
        print(seeded.summary.splitlines()[0] if seeded.summary else "", file=sys.stderr)
    report = TenantCountReport(len(seeded.tenants), requests, seeded.seconds, seeded.summary)
    with Layout(url, data_dir, log_dir=log_dir) as layout:
        tokens = TokenBook(layout.base, seeded.password)
        for count in clients:
            print(f"== {count} clients for {seconds:.0f} s", file=sys.stderr)
            run = run_load(layout, spread(seeded.tenants, count), tokens, seconds, label=f"{count}")
            print(f"   {run.steps_per_second:,.1f} steps/s, 5xx {run.five_xx}; library baseline",
                  file=sys.stderr)  # fmt: skip
            run.baseline = save_rate(url, count, seconds)
            report.runs.append(run)
        if neighbour and len(seeded.tenants) >= 2:
            print(f"== noisy neighbour ({seconds:.0f} s quiet, {seconds:.0f} s noisy)", file=sys.stderr)
            report.neighbour = noisy_neighbour(layout, seeded.tenants, tokens, seconds)
    print("== rebuild, storage", file=sys.stderr)
    report.rebuild = rebuild_rate(url, data_dir)
    report.storage = stored_bytes(url)
    return report


@contextlib.contextmanager
def scratch(server: str) -> Iterator[tuple[str, Path]]:
    """A scratch database and data folder, both gone afterwards."""
    with scratch_database(server) as url, tempfile.TemporaryDirectory(prefix="alur-load-") as tmp:
        yield url, Path(tmp)


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Alur under load on PostgreSQL (production layout)")
    parser.add_argument("--clients", default="20,50,100", help="client counts, comma-separated")
    parser.add_argument("--tenants", default="10,500", help="tenant counts, comma-separated")
    parser.add_argument("--requests", default=None,
                        help="requests per tenant count, comma-separated (default 20/tenant)")  # fmt: skip
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--quick", action="store_true", help="10 tenants, 100 requests, 20 clients, 10 s")
    parser.add_argument("--url", default=DEFAULT_SERVER, help="server for the scratch databases")
    parser.add_argument("--database", help="reuse this seeded database (with --manifest) instead")
    parser.add_argument("--manifest", help="the seed's manifest for --database")
    parser.add_argument("--processes", type=int, default=None, help="seed processes")
    parser.add_argument("--no-neighbour", action="store_true", help="skip the noisy-neighbour runs")
    parser.add_argument("--write", metavar="FILE", help="append the results as a Markdown section")
    args = parser.parse_args(argv)
    if args.quick:
        args.clients, args.tenants, args.requests, args.seconds = "20", "10", "100", 10.0
    clients, tenant_counts = _ints(args.clients), _ints(args.tenants)
    requests = _ints(args.requests) if args.requests else [20 * t for t in tenant_counts]
    if len(requests) != len(tenant_counts):
        parser.error("--requests needs one value per --tenants value")
    started = datetime.now(UTC)
    logs = Path(tempfile.mkdtemp(prefix="alur-load-logs-"))
    print(f"server logs / log server: {logs}", file=sys.stderr)
    reports: list[TenantCountReport] = []
    facts = ""
    try:
        if args.database:
            if not args.manifest:
                parser.error("--database needs --manifest")
            password, seeded = load_manifest(Path(args.manifest))
            with tempfile.TemporaryDirectory(prefix="alur-load-") as tmp:
                facts = machine_facts(args.database)
                reports.append(measure_tenant_count(
                    args.database, Path(tmp), len(seeded), 0, clients, args.seconds,
                    seeded=Seeded(password, seeded, 0.0, ""), neighbour=not args.no_neighbour,
                    log_dir=logs / "reused",
                ))  # fmt: skip
        else:
            for tenants, count in zip(tenant_counts, requests, strict=True):
                with scratch(args.url) as (url, data_dir):
                    facts = facts or machine_facts(url)
                    reports.append(measure_tenant_count(
                        url, data_dir, tenants, count, clients, args.seconds, neighbour=not args.no_neighbour,
                        processes=args.processes, log_dir=logs / f"{tenants}-tenants",
                    ))  # fmt: skip
    except KeyboardInterrupt:
        print("\ndihentikan / interrupted: servers stopped, scratch database dropped", file=sys.stderr)
        return 130
    command = ".venv/bin/python bench/load.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    section = "\n".join([
        f"## Load on PostgreSQL, production layout — {started:%Y-%m-%d %H:%M} UTC", "",
        f"Command: `{command}`", "", f"Machine: {facts}", "",
        "Layout: `alur serve --workers 2` + `alur projections run` (ALUR_PROJECTIONS=worker), clients "
        "as threads in one process over the JSON API; baseline: eventsourcing Application, 1 event "
        "per save, same database, threads = clients.", "",
        *[report.text() + "\n" for report in reports],
    ])  # fmt: skip
    print("\n" + section)
    if args.write:
        with Path(args.write).open("a") as out:
            out.write(section + "\n")
    failed = any(run.failures for report in reports for run in report.runs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
