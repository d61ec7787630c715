"""features/notices/pemberitahuan.feature, scenario by scenario, on SQLite and PostgreSQL: who is
told what and when, read from the read model "notices" as the pages and the mail sender read it."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from adapters.mail_sender import tell
from domain import commands as c
from domain.documents import Upload, check_upload
from domain.notices import reminder_at
from projections.desk import Desk
from projections.notices import Notice, count_notices, pending
from projections.outbox import OutboxRow, outbox_rows
from tests.bdd.platform_scenario import ADMIN, STEP_PAUSE, PlatformScenario, at
from tests.bdd.platform_steps import *  # noqa: F403  (the shared steps are fixtures of this module)

pytestmark = pytest.mark.usefixtures("platform_world")

scenarios("notices/pemberitahuan.feature")

WHO = '"{username}" dari Diskominfo "{label}"'


def notices_of(world: PlatformScenario, label: str, username: str, title: str | None = None) -> list[Notice]:
    """Every notice of the user not cancelled, told or still to come (of request `title`)."""
    world.checked()
    with world.projector(label).db.transaction(write=False) as tx:
        found = pending(tx, username)
    if title is None:
        return found
    request_id = str(world.request_id(title))
    return [notice for notice in found if notice.request_id == request_id]


def walk(world: PlatformScenario, title: str, last: int | None, appointee: str) -> None:
    """Each active step done by a holder of its role, STEP_PAUSE apart, until step `last` is
    active (None: to the end); the step that appoints names `appointee`."""
    label = world.owner(title)
    for _ in range(100):
        request = world.request(title)
        if request.active_step is None or request.active_step == last:
            return
        world.clock.advance(seconds=STEP_PAUSE.total_seconds())
        variant = world.variant_of(title)
        details = world.defaults(variant, request)
        if "assignee" in details:
            details["assignee"] = appointee
            details["on_behalf_of"] = None
        performer = world.performer(label, request, variant)
        appointed = request.appointee(variant)
        if appointed is not None and request.active_role in world.roles(label, appointed):
            performer, details["on_behalf_of"] = appointed, None
        world.act(label, performer, title, request.active_step, **details)
    pytest.fail(f"permohonan {title!r} tidak sampai ke langkah {last}")


WALKED = (
    'permohonan "{title}" diteruskan sampai langkah {number:d} dengan "{appointee}" ditunjuk pada langkah 4'
)


@given(parsers.parse(WALKED))
@when(parsers.parse(WALKED))
def walked_to(platform_world: PlatformScenario, title: str, number: int, appointee: str) -> None:
    walk(platform_world, title, number, appointee)


@when(
    parsers.parse(
        'permohonan "{title}" diteruskan sampai selesai dengan "{appointee}" ditunjuk pada langkah 4'
    )
)
def walked_to_the_end(platform_world: PlatformScenario, title: str, appointee: str) -> None:
    walk(platform_world, title, None, appointee)


@given(parsers.parse(WHO + ' telah menonaktifkan "{target}"'))
def deactivated(platform_world: PlatformScenario, username: str, label: str, target: str) -> None:
    platform_world.service(label).set_active(target, False, actor=ADMIN)


@when(parsers.parse(WHO + ' mengembalikan permohonan "{title}" karena "{missing}" belum lengkap'))
def returned(platform_world: PlatformScenario, username: str, label: str, title: str, missing: str) -> None:
    platform_world.service(label).return_file(platform_world.request_id(title), user=username,
                                              roles=platform_world.roles(label, username), missing=[missing],
                                              note="Belum ditandatangani")  # fmt: skip


@when(parsers.parse(WHO + ' melengkapi permohonan "{title}"'))
def resubmitted(platform_world: PlatformScenario, username: str, label: str, title: str) -> None:
    platform_world.clock.advance(hours=1)
    signed = check_upload(Upload("surat.pdf", b"%PDF-1.4 surat bertanda tangan"))
    service = platform_world.service(label)
    user = service.user(username, platform_world.clock())
    service.resubmit(platform_world.request_id(title), user=username, roles=user.roles, opd=user.opd,
                     note="Sudah", outputs=[signed.record()], documents=[signed])  # fmt: skip


@when(parsers.parse(WHO + ' membaca pemberitahuan tentang permohonan "{title}"'))
def reads_one(platform_world: PlatformScenario, username: str, label: str, title: str) -> None:
    desk = platform_world.platform.desk(platform_world.tenant(label))
    actor = desk.queries.actor(username, platform_world.clock())
    assert actor is not None
    notice = notices_of(platform_world, label, username, title)[0]
    desk.commands.read_notice(actor, c.ReadNotice(notice.id))


@when(parsers.parse(WHO + " menandai semua pemberitahuannya sudah dibaca"))
def reads_all(platform_world: PlatformScenario, username: str, label: str) -> None:
    desk = platform_world.platform.desk(platform_world.tenant(label))
    actor = desk.queries.actor(username, platform_world.clock())
    assert actor is not None
    desk.commands.read_all_notices(actor, c.ReadAllNotices())


# -- Maka -------------------------------------------------------------------------------------


@then(parsers.parse(WHO + ' diberi tahu "{kind}" tentang langkah {number:d} permohonan "{title}" pada '
                    '"{moment}" {zone}'))  # fmt: skip
def told_at(platform_world: PlatformScenario, username: str, label: str, kind: str, number: int, title: str,
            moment: str, zone: str) -> None:  # fmt: skip
    found = [(n.kind, n.step, n.due_at) for n in notices_of(platform_world, label, username, title)]
    assert (kind, number, at(moment, zone)) in found, found


@then(parsers.parse(WHO + ' diberi tahu "{kind}" tentang langkah {number:d} permohonan "{title}"'))
def told_of_step(platform_world: PlatformScenario, username: str, label: str, kind: str, number: int,
                 title: str) -> None:  # fmt: skip
    found = [(n.kind, n.step) for n in notices_of(platform_world, label, username, title)]
    assert (kind, number) in found, found


@then(parsers.parse(WHO + ' diberi tahu "{kind}" tentang permohonan "{title}"'))
def told_of(platform_world: PlatformScenario, username: str, label: str, kind: str, title: str) -> None:
    found = [n.kind for n in notices_of(platform_world, label, username, title)]
    assert kind in found, found


@then(parsers.parse(WHO + ' tidak diberi tahu apa pun tentang permohonan "{title}"'))
def not_told(platform_world: PlatformScenario, username: str, label: str, title: str) -> None:
    assert notices_of(platform_world, label, username, title) == []


@then(parsers.parse(WHO + ' tidak lagi menunggu pemberitahuan "{kind}" tentang permohonan "{title}"'))
def no_longer_waiting(
    platform_world: PlatformScenario, username: str, label: str, kind: str, title: str
) -> None:
    assert kind not in [n.kind for n in notices_of(platform_world, label, username, title)]


def shown(world: PlatformScenario, label: str, username: str, moment: datetime) -> list[str]:
    """The kinds of the user's notices shown at `moment` (told by then, not cancelled)."""
    return [n.kind for n in notices_of(world, label, username) if n.due_at <= moment]


@then(parsers.parse(WHO + ' belum melihat pemberitahuan "{kind}" pada "{moment}" {zone}'))
def not_yet_shown(platform_world: PlatformScenario, username: str, label: str, kind: str, moment: str,
                  zone: str) -> None:  # fmt: skip
    assert kind not in shown(platform_world, label, username, at(moment, zone))


@then(parsers.parse(WHO + ' melihat pemberitahuan "{kind}" pada "{moment}" {zone}'))
def is_shown(platform_world: PlatformScenario, username: str, label: str, kind: str, moment: str,
             zone: str) -> None:  # fmt: skip
    assert kind in shown(platform_world, label, username, at(moment, zone))


@then(parsers.parse(WHO + " melihat {count:d} pemberitahuan belum dibaca"))
def unread(platform_world: PlatformScenario, username: str, label: str, count: int) -> None:
    platform_world.checked()
    with platform_world.projector(label).db.transaction(write=False) as tx:
        assert count_notices(tx, username, platform_world.clock(), unread=True) == count


REMINDED = (
    'pengingat "{username}" untuk langkah {number:d} permohonan "{title}" muncul sehari kerja sebelum '
    "tenggatnya pada jam kantor"
)


@then(parsers.parse(REMINDED))
def reminder_a_working_day_before(
    platform_world: PlatformScenario, username: str, number: int, title: str
) -> None:
    label = platform_world.owner(title)
    found = [
        n
        for n in notices_of(platform_world, label, username, title)
        if (n.kind, n.step) == ("reminder", number)
    ]
    assert len(found) == 1 and found[0].deadline is not None
    calendar = platform_world.service(label).calendar
    assert found[0].due_at == reminder_at(calendar, found[0].deadline)
    local = found[0].due_at.astimezone(calendar.zone)
    assert (
        calendar.is_working_day(local.date())
        and local.date() < found[0].deadline.astimezone(calendar.zone).date()
    )


# -- mail ---------------------------------------------------------------------------------

CONFIRM_LINK = re.compile(r"https?://\S+/email/(\S+)")


def desk_of(world: PlatformScenario, label: str) -> Desk:
    return world.platform.desk(world.tenant(label))


def outbox(world: PlatformScenario, label: str) -> list[OutboxRow]:
    with world.projector(label).db.transaction(write=False) as tx:
        return [row for row in outbox_rows(tx, limit=1000) if not row.cause.startswith("email-confirm")]


def set_email(world: PlatformScenario, label: str, username: str, email: str) -> Desk:
    """The admin sets the user's address: a confirmation mail waits in the outbox."""
    desk = desk_of(world, label)
    admin = desk.queries.actor("admin", world.clock())
    assert admin is not None
    desk.commands.set_email(admin, c.SetEmail(username, email))
    return desk


@given(parsers.parse(WHO + ' memakai alamat surel "{email}" yang belum dikonfirmasi'))
def has_unconfirmed_email(platform_world: PlatformScenario, username: str, label: str, email: str) -> None:
    set_email(platform_world, label, username, email)


@given(parsers.parse(WHO + ' memakai alamat surel "{email}" yang telah dikonfirmasi'))
def has_confirmed_email(platform_world: PlatformScenario, username: str, label: str, email: str) -> None:
    """… and the user follows the link the confirmation mail carries."""
    desk = set_email(platform_world, label, username, email)
    with platform_world.projector(label).db.transaction(write=False) as tx:
        [mail] = [row for row in outbox_rows(tx, limit=1000)
                  if row.recipient == email and row.cause.startswith("email-confirm")]  # fmt: skip
    found = CONFIRM_LINK.search(mail.body_text)
    assert found is not None, mail.body_text
    assert desk.commands.confirm_email(c.ConfirmEmail(found.group(1))).email_confirmed


@given(parsers.parse(WHO + ' memilih "{choice}" untuk pemberitahuan "{kind}"'))
def chooses(platform_world: PlatformScenario, username: str, label: str, choice: str, kind: str) -> None:
    desk = desk_of(platform_world, label)
    user = desk.queries.actor(username, platform_world.clock())
    assert user is not None
    desk.commands.set_own_details(user, c.SetOwnDetails(username, choices={kind: choice}))


@when(parsers.parse('surel Diskominfo "{label}" diproses pada "{moment}" {zone}'))
def mail_job(platform_world: PlatformScenario, label: str, moment: str, zone: str) -> None:
    """The mail job's pass (`alur serve`'s thread, or `alur mail run`) at that moment."""
    platform_world.clock.set(at(moment, zone))
    slug = platform_world.slugs[label]
    for found, db, office in platform_world.platform.mail_stores():
        if found == slug:  # its desk made the mail tables
            tell(db, office, platform_world.clock())


@then(parsers.parse('ada {count:d} surel untuk "{email}" berjudul "{subject}"'))
def mailed(platform_world: PlatformScenario, count: int, email: str, subject: str) -> None:
    rows = [row for label in platform_world.slugs for row in outbox(platform_world, label)]
    found = [row for row in rows if row.recipient == email and row.subject == subject]
    assert len(found) == count, [(row.recipient, row.subject) for row in rows]
    if found:
        platform_world.last_mail = found[-1]  # type: ignore[attr-defined]


@then(parsers.parse('surel itu menyebut "{text}" dan tautan ke permohonan "{title}"'))
def mail_says(platform_world: PlatformScenario, text: str, title: str) -> None:
    mail: OutboxRow = platform_world.last_mail  # type: ignore[attr-defined]
    label = platform_world.owner(title)
    link = f"/t/{platform_world.slugs[label]}/requests/{platform_world.request_id(title)}"
    assert text in mail.body_text and link in mail.body_text, mail.body_text


@then(parsers.parse('tidak ada surel untuk "{email}" berjudul "{subject}"'))
def not_mailed_of(platform_world: PlatformScenario, email: str, subject: str) -> None:
    mailed(platform_world, 0, email, subject)


@then(parsers.parse('tidak ada surel untuk "{email}"'))
def not_mailed(platform_world: PlatformScenario, email: str) -> None:
    rows = [row for label in platform_world.slugs for row in outbox(platform_world, label)]
    assert [row.subject for row in rows if row.recipient == email] == []
