"""One's own password in Chromium: from /me to /me/password, a wrong old password refused beside
its field, then the change, after which this tab stays signed in and the user's other browser is
signed out. Screenshots `me-password-{desktop,phone}-{form,error,done}.png` in ALUR_SHOTS
(default /tmp/alur-shots)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.conftest import PASSWORD, World
from tests.web.test_browser import chromium, server  # noqa: F401  (fixtures)
from tests.web.test_browser_overview import DESKTOP, PHONE, Browser, no_sideways_scroll

SCREENS = {"desktop": DESKTOP, "phone": PHONE}
NEW = "sandi-baru-kabid-2026"

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


def fill(tab: Any, old: str, new: str, confirm: str) -> None:
    tab.fill("input[name=old_password]", old)
    tab.fill("input[name=password]", new)
    tab.fill("input[name=confirm]", confirm)
    tab.click("#me-password button[type=submit]")
    tab.wait_for_load_state()


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_user_changes_their_password_and_stays_signed_in_here_only(
    world: World,
    server: str,  # noqa: F811
    chromium: Any,  # noqa: F811
    screen: str,
) -> None:
    browser = Browser(chromium, f"{server}/t/{world.a}")
    here, laptop = browser.tab("kabid-ti", SCREENS[screen]), browser.tab("kabid-ti", DESKTOP)
    here.bring_to_front()  # the tab the user types in has the focus
    here.goto(f"{browser.base}/me")
    here.click("a[href$='/me/password']")
    here.wait_for_selector("#me-password form")
    assert here.title().startswith("Ganti kata sandi")
    assert no_sideways_scroll(here)
    browser.shot(here, f"me-password-{screen}-form")

    fill(here, "bukan-sandi-lama", NEW, NEW)
    error = here.locator("#old_password-error")
    assert error.text_content() == "kata sandi lama salah"  # shown capitalised by the CSS
    old = here.locator("input[name=old_password]")
    assert old.get_attribute("aria-invalid") == "true"
    expect(old).to_be_focused()  # where the user looks
    assert no_sideways_scroll(here)
    browser.shot(here, f"me-password-{screen}-error")

    fill(here, PASSWORD, NEW, NEW)
    flash = here.locator("#flash")
    assert flash.inner_text().startswith("Kata sandi Anda diganti")
    expect(flash).to_be_focused()
    assert no_sideways_scroll(here)
    browser.shot(here, f"me-password-{screen}-done")

    here.goto(f"{browser.base}/inbox")
    assert here.locator("#me-link").count() == 1  # still signed in here
    laptop.goto(f"{browser.base}/inbox")
    assert "/signin" in laptop.url  # the other browser is signed out
