"""The `Onlookers` port of a request's discussion (domain/comments.py): the request as the
requests read model has it, and who a username is now (the people read model), read on the
tenant's own store. A comment's handler reads these instead of replaying the request."""

from __future__ import annotations

from datetime import datetime

from domain.comments import Subject
from domain.ports import Credentials
from projections import people
from projections.base import ProjectionDatabase
from projections.comments import subject_of


class CommentDirectory:
    def __init__(self, db: ProjectionDatabase) -> None:
        self._db = db

    def subject(self, request_id: str) -> Subject | None:
        with self._db.transaction(write=False) as tx:
            return subject_of(tx, request_id)

    def person(self, username: str, at: datetime) -> Credentials | None:
        with self._db.transaction(write=False) as tx:
            return people.credentials(tx, username, at)
