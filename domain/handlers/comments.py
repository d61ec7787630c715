"""The handlers of a request's discussion: write a comment (with its mentions), retract one.

Every rule is here once, for the page, the API and the CLI alike (domain/comments.py has them):
who may write (who may see the request and takes part in it), the text, each mention. The
request is read from the read models (`Onlookers`), never replayed: the command changes only the
thread, so a comment never waits on, or conflicts with, a step being acted on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain import commands as c
from domain.actor import Actor
from domain.comments import (
    Comment,
    Discussion,
    Onlookers,
    Subject,
    check_mentions,
    check_text,
    comment_refused,
    discussion_id,
    may_be_mentioned,
    may_comment,
    mentions_of,
    role_acted_in,
)
from domain.errors import ConcurrentActionError, NotFoundError
from domain.handlers.base import CommandsBase

ATTEMPTS = 5  # a comment saved at the same moment as another is appended after it


@dataclass(frozen=True)
class Written:
    """A comment as saved (from the thread just saved, so a door can answer with it before any
    read model has it): its request, and the comment itself."""

    request_id: str
    comment: Comment

    @property
    def number(self) -> int:
        return self.comment.number

    @property
    def mentions(self) -> tuple[str, ...]:
        return self.comment.mentions


class CommentCommands(CommandsBase):
    """A request's discussion."""

    threads: Onlookers  # set by the composition root (adapters/comment_directory.py)

    def comment(self, actor: Actor, command: c.WriteComment) -> Written:
        subject = self._subject(actor, command.request_id)
        if not may_comment(actor, subject.opd):
            raise comment_refused()
        text = check_text(command.text)
        now = self.service.clock()
        mentions = mentions_of(text, command.mentions)
        allowed = {
            name: may_be_mentioned(
                self.threads.person(name, now), self.service.tenant, self.office_roles(), subject.opd
            )
            for name in mentions
        }
        check_mentions(mentions, allowed)
        variant = self.service.variant(subject.variant_id, subject.variant_version)
        role = role_acted_in(actor, [r.id for r in variant.roles], variant.requester_role, subject.opd)

        def write(thread: Discussion) -> Comment:
            number = thread.comment(
                actor=actor.username,
                actor_name=actor.full_name or actor.username,
                role=role,
                text=text,
                mentions=mentions,
                at=self.service.clock(),
            )
            return thread.said[number]

        said = self._in_thread(subject.request_id, actor.username, write)
        return Written(subject.request_id, replace(said, role_name=variant.role_name(role), mine=True))

    def retract_comment(self, actor: Actor, command: c.RetractComment) -> Written:
        """Only its author takes a comment back (while they may still comment on the request)."""
        subject = self._subject(actor, command.request_id)
        if not may_comment(actor, subject.opd):
            raise comment_refused()
        variant = self.service.variant(subject.variant_id, subject.variant_version)
        role = role_acted_in(actor, [r.id for r in variant.roles], variant.requester_role, subject.opd)

        def retract(thread: Discussion) -> Comment:
            thread.retract(command.number, actor=actor.username, role=role, at=self.service.clock())
            return thread.said[command.number]

        said = self._in_thread(subject.request_id, None, retract)
        return Written(subject.request_id, replace(said, role_name=variant.role_name(said.role), mine=True))

    def _subject(self, actor: Actor, request_id: str) -> Subject:
        subject = self.threads.subject(str(request_id))
        if subject is None or not actor.may_see(subject.opd):  # not found, or not theirs: the same
            raise NotFoundError("permohonan tidak ditemukan", "request not found", field="id")
        return subject

    def _in_thread(self, request_id: str, opener: str | None, change: Any) -> Comment:
        """Load the thread (or open it with the first comment), change it, save; saved at the same
        moment as another comment, load it again and append after that one."""
        for _ in range(ATTEMPTS):
            try:
                thread: Discussion = self.service.repository.get(discussion_id(request_id))
            except AggregateNotFoundError:
                if opener is None:
                    raise NotFoundError(
                        "komentar tidak ditemukan", "comment not found", field="number"
                    ) from None
                thread = Discussion.open(request_id, opener, self.service.clock())
            done: Comment = change(thread)
            try:
                self.service.save(thread)
            except IntegrityError:
                continue
            return done
        raise ConcurrentActionError(
            "diskusi ini sedang ramai; komentar Anda belum tersimpan, coba lagi",
            "this discussion is busy; your comment was not saved, try again",
        )
