"""The SOP compliance page as Chromium draws it, on a laptop (1366 px) and a phone (390 px):
the charts fill their column with no text overlapping or sticking out, the tables fit (cards
on the phone), nothing scrolls sideways. Screenshots: /tmp/alur-shots/kepatuhan-*.png."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import World
from tests.web.shots import SHOTS
from tests.web.test_browser import chromium, server, sign_in  # noqa: F401  (fixtures)
from tests.web.test_browser_charts import DESKTOP, PHONE, SLA_GEOMETRY
from tests.web.test_compliance import six_requests

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


def test_the_compliance_page_reads_on_a_laptop_and_a_phone(world: World, server: str, chromium: Any):  # noqa: F811
    six_requests(world)
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = f"{server}/t/{world.a}"
    for name, viewport, lang in (("1366", DESKTOP, "id"), ("390", PHONE, "id"), ("1366-en", DESKTOP, "en")):
        page = chromium.new_context(viewport=viewport).new_page()
        sign_in(page, base, "kadis")
        page.goto(f"{base}/kepatuhan?lang={lang}")
        found = page.evaluate(SLA_GEOMETRY)
        assert found["problems"] == [], found["problems"]
        assert len(found["charts"]) == 2, found["charts"]
        texts = " ".join(found["texts"])
        assert ("sesuai alur SOP" if lang == "id" else "followed the path") in texts
        assert ("Langkah 9" if lang == "id" else "Step 9") in texts
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        if viewport is PHONE:
            assert page.locator("table.compliance-steps thead").is_hidden()  # rows as cards
            label = page.locator('tr[data-step="2"] td[data-label="Terlambat"]')
            assert label.is_visible() and label.inner_text() == "1"
        page.screenshot(path=str(SHOTS / f"kepatuhan-{name}.png"), full_page=True)
        page.locator("section.compliance figure.chart").first.screenshot(
            path=str(SHOTS / f"kepatuhan-{name}-chart.png")
        )
        page.context.close()
