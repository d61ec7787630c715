"""The notices' mail on SQLite and real PostgreSQL, delivered to a real local SMTP server: a step
reaching an official sends them one mail, in their language, once, however often the job runs
and even after the notices are rebuilt; a digest collects a day's notices after closing time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime

import pytest

from adapters.config import Settings, SmtpSettings
from adapters.mail import create_tables
from adapters.mail_sender import Policy, Sender, tell
from projections import notice_mail
from projections.notice_mail import Office
from projections.outbox import outbox_rows
from tests import pg
from tests.conftest import FakeClock
from tests.integration.test_notices import people
from tests.integration.test_projections import WITA, World, open_world
from tests.smtp import Recorder, smtp_server

FROM = "Alur Diskominfo <alur@kominfo.example.go.id>"
PUBLIC = "https://alur.kominfo.example.go.id"


@pytest.fixture
def server() -> Iterator[tuple[Recorder, int]]:
    with smtp_server() as running:
        yield running


@pytest.fixture
def world(settings: Settings, clock: FakeClock) -> Iterator[World]:
    services, tenant, service = open_world(settings, clock)
    try:
        made = World(services, tenant, service, services.projector(tenant), clock)
        create_tables(made.projector.db)  # the outbox and how each notice was mailed
        yield made
    finally:
        services.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, tenant.schema)


def confirmed(world: World, username: str, email: str) -> None:
    world.service.change_email(username, email, actor="admin")
    world.service.confirm_email(username, email)


def job(world: World, server: tuple[Recorder, int]) -> int:
    """One pass of the mail job at the world's moment: notices into mail, then delivery."""
    office = Office(world.tenant.slug, PUBLIC, world.projector.calendar)
    written = tell(world.projector.db, office, world.clock())
    sender = Sender(SmtpSettings("127.0.0.1", server[1], starttls=False, sender=FROM), world.clock, Policy())
    sender.deliver(world.projector.db, world.tenant.slug)
    return written


def test_a_step_reaching_an_official_sends_one_mail_with_its_words_and_link(
    world: World, server: tuple[Recorder, int]
) -> None:
    people(world)
    confirmed(world, "budi", "budi@kominfo.example.go.id")
    world.service.change_email("wakil", "wakil@kominfo.example.go.id", actor="admin")  # never confirmed
    request_id = world.submit()  # Tuesday 17 March 2026, 10:00 WITA: step 2 (kadis), 1 hari kerja
    world.clock.advance(minutes=1)
    assert job(world, server) == 1
    [mail] = server[0].wait_for(1)
    assert mail["From"] == FROM
    assert mail["To"] == "budi@kominfo.example.go.id"
    assert mail["Subject"] == "Tugas baru: Aplikasi Perizinan (500/017/2026)"
    assert mail["Auto-Submitted"] == "auto-generated"
    assert parsedate_to_datetime(mail["Date"]) == world.clock()
    assert re.fullmatch(r"<[0-9a-f]{32}@alur\.invalid>", mail["Message-ID"])
    body = mail.get_content()
    print(f"\n{mail}")  # what the closing note quotes (pytest -s)
    assert body.startswith("Langkah 2 (")
    lines = body.splitlines()
    assert "Permohonan: Aplikasi Perizinan" in lines
    assert "Nomor surat: 500/017/2026" in lines
    assert any(line.startswith("Langkah: 2 · ") for line in lines)
    assert any(line.startswith("Tenggat: Rabu, 25 Maret 2026 10.00 WITA") for line in lines), body
    assert f"Buka: {PUBLIC}/t/{world.tenant.slug}/requests/{request_id}" in lines

    # Told once: the job again, and the notices rebuilt from zero, write nothing more.
    world.clock.advance(minutes=5)
    assert job(world, server) == 0
    world.projector.rebuild(["notices"])
    assert job(world, server) == 0
    assert len(server[0].accepted) == 1


def test_a_user_who_chose_english_gets_english_and_one_who_chose_none_gets_nothing(
    world: World, server: tuple[Recorder, int]
) -> None:
    people(world)
    confirmed(world, "budi", "budi@kominfo.example.go.id")
    confirmed(world, "wakil", "wakil@kominfo.example.go.id")
    world.service.set_own_details("budi", full_name=None, language="en", choices={}, actor="budi")
    world.service.set_own_details("wakil", full_name=None, language=None, choices={"arrived": "none"},
                                  actor="wakil")  # fmt: skip
    world.submit()
    assert job(world, server) == 1
    [mail] = server[0].wait_for(1)
    assert mail["To"] == "budi@kominfo.example.go.id"
    assert mail["Subject"] == "New task: Aplikasi Perizinan (500/017/2026)"
    body = mail.get_content()
    assert body.startswith("Step 2 (") and "Deadline: Wednesday, 25 March 2026 10:00 WITA" in body
    with world.projector.db.transaction(write=False) as tx:
        decided = {row["username"]: row["how"] for row in notice_mail.decisions(tx)}
    assert decided == {"budi": "mail", "wakil": "none"}


def test_a_digest_goes_out_once_after_closing_time_with_a_line_per_notice(
    world: World, server: tuple[Recorder, int]
) -> None:
    people(world)
    confirmed(world, "budi", "budi@kominfo.example.go.id")
    world.service.set_own_details("budi", full_name=None, language=None, choices={"arrived": "digest"},
                                  actor="budi")  # fmt: skip
    world.submit()
    world.clock.advance(hours=1)
    world.submit(title="Aplikasi Arsip Digital", letter_number="500/018/2026")
    world.clock.set(datetime(2026, 3, 17, 15, 59, tzinfo=WITA))  # Sumbawa closes at 16.00 WITA
    assert job(world, server) == 0
    world.clock.set(datetime(2026, 3, 17, 16, 0, tzinfo=WITA))
    assert job(world, server) == 1
    [mail] = server[0].wait_for(1)
    assert mail["Subject"] == "Alur: 2 pemberitahuan untuk Selasa, 17 Maret 2026"
    body = mail.get_content()
    assert "1. Tugas baru: Aplikasi Perizinan (500/017/2026)" in body
    assert "2. Tugas baru: Aplikasi Arsip Digital (500/018/2026)" in body
    world.clock.advance(days=1)
    assert job(world, server) == 0
    with world.projector.db.transaction(write=False) as tx:
        rows = outbox_rows(tx)
    assert [row.subject for row in rows if row.cause.startswith("digest:")] == [mail["Subject"]]


def test_notices_older_than_the_window_are_never_mailed(world: World, server: tuple[Recorder, int]) -> None:
    """A store from before mail (or a rebuilt one) does not send its history out."""
    people(world)
    confirmed(world, "budi", "budi@kominfo.example.go.id")
    world.submit()  # Tuesday 17 March 10:00: arrived now; overdue Wednesday 25 March 10:00 (Nyepi,
    # Idul Fitri and cuti bersama between)
    world.clock.set(datetime(2026, 3, 25, 10, 1, tzinfo=WITA))  # the arrival is 8 days old by then
    assert job(world, server) == 1
    [mail] = server[0].wait_for(1)
    assert mail["Subject"] == "Terlambat: Aplikasi Perizinan (500/017/2026)"
