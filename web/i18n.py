"""Indonesian first, English on request: `?lang=en` (remembered in a cookie) or the cookie alone.

Templates write both texts at the call site, `t("Masuk", "Sign in")`, so a page reads in its
own language and no catalogue drifts out of step with the templates.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, pass_context
from starlette.requests import Request

from domain import labels
from domain.sop import Variant
from projections import audit_export
from projections.audit_sentences import sentence

LANGS = ("id", "en")
COOKIE = "alur_lang"


def lang_of(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    kept = request.cookies.get(COOKIE)
    return kept if kept in LANGS else "id"


@pass_context
def translate(context: Any, indonesian: str, english: str) -> str:
    return english if context.get("lang") == "en" else indonesian


@pass_context
def status_name(context: Any, status: str) -> str:
    """A request's status as people say it ("in_progress" -> "berjalan" / "in progress")."""
    return labels.status_label(status, context.get("lang", "id"))


@pass_context
def event_name(context: Any, event_type: str, kind: str = "") -> str:
    """An event type as people say it ("Disposed" -> "Didisposisikan" / "Disposed")."""
    return labels.event_label(event_type, context.get("lang", "id"), kind)


@pass_context
def answer_name(context: Any, answer: str) -> str:
    return labels.answer_label(answer, context.get("lang", "id"))


@pass_context
def role_name(context: Any, role_id: str, variant: Variant | None = None) -> str:
    """A role as people read it: its name in `variant` (the request's SOP), else a built-in's."""
    return labels.role_label(role_id, context.get("lang", "id"), variant)


@pass_context
def said(context: Any, entry: Any) -> str:
    """An audit row's sentence in the page's language, its moments shown as the page shows them."""
    if not entry.parts:
        return str(entry.sentence)
    return sentence(entry.parts, context.get("lang", "id"), context["when"])


@pass_context
def audit_role(context: Any, entry: Any) -> str:
    """An audit row's role: "Plt. <role>" when held by an acting grant, else the role's name."""
    lang = context.get("lang", "id")
    return audit_export.acting_shown(entry, lang) or audit_export.role_shown(entry, lang)


@pass_context
def audit_on_behalf(context: Any, entry: Any) -> str:
    return audit_export.on_behalf_shown(entry, context.get("lang", "id"))


@pass_context
def timeliness_name(context: Any, entry: Any) -> str:
    return audit_export.timeliness_shown(entry, context.get("lang", "id"))


@pass_context
def made_name(context: Any, kind: str) -> str:
    """A document the service makes, by its kind ("lembar-disposisi" -> "Lembar Disposisi")."""
    return labels.made_label(kind, context.get("lang", "id"))


@pass_context
def source_name(context: Any, kind: str) -> str:
    return labels.source_label(kind, context.get("lang", "id"))


def install(env: Environment) -> None:
    env.globals["made_name"] = made_name
    env.globals["source_name"] = source_name
    env.globals["t"] = translate
    env.globals["status_name"] = status_name
    env.globals["event_name"] = event_name
    env.globals["answer_name"] = answer_name
    env.globals["role_name"] = role_name
    env.globals["said"] = said
    env.globals["audit_role"] = audit_role
    env.globals["audit_on_behalf"] = audit_on_behalf
    env.globals["timeliness_name"] = timeliness_name
