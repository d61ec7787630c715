"""Dates as people mean them, in Chromium: a Tangerang Selatan target given as a date on the
request page, the inbox and the office overview; a Plt. grant's end on the admin users page and
in the audit trail; the new-target form after a late UAT loop and its result in the history.
Screenshots at 1366x900 and 390x844, named `dates-…`, go to ALUR_SHOTS (default /tmp/alur-shots).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import PLT_SK
from tests.mutu import needed
from tests.web.conftest import World
from tests.web.test_browser import chromium, server  # noqa: F401  (fixtures)
from tests.web.test_browser_overview import DESKTOP, PHONE, Browser, no_sideways_scroll, on_screen
from tests.web.test_dates_pages import tangsel, walk  # noqa: F401  (fixture)

WIB = ZoneInfo("Asia/Jakarta")
SCREENS = {"desktop": DESKTOP, "phone": PHONE}

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


def look(browser: Browser, page: Any, path: str, name: str) -> Any:
    page.goto(f"{browser.base}{path}")
    page.wait_for_load_state()
    browser.shot(page, name)
    return page


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_target_given_as_a_date_reads_as_that_date_on_the_request_inbox_and_overview(
    world: World, tangsel: str, server: str, chromium: Any, screen: str  # noqa: F811
) -> None:
    view = walk(world, tangsel, "2026-12-18", until=8)
    browser = Browser(chromium, f"{server}/t/{tangsel}")
    page = browser.tab("bidang", SCREENS[screen])
    look(browser, page, f"/requests/{view['id']}", f"dates-{screen}-request")
    waiting = page.inner_text("#waiting")
    assert "tenggat Jumat, 18 Desember 2026" in waiting and "19" not in waiting.split("tenggat")[1]
    assert on_screen(page, "#waiting") and no_sideways_scroll(page)
    assert "Jumat, 18 Desember 2026" in page.inner_text("#targets")
    look(browser, page, "/inbox", f"dates-{screen}-inbox")
    cell = page.locator("#list td.c-urgent span").first
    assert (cell.inner_text(), cell.get_attribute("title")) == ("18 Des 2026", "Jumat, 18 Desember 2026")
    assert no_sideways_scroll(page)
    look(browser, page, "/overview", f"dates-{screen}-overview")
    assert page.locator("#list td.c-urgent span").first.inner_text() == "18 Des 2026"
    assert no_sideways_scroll(page)
    look(browser, page, f"/requests/{view['id']}?lang=en", f"dates-{screen}-request-en")
    assert "due Friday, 18 December 2026" in page.inner_text("#waiting")


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_plt_grant_until_a_date_shows_that_date_on_the_users_page_and_in_the_audit_trail(
    world: World, server: str, chromium: Any, screen: str  # noqa: F811
) -> None:
    world.service().grant_role("kasi-aplikasi", "kabid-ti", sop=("sumbawa-2021", 3), actor="admin",
                               valid_until=date(2026, 12, 10), acting=True, **PLT_SK)  # fmt: skip
    browser = Browser(chromium, f"{server}/t/{world.a}")
    page = browser.tab("admin", SCREENS[screen])
    look(browser, page, "/admin/users?q=kasi-aplikasi", f"dates-{screen}-users")
    grant = page.locator("span[title='Kamis, 10 Desember 2026']")
    assert grant.count() == 1 and grant.inner_text() == "10 Des 2026"
    assert "11 Des 2026" not in page.inner_text("main")
    assert no_sideways_scroll(page)
    auditor = browser.tab("auditor", SCREENS[screen])
    look(browser, auditor, "/audit?sort=-position", f"dates-{screen}-audit")
    sentence = "(Plt. mulai Selasa, 17 Maret 2026 10.00 WITA s.d. Kamis, 10 Desember 2026; SK "
    assert sentence in auditor.inner_text("main")
    assert no_sideways_scroll(auditor)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_bidang_sets_a_new_target_after_a_late_uat_loop_and_the_history_shows_why(
    world: World, tangsel: str, server: str, chromium: Any, screen: str  # noqa: F811
) -> None:
    view = walk(world, tangsel, "2026-04-30", until=14)
    world.clock.set(datetime(2026, 6, 1, 9, 0, tzinfo=WIB))
    world.tokens.clear()
    answer = world.api("POST", f"/requests/{view['id']}/steps/14", "pemohon", tangsel,
                       json={"decision": "tidak", "note": "Formulir belum sesuai",
                             "references": needed(view["checklist"], "tidak")})  # fmt: skip
    assert answer.status_code == 200, answer.text
    browser = Browser(chromium, f"{server}/t/{tangsel}")
    page = browser.tab("bidang", SCREENS[screen])
    look(browser, page, f"/requests/{view['id']}", f"dates-{screen}-new-target-form")
    assert "terlambat" in page.inner_text("#waiting")
    form = page.locator("#new-target")
    form.scroll_into_view_if_needed()
    browser.shot(page, f"dates-{screen}-new-target-form")
    assert "Target sudah lewat: Kamis, 30 April 2026." in form.inner_text()
    form.locator("input[name=deadline]").fill("2026-05-20")
    form.locator("textarea[name=reason]").fill("Perbaikan formulir sesuai hasil UAT")
    form.locator("button[type=submit]").click()
    error = page.locator("#target-deadline-error")
    error.wait_for()
    assert "tenggat harus setelah waktu sekarang" in error.inner_text().lower()
    kept = page.locator("#new-target textarea[name=reason]").input_value()
    assert kept == "Perbaikan formulir sesuai hasil UAT"
    browser.shot(page, f"dates-{screen}-new-target-refused")
    page.locator("#new-target input[name=deadline]").fill("2026-06-30")
    page.locator("#new-target button[type=submit]").click()
    page.locator("#flash").wait_for()
    assert "Target baru ditetapkan: Selasa, 30 Juni 2026" in page.inner_text("#flash")
    assert page.locator("#new-target").count() == 0
    assert "tenggat Selasa, 30 Juni 2026" in page.inner_text("#waiting")
    revised = page.locator("#targets li.revised")
    assert "Alasan: Perbaikan formulir sesuai hasil UAT" in revised.inner_text()
    revised.scroll_into_view_if_needed()
    browser.shot(page, f"dates-{screen}-new-target-history")
    assert no_sideways_scroll(page)
    look(browser, page, f"/requests/{view['id']}/history", f"dates-{screen}-history")
    row = page.locator("tr", has_text="Target baru ditetapkan").inner_text()
    assert "target baru Selasa, 30 Juni 2026" in row and "alasan: Perbaikan formulir sesuai hasil UAT" in row
    first = page.locator("tr", has_text="Target waktu ditetapkan").inner_text()
    assert "target waktu Kamis, 30 April 2026" in first
    assert no_sideways_scroll(page)
