"""The `People` port of a tenant's commands: who holds which role now (an assignee, a step's
appointee), read from the people read model on the tenant's own store. The commands are given
this, not the query handlers: the application's commands never call up into its queries."""

from __future__ import annotations

from datetime import datetime

from domain.appointees import Appointment
from domain.ports import Credentials
from projections import people
from projections.base import ProjectionDatabase, ts
from projections.inbox import appointments_of
from projections.requests import in_flight


class PeopleDirectory:
    def __init__(self, db: ProjectionDatabase) -> None:
        self._db = db

    def credentials(self, username: str, at: datetime) -> Credentials | None:
        with self._db.transaction(write=False) as tx:
            return people.credentials(tx, username, at)

    def active_users(self, at: datetime) -> list[tuple[str, str, tuple[str, ...]]]:
        with self._db.transaction(write=False) as tx:
            return [(u.username, u.full_name, u.roles) for u in people.users(tx, at) if u.active]

    def appointments(self, username: str) -> list[Appointment]:
        with self._db.transaction(write=False) as tx:
            return appointments_of(tx, username)


class RequestsWorkload:
    """The `Workload` port: in-flight requests from the requests read model (a calendar change
    moves the deadlines of those it touches)."""

    def __init__(self, db: ProjectionDatabase) -> None:
        self._db = db

    def in_flight(self, due_from: datetime) -> list[str]:
        with self._db.transaction(write=False) as tx:
            return in_flight(tx, ts(due_from) or "")
