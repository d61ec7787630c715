"""The SOP flowchart's layout: computed by ELK in node, once per graph, off the page's path.

A page view never runs node. A graph (web/charts/flowchart.py builds it from an SOP version) is laid
out when the version is adopted, or when a page first finds it missing, by one background
thread per process, one node at a time, with a time and a memory budget (`--max-old-space-size`
for V8's heap; RLIMIT_AS would break V8, which reserves address space it never uses). What came
of it, the layout or the failure with its reason and the seconds it took, is recorded in the
platform's store (`flowchart_layouts` in `platform.sqlite3` or schema `alur_platform`), keyed by
the graph's SHA-256: every web process finds it, a restart does not compute it again, the same
shipped SOP in a hundred tenants is laid out once, and a graph that failed or ran over budget is
not tried again. Until a layout is recorded the page shows the numbered list of steps.
"""

from __future__ import annotations

import hashlib
import json
import queue
import shutil
import sqlite3
import subprocess
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from psycopg.rows import tuple_row
from psycopg_pool import ConnectionPool

from adapters.config import Settings
from adapters.logging import log

SCRIPT = Path(__file__).with_name("flowchart_layout.js")
TIME_BUDGET = 20.0  # seconds: the largest accepted SOP (60 steps, 16 roles) takes 2-4 s
MEMORY_BUDGET_MB = 256  # V8's heap: the 2,500-step graph of the probe wanted about 800 MB
REMEMBERED = 256  # layouts kept in memory per process (a layout is a function of its graph alone)
DDL = ("CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, status TEXT NOT NULL, layout TEXT,"
       " reason TEXT, seconds DOUBLE PRECISION NOT NULL, computed_at TEXT NOT NULL)")  # fmt: skip


@dataclass(frozen=True)
class Recorded:
    """What came of laying out one graph: its layout, or why there is none."""

    status: str  # "ok" or "failed"
    layout: dict[str, Any] | None
    reason: str
    seconds: float


@dataclass(frozen=True)
class Graph:
    """A graph as node reads it, and its SHA-256: the key its layout is recorded under."""

    text: str
    key: str


def graph_key(graph: dict[str, Any]) -> Graph:
    text = json.dumps(graph, sort_keys=True)
    return Graph(text, hashlib.sha256(text.encode()).hexdigest())


class LayoutStore:
    """The recorded layouts, in the platform's store (SQLite file or PostgreSQL schema)."""

    def __init__(self, settings: Settings, pool: Callable[[], ConnectionPool[Any]]) -> None:
        self._settings = settings
        self._pool = pool
        self._ready = False

    def get(self, key: str) -> Recorded | None:
        rows = self._run("SELECT status, layout, reason, seconds FROM {table} WHERE key = ?", (key,))
        if not rows:
            return None
        status, layout, reason, seconds = rows[0]
        return Recorded(status, json.loads(layout) if layout else None, reason or "", float(seconds))

    def put(self, key: str, recorded: Recorded) -> None:
        layout = json.dumps(recorded.layout) if recorded.layout is not None else None
        self._run(
            "INSERT INTO {table} (key, status, layout, reason, seconds, computed_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET status = excluded.status, layout = excluded.layout,"
            " reason = excluded.reason, seconds = excluded.seconds, computed_at = excluded.computed_at",
            (key, recorded.status, layout, recorded.reason, recorded.seconds, datetime.now(UTC).isoformat()),
        )

    def _run(self, statement: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        if self._settings.database_url is None:
            path = self._settings.data_dir / "platform.sqlite3"
            with closing(sqlite3.connect(path, timeout=10)) as conn, conn:
                if not self._ready:
                    conn.execute(DDL.format(table="flowchart_layouts"))
                    self._ready = True
                return conn.execute(statement.format(table="flowchart_layouts"), params).fetchall()
        table = "alur_platform.flowchart_layouts"
        with self._pool().connection() as conn:
            if not self._ready:
                conn.execute("CREATE SCHEMA IF NOT EXISTS alur_platform")
                conn.execute(DDL.format(table=table))
                self._ready = True
            sql = statement.format(table=table).replace("?", "%s")
            found = conn.cursor(row_factory=tuple_row).execute(sql, params)
            return found.fetchall() if found.description else []


class Layouts:
    """The layouts of this process: remembered, recorded, and computed in the background.

    `layout(graph)` answers at once: the layout if one is recorded, else None (and the graph is
    queued to be laid out, unless it failed before). `prepare(graph)` only queues it (an SOP
    version just adopted); `warm(graphs)` queues a listing of graphs to prepare (every tenant's
    SOP at a process's start). `wait()` blocks until nothing is queued (tests).
    """

    _known: ClassVar[OrderedDict[str, Recorded]] = OrderedDict()  # shared: a graph lays out one way
    _known_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        store: LayoutStore,
        modules: Path,
        *,
        time_budget: float = TIME_BUDGET,
        memory_mb: int = MEMORY_BUDGET_MB,
    ) -> None:
        self._store = store
        self._modules = modules
        self.time_budget = time_budget
        self.memory_mb = memory_mb
        self._queued: set[str] = set()
        self._jobs: queue.Queue[tuple[str, Callable[[], None]]] = queue.Queue()
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self.attempts = 0  # node runs started by this instance (tests count them)

    def layout(self, graph: Graph) -> dict[str, Any] | None:
        found = self._recorded(graph.key)
        if found is None:
            self._enqueue(graph.key, lambda: self._lay_out(graph.key, graph.text))
            return None
        return found.layout

    def recorded(self, graph: Graph) -> Recorded | None:
        """What is recorded for the graph, without queueing it."""
        return self._recorded(graph.key)

    def prepare(self, graph: Graph) -> None:
        if self._recorded(graph.key) is None:
            self._enqueue(graph.key, lambda: self._lay_out(graph.key, graph.text))

    def warm(self, graphs: Callable[[], Iterable[Graph]]) -> None:
        """Prepare every graph `graphs()` lists, the listing itself done in the background."""

        def each() -> None:
            for graph in graphs():
                self.prepare(graph)

        self._enqueue("warm", each)

    def wait(self, timeout: float = 120.0) -> bool:
        """Until every queued layout is recorded (True), or `timeout` seconds (False)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._queued:
                    return True
            time.sleep(0.02)
        return False

    # -- the background --------------------------------------------------------------------

    def _recorded(self, key: str) -> Recorded | None:
        with self._known_lock:
            if key in self._known:
                self._known.move_to_end(key)
                return self._known[key]
        try:
            found = self._store.get(key)
        except Exception as error:  # the store unreachable: the list of steps, and say so
            log.warning("flowchart_layout_unreadable", error=str(error))
            return None
        if found is not None:
            self._remember(key, found)
        return found

    def _remember(self, key: str, recorded: Recorded) -> None:
        with self._known_lock:
            self._known[key] = recorded
            self._known.move_to_end(key)
            while len(self._known) > REMEMBERED:
                self._known.popitem(last=False)

    def _enqueue(self, key: str, job: Callable[[], None]) -> None:
        with self._lock:
            if key in self._queued:
                return
            self._queued.add(key)
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="flowchart-layouts", daemon=True)
                self._worker.start()
        self._jobs.put((key, job))

    def _work(self) -> None:
        while True:
            key, job = self._jobs.get()
            try:
                job()
            except Exception as error:  # recorded nowhere: a later page view queues it again
                log.warning("flowchart_layout_not_recorded", key=key[:12], error=str(error))
            finally:
                with self._lock:
                    self._queued.discard(key)

    def _lay_out(self, key: str, text: str) -> None:
        found = self._store.get(key)  # another process may have laid it out meanwhile
        if found is None:
            found = self._run_node(text)
            self._store.put(key, found)
            log.info("flowchart_laid_out", key=key[:12], status=found.status, seconds=round(found.seconds, 2),
                     reason=found.reason[:200])  # fmt: skip
        self._remember(key, found)

    def _run_node(self, text: str) -> Recorded:
        self.attempts += 1
        started = time.perf_counter()
        node = shutil.which("node")
        if node is None:
            return Recorded("failed", None, "node tidak ada / node is missing", 0.0)
        try:
            done = subprocess.run(
                [node, f"--max-old-space-size={self.memory_mb}", str(SCRIPT)], input=text,
                capture_output=True, text=True, check=False, timeout=self.time_budget,
                env={"NODE_PATH": str(self._modules), "PATH": str(Path(node).parent)},
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            seconds = time.perf_counter() - started
            return Recorded("failed", None, f"lebih dari {self.time_budget:.0f} detik / over the time budget "
                                            f"of {self.time_budget:.0f} s", seconds)  # fmt: skip
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            heap = "heap" in done.stderr.lower() or "memory" in done.stderr.lower()
            reason = (f"lebih dari {self.memory_mb} MB / over the memory budget of {self.memory_mb} MB"
                      if heap else f"ELK gagal / ELK failed: {done.stderr[-500:]}")  # fmt: skip
            return Recorded("failed", None, reason, seconds)
        return Recorded("ok", json.loads(done.stdout), "", seconds)
