"""Aggregates and read-model rows as the plain data the API contract names.

The shapes here are a contract with other systems: keep the names.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.request import Request
from domain.service import RecordedEvent
from domain.sop import Variant


def iso(moment: datetime | None, zone: ZoneInfo | None = None) -> str | None:
    if moment is None:
        return None
    return (moment.astimezone(zone) if zone else moment).isoformat()


def jsonable(value: Any) -> Any:
    """Dataclasses, datetimes, UUIDs and tuples as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
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
                "outputs": list(step.outputs),
                "time_standard": step.time_standard.text if step.time_standard else None,
                "decision": step.decision is not None,
            }
            for step in variant.steps
        ],
    }


def request_view(request: Request, variant: Variant, now: datetime, zone: ZoneInfo) -> dict[str, Any]:
    active = None
    if request.active_step is not None:
        step = variant.step(request.active_step)
        active = {
            "number": step.number,
            "description": step.description,
            "role": request.active_role or step.role,
            "started_at": iso(request.active_since, zone),
            "due_at": iso(request.active_due, zone),
            "overdue": request.is_overdue(now),
            "decision": step.decision is not None,
        }
    return {
        "id": str(request.id),
        "status": request.status,
        "sop": {"id": request.variant_id, "version": request.variant_version},
        "title": request.title,
        "opd": request.opd,
        "version": request.version,
        "active_step": active,
        "steps_taken": [
            {
                "number": taken.number,
                "event": taken.event,
                "actor": taken.actor,
                "role": taken.role,
                "decision": taken.decision,
                "at": iso(taken.ended_at, zone),
                "late": taken.late,
            }
            for taken in request.steps_taken
        ],
    }


def event_view(event: RecordedEvent, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "position": event.position,
        "type": event.type,
        "step": event.step,
        "actor": event.actor,
        "role": event.role,
        "at": iso(event.at, zone),
        "data": jsonable(event.data),
    }
