"""What every read model shares: the transaction it writes in, the context it reads, its shape.

A projection is a set of tables in the tenant's own store (its SQLite file or its PostgreSQL
schema) plus one tracking row. Its rows and its tracking position change in one transaction,
so an event is applied exactly once however often a worker dies or two workers race.

SQL here is written once for both stores: `?` placeholders (the PostgreSQL adapter converts
them), TEXT timestamps in one UTC format (so they sort and compare as text), no `%`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, Protocol
from uuid import UUID

from domain.calendar import WorkingCalendar
from domain.sop import Variant

Row = dict[str, Any]


class Tx(Protocol):
    """One open transaction on a tenant's store."""

    dialect: str  # "sqlite" or "postgres"

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None: ...

    def execute_many(self, statement: str, params: Sequence[Sequence[Any]]) -> None: ...

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Many new rows at once (PostgreSQL: COPY; SQLite: one prepared INSERT)."""
        ...

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[Row]: ...


class DeferringTx(Tx, Protocol):
    """A transaction whose statements go out together (PostgreSQL's pipeline mode)."""

    def query_later(self, statement: str, params: Sequence[Any] = ()) -> Callable[[], list[Row]]:
        """Send with the next batch; the rows once asked for."""
        ...


TABLES_RE = re.compile(r"\b(?:FROM|INTO|UPDATE|JOIN)\s+(\w+)", re.IGNORECASE)


class BatchTx:
    """A projector batch's transaction: new rows are held back and written together at the end.

    Most of a batch's work is inserting rows (an audit row, a step row per event; a request's
    row, which its later events in the same batch then change). Held back, the rows of a table
    go to the database in one `executemany`, and a row inserted and changed within the batch is
    written once, in its final state. A statement that touches a table with rows held back
    writes those first, so every read and update sees what was applied before it.
    """

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.dialect = tx.dialect
        self._held: dict[str, dict[Any, Row]] = {}

    def insert(self, table: str, row: Row, key: Any = None) -> Row:
        """Insert `row` at the end of the batch; with a `key`, `held` finds it until then."""
        rows = self._held.setdefault(table, {})
        rows[key if key is not None else ("#", len(rows))] = row
        return row

    def held(self, table: str, key: Any) -> Row | None:
        """A row inserted in this batch and not written yet (change it in place), or None."""
        return self._held.get(table, {}).get(key)

    def drop(self, table: str, match: Callable[[Any], bool]) -> None:
        """Forget the held rows whose key matches: deleted before they were ever written."""
        rows = self._held.get(table, {})
        for key in [key for key in rows if match(key)]:
            del rows[key]

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        self._write_held(statement)
        self.tx.execute(statement, params)

    def execute_many(self, statement: str, params: Sequence[Sequence[Any]]) -> None:
        self._write_held(statement)
        self.tx.execute_many(statement, params)

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        self._write_held(statement)
        return self.tx.query(statement, params)

    def flush(self) -> None:
        """Write every held row (the batch's last act before it moves its positions)."""
        for table in list(self._held):
            self._write(table)

    def _write_held(self, statement: str) -> None:
        for table in TABLES_RE.findall(statement):
            if self._held.get(table):
                self._write(table)

    def _write(self, table: str) -> None:
        rows = self._held.pop(table, {})
        by_columns: dict[tuple[str, ...], list[Row]] = {}
        for row in rows.values():
            by_columns.setdefault(tuple(row), []).append(row)
        for columns, group in by_columns.items():
            self.tx.insert_rows(table, columns, [tuple(row[column] for column in columns) for row in group])


@dataclass(frozen=True)
class RawEvent:
    """A stored event as the notification log holds it, before the mapper decodes it."""

    id: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


class ProjectionDatabase(Protocol):
    """A tenant's store as the projections see it (implemented in adapters/)."""

    dialect: str

    def transaction(self, write: bool = True) -> AbstractContextManager[Tx]: ...

    def read_events(self, tx: Tx, after: int, limit: int) -> list[RawEvent]: ...

    def read_originator(self, tx: Tx, originator_id: UUID) -> list[RawEvent]: ...

    def head(self, tx: Tx) -> int: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Context:
    """What a projection may consult besides the event: SOP versions and the tenant's calendar.

    Both are fixed for a given event (a request's SOP version never changes; the calendar is
    the office's as recorded up to that event, `Projector._ordered_calendar`), so a rebuild
    computes exactly what the live run computed.
    """

    variant: Callable[[str, int], Variant]
    calendar: WorkingCalendar
    # Rows a projection wrote earlier in this batch. Every writer of a projection's tables
    # holds its tracking row's lock, so within one transaction what it wrote is still so.
    batch: dict[Any, Any] = field(default_factory=dict)

    def remembered(self, key: Any, load: Callable[[], Any]) -> Any:
        if key not in self.batch:
            self.batch[key] = load()
        return self.batch[key]


class Projection:
    """A read model: its tables, how one event changes them, and how to empty them."""

    name: str = ""
    version: int = 1  # bump when the tables change: the projection is then rebuilt
    tables: tuple[str, ...] = ()
    ddl: tuple[str, ...] = ()

    def apply(self, tx: BatchTx, event: Any, position: int, ctx: Context) -> None:
        raise NotImplementedError

    def create(self, tx: Tx) -> None:
        for statement in self.ddl:
            tx.execute(statement)

    def drop(self, tx: Tx) -> None:
        for table in self.tables:
            tx.execute(f"DROP TABLE IF EXISTS {table}")

    def clear(self, tx: Tx) -> None:
        for table in self.tables:
            tx.execute(f"DELETE FROM {table}")


def ts(moment: datetime | None) -> str | None:
    """A timestamp as stored in read models: UTC, fixed width, so text order is time order."""
    if moment is None:
        return None
    return _ts(moment)


@lru_cache(maxsize=4096)
def _ts(moment: datetime) -> str:
    # An event's moments are formatted again and again (each read model, each row): remembered,
    # so a moment is formatted once per event, not once per model. `isoformat` is the C path
    # (strftime was the largest single cost of a rebuild's profile); same text for years >= 1000.
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


@lru_cache(maxsize=4096)
def uuid_text(value: UUID) -> str:
    """`str(uuid)`, remembered: each read model names the event's originator (a rebuild's
    profile showed `UUID.__str__` once per model per event)."""
    return str(value)


def parse_ts(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def event_type(event: Any) -> str:
    return type(event).__name__


def aggregate_kind(event: Any) -> str:
    """Which aggregate an event belongs to: Request.Disposed -> "Request"."""
    return type(event).__qualname__.split(".")[0]


HIDDEN_FIELDS = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})
SECRET_FIELDS = frozenset({"password_hash"})


def event_data(event: Any) -> dict[str, Any]:
    """The event's own attributes, without library bookkeeping and never a password hash."""
    return {
        key: value
        for key, value in vars(event).items()
        if key not in HIDDEN_FIELDS and key not in SECRET_FIELDS
    }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=_plain)


def to_json(data: Any) -> str:
    """Canonical JSON (sorted keys), so a rebuild writes byte-identical rows (one encoder for
    all: `json.dumps` with options builds a new one per call)."""
    if not data and isinstance(data, list | tuple):
        return "[]"
    return _ENCODER.encode(data)


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Nearest-rank percentile (p90 = the value 90% of the sample is at or under)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered) - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
