# ruff: noqa: F811  (the browser and the served app are fixtures imported from test_browser)
"""The outbox page and one's own email, in real Chromium at 1366×900 and on a 390×844 phone.

Screenshots go to ALUR_SHOTS (default /tmp/alur-shots), named `mail-<moment>-<size>.png`: the
admin's outbox with a waiting, a sent and a failed mail (its error beside it), one mail opened
(headers and body, as the demo reads its mail), the user's own email section unconfirmed, the
confirmation link's page, and the section once confirmed. A failed mail is retried by its button.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from adapters.config import SmtpSettings
from adapters.mail_sender import Policy, Sender, tell
from domain import commands as c
from tests.smtp import smtp_server
from tests.web.conftest import World, submit
from tests.web.shots import SHOTS
from tests.web.test_browser import chromium, server, sign_in  # noqa: F401  (fixtures: the app served, the browser)

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


@pytest.fixture
def mail(world: World) -> Iterator[World]:
    """A waiting, a sent and a failed mail in the outbox (sent to a real local SMTP server)."""
    with smtp_server() as (recorder, port):
        db = world.platform.services.projector(world.platform.tenant(world.a)).db
        sender = Sender(SmtpSettings("127.0.0.1", port, starttls=False, sender="alur@example.go.id"),
                        world.clock, Policy(max_attempts=2, first_wait=timedelta(seconds=30)))  # fmt: skip
        world.api("POST", "/users/kabid-ti/email", "admin", json={"email": "kabid.ti@kominfo.example.go.id"})
        sender.deliver(db)
        recorder.refuse_always = "550 5.1.1 mailbox unavailable"
        world.api("POST", "/users/kasi-aplikasi/email", "admin", json={"email": "kasi@kominfo.example.go.id"})
        sender.deliver(db)
        recorder.refuse_always = None
    world.api("POST", "/users/kadis/email", "admin", json={"email": "kadis@kominfo.example.go.id"})
    yield world


def tab(browser: Any, base: str, size: str, username: str | None) -> Any:
    page = browser.new_context(viewport=SIZES[size]).new_page()
    if username:
        sign_in(page, base, username)
    return page


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_admin_reads_the_outbox_and_retries_a_failed_mail(
    mail: World,
    chromium: Any,
    server: str,
    size: str,
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = f"{server}/t/{mail.a}"
    page = tab(chromium, base, size, "admin")
    page.goto(f"{base}/admin/mail")
    assert page.locator("h1").inner_text() == "Surat keluar"
    rows = page.locator("table.mail tbody tr")
    assert rows.count() == 3
    assert page.get_by_text("550 5.1.1 mailbox unavailable").is_visible()
    assert (
        page.locator("mark.badge.mail-failed").count() == 1
        and page.locator("mark.badge.mail-sent").count() == 1
    )
    assert no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / f"mail-outbox-{size}.png"), full_page=True)

    page.get_by_role("link", name=re.compile("Konfirmasi alamat email")).first.click()
    page.wait_for_load_state()
    body = page.locator("pre.mail-body").inner_text()
    assert body.startswith("Yth. ") and "/email/" in body
    assert no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / f"mail-opened-{size}.png"), full_page=True)

    page.goto(f"{base}/admin/mail?state=failed")
    page.get_by_role("button", name="Coba lagi").click()
    page.wait_for_load_state()
    assert page.locator("#flash").inner_text() == "Surel akan dicoba dikirim lagi"
    assert page.locator("mark.badge.mail-failed").count() == 0


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_user_sets_and_confirms_their_own_email(mail: World, chromium: Any, server: str, size: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = f"{server}/t/{mail.a}"
    page = tab(chromium, base, size, "kabid-ti")
    page.goto(f"{base}/me/email")
    page.fill("input[name=email]", "kabid.ti@diskominfo.example.go.id")
    page.get_by_role("button", name=re.compile("Simpan dan kirim")).click()
    page.wait_for_load_state()
    assert (
        "Tautan konfirmasi dikirim ke kabid.ti@diskominfo.example.go.id"
        in page.locator("#flash").inner_text()
    )
    assert page.locator("mark.badge.mail-retrying").inner_text() == "belum dikonfirmasi"
    assert no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / f"mail-me-email-{size}.png"), full_page=True)

    items = mail.api("GET", "/mail/outbox", "admin").json()["items"]
    [newest] = [m for m in items if m["recipient"] == "kabid.ti@diskominfo.example.go.id"]
    found = re.search(r"/t/[^/]+/email/\S+", newest["body_text"])
    assert found is not None
    public = tab(chromium, base, size, None)
    public.goto(f"{server}{found.group(0)}")
    assert public.get_by_text("kabid.ti@diskominfo.example.go.id").is_visible()
    public.screenshot(path=str(SHOTS / f"mail-confirm-link-{size}.png"), full_page=True)
    public.get_by_role("button", name="Konfirmasi alamat ini").click()
    public.wait_for_load_state()
    assert "terkonfirmasi untuk kabid-ti" in public.locator("p.flash").inner_text()

    page.goto(f"{base}/me/email")
    assert page.locator("mark.badge.mail-sent").inner_text() == "terkonfirmasi"
    page.screenshot(path=str(SHOTS / f"mail-me-email-confirmed-{size}.png"), full_page=True)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_step_reaching_an_official_is_mailed_and_read_in_the_outbox(
    world: World, chromium: Any, server: str, size: str
) -> None:
    """Without a mail server (the demo) a notice's mail waits in the outbox page, readable."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    world.api("POST", "/users/kadis/email", "admin", json={"email": "kadis@kominfo.example.go.id"})
    [confirmation] = world.api("GET", "/mail/outbox", "admin").json()["items"]
    link = re.search(r"/email/(\S+)", confirmation["body_text"])
    assert link is not None
    desk = world.platform.desk(world.platform.tenant(world.a))
    assert desk.commands.confirm_email(c.ConfirmEmail(link.group(1))).email_confirmed
    submit(world)  # step 2 reaches the Kadis
    world.clock.advance(minutes=1)
    [(_, db, office)] = [store for store in world.platform.mail_stores() if store[0] == world.a]
    assert tell(db, office, world.clock()) == 1  # the mail job's pass

    base = f"{server}/t/{world.a}"
    page = tab(chromium, base, size, "admin")
    page.goto(f"{base}/admin/mail")
    page.get_by_role("link", name=re.compile("Tugas baru: Aplikasi Sekolah")).first.click()
    page.wait_for_load_state()
    body = page.locator("pre.mail-body").inner_text()
    assert body.startswith("Langkah 2 (") and "sampai di kotak masuk Anda" in body
    assert "Nomor surat: 420/1/2026" in body and f"/t/{world.a}/requests/" in body
    assert no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / f"mail-notice-{size}.png"), full_page=True)
