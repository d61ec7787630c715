"""Mail on SQLite and PostgreSQL, against a real local SMTP server (aiosmtpd), never a mock:
an address confirmed by the link mailed to it, retries with backoff, failure after N attempts,
and a sender killed mid-batch that, restarted, delivers the rest with no duplicate."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from adapters.composition import Platform
from adapters.config import Settings, SmtpSettings
from adapters.mail import Mail, Outbox, create_tables, enqueue, enqueue_for_user
from adapters.mail_sender import Policy, Sender
from domain import commands as c
from domain.actor import Actor
from domain.errors import ForbiddenError, InvalidInputError, NotFoundError
from projections.audit import AuditFilter
from projections.base import BatchTx
from projections.desk import Desk
from projections.outbox import create_outbox
from tests import pg
from tests.conftest import CREATE_SUMBAWA, Alur, FakeClock, random_slug
from tests.integration.test_sign_in import PASSWORD, SOP, _hash
from tests.smtp import Recorder, smtp_server

ALUR = str(Path(sys.executable).with_name("alur"))
FROM = "Alur Diskominfo <alur@kominfo.example.go.id>"
LINK = re.compile(r"https?://\S+/email/(\S+)")


@pytest.fixture
def server() -> Iterator[tuple[Recorder, int]]:
    with smtp_server() as running:
        yield running


@pytest.fixture
def platform(settings: Settings, clock: FakeClock, server: tuple[Recorder, int]) -> Iterator[Platform]:
    smtp = SmtpSettings("127.0.0.1", server[1], starttls=False, sender=FROM)
    configured = replace(settings, smtp=smtp, mail_sender="process", public_url="https://alur.example.go.id")
    made = Platform(configured, clock)
    slug = random_slug("mail")
    made.create_tenant(slug, name="Diskominfo Uji", variant_id=SOP[0], timezone="Asia/Makassar")
    service = made.service(slug)
    for name, roles in (("admin", ["admin"]), ("budi", ["kasi-aplikasi"])):
        full_name = "Budi Santoso" if name == "budi" else "Admin"
        service.create_user(name, PASSWORD, hash_password=lambda _p: _hash, roles=roles, sop=SOP,
                            actor="admin", full_name=full_name)  # fmt: skip
    made.slug = slug  # type: ignore[attr-defined]
    try:
        yield made
    finally:
        made.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, "t_" + slug.replace("-", "_"))


def desk_of(platform: Platform) -> Desk:
    return platform.desk(platform.tenant(platform.slug))  # type: ignore[attr-defined]


def actor(desk: Desk, username: str, clock: FakeClock) -> Actor:
    found = desk.queries.actor(username, clock.now)
    assert found is not None
    return found


def sender(platform: Platform, clock: FakeClock, **policy: object) -> Sender:
    assert platform.settings.smtp is not None
    return Sender(platform.settings.smtp, clock, Policy(**policy))  # type: ignore[arg-type]


def db(platform: Platform):  # type: ignore[no-untyped-def]
    desk_of(platform)  # the tenant's tables, the outbox's included, exist once its desk does
    return platform.services.projector(platform.tenant(platform.slug)).db  # type: ignore[attr-defined]


def test_a_confirmation_mail_arrives_with_its_headers_and_its_link_confirms_the_address(
    platform: Platform, clock: FakeClock, server: tuple[Recorder, int]
) -> None:
    desk = desk_of(platform)
    admin = actor(desk, "admin", clock)
    view = desk.commands.set_email(admin, c.SetEmail("budi", "Budi.Santoso@Kominfo.Example.go.id"))
    assert (view.email, view.email_confirmed) == ("Budi.Santoso@kominfo.example.go.id", False)
    assert desk.queries.outbox(admin).counts["waiting"] == 1

    assert sender(platform, clock).deliver(db(platform)) == 1
    [mail] = server[0].wait_for(1)
    assert mail["From"] == FROM
    assert mail["To"] == "Budi.Santoso@kominfo.example.go.id"
    assert mail["Subject"] == "Konfirmasi alamat email Anda untuk Alur · Diskominfo Uji"
    assert parsedate_to_datetime(mail["Date"]) == clock.now
    assert re.fullmatch(r"<[0-9a-f]{32}@alur\.invalid>", mail["Message-ID"])
    assert mail.get_content_type() == "text/plain" and mail.get_content_charset() == "utf-8"
    body = mail.get_content()
    assert "Yth. Budi Santoso," in body
    found = LINK.search(body)
    slug = platform.slug  # type: ignore[attr-defined]
    assert found is not None and found.group(0).startswith(f"https://alur.example.go.id/t/{slug}/email/")
    sent = desk.queries.outbox(admin, "sent").mails
    assert [m.message_id for m in sent] == [mail["Message-ID"]]
    assert (sent[0].smtp_reply or "").startswith("250 2.0.0 Ok: queued")

    budi = actor(desk, "budi", clock)
    assert not desk.queries.my_user(budi, clock.now).email_confirmed
    assert desk.queries.email_link(found.group(1)) == ("budi", "Budi.Santoso@kominfo.example.go.id")
    assert desk.commands.confirm_email(c.ConfirmEmail(found.group(1))).email_confirmed
    assert desk.queries.my_user(budi, clock.now).email_confirmed
    with pytest.raises(NotFoundError):  # a link works once
        desk.commands.confirm_email(c.ConfirmEmail(found.group(1)))
    trail = {entry.type: entry.sentence for entry in desk.queries.audit(admin, AuditFilter()).items}
    assert trail["EmailChanged"] == (
        "admin menetapkan email budi: Budi.Santoso@kominfo.example.go.id (menunggu konfirmasi lewat tautan)"
    )
    confirmed = "budi mengonfirmasi email Budi.Santoso@kominfo.example.go.id lewat tautan"
    assert trail["EmailConfirmed"] == confirmed


def test_mail_goes_only_to_a_confirmed_address_of_an_active_user(
    platform: Platform, clock: FakeClock
) -> None:
    desk = desk_of(platform)
    admin = actor(desk, "admin", clock)
    desk.commands.set_email(admin, c.SetEmail("budi", "budi@example.go.id"))

    def notice(address: str) -> Mail:
        return Mail(address, "Tugas baru", "Langkah 4", cause=f"notice:{clock.now.isoformat()}")

    with db(platform).transaction() as tx:
        assert not enqueue_for_user(tx, "budi", notice, clock.now)  # unconfirmed: nothing
    token = _link_token(platform, clock)
    desk.commands.confirm_email(c.ConfirmEmail(token))
    with db(platform).transaction() as tx:
        batch = BatchTx(tx)  # as the notices read model's apply would call it, in the projector's batch
        assert enqueue_for_user(batch, "budi", notice, clock.now)
        assert not enqueue_for_user(batch, "budi", notice, clock.now)  # the same cause: one mail
        batch.flush()
    desk.commands.set_active(admin, c.SetUserActive("budi", False))
    clock.advance(minutes=1)
    with db(platform).transaction() as tx:
        assert not enqueue_for_user(tx, "budi", notice, clock.now)  # deactivated: nothing


def test_a_changed_address_is_unconfirmed_again_and_an_old_link_no_longer_confirms(
    platform: Platform, clock: FakeClock
) -> None:
    desk = desk_of(platform)
    budi = actor(desk, "budi", clock)
    desk.commands.set_email(budi, c.SetEmail("budi", "budi@example.go.id"))
    old = _link_token(platform, clock, "budi@example.go.id")
    desk.commands.set_email(budi, c.SetEmail("budi", "budi.s@example.go.id", english=True))
    with pytest.raises(NotFoundError):
        desk.commands.confirm_email(c.ConfirmEmail(old))
    with pytest.raises(ForbiddenError):
        desk.commands.set_email(budi, c.SetEmail("admin", "x@example.go.id"))  # not one's own
    mails = desk.queries.outbox(actor(desk, "admin", clock)).mails
    [english] = [m for m in mails if m.recipient == "budi.s@example.go.id"]
    assert english.subject == "Confirm your email address for Alur · Diskominfo Uji"
    assert desk.queries.my_user(budi, clock.now).email == "budi.s@example.go.id"


def _link_token(platform: Platform, clock: FakeClock, recipient: str = "budi@example.go.id") -> str:
    desk = desk_of(platform)
    mails = desk.queries.outbox(actor(desk, "admin", clock)).mails
    [newest] = [mail for mail in mails if mail.recipient == recipient]
    found = LINK.search(newest.body_text)
    assert found is not None
    return found.group(1)


def test_a_refused_mail_is_retried_with_growing_waits_then_sent(
    platform: Platform, clock: FakeClock, server: tuple[Recorder, int]
) -> None:
    recorder = server[0]
    recorder.refusals = ["451 4.3.0 try again later", "451 4.3.0 try again later"]
    desk = desk_of(platform)
    admin = actor(desk, "admin", clock)
    with db(platform).transaction() as tx:
        enqueue(tx, Mail("budi@example.go.id", "Uji", "isi", cause="retry-test"), clock.now)
    send = sender(platform, clock, first_wait=timedelta(minutes=1))

    assert send.deliver(db(platform)) == 0
    [mail] = desk.queries.outbox(admin).mails
    assert (mail.state, mail.attempts, mail.last_error) == ("retrying", 1, "451 4.3.0 try again later")
    assert mail.next_attempt_at == clock.now + timedelta(minutes=1)
    assert send.deliver(db(platform)) == 0  # not due yet: not tried
    assert recorder.seen == 1

    clock.advance(minutes=1)
    assert send.deliver(db(platform)) == 0
    [mail] = desk.queries.outbox(admin).mails
    assert (mail.attempts, mail.next_attempt_at) == (2, clock.now + timedelta(minutes=2))  # the wait doubled

    clock.advance(minutes=2)
    assert send.deliver(db(platform)) == 1
    [mail] = desk.queries.outbox(admin).mails
    assert (mail.state, mail.attempts, mail.last_error) == ("sent", 3, None)
    assert recorder.message_ids() == [mail.message_id]


def test_a_mail_fails_after_n_attempts_and_the_admin_can_retry_it(
    platform: Platform, clock: FakeClock, server: tuple[Recorder, int]
) -> None:
    recorder = server[0]
    recorder.refuse_always = "451 4.7.1 greylisted"
    desk = desk_of(platform)
    admin = actor(desk, "admin", clock)
    with db(platform).transaction() as tx:
        enqueue(tx, Mail("budi@example.go.id", "Uji", "isi", cause="fail-test"), clock.now)
    send = sender(platform, clock, max_attempts=3, first_wait=timedelta(seconds=10))
    for _ in range(3):
        send.deliver(db(platform))
        clock.advance(minutes=5)
    view = desk.queries.outbox(admin)
    [mail] = view.mails
    assert (mail.state, mail.attempts, mail.last_error) == ("failed", 3, "451 4.7.1 greylisted")
    assert view.counts["failed"] == 1
    assert send.deliver(db(platform)) == 0 and recorder.seen == 3  # failed for good: not tried

    recorder.refuse_always = None
    desk.commands.retry_mail(admin, c.RetryMail(mail.id))
    assert send.deliver(db(platform)) == 1
    assert desk.queries.outbox(admin, "sent").mails[0].id == mail.id
    with pytest.raises(InvalidInputError):
        desk.commands.retry_mail(admin, c.RetryMail(mail.id))  # sent: nothing to retry


def test_a_mail_with_an_html_body_goes_as_text_with_an_html_alternative(
    platform: Platform, clock: FakeClock, server: tuple[Recorder, int]
) -> None:
    with db(platform).transaction() as tx:
        html = "<p>Tugas baru: <strong>Aplikasi Sekolah</strong></p>"
        enqueue(
            tx,
            Mail("budi@example.go.id", "Tugas baru", "Tugas baru: Aplikasi Sekolah", "html", html),
            clock.now,
        )
    sender(platform, clock).deliver(db(platform))
    [mail] = server[0].wait_for(1)
    assert mail.get_content_type() == "multipart/alternative"
    text, rich = mail.iter_parts()
    assert (text.get_content_type(), text.get_content_charset()) == ("text/plain", "utf-8")
    assert (
        rich.get_content_type() == "text/html" and "<strong>Aplikasi Sekolah</strong>" in rich.get_content()
    )


def test_a_permanent_refusal_fails_the_mail_at_once(
    platform: Platform, clock: FakeClock, server: tuple[Recorder, int]
) -> None:
    server[0].refusals = ["554 5.7.1 rejected"]
    with db(platform).transaction() as tx:
        enqueue(tx, Mail("budi@example.go.id", "Uji", "isi", cause="permanent"), clock.now)
    sender(platform, clock).deliver(db(platform))
    [mail] = Outbox(db(platform), clock).recent()
    assert (mail.state, mail.attempts, mail.last_error) == ("failed", 1, "554 5.7.1 rejected")


def test_no_server_listening_is_a_failed_attempt_retried_later(platform: Platform, clock: FakeClock) -> None:
    assert platform.settings.smtp is not None
    nowhere = Sender(replace(platform.settings.smtp, port=1), clock)
    with db(platform).transaction() as tx:
        enqueue(tx, Mail("budi@example.go.id", "Uji", "isi", cause="nowhere"), clock.now)
    assert nowhere.deliver(db(platform)) == 0
    [mail] = Outbox(db(platform), clock).recent()
    assert (mail.state, mail.attempts) == ("retrying", 1)
    assert mail.last_error and "ConnectionRefusedError" in mail.last_error


@pytest.fixture
def shared(store: Settings, server: tuple[Recorder, int]) -> Iterator[tuple[Settings, str]]:
    """A whole platform on the test's store (its own database on PostgreSQL) with one tenant."""
    with Platform(store) as made:
        slug = random_slug("kill")
        made.create_tenant(slug, name="Diskominfo Uji", variant_id=SOP[0], timezone="Asia/Makassar")
    yield store, slug


def test_a_sender_killed_mid_batch_sends_nothing_twice_and_loses_nothing(
    shared: tuple[Settings, str], server: tuple[Recorder, int]
) -> None:
    store, slug = shared
    recorder, port = server
    total, killed_at = 12, 5
    with Platform(store) as made:
        tenant_db = made.services.projector(made.tenant(slug)).db
        create_tables(tenant_db)
        now = datetime.now(UTC)
        with tenant_db.transaction() as tx:
            for number in range(total):
                mail = Mail(
                    f"pegawai{number}@example.go.id", f"Pemberitahuan {number}", "isi", f"kill:{number}"
                )
                enqueue(tx, mail, now + timedelta(microseconds=number))
    env = {**os.environ, "ALUR_DATA_DIR": str(store.data_dir), "ALUR_SMTP_HOST": "127.0.0.1",
           "ALUR_SMTP_PORT": str(port), "ALUR_SMTP_STARTTLS": "no", "ALUR_SMTP_FROM": FROM}  # fmt: skip
    if store.database_url:
        env["ALUR_DATABASE_URL"] = store.database_url
    else:
        env.pop("ALUR_DATABASE_URL", None)
    command = [ALUR, "mail", "run", "--batch", str(total), "--lease", "2", "--poll", "0.2"]
    log = (store.data_dir / "sender.log").open("wb")
    first = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)

    def kill_while_waiting(seen: int) -> str | None:
        # The sender waits for the answer to this message: killed now, it never learns of it,
        # and the server never accepts it. The batch is half done.
        if seen != killed_at + 1:
            return None
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        return "421 4.3.2 shutting down"

    recorder.before_reply = kill_while_waiting
    recorder.refusals = []
    first.wait(timeout=60)
    assert first.returncode == -signal.SIGKILL
    recorder.before_reply = None
    assert len(recorder.accepted) == killed_at  # the kill landed inside the batch: 5 of 12 sent
    with Platform(store) as made:
        rows = Outbox(made.services.projector(made.tenant(slug)).db, lambda: datetime.now(UTC)).recent()
    assert sum(row.state == "sent" for row in rows) == killed_at  # each recorded right after its 250

    second = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        recorder.wait_for(total, timeout=30)  # the claims of the killed sender expired, taken again
        with Platform(store) as made:  # until the second sender has recorded its last 250
            outbox = Outbox(made.services.projector(made.tenant(slug)).db, lambda: datetime.now(UTC))
            deadline = time.monotonic() + 30
            while sum(row.state == "sent" for row in outbox.recent()) < total and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
        log.close()
    ids = recorder.message_ids()
    assert len(ids) == total and len(set(ids)) == total  # every mail, none twice
    with Platform(store) as made:
        rows = Outbox(made.services.projector(made.tenant(slug)).db, lambda: datetime.now(UTC)).recent()
    assert sorted(row.message_id for row in rows) == sorted(ids)
    assert all(row.state == "sent" and row.attempts == 1 for row in rows)


def test_the_sender_runs_inside_the_web_app_in_the_embedded_default(
    settings: Settings, clock: FakeClock, server: tuple[Recorder, int]
) -> None:
    from starlette.testclient import TestClient

    from web.app import create_app

    smtp = SmtpSettings("127.0.0.1", server[1], starttls=False, sender=FROM)
    made = Platform(replace(settings, smtp=smtp, mail_sender="serve"), clock)  # as ALUR_MAIL_SENDER unset
    assert made.settings.mail_sender == "serve"
    slug = random_slug("serve")
    try:
        made.create_tenant(slug, name="Diskominfo Uji", variant_id=SOP[0], timezone="Asia/Makassar")
        made.service(slug).create_user("admin", PASSWORD, hash_password=lambda _p: _hash, roles=["admin"],
                                       sop=SOP, actor="admin")  # fmt: skip
        desk = made.desk(made.tenant(slug))
        with TestClient(create_app(made)):  # its lifespan starts the sender
            desk.commands.set_email(actor(desk, "admin", clock), c.SetEmail("admin", "admin@example.go.id"))
            [mail] = server[0].wait_for(1, timeout=20)
        assert mail["To"] == "admin@example.go.id"
    finally:
        made.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, "t_" + slug.replace("-", "_"))


def test_the_mail_commands_of_the_shell(alur_cli: Alur) -> None:
    assert alur_cli(CREATE_SUMBAWA)[0] == 0
    password = "kata-sandi-budi"
    code, _ = alur_cli("user create --tenant sumbawa budi --role kasi-aplikasi --password-stdin", password)
    assert code == 0
    code, out = alur_cli("mail set-email --tenant sumbawa budi budi@example.go.id")
    assert (code, out) == (
        0,
        "email budi: budi@example.go.id — tautan konfirmasi dikirim / confirmation link sent\n",
    )
    code, out = alur_cli("mail outbox --tenant sumbawa --state waiting")
    assert code == 0 and out.startswith("waiting: 1  retrying: 0  sent: 0  failed: 0\n")
    assert "budi@example.go.id  Konfirmasi alamat email Anda untuk Alur · DKISP Sumbawa" in out
    code, out = alur_cli("mail set-email --tenant sumbawa budi budi-at-example")
    assert code == 1 and "not a valid email address" in out
    code, out = alur_cli("mail run")
    assert code == 2 and "ALUR_SMTP_HOST" in out


def test_a_read_model_creates_the_outbox_where_no_desk_did_and_enqueues_in_its_batch(
    shared: tuple[Settings, str],
) -> None:
    store, slug = shared
    with Platform(store) as made:  # as the projection worker: a projector, never a desk
        tenant_db = made.services.projector(made.tenant(slug)).db
        with tenant_db.transaction() as tx:
            create_outbox(tx)
            create_outbox(tx)  # idempotent, as a projection's `create` is
            batch = BatchTx(tx)
            assert enqueue(
                batch, Mail("kadis@example.go.id", "Tugas baru", "isi", "notice:1"), datetime.now(UTC)
            )
            batch.flush()
        assert [row.cause for row in Outbox(tenant_db, lambda: datetime.now(UTC)).recent()] == ["notice:1"]
