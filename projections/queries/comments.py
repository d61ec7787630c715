"""The question about a request's discussion: its comments, whether the asker may write, and
whom they may mention (read models "comments", "requests" and "people")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.actor import Actor
from domain.comments import Comment, may_be_mentioned, may_comment
from domain.ports import Credentials
from projections import people
from projections.comments import CommentRow, thread_of
from projections.queries.base import QueriesBase


@dataclass(frozen=True)
class Mentionable:
    username: str
    full_name: str


@dataclass(frozen=True)
class Thread:
    """A request's discussion as the asker sees it."""

    request_id: str
    title: str
    comments: list[Comment]
    may_comment: bool
    people: list[Mentionable]  # whom the asker may mention (empty when they may not write)


class CommentQueries(QueriesBase):
    """A request's discussion."""

    def comments(
        self, actor: Actor, request_id: str, now: datetime, written: Comment | None = None
    ) -> Thread:
        """The thread of a request the actor may see ("not found" for any other), oldest first;
        with `written`, the comment the actor has just saved as saved, whether or not a read
        model kept by a separate worker has it yet."""
        with self._read() as tx:
            detail = self._visible(tx, actor, request_id)
            variant = self.projector.variant(tx, detail.variant_id, detail.variant_version)
            rows = thread_of(tx, detail.id)
            writes = may_comment(actor, detail.opd)
            everyone = people.users(tx, now) if writes else []
        office = self.office_roles()
        mentionable = [
            Mentionable(user.username, user.full_name)
            for user in everyone
            if user.username != actor.username
            and may_be_mentioned(_credentials(user), self.tenant, office, detail.opd)
        ]
        names = {role.id: role.name for role in variant.roles}
        comments = [_comment(row, names, actor) for row in rows]
        if written is not None:
            comments = sorted(
                [c for c in comments if c.number != written.number] + [written], key=lambda c: c.number
            )
        return Thread(detail.id, detail.title, comments, writes, mentionable)


def _credentials(user: Any) -> Credentials:
    return Credentials(user.username, user.full_name, user.opd, "", user.roles, user.active)


def _comment(row: CommentRow, names: dict[str, str], actor: Actor) -> Comment:
    return Comment(row.number, row.actor, row.actor_name, row.role, names.get(row.role, row.role), row.text,
                   row.mentions, row.at, row.retracted_at, row.actor == actor.username)  # fmt: skip
