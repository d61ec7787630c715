"""Aggregates and read-model rows as the plain data the API contract names.

The shapes here are a contract with other systems: keep the names.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain import formats, notices
from domain.calendar import day_meant
from domain.mutu_baku import every_item, records_of
from domain.request import FileReturned
from domain.request_view import RequestDetail
from domain.sop import DECISION_OUTCOMES, Variant
from projections.queries import HistoryEvent, Paged


def iso(moment: datetime | None, zone: ZoneInfo | None = None) -> str | None:
    if moment is None:
        return None
    return (moment.astimezone(zone) if zone else moment).isoformat()


def day_of(moment: datetime | None, zone: ZoneInfo) -> str | None:
    """The date a due time or an end stands for when it is the end of a whole day (a date given
    without a time), beside the exact instant; else None."""
    meant = day_meant(moment, zone)
    return meant.isoformat() if meant else None


def jsonable(value: Any) -> Any:
    """Dataclasses, datetimes, UUIDs and tuples as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {  # a field marked `api: False` is for the pages only, not the contract
            f.name: jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.metadata.get("api", True)
        }
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def sop_view(variant: Variant) -> dict[str, Any]:
    return {
        "id": variant.id,
        "version": variant.version,
        "roles": [{"id": role.id, "name": role.name} for role in variant.roles],
        "steps": [
            {
                "number": step.number,
                "description": step.description,
                "role": step.role,
                "inputs": list(step.inputs),
                "outputs": list(step.outputs),  # every answer's; an answer's own: answer_outputs
                "answer_outputs": {
                    answer: list(step.decision.outcome(answer).outputs) if step.decision else []
                    for answer in DECISION_OUTCOMES
                },
                # what satisfies each input (letter, output, upload), and the outputs the service makes
                "input_sources": [
                    {"name": name, "source": source.kind, "from_output": source.document or None}
                    for name, source in ((name, variant.input_source(step, name)) for name in step.inputs)
                ],
                "made": [{"name": name, "kind": kind} for name, kind in step.made.items()],
                "time_standard": step.time_standard.text if step.time_standard else None,
                "decision": step.decision is not None,
                "assigns": step.assigns,
                "sets_deadline": bool(step.sets_deadline_for),
                "appointee_of": step.appointee_of,
            }
            for step in variant.steps
        ],
    }


def paged(page: Paged[Any], items: list[Any]) -> dict[str, Any]:
    """A page of a list, with what a client needs to ask for the next one."""
    return {"items": items, "total": page.total, "page": page.page, "limit": page.limit, "pages": page.pages}


def request_view(request: RequestDetail, variant: Variant, now: datetime, zone: ZoneInfo) -> dict[str, Any]:
    active = _active(request, variant, zone, request.is_overdue(now))
    return {
        "id": str(request.id),
        "status": request.status,
        "sop": {"id": request.variant_id, "version": request.variant_version},
        "title": request.title,
        "opd": request.opd,
        "version": request.version,
        "active_step": active,
        "appointee": request.appointee(variant),  # who the SOP gives the active step to, if anyone
        "appointees": list(request.appointees(variant)),  # everyone it gives it to (a team)
        # the active step's Mutu Baku: each Kelengkapan with what is on the request, each output
        "checklist": _checklist(request, variant),
        "steps_taken": [
            {
                "number": taken.number,
                "event": taken.event,
                "actor": taken.actor,
                "role": taken.role,
                "decision": taken.decision,
                "at": iso(taken.ended_at, zone),
                "late": taken.late,
                "on_behalf_of": taken.on_behalf_of,
                "documents": _files(taken.outputs),
                "recorded": [jsonable(doc) for doc in taken.outputs if doc.get("part")],
            }
            for taken in request.steps_taken
        ],
        # "menunggu kelengkapan": the file is with the requester, the step's clock stopped
        "returned": _returned_view(request.returned, zone) if request.returned else None,
        "pauses": [
            {**_returned_view(pause.returned, zone), "resubmitted_by": pause.resubmitted_by,
             "resubmitted_at": iso(pause.resubmitted_at, zone), "resubmit_note": pause.note,
             "documents": _files(pause.outputs)}
            for pause in request.pauses
        ],
        "targets": [
            {
                "step": target.step,
                "actor": target.actor,
                "role": target.role,
                "deadline": iso(target.deadline, zone),
                "deadline_date": target.deadline_date,
                "steps": list(target.steps),
                "at": iso(target.at, zone),
                "reason": target.reason,
            }
            for target in request.targets
        ],
    }


def _files(outputs: Any) -> list[dict[str, Any]]:
    """The uploaded files among a step's outputs (each downloadable by its SHA-256)."""
    keys = ("name", "file", "part", "sha256", "size", "content_type")
    return [{key: doc[key] for key in keys if key in doc} for doc in outputs if doc.get("sha256")]


def _checklist(request: RequestDetail, variant: Variant) -> list[dict[str, Any]]:
    if request.active_step is None or request.is_finished:
        return []
    step = variant.step(request.active_step)
    items = every_item(variant, step, records_of(request.steps_taken, request.pauses))
    return [
        {"slot": item.slot, "part": item.part, "name": item.name, "answer": item.answer or None,
         "source": item.source.kind if item.source else None,
         "from_output": item.source.document if item.source and item.source.document else None,
         "present": item.present if item.part == "input" else None,
         "made": item.made or None, "passed_from": item.passed or None,
         "needs_recording": item.needs_recording, "documents": [jsonable(doc) for doc in item.records]}
        for item in items
    ]  # fmt: skip


def _returned_view(returned: FileReturned, zone: ZoneInfo) -> dict[str, Any]:
    return {"step": returned.step, "missing": list(returned.missing), "note": returned.note,
            "returned_by": returned.actor, "role": returned.role, "on_behalf_of": returned.on_behalf_of,
            "returned_at": iso(returned.at, zone)}  # fmt: skip


def event_view(event: HistoryEvent, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "position": event.position,
        "type": event.type,
        "step": event.step,
        "actor": event.actor,
        "role": event.role,
        "at": iso(event.at, zone),
        "data": jsonable(event.data),
    }


def request_summary(row: Any, variant: Variant, zone: ZoneInfo) -> dict[str, Any]:
    """A request in a list: what it is and where it waits (the steps are on its own page)."""
    active = _active(row, variant, zone, row.overdue)
    return {
        "id": row.id,
        "status": row.status,
        "sop": {"id": row.variant_id, "version": row.variant_version},
        "title": row.title,
        "opd": row.opd,
        "letter_number": row.letter_number,
        "version": row.version,
        "submitted_at": iso(row.submitted_at, zone),
        "finished_at": iso(row.finished_at, zone),
        "active_step": active,
    }


def _active(request: Any, variant: Variant, zone: ZoneInfo, overdue: bool) -> dict[str, Any] | None:
    """The step a request waits on, as both views show it."""
    if request.active_step is None:
        return None
    step = variant.step(request.active_step)
    # A detail has `returned`, a list row `returned_at`: either way no clock runs while returned.
    returned = bool(getattr(request, "returned", None) or getattr(request, "returned_at", None))
    due = None if returned else request.active_due
    return {
        "number": step.number,
        "description": step.description,
        "role": request.active_role or step.role,
        "started_at": iso(request.active_since, zone),
        "due_at": iso(due, zone),
        "due_date": day_of(due, zone),
        "overdue": overdue,
        "decision": step.decision is not None,
        "awaiting_requester": returned,  # "menunggu kelengkapan"
    }


def office_view(office: Any, zone: ZoneInfo) -> dict[str, Any]:
    """The office overview: a page of open requests, with the counts per role and per OPD."""
    items = [
        {
            "request_id": item.request_id,
            "title": item.title,
            "letter_number": item.letter_number,
            "opd": item.opd,
            "sop": {"id": item.variant_id, "version": item.variant_version},
            "step": {
                "number": item.step,
                "description": item.description,
                "time_standard": item.time_standard,
            },
            "role": {"id": item.role, "name": item.role_name},
            "holders": [jsonable(holder) for holder in item.holders],
            "since": iso(item.since, zone),
            "due_at": iso(item.due_at, zone),
            "due_date": day_of(item.due_at, zone),
            "overdue": item.overdue,
            "waiting_working_days": item.waiting_days,
            "remaining_working_days": item.remaining_days,
            "stalled": item.stalled,
        }
        for item in office.found.items
    ]
    return {
        **paged(office.found, items),
        "open": office.open,
        "overdue": office.overdue,
        "stalled": office.stalled,
        "by_role": [jsonable(tally) for tally in office.roles],
        "by_opd": [jsonable(tally) for tally in office.opds],
    }


def user_view(user: Any, zone: ZoneInfo) -> dict[str, Any]:
    """A user as the admin's list shows it (never a password hash)."""
    return {
        "username": user.username,
        "full_name": user.full_name,
        "nip": user.nip,
        "opd": user.opd,
        "active": user.active,
        "email": user.email,
        "email_confirmed": user.email_confirmed,
        "roles": list(user.roles),
        "grants": [grant_json(g, zone) for g in user.grants],
    }


def grant_json(g: Any, zone: ZoneInfo) -> dict[str, Any]:
    """A grant as the API gives it: the role, acting (title "Plt."/"Plh."), its period and SK
    (its PDF downloadable by an auditor or admin at `/audit/sk/{sha256}`)."""
    return {
        "role": g.role,
        "acting": g.acting,
        "title": g.held_as or None,
        "valid_from": iso(g.valid_from, zone),
        "valid_until": iso(g.valid_until, zone),
        "valid_until_date": day_of(g.valid_until, zone),
        "revoked_at": iso(g.revoked_at, zone),
        "granted_by": g.granted_by,
        "sk_number": g.sk_number,
        "sk_date": g.sk_date.isoformat() if g.sk_date else None,
        "sk_document": g.sk_document,
    }


def holders_json(found: Any, zone: ZoneInfo) -> dict[str, Any]:
    """Who held a role on a day (`GET /audit/holders`)."""
    holders = [
        {"username": h.username, "full_name": h.full_name, "nip": h.nip, **grant_json(h.grant, zone)}
        for h in found.holdings
    ]
    return {"role": found.role, "date": found.day.isoformat(), "holders": holders}


def calendar_json(view: Any) -> dict[str, Any]:
    """One year of the office calendar (`GET /calendar`)."""
    hours = view.office_hours

    def day(d: Any) -> dict[str, Any]:
        return {"date": d.day.isoformat(), "name": d.name, "kind": d.kind, "reference": d.reference,
                "reason": d.reason}  # fmt: skip

    def span(r: Any) -> dict[str, Any]:
        return {"first": r.first.isoformat(), "last": r.last.isoformat(),
                "start": r.hours.start.strftime("%H:%M"), "end": r.hours.end.strftime("%H:%M"),
                "reference": r.reference, "reason": r.reason}  # fmt: skip

    return {
        "year": view.year,
        "timezone": view.timezone,
        "office_hours": {"start": hours.start.strftime("%H:%M"), "end": hours.end.strftime("%H:%M")},
        "recorded": view.recorded,
        "source": view.source,
        "working_days": view.working_days,
        "days": [day(d) for d in view.days],
        "removed": [day(d) for d in view.removed],
        "hours": [span(r) for r in view.ranges],
    }


def calendar_change_json(change: Any, zone: ZoneInfo) -> dict[str, Any]:
    """What a calendar change recorded and the deadlines it moved."""
    moved = [{"request_id": request_id, "step": step, "was": iso(was, zone), "due": iso(due, zone)}
             for request_id, step, was, due in change.moved]  # fmt: skip
    return {"event": change.event, "moved": moved}


def settings_json(setting: Any, zone: ZoneInfo) -> dict[str, Any]:
    """The office's working rules (`GET /settings`)."""
    return {"stalled_after": {"days": setting.days, "reason": setting.reason, "set_by": setting.actor,
                              "set_at": iso(setting.at, zone)}}  # fmt: skip


def naskah_json(taken: int, step: int, kind: str, name: str, made: dict[str, Any] | None) -> dict[str, Any]:
    """A document a step gives the request; `made` once made and sealed (download it by its
    SHA-256 from `/requests/{id}/documents/{sha256}`)."""
    record = None
    if made is not None:
        record = {key: made[key] for key in ("number", "sha256", "size", "sealed_by", "actor")}
        record["name"] = str(made["name"])
        record["at"] = made["at"].isoformat() if hasattr(made["at"], "isoformat") else str(made["at"])
    return {"taken": taken, "step": step, "kind": kind, "name": name, "made": record}


def letterhead_json(setting: Any, default: Any, zone: ZoneInfo) -> dict[str, Any]:
    """The kop surat of the documents the service makes (`GET /settings/letterhead`)."""
    if setting is None:
        return {"government": default.government, "office": default.office, "address": default.address,
                "city": default.city, "logo": None, "default": True, "reason": None, "set_by": None,
                "set_at": None}  # fmt: skip
    logo = {key: setting.logo[key] for key in ("sha256", "size", "content_type")} if setting.logo else None
    return {"government": setting.government, "office": setting.office, "address": setting.address,
            "city": setting.city, "logo": logo, "default": False, "reason": setting.reason,
            "set_by": setting.actor, "set_at": iso(setting.at, zone)}  # fmt: skip


def notice_sentence(notice: Any, lang: str, zone: ZoneInfo) -> str:
    """A notice's sentence in the reader's language, its deadline as the inbox says it."""
    english = lang == "en"
    deadline = formats.due(notice.deadline, zone, english) if notice.deadline is not None else "-"
    return notices.sentence(notice.kind, lang, step=notice.step, step_name=notice.step_name,
                            deadline=deadline, decision=notice.decision, title=notice.title,
                            author=notice.author)  # fmt: skip


def notice_view(notice: Any, lang: str, zone: ZoneInfo, base: str) -> dict[str, Any]:
    """A notice as the API gives it: its sentence in the asked language, a link under the tenant."""
    return {
        "id": notice.id,
        "kind": notice.kind,
        "sentence": notice_sentence(notice, lang, zone),
        "request_id": notice.request_id,
        "title": notice.title,
        "letter_number": notice.letter_number,
        "step": notice.step,
        "step_name": notice.step_name,
        "deadline": notice.deadline.isoformat() if notice.deadline else None,
        "deadline_date": day_of(notice.deadline, zone),
        "link": f"{base}{notice.link}",
        "due_at": notice.due_at.isoformat(),
        "created_at": notice.created_at.isoformat(),
        "read_at": notice.read_at.isoformat() if notice.read_at else None,
        "read": notice.read_at is not None,
    }


def me_view(me: Any) -> dict[str, Any]:
    return {"username": me.username, "full_name": me.full_name, "opd": me.opd, "roles": list(me.roles),
            "language": me.language, "choices": dict(me.choices)}  # fmt: skip
