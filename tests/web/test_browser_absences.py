"""Out of office in Chromium: the absent official asks on /me/away (a refusal beside its field),
the Kadis decides on /absences, the official's list shows it approved. Screenshots at 1366x900
and 390x844, named `away-{desktop,phone}-{form,pending,decide,approved}`, go to ALUR_SHOTS
(default /tmp/alur-shots).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import World
from tests.web.test_browser import chromium, server  # noqa: F401  (fixtures)
from tests.web.test_browser_overview import DESKTOP, PHONE, Browser, no_sideways_scroll

SCREENS = {"desktop": DESKTOP, "phone": PHONE}

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_an_official_asks_to_be_away_and_the_kadis_approves_it(
    world: World,
    server: str,  # noqa: F811
    chromium: Any,  # noqa: F811
    screen: str,
) -> None:
    browser = Browser(chromium, f"{server}/t/{world.a}")
    kabid = browser.tab("kabid-ti", SCREENS[screen])
    kabid.goto(f"{browser.base}/me")
    kabid.click("#me-away a")
    kabid.wait_for_selector("#away-form form")
    kabid.fill("input[name=from_date]", "2026-03-18")
    kabid.fill("input[name=to_date]", "2026-03-20")
    kabid.select_option("select[name=plh]", "kasi-aplikasi")
    kabid.fill("textarea[name=reason]", "Diklat PIM III di Mataram")
    assert "Kepala Bidang Teknologi Informasi" in kabid.inner_text("#away-form")  # the role handed over
    assert no_sideways_scroll(kabid)
    browser.shot(kabid, f"away-{screen}-form", whole=True)
    kabid.click("#away-form button[type=submit]")
    kabid.wait_for_selector("#flash")
    assert kabid.inner_text("#flash") == "Ketidakhadiran diajukan; menunggu persetujuan"
    row = kabid.inner_text("#my-absences tbody tr")
    assert "Rabu, 18 Maret 2026" in row and "Kasi-Aplikasi" in row and "menunggu persetujuan" in row
    assert no_sideways_scroll(kabid)
    browser.shot(kabid, f"away-{screen}-pending", whole=True)

    kadis = browser.tab("kadis", SCREENS[screen])
    kadis.goto(f"{browser.base}/inbox")
    kadis.click("#absences-link")
    kadis.wait_for_selector("#absences")
    kadis.locator("#absences form.refuse button").first.click()  # no reason given: the browser asks
    reason = "#absences form.refuse input[name=reason]"
    assert kadis.evaluate(f"document.querySelector('{reason}').validity.valueMissing")
    assert no_sideways_scroll(kadis)
    browser.shot(kadis, f"away-{screen}-decide", whole=True)
    kadis.locator("#absences button:has-text('Setujui')").first.click()
    kadis.wait_for_selector("#flash")
    assert kadis.inner_text("#flash") == "Ketidakhadiran kabid-ti disetujui; Plh.: kasi-aplikasi"
    assert "disetujui" in kadis.inner_text("#absences tbody tr")

    kabid.reload()
    kabid.wait_for_selector("#my-absences")
    assert "disetujui" in kabid.inner_text("#my-absences tbody tr")
    assert kabid.locator("#my-absences button:has-text('Batalkan')").count() == 1
    assert no_sideways_scroll(kabid)
    browser.shot(kabid, f"away-{screen}-approved", whole=True)
