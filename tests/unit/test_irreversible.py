"""Answers that end a request, and withdrawals: each variant says which, and each needs a reason."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInputError
from domain.sop import Ending
from tenants.catalogue import available_variant_ids, builtin_variant
from tests.unit.walk import Walk

# Every decision of the shipped variants that turns the request down, as the SOP files lead it.
ENDING_ANSWERS = {
    ("sumbawa-2021", 6, "tidak"): Ending("rejected_for_resources", (7,)),  # 7 writes the report, then ends
    ("tangerang-selatan-2017", 6, "tidak"): Ending("declined"),
    ("aplikasi-database-2013", 4, "tidak"): Ending("declined"),
}


@pytest.mark.parametrize("variant_id", available_variant_ids())
def test_each_variant_says_which_answers_end_the_request(variant_id: str) -> None:
    variant = builtin_variant(variant_id).variant
    found = {
        (variant_id, step.number, answer): variant.ending_after(step.number, answer)
        for step in variant.steps
        if step.decision is not None
        for answer in ("ya", "tidak")
        if variant.ending_after(step.number, answer) is not None
    }
    assert found == {key: value for key, value in ENDING_ANSWERS.items() if key[0] == variant_id}


@pytest.mark.parametrize(("variant_id", "number", "answer"), list(ENDING_ANSWERS))
def test_an_answer_that_ends_the_request_needs_a_reason_which_the_event_keeps(
    variant_id: str, number: int, answer: str
) -> None:
    walk = Walk(variant_id)
    walk.to_step(number)
    with pytest.raises(InvalidInputError) as refused:
        walk.complete(number, decision=answer, note="   ")
    assert refused.value.field == "note"
    assert walk.request.active_step == number
    walk.complete(number, decision=answer, note="Anggaran tahun ini tidak tersedia")
    assert walk.request.steps_taken[-1].note == "Anggaran tahun ini tidak tersedia"


def test_an_answer_that_leads_on_needs_no_reason() -> None:
    walk = Walk("cirebon-2019")
    walk.to_step(4)
    walk.complete(4, decision="tidak")  # a third party develops it: step 5, nothing ends
    assert walk.request.active_step == 5


def test_a_withdrawal_needs_a_reason_which_the_event_keeps() -> None:
    walk = Walk("sumbawa-2021")
    walk.to_step(3)
    with pytest.raises(InvalidInputError) as refused:
        walk.withdraw(note="")
    assert refused.value.field == "note"
    assert walk.request.status == "in_progress"
    walk.withdraw(note="Sudah dibangun oleh Kementerian")
    assert walk.request.status == "withdrawn"
    assert walk.request.collect_events()[-1].note == "Sudah dibangun oleh Kementerian"
