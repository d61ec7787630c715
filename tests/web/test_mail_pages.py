"""Mail at both doors, on SQLite and PostgreSQL: one's own email (`/me/email`, `GET/POST
/me/email`), the admin's (user page, `POST /users/{username}/email`), the confirmation link's
page, and the admin's outbox (`/admin/mail`, `GET /mail/outbox`) with a failure after N attempts
against a real local SMTP server, retried."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest

from adapters.config import SmtpSettings
from adapters.mail_sender import Policy, Sender
from tests.smtp import Recorder, smtp_server
from tests.web.conftest import World
from tests.web.pages_helpers import browser, post

LINK = re.compile(r"http://127\.0\.0\.1:8000(/t/[^/]+/email/(\S+))")


@pytest.fixture
def server() -> Iterator[tuple[Recorder, int]]:
    with smtp_server() as running:
        yield running


def outbox(world: World, state: str | None = None) -> dict:
    answer = world.api("GET", "/mail/outbox" + (f"?state={state}" if state else ""), "admin")
    assert answer.status_code == 200, answer.text
    return answer.json()


def link_in_newest(world: World, recipient: str) -> tuple[str, str]:
    [newest] = [mail for mail in outbox(world)["items"] if mail["recipient"] == recipient]
    found = LINK.search(newest["body_text"])
    assert found is not None, newest["body_text"]
    return found.group(1), found.group(2)


def test_a_user_sets_their_own_email_on_its_page_and_confirms_it_by_the_link(world: World) -> None:
    client = browser(world, "kadis")
    page = client.get(f"/t/{world.a}/me/email")
    assert page.status_code == 200 and "Belum ada alamat email." in page.text
    answer = post(client, f"/t/{world.a}/me/email", {"email": "kadis@kominfo.example.go.id"})
    assert answer.status_code == 303
    page = client.get(answer.headers["location"]).text
    assert "Tautan konfirmasi dikirim ke kadis@kominfo.example.go.id" in page
    assert "belum dikonfirmasi" in page

    path, token = link_in_newest(world, "kadis@kominfo.example.go.id")
    public = world.client.__class__(world.client.app, base_url="http://testserver")
    opened = public.get(path)
    assert opened.status_code == 200 and "kadis@kominfo.example.go.id" in opened.text
    assert (
        world.api("GET", "/me/email", "kadis").json()["email_confirmed"] is False
    )  # opening is not confirming
    confirmed = public.post(path)
    assert confirmed.status_code == 200 and "terkonfirmasi untuk kadis" in confirmed.text
    assert world.api("GET", "/me/email", "kadis").json() == {
        "username": "kadis", "email": "kadis@kominfo.example.go.id", "email_confirmed": True}  # fmt: skip
    again = public.post(path)
    assert again.status_code == 404 and "tidak berlaku lagi" in again.text
    assert token not in html.unescape(client.get(f"/t/{world.a}/me/email").text)


def test_a_wrong_address_is_refused_beside_its_field_at_both_doors(world: World) -> None:
    client = browser(world, "kadis")
    answer = post(client, f"/t/{world.a}/me/email?lang=en", {"email": "kadis@localhost"})
    assert answer.status_code == 422
    assert re.search(r'<small class="field-error" id="email-error">not a valid email address', answer.text)
    refused = world.api("POST", "/me/email", "kadis", json={"email": "kadis at kominfo"})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "email"


def test_the_admin_sets_a_users_email_at_both_doors_and_nobody_else_may(world: World) -> None:
    client = browser(world, "admin")
    answer = post(client, f"/t/{world.a}/admin/users/kabid-ti/email", {"email": "kabid@example.go.id"},
                  from_page=f"/t/{world.a}/admin/users/kabid-ti")  # fmt: skip
    assert answer.status_code == 303
    page = client.get(f"/t/{world.a}/admin/users/kabid-ti").text
    assert "kabid@example.go.id" in page and "belum dikonfirmasi" in page
    made = world.api("POST", "/users/kasi-aplikasi/email", "admin", json={"email": "kasi@example.go.id"})
    assert made.status_code == 200 and made.json()["email_confirmed"] is False
    user = world.api("GET", "/users/kasi-aplikasi", "admin").json()
    assert (user["email"], user["email_confirmed"]) == ("kasi@example.go.id", False)
    refused = world.api("POST", "/users/kasi-aplikasi/email", "kadis", json={"email": "x@example.go.id"})
    assert refused.status_code == 403
    assert {m["recipient"] for m in outbox(world)["items"]} == {"kabid@example.go.id", "kasi@example.go.id"}


def test_a_user_created_with_an_email_gets_the_confirmation_link(world: World) -> None:
    client = browser(world, "admin")
    answer = post(client, f"/t/{world.a}/admin/users", {"username": "siti", "password": "kata-sandi-siti",
                  "roles": "kasi-aplikasi", "full_name": "Siti Aminah", "email": "siti@example.go.id"},
                  from_page=f"/t/{world.a}/admin/users")  # fmt: skip
    assert answer.status_code == 303
    [mail] = outbox(world)["items"]
    assert mail["recipient"] == "siti@example.go.id" and "Yth. Siti Aminah," in mail["body_text"]


def test_the_outbox_is_for_admins_only_at_both_doors(world: World) -> None:
    assert world.api("GET", "/mail/outbox", "kadis").status_code == 403
    assert browser(world, "kadis").get(f"/t/{world.a}/admin/mail").status_code == 403
    assert world.api("GET", "/mail/outbox?state=lost", "admin").status_code == 422


def test_without_a_mail_server_the_demo_reads_its_mail_in_the_outbox(world: World) -> None:
    world.api("POST", "/me/email", "admin", json={"email": "admin@example.go.id"})
    client = browser(world, "admin")
    page = client.get(f"/t/{world.a}/admin/mail").text
    assert "Server surel belum diatur" in page
    mail_id = outbox(world)["items"][0]["id"]
    opened = client.get(f"/t/{world.a}/admin/mail/{mail_id}").text
    assert "admin@example.go.id" in opened and "Konfirmasi alamat email Anda" in opened
    assert '<pre class="mail-body">Yth. Admin,' in opened
    assert outbox(world)["counts"] == {"waiting": 1, "retrying": 0, "sent": 0, "failed": 0}


def test_a_mail_failed_after_n_attempts_shows_its_error_and_is_retried_from_the_page(
    world: World, server: tuple[Recorder, int]
) -> None:
    recorder, port = server
    recorder.refuse_always = "451 4.3.0 mailbox busy"
    world.api("POST", "/users/kadis/email", "admin", json={"email": "kadis@example.go.id"})
    db = world.platform.services.projector(world.platform.tenant(world.a)).db
    sender = Sender(SmtpSettings("127.0.0.1", port, starttls=False, sender="alur@example.go.id"), world.clock,
                    Policy(max_attempts=2, first_wait=timedelta(seconds=30)))  # fmt: skip
    sender.deliver(db)
    retrying = outbox(world, "retrying")["items"]
    assert [m["attempts"] for m in retrying] == [1]
    world.clock.advance(minutes=1)
    sender.deliver(db)
    [failed] = outbox(world, "failed")["items"]
    assert (failed["attempts"], failed["last_error"]) == (2, "451 4.3.0 mailbox busy")

    client = browser(world, "admin")
    page = client.get(f"/t/{world.a}/admin/mail?state=failed&lang=en").text
    assert "451 4.3.0 mailbox busy" in page and ">failed</mark>" in page
    answer = post(
        client, f"/t/{world.a}/admin/mail/{failed['id']}/retry", from_page=f"/t/{world.a}/admin/mail"
    )
    assert answer.status_code == 303
    recorder.refuse_always = None
    sender.deliver(db)
    [sent] = outbox(world, "sent")["items"]
    assert sent["id"] == failed["id"] and recorder.message_ids() == [sent["message_id"]]
    again = world.api("POST", f"/mail/outbox/{sent['id']}/retry", "admin")
    assert again.status_code == 422  # only a failed mail is retried
