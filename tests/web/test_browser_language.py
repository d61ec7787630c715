"""The history and the audit trail in Chromium, in Indonesian and in English, on a laptop and a
phone: event names, role names and local times, never ids or ISO timestamps.

Screenshots at 1366x900 and 390x844 go to ALUR_SHOTS (default /tmp/alur-shots), named
lang-<page>-<language>-<screen>.png.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.conftest import World
from tests.web.shots import SHOTS
from tests.web.test_browser import chromium, server  # noqa: F401  (fixtures)
from tests.web.test_browser_charts import _signed_in as signed_in
from tests.web.test_language import ISO, busy_office

SCREENS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
KADIS = "Kepala Dinas Komunikasi Informatika Statistik dan Persandian"  # Sumbawa's name of `kadis`
EXPECTED = {  # what a reader sees of the same events in each language
    ("history", "en"): ["Request submitted", "Request disposed", KADIS, "disposed the request to", "WITA"],
    ("history", "id"): ["Diajukan", "Didisposisikan", KADIS, "mendisposisikan permohonan ke", "WITA"],
    ("audit", "en"): ["Role granted", "granted the role", "acting, from", "disposed the request to",
                      "withdrew the request", "rejected the request: resources are not available"],
    ("audit", "id"): ["Peran diberikan", "memberikan peran", "Plt. mulai", "mendisposisikan permohonan ke",
                      "menarik permohonan", "menolak permohonan karena sumber daya tidak tersedia"],
}  # fmt: skip
RAW = re.compile(r"(?<![\w-])(Submitted|Disposed|RoleGranted|in_progress|kabid-ti|kadis)(?![\w-])")

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_history_and_audit_read_in_either_language(world: World, server: str, chromium: Any, screen: str):  # noqa: F811
    o, (far, _declined, _withdrawn) = busy_office(world, "sumbawa-2021")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = signed_in(chromium, f"{server}/t/{o.slug}", SCREENS[screen], "auditor-1")
    for name, path in (("history", f"/requests/{far}/history"), ("audit", "/audit")):
        for lang in ("en", "id"):
            page.goto(f"{server}/t/{o.slug}{path}?lang={lang}")
            text = page.inner_text("main")
            page.screenshot(path=str(SHOTS / f"lang-{name}-{lang}-{screen}.png"))
            for expected in EXPECTED[(name, lang)]:
                assert expected in text, f"{name} {lang}: {expected!r} not shown"
            assert not ISO.search(text), f"{name} {lang}: an ISO timestamp is shown"
            assert not RAW.search(text), f"{name} {lang}: {RAW.search(text)} is shown"
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_on_a_phone_the_header_keeps_sign_out_and_the_language_switch_on_screen(
    world: World, server: str, chromium: Any, lang: str  # noqa: F811
):
    o, _requests = busy_office(world, "sumbawa-2021")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = signed_in(chromium, f"{server}/t/{o.slug}", SCREENS["phone"], "auditor-1")
    page.goto(f"{server}/t/{o.slug}/inbox?lang={lang}")
    page.screenshot(path=str(SHOTS / f"lang-header-{lang}-phone.png"))
    for control in ("header.site button[type=submit]", "header.site a.lang"):
        box = page.locator(control).bounding_box()
        on_screen = box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert on_screen, f"{lang}: {control} is off-screen"
    assert page.locator("header.site").bounding_box()["height"] < 110  # was about 280 px before issue 11
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    page.context.close()
