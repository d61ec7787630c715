"""Every id a page can show has a name in both languages, and no English name is the raw id."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from domain import labels
from domain.absence import Absence
from domain.audit_chain import AuditChain
from domain.comments import Discussion
from domain.office_calendar import OfficeCalendar
from domain.people import Opd, User
from domain.request import STATUSES, Request
from domain.sop_version import SopVersion, TenantSop
from projections.audit_sentences import STEP_SENTENCES, sentence
from tenants.catalogue import builtin_variant


def event_classes() -> list[type]:
    found = []
    for aggregate in (Request, User, Opd, SopVersion, TenantSop, OfficeCalendar, AuditChain, Absence,
                      Discussion):
        for value in vars(aggregate).values():
            if isinstance(value, type) and value.__name__ != "StepEvent" and hasattr(value, "class_version"):
                found.append(value)
    return found


def test_every_status_has_a_name_in_both_languages():
    for status in STATUSES:
        indonesian, english = labels.STATUSES[status]
        assert indonesian and english and "_" not in english


@pytest.mark.parametrize("event", event_classes(), ids=lambda c: c.__qualname__)
def test_every_event_type_has_a_name_that_is_not_its_class_name(event: type):
    kind = event.__qualname__.split(".")[0]
    indonesian = labels.event_label(event.__name__, "id", kind)
    english = labels.event_label(event.__name__, "en", kind)
    assert event.__name__ in labels.EVENTS
    assert indonesian != english and english != event.__name__


def test_every_request_event_has_a_sentence_in_both_languages():
    events = [c.__name__ for c in event_classes() if issubclass(c, Request.StepEvent | Request.Withdrawn)]
    assert set(events) <= set(STEP_SENTENCES)


def parts(event: str, **more: Any) -> dict[str, Any]:
    kadis = ["kadis", "Kepala Dinas"]
    return {"key": "request", "event": event, "who": kadis, "step": 6, "next": None, "next_step": None,
            "end": None, **more}  # fmt: skip


def test_a_decision_reads_its_answer_and_question_in_the_page_language():
    decided = parts("Decided", answer="tidak", question="Apakah tersedia?", end="declined")
    assert sentence(decided, "id") == (
        "Kepala Dinas memutuskan \u201ctidak\u201d pada langkah 6: Apakah tersedia?; "
        "permohonan tidak dilanjutkan"
    )
    assert sentence(decided, "en") == (
        "Kepala Dinas decided \u201cno\u201d at step 6: Apakah tersedia?; the request is declined"
    )


def test_a_moment_in_a_sentence_is_shown_by_the_page():
    deadline = datetime(2026, 12, 18, 15, 59, tzinfo=UTC)
    set_at = parts("DeadlineSet", deadline=deadline.isoformat(), targets=[7, 8])
    said = sentence(set_at, "en", when=lambda moment: f"<{moment.isoformat()}>")
    assert said == "Kepala Dinas set the deadline <2026-12-18T15:59:00+00:00> for step 7, 8"


def test_a_built_in_role_is_named_in_the_page_language():
    sumbawa = builtin_variant("sumbawa-2021").variant
    granted = {"key": "role_granted", "actor": "admin", "username": "budi", "role": ["auditor", None]}
    assert sentence(granted, "en") == "admin granted the role Auditor to budi"
    assert labels.role_label("kabid-ti", "en", sumbawa) == "Kepala Bidang Teknologi Informasi"
    assert labels.role_label("opd", "en") == "Requesting OPD"
