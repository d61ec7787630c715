"""Stalled steps ("macet", issue 19): a step with no time standard of its own is never late by
its deadline, yet it must not wait forever unseen. Each tenant sets after how many working days
such a step counts as macet (default 10); from then on it is shown as macet in the inbox, the
overview and the SLA report, and counts as late in "tepat waktu" like an overdue step."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from eventsourcing.domain import Aggregate

from domain.calendar import WorkingCalendar
from domain.errors import InvalidInputError
from domain.sop import TimeStandard

OFFICE_RULES_ID = uuid5(NAMESPACE_URL, "alur:office-rules")  # one per tenant store
DEFAULT_STALLED_AFTER = 10
MIN_STALLED_AFTER, MAX_STALLED_AFTER = 1, 250
MAX_REASON = 2000


def stalled_since(
    calendar: WorkingCalendar,
    active_since: datetime | None,
    due: datetime | None,
    after_days: int,
    pauses: Iterable[tuple[datetime, datetime]] = (),
    returned: bool = False,
) -> datetime | None:
    """When a running step with no deadline becomes macet: `after_days` working days after it
    started, later by each pause (the file with the requester); None for a step with a deadline
    (it is late by that instead), one waiting on the requester, or no step at all."""
    if active_since is None or due is not None or returned:
        return None
    standard = TimeStandard(f"{after_days} hari kerja", after_days, "hari_kerja")
    moment = calendar.due(active_since, standard)
    for start, end in pauses:
        moment = calendar.resumed(moment, start, end, standard)
    return moment


def is_stalled(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and now >= moment


def checked_stalled_after(days: Any, reason: Any) -> tuple[int, str]:
    """A threshold of 1-250 working days, and why it changes: both required."""
    if isinstance(days, bool) or not isinstance(days, int):
        raise InvalidInputError(
            "jumlah hari kerja harus bilangan bulat", "the number of working days must be an integer",
            field="days",
        )  # fmt: skip
    if not MIN_STALLED_AFTER <= days <= MAX_STALLED_AFTER:
        raise InvalidInputError(
            f"langkah dianggap macet setelah {MIN_STALLED_AFTER}–{MAX_STALLED_AFTER} hari kerja, bukan "
            f"{days}",
            f"a step counts as stalled after {MIN_STALLED_AFTER}-{MAX_STALLED_AFTER} working days, not "
            f"{days}",
            field="days",
        )
    return days, checked_reason(reason)


def checked_reason(reason: Any) -> str:
    """A change's reason: given, and within MAX_REASON characters."""
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise InvalidInputError("tulis alasan perubahan", "give the reason for the change", field="reason")
    if len(text) > MAX_REASON:
        raise InvalidInputError(
            f"alasan terlalu panjang: paling banyak {MAX_REASON} karakter",
            f"the reason is too long: at most {MAX_REASON} characters",
            field="reason",
        )
    return text


@dataclass(frozen=True)
class StalledSetting:
    """The threshold in force, and who set it, when and why (None: the default)."""

    days: int = DEFAULT_STALLED_AFTER
    reason: str = ""
    actor: str | None = None
    at: datetime | None = None


LETTERHEAD_FIELDS = {  # field: (most characters, required, Indonesian name, English name)
    "government": (120, True, "nama pemerintah daerah", "the regional government's name"),
    "office": (160, True, "nama perangkat daerah", "the office's name"),
    "address": (240, False, "alamat dan kontak", "the address and contacts"),
    "city": (60, True, "kota tempat naskah ditandatangani", "the city documents are signed in"),
}
MAX_LOGO = 512 * 1024
LOGO_TYPES = ("image/png", "image/jpeg")


@dataclass(frozen=True)
class LetterheadSetting:
    """The kop surat the office set for the documents the service makes (None: the default)."""

    government: str
    office: str
    address: str
    city: str
    logo: dict[str, Any] | None  # the logo's record (name, sha256, size, content_type), if any
    reason: str
    actor: str
    at: datetime


def checked_letterhead(values: dict[str, Any], reason: Any) -> tuple[dict[str, str], str]:
    """Each line of the kop surat within its length, the required ones given; the reason."""
    found = {}
    for name, (most, required, indonesian, english) in LETTERHEAD_FIELDS.items():
        raw = values.get(name)
        text = " ".join(raw.split()) if isinstance(raw, str) else ""
        if required and not text:
            raise InvalidInputError(f"tulis {indonesian}", f"give {english}", field=name)
        if len(text) > most:
            raise InvalidInputError(
                f"{indonesian} terlalu panjang: paling banyak {most} karakter",
                f"{english} is too long: at most {most} characters",
                field=name,
            )
        found[name] = text
    return found, checked_reason(reason)


class OfficeRules(Aggregate):
    """A tenant's own working rules besides its SOP: after how many working days a step with no
    time standard counts as macet, and the kop surat of the documents the service makes. One per
    tenant store, each change with its reason."""

    class Started(Aggregate.Created):
        class_version = 1

        actor: str
        at: datetime

    class StalledAfterSet(Aggregate.Event):
        class_version = 1

        days: int
        previous: int
        reason: str
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.stalled = StalledSetting(self.days, self.reason, self.actor, self.at)

    class LetterheadSet(Aggregate.Event):
        """The kop surat (and its logo, kept in the store with this event) from now on."""

        class_version = 1

        government: str
        office: str
        address: str
        city: str
        logo: dict[str, Any] | None
        reason: str
        actor: str
        at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.letterhead = LetterheadSetting(self.government, self.office, self.address, self.city,
                                                     self.logo, self.reason, self.actor, self.at)  # fmt: skip

    def __init__(self, actor: str, at: datetime) -> None:
        self.stalled = StalledSetting()
        self.letterhead: LetterheadSetting | None = None

    @classmethod
    def start(cls, actor: str, at: datetime) -> OfficeRules:
        return cls._create(cls.Started, timestamp=at, id=OFFICE_RULES_ID, actor=actor, at=at)

    def set_letterhead(self, values: dict[str, Any], logo: dict[str, Any] | None, reason: Any, actor: str,
                       at: datetime) -> None:  # fmt: skip
        """A new kop surat; `logo` None keeps the one set before (if any)."""
        lines, why = checked_letterhead(values, reason)
        kept = self.letterhead.logo if self.letterhead is not None else None
        logo = logo if logo is not None else kept
        if self.letterhead is not None and (lines, logo) == (
            {name: getattr(self.letterhead, name) for name in LETTERHEAD_FIELDS}, kept
        ):
            raise InvalidInputError(
                "kop surat sudah seperti itu; tidak ada yang diubah",
                "the letterhead already reads so; nothing was changed",
                field="government",
            )
        self.trigger_event(
            self.LetterheadSet, timestamp=at, **lines, logo=logo, reason=why, actor=actor, at=at
        )

    def set_stalled_after(self, days: Any, reason: Any, actor: str, at: datetime) -> None:
        days, reason = checked_stalled_after(days, reason)
        if days == self.stalled.days:
            raise InvalidInputError(
                f"langkah sudah dianggap macet setelah {days} hari kerja; tidak ada yang diubah",
                f"steps already count as stalled after {days} working days; nothing was changed",
                field="days",
            )
        self.trigger_event(self.StalledAfterSet, timestamp=at, days=days, previous=self.stalled.days,
                           reason=reason, actor=actor, at=at)  # fmt: skip
