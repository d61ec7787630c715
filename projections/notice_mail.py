"""The notices' mail: each notice told by now becomes one mail, or one line of a daily digest,
or nothing, as its user chose (domain/notices.py `told`).

Run by the mail job (adapters/mail_sender.py `run`: a thread of `alur serve`, or `alur mail
run`), a tenant at a time, each pass in one transaction of the tenant's store:

- A notice is decided once, when it is due (`due_at`, already moved into office hours for a
  reminder or an overdue notice): the decision is a row of `mail_notices`, keyed by the notice's
  id, written in the same transaction as its mail. A reminder cancelled before it was due (its
  step done, the file returned) was never due, so it is never mailed; and a notice is mailed
  to the address confirmed at the moment it is told, in the user's language then.
- `immediate`: one mail (cause `notice:<id>`); `digest`: kept for the digest of the office day
  it was told on, written once that day's office hours have closed (cause
  `digest:<user>:<day>:<ids>`); `none`, or no confirmed address (a deactivated user has none):
  nothing.
- Neither table is a read model: a rebuild of `notices` writes the same notice ids again, finds
  them decided, and mails nothing twice. Notices due more than `WINDOW` ago are never mailed
  (the history of a store from before mail, or a rebuilt model, is not sent out again).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from domain import formats
from domain.calendar import WorkingCalendar
from domain.mail_text import Notice as MailNotice
from domain.mail_text import digest_mail, notice_mail
from domain.notices import sentence, told
from projections.base import Tx, parse_ts, ts
from projections.outbox import Mail, confirmed_email, enqueue
from projections.people import prefs

# Created with the outbox (adapters/mail.py DDL), where a tenant's mail tables are.
DDL = (
    "CREATE TABLE IF NOT EXISTS mail_notices ("
    " notice_id TEXT PRIMARY KEY, username TEXT NOT NULL, how TEXT NOT NULL, day TEXT,"
    " cause TEXT, decided_at TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS mail_notices_digest ON mail_notices (how, cause, username, day)",
)
WINDOW = timedelta(days=2)  # a notice due longer ago than this is not mailed any more
BATCH = 500  # notices decided in one pass at most (the rest in the next)
HOW = ("mail", "digest", "none", "no-address")


@dataclass(frozen=True)
class Office:
    """What a tenant's mail says besides the notice: where its pages are, its calendar."""

    slug: str
    public_url: str
    calendar: WorkingCalendar

    def link(self, path: str) -> str:
        return f"{self.public_url.rstrip('/')}/t/{self.slug}{path}"


def waiting(tx: Tx, now: datetime) -> bool:
    """Whether a pass would find anything to do: a notice due and not decided, or a digest
    waiting (a cheap read, so that most passes write nothing)."""
    if tx.query(f"SELECT 1 AS x FROM rm_notices n WHERE {_UNDECIDED} LIMIT 1", _undecided(now)):
        return True
    kept = "SELECT 1 AS x FROM mail_notices WHERE how = 'digest' AND cause IS NULL LIMIT 1"
    return bool(tx.query(kept))


def mail_notices(tx: Tx, office: Office, now: datetime) -> int:
    """One pass in the caller's write transaction: decide the notices due by `now`, write the
    digests of office days closed by `now`; how many mails were written."""
    written = 0
    due = f"SELECT n.* FROM rm_notices n WHERE {_UNDECIDED} ORDER BY n.due_at, n.id LIMIT {BATCH}"
    rows = tx.query(due, _undecided(now))
    for row in rows:
        written += _decide(tx, office, row, now)
    return written + _digests(tx, office, now)


_UNDECIDED = (
    "n.cancelled = 0 AND n.due_at <= ? AND n.due_at > ?"
    " AND NOT EXISTS (SELECT 1 FROM mail_notices m WHERE m.notice_id = n.id)"
)


def _undecided(now: datetime) -> tuple[str, str]:
    return ts(now) or "", ts(now - WINDOW) or ""


def _decide(tx: Tx, office: Office, row: dict[str, Any], now: datetime) -> int:
    username = str(row["username"])
    language, choices = prefs(tx, username)
    address = confirmed_email(tx, username)
    choice = told(str(row["kind"]), choices)
    how = "no-address" if address is None else {"immediate": "mail", "digest": "digest"}.get(choice, "none")
    due = parse_ts(row["due_at"])
    assert due is not None
    day = due.astimezone(office.calendar.zone).date().isoformat() if how == "digest" else None
    cause = f"notice:{row['id']}" if how == "mail" else None
    claimed = tx.query(
        "INSERT INTO mail_notices (notice_id, username, how, day, cause, decided_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (notice_id) DO NOTHING RETURNING notice_id",
        (row["id"], username, how, day, cause, ts(now)),
    )
    if not claimed or cause is None or address is None:  # decided elsewhere, or no mail of its own
        return 0
    english = language == "en"
    subject, body = notice_mail(_said(office, row, english), english)
    return int(enqueue(tx, Mail(address, subject, body, cause), now))


def _said(office: Office, row: dict[str, Any], english: bool) -> MailNotice:
    """A notice row in the words of a mail, in the reader's language."""
    zone = office.calendar.zone
    deadline_at = parse_ts(row["deadline"])
    deadline = formats.due(deadline_at, zone, english) if deadline_at is not None else ""
    step = row["step"]
    named = f"{step} · {row['step_name']}" if step is not None else "-"
    said = sentence(str(row["kind"]), "en" if english else "id", step=step, step_name=row["step_name"],
                    deadline=deadline or "-", decision=row["decision"], title=row["title"],
                    author=row.get("author") or "")  # fmt: skip
    return MailNotice(title=row["title"], letter_number=row["letter_number"], step=named, deadline=deadline,
                      link=office.link(str(row["link"])), kind=str(row["kind"]), said=said)  # fmt: skip


def _digests(tx: Tx, office: Office, now: datetime) -> int:
    """One digest per user and office day whose hours have closed by `now`, of the notices
    kept for it; a notice decided after its day's digest went out goes in a digest of its own."""
    kept = tx.query(
        "SELECT m.notice_id, m.day, n.* FROM mail_notices m JOIN rm_notices n ON n.id = m.notice_id"
        " WHERE m.how = 'digest' AND m.cause IS NULL ORDER BY m.username, m.day, n.due_at, n.id"
    )
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in kept:
        if _closed(office.calendar, date.fromisoformat(row["day"]), now):
            groups[(row["username"], row["day"])].append(row)
    written = 0
    for (username, day), rows in sorted(groups.items()):
        written += _digest(tx, office, username, date.fromisoformat(day), rows, now)
    return written


def _digest(tx: Tx, office: Office, username: str, day: date, rows: Sequence[dict[str, Any]],
            now: datetime) -> int:  # fmt: skip
    ids = [str(row["notice_id"]) for row in rows]
    cause = f"digest:{username}:{day.isoformat()}:{hashlib.sha256(' '.join(ids).encode()).hexdigest()[:16]}"
    marks = ", ".join("?" for _ in ids)
    tx.execute(f"UPDATE mail_notices SET cause = ? WHERE cause IS NULL AND notice_id IN ({marks})",
               (cause, *ids))  # fmt: skip
    address = confirmed_email(tx, username)
    if address is None:  # deactivated, or the address removed since: nothing is sent
        return 0
    language, _ = prefs(tx, username)
    english = language == "en"
    subject, body = digest_mail([_said(office, row, english) for row in rows],
                                formats.day(day, english), english)  # fmt: skip
    return int(enqueue(tx, Mail(address, subject, body, cause), now))


def _closed(calendar: WorkingCalendar, day: date, now: datetime) -> bool:
    """Whether the office day `day` is over at `now` (its closing time passed; a day off: its end)."""
    local = now.astimezone(calendar.zone)
    if local.date() != day:
        return local.date() > day
    if not calendar.is_working_day(day):
        return False
    return local.time() >= calendar.hours(day).end


def decisions(tx: Tx, username: str | None = None) -> list[dict[str, Any]]:
    """How each notice was told by mail (newest first): for the tests and the admin's questions."""
    where, params = (" WHERE username = ?", (username,)) if username else ("", ())
    return tx.query(f"SELECT * FROM mail_notices{where} ORDER BY decided_at DESC, notice_id", params)
