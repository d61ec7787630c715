"""Turns at the interpreter (adapters/turns.py): while a tenant with fewer requests in flight has
one under way, a busier tenant's request pauses at its checkpoints, never longer than the bound;
a tenant alone, or tenants with as many requests each, never pause."""

from __future__ import annotations

import asyncio
import sys
import threading
import time

import pytest

from adapters.turns import Turns, checkpoint, encoded, outside, turn


def _paused(turns: Turns, tenant: str) -> float:
    """How long a request of `tenant` with one checkpoint of its own (besides the one at the
    start of its work) took in a worker thread: the time it waited."""
    took: list[float] = []

    def timed() -> None:
        started = time.monotonic()
        turns.run(tenant, checkpoint)
        took.append(time.monotonic() - started)

    thread = threading.Thread(target=timed)
    thread.start()
    thread.join(5)
    return took[0]


def test_a_busier_tenant_pauses_until_the_lighter_ones_request_ends() -> None:
    turns = Turns(most_wait=5.0)
    for _ in range(3):
        turns.enter("besar")
    turns.enter("lain")
    threading.Timer(0.2, turns.leave, args=("lain",)).start()
    assert 0.15 < _paused(turns, "besar") < 2.0  # released when "lain" left, not at the bound


def test_a_pause_never_lasts_past_its_bound() -> None:
    turns = Turns(most_wait=0.1)
    turns.enter("besar")
    turns.enter("besar")
    turns.enter("lain")  # never leaves
    assert 0.08 < _paused(turns, "besar") < 1.0


def test_the_lighter_tenant_an_equal_one_and_a_tenant_alone_never_pause() -> None:
    turns = Turns(most_wait=5.0)
    turns.enter("besar")
    turns.enter("besar")
    turns.enter("lain")
    assert _paused(turns, "lain") < 0.05  # the lighter one goes on
    turns.leave("besar")
    assert _paused(turns, "besar") < 0.05  # one each: nobody yields
    turns.leave("lain")
    assert _paused(turns, "besar") < 0.05  # alone


def test_a_thread_serving_no_request_never_pauses() -> None:
    turns = Turns(most_wait=5.0)
    turns.enter("besar")
    turns.enter("besar")
    turns.enter("lain")
    started = time.monotonic()
    checkpoint()  # the projection worker, a CLI: no request at work in this thread
    assert time.monotonic() - started < 0.05


def test_the_event_loop_checkpoint_waits_for_the_lighter_request_then_goes_on() -> None:
    async def scenario() -> tuple[float, float]:
        turns = Turns(most_wait=5.0)
        turns.enter("besar")
        turns.enter("besar")
        turns.enter("lain")
        asyncio.get_running_loop().call_later(0.2, turns.leave, "lain")
        started = time.monotonic()
        await turns.turn("besar")
        waited = time.monotonic() - started
        started = time.monotonic()
        await turns.turn("besar")  # "lain" is gone: no wait
        return waited, time.monotonic() - started

    waited, again = asyncio.run(scenario())
    assert 0.15 < waited < 2.0 and again < 0.05


def test_a_page_is_encoded_piece_by_piece_with_turns_between() -> None:
    turns = Turns(most_wait=0.05)
    seen: list[int] = []
    pieces = [f"<li>langkah {n} — é</li>" for n in range(100)]

    def counting() -> bytes:
        original = turns.checkpoint

        def counted(tenant: str) -> None:
            seen.append(1)
            original(tenant)

        turns.checkpoint = counted  # type: ignore[method-assign]
        return encoded(iter(pieces), every=16)

    assert turns.run("besar", counting) == "".join(pieces).encode("utf-8")
    assert len(seen) == 100 // 16  # a turn every 16 pieces
    assert turn() == ""  # the templates' checkpoint prints nothing


def _overlap(turns: Turns, tenant: str, works: int, body: object) -> int:
    """The most of `works` requests of `tenant` that were inside their work at once."""
    inside, most = [0], [0]
    lock = threading.Lock()

    def work() -> None:
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        body()  # type: ignore[operator]
        with lock:
            inside[0] -= 1

    threads = [threading.Thread(target=turns.run, args=(tenant, work)) for _ in range(works)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return most[0]


def test_while_another_tenant_asks_a_tenants_requests_run_python_one_at_a_time() -> None:
    turns = Turns(most_wait=5.0)
    turns.enter("lain")  # another tenant asked just now
    turns.leave("lain")
    for _ in range(4):
        turns.enter("besar")
    assert _overlap(turns, "besar", 4, lambda: time.sleep(0.1)) == 1


def test_a_tenant_alone_runs_its_requests_side_by_side() -> None:
    turns = Turns(most_wait=5.0)
    for _ in range(4):
        turns.enter("besar")
    assert _overlap(turns, "besar", 4, lambda: time.sleep(0.1)) == 4


def test_a_tenant_nobody_else_asked_lately_runs_side_by_side_again() -> None:
    turns = Turns(most_wait=5.0, lately=0.1)
    turns.enter("lain")
    turns.leave("lain")
    time.sleep(0.15)
    turns.enter("besar")
    assert _overlap(turns, "besar", 3, lambda: time.sleep(0.1)) == 3


def test_a_request_waiting_on_the_store_lets_the_lease_go() -> None:
    turns = Turns(most_wait=5.0)
    turns.enter("lain")
    turns.leave("lain")

    def waits_on_the_store() -> None:
        with outside():
            time.sleep(0.2)

    started = time.monotonic()
    assert _overlap(turns, "besar", 3, waits_on_the_store) == 3  # their waits overlap
    assert time.monotonic() - started < 0.5


def test_the_lease_is_waited_for_at_most_its_bound() -> None:
    turns = Turns(most_wait=0.05)  # the lease is waited for 0.2 s at most
    turns.enter("lain")
    turns.leave("lain")
    started = time.monotonic()
    assert _overlap(turns, "besar", 2, lambda: time.sleep(0.6)) == 2  # the second one went on
    assert time.monotonic() - started < 1.0


def test_the_switch_interval_is_short_while_two_tenants_ask_and_long_for_one_alone() -> None:
    before = sys.getswitchinterval()
    turns = Turns(lately=0.2)
    turns.switching = (0.0005, 0.0001)
    try:
        turns.enter("besar")
        assert sys.getswitchinterval() == pytest.approx(0.0005)  # alone: the longer interval, its throughput
        turns.enter("lain")
        assert sys.getswitchinterval() == pytest.approx(0.0001)  # another asked: the loop's waits are short
        turns.leave("lain")
        turns.enter("besar")
        assert sys.getswitchinterval() == pytest.approx(0.0001)  # "lain" asked lately: still shared
        time.sleep(0.25)
        turns.enter("besar")
        assert sys.getswitchinterval() == pytest.approx(0.0005)  # nobody else lately: alone again
    finally:
        sys.setswitchinterval(before)


def test_without_switching_the_interpreter_is_left_as_it_is() -> None:
    before = sys.getswitchinterval()
    turns = Turns()
    turns.enter("besar")
    turns.enter("lain")
    assert sys.getswitchinterval() == before
