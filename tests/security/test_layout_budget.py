"""A tenant's SOP file cannot make page views run node (issue 17): the flowchart's layout is
computed off the page's path, once per graph, with a time and a memory budget, and what came of
it (the layout, or the failure) is recorded; a failed layout is not tried again, and the page
shows the numbered list of steps instead. On SQLite and PostgreSQL where the store is involved."""

from __future__ import annotations

import re
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest

from adapters.config import Settings
from adapters.layouts import Layouts, LayoutStore, Recorded
from domain.sop import Variant
from tenants.catalogue import builtin_variant
from tenants.sopfile import parse_variant
from tests.web.conftest import World
from tests.web.pages_helpers import browser
from web.assets import modules_dir
from web.charts.flowchart import flowchart_svg, graph, prepare


def own_variant() -> Variant:
    """Sumbawa's SOP as a tenant's own file, its first step worded anew: a graph (and so a
    layout) no other test has asked for."""
    name = f"sop-{uuid.uuid4().hex[:8]}"
    text = builtin_variant("sumbawa-2021").source
    text = re.sub(r"(?m)^id: sumbawa-2021$", f"id: {name}", text)
    text = re.sub(r"(?m)^version: \d+$", "version: 1", text)
    text = text.replace("description: Surat Permohonan Masuk", f"description: Surat {name} Masuk", 1)
    assert name in text.split("steps:")[1]
    return parse_variant(text, f"{name}.yaml").variant


def sqlite_layouts(folder: Path, **budget: Any) -> Layouts:
    return Layouts(LayoutStore(Settings(database_url=None, data_dir=folder), pool=lambda: None),
                   modules_dir(), **budget)  # fmt: skip


def test_a_layout_over_its_time_budget_is_recorded_as_failed_and_never_tried_again(tmp_path: Path) -> None:
    layouts = sqlite_layouts(tmp_path, time_budget=0.05)
    variant = own_variant()
    prepare(layouts, variant)
    assert layouts.wait()
    shown = graph(variant, False)
    found = layouts.recorded(shown)
    assert found is not None and found.status == "failed" and "time budget" in found.reason
    assert layouts.attempts == 2  # once per language
    for _ in range(3):  # page views: the list of steps, and node is not started again
        assert flowchart_svg(layouts, variant) == ""
    assert layouts.wait() and layouts.attempts == 2
    again = sqlite_layouts(tmp_path)  # another process: finds the failure recorded in the store
    assert again.recorded(shown) == found and flowchart_svg(again, variant) == ""
    assert again.wait() and again.attempts == 0
    stored = LayoutStore(Settings(database_url=None, data_dir=tmp_path), pool=lambda: None)
    assert stored.get(shown.key) == found


def test_a_layout_over_its_memory_budget_is_recorded_as_failed(tmp_path: Path) -> None:
    layouts = sqlite_layouts(tmp_path, memory_mb=2)
    variant = own_variant()
    prepare(layouts, variant)
    assert layouts.wait()
    found = layouts.recorded(graph(variant, False))
    assert found is not None and found.status == "failed", found
    assert "memory budget" in found.reason or "ELK" in found.reason


def test_a_page_view_never_waits_for_node_and_shows_the_list_until_the_layout_is_recorded(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, started = threading.Event(), threading.Event()
    real = Layouts._run_node

    def held(self: Layouts, text: str) -> Recorded:
        started.set()
        assert release.wait(30)
        return real(self, text)

    monkeypatch.setattr(Layouts, "_run_node", held)
    variant = own_variant()
    world.platform.set_own_sop(world.a, _loaded(variant), actor="admin", reason="uji")
    assert started.wait(10)  # adopting it asked for its layout, in the background
    page = browser(world, "admin").get(f"/t/{world.a}/admin/sop").text
    assert "svg" not in page.split('id="flowchart"')[1][:400] and 'class="flowchart-list' in page
    release.set()
    world.charts_ready()
    page = browser(world, "admin").get(f"/t/{world.a}/admin/sop").text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="flowchart"' in page


def test_adopting_an_sop_records_its_layouts_in_the_platforms_store(world: World) -> None:
    variant = own_variant()
    world.platform.set_own_sop(world.a, _loaded(variant), actor="admin", reason="uji")
    world.charts_ready()
    store = LayoutStore(world.platform.settings, lambda: world.platform.services.pool_for("main"))
    for english in (False, True):
        found = store.get(graph(variant, english).key)
        assert found is not None and found.status == "ok" and found.layout is not None


def _loaded(variant: Variant) -> Any:
    from domain.sop import variant_to_dict
    from tenants.sopfile import LoadedVariant

    return LoadedVariant(variant, str(variant_to_dict(variant)), variant.fingerprint)
