"""The office calendar in Chromium: the admin opens the year, is refused a day off without its
decree (the message beside the field, what was typed kept), records it, and sees the running
step's deadline moved. Screenshots at 1366x900 and 390x844, named `calendar-…`, go to
ALUR_SHOTS (default /tmp/alur-shots)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import World, submit
from tests.web.test_browser import chromium, server  # noqa: F401  (fixtures)
from tests.web.test_browser_overview import DESKTOP, PHONE, Browser, no_sideways_scroll

SCREENS = {"desktop": DESKTOP, "phone": PHONE}

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_admin_records_a_regional_day_off_with_its_decree(
    world: World, server: str, chromium: Any, screen: str  # noqa: F811
) -> None:
    request_id = submit(world)["id"]
    browser = Browser(chromium, f"{server}/t/{world.a}")
    admin = browser.tab("admin", SCREENS[screen])
    admin.goto(f"{browser.base}/admin/calendar?year=2026")
    assert "Hari Suci Nyepi" in admin.inner_text("#days-off")
    assert no_sideways_scroll(admin)
    browser.shot(admin, f"calendar-{screen}-year")
    form = admin.locator("#add-day form")
    form.locator("input[name=date]").fill("2026-03-25")
    form.locator("input[name=name]").fill("Hari Jadi Kabupaten Sumbawa")
    form.locator("textarea[name=reason]").fill("Hari jadi kabupaten ke-67")
    form.locator("input[name=reference]").evaluate("el => el.removeAttribute('required')")
    form.locator("button[type=submit]").click()
    admin.wait_for_selector("#add-reference-error")
    assert "SK/SKB" in admin.inner_text("#add-reference-error")
    admin.locator("#add-day").scroll_into_view_if_needed()
    browser.shot(admin, f"calendar-{screen}-refused")
    admin.locator("#add-day input[name=reference]").fill("SK Bupati Sumbawa No. 100/2026")
    admin.locator("#add-day button[type=submit]").click()
    admin.wait_for_selector("#flash")
    assert "dihitung ulang" in admin.inner_text("#flash")
    assert "SK Bupati Sumbawa No. 100/2026" in admin.inner_text("#days-off")
    assert no_sideways_scroll(admin)
    browser.shot(admin, f"calendar-{screen}-recorded")
    kadis = browser.tab("kadis", SCREENS[screen])
    kadis.goto(f"{browser.base}/requests/{request_id}/history")
    assert "Kalender kantor berubah" in kadis.inner_text("main")
    browser.shot(kadis, f"calendar-{screen}-history")
