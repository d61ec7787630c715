"""The SOP flowchart in swimlanes: every step drawn in its role's lane, the active one marked."""

from __future__ import annotations

import re

from tenants.catalogue import VARIANT_IDS, builtin_variant
from tests.web.conftest import World, submit
from tests.web.pages_helpers import browser
from web.flowchart import flowchart_svg


def test_every_variant_draws_every_step_with_its_arrows() -> None:
    for variant_id in VARIANT_IDS:
        variant = builtin_variant(variant_id).variant
        svg = flowchart_svg(variant)
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        drawn = [int(n) for n in re.findall(r'data-step="(\d+)"', svg)]
        assert drawn == [step.number for step in variant.steps]
        decisions = sum(1 for step in variant.steps if step.decision)
        assert svg.count(">ya</text>") + svg.count("ya: ") >= decisions
        for role in variant.roles:
            assert role.name.split()[0] in svg  # a lane per role, headed by its name


def test_a_loop_back_bends_round_and_ends_are_named() -> None:
    svg = flowchart_svg(builtin_variant("sumbawa-2021").variant, active=9, done=[1, 2, 3])
    assert svg.count('class="step active"') == 1 and 'class="step active" data-step="9"' in svg
    assert 'class="step done" data-step="2"' in svg and 'class="step coming" data-step="12"' in svg
    assert "→ selesai" in svg and "→ ditolak (sumber daya)" in svg
    assert svg.count(">tidak</text>") == 3  # 6 → 7, and the loops 11 → 9 and 14 → 12


def test_the_request_page_shows_the_flowchart_with_the_active_step(world: World) -> None:
    view = submit(world)
    page = browser(world, "kadis").get(f"/t/{world.a}/requests/{view['id']}").text
    assert 'id="flowchart"' in page and 'class="step active" data-step="2"' in page
    assert 'class="step done" data-step="1"' in page
    admin = browser(world, "admin").get(f"/t/{world.a}/admin/sop").text
    assert 'id="flowchart"' in admin and 'class="step active"' not in admin
