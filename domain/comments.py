"""The discussion of a request: comments by its officials and its requester, with mentions.

A request's thread is an aggregate of its own (`Discussion`, its id derived from the request's),
never events on the `Request`: a comment cannot conflict with a step being acted on, and two
comments written at once are both kept (the later one is appended after the earlier).

Who may comment is who may see the request and takes part in it: an official holding one of
the tenant's workflow roles, or a user of the requesting OPD. An auditor (or an admin holding
no workflow role) reads the thread but does not write in it. A mention is `@username` in the
text, or a name chosen in the form, of someone who may see the request; the mentioned are told
(domain/notices.py, kind `mentioned`). A comment may be retracted by its author: its text stays
in the history, marked retracted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.actor import Actor
from domain.errors import ForbiddenError, InvalidInputError, NotFoundError
from domain.ports import Credentials

MAX_TEXT = 4000
MAX_MENTIONS = 20
# `@budi`, `@kabid-ti`; not an e-mail address (`a@b.id`): the `@` starts a word.
MENTION_RE = re.compile(r"(?<![\w@.])@([A-Za-z0-9._-]{3,40})")


def discussion_id(request_id: str | UUID) -> UUID:
    """The thread of a request: the same id for the same request, in every store."""
    return uuid5(NAMESPACE_URL, f"alur:discussion:{request_id}")


def check_text(text: str | None) -> str:
    """The comment's text, trimmed: 1 to 4000 characters."""
    given = (text or "").replace("\r\n", "\n").strip()  # a form's line breaks count as one
    if not given:
        raise InvalidInputError("tulis komentarnya", "write the comment", field="text")
    if len(given) > MAX_TEXT:
        raise InvalidInputError(
            f"komentar paling panjang {MAX_TEXT} karakter (ini {len(given)})",
            f"a comment is at most {MAX_TEXT} characters (this one is {len(given)})",
            field="text",
        )
    return given


def mentions_of(text: str, chosen: Iterable[str] = ()) -> tuple[str, ...]:
    """The usernames a comment mentions: chosen in the form, then `@name` in the text, each once
    (a full stop closing a sentence is not part of the name)."""
    found: list[str] = []
    for name in [*chosen, *(match.rstrip(".") for match in MENTION_RE.findall(text))]:
        key = str(name).strip().lstrip("@").lower()
        if key and key not in found:
            found.append(key)
    return tuple(found)


def may_comment(actor: Actor, request_opd: str | None) -> bool:
    """Whether the actor writes in the request's thread: they may see it, and they hold a workflow
    role of the tenant's SOPs or belong to the requesting OPD (an auditor only reads)."""
    if not actor.may_see(request_opd):
        return False
    official = any(role in actor.office_roles for role in actor.roles)
    return official or (actor.opd is not None and actor.opd == request_opd)


def may_be_mentioned(person: Credentials | None, tenant: str, office_roles: frozenset[str],
                     request_opd: str | None) -> bool:  # fmt: skip
    """Whether a user can be told of a mention: active, holding a role now, and may see the
    request (the request page's own rule, `Actor.may_see`)."""
    if person is None or not person.active or not person.roles:
        return False
    seer = Actor(tenant, person.username, person.roles, person.opd, person.full_name, office_roles)
    return seer.may_see(request_opd)


def check_mentions(mentions: tuple[str, ...], allowed: Mapping[str, bool]) -> tuple[str, ...]:
    """The mentions, each of someone who may see the request; else a refusal naming them."""
    if len(mentions) > MAX_MENTIONS:
        raise InvalidInputError(
            f"paling banyak {MAX_MENTIONS} orang disebut dalam satu komentar",
            f"at most {MAX_MENTIONS} people can be mentioned in one comment",
            field="mentions",
        )
    refused = [name for name in mentions if not allowed.get(name)]
    if refused:
        names = ", ".join(f"@{name[:40]}" for name in refused)
        raise InvalidInputError(
            f"{names} tidak dikenal atau tidak dapat melihat permohonan ini; sebut orang yang terlibat",
            f"{names}: unknown, or cannot see this request; mention someone who takes part in it",
            field="mentions",
        )
    return mentions


def comment_refused() -> ForbiddenError:
    return ForbiddenError(
        "hanya pejabat yang terlibat dan OPD pemohon yang dapat berkomentar; auditor hanya membaca",
        "only the officials taking part and the requesting OPD can comment; an auditor only reads",
    )


def role_acted_in(actor: Actor, roles: Iterable[str], requester_role: str, request_opd: str | None) -> str:
    """The role a comment is written in: the first of the request's SOP roles the actor holds
    (its requester role only for the requesting OPD's users), else their first workflow role."""
    held = set(actor.roles)
    for role in roles:
        if role in held and (role != requester_role or (actor.opd is not None and actor.opd == request_opd)):
            return role
    official = [role for role in actor.roles if role in actor.office_roles]
    return official[0] if official else (requester_role if actor.opd == request_opd else actor.roles[0])


@dataclass(frozen=True)
class Comment:
    """One comment as the doors show it (the thread's read model, or the thread just saved)."""

    number: int
    actor: str
    actor_name: str
    role: str
    role_name: str
    text: str
    mentions: tuple[str, ...]
    at: datetime
    retracted_at: datetime | None
    mine: bool = False  # written by the one asking (who may retract it)


@dataclass(frozen=True)
class Subject:
    """The request a thread is about, as the read models know it."""

    request_id: str
    title: str
    opd: str | None
    requester: str
    variant_id: str
    variant_version: int


class Onlookers(Protocol):
    """What a comment's handler reads (adapters/comment_directory.py): the request, and who a
    username is now."""

    def subject(self, request_id: str) -> Subject | None: ...

    def person(self, username: str, at: datetime) -> Credentials | None: ...


class Discussion(Aggregate):
    """The comments on one request, numbered from 1 in the order written."""

    class Opened(Aggregate.Created):
        """The first comment on a request opened its thread."""

        class_version = 1

        request_id: str
        actor: str
        at: datetime

    class Commented(Aggregate.Event):
        class_version = 1

        request_id: str
        number: int
        actor: str
        actor_name: str  # the author's full name when writing (the notices and the page say it)
        role: str
        text: str
        mentions: list[str]
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.said[self.number] = Comment(
                self.number,
                self.actor,
                self.actor_name,
                self.role,
                self.role,
                self.text,
                tuple(self.mentions),
                self.at,
                None,
            )

    class CommentRetracted(Aggregate.Event):
        """The author took a comment back; its text stays in the history, marked."""

        class_version = 1

        request_id: str
        number: int
        actor: str
        role: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.said[self.number] = replace(aggregate.said[self.number], retracted_at=self.at)

    def __init__(self, request_id: str, actor: str, at: datetime) -> None:
        self.request_id = request_id
        self.said: dict[int, Comment] = {}

    @classmethod
    def open(cls, request_id: str, actor: str, at: datetime) -> Discussion:
        return cls._create(cls.Opened, id=discussion_id(request_id), timestamp=at, request_id=request_id,
                           actor=actor, at=at)  # fmt: skip

    def comment(self, *, actor: str, actor_name: str, role: str, text: str, mentions: tuple[str, ...],
                at: datetime) -> int:  # fmt: skip
        number = len(self.said) + 1
        self.trigger_event(self.Commented, timestamp=at, request_id=self.request_id, number=number,
                           actor=actor, actor_name=actor_name, role=role, text=check_text(text),
                           mentions=list(mentions), at=at)  # fmt: skip
        return number

    def retract(self, number: int, *, actor: str, role: str, at: datetime) -> None:
        found = self.said.get(number)
        if found is None:
            raise NotFoundError("komentar tidak ditemukan", "comment not found", field="number")
        if found.actor != actor:
            raise ForbiddenError("hanya penulisnya yang dapat menarik komentar",
                                 "only its author can retract a comment")  # fmt: skip
        if found.retracted_at is not None:
            raise InvalidInputError("komentar itu sudah ditarik", "that comment is already retracted",
                                    field="number")  # fmt: skip
        self.trigger_event(self.CommentRetracted, timestamp=at, request_id=self.request_id, number=number,
                           actor=actor, role=role, at=at)  # fmt: skip


def told_of_comment(*, author: str, role: str, requester: str, requester_role: str,
                    mentions: Iterable[str]) -> dict[str, str]:  # fmt: skip
    """Who a comment tells, and of what kind (domain/notices.py): each one mentioned
    (`mentioned`), and the requester of an official's comment (`commented`) unless mentioned
    already; never the author."""
    told = {name: "mentioned" for name in mentions if name != author}
    if role != requester_role and requester != author and requester not in told:
        told[requester] = "commented"
    return told
