"""Why the pool prepares no statements behind PgBouncer: deploy/pgbouncer/pgbouncer.ini (transaction
pooling, Debian's PgBouncer 1.18, no max_prepared_statements) in front of the test server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from adapters.config import Settings
from adapters.store import Services
from tests.deploy.layout import (
    Layout,
    free_port,
    pgbouncer_argv,
    private_folder,
    render_pgbouncer,
    wait_until,
    with_port,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def pooled_url(postgres_url: str, tmp_path: Path) -> Iterator[str]:
    """The test database through PgBouncer, configured as shipped."""
    folder, port = private_folder("alur-pgbouncer-"), free_port()
    ini = render_pgbouncer(folder, port, postgres_url, str(conninfo_to_dict(postgres_url)["dbname"]))
    layout = Layout(tmp_path)
    bouncer = layout.add("pgbouncer", pgbouncer_argv(ini, folder))
    bouncer.start()
    url = with_port(postgres_url, port)
    try:
        wait_until(lambda: psycopg.connect(url, connect_timeout=2).close() is None, "PgBouncer", 10,
                   [bouncer])  # fmt: skip
        yield url
    finally:
        layout.stop_all()
        shutil.rmtree(folder, ignore_errors=True)


def run_elsewhere_after_preparing(url: str, threshold: int | None) -> None:
    """Run a statement often enough to be prepared, let another client take that server
    connection, and run it again: on another server connection."""
    with psycopg.connect(url, autocommit=True, prepare_threshold=threshold) as one, \
            psycopg.connect(url, autocommit=True) as other:  # fmt: skip
        for value in range(6):
            one.execute("SELECT %s::int", (value,))
        other.execute("BEGIN")
        other.execute("SELECT 1")  # holds the server connection `one` prepared on
        assert one.execute("SELECT %s::int", (7,)).fetchone() == (7,)


def test_a_prepared_statement_breaks_through_pgbouncer(pooled_url: str) -> None:
    with pytest.raises(psycopg.errors.InvalidSqlStatementName):
        run_elsewhere_after_preparing(pooled_url, threshold=5)  # psycopg's default


def test_unprepared_statements_run_on_any_server_connection(pooled_url: str) -> None:
    run_elsewhere_after_preparing(pooled_url, threshold=None)


def test_the_pool_behind_pgbouncer_prepares_nothing(
    pooled_url: str, postgres_url: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=pooled_url, data_dir=tmp_path, listen_database_url=postgres_url)
    services = Services(settings)
    try:
        assert services.pool is not None
        with services.pool.connection() as conn:
            assert conn.prepare_threshold is None
            for value in range(10):
                assert conn.execute("SELECT %s::int AS v", (value,)).fetchone() == {"v": value}
    finally:
        services.close()
