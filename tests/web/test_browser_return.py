""""Berkas tidak lengkap" in Chromium: the Kadis ticks what is missing on the request page and
returns it; the OPD sees it in its inbox and on the request, attaches the signed letter and sends
it back; the step's clock resumes. Screenshots at 1366x900 and 390x844, named `return-…`, go to
ALUR_SHOTS (default /tmp/alur-shots).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import World, submit
from tests.web.test_browser import chromium, server  # noqa: F401  (fixtures)
from tests.web.test_browser_overview import DESKTOP, PHONE, Browser, no_sideways_scroll

SCREENS = {"desktop": DESKTOP, "phone": PHONE}
LETTER = "Surat Permohonan Pembuatan Aplikasi"

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_an_incomplete_file_goes_back_to_the_opd_and_returns_completed(
    world: World, server: str, chromium: Any, screen: str, tmp_path: Path  # noqa: F811
) -> None:
    request_id = submit(world)["id"]
    browser = Browser(chromium, f"{server}/t/{world.a}")
    kadis = browser.tab("kadis", SCREENS[screen])
    kadis.goto(f"{browser.base}/requests/{request_id}")
    kadis.click("#return summary")
    kadis.check(f"#return input[name=missing][value='{LETTER}']")
    kadis.fill("#return textarea[name=note]", "Surat belum ditandatangani Kepala OPD")
    browser.shot(kadis, f"return-{screen}-form")
    kadis.click("#return button[type=submit]")
    kadis.wait_for_selector("#returned")
    returned = kadis.inner_text("#returned")
    assert "Menunggu kelengkapan dari pemohon" in returned and LETTER in returned
    assert kadis.locator("form.action button:has-text('Selesaikan langkah')").count() == 0
    assert no_sideways_scroll(kadis)
    browser.shot(kadis, f"return-{screen}-returned")

    world.clock.advance(hours=3)  # the file is with the OPD for three office hours
    opd = browser.tab("opd-disdik", SCREENS[screen])
    opd.goto(f"{browser.base}/inbox")
    row = opd.inner_text("#list")
    assert "Lengkapi berkas" in row and LETTER in row and "waktu berhenti" in row
    assert no_sideways_scroll(opd)
    browser.shot(opd, f"return-{screen}-opd-inbox")
    opd.goto(f"{browser.base}/requests/{request_id}")
    letter = tmp_path / "surat-bertanda-tangan.pdf"
    letter.write_bytes(b"%PDF-1.4\n% surat yang sudah ditandatangani\n")
    opd.set_input_files("#resubmit input[name=documents]", str(letter))
    opd.fill("#resubmit textarea[name=note]", "Sudah ditandatangani")
    browser.shot(opd, f"return-{screen}-resubmit")
    opd.click("#resubmit button[type=submit]")
    opd.wait_for_selector("li.paused")
    assert "surat-bertanda-tangan.pdf" in opd.inner_text("li.paused")
    assert opd.locator("#returned").count() == 0
    assert no_sideways_scroll(opd)
    browser.shot(opd, f"return-{screen}-resubmitted")
    kadis.goto(f"{browser.base}/requests/{request_id}")
    assert kadis.locator("form.action button:has-text('Selesaikan langkah')").count() == 1
    kadis.goto(f"{browser.base}/sla")
    pauses = kadis.inner_text("#sla-pauses")
    assert LETTER in pauses and "Surat belum ditandatangani Kepala OPD" in pauses and "opd-disdik" in pauses
    net = kadis.inner_text("#sla-net")
    assert net.count("3 jam kerja") == 2 and "0 hari kerja" in net  # gross and paused, net
    assert no_sideways_scroll(kadis)
    kadis.locator("#sla-pauses").scroll_into_view_if_needed()
    browser.shot(kadis, f"return-{screen}-sla")
