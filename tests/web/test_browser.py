"""Real Chromium (Debian's, driven by Playwright) through the whole job of each role.

A Sumbawa request from the OPD's letter through every role to the Berita Acara; a Tangerang
Selatan request declined at step 6; an auditor exporting the history. Each saves screenshots
under test-artifacts/browser/.
"""

from __future__ import annotations

import csv
import io
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from tests.mutu import needed
from tests.web.conftest import PASSWORD, World, add_user

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PDF = b"%PDF-1.4\n% surat permohonan uji\n"


# One store is enough for the browser: the route tests cover both; this keeps the suite quick.
pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


@pytest.fixture
def server(world: World) -> Iterator[str]:
    """The app on a free local port, in a thread, for the browser."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(world.client.app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():  # install Debian's package, as CI's set-up would
        subprocess.run(["bash", str(Path(__file__).with_name("setup_browser.sh"))], check=False)
    if not CHROMIUM.exists():
        pytest.fail("Debian's Chromium is needed: run tests/web/setup_browser.sh (as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class People:
    """One signed-in browser tab per user, opened on first use."""

    def __init__(self, browser: Any, base: str, shots: Path) -> None:
        self.browser, self.base, self.shots, self.tabs = browser, base, shots, {}
        self.count = 0
        shots.mkdir(parents=True, exist_ok=True)

    def tab(self, username: str) -> Any:
        if username not in self.tabs:
            page = self.browser.new_context(viewport={"width": 1000, "height": 900}).new_page()
            sign_in(page, self.base, username)
            self.tabs[username] = page
        return self.tabs[username]

    def shot(self, page: Any, name: str) -> None:
        self.count += 1
        page.screenshot(path=str(self.shots / f"{self.count:02d}-{name}.png"), full_page=True)


def submit_letter(people: People, tmp_path: Path, title: str) -> str:
    page = people.tab("opd-disdik")
    page.goto(f"{people.base}/requests/new")
    page.fill("input[name=letter_number]", "420/15/DISDIK/2026")
    page.fill("input[name=letter_date]", "2026-03-16")
    page.fill("input[name=title]", title)
    page.fill("textarea[name=purpose]", "Pendataan siswa baru secara daring")
    page.fill("textarea[name=business_process]", "Pendaftaran, verifikasi, pengumuman")
    letter = tmp_path / "surat-permohonan.pdf"
    letter.write_bytes(PDF)
    page.set_input_files("input[name=letter]", str(letter))
    people.shot(page, "opd-submits")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#panel")
    people.shot(page, "opd-sees-its-request")
    return page.url.rsplit("/", 1)[1]


def act(people: People, world: World, request_id: str, decision: str = "ya") -> dict[str, Any]:
    """The holder of the active step's role completes it in the browser (htmx swaps the panel)."""
    view = world.api("GET", f"/requests/{request_id}", "auditor").json()
    step = view["active_step"]
    user = "opd-disdik" if step["role"] == "opd" else step["role"]
    page = people.tab(user)
    page.goto(f"{people.base}/requests/{request_id}")
    form = page.locator("form.action")
    if step["decision"]:
        form.locator(f"input[name=decision][value={decision}]").check()
    if form.locator("input[name=assignee]").count():
        form.locator("input[name=assignee][value=tim-pengembang]").check()  # a team, by name
    if form.locator("input[name=deadline]").count():
        form.locator("input[name=deadline]").fill("2026-06-30")
    form.locator("textarea[name=note]").fill(f"Langkah {step['number']} selesai")
    # each document the step still needs, handed over on paper (the other answer's own: left)
    for slot in needed(view["checklist"], decision if step["decision"] else None):
        form.locator(f"input[name={slot}-reference]").fill("UJI/001")
    with page.expect_response(lambda r: "/steps/" in r.url):
        form.locator("button[type=submit]").click()
    page.wait_for_selector("#panel")
    # the answer has swapped in: a confirm step, or the panel without this step's form
    page.wait_for_function("document.querySelector('section.confirm') || !document.querySelector("
                           f"'form.action[action$=\"/steps/{step['number']}\"]')")  # fmt: skip
    if page.locator("section.confirm").count():  # an answer that ends the request: confirm it
        people.shot(page, f"step-{step['number']:02d}-confirm")
        with page.expect_response(lambda r: "/steps/" in r.url):
            page.locator("section.confirm button[type=submit]").click()
        page.wait_for_selector("ol.timeline")
    people.shot(page, f"step-{step['number']:02d}-{user}")
    after = world.api("GET", f"/requests/{request_id}", "auditor").json()
    assert after["version"] == view["version"] + 1, f"step {step['number']} did not go through"
    return after


def test_a_sumbawa_request_goes_from_the_opd_through_every_role_to_the_berita_acara(
    world: World, server: str, chromium: Any, tmp_path: Path, settings: Any
):
    people = People(chromium, f"{server}/t/{world.a}", ARTIFACTS / f"sumbawa-{settings.backend}")
    request_id = submit_letter(people, tmp_path, "Aplikasi PPDB Sumbawa")
    kadis = people.tab("kadis")
    kadis.goto(f"{people.base}/inbox")
    assert "Aplikasi PPDB Sumbawa" in kadis.content()
    people.shot(kadis, "kadis-inbox")
    view = world.api("GET", f"/requests/{request_id}", "auditor").json()
    roles = set()
    while view["status"] == "in_progress":
        roles.add(view["active_step"]["role"])
        view = act(people, world, request_id)
    assert view["status"] == "completed"
    assert view["steps_taken"][-1]["event"] == "HandedOver"
    assert roles >= {"kadis", "kabid-ti", "kasi-aplikasi", "tim-pengembang", "opd"}
    final = people.tab("kadis")
    final.goto(f"{people.base}/requests/{request_id}")
    assert "Berita Acara" in final.content()
    people.shot(final, "completed")


def test_a_tangerang_selatan_request_is_declined_at_step_6(
    world: World, server: str, chromium: Any, tmp_path: Path, settings: Any
):
    world.platform.set_sop(world.a, "tangerang-selatan-2017")
    world.charts_ready()
    sop = ("tangerang-selatan-2017", 2)
    for role in ("diskominfo", "bidang-ptikp"):
        add_user(world.service(), sop, role, [role])
    people = People(chromium, f"{server}/t/{world.a}", ARTIFACTS / f"tangsel-{settings.backend}")
    request_id = submit_letter(people, tmp_path, "Sistem Informasi Kepegawaian")
    view = world.api("GET", f"/requests/{request_id}", "auditor").json()
    while view["active_step"]["number"] < 6:
        view = act(people, world, request_id)
    view = act(people, world, request_id, decision="tidak")
    assert view["status"] == "declined"
    assert view["steps_taken"][-1]["number"] == 6
    assert "ditolak" in people.tab("bidang-ptikp").inner_text("#status")  # htmx swapped it in place
    page = people.tab("opd-disdik")
    page.goto(f"{people.base}/requests")
    assert "ditolak" in page.content()
    people.shot(page, "opd-sees-declined")


def test_an_auditor_reads_the_history_and_exports_it(
    world: World, server: str, chromium: Any, tmp_path: Path, settings: Any
):
    people = People(chromium, f"{server}/t/{world.a}", ARTIFACTS / f"auditor-{settings.backend}")
    request_id = submit_letter(people, tmp_path, "Aplikasi Diaudit")
    act(people, world, request_id)
    auditor = people.tab("auditor")
    auditor.goto(f"{people.base}/requests/{request_id}/history")
    assert "Didisposisikan" in auditor.inner_text("main")  # the event named, not its class
    people.shot(auditor, "history")
    auditor.goto(f"{people.base}/audit?request={request_id}")
    people.shot(auditor, "audit-trail")
    with auditor.expect_download() as download:
        auditor.click("text=CSV")
    saved = tmp_path / "audit.csv"
    download.value.save_as(saved)
    assert download.value.suggested_filename.startswith(f"audit-{world.a}-")
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8, and splits it on `;` (Indonesian)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    found = [row["Kode peristiwa"] for row in rows if row["ID permohonan"] == request_id]
    assert found == ["Submitted", "Disposed"]


def test_the_tenant_admin_registers_an_opd_a_user_an_acting_official_and_switches_sop(
    world: World, server: str, chromium: Any, settings: Any
):
    people = People(chromium, f"{server}/t/{world.a}", ARTIFACTS / f"admin-{settings.backend}")
    page = people.tab("admin")
    page.goto(f"{people.base}/admin/opds")
    page.fill("input[name=code]", "BAPPEDA")
    page.fill("input[name=name]", "Badan Perencanaan Pembangunan Daerah")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "BAPPEDA" in page.content()
    people.shot(page, "opd-registered")

    page.goto(f"{people.base}/admin/users")
    create = page.locator('form[action$="/admin/users"]')
    create.locator("input[name=username]").fill("staf-baru")
    create.locator("input[name=full_name]").fill("Staf Baru")
    create.locator("input[name=password]").fill("rahasia-baru-1")
    create.locator('input[name=roles][value="kasi-aplikasi"]').check()
    create.locator("button[type=submit]").click()
    page.wait_for_load_state()
    grant = page.locator('form[action$="/admin/grants"]')
    grant.locator("select[name=username]").select_option("staf-baru")
    grant.locator("select[name=role]").select_option("kabid-ti")
    grant.locator("input[name=valid_until]").fill("2026-03-31")
    grant.locator("input[name=acting]").check()
    grant.locator("input[name=sk_number]").fill("800.1.3/12/BKPSDM/2026")
    grant.locator("input[name=sk_date]").fill("2026-03-01")
    grant.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "staf-baru" in page.content()
    people.shot(page, "user-and-acting-grant")
    user = world.service().user("staf-baru", world.clock())
    assert user.roles == ("kabid-ti", "kasi-aplikasi")
    sk = "800.1.3/12/BKPSDM/2026"
    assert any(g.acting and g.valid_until is not None and g.sk_number == sk for g in user.grants)

    page.goto(f"{people.base}/admin/sop")
    assert page.locator("#flowchart svg").count() == 1
    people.shot(page, "sop-table-and-flowchart")
    switch = page.locator("#sop-switch")
    switch.locator("select[name=variant]").select_option("cirebon-2019")
    switch.locator("button[type=submit]").click()
    page.wait_for_selector("section.confirm")  # the new SOP's roles nobody holds, and a reason
    people.shot(page, "sop-switch-confirm")
    page.fill("#confirm-reason", "Perwali baru")
    with page.expect_navigation():
        page.locator("section.confirm button[type=submit]").click()
    assert world.platform.tenant(world.a).variant_id == "cirebon-2019"
    people.shot(page, "sop-switched")


def sign_in(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    """Through the sign-in page, as a person does; every browser test's tabs start here."""
    page.goto(f"{base}/signin")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
