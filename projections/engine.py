"""The projector of one tenant: applies its events to every read model, exactly once, in order.

Each batch is one transaction: lock the tracking rows, read the events after the lowest
position, apply each to the projections that have not seen it, move the positions, commit. A
worker killed mid-batch leaves nothing half-done, and two projectors racing on one tenant
take turns on the lock instead of applying an event twice.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from domain.calendar import WorkingCalendar
from domain.office_calendar import OFFICE_CALENDAR_ID, OfficeDays
from domain.sop import Variant, variant_from_dict
from domain.sop_version import sop_version_id
from projections.absences import AbsencesProjection
from projections.audit import AuditEntry, AuditFilter, AuditProjection, audit_entries
from projections.base import BatchTx, Context, DeferringTx, Projection, ProjectionDatabase, RawEvent, Tx, ts
from projections.comments import CommentsProjection
from projections.inbox import InboxItem, InboxProjection, inbox_for
from projections.notices import NoticesProjection
from projections.people import PeopleProjection
from projections.requests import RequestFilter, RequestRow, RequestsProjection, list_requests
from projections.sla import SlaProjection, SlaReport, sla_report

ALL_PROJECTIONS: tuple[type[Projection], ...] = (
    PeopleProjection,
    RequestsProjection,
    InboxProjection,
    AuditProjection,
    SlaProjection,
    NoticesProjection,
    AbsencesProjection,
    CommentsProjection,
)
PROJECTION_NAMES = tuple(cls.name for cls in ALL_PROJECTIONS)
TRACKING = "projection_tracking"
# The last failure of a projection, kept on its tracking row until it gets past that event.
ERROR_COLUMNS = {"error": "TEXT", "error_position": "BIGINT", "error_at": "TEXT"}

# Rows remembered by the read models carried from one save to the next (then forgotten).
CARRIED_ROWS = 20_000
Decode = Callable[[RawEvent], Any]
Progress = Callable[[int, int], None]  # (position reached, head)


@dataclass(frozen=True)
class Status:
    """Where a projection is: its position, the log's head, and its last failure if unresolved."""

    name: str
    position: int
    head: int
    error: str | None = None  # "ValueError: … (file.py:12)", cleared once the projection moves on
    error_position: int | None = None
    error_at: str | None = None  # UTC, as read models store times
    behind_since: datetime | None = None  # when the oldest event not yet applied was stored

    @property
    def lag(self) -> int:
        return max(0, self.head - self.position)

    def lag_seconds(self, now: datetime) -> float:
        """How old the oldest event not yet applied is (0 when caught up)."""
        if self.behind_since is None or self.lag == 0:
            return 0.0
        return max(0.0, (now - self.behind_since).total_seconds())


class ProjectionFailedError(RuntimeError):
    """A projection could not apply an event: names which, and where, for the log and the status.

    Its batch is rolled back; the failure is kept on the projection's tracking row (shown by
    `alur projections status` and /readyz) until the projection gets past that event.
    """

    def __init__(self, names: Sequence[str], position: int, error: BaseException) -> None:
        self.names = tuple(names)
        self.position = position
        self.summary = describe(error)
        super().__init__(f"projection {', '.join(self.names)} failed at position {position}: {self.summary}")
        # adapters/logging.py adds these to the line that logs this exception
        self.log_fields = {"projection": ",".join(self.names), "position": position}


def describe(error: BaseException, limit: int = 1000) -> str:
    """`Type: message (file:line)` of the innermost frame: one line that points at the bug."""
    text = "".join(traceback.format_exception_only(type(error), error)).strip()
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        text += f" ({frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno})"
    return text[:limit]


class UnknownProjectionError(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"proyeksi tidak dikenal / unknown projection {name!r}; "
            f"pilih / choose: {', '.join(PROJECTION_NAMES)}"
        )


class Projector:
    """Every read model of one tenant, kept in that tenant's own store."""

    def __init__(
        self,
        db: ProjectionDatabase,
        decode: Decode,
        calendar: WorkingCalendar,
        batch_size: int = 500,
        on_event: Callable[[], None] | None = None,
    ) -> None:
        self.db = db
        self.decode = decode
        self.calendar = calendar
        self.batch_size = batch_size
        self.projections: tuple[Projection, ...] = tuple(cls() for cls in ALL_PROJECTIONS)
        self._variants: dict[tuple[str, int], Variant] = {}
        self.on_event = on_event  # a test hook: lets a crash test die between two events
        self._ready = False
        # (positions after this projector's last `apply_saved`, the rows its projections remembered)
        self._carried: tuple[dict[str, int], dict[Any, Any]] | None = None
        # The office calendar as recorded up to the SLA read model's position: what it realises
        # steps under, so a rebuild computes what the live run did (None: not read yet).
        self._ordered: tuple[int, OfficeDays, WorkingCalendar] | None = None

    @property
    def ready(self) -> bool:
        """Whether `setup` has run in this process (tables and tracking rows in place)."""
        return self._ready

    # -- running ----------------------------------------------------------------------------

    def setup(self) -> None:
        """Create the tables and tracking rows; a projection whose shape changed is rebuilt."""
        if self._ready:
            return
        with self.db.transaction() as tx:
            # DDL takes table locks that deadlock against a batch writing the same tables in
            # another process: set-up holds the schema's lock alone, batches share it.
            _schema_lock(tx, exclusive=True)
            if self._in_place(tx):
                self._ready = True
                return
            extra = "".join(f", {column} {kind}" for column, kind in ERROR_COLUMNS.items())
            tx.execute(
                f"CREATE TABLE IF NOT EXISTS {TRACKING} ("
                f" name TEXT PRIMARY KEY, position BIGINT NOT NULL, version INTEGER NOT NULL{extra})"
            )
            present = _columns(tx)
            for column, kind in ERROR_COLUMNS.items():  # a tracking table from before they existed
                if column not in present:
                    tx.execute(f"ALTER TABLE {TRACKING} ADD COLUMN {column} {kind}")
            known = {row["name"]: row["version"] for row in tx.query(f"SELECT name, version FROM {TRACKING}")}
            for projection in self.projections:
                if known.get(projection.name) not in (None, projection.version):
                    projection.drop(tx)
                    tx.execute(f"DELETE FROM {TRACKING} WHERE name = ?", (projection.name,))
                    known.pop(projection.name)
                projection.create(tx)
                if projection.name not in known:
                    tx.execute(
                        f"INSERT INTO {TRACKING} (name, position, version) VALUES (?, 0, ?)",
                        (projection.name, projection.version),
                    )
        self._ready = True

    def _in_place(self, tx: Tx) -> bool:
        """True when every projection's tables exist at its current version (nothing to do)."""
        if tx.dialect == "postgres":
            exists = tx.query(f"SELECT to_regclass('{TRACKING}') IS NOT NULL AS found")[0]["found"]
        else:
            found = tx.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TRACKING,))
            exists = bool(found)
        if not exists:
            return False
        if not set(ERROR_COLUMNS) <= _columns(tx):
            return False
        known = {row["name"]: row["version"] for row in tx.query(f"SELECT name, version FROM {TRACKING}")}
        return all(known.get(p.name) == p.version for p in self.projections)

    def catch_up(self, names: Iterable[str] | None = None, progress: Progress | None = None) -> int:
        """Apply every event not yet applied; returns how many events were read."""
        self.setup()
        chosen = self._chosen(names)
        total = 0
        while True:
            applied, position = self._batch(chosen)
            total += applied
            if progress is not None:
                with self.db.transaction(write=False) as tx:
                    progress(position, self.db.head(tx))
            if applied < self.batch_size:  # a short batch read up to the end of the log
                return total

    def rebuild(self, names: Iterable[str] | None = None, progress: Progress | None = None) -> int:
        """Empty the read models and apply the whole history again."""
        self.setup()
        chosen = self._chosen(names)
        with self.db.transaction() as tx:
            _schema_lock(tx, exclusive=False)
            for projection in chosen:
                self._lock(tx, [projection])
                projection.clear(tx)
                tx.execute(f"UPDATE {TRACKING} SET position = 0 WHERE name = ?", (projection.name,))
        return self.catch_up([p.name for p in chosen], progress)

    def status(self, ages: bool = False) -> list[Status]:
        """Each projection's position, the head and its unresolved failure; with `ages`, also
        when the oldest event it has not applied was stored (one event read per distinct lag)."""
        self.setup()
        stored: dict[int, datetime | None] = {}
        with self.db.transaction(write=False) as tx:
            head = self.db.head(tx)
            rows = tx.query(
                f"SELECT name, position, error, error_position, error_at FROM {TRACKING} ORDER BY name"
            )
            for position in {int(row["position"]) for row in rows} if ages else ():
                if position < head:
                    after = self.db.read_events(tx, position, 1)
                    stored[position] = self.decode(after[0]).timestamp if after else None
        order = {name: index for index, name in enumerate(PROJECTION_NAMES)}
        found = [_status(row, head, stored) for row in rows if row["name"] in order]
        return sorted(found, key=lambda status: order[status.name])

    def dump(self, name: str) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of a read model, sorted: two dumps are equal when the models are."""
        projection = self._chosen([name])[0]
        with self.db.transaction(write=False) as tx:
            return {
                table: sorted((tuple(row.values()) for row in tx.query(f"SELECT * FROM {table}")), key=repr)
                for table in projection.tables
            }

    # -- reading ----------------------------------------------------------------------------

    def inbox(
        self,
        username: str,
        *,
        roles: Iterable[str],
        opd: str | None,
        now: datetime,
    ) -> list[InboxItem]:
        with self.db.transaction(write=False) as tx:
            return inbox_for(tx, username=username, roles=roles, opd=opd, now=now)

    def requests(self, *, now: datetime, **filters: Any) -> list[RequestRow]:
        with self.db.transaction(write=False) as tx:
            return list_requests(tx, now=now, where=RequestFilter(**filters))

    def audit(self, **filters: Any) -> list[AuditEntry]:
        with self.db.transaction(write=False) as tx:
            return audit_entries(tx, AuditFilter(**filters))

    def sla(self, *, now: datetime, variant: str | None = None) -> SlaReport:
        with self.db.transaction(write=False) as tx:
            return sla_report(tx, now=now, calendar=self.calendar, variant=variant,
                              variant_of=lambda sop, version: self.variant(tx, sop, version))  # fmt: skip

    # -- internals --------------------------------------------------------------------------

    def _chosen(self, names: Iterable[str] | None) -> list[Projection]:
        if names is None:
            return list(self.projections)
        by_name = {projection.name: projection for projection in self.projections}
        chosen = []
        for name in names:
            if name not in by_name:
                raise UnknownProjectionError(name)
            chosen.append(by_name[name])
        return chosen

    def _lock(self, tx: Tx, projections: Sequence[Projection]) -> dict[str, int]:
        rows = tx.query(*_lock_query(tx, projections))
        return {row["name"]: int(row["position"]) for row in rows}

    def _batch(self, chosen: list[Projection]) -> tuple[int, int]:
        """One transaction: (events read, position reached). A projection's failure is kept on
        its tracking row (after the rollback) and raised, naming the projection and position."""
        try:
            return self._apply_batch(chosen)
        except ProjectionFailedError as failure:
            self._record(failure)
            raise

    def _record(self, failure: ProjectionFailedError) -> None:
        marks = ", ".join("?" for _ in failure.names)
        try:
            with self.db.transaction() as tx:
                tx.execute(
                    f"UPDATE {TRACKING} SET error = ?, error_position = ?, error_at = ?"
                    f" WHERE name IN ({marks})",
                    [failure.summary, failure.position, ts(datetime.now(UTC)), *failure.names],
                )
        except Exception as error:  # the store itself failing: the raised failure still says it all
            failure.add_note(f"(not recorded on the tracking row: {describe(error)})")

    def _apply_batch(self, chosen: list[Projection]) -> tuple[int, int]:
        with self.db.transaction() as tx:
            _schema_lock(tx, exclusive=False)
            positions = self._lock(tx, chosen)
            start = min(positions.values())
            raw = self.db.read_events(tx, start, self.batch_size)
            if not raw:
                return 0, start
            last = raw[-1].id
            ordered = self._ordered_calendar(tx, positions)
            ctx = Context(variant=lambda vid, ver: self.variant(tx, vid, ver),
                          calendar=ordered or self.calendar)  # fmt: skip
            batch = BatchTx(tx)
            for stored in raw:
                try:
                    event = self.decode(stored)
                except Exception as error:  # a damaged event stops every projection not past it
                    behind = [p.name for p in chosen if stored.id > positions[p.name]]
                    raise ProjectionFailedError(behind, stored.id, error) from error
                self._calendar_event(stored.id, event, positions)
                for projection in chosen:
                    if stored.id > positions[projection.name]:
                        try:
                            projection.apply(batch, event, stored.id, ctx)
                        except Exception as error:
                            raise ProjectionFailedError([projection.name], stored.id, error) from error
                if self.on_event is not None:
                    self.on_event()
            batch.flush()
            names = [projection.name for projection in chosen]
            marks = ", ".join("?" for _ in names)
            tx.execute(  # never moves a projection back; past its failure, the failure is resolved
                f"UPDATE {TRACKING} SET position = ?, error = NULL, error_position = NULL, error_at = NULL"
                f" WHERE name IN ({marks}) AND position < ?",
                [last, *names, last],
            )
            return len(raw), last

    def lock_saved(self, tx: DeferringTx, names: Iterable[str] | None = None) -> Callable[[], dict[str, int]]:
        """The locks `apply_saved` needs (the schema's, shared; the tracking rows), sent along
        with the save's own statements: how to read the positions once they are answered."""
        _schema_lock(tx, exclusive=False)
        statement, params = _lock_query(tx, self._chosen(names))
        rows = tx.query_later(statement, params)
        return lambda: {row["name"]: int(row["position"]) for row in rows()}

    def apply_saved(
        self,
        tx: Tx,
        saved: Sequence[tuple[int, Any]],
        positions: dict[str, int],
        names: Iterable[str] | None = None,
    ) -> bool:
        """Apply the events a save is writing, in the save's own open transaction, its tracking
        rows locked (`lock_saved`, at `positions`): one commit for the events and the read
        models, the events taken as the save has them (no read, no decoding). Only when every
        chosen read model stands right before the first of them (else False, nothing applied:
        `catch_up` after the commit does it as before). Raises what a projection raises; the
        caller undoes this part alone (a savepoint) and `catch_up` applies, or records the
        failure, after the commit.

        Rows a projection remembered (`Context.batch`) are carried to the next save of this
        projector when the tracking rows, read under their lock, are still where this
        projector left them: then no one else has written those tables since.
        """
        carried, self._carried = self._carried, None  # taken: a failure below leaves none behind
        chosen = self._chosen(names)
        if not self._ready or not saved or set(positions) != {p.name for p in chosen}:
            return False
        first, last = saved[0][0], saved[-1][0]
        if min(positions.values()) < first - 1:
            return False
        rows = carried[1] if carried is not None and carried[0] == positions else {}
        ordered = self._ordered_calendar(tx, positions)
        ctx = Context(variant=lambda vid, ver: self.variant(tx, vid, ver), calendar=ordered or self.calendar,
                      batch=rows)  # fmt: skip
        batch = BatchTx(tx)
        for position, event in saved:
            self._calendar_event(position, event, positions)
            for projection in chosen:
                if position > positions[projection.name]:
                    projection.apply(batch, event, position, ctx)
            if self.on_event is not None:
                self.on_event()
        batch.flush()
        marks = ", ".join("?" for _ in positions)
        tx.execute(
            f"UPDATE {TRACKING} SET position = ?, error = NULL, error_position = NULL, error_at = NULL"
            f" WHERE name IN ({marks}) AND position < ?",
            [last, *positions, last],
        )
        if len(ctx.batch) <= CARRIED_ROWS:
            self._carried = ({name: max(position, last) for name, position in positions.items()}, ctx.batch)
        return True

    def _ordered_calendar(self, tx: Tx, positions: dict[str, int]) -> WorkingCalendar | None:
        """The calendar as recorded up to where the SLA read model stands (read again from the
        calendar's events when another process moved it), or None when it is not applied."""
        position = positions.get(SlaProjection.name)
        recorded = getattr(self.calendar, "recorded", None)
        if position is None or not isinstance(recorded, OfficeDays):
            self._ordered = None
            return None
        if self._ordered is None or self._ordered[0] != position:
            days = OfficeDays(recorded.fallback)
            for stored in self.db.read_originator(tx, OFFICE_CALENDAR_ID):
                if stored.id <= position:
                    days.apply(self.decode(stored))
            calendar = WorkingCalendar(self.calendar.timezone, days.is_holiday, self.calendar.office_hours,
                                       days.hours_on)  # fmt: skip
            self._ordered = (position, days, calendar)
        return self._ordered[2]

    def _calendar_event(self, position: int, event: Any, positions: dict[str, int]) -> None:
        """Move the ordered calendar past `position` (taking the event in if it is the
        calendar's) when the SLA read model is about to apply it."""
        if self._ordered is None or position <= positions.get(SlaProjection.name, position):
            return
        _, days, calendar = self._ordered
        if event.originator_id == OFFICE_CALENDAR_ID:
            days.apply(event)
            calendar.changed()
        self._ordered = (position, days, calendar)

    def known_variant(self, variant_id: str, version: int) -> Variant | None:
        """An adopted SOP version already read by this process (no transaction needed)."""
        return self._variants.get((variant_id, version))

    def variant(self, tx: Tx, variant_id: str, version: int) -> Variant:
        """An adopted SOP version, read from the tenant's own events (immutable once adopted)."""
        key = (variant_id, version)
        if key not in self._variants:
            events = self.db.read_originator(tx, sop_version_id(variant_id, version))
            if not events:
                raise LookupError(f"SOP {variant_id} v{version} is not adopted by this tenant")
            self._variants[key] = variant_from_dict(self.decode(events[0]).content)
        return self._variants[key]


def _lock_query(tx: Tx, projections: Sequence[Projection]) -> tuple[str, list[str]]:
    """The tracking rows of these projections, locked (SQLite: BEGIN IMMEDIATE locks)."""
    names = sorted(projection.name for projection in projections)
    marks = ", ".join("?" for _ in names)
    lock = " FOR UPDATE" if tx.dialect == "postgres" else ""
    return f"SELECT name, position FROM {TRACKING} WHERE name IN ({marks}) ORDER BY name{lock}", names


def ddl_lock(tx: Tx) -> None:
    """Hold the tenant schema's lock alone for DDL: two processes creating the same tables at
    once would otherwise race on PostgreSQL's catalogue (duplicate `pg_type` rows)."""
    _schema_lock(tx, exclusive=True)


def _columns(tx: Tx) -> set[str]:
    """The tracking table's columns (it exists)."""
    return table_columns(tx, TRACKING)


def table_columns(tx: Tx, table: str) -> set[str]:
    """The columns of one of the store's tables (it exists), to migrate a store from before."""
    if tx.dialect == "postgres":
        rows = tx.query(
            "SELECT column_name AS name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ?",
            (table,),
        )
    else:
        rows = tx.query(f"PRAGMA table_info({table})")
    return {str(row["name"]) for row in rows}


def _status(row: dict[str, Any], head: int, stored: dict[int, datetime | None]) -> Status:
    position = int(row["position"])
    error_position = None if row["error_position"] is None else int(row["error_position"])
    error = row["error"]
    return Status(row["name"], position, head, error, error_position, row["error_at"], stored.get(position))


def _schema_lock(tx: Tx, exclusive: bool) -> None:
    """PostgreSQL: a transaction lock on the tenant's schema (SQLite: BEGIN IMMEDIATE does it)."""
    if tx.dialect == "postgres":
        shared = "" if exclusive else "_shared"
        tx.execute(f"SELECT pg_advisory_xact_lock{shared}(hashtext(current_schema()))")
