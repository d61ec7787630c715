"""The questions about notices: the header's count, one's list, one notice, one's own page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.actor import Actor
from domain.errors import not_found
from domain.notices import DEFAULT_CHOICES, KINDS
from projections import notices, people
from projections.notices import Notice
from projections.queries.base import Paged, Paging, QueriesBase, _uuid_text


@dataclass(frozen=True)
class MeView:
    """One's own page: name, language (None: never chosen, pages follow the switch), choices."""

    username: str
    full_name: str
    opd: str | None
    roles: tuple[str, ...]
    language: str | None
    choices: dict[str, str]  # every kind, the default where none was set


class NoticeQueries(QueriesBase):
    """A user's notices and own settings, from the read models "notices" and "people"."""

    def notice_count(self, actor: Actor, now: datetime) -> int:
        """How many notices told by now the user has not read (the header's count): one query."""
        with self._read() as tx:
            return notices.count_notices(tx, actor.username, now, unread=True)

    def notices(self, actor: Actor, now: datetime, *, unread: bool = False,
                paging: Paging | None = None) -> Paged[Notice]:  # fmt: skip
        """The user's own notices told by now, newest first, a page at a time."""
        paging = paging or Paging()
        with self._read() as tx:
            total = notices.count_notices(tx, actor.username, now, unread=unread)
            items = notices.notices_for(tx, actor.username, now, unread=unread, limit=paging.limit,
                                        offset=paging.offset)  # fmt: skip
        return Paged(items, total, paging.page, paging.limit)

    def notice(self, actor: Actor, notice_id: str, now: datetime) -> Notice:
        """One of the user's own notices (another's, or one not yet told, is not found)."""
        key = _uuid_text(notice_id)
        with self._read() as tx:
            found = notices.notice(tx, actor.username, key, now) if key else None
        if found is None:
            raise not_found("pemberitahuan", "notice")
        return found

    def notice_choices(self, username: str) -> dict[str, str]:
        """How the user is told of each kind beyond the page (`immediate`, `digest`, `none`):
        what the mail sender asks. Every kind is named; the default where none was set."""
        with self._read() as tx:
            _, chosen = people.prefs(tx, username)
        return {kind: chosen.get(kind) or DEFAULT_CHOICES[kind] for kind in KINDS}

    def language_of(self, username: str) -> str | None:
        """The language the user chose for pages and notices (None: never chosen)."""
        with self._read() as tx:
            return people.prefs(tx, username)[0]

    def me(self, actor: Actor, now: datetime) -> MeView:
        with self._read() as tx:
            found = people.person(tx, actor.username)
            language, chosen = people.prefs(tx, actor.username)
        if found is None:
            raise not_found("pengguna", "user")
        choices = {kind: chosen.get(kind) or DEFAULT_CHOICES[kind] for kind in KINDS}
        return MeView(actor.username, found.full_name, found.opd, actor.roles, language, choices)
