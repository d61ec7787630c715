"""Fair turns between tenants (web/fairness.py): a busy tenant gets its share, never every slot,
and a request past its time budget gives its slot back."""

from __future__ import annotations

import asyncio

from web.fairness import FairGate


def test_a_freed_slot_goes_to_the_waiting_tenant_with_the_fewest_running() -> None:
    async def scenario() -> list[str]:
        gate = FairGate(slots=3)
        order: list[str] = []
        assert await gate.enter("ramai", 1) and await gate.enter("ramai", 1)  # all it may hold alone
        assert await gate.enter("sepi", 1)  # the slot kept for another tenant

        async def wait(tenant: str) -> None:
            assert await gate.enter(tenant, 5)
            order.append(tenant)

        waiting = [asyncio.create_task(wait(name)) for name in ("ramai", "ramai", "tenang")]
        await asyncio.sleep(0)
        gate.leave("ramai")  # the quiet tenant runs nothing: it is next, though it came last
        await asyncio.sleep(0)
        gate.leave("sepi")
        await asyncio.sleep(0)
        gate.leave("tenang")  # alone again, the busy tenant runs all but one: two
        await asyncio.sleep(0)
        gate.leave("ramai")
        await asyncio.gather(*waiting)
        return order

    assert asyncio.run(scenario()) == ["tenang", "ramai", "ramai"]


def test_one_tenant_alone_never_holds_every_slot_and_another_finds_one_at_once() -> None:
    async def scenario() -> tuple[bool, bool, int]:
        gate = FairGate(slots=3)
        for _ in range(2):
            assert await gate.enter("sendiri", 1)
        refused = await gate.enter("sendiri", 0.01)  # a third would leave none for others
        other = await gate.enter("lain", 0.01)  # another tenant: in at once
        gate.leave("lain")
        for _ in range(2):
            gate.leave("sendiri")
        return refused, other, gate.free

    assert asyncio.run(scenario()) == (False, True, 3)  # nothing leaked by the refused wait


def test_one_slot_is_one_slot() -> None:
    async def scenario() -> tuple[bool, bool]:
        gate = FairGate(slots=1)
        first = await gate.enter("sendiri", 0.01)
        second = await gate.enter("lain", 0.01)
        return first, second

    assert asyncio.run(scenario()) == (True, False)


def test_while_others_ask_a_busy_tenant_runs_only_its_share() -> None:
    async def scenario() -> tuple[int, int]:
        gate = FairGate(slots=4)
        assert await gate.enter("sepi", 1)  # a quiet tenant with one request running
        started = [asyncio.create_task(gate.enter("ramai", 1)) for _ in range(4)]
        await asyncio.sleep(0.01)
        running_while_shared = gate.running["ramai"]  # share: 4 slots between 2 tenants
        gate.leave("sepi")  # alone now: its waiting requests take the freed slots, but one
        await asyncio.sleep(0.01)
        alone = gate.running["ramai"]
        for task in started:
            task.cancel()
        return running_while_shared, alone

    assert asyncio.run(scenario()) == (2, 3)


def test_a_request_past_its_budget_gives_its_slot_back_but_counts_for_its_tenant_until_it_ends() -> None:
    async def scenario() -> tuple[bool, bool, int, int]:
        gate = FairGate(slots=2)
        assert await gate.enter("macet", 1)  # the one slot a lone tenant may hold: and it hangs
        assert await gate.enter("lain", 1)
        blocked = await gate.enter("ketiga", 0.01)  # every slot taken
        gate.overrun("macet")  # past its budget: the slot is given back
        third = await gate.enter("ketiga", 0.01)
        more = await gate.enter("macet", 0.01)  # its hung request still counts for it
        gate.leave("macet", holding=False)  # the hung request ends at last
        gate.leave("lain")
        gate.leave("ketiga")
        return blocked, third, int(more), gate.free

    assert asyncio.run(scenario()) == (False, True, 0, 2)


def test_run_in_turn_gives_the_slot_back_past_the_budget_and_still_answers() -> None:
    import threading
    from types import SimpleNamespace

    from web.fairness import run_in_turn

    gate = FairGate(slots=2)
    app = SimpleNamespace(state=SimpleNamespace(gate=gate, patience=1.0, budget=0.05))
    release = threading.Event()

    def request(tenant: str) -> object:
        return SimpleNamespace(app=app, path_params={"tenant": tenant})

    async def scenario() -> tuple[str, int, str, int]:
        hung = asyncio.create_task(run_in_turn(request("macet"), lambda: release.wait(5) and "selesai"))
        await asyncio.sleep(0.2)  # past its budget: its slot is back, the tenant still counts it
        free_meanwhile = gate.free
        other = await run_in_turn(request("lain"), lambda: "cepat")
        release.set()
        return other, free_meanwhile, await hung, gate.free

    assert asyncio.run(scenario()) == ("cepat", 2, "selesai", 2)
