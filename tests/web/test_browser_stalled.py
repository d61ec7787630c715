"""Macet in Chromium: the Kabid's inbox marks a step with no time standard that has waited past
the office's threshold, and the admin's calendar page sets that threshold. Screenshots at
1366x900 and 390x844, named `stalled-…`, go to ALUR_SHOTS (default /tmp/alur-shots)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import World
from tests.web.test_browser import chromium, server  # noqa: F401  (fixtures)
from tests.web.test_browser_overview import DESKTOP, PHONE, Browser, no_sideways_scroll
from tests.web.test_stalled import at_step_three, later

SCREENS = {"desktop": DESKTOP, "phone": PHONE}

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_stalled_step_is_marked_and_the_threshold_set(
    world: World, server: str, chromium: Any, screen: str  # noqa: F811
) -> None:
    at_step_three(world)
    later(world, 2026, 4, 20, 9, 0)
    browser = Browser(chromium, f"{server}/t/{world.a}")
    kabid = browser.tab("kabid-ti", SCREENS[screen])
    kabid.goto(f"{browser.base}/inbox")
    badge = kabid.locator(".stalled").first
    assert "macet" in badge.inner_text()
    assert no_sideways_scroll(kabid)
    browser.shot(kabid, f"stalled-{screen}-inbox")
    admin = browser.tab("admin", SCREENS[screen])
    admin.goto(f"{browser.base}/admin/calendar")
    form = admin.locator("#stalled form")
    form.locator("input[name=days]").fill("20")
    form.locator("input[name=reason]").fill("Perbup Sumbawa 12/2026")
    form.locator("button[type=submit]").click()
    admin.wait_for_selector("#flash")
    assert "20 hari kerja" in admin.inner_text("#stalled-after")
    admin.locator("#stalled").scroll_into_view_if_needed()
    assert no_sideways_scroll(admin)
    browser.shot(admin, f"stalled-{screen}-setting")
    kabid.goto(f"{browser.base}/inbox")
    assert kabid.locator(".stalled").count() == 0
