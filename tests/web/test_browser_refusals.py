"""Refusals, confirmations and success lines in real Chromium, where the user is looking.

Each test runs at desktop width (1366×900) and on a phone (390×844), with htmx and without
JavaScript where the two differ, and saves screenshots under ALUR_SHOTS (default /tmp/alur-shots):
`<test>-<width>-<moment>.png`, the viewport as the user sees it, and `…-full.png` for the whole
page where that tells more.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PLT_SK
from tests.mutu import LETTER_FILE, fill_on_paper
from tests.web.conftest import World, add_user, submit
from tests.web.shots import SHOTS
from tests.web.test_browser import chromium, server, sign_in  # noqa: F401  (fixtures: the app served, the browser)
from tests.web.variants import performer, request_at

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


@pytest.fixture(params=list(SIZES))
def size(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class Screen:
    """Signed-in tabs at one screen size, with or without JavaScript, saving named screenshots."""

    def __init__(self, browser: Any, base: str, size: str, name: str, javascript: bool = True) -> None:
        self.browser, self.base, self.size, self.name, self.javascript = browser, base, size, name, javascript
        self.contexts: list[Any] = []
        SHOTS.mkdir(parents=True, exist_ok=True)

    def tab(self, username: str) -> Any:
        context = self.browser.new_context(viewport=SIZES[self.size], java_script_enabled=self.javascript)
        self.contexts.append(context)
        page = context.new_page()
        sign_in(page, self.base, username)
        return page

    def shot(self, page: Any, moment: str, full: bool = False) -> Path:
        path = SHOTS / f"{self.name}-{self.size}-{moment}.png"
        page.screenshot(path=str(path))
        if full:
            page.screenshot(path=str(path.with_name(path.stem + "-full.png")), full_page=True)
        return path

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def screen(chromium: Any, server: str, world: World, size: str) -> Iterator[Any]:  # noqa: F811
    made: list[Screen] = []

    def make(name: str, javascript: bool = True) -> Screen:
        made.append(Screen(chromium, f"{server}/t/{world.a}", size, name, javascript))
        return made[-1]

    yield make
    for one in made:
        one.close()


def seen(page: Any, selector: str) -> bool:
    """The element is on screen now: at least its first line inside the viewport."""
    script = """selector => { const box = document.querySelector(selector).getBoundingClientRect();
                              return box.top >= -2 && box.top + 16 <= window.innerHeight; }"""
    return bool(page.evaluate(script, selector))


def focused(page: Any) -> str:
    """What has the focus: the element's id, else its name."""
    return str(page.evaluate("() => document.activeElement.id || document.activeElement.name || ''"))


def send(page: Any, form: Any, url_part: str) -> None:
    """Submit a form; wait for its answer (htmx) or the next page (without JavaScript)."""
    with page.expect_response(lambda r: url_part in r.url and r.request.method in ("POST", "GET")):
        form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.wait_for_timeout(150)  # htmx settles (and focuses) after the swap


# -- 1. a step someone else completed first --------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_a_plt_official_sees_why_the_step_was_refused_where_they_look(
    world: World, screen: Any, javascript: bool
):
    add_user(world.service(), ("sumbawa-2021", 3), "plt-kasi", ["tim-pengembang"])
    sop = ("sumbawa-2021", 3)
    world.service().grant_role("plt-kasi", "kasi-aplikasi", sop=sop, actor="admin", acting=True, **PLT_SK)
    request_id = request_at(world, "sumbawa-2021", 4)
    s = screen("conflict-" + ("htmx" if javascript else "nojs"), javascript)
    plt = s.tab("plt-kasi")
    plt.goto(f"{s.base}/requests/{request_id}")
    form = plt.locator("form.action")
    form.locator("input[name=assignee][value=plt-kasi]").check()
    form.locator("textarea[name=note]").fill("Tim: Budi dan Sari, mulai Senin")
    form.locator("button[type=submit]").scroll_into_view_if_needed()
    s.shot(plt, "1-filled")
    kasi = world.api("POST", f"/requests/{request_id}/steps/4", "kasi-aplikasi",
                     json={"assignee": "tim-pengembang", "note": "Tim dibentuk"})  # fmt: skip
    assert kasi.status_code == 200  # the Kasi completed step 4 meanwhile
    send(plt, form, "/steps/4")
    assert seen(plt, "#refusal") and focused(plt) == "refusal"
    refusal = plt.inner_text("#refusal")
    assert "Langkah 4 baru saja diselesaikan oleh kasi-aplikasi" in refusal
    assert plt.input_value("#refusal textarea") == "Tim: Budi dan Sari, mulai Senin"
    step_five = plt.locator('form.action[action$="/steps/5"]')
    assert step_five.count() == 1 and step_five.locator("textarea[name=note]").input_value() == ""
    s.shot(plt, "2-refused", full=True)


# -- 1. field errors beside their fields -----------------------------------------------------


def test_a_missing_decision_is_marked_and_focused_beside_the_question(world: World, screen: Any):
    request_id = request_at(world, "sumbawa-2021", 6)
    s = screen("missing-decision")
    page = s.tab("kabid-ti")
    page.goto(f"{s.base}/requests/{request_id}")
    form = page.locator("form.action")
    form.evaluate("f => { f.noValidate = true }")  # as a browser that does not check `required`
    form.locator("textarea[name=note]").fill("Sudah diperiksa bersama Kasi")
    send(page, form, "/steps/6")
    radio = page.locator("form.action input[name=decision][value=ya]")
    assert radio.get_attribute("aria-invalid") == "true"
    assert radio.get_attribute("aria-describedby") == "decision-error"
    assert focused(page) == "decision" and seen(page, "#decision-error")
    assert "keputusan" in page.inner_text("#decision-error")
    assert page.locator("form.action textarea[name=note]").input_value() == "Sudah diperiksa bersama Kasi"
    s.shot(page, "refused")


def test_a_letter_dated_after_today_is_explained_beside_the_date(world: World, screen: Any):
    s = screen("letter-date")
    page = s.tab("opd-disdik")
    page.goto(f"{s.base}/requests/new")
    page.fill("input[name=letter_number]", "420/15/DISDIK/2026")
    page.fill("input[name=letter_date]", "2026-12-01")
    page.fill("input[name=title]", "Aplikasi PPDB")
    page.set_input_files("input[name=letter]", files=[LETTER_FILE])
    send(page, page.locator("main form"), "/requests/new")
    field = page.locator("input[name=letter_date]")
    assert field.get_attribute("aria-invalid") == "true" and focused(page) == "letter_date"
    assert seen(page, "#letter_date-error")
    assert page.inner_text("#letter_date-error") == "Tanggal surat tidak boleh setelah hari ini"
    assert page.input_value("input[name=title]") == "Aplikasi PPDB"
    s.shot(page, "refused")


# -- 9. a line after each success -----------------------------------------------------------


def test_each_success_is_confirmed_in_a_line_where_the_user_looks(world: World, screen: Any):
    s = screen("success")
    opd = s.tab("opd-disdik")
    opd.goto(f"{s.base}/requests/new")
    opd.fill("input[name=letter_number]", "420/16/DISDIK/2026")
    opd.fill("input[name=letter_date]", "2026-03-16")
    opd.fill("input[name=title]", "Aplikasi Beasiswa")
    opd.set_input_files("input[name=letter]", files=[LETTER_FILE])
    send(opd, opd.locator("main form"), "/requests/new")
    assert "Permohonan terkirim · diteruskan ke Kepala Dinas" in opd.inner_text("#flash")
    assert seen(opd, "#flash")
    s.shot(opd, "1-submitted")
    kadis = s.tab("kadis")
    kadis.goto(opd.url)
    form = kadis.locator("form.action")
    form.locator("textarea[name=note]").fill("Mohon ditindaklanjuti")
    send(kadis, form, "/steps/2")
    flash = kadis.inner_text("#flash")
    assert flash == "Langkah 2 selesai · diteruskan ke Kepala Bidang Teknologi Informasi (langkah 3)"
    assert seen(kadis, "#flash") and focused(kadis) == "flash"
    s.shot(kadis, "2-step-done")
    admin = s.tab("admin")
    admin.goto(f"{s.base}/admin/users")
    grant = admin.locator('form[action$="/admin/grants"]')
    grant.locator("select[name=username]").select_option("kasi-aplikasi")
    grant.locator("select[name=role]").select_option("kabid-ti")
    grant.locator("input[name=valid_until]").fill("2026-03-31")
    grant.locator("input[name=acting]").check()
    grant.locator("input[name=sk_number]").fill("800.1.3/12/BKPSDM/2026")
    grant.locator("input[name=sk_date]").fill("2026-03-01")
    send(admin, grant, "/admin/grants")
    flash = admin.inner_text("#flash")
    assert "diberikan kepada kasi-aplikasi, sampai Selasa, 31 Maret 2026 (SK 800.1.3/12/BKPSDM/2026)" in flash
    assert seen(admin, "#flash")
    s.shot(admin, "3-granted")


# -- 6. withdrawing: confirm first, with a reason ---------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_withdrawing_asks_to_confirm_with_a_reason(world: World, screen: Any, javascript: bool):
    request_id = str(submit(world, title="Aplikasi Perpustakaan")["id"])
    s = screen("withdraw-" + ("htmx" if javascript else "nojs"), javascript)
    page = s.tab("opd-disdik")
    page.goto(f"{s.base}/requests/{request_id}")
    page.click("#withdraw a")
    page.wait_for_selector("section.confirm")
    page.wait_for_timeout(150)
    assert page.url.endswith("/withdraw") != javascript  # htmx: in place; without: a page of its own
    assert focused(page) == "confirm-reason" and seen(page, "#confirm-reason")
    assert "tidak dapat dilanjutkan lagi" in page.inner_text("section.confirm")
    s.shot(page, "1-asked")
    page.fill("#confirm-reason", "   ")  # passes the browser's `required`, not the rule
    send(page, page.locator("section.confirm form"), "/withdraw")
    assert page.get_attribute("#confirm-reason", "aria-invalid") == "true" and seen(page, "#note-error")
    assert "Tulis alasan penarikan" in page.inner_text("#note-error").capitalize() or "tulis alasan" in (
        page.inner_text("#note-error").lower()
    )
    s.shot(page, "2-no-reason")
    page.fill("#confirm-reason", "Aplikasi sudah disediakan Perpusnas")
    with page.expect_navigation():
        page.locator("section.confirm button[type=submit]").click()
    assert "Permohonan ditarik" in page.inner_text("#flash") and "ditarik" in page.inner_text("#status")
    s.shot(page, "3-withdrawn")
    last = world.api("GET", f"/requests/{request_id}/events", "auditor").json()[-1]
    assert (last["type"], last["data"]["note"]) == ("Withdrawn", "Aplikasi sudah disediakan Perpusnas")


# -- 6. an answer that ends the request says so, and is confirmed with a reason --------------

ENDING = {
    "sumbawa-2021": (6, "Langkah 6 selesai · diteruskan ke Kepala Bidang Teknologi Informasi (langkah 7)"),
    "tangerang-selatan-2017": (6, "Langkah 6 selesai · permohonan berakhir: ditolak"),
    "aplikasi-database-2013": (4, "Langkah 4 selesai · permohonan berakhir: ditolak"),
}


@pytest.mark.parametrize("variant_id", list(ENDING))
def test_an_answer_that_ends_the_request_says_so_and_is_confirmed_with_a_reason(
    world: World, screen: Any, variant_id: str
):
    number, after = ENDING[variant_id]
    request_id = request_at(world, variant_id, number)
    role = world.api("GET", f"/requests/{request_id}", "auditor").json()["active_step"]["role"]
    s = screen(f"decision-{variant_id}")
    page = s.tab(performer(role))
    page.goto(f"{s.base}/requests/{request_id}")
    form = page.locator("form.action")
    tidak = form.locator("label.lead.ends")
    assert tidak.count() == 1 and "permohonan berakhir" in tidak.inner_text()
    form.locator("input[name=decision][value=tidak]").check()
    form.locator("textarea[name=note]").fill("Anggaran belum tersedia tahun ini")
    fill_on_paper(form, world.api("GET", f"/requests/{request_id}", "auditor").json()["checklist"], "tidak")
    form.scroll_into_view_if_needed()
    s.shot(page, "1-form")
    send(page, form, f"/steps/{number}")
    confirm = page.locator("section.confirm")
    assert confirm.count() == 1 and "tidak dapat dibatalkan" in confirm.inner_text()
    assert focused(page) == "confirm-reason" and seen(page, "#confirm-reason")
    assert page.input_value("#confirm-reason") == "Anggaran belum tersedia tahun ini"
    assert world.api("GET", f"/requests/{request_id}", "auditor").json()["status"] == "in_progress"
    s.shot(page, "2-confirm")
    send(page, confirm.locator("form"), f"/steps/{number}")
    assert page.inner_text("#flash") == after and seen(page, "#flash")
    s.shot(page, "3-done")
    last = world.api("GET", f"/requests/{request_id}/events", "auditor").json()[-1]
    assert (last["step"], last["data"]["decision"], last["data"]["note"]) == (
        number, "tidak", "Anggaran belum tersedia tahun ini")  # fmt: skip


def test_without_javascript_the_ending_answer_is_confirmed_on_a_page_of_its_own(world: World, screen: Any):
    request_id = request_at(world, "tangerang-selatan-2017", 6)
    s = screen("decision-nojs", javascript=False)
    page = s.tab("bidang-ptikp")
    page.goto(f"{s.base}/requests/{request_id}")
    form = page.locator("form.action")
    form.locator("input[name=decision][value=tidak]").check()
    send(page, form, "/steps/6")
    assert page.locator("section.confirm").count() == 1 and page.locator("ol.timeline").count() == 0
    assert focused(page) == "confirm-reason"
    page.fill("#confirm-reason", "Cukup memakai SRIKANDI")
    send(page, page.locator("section.confirm form"), "/steps/6")
    assert "permohonan berakhir: ditolak" in page.inner_text("#flash")
    s.shot(page, "done")


# -- 6. switching SOP: the new roles nobody holds, a reason -----------------------------------


def test_switching_sop_warns_of_roles_nobody_holds_and_asks_for_a_reason(world: World, screen: Any):
    s = screen("switch-sop")
    page = s.tab("admin")
    for target in ("cirebon-2019", "tangerang-selatan-2017", "aplikasi-database-2013",
                   "muara-enim-2021-mandiri", "muara-enim-2021-pengembang"):  # fmt: skip
        page.goto(f"{s.base}/admin/sop")
        switch = page.locator("#sop-switch")
        switch.locator("select[name=variant]").select_option(target)
        send(page, switch, "/admin/sop/switch")
        unheld = page.inner_text("#unheld-roles")
        assert "belum dipegang siapa pun" in unheld, target
        assert focused(page) == "confirm-reason" and seen(page, "#confirm-reason")
        s.shot(page, f"confirm-{target}", full=True)
    page.fill("#confirm-reason", "   ")
    send(page, page.locator("section.confirm form"), "/admin/sop")
    assert page.get_attribute("#confirm-reason", "aria-invalid") == "true" and seen(page, "#reason-error")
    assert world.platform.tenant(world.a).variant_id == "sumbawa-2021"
    s.shot(page, "no-reason")
    page.fill("#confirm-reason", "Perbup Muara Enim 2021 berlaku")
    with page.expect_navigation():
        page.locator("section.confirm button[type=submit]").click()
    assert "SOP diganti" in page.inner_text("#flash")
    assert world.platform.tenant(world.a).variant_id == "muara-enim-2021-pengembang"
    s.shot(page, "switched")


# -- 9. error pages keep the navigation -------------------------------------------------------


def test_an_error_page_keeps_the_navigation(world: World, screen: Any):
    s = screen("error-page")
    page = s.tab("kadis")
    page.goto(f"{s.base}/requests/00000000-0000-0000-0000-000000000000")
    assert page.locator("header nav a", has_text="Kotak masuk").count() == 1
    assert "404 · Tidak ditemukan" in page.inner_text("h1")
    assert "permohonan tidak ditemukan" in page.inner_text("main").lower()
    assert "Keluar" in page.inner_text("header")  # on a phone the name is the button's title only
    assert page.locator("header button[type=submit]").get_attribute("title") == "kadis"
    s.shot(page, "404")


def test_an_error_during_an_htmx_action_is_shown_in_place_of_the_page(world: World, screen: Any):
    request_id = str(submit(world)["id"])
    s = screen("htmx-error")
    page = s.tab("kadis")
    page.goto(f"{s.base}/requests/{request_id}")
    form = page.locator("form.action")
    form.evaluate(
        "f => { f.querySelector('[name=csrf]').value = 'kedaluwarsa' }"
    )  # a form from an old session
    page.evaluate("() => document.body.setAttribute('hx-headers', '{\"X-CSRF-Token\": \"kedaluwarsa\"}')")
    send(page, form, "/steps/2")
    assert "403 · Tidak diizinkan" in page.inner_text("main h1") and seen(page, "main h1")
    assert "formulir kedaluwarsa" in page.inner_text("main").lower()
    s.shot(page, "403")
