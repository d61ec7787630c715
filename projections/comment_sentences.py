"""What a discussion's events say in the audit trail and the request's history, in either
language (the audit projection stores the parts; the page says them in its own language)."""

from __future__ import annotations

from typing import Any

from domain import labels
from domain.comments import Discussion
from domain.sop import Variant

Parts = dict[str, Any]
DISCUSSION_EVENTS = (Discussion.Opened, Discussion.Commented, Discussion.CommentRetracted)
QUOTED = 200  # characters of a comment the sentence quotes (the whole text is in the event's data)


def comment_parts(event: Any, variant: Variant | None) -> Parts:
    role = getattr(event, "role", "")
    name = None
    if variant is not None and role:
        try:
            name = variant.role(role).name
        except KeyError:
            name = None
    found: Parts = {"key": "comment", "event": type(event).__name__, "actor": event.actor,
                    "who": [role, name] if role else None}  # fmt: skip
    if isinstance(event, Discussion.Commented | Discussion.CommentRetracted):
        found["number"] = event.number
    if isinstance(event, Discussion.Commented):
        found |= {"text": _quoted(event.text), "mentions": list(event.mentions)}
    return found


def _quoted(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTED else flat[: QUOTED - 1].rstrip() + "\u2026"


def comment_sentence(parts: Parts, lang: str) -> str:
    en = lang == "en"
    actor = parts.get("actor", "")
    who = parts.get("who")
    if who:
        role = who[1] or labels.role_label(who[0] or "", lang)
        actor = f"{actor} ({role})"
    event = parts.get("event")
    if event == "Opened":
        return f"{actor} {'opened the discussion of the request' if en else 'membuka diskusi permohonan'}"
    number = parts.get("number")
    if event == "CommentRetracted":
        if en:
            return f"{actor} retracted their comment #{number} (its text stays in the history)"
        return f"{actor} menarik komentarnya #{number} (teksnya tetap tercatat di riwayat)"
    mentions = ", ".join(f"@{name}" for name in parts.get("mentions", []))
    said = f"\u201c{parts.get('text', '')}\u201d"
    if en:
        return f"{actor} commented (#{number}): {said}" + (f"; mentioned {mentions}" if mentions else "")
    return f"{actor} berkomentar (#{number}): {said}" + (f"; menyebut {mentions}" if mentions else "")
