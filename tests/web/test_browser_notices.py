"""Notices in Chromium: the header's count beside the inbox's, /notifications (mark one read,
mark all read, htmx-enhanced) and /me (name, language, notice choices). Screenshots at 1366x900
and 390x844, named `notices-…`, go to ALUR_SHOTS (default /tmp/alur-shots).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import World, complete, submit
from tests.web.test_browser import chromium, server  # noqa: F401  (fixtures)
from tests.web.test_browser_overview import DESKTOP, PHONE, Browser, no_sideways_scroll

SCREENS = {"desktop": DESKTOP, "phone": PHONE}

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_header_count_the_notices_page_and_my_page(
    world: World,
    server: str,  # noqa: F811
    chromium: Any,  # noqa: F811
    screen: str,
) -> None:
    first = submit(world)["id"]
    submit(world, title="Aplikasi Perpustakaan Daerah", letter_number="420/2/2026")
    world.clock.advance(minutes=30)
    assert complete(world, first, 2, "kadis").status_code == 200  # step 3 reaches the Kabid
    world.clock.advance(minutes=5)
    submit(world, title="Sistem Informasi Kepegawaian", letter_number="420/3/2026")
    browser = Browser(chromium, f"{server}/t/{world.a}")
    kadis = browser.tab("kadis", SCREENS[screen])
    kadis.goto(f"{browser.base}/inbox")
    assert kadis.inner_text("#notice-count") == "3"
    assert no_sideways_scroll(kadis)
    browser.shot(kadis, f"notices-{screen}-header")

    kadis.click("#notices-link")
    kadis.wait_for_selector("ol.notices")
    listed = kadis.inner_text("ol.notices")
    assert "Sistem Informasi Kepegawaian" in listed and "420/3/2026" in listed
    assert "Langkah 2 (" in listed and "Tenggat" in listed
    assert kadis.locator("li.notice-item.unread").count() == 3
    assert no_sideways_scroll(kadis)
    browser.shot(kadis, f"notices-{screen}-list")
    kadis.locator("li.notice-item.unread button:has-text('Tandai sudah dibaca')").first.click()
    kadis.wait_for_selector("#notice-count:text-is('2')")
    assert kadis.locator("li.notice-item.unread").count() == 2
    kadis.click("#read-all button")
    kadis.wait_for_selector("#notice-count:text-is('0')")
    assert kadis.locator("li.notice-item.unread").count() == 0
    browser.shot(kadis, f"notices-{screen}-read")

    kadis.click("#me-link")
    kadis.wait_for_selector("#me-form")
    kadis.fill("input[name=full_name]", "Drs. Kadis Dinas")
    kadis.select_option("select[name=language]", "en")
    kadis.check("input[name=choice_reminder][value=digest]")
    kadis.check("input[name=choice_finished][value=none]")
    assert no_sideways_scroll(kadis)
    browser.shot(kadis, f"notices-{screen}-me")
    kadis.click("#me-form button[type=submit]")
    kadis.wait_for_selector("#me-form")
    assert kadis.input_value("input[name=full_name]") == "Drs. Kadis Dinas"
    assert kadis.is_checked("input[name=choice_reminder][value=digest]")
    assert kadis.inner_text("#me-link") == "Drs. Kadis Dinas"
    browser.shot(kadis, f"notices-{screen}-me-saved")
