"""The short load for CI: the production layout on real PostgreSQL, 20 clients for 10 seconds.

`alur serve --workers 2` and `alur projections run` (ALUR_PROJECTIONS=worker) on a scratch
database seeded by `alur bench seed` (10 tenants, 100 requests), driven by bench/load.py's own
clients over the JSON API. It fails on any 5xx answer or any pool timeout (in an answer or in
the servers' logs), and on any read that shows a client less than its own last write, never on
a timing: speed is bench/load.py's business, a service that
breaks under ordinary concurrency is a bug. Processes and database go in every case.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests import pg

BENCH_LOAD = Path(__file__).resolve().parents[2] / "bench" / "load.py"

pytestmark = pytest.mark.postgres


def bench_load() -> ModuleType:
    """bench/load.py as a module (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("alur_bench_load", BENCH_LOAD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def test_twenty_clients_ten_seconds_no_5xx_no_pool_timeouts(postgres_url: str, tmp_path: Path) -> None:
    load = bench_load()
    with pg.scratch_database(postgres_url) as url:
        seeded = load.seed_database(url, tmp_path, 10, 100, show_progress=False)
        with load.Layout(url, tmp_path, workers=2, log_dir=tmp_path / "logs") as layout:
            tokens = load.TokenBook(layout.base, seeded.password)
            run = load.run_load(layout, load.spread(seeded.tenants, 20), tokens, 10.0, timeout=40.0)
    report = run.describe()
    print(report)  # shown with the failure, or with `-s`
    assert not run.failures, "\n".join(["the service failed under load:", *run.failures, "", report])
    assert run.tally.step_ms, f"no step action succeeded: the load never ran\n{report}"
    # worker mode: each client's reads wait for its own last write (web/freshness.py)
    assert (run.tally.stale_reads, run.tally.stale_conflicts) == (0, 0), report
