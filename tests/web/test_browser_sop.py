"""The Sumbawa SOP as printed, in Chromium: step 6's report belongs to its answer "tidak" only,
and step 7 has no Kelengkapan and no Output.

Screenshots at 1366x900 (desktop) and 390x844 (a phone) go to /tmp/alur-shots (ALUR_SHOTS,
change it), named `sop-…`.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.mutu import fill_on_paper
from tests.web.conftest import World
from tests.web.test_browser import chromium, server  # noqa: F401  (fixtures)
from tests.web.test_browser_overview import DESKTOP, PHONE, Browser
from tests.web.variants import request_at

REPORT = "Laporan ketidakterediaan infrastruktur dan/atau SDM dan/atau anggaran"
SCREENS = {"desktop": DESKTOP, "phone": PHONE}

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


@pytest.fixture
def browser(chromium: Any, server: str, world: World) -> Browser:  # noqa: F811
    return Browser(chromium, f"{server}/t/{world.a}")


def row(page: Any, number: int) -> Any:
    """The SOP table's row of step `number`."""
    return page.locator("table.sop tbody tr").nth(number - 1)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_sop_page_shows_the_report_as_step_6s_tidak_output_and_step_7_as_printed(
    browser: Browser, screen: str
) -> None:
    page = browser.tab("admin", SCREENS[screen])
    page.goto(f"{browser.base}/admin/sop")
    six, seven = row(page, 6), row(page, 7)
    assert six.locator("td").nth(0).inner_text() == "6"
    output = six.locator("td").nth(5)
    assert output.locator(".answer-outputs[data-answer=tidak]").inner_text() == f"bila tidak: {REPORT}"
    assert output.locator(".answer-outputs[data-answer=ya]").count() == 0
    assert [seven.locator("td").nth(i).inner_text().strip() for i in (3, 5)] == ["", ""]  # as printed
    output.scroll_into_view_if_needed()  # on a phone the table scrolls sideways to its Output column
    page.evaluate("window.scrollBy(0, -120)")
    assert output.locator(".answer-outputs").is_visible()
    browser.shot(page, f"sop-sumbawa-{screen}")
    if screen == "desktop":  # the chart: step 6's box tells what "tidak" produces
        title = page.locator("#flowchart svg g.step[data-step='6'] > title").text_content()
        assert title.endswith(f"tidak → Output: {REPORT}")
    else:  # a phone shows the flow as a list, with the answer's output under step 6
        item = page.locator(".flowchart-list li[data-step='6']")
        assert item.locator(".outputs").inner_text() == f"Output bila tidak: {REPORT}"
        assert page.locator(".flowchart-list li[data-step='7'] .outputs").count() == 0
        item.scroll_into_view_if_needed()
        browser.shot(page, "sop-sumbawa-phone-flow")


def step_line(page: Any, number: int) -> Any:
    return page.locator("ol.timeline li.done").filter(has_text=f"{number}. ").first


@pytest.mark.parametrize("screen", list(SCREENS))
def test_after_step_6_ya_the_request_and_its_history_record_no_unavailability_report(
    browser: Browser, world: World, screen: str
) -> None:
    request_id = request_at(world, "sumbawa-2021", 6)
    page = browser.tab("kabid-ti", SCREENS[screen])
    page.goto(f"{browser.base}/requests/{request_id}")
    waiting = page.locator("#checklist li[data-answer=tidak]")
    assert waiting.inner_text().startswith(f"bila tidak: {REPORT}")  # said before answering
    waiting.scroll_into_view_if_needed()
    browser.shot(page, f"sop-request-step6-{screen}")
    page.check("input[name=decision][value=ya]")
    checklist = world.api("GET", f"/requests/{request_id}", "auditor").json()["checklist"]
    fill_on_paper(page.locator("form.action"), checklist, "ya")
    page.click("#active-step button[type=submit]")
    page.wait_for_selector("ol.timeline li.done >> nth=5")
    six = page.locator("ol.timeline li.done").nth(5)
    assert six.locator("strong").first.inner_text().startswith("6. ")
    assert "keputusan: ya" in six.inner_text()
    assert six.locator(".produced").count() == 0
    assert REPORT not in page.locator("ol.timeline").inner_text()
    assert "Output: Laporan Hasil Analisis" in page.locator("ol.timeline li.done").nth(4).inner_text()
    six.scroll_into_view_if_needed()
    browser.shot(page, f"sop-request-ya-{screen}")

    page.goto(f"{browser.base}/requests/{request_id}/history")
    decided = page.locator("table tbody tr").filter(has_text="Diputuskan")
    decided.locator("summary").click()
    data = decided.locator("pre").inner_text()
    assert '"decision": "ya"' in data and REPORT not in data
    assert REPORT not in page.locator("main").inner_text()
    decided.scroll_into_view_if_needed()
    browser.shot(page, f"sop-history-ya-{screen}")


def test_after_step_6_tidak_the_report_is_recorded_on_step_6_and_step_7_records_nothing(
    browser: Browser, world: World
) -> None:
    request_id = request_at(world, "sumbawa-2021", 7, s6="tidak")
    page = browser.tab("kabid-ti", DESKTOP)
    page.goto(f"{browser.base}/requests/{request_id}")
    page.fill("textarea[name=note]", "Surat kepada OPD terkait dikirim")
    page.click("#active-step button[type=submit]")
    page.wait_for_selector("ol.timeline li.done >> nth=6")
    six, seven = page.locator("ol.timeline li.done").nth(5), page.locator("ol.timeline li.done").nth(6)
    assert six.locator(".produced").inner_text().startswith(f"Output: {REPORT}")
    assert seven.locator("strong").first.inner_text().startswith("7. ")
    assert seven.locator(".produced").count() == 0
    six.scroll_into_view_if_needed()
    browser.shot(page, "sop-request-tidak-desktop")
