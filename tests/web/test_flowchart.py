"""The SOP flowchart in swimlanes: laid out by ELK, every step in its role's lane, no arrow
through a box, no label on another, every label whole; a list of the same flow for phones.

The browser checks the same geometry as drawn (tests/web/test_browser_charts.py); these check
the markup the server sends."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from adapters.config import Settings
from adapters.layouts import Layouts, LayoutStore
from domain.sop import Variant
from tenants.catalogue import VARIANT_IDS, builtin_variant
from tests.web.conftest import World, submit
from tests.web.pages_helpers import browser
from web.assets import modules_dir
from web.charts.flowchart import arrows, flowchart_svg, graph, prepare
from web.charts.geometry import Box
from web.charts.textmetrics import text_width

NS = "{http://www.w3.org/2000/svg}"


def _box(element: ET.Element) -> Box:
    if element.tag == f"{NS}polygon":
        points = [tuple(map(float, p.split(","))) for p in element.attrib["points"].split()]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    a = element.attrib
    return Box(float(a["x"]), float(a["y"]), float(a["width"]), float(a["height"]))


@pytest.fixture(scope="module")
def layouts(tmp_path_factory: pytest.TempPathFactory) -> Layouts:
    """Layouts recorded in a store of this module's own (an SQLite platform file)."""
    folder = tmp_path_factory.mktemp("layouts")
    return Layouts(LayoutStore(Settings(database_url=None, data_dir=folder), pool=_no_pool), modules_dir())


def _no_pool() -> Any:
    raise AssertionError("an SQLite platform needs no pool")


def drawn(layouts: Layouts, variant: Variant, **state: Any) -> str:
    """The chart once its layout is recorded (a page finds it so after the SOP's adoption)."""
    prepare(layouts, variant)
    assert layouts.wait()
    svg = flowchart_svg(layouts, variant, **state)
    assert svg, layouts.recorded(graph(variant, bool(state.get("english"))))
    return svg


def _drawn(layouts: Layouts, variant_id: str) -> ET.Element:
    return ET.fromstring(drawn(layouts, builtin_variant(variant_id).variant, active=4, done=[1, 2, 3]))


@pytest.mark.parametrize("variant_id", VARIANT_IDS)
def test_every_step_and_every_arrow_is_drawn_once(layouts: Layouts, variant_id: str) -> None:
    variant = builtin_variant(variant_id).variant
    svg = _drawn(layouts, variant_id)
    steps = [int(g.attrib["data-step"]) for g in svg.iter(f"{NS}g") if "data-step" in g.attrib]
    assert steps == [step.number for step in variant.steps]
    found, _ = arrows(variant)
    assert len(list(svg.iter(f"{NS}path"))) - 1 == len(found)  # one path is the arrow head
    answers = ["".join(g.itertext()) for g in svg.iter(f"{NS}g") if g.attrib.get("class") == "edge-label"]
    assert sorted(answers) == sorted(arrow.answer for arrow in found if arrow.answer)
    lanes = [g.attrib["data-role"] for g in svg.iter(f"{NS}g") if g.attrib.get("class") == "lane"]
    assert lanes == [role.id for role in variant.roles]


@pytest.mark.parametrize("variant_id", VARIANT_IDS)
def test_no_arrow_passes_through_a_box_and_no_label_lies_on_another(layouts: Layouts, variant_id: str):
    svg = _drawn(layouts, variant_id)
    boxes: dict[str, Box] = {}
    for group in svg.iter(f"{NS}g"):
        name = group.attrib.get("data-step") or group.attrib.get("data-end")
        if name is not None:
            boxes[name] = _box(next(e for e in group if e.attrib.get("class") == "box"))
    for path in svg.iter(f"{NS}path"):
        if "edge" not in path.attrib.get("class", "").split():
            continue
        points = [tuple(map(float, p.split(","))) for p in re.findall(r"[\d.]+,[\d.]+", path.attrib["d"])]
        ends = {path.attrib["data-from"], path.attrib["data-to"]}
        for segment in itertools.pairwise(points):
            for name, box in boxes.items():
                if name not in ends:
                    assert not box.crossed_by(segment), f"{variant_id}: {segment} through box {name}"
    labels = [_box(g.find(f"{NS}rect")) for g in svg.iter(f"{NS}g") if g.attrib.get("class") == "edge-label"]  # type: ignore[arg-type]
    for one, other in itertools.combinations(labels, 2):
        assert not one.overlaps(other), f"{variant_id}: labels {one} and {other} overlap"
    for label in labels:
        assert not any(label.overlaps(box) for box in boxes.values()), f"{variant_id}: label {label} on a box"


@pytest.mark.parametrize("variant_id", VARIANT_IDS)
def test_every_text_fits_whole_in_its_box_and_every_box_in_its_lane(layouts: Layouts, variant_id: str):
    variant = builtin_variant(variant_id).variant
    svg = _drawn(layouts, variant_id)
    lanes = {g.attrib["data-role"]: _box(g.find(f"{NS}rect")) for g in svg.iter(f"{NS}g")  # type: ignore[arg-type]
             if g.attrib.get("class") == "lane"}  # fmt: skip
    for group in svg.iter(f"{NS}g"):
        if "data-step" not in group.attrib:
            continue
        step = variant.step(int(group.attrib["data-step"]))
        shape = group.find(f"{NS}polygon") if step.decision else group.find(f"{NS}rect")
        assert shape is not None
        box = _box(shape)
        inner = box.w - (20 if step.decision else 0)
        texts = [t.text or "" for t in group.iter(f"{NS}text")]
        whole = re.sub(r"(\w)- (\w)", r"\1\2", " ".join(texts))
        assert whole == " ".join(f"{step.number}. {step.description}".split())
        assert all(text_width(text, 12) <= inner for text in texts), texts
        lane = lanes[step.role]
        assert lane.x <= box.x and box.x + box.w <= lane.x + lane.w, f"step {step.number} outside its lane"
    assert float(svg.attrib["width"]) <= 1200


def test_a_loop_back_and_the_ends_are_drawn(layouts: Layouts) -> None:
    svg = drawn(layouts, builtin_variant("sumbawa-2021").variant, active=9, done=[1, 2, 3])
    assert svg.count('class="step active"') == 1 and 'class="step active" data-step="9"' in svg
    assert 'class="step done" data-step="2"' in svg and 'class="step coming" data-step="12"' in svg
    assert ">selesai</text>" in svg and ">ditolak (sumber daya)</text>" in svg
    assert svg.count(">tidak</text>") == 3  # 6 → 7, and the loops 11 → 9 and 14 → 12
    assert 'class="edge loop" data-from="11" data-to="9"' in svg and 'data-from="14" data-to="12"' in svg
    assert svg.count('class="edge loop"') == 2
    english = drawn(layouts, builtin_variant("sumbawa-2021").variant, english=True)
    assert ">completed</text>" in english and ">rejected (resources)</text>" in english


def test_cirebon_step_7_has_one_arrow_for_both_answers(layouts: Layouts) -> None:
    svg = drawn(layouts, builtin_variant("cirebon-2019").variant)
    assert svg.count('data-from="7" data-to="8"') == 1 and ">ya / tidak</text>" in svg


def test_the_request_page_shows_the_flowchart_and_the_list_with_the_active_step(world: World) -> None:
    view = submit(world)
    page = browser(world, "kadis").get(f"/t/{world.a}/requests/{view['id']}").text
    assert 'id="flowchart"' in page and 'class="step active" data-step="2"' in page
    assert 'class="step done" data-step="1"' in page
    assert '<li class="active" data-step="2">' in page and '<li class="done" data-step="1">' in page
    assert "→ langkah 3" in page
    admin = browser(world, "admin").get(f"/t/{world.a}/admin/sop").text
    assert 'id="flowchart"' in admin and 'class="step active"' not in admin
    assert "<em>ya</em> → langkah 8" in admin and "→ ditolak (sumber daya)" in admin
