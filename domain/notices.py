"""Who is told what, and when: the rules of notices (in the page, and for the mail sender).

A notice is one sentence for one user about one request: its step reached them (`arrived`),
its due time is one working day away (`reminder`) or has passed (`overdue`), or, for the user
who submitted it, it was returned for completion (`returned`), decided (`decided`) or came to
its end (`finished`). The read model `notices` (projections/notices.py) applies these rules to
each event; nothing here knows a database.

- A step reaches the holders of its role at that moment (a Plt./Plh. grant in force counts),
  or only its appointee where the SOP gives the step to the person appointed at an earlier
  step (domain/appointees.py decides it, as for the inbox); a step of the requester role only
  reaches users of the request's own OPD. Deactivated users are told nothing.
- A reminder is due one working day before the step's due time, an overdue notice at the due
  time; both are moved into the tenant's office hours on a working day: one falling on a
  Saturday waits for Monday's opening, one after closing time for the next working day's.
- Each user chooses, per kind, how they are told beyond the page: `immediate` mail, one daily
  `digest`, or `none`. Notices in the page always appear.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from uuid import NAMESPACE_URL, uuid5

from domain.appointees import appointees_in_force
from domain.calendar import DAY, WorkingCalendar
from domain.errors import InvalidInputError
from domain.sop import Variant

# The kinds, in the order a page of choices shows them; a new kind is added here with its
# default and its sentences. `mentioned`: someone named the user in a request's discussion;
# `commented`: an official commented on the user's own request (domain/comments.py).
KINDS: tuple[str, ...] = ("arrived", "reminder", "overdue", "returned", "decided", "finished", "mentioned",
                          "commented")  # fmt: skip
CHOICES: tuple[str, ...] = ("immediate", "digest", "none")
DEFAULT_CHOICES: dict[str, str] = {**{kind: "immediate" for kind in KINDS}, "commented": "digest"}
# Kinds told at a moment of the office's (a deadline's), not at the moment of the event.
TIMED: frozenset[str] = frozenset({"reminder", "overdue"})
# Kinds told to the requester (the user who submitted the request).
TO_REQUESTER: frozenset[str] = frozenset({"returned", "decided", "finished"})
LANGUAGES: tuple[str, ...] = ("id", "en")


def check_choices(given: Mapping[str, str], current: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every kind's choice: those given (each a known kind and a known choice), the others as
    they were (or the default)."""
    chosen = {**DEFAULT_CHOICES, **(current or {})}
    for kind, choice in given.items():
        if kind not in KINDS:
            raise InvalidInputError(
                f"jenis pemberitahuan {str(kind)[:40]!r} tidak dikenal; pilih: {', '.join(KINDS)}",
                f"unknown notice kind {str(kind)[:40]!r}; choose: {', '.join(KINDS)}",
                field=f"choices.{str(kind)[:40]}",
            )
        if choice not in CHOICES:
            raise InvalidInputError(
                f"pilihan {str(choice)[:40]!r} untuk {kind} tidak sah; "
                "pilih: segera, ringkasan harian, tidak",
                f"the choice {str(choice)[:40]!r} for {kind} is not valid; choose: {', '.join(CHOICES)}",
                field=f"choices.{kind}",
            )
        chosen[kind] = choice
    return {kind: chosen[kind] for kind in KINDS}


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise InvalidInputError(
            f"bahasa {str(language)[:20]!r} tidak dikenal; pilih: id, en",
            f"unknown language {str(language)[:20]!r}; choose: id, en",
            field="language",
        )
    return language


def notice_id(position: int, username: str, kind: str) -> str:
    """A notice's id: the same for the same event, user and kind, however often it is rebuilt."""
    return str(uuid5(NAMESPACE_URL, f"alur:notice:{position}:{username}:{kind}"))


# -- when ------------------------------------------------------------------------------------


def office_moment(calendar: WorkingCalendar, moment: datetime) -> datetime:
    """The first moment at or after `moment` within office hours on a working day: during
    office hours (its closing minute included) the moment itself; before opening the day's
    opening; after closing, or on a day off, the next working day's opening."""
    local = moment.astimezone(calendar.zone)
    day = local.date()
    for _ in range(366 * 2):
        if calendar.is_working_day(day):
            hours = calendar.hours(day)
            opens = datetime.combine(day, hours.start, calendar.zone)
            closes = datetime.combine(day, hours.end, calendar.zone)
            if local < opens:
                return opens
            if local <= closes:  # the closing minute is still the office's
                return local
        day += DAY
        local = datetime.combine(day, time(0), calendar.zone)
    return moment  # a calendar with no working day for two years: told when the event says


def reminder_at(calendar: WorkingCalendar, due: datetime) -> datetime:
    """When the reminder of a step due at `due` may be told: the same clock time on the last
    working day before the due day (one working day ahead), moved into office hours."""
    local = due.astimezone(calendar.zone)
    day = local.date() - DAY
    for _ in range(366 * 2):
        if calendar.is_working_day(day):
            break
        day -= DAY
    earlier = datetime.combine(day, local.timetz().replace(tzinfo=None), calendar.zone)
    return office_moment(calendar, earlier)


def reminder_after(calendar: WorkingCalendar, due: datetime, since: datetime) -> datetime | None:
    """The reminder's moment for a step active since `since`, or None when it would come at
    once (a step given a day or less: the notice of its arrival names the deadline already)."""
    moment = reminder_at(calendar, due)
    return moment if moment > since else None


def overdue_at(calendar: WorkingCalendar, due: datetime) -> datetime:
    """When the overdue notice of a step due at `due` may be told: the due time, moved into
    office hours (a step due on Saturday, or on Friday evening, is told at Monday's opening)."""
    return office_moment(calendar, due)


# -- who -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Holder:
    """A user as the rules see them at a moment: active or not, their OPD, the roles in force."""

    username: str
    active: bool
    opd: str | None
    roles: frozenset[str]


def step_recipients(
    variant: Variant,
    *,
    role: str,
    appointee: str | Iterable[str] | None,
    request_opd: str | None,
    holders: Iterable[Holder],
) -> tuple[str, ...]:
    """Who a step that has become active is told to (sorted): its appointees alone (each member
    of a team) while they hold one of the SOP's workflow roles (the inbox's rule,
    domain/appointees.py); else every
    active holder of its role, and for a step of the requester role only those of the
    request's OPD."""
    people = {holder.username: holder for holder in holders}

    def roles_of(username: str) -> Iterable[str] | None:
        found = people.get(username)
        return found.roles if found is not None and found.active else None

    team = (appointee,) if isinstance(appointee, str) else tuple(appointee or ())
    chosen = appointees_in_force(variant, team, roles_of)
    if chosen:
        return tuple(sorted(chosen))
    return tuple(
        sorted(
            holder.username
            for holder in people.values()
            if holder.active
            and role in holder.roles
            and (role != variant.requester_role or (request_opd is not None and holder.opd == request_opd))
        )
    )


def requester_kind(event_name: str, *, ends: bool, withdrawn: bool = False) -> str | None:
    """What the requester is told of a Request event (its class name), if anything: returned
    for completion; a decision (needed, not needed, rejected for resources); the request's
    end (handed over, completed, archived: whichever step ends its flow). A withdrawal is the
    requester's own act: nothing."""
    if withdrawn:
        return None
    if event_name == "Returned":
        return "returned"
    if event_name in ("Decided", "RejectedForResources"):
        return "decided"
    if ends and event_name != "Submitted":
        return "finished"
    return None


def told(kind: str, choices: Mapping[str, str] | None) -> str:
    """How a user is told of a kind beyond the page: their choice, else the default."""
    return (choices or {}).get(kind) or DEFAULT_CHOICES.get(kind, "immediate")


# -- what ------------------------------------------------------------------------------------

SENTENCES: dict[str, tuple[str, str]] = {
    "arrived": ("Langkah {step} ({step_name}) sampai di kotak masuk Anda.",
                "Step {step} ({step_name}) has reached your inbox."),
    "reminder": ("Pengingat: langkah {step} ({step_name}) jatuh tempo {deadline}.",
                 "Reminder: step {step} ({step_name}) is due {deadline}."),
    "overdue": ("Langkah {step} ({step_name}) melewati tenggat {deadline}.",
                "Step {step} ({step_name}) is overdue since {deadline}."),
    "returned": ("Permohonan Anda dikembalikan untuk dilengkapi pada langkah {step}.",
                 "Your request was returned for completion at step {step}."),
    "decided": ("Permohonan Anda diputuskan: {decision}.", "Your request was decided: {decision}."),
    "finished": ("Permohonan Anda selesai.", "Your request is finished."),
    "mentioned": ("{author} menyebut Anda dalam diskusi permohonan \u201c{title}\u201d.",
                  "{author} mentioned you in the discussion of the request \u201c{title}\u201d."),
    "commented": ("{author} berkomentar pada permohonan Anda \u201c{title}\u201d.",
                  "{author} commented on your request \u201c{title}\u201d."),
}  # fmt: skip

DECISIONS: dict[str, tuple[str, str]] = {
    "ya": ("ya, dilanjutkan", "yes, it goes ahead"),
    "tidak": ("tidak", "no"),
    "rejected_for_resources": ("ditolak karena sumber daya", "rejected for lack of resources"),
}


def sentence(kind: str, language: str, *, step: int | None, step_name: str, deadline: str,
             decision: str | None = None, title: str = "", author: str = "") -> str:  # fmt: skip
    """The notice's sentence in the user's language (Indonesian unless English is chosen)."""
    english = language == "en"
    pair = SENTENCES.get(kind, ("Pemberitahuan ({kind}).", "Notice ({kind})."))
    said = DECISIONS.get(decision or "", (decision or "-", decision or "-"))[1 if english else 0]
    return pair[1 if english else 0].format(
        step=step if step is not None else "-", step_name=step_name or "-",
        deadline=deadline or "-", decision=said, kind=kind, title=title or "-", author=author or "-",
    )  # fmt: skip
