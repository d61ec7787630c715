"""What the audit trail says of absences and of a Plh. granted by one, in either language."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain import formats
from domain.absence import Absence

Parts = dict[str, Any]
ABSENCE_EVENTS = (Absence.AbsenceRequested, Absence.AbsenceApproved, Absence.AbsenceRefused,
                  Absence.AbsenceCancelled)  # fmt: skip
KEYS = {"AbsenceRequested": "absence_requested", "AbsenceApproved": "absence_approved",
        "AbsenceRefused": "absence_refused", "AbsenceCancelled": "absence_cancelled"}  # fmt: skip


def absence_parts(event: Any, role: Any) -> Parts:
    """`role`: turns a role id into [id, its name in the tenant's SOP]."""
    named = ("roles", "granted", "revoked")  # asked for, granted to the Plh., ended on cancelling
    roles = next((getattr(event, name) for name in named if hasattr(event, name)), [])
    return {"key": KEYS[type(event).__name__], "actor": event.actor, "user": event.username,
            "from_date": event.from_date, "to_date": event.to_date, "plh": event.plh,
            "roles": [role(r) for r in roles or []], "reason": getattr(event, "reason", "")}  # fmt: skip


def absence_sentence(parts: Parts, lang: str, role_said: Any) -> str:
    en = lang == "en"
    first, last = date.fromisoformat(parts["from_date"]), date.fromisoformat(parts["to_date"])
    days = f"{formats.day(first, en)} {'to' if en else 's.d.'} {formats.day(last, en)}"
    roles = ", ".join(role_said(r, lang) for r in parts.get("roles", [])) or "-"
    actor, user, plh, key = parts.get("actor", ""), parts.get("user", ""), parts.get("plh", ""), parts["key"]
    if key == "absence_requested":
        if en:
            return (f"{user} asked to be away {days} (reason: {parts['reason']}), proposing {plh} as Plh. "
                    f"for {roles}")  # fmt: skip
        return (f"{user} mengajukan ketidakhadiran {days} (alasan: {parts['reason']}) dengan usulan Plh. "
                f"{plh} untuk {roles}")  # fmt: skip
    if key == "absence_approved":
        if en:
            return f"{actor} approved the absence of {user} ({days}): {plh} acts for {user} as Plh. ({roles})"
        return f"{actor} menyetujui ketidakhadiran {user} ({days}): {plh} menjadi Plh. ({roles}) untuk {user}"
    if key == "absence_refused":
        if en:
            return f"{actor} refused the absence of {user} ({days}); reason: {parts['reason']}"
        return f"{actor} menolak ketidakhadiran {user} ({days}); alasan: {parts['reason']}"
    ended = parts.get("roles")
    if en:
        return f"{actor} cancelled their absence ({days})" + (
            f"; the Plh. grants of {plh} ({roles}) end now" if ended else ""
        )
    return f"{actor} membatalkan ketidakhadirannya ({days})" + (
        f"; peran Plh. {plh} ({roles}) berakhir saat itu" if ended else ""
    )


def acting_for_said(parts: Parts, lang: str) -> str:
    """A Plh. granted by an approved absence: for whom (none for any other grant)."""
    whom = parts.get("acting_for")
    if not whom:
        return ""
    return f"; acting for {whom} while away" if lang == "en" else f"; menggantikan {whom} selama tidak hadir"
