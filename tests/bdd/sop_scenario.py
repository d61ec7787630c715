"""The state of one SOP scenario: a tenant running one variant, and the request it walks.

The steps in `conftest.py` speak through this; it speaks to the real application service, and
reads back only what users see (status, active step and role, due times, late flags, history).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from domain.documents import check_upload
from domain.errors import AlurError
from domain.mutu_baku import Brought
from domain.request import Request, StepTaken
from domain.service import RecordedEvent, RequestService
from domain.sop import Variant
from tenants.catalogue import builtin_variant
from tests.conftest import FakeClock
from tests.mutu import LETTER, first_references, references_for

TIME_FORMAT = "%Y-%m-%d %H:%M"
MAIN_PATH_ANSWER = "ya"
DEFAULT_TARGET = timedelta(days=30)


class SopScenario:
    """One tenant running one SOP variant, and the request a scenario walks through it."""

    def __init__(self, make_service: Callable[..., RequestService], clock: FakeClock) -> None:
        self.make_service = make_service
        self.clock = clock
        self.service: RequestService
        self.variant: Variant
        self.zone = ZoneInfo("UTC")
        self.request_id: UUID | None = None
        self.error: AlurError | None = None
        self.events_before = 0

    def open(self, variant_id: str, timezone: str) -> None:
        self.service = self.make_service(variant_id, timezone)
        self.variant = self.service.variant(variant_id, builtin_variant(variant_id).variant.version)
        self.zone = ZoneInfo(timezone)

    # -- time and names as the feature writes them -----------------------------------------

    def moment(self, text: str) -> datetime:
        return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=self.zone)

    def local(self, moment: datetime) -> str:
        return moment.astimezone(self.zone).strftime(TIME_FORMAT)

    def role(self, role_id: str) -> str:
        """A role of the variant; a typo in a feature must not pass as a refusal."""
        known = [role.id for role in self.variant.roles]
        assert role_id in known, f"peran {role_id!r} tidak ada di SOP {self.variant.id}: {known}"
        return role_id

    # -- actions ---------------------------------------------------------------------------

    def submit(self, role: str) -> None:
        """File the letter as a door does: the PDF, and the first step's other documents by reference."""
        letter = check_upload(LETTER)
        self.request_id = self.service.submit(
            self.variant.id,
            self.variant.version,
            user=f"{role}-uji",
            roles=[self.role(role)],
            title="Aplikasi Antrian Puskesmas",
            letter_number="440/123/DINKES/2026",
            letter_date=self.clock().astimezone(self.zone).date().isoformat(),
            documents=[letter],
            letter=letter.record(),
            brought=Brought(references=first_references(self.variant)),
        )

    def act(self, role: str, number: int, **details: Any) -> None:
        """Complete a step as a door does, held to its Mutu Baku: unless the scenario says what is
        brought, every document it still needs is handed over on paper, with a reference."""
        assert self.request_id is not None, "belum ada permohonan"
        if "brought" not in details:
            records = self.request.records()
            details["brought"] = Brought(references=references_for(self.variant, number, records,
                                                                   details.get("decision")))  # fmt: skip
        self.service.act(self.request_id, number, user=f"{role}-uji", roles=[self.role(role)], **details)

    def act_as_performer(self, number: int, *, main_path: bool = False) -> None:
        """Complete step `number`, which must be active, as the role the variant gives it."""
        request = self.request
        assert request.active_step == number, f"langkah aktif {request.active_step}, bukan {number}"
        assert request.active_role is not None
        self.act(request.active_role, number, **self.defaults(number, main_path=main_path))

    def defaults(self, number: int, *, main_path: bool = False) -> dict[str, Any]:
        """What the variant asks of a step beyond its role, filled in where a scenario may skip it.

        A person to name is filled in; a decision or a target only on the main path (walking to
        a step): elsewhere the scenario must write it.
        """
        step = self.variant.step(number)
        details: dict[str, Any] = {}
        if step.assigns:  # the user of the role whose steps the appointee does, else a name
            later = [s.role for s in self.variant.steps if s.appointee_of == number]
            details["assignee"] = f"{later[0]}-uji" if later else f"petugas langkah {number}"
        if step.decision is not None or step.sets_deadline_for:
            assert main_path, f"langkah {number} memerlukan keputusan atau target: tulis di skenario"
        if step.decision is not None:
            details["decision"] = MAIN_PATH_ANSWER
        if step.sets_deadline_for:
            details["deadline"] = self.clock() + DEFAULT_TARGET
        # The performer is a holder of the role, not the appointee: they act on the appointee's behalf.
        details["on_behalf_of"] = self.request.appointee(self.variant)
        return details

    def walk_to(self, number: int) -> None:
        """Follow the main path (every decision answered "ya") until step `number` is active."""
        if self.request_id is None:
            self.submit(self.variant.first_step.role)
        for _ in range(3 * len(self.variant.steps)):
            request = self.request
            if request.active_step == number:
                return
            assert request.active_step is not None, f"langkah {number} tidak tercapai ({request.status})"
            self.act_as_performer(request.active_step, main_path=True)
        pytest.fail(f"langkah {number} tidak tercapai lewat jalur utama")

    def attempt(self, action: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """Run an action; a refusal is kept for a `ditolak` step instead of failing here."""
        assert self.error is None, f"penolakan belum diperiksa: {self.error}"
        self.events_before = len(self.history) if self.request_id else 0
        try:
            action(*args, **kwargs)
        except AlurError as error:
            self.error = error

    # -- what users see --------------------------------------------------------------------

    @property
    def request(self) -> Request:
        return self.service.get(self.checked_request_id())

    @property
    def history(self) -> list[RecordedEvent]:
        return self.service.history(self.checked_request_id())

    def checked_request_id(self) -> UUID:
        """The request's id, once no refusal is waiting to be checked."""
        if self.error is not None:
            error, self.error = self.error, None
            pytest.fail(f"tindakan ditolak tanpa diduga ({error.code}): {error}")
        assert self.request_id is not None, "belum ada permohonan"
        return self.request_id

    def refusal(self) -> AlurError:
        error, self.error = self.error, None
        assert error is not None, "tindakan diterima, padahal seharusnya ditolak"
        return error

    def taken(self, number: int) -> StepTaken:
        """The latest completion of step `number`."""
        done = [step for step in self.request.steps_taken if step.number == number]
        assert done, f"langkah {number} belum pernah diselesaikan"
        return done[-1]

    def due_of(self, number: int) -> datetime | None:
        """The due time of step `number`: active now, or else its latest completion."""
        request = self.request
        return request.active_due if request.active_step == number else self.taken(number).due_at


def numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",")]


def names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",")]
