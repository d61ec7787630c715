"""The office overview, the searched and sorted lists, and a phone's view of them, in Chromium.

Requests are filed on Tuesday 17 March 2026; 18-24 March are Nyepi, Lebaran, cuti bersama and
a weekend; the browser looks on Friday the 27th at 10:00. Screenshots at 1366x900 (desktop) and
390x844 (a phone) go to ALUR_SHOTS (default /tmp/alur-shots).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.web.conftest import World, add_user, complete, submit
from tests.web.shots import SHOTS
from tests.web.test_browser import chromium, server, sign_in  # noqa: F401  (fixtures)

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
WITA = ZoneInfo("Asia/Makassar")
FRIDAY = datetime(2026, 3, 27, 10, 0, tzinfo=WITA)

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


class Browser:
    """Signed-in tabs, each at its own screen size; screenshots of what is on the screen."""

    def __init__(self, browser: Any, base: str) -> None:
        self.chromium, self.base = browser, base
        SHOTS.mkdir(parents=True, exist_ok=True)

    def tab(self, username: str, screen: dict[str, int], javascript: bool = True) -> Any:
        context = self.chromium.new_context(viewport=screen, java_script_enabled=javascript)
        page = context.new_page()
        sign_in(page, self.base, username)
        return page

    def shot(self, page: Any, name: str, whole: bool = False) -> None:
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=whole)


def act(world: World, request_id: str, number: int, user: str, **body: Any) -> None:
    answer = complete(world, request_id, number, user, **body)
    assert answer.status_code == 200, answer.text


SUMBAWA_WALK = [(2, "kadis", {}), (3, "kabid-ti", {}),
                (4, "kasi-aplikasi", {"assignee": "tim-pengembang"}), (5, "kasi-aplikasi", {}),
                (6, "kabid-ti", {"decision": "ya"}), (8, "kasi-aplikasi", {})]  # fmt: skip


def walk(world: World, request_id: str, through: int) -> None:
    for number, user, body in SUMBAWA_WALK:
        if number <= through:
            act(world, request_id, number, user, **body)


def a_sumbawa_office(world: World) -> None:
    """Six requests of two OPDs, waiting on the Kadis (two, late), the Kabid (two, no time
    standard), the Kasi (due today at 14:00) and the team member he named (late)."""
    filed = [("Aplikasi PPDB Online", "opd-disdik", "420/15/DISDIK/2026", 1),
             ("Sistem Antrean Puskesmas", "opd-dinkes", "440/7/DINKES/2026", 1),
             ("E-Rapor Sekolah", "opd-disdik", "420/16/DISDIK/2026", 2),
             ("Dashboard Stunting", "opd-dinkes", "440/9/DINKES/2026", 2),
             ("Portal Beasiswa Daerah", "opd-disdik", "420/21/DISDIK/2026", 8)]  # fmt: skip
    for title, user, letter, through in filed:
        world.clock.advance(minutes=7)
        found = submit(world, user, title=title, letter_number=letter,
                       opd="DINKES" if "dinkes" in user else None)  # fmt: skip
        walk(world, found["id"], through)
    world.clock.set(datetime(2026, 3, 26, 14, 0, tzinfo=WITA))
    world.tokens.clear()
    gizi = submit(world, "opd-dinkes", title="Sistem Informasi Gizi", letter_number="440/12/DINKES/2026",
                  opd="DINKES")  # fmt: skip
    walk(world, gizi["id"], 4)
    world.clock.set(FRIDAY)
    world.tokens.clear()


@pytest.fixture
def sumbawa(world: World, server: str, chromium: Any) -> Iterator[tuple[World, Browser]]:  # noqa: F811
    a_sumbawa_office(world)
    yield world, Browser(chromium, f"{server}/t/{world.a}")


def titles(page: Any) -> list[str]:
    return [text.strip() for text in page.locator("#list tbody td.c-main a").all_inner_texts()]


def on_screen(page: Any, selector: str) -> bool:
    """The element is wholly within the window as it first shows, without scrolling."""
    box = page.locator(selector).first.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and (
        box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
    )


WIDER_THAN_THE_SCREEN = """() => document.documentElement.scrollWidth <= window.innerWidth + 1 ? [] :
  [...document.querySelectorAll('main *')]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5).map(el => el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40))"""


def no_sideways_scroll(page: Any) -> bool:
    """Nothing makes the page scroll sideways (the header's links scroll within their row)."""
    wider = page.evaluate(WIDER_THAN_THE_SCREEN)
    assert wider == [], wider
    return True


def test_the_sumbawa_kadis_sees_the_office_overdue_first_on_a_desktop_and_a_phone(sumbawa):
    _, browser = sumbawa
    desk = browser.tab("kadis", DESKTOP)
    desk.click("header >> text=Ikhtisar kantor")
    desk.wait_for_selector("#list")
    assert titles(desk)[:3] == ["Aplikasi PPDB Online", "Sistem Antrean Puskesmas", "Portal Beasiswa Daerah"]
    assert desk.locator("#list tbody tr.overdue").count() == 3
    first = desk.locator("#list tbody tr").first.inner_text()
    assert "terlambat 2 hari kerja" in first and "3 hari kerja" in first and "Kadis" in first
    beasiswa = desk.locator("#list tbody tr", has_text="Portal Beasiswa Daerah").inner_text()
    assert "Tim-Pengembang (ditunjuk)" in beasiswa  # the person the Kasi named, not the whole role
    assert "tanpa standar waktu" in desk.locator("#list tbody tr", has_text="Dashboard Stunting").inner_text()
    assert "sisa < 1 hari kerja" in desk.locator("#list tbody tr", has_text="Informasi Gizi").inner_text()
    tallies = desk.locator(".tallies").inner_text()
    assert "Kepala Dinas" in tallies and "DINKES 3" in tallies
    browser.shot(desk, "sumbawa-kadis-overview-desktop", whole=True)

    phone = browser.tab("kadis", PHONE)
    phone.goto(f"{browser.base}/overview")
    assert phone.locator("header.site").bounding_box()["height"] < 110  # was about 280 px
    assert on_screen(phone, "#list tbody tr:first-child td.c-urgent")  # due date and "terlambat"
    assert "terlambat" in phone.locator("#list tbody tr:first-child td.c-urgent").inner_text()
    assert no_sideways_scroll(phone)
    browser.shot(phone, "sumbawa-kadis-overview-phone")


def test_sorting_searching_and_filtering_swap_only_the_list_and_keep_the_address(sumbawa):
    _, browser = sumbawa
    page = browser.tab("kabid-ti", DESKTOP)
    page.goto(f"{browser.base}/overview")
    page.evaluate("window.stillHere = true")  # gone if the whole page loaded again
    with page.expect_response(lambda r: "sort=since" in r.url):
        page.click("#list thead >> text=Menunggu")
    page.wait_for_function(
        "[...document.querySelectorAll('#list th[aria-sort=ascending]')]"
        ".some(th => th.textContent.includes('Menunggu'))"
    )
    assert "sort=since" in page.url and page.evaluate("window.stillHere === true")
    assert titles(page)[0] == "Aplikasi PPDB Online" and titles(page)[-1] == "Sistem Informasi Gizi"
    with page.expect_response(lambda r: "q=stunting" in r.url):
        page.fill("#list input[name=q]", "stunting")
        page.press("#list input[name=q]", "Enter")
    page.wait_for_function("document.querySelectorAll('#list tbody td.c-main').length === 1")
    assert titles(page) == ["Dashboard Stunting"] and "q=stunting" in page.url
    page.goto(f"{browser.base}/overview")
    with page.expect_response(lambda r: "role=kabid-ti" in r.url):
        page.click(".tallies >> text=Kepala Bidang Teknologi Informasi")
    page.wait_for_function("document.querySelectorAll('#list tbody td.c-main').length === 2")
    assert sorted(titles(page)) == ["Dashboard Stunting", "E-Rapor Sekolah"]
    browser.shot(page, "sumbawa-kabid-overview-filtered-by-role-desktop", whole=True)


def test_the_lists_work_without_javascript(sumbawa):
    _, browser = sumbawa
    page = browser.tab("kadis", DESKTOP, javascript=False)
    page.goto(f"{browser.base}/overview")
    page.fill("#list input[name=q]", "dinkes")
    page.click("#list form[role=search] button[type=submit]")
    page.wait_for_load_state()
    assert "q=dinkes" in page.url
    assert sorted(titles(page)) == ["Dashboard Stunting", "Sistem Antrean Puskesmas", "Sistem Informasi Gizi"]
    page.click("#list thead >> text=Permohonan")
    page.wait_for_load_state()
    assert "q=dinkes" in page.url and "sort=title" in page.url
    assert titles(page) == ["Dashboard Stunting", "Sistem Antrean Puskesmas", "Sistem Informasi Gizi"]
    page.goto(f"{browser.base}/requests?limit=2")
    assert "halaman 1 dari 3" in page.inner_text(".pager")
    page.click(".pager >> text=berikutnya")
    page.wait_for_load_state()
    assert "page=2" in page.url and "halaman 2 dari 3 · 6 seluruhnya" in page.inner_text(".pager")
    browser.shot(page, "sumbawa-requests-page-2-without-javascript-desktop", whole=True)


def test_on_a_phone_the_inbox_requests_and_request_page_show_due_lateness_and_status_at_once(sumbawa):
    _, browser = sumbawa
    kadis = browser.tab("kadis", PHONE)
    kadis.goto(f"{browser.base}/inbox")
    assert on_screen(kadis, "#list tbody tr:first-child td.c-urgent")
    assert "terlambat 2 hari kerja" in kadis.locator("#list tbody tr:first-child").inner_text()
    assert "hari kerja" in kadis.locator("#list tbody tr:first-child").inner_text()  # how long it waited
    assert no_sideways_scroll(kadis)
    browser.shot(kadis, "sumbawa-kadis-inbox-phone")

    opd = browser.tab("opd-disdik", PHONE)
    opd.goto(f"{browser.base}/requests?sort=due")
    first = "#list tbody tr:first-child"
    assert on_screen(opd, f"{first} .status") and on_screen(opd, f"{first} .late")
    assert opd.locator("header.site").bounding_box()["height"] < 110
    assert no_sideways_scroll(opd)
    browser.shot(opd, "sumbawa-opd-requests-phone")
    opd.click(f"{first} td.c-main a")
    opd.wait_for_selector("#waiting")
    assert on_screen(opd, "#waiting") and on_screen(opd, "#status")
    assert "terlambat 2 hari kerja" in opd.inner_text("#waiting")
    browser.shot(opd, "sumbawa-opd-request-page-phone")

    kasi = browser.tab("kasi-aplikasi", PHONE)
    kasi.goto(f"{browser.base}/inbox")
    assert kasi.locator("a[href$='/overview']").count() == 0  # not a leader: no office overview
    assert "sisa < 1 hari kerja" in kasi.locator("#list tbody").inner_text()
    browser.shot(kasi, "sumbawa-kasi-inbox-phone")


CIREBON = ("cirebon-2019", 4)


def test_the_cirebon_kadis_inbox_is_not_silent_while_a_request_is_overdue_with_the_kabid(
    world: World,
    server: str,  # noqa: F811
    chromium: Any,  # noqa: F811
):
    """The issue's case: the Kadis disposed, the Kabid's 15-minute analysis is days late."""
    world.platform.set_sop(world.a, "cirebon-2019")
    world.charts_ready()
    for role in ("kabid-egov", "kasie-ekosistem", "kasie-aplikasi", "pic"):
        add_user(world.service(), CIREBON, role, [role])
    title = "Aplikasi Sistem Informasi Kepegawaian"
    request = submit(world, title=title, letter_number="500/017/DISDIK/2026")
    act(world, request["id"], 2, "kadis")
    world.clock.set(FRIDAY)
    world.tokens.clear()
    browser = Browser(chromium, f"{server}/t/{world.a}")
    for screen, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
        kadis = browser.tab("kadis", screen)
        kadis.goto(f"{browser.base}/inbox")
        assert "Tidak ada langkah yang menunggu Anda" in kadis.inner_text("#list")
        office = kadis.inner_text("#office-summary")
        assert "1 terlambat" in office and "Kabid Layanan E-Government" in office
        assert "terlambat 3 hari kerja" in office  # 17 March 10:15, WITA, to Friday 10:00
        assert on_screen(kadis, "#office-summary")
        browser.shot(kadis, f"cirebon-kadis-inbox-{name}")
        kadis.click("#office-summary >> text=lihat ikhtisar kantor")
        kadis.wait_for_selector("#list tbody tr.overdue")
        assert titles(kadis) == ["Aplikasi Sistem Informasi Kepegawaian"]
        assert "Kabid-Egov" in kadis.locator("#list tbody tr").first.inner_text()
        browser.shot(kadis, f"cirebon-kadis-overview-{name}", whole=screen is DESKTOP)
    kasie = browser.tab("kasie-aplikasi", DESKTOP)
    assert kasie.locator("a[href$='/overview']").count() == 0
    kabid = browser.tab("kabid-egov", DESKTOP)
    assert kabid.locator("header a[href$='/overview']").count() == 1


def test_muara_enims_kabid_leads_by_name_and_the_english_overview_reads_in_english(
    world: World,
    server: str,  # noqa: F811
    chromium: Any,  # noqa: F811
):
    world.platform.set_sop(world.a, "muara-enim-2021-mandiri")
    world.charts_ready()
    sop = ("muara-enim-2021-mandiri", 3)
    for role in ("staff-egov", "kabid-egov", "kasi-pengembangan-aplikasi", "system-analyst"):
        add_user(world.service(), sop, role, [role])
    found = submit(world, title="Sistem Arsip Dinamis", letter_number="045/3/DISDIK/2026")
    act(world, found["id"], 2, "staff-egov")
    world.clock.set(FRIDAY)
    world.tokens.clear()
    browser = Browser(chromium, f"{server}/t/{world.a}")
    kabid = browser.tab("kabid-egov", DESKTOP)
    kabid.goto(f"{browser.base}/overview?lang=en")
    assert kabid.inner_text("h1") == "Office overview"
    row = kabid.locator("#list tbody tr").first.inner_text()
    assert "KABID E-Government" in row and "overdue by" in row and "working days" in row
    browser.shot(kabid, "muara-enim-kabid-overview-english-desktop", whole=True)
    staff = browser.tab("staff-egov", DESKTOP)
    assert staff.locator("a[href$='/overview']").count() == 0
