"""One PostgreSQL connection pool per process, shared by every tenant's application.

The library opens a pool per `Application`; with one application per tenant that would be
thousands of connections for hundreds of tenants. Each tenant keeps its own datastore (its
schema and type adapters) but borrows connections from the process's one pool, so the number
of connections is bounded by the pool's `max_size` however many tenants exist.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import Environment
from eventsourcing.postgres import PostgresDatastore, PostgresFactory
from psycopg import Connection
from psycopg.rows import DictRow, dict_row
from psycopg.types.composite import register_composite
from psycopg_pool import ConnectionPool


def _configure(conn: Connection[Any]) -> None:
    # What the library's own pool does to each new connection.
    conn.autocommit = True
    conn.execute("SET idle_in_transaction_session_timeout = '5000ms'")


class NestedConnectionError(RuntimeError):
    """A thread asked the pool for a second connection while holding one.

    Under load every connection can be held by a thread waiting for a second one: the pool
    stalls until its timeout. Refusing the second borrow at once turns that deadlock into a
    bug with a stack trace, found by any test that takes the path.
    """


class OneAtATimePool(ConnectionPool[Any]):
    """The shared pool, refusing a second borrow by a thread that already holds a connection.

    Within `one_connection()` every borrow of the thread gets the one connection it took: a
    command's load, its checks, its save and the inline read models, then its answer, all on one
    connection borrowed once (each still in transactions of its own). `borrows` counts what the
    thread took from the pool (tests and the bench read it).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._held = threading.local()
        super().__init__(*args, **kwargs)

    @contextmanager
    def one_connection(self) -> Iterator[None]:
        """Every borrow of this thread in the block is the same connection (borrowed once)."""
        if getattr(self._held, "lent", None) is not None:  # inside one already
            yield
            return
        conn = self.getconn()
        self._held.lent = conn
        try:
            yield
        finally:
            self._held.lent = None
            self.putconn(conn)

    def borrowed(self) -> int:
        """How many connections this thread has taken from the pool so far."""
        return int(getattr(self._held, "borrows", 0))

    def getconn(self, timeout: float | None = None) -> Any:
        lent = getattr(self._held, "lent", None)
        if lent is not None:
            return lent
        if getattr(self._held, "count", 0):
            raise NestedConnectionError(
                "a thread asked for a second pooled connection while holding one (this would stall "
                "the pool under load)"
            )
        conn = super().getconn(timeout)
        self._held.count = 1
        self._held.borrows = self.borrowed() + 1
        return conn

    def putconn(self, conn: Any) -> None:
        if getattr(self._held, "lent", None) is conn:
            return  # kept for the rest of the unit
        self._held.count = 0
        super().putconn(conn)


def open_shared_pool(
    database_url: str,
    max_size: int = 10,
    application_name: str = "alur",
    timeout: float = 30.0,
    *,
    prepare: bool = True,
) -> ConnectionPool[Any]:
    """The process's pool: at most `max_size` connections for all tenants together, one at a
    time per thread.

    `prepare=False` when `database_url` is a transaction pooler (PgBouncer before 1.21): psycopg
    prepares a statement on the server connection it happens to have, and the next transaction
    may run on another that never saw it ("prepared statement _pg3_0 does not exist").
    `prepare_threshold=None` turns preparing off altogether, the library's `prepare=True` too.
    """
    kwargs: dict[str, Any] = {"row_factory": dict_row, "application_name": application_name}
    if not prepare:
        kwargs["prepare_threshold"] = None
    pool: ConnectionPool[Any] = OneAtATimePool(
        conninfo=database_url,
        min_size=1,
        max_size=max_size,
        kwargs=kwargs,
        configure=_configure,
        open=False,
        timeout=timeout,
        name="alur",
    )
    pool.open(wait=True, timeout=30)
    return pool


class SharedPoolDatastore(PostgresDatastore):
    """A tenant's datastore (schema, type adapters) that borrows the shared pool."""

    def __init__(self, base: PostgresDatastore, pool: ConnectionPool[Any]) -> None:
        self.__dict__.update(base.__dict__)
        base.pool.close()  # never opened: the library builds one per datastore
        self.pool = pool

    @contextmanager
    def get_connection(self) -> Iterator[Connection[DictRow]]:
        """Borrow a shared connection with *this* tenant's composite types in force.

        Every schema has its own `stored_event_uuid` type; a connection that served another
        tenant has that tenant's adapters registered under the same name, so ours are
        registered again when the connection last served another tenant (no round trip, but
        not free either: a connection remembers whose types it has).
        """
        with super().get_connection() as conn:
            types = tuple(info.oid for info in self.psycopg_type_adapters.values())
            if getattr(conn, "_alur_types", None) != types:  # registered for another schema
                for info in self.psycopg_type_adapters.values():
                    register_composite(info, conn)
                conn._alur_types = types  # type: ignore[attr-defined]
            yield conn

    def close(self) -> None:
        """The pool belongs to the process, not to one tenant: leave it open."""


class SharedPoolFactory(PostgresFactory):
    """The library's PostgreSQL factory, with its datastore on the shared pool."""

    def __init__(self, env: Environment, pool: ConnectionPool[Any]) -> None:
        super().__init__(env)
        self.datastore = SharedPoolDatastore(self.datastore, pool)
