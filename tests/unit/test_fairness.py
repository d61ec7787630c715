"""Fair turns between tenants (web/fairness.py): a busy tenant gets its share, not every slot."""

from __future__ import annotations

import asyncio

from web.fairness import FairGate


def test_a_freed_slot_goes_to_the_waiting_tenant_with_the_fewest_running() -> None:
    async def scenario() -> list[str]:
        gate = FairGate(slots=2)
        order: list[str] = []
        assert await gate.enter("ramai", 1) and await gate.enter("ramai", 1)  # the busy tenant holds both

        async def wait(tenant: str) -> None:
            assert await gate.enter(tenant, 5)
            order.append(tenant)

        waiting = [asyncio.create_task(wait(name)) for name in ("ramai", "ramai", "sepi")]
        await asyncio.sleep(0)
        gate.leave("ramai")  # the quiet tenant runs nothing: it is next, though it came last
        await asyncio.sleep(0)
        gate.leave("ramai")
        await asyncio.sleep(0)
        gate.leave("sepi")
        await asyncio.gather(*waiting)
        return order

    assert asyncio.run(scenario()) == ["sepi", "ramai", "ramai"]


def test_one_tenant_alone_may_use_every_slot_and_an_overlong_wait_is_refused() -> None:
    async def scenario() -> tuple[bool, int]:
        gate = FairGate(slots=3)
        for _ in range(3):
            assert await gate.enter("sendiri", 1)
        refused = await gate.enter("sendiri", 0.01)
        for _ in range(3):
            gate.leave("sendiri")
        return refused, gate.free

    assert asyncio.run(scenario()) == (False, 3)  # nothing leaked by the refused wait


def test_while_others_ask_a_busy_tenant_runs_only_its_share() -> None:
    async def scenario() -> tuple[int, int]:
        gate = FairGate(slots=4)
        assert await gate.enter("sepi", 1)  # a quiet tenant with one request running
        started = [asyncio.create_task(gate.enter("ramai", 1)) for _ in range(4)]
        await asyncio.sleep(0.01)
        running_while_shared = gate.running["ramai"]  # share: 4 slots between 2 tenants
        gate.leave("sepi")  # alone now: its waiting requests take the freed slots
        await asyncio.gather(*started)
        return running_while_shared, gate.running["ramai"]

    assert asyncio.run(scenario()) == (2, 4)
