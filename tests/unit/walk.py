"""Drive a Request through a built-in SOP variant directly, without storage."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from adapters.holidays_id import indonesian_calendar
from domain.request import Request
from domain.sop import Variant
from tenants.catalogue import builtin_variant

WITA = ZoneInfo("Asia/Makassar")
START = datetime(2026, 3, 17, 10, 0, tzinfo=WITA)  # Tuesday, before Nyepi and Idul Fitri

LETTER = {"title": "Aplikasi Perizinan", "letter_number": "555/001/2026", "letter_date": "2026-03-16"}


class Walk:
    """One request on one variant, with a clock that each action moves forward an hour."""

    def __init__(self, variant_id: str, start: datetime = START) -> None:
        self.variant: Variant = builtin_variant(variant_id).variant
        self.due = indonesian_calendar("Asia/Makassar").due
        self.now = start
        self._request: Request | None = None

    @property
    def request(self) -> Request:
        assert self._request is not None, "submit first"
        return self._request

    def submit(self, *, roles: tuple[str, ...] = ("opd",), **fields: Any) -> Request:
        letter: dict[str, Any] = {**LETTER, **fields}
        self._request = Request.submit(
            self.variant, self.due, tenant="uji", user="pemohon", roles=roles, at=self.now, **letter
        )
        return self._request

    def complete(self, number: int, roles: tuple[str, ...] | None = None, **kwargs: Any) -> None:
        """Complete a step an hour later, by default as the role the request is waiting for (and,
        on a step the SOP gives to an appointee, as that appointee)."""
        self.now += kwargs.pop("after", timedelta(hours=1))
        held = roles if roles is not None else (self.request.active_role or "",)
        user = kwargs.pop("user", None) or self.request.appointee(self.variant) or "petugas"
        self.request.complete_step(
            self.variant, self.due, number=number, user=user, roles=held, at=self.now, **kwargs
        )

    def withdraw(self, roles: tuple[str, ...] = ("opd",), note: str = "Tidak jadi dibangun") -> None:
        self.now += timedelta(hours=1)
        self.request.withdraw(self.variant, user="pemohon", roles=roles, at=self.now, note=note)

    def to_step(self, target: int, **answers: str) -> None:
        """Submit if needed, then complete whatever is needed until `target` is active.

        Decision steps take `answers["s<number>"]` (default "ya"), with a reason where the answer
        ends the request; assigning steps name "budi"; deadline-setting steps set a deadline
        thirty days ahead.
        """
        if self._request is None:
            self.submit()
        while self.request.active_step != target:
            number = self.request.active_step
            assert number is not None, f"the request ended before step {target}"
            self.complete(number, **self._inputs_for(number, answers))

    def _inputs_for(self, number: int, answers: dict[str, str]) -> dict[str, Any]:
        step = self.variant.step(number)
        inputs: dict[str, Any] = {}
        if step.decision is not None:
            inputs["decision"] = answers.get(f"s{number}", "ya")
            if self.variant.ending_after(number, inputs["decision"]):
                inputs["note"] = "Anggaran tahun ini tidak tersedia"
        if step.assigns:
            inputs["assignee"] = "budi"
        if step.sets_deadline_for:
            inputs["deadline"] = self.now + timedelta(days=30)
        return inputs
