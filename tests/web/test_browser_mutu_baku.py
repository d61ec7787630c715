"""A step's Mutu Baku in Chromium: the Kasi sees step 5's checklist (each Kelengkapan missing,
with a file and a reference field), is refused naming what is missing, uploads the inputs,
records the analysis report as handed over on paper, and the Kabid sees it present at step 6.
Screenshots at 1366x900 and 390x844, named `mutu-baku-…`, go to ALUR_SHOTS (default
/tmp/alur-shots).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import World, submit
from tests.web.test_browser import chromium, server  # noqa: F401  (fixtures)
from tests.web.test_browser_overview import DESKTOP, PHONE, Browser, no_sideways_scroll
from tests.web.variants import walk_to

SCREENS = {"desktop": DESKTOP, "phone": PHONE}

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_step_is_completed_only_with_its_documents(
    world: World, server: str, chromium: Any, screen: str, tmp_path: Path  # noqa: F811
) -> None:
    request_id = submit(world)["id"]
    walk_to(world, request_id, 5)
    browser = Browser(chromium, f"{server}/t/{world.a}")
    kasi = browser.tab("kasi-aplikasi", SCREENS[screen])
    kasi.goto(f"{browser.base}/requests/{request_id}")
    checklist = kasi.inner_text("#checklist")
    assert "Dokumentasi daftar aplikasi" in checklist and "belum ada" in checklist
    assert "Laporan Hasil Analisis" in checklist
    assert no_sideways_scroll(kasi)
    kasi.locator("#active-step").scroll_into_view_if_needed()
    browser.shot(kasi, f"mutu-baku-{screen}-checklist")
    kasi.click("form.action button[type=submit]")
    kasi.wait_for_selector("#checklist .field-error")
    refused = kasi.inner_text("#checklist .field-error")
    assert "kelengkapan belum ada" in refused and "Laporan Hasil Analisis" in refused
    kasi.locator("#checklist").scroll_into_view_if_needed()
    browser.shot(kasi, f"mutu-baku-{screen}-refused")
    for n in (1, 2, 3):
        document = tmp_path / f"kelengkapan-{n}.pdf"
        document.write_bytes(b"%PDF-1.4\n% kelengkapan " + str(n).encode() + b"\n")
        kasi.set_input_files(f"form.action input[name=input-{n}]", str(document))
    kasi.fill("form.action input[name=output-1-reference]", "045/ANL/DKISP/2026")
    kasi.locator("#checklist").scroll_into_view_if_needed()
    browser.shot(kasi, f"mutu-baku-{screen}-filled")
    kasi.click("form.action button[type=submit]")
    kasi.wait_for_selector("#flash")
    assert "Langkah 5 selesai" in kasi.inner_text("#flash")
    kabid = browser.tab("kabid-ti", SCREENS[screen])
    kabid.goto(f"{browser.base}/requests/{request_id}")
    present = kabid.inner_text("#checklist li.present")
    assert "Laporan Hasil Analisis" in present and "045/ANL/DKISP/2026" in present
    done = kabid.inner_text("li.done:has-text('5.')")
    assert "kelengkapan-1.pdf" in done and "diserahkan di luar sistem" in done
    assert no_sideways_scroll(kabid)
    kabid.locator("#active-step").scroll_into_view_if_needed()
    browser.shot(kabid, f"mutu-baku-{screen}-next-step")
