"""Running the test tenant on any shipped SOP variant, and walking a request to a step over the API.

Every role of the variant gets a user named after the role id (the OPD's is `opd-disdik`), so a
step's performer is found from the role the request waits for.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta
from typing import Any

from domain.errors import AlurError
from tenants.catalogue import builtin_variant
from tests.mutu import needed
from tests.web.conftest import World, add_user, submit


def use_variant(world: World, variant_id: str) -> None:
    """Switch tenant A to the variant (the tenant starts on Sumbawa) with a user for each role."""
    if world.platform.tenant(world.a).variant_id != variant_id:
        world.platform.set_sop(world.a, variant_id, actor="test", reason="uji varian")
    variant = builtin_variant(variant_id).variant
    for role in variant.roles:
        if role.id == variant.requester_role:
            continue
        with suppress(AlurError):  # a role both variants share (kadis): its user holds it already
            add_user(world.service(), (variant.id, variant.version), role.id, [role.id])


def performer(role: str) -> str:
    return "opd-disdik" if role == "opd" else role


def walk_to(
    world: World, request_id: str, number: int, answers: dict[int, str] | None = None
) -> dict[str, Any]:
    """Act on the request, step by step as each performer, until step `number` is active.

    Decisions answer "ya" unless `answers` says otherwise (with a reason where it ends the
    request); an assigning step names the user of the next official role; a step that sets
    a target sets one a month ahead."""
    answers = answers or {}
    for _ in range(60):
        view = world.api("GET", f"/requests/{request_id}", "auditor").json()
        active = view["active_step"]
        assert active is not None, f"the request ended ({view['status']}) before step {number}"
        if active["number"] == number:
            return dict(view)
        variant = builtin_variant(view["sop"]["id"]).variant
        step = variant.step(active["number"])
        body: dict[str, Any] = {"expected_version": view["version"], "note": f"Langkah {step.number}"}
        if step.decision is not None:
            body["decision"] = answers.get(step.number, "ya")
        if step.assigns:
            wanted = variant.appointed_roles(step.number)  # a holder of the appointed steps' role
            officials = [r.id for r in variant.roles if r.id != variant.requester_role]
            body["assignee"] = next(r for r in officials if not wanted or r in wanted)
        if step.sets_deadline_for:
            body["deadline"] = (world.clock() + timedelta(days=30)).date().isoformat()
        references = needed(view["checklist"], body.get("decision"))
        if references:
            body["references"] = references
        if view.get("appointee") and view["appointee"] != performer(active["role"]):
            body["on_behalf_of"] = view["appointee"]  # the role's user acts for the appointee
        path = f"/requests/{request_id}/steps/{step.number}"
        answer = world.api("POST", path, performer(active["role"]), json=body)
        assert answer.status_code == 200, answer.text
    raise AssertionError(f"step {number} was not reached")


def request_at(world: World, variant_id: str, number: int, **answers: str) -> str:
    """A new request of the OPD on the variant, walked to step `number`."""
    use_variant(world, variant_id)
    request_id = str(submit(world, title=f"Aplikasi {variant_id}")["id"])
    walk_to(world, request_id, number, {int(k[1:]): v for k, v in answers.items()})
    return request_id
