"""Benches that keep running: each script in bench/ has a short mode, and CI runs it, so a bench
that stops working fails CI. What they print is read for its shape, never for a timing (the
figures live in bench/RESULTS.md, each beside its baseline from the same run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_bench(name: str, *args: str, timeout: float = 240) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / name), *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, f"bench/{name} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def test_the_fairness_bench_runs_and_prints_its_figure_beside_its_baseline() -> None:
    out = run_bench("fairness.py", "--short")
    assert "inbox p95, quiet (baseline)" in out and "ratio (target ≤ 1.5×)" in out, out


@pytest.mark.postgres
def test_the_storage_rebuild_lag_and_baseline_benches_run_in_their_short_modes(postgres_url: str) -> None:
    """bench/load.py's short mode is tests/integration/test_load_short.py (its clients and
    layout, 20 clients for 10 s)."""
    assert "bytes/req" in run_bench("storage.py", "--short", "--url", postgres_url)
    assert "events/s" in run_bench("rebuild.py", "--short", "--url", postgres_url)
    assert "projection lag" in run_bench("projection_lag.py", "--short", "--url", postgres_url)
    assert "events/s" in run_bench("baseline.py", "--short", "--url", postgres_url)


@pytest.mark.postgres
def test_the_peer_bench_runs_alurs_side_without_the_peer(postgres_url: str, tmp_path: Path) -> None:
    """Twice the nearest Python peer (bench/peer.py): the peer's SpiffWorkflow lives in a
    virtualenv of its own that CI does not have, so the short mode runs Alur's step alone and
    says so; with the peer's python named, it runs both."""
    out = run_bench("peer.py", "--short", "--url", postgres_url, "--peer-python", str(tmp_path / "none"))
    assert "peer: not run" in out and "1 thread(s): alur" in out and "4 thread(s): alur" in out, out
