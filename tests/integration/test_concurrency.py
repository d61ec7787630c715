"""Two officials acting on the same request at once: one wins, the other gets a conflict."""

from __future__ import annotations

import threading

import pytest

from domain.errors import ConcurrentActionError, StaleVersionError
from domain.service import RequestService


def _submitted(service: RequestService):
    return service.submit(
        "sumbawa-2021",
        3,
        user="opd-dinkes",
        roles=["opd"],
        title="Aplikasi Antrian Puskesmas",
        letter_number="440/123/DINKES/2026",
        letter_date="2026-03-16",
    )


def test_two_concurrent_writers_end_with_one_success_and_one_clear_conflict(make_service):
    service = make_service("sumbawa-2021")
    request_id = _submitted(service)
    variant = service.variant("sumbawa-2021", 3)
    both_loaded = threading.Barrier(2)
    outcomes: list[str] = []

    def act(user: str) -> None:
        request = service.get(request_id)
        both_loaded.wait()
        request.complete_step(
            variant, service.calendar.due, number=2, user=user, roles=["kadis"], at=service.clock()
        )
        try:
            service._save(request)
            outcomes.append("saved")
        except ConcurrentActionError as error:
            outcomes.append(error.code)

    threads = [threading.Thread(target=act, args=(user,)) for user in ("kadis-a", "kadis-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict", "saved"]
    history = service.history(request_id)
    assert [event.type for event in history] == ["Submitted", "Disposed"]
    assert [event.position for event in history] == [1, 2]
    assert service.get(request_id).active_step == 3


def test_acting_with_a_stale_expected_version_is_refused_and_changes_nothing(make_service):
    service = make_service("sumbawa-2021")
    request_id = _submitted(service)
    service.act(request_id, 2, user="kadis", roles=["kadis"], expected_version=1)
    with pytest.raises(StaleVersionError):
        service.act(request_id, 3, user="kabid", roles=["kabid-ti"], expected_version=1)
    assert [event.type for event in service.history(request_id)] == ["Submitted", "Disposed"]


def test_a_withdrawal_records_the_step_it_interrupted(make_service):
    service = make_service("sumbawa-2021")
    request_id = _submitted(service)
    service.withdraw(request_id, user="opd-dinkes", roles=["opd"], note="tidak jadi")
    withdrawn = service.history(request_id)[-1]
    assert (withdrawn.type, withdrawn.step, withdrawn.actor, withdrawn.role) == (
        "Withdrawn",
        2,
        "opd-dinkes",
        "opd",
    )
    assert withdrawn.data["note"] == "tidak jadi"
