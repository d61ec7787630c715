"""Documents viewed in the page, in Chromium: from the request page's "Lihat" beside the letter,
pdf.js (served by the service, its worker too) draws the real PDF on a canvas, next/previous and
zoom work by buttons and keys, an image shows as an image, and the strict Content-Security-Policy
is not broken once (no violation, no console error). Without JavaScript the page offers the
download. Screenshots `viewer-{desktop,phone}.png` in ALUR_SHOTS (default /tmp/alur-shots).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.mutu import as_form, first_references
from tests.web.conftest import World
from tests.web.real_pdf import pdf_of, png_of
from tests.web.test_browser import chromium, server  # noqa: F401  (fixtures)
from tests.web.test_browser_overview import DESKTOP, PHONE, Browser, no_sideways_scroll

SCREENS = {"desktop": DESKTOP, "phone": PHONE}
LETTER = pdf_of(["Surat Permohonan Aplikasi", "Lampiran: Kerangka Acuan Kerja"])
PHOTO = png_of(320, 200, (30, 120, 200))
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""
INKED = """
(canvas) => {
  const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  let inked = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) inked++;
  }
  return inked / (data.length / 4);
}
"""

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


def filed_with_real_files(world: World) -> str:
    """A request whose letter is a real two-page PDF, with a photo among its documents."""
    sop = world.api("GET", "/sop", "opd-disdik").json()
    variant = world.service().variant(sop["id"], sop["version"])
    form = {
        "title": "Aplikasi Sekolah",
        "purpose": "Data siswa",
        "letter_number": "420/9/2026",
        "letter_date": "2026-03-16",
    } | as_form(first_references(variant))
    files = [
        ("letter", ("surat-permohonan.pdf", LETTER, "application/pdf")),
        ("documents", ("foto-ruang-server.png", PHOTO, "image/png")),
    ]
    answer = world.api("POST", "/requests", "opd-disdik", data=form, files=files)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def watched(tab: Any) -> list[str]:
    """The console's errors and warnings of the tab, as they come."""
    said: list[str] = []
    tab.on(
        "console",
        lambda message: (
            said.append(f"{message.type}: {message.text}") if message.type in ("error", "warning") else None
        ),
    )
    tab.on("pageerror", lambda error: said.append(f"pageerror: {error}"))
    tab.add_init_script(WATCH)
    return said


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_pdf_is_drawn_in_the_page_within_the_csp(
    world: World,
    server: str,  # noqa: F811
    chromium: Any,  # noqa: F811
    screen: str,
) -> None:
    request_id = filed_with_real_files(world)
    browser = Browser(chromium, f"{server}/t/{world.a}")
    kadis = browser.tab("kadis", SCREENS[screen])
    said = watched(kadis)
    kadis.goto(f"{browser.base}/requests/{request_id}")
    views = kadis.locator("a.doc-view")
    assert views.count() >= 2  # the letter and the photo
    views.first.scroll_into_view_if_needed()
    browser.shot(kadis, f"viewer-{screen}-request")
    kadis.locator("a.doc-view", has_text="Surat Permohonan").first.click()
    kadis.wait_for_selector("#pdf-viewer[data-rendered='1']", timeout=20000)
    assert kadis.inner_text("[data-page-label]") == "1 / 2"
    canvas = kadis.locator("#pdf-viewer canvas")
    assert canvas.evaluate(INKED) > 0.02  # the band and the big "1" are on it
    assert kadis.is_disabled("[data-action=prev]") and not kadis.is_disabled("[data-action=next]")
    assert no_sideways_scroll(kadis)
    browser.shot(kadis, f"viewer-{screen}")

    kadis.click("[data-action=next]")
    kadis.wait_for_selector("#pdf-viewer[data-rendered='2']")
    assert kadis.inner_text("[data-page-label]") == "2 / 2"
    assert kadis.is_disabled("[data-action=next]")
    kadis.focus("#pdf-stage")
    kadis.keyboard.press("ArrowLeft")
    kadis.wait_for_selector("#pdf-viewer[data-rendered='1']")
    before = canvas.evaluate("c => c.clientWidth")
    zoom = kadis.inner_text("[data-zoom-label]")
    kadis.keyboard.press("+")
    expect(kadis.locator("[data-zoom-label]")).not_to_have_text(zoom)
    assert canvas.evaluate("c => c.clientWidth") > before
    kadis.click("[data-action=fit]")
    expect(kadis.locator("[data-zoom-label]")).to_have_text(zoom)

    assert kadis.evaluate("window.__violations") == []
    assert said == [], said


def test_an_image_shows_as_an_image(world: World, server: str, chromium: Any) -> None:  # noqa: F811
    request_id = filed_with_real_files(world)
    browser = Browser(chromium, f"{server}/t/{world.a}")
    kadis = browser.tab("kadis", DESKTOP)
    said = watched(kadis)
    kadis.goto(f"{browser.base}/requests/{request_id}")
    kadis.locator("a.doc-view", has_text="foto-ruang-server.png").click()
    image = kadis.wait_for_selector(".document-image img")
    expect(kadis.locator(".document-image img")).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") == 320
    assert kadis.locator("#pdf-viewer").count() == 0
    browser.shot(kadis, "viewer-desktop-image")
    assert kadis.evaluate("window.__violations") == [] and said == [], said


def test_without_javascript_the_page_offers_the_download(world: World, server: str, chromium: Any) -> None:  # noqa: F811
    request_id = filed_with_real_files(world)
    browser = Browser(chromium, f"{server}/t/{world.a}")
    kadis = browser.tab("kadis", PHONE, javascript=False)
    kadis.goto(f"{browser.base}/requests/{request_id}")
    kadis.locator("a.doc-view").first.click()
    kadis.wait_for_selector("#document-download")
    assert kadis.is_hidden("#pdf-viewer")
    assert "memerlukan JavaScript" in kadis.inner_text("main")
    with kadis.expect_download() as download:
        kadis.click("#document-download")
    assert download.value.suggested_filename == "surat-permohonan.pdf"
    browser.shot(kadis, "viewer-phone-nojs")
