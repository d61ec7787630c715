"""No tenant holds every web slot while others wait (issue 17), through the real app: one
tenant's requests all stuck (a store that does not answer, say) leave a slot for another
tenant, whose request is answered at once; past the budget a stuck request gives its slot
back; and once the store answers, every stuck request still gets its answer, nothing lost.

The probe this answers: four heavy page views of one tenant took every slot, and every other
tenant's sign-in and API answered 503 after 20 s until a restart."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

import web.api
from tests.web.conftest import World
from web.fairness import FairGate


@pytest.fixture
def stuck(world: World, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Tenant A's API requests wait in their worker thread until the event is set."""
    released = threading.Event()
    identify = web.api.api_user

    def slow_for_a(request, t):  # type: ignore[no-untyped-def]
        if t.tenant.slug == world.a:
            released.wait(20)
        return identify(request, t)

    monkeypatch.setattr(web.api, "api_user", slow_for_a)
    return released


def _gate(world: World, slots: int, budget: float) -> tuple[FairGate, str, str]:
    """The app's slots and budget for this test, and the API tokens of A's Kadis and B's user."""
    app = world.client.app
    gate = app.state.gate = FairGate(slots=slots)  # type: ignore[attr-defined]
    app.state.patience = 20.0  # type: ignore[attr-defined]
    app.state.budget = budget  # type: ignore[attr-defined]
    return gate, world.token("kadis"), world.token("boss", world.b)


def _until(condition: Callable[[], bool]) -> None:
    """Until the gate shows what the test waits for (at most 5 s; the assertion after says)."""
    deadline = time.monotonic() + 5
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_a_tenant_with_every_request_stuck_leaves_a_slot_that_another_gets_at_once(
    world: World, stuck: threading.Event
) -> None:
    gate, a, b = _gate(world, slots=4, budget=30.0)  # no slot is given back here: shares alone
    with ThreadPoolExecutor(6) as pool:
        held = [pool.submit(world.client.get, f"/t/{world.a}/api/v1/inbox",
                            headers={"Authorization": f"Bearer {a}"}) for _ in range(5)]  # fmt: skip
        _until(lambda: gate.running[world.a] >= 3)
        assert gate.running[world.a] == 3  # its share of 4 slots: never every one
        started = time.monotonic()
        other = world.client.get(f"/t/{world.b}/api/v1/inbox", headers={"Authorization": f"Bearer {b}"})
        took = time.monotonic() - started
        assert other.status_code == 200, other.text
        assert took < 2.0, f"tenant B waited {took:.1f} s behind A's stuck requests"
        stuck.set()
        assert [answer.result(20).status_code for answer in held] == [200] * 5  # nothing lost


def test_a_request_past_its_budget_gives_its_slot_back_and_still_answers(
    world: World, stuck: threading.Event
) -> None:
    gate, a, b = _gate(world, slots=2, budget=0.3)
    with ThreadPoolExecutor(2) as pool:
        held = pool.submit(
            world.client.get, f"/t/{world.a}/api/v1/inbox", headers={"Authorization": f"Bearer {a}"}
        )
        _until(lambda: gate.running[world.a] >= 1)
        _until(lambda: gate.free == 2)  # past its budget, not at its end: it is still stuck
        assert gate.free == 2  # its slot is back, while it still runs
        other = world.client.get(f"/t/{world.b}/api/v1/inbox", headers={"Authorization": f"Bearer {b}"})
        assert other.status_code == 200, other.text
        stuck.set()
        assert held.result(20).status_code == 200
    assert gate.free == 2 and not gate.running
