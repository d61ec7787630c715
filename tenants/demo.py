"""The demo: six demo tenants, one per SOP variant, and one request walked through each.

It runs on the platform it is given (`alur demo` and `alur serve --demo` build it from
`ALUR_DATABASE_URL` / `ALUR_DATA_DIR`), through the tenants' command handlers like every
other door: the set-up as the operator `demo`, each step as the
demo user who holds it (an `Actor` read from the people read model), with a simulated clock
so the deadlines and lateness are meaningful.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import structlog

from domain import commands as c
from domain.actor import Actor, operator
from domain.documents import Upload
from domain.errors import NotFoundError
from domain.mutu_baku import outside_references, records_of, submission_references
from domain.request_view import RequestDetail
from domain.sop import Variant
from projections.desk import Desk
from projections.queries import Paging
from tenants.model import Tenant
from tenants.sample_pdf import sample_pdf

if TYPE_CHECKING:  # the demo is given a platform (adapters/composition.py); it builds none
    from adapters.composition import Platform

log = structlog.get_logger("alur")

CONFIRM_LINK = re.compile(r"https?://\S+/email/(\S+)")
DEMO_TENANTS = (
    Tenant("cirebon", "Dinas Komunikasi, Informatika dan Statistik Kota Cirebon", "Kota Cirebon",
           "Asia/Jakarta", "cirebon-2019"),
    Tenant("sumbawa", "Dinas Komunikasi Informatika Statistik dan Persandian Kabupaten Sumbawa",
           "Kabupaten Sumbawa", "Asia/Makassar", "sumbawa-2021"),
    Tenant("tangerang-selatan", "Dinas Komunikasi dan Informatika Kota Tangerang Selatan",
           "Kota Tangerang Selatan", "Asia/Jakarta", "tangerang-selatan-2017"),
    Tenant("muara-enim", "Dinas Komunikasi dan Informatika Kabupaten Muara Enim",
           "Kabupaten Muara Enim", "Asia/Jakarta", "muara-enim-2021-mandiri"),
    Tenant("muara-enim-pengembang", "Dinas Komunikasi dan Informatika Kabupaten Muara Enim (Pengembang)",
           "Kabupaten Muara Enim", "Asia/Jakarta", "muara-enim-2021-pengembang"),
    Tenant("aplikasi-database", "Dinas Komunikasi dan Informatika (SOP Pembuatan Aplikasi Database)",
           "Kabupaten (tidak disebut)", "Asia/Jakarta", "aplikasi-database-2013"),
)  # fmt: skip


class DemoClock:
    """Simulated time: each action moves it on by part of the step's time standard.

    With `now` None it is the real clock, which is what a demo server runs on once the demo
    history has been written.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now if self.now is not None else datetime.now(UTC)


# The demo's people are registered before its first letter arrives (their roles are in force
# from then on: a step is done only by one who holds its role at that moment).
DEMO_SETUP = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def provision_demo_tenants(platform: Platform) -> None:
    """Register the six demo tenants on their SOPs, unless they exist already."""
    existing = {tenant.slug for tenant in platform.tenants()}
    for tenant in DEMO_TENANTS:
        if tenant.slug not in existing:
            platform.create_tenant(
                tenant.slug,
                name=tenant.name,
                variant_id=tenant.variant_id,
                timezone=tenant.timezone,
                region=tenant.region,
                actor=operator(tenant.slug, "demo").username,
            )


DEMO_PASSWORD = "alur-demo-2026"
DEMO_OPD = ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu")


def demo_logins(variant: Variant) -> list[tuple[str, str, str | None]]:
    """(username, role, OPD) of each demo user: one per SOP role, plus admin and auditor."""
    logins: list[tuple[str, str, str | None]] = [("admin", "admin", None), ("auditor", "auditor", None)]
    for role in variant.roles:
        if role.id == variant.requester_role:
            logins.append((f"{role.id}-{DEMO_OPD[0].lower()}", role.id, DEMO_OPD[0]))
        else:
            logins.append((role.id, role.id, None))
    return logins


def demo_username(variant: Variant, role: str) -> str:
    return next((name for name, held, _ in demo_logins(variant) if held == role), role)


def provision_demo_users(platform: Platform) -> None:
    """The demo OPD and a user for every role of each demo tenant (password DEMO_PASSWORD)."""
    for demo_tenant in DEMO_TENANTS:
        tenant = platform.tenant(demo_tenant.slug)
        desk = platform.desk(tenant)
        admin = operator(tenant.slug, "demo")
        if DEMO_OPD[0] not in {opd.code for opd in desk.queries.opds(admin)}:
            desk.commands.create_opd(admin, c.CreateOpd(*DEMO_OPD))
        existing = {user.username for user in desk.queries.admin(admin, platform.services.clock()).users}
        for username, role, opd in demo_logins(desk.queries.sop(admin)):
            if username not in existing:
                # an address under the reserved .example domain: its confirmation mail waits in
                # the demo's outbox page (Admin → Surat keluar), as no mail server is set
                email = f"{username}@{demo_tenant.slug}.alur.example"
                command = c.CreateUser(username, DEMO_PASSWORD, (role,), f"Demo {role}", opd=opd, email=email)
                desk.commands.create_user(admin, command)
                if username != "auditor":  # the others follow their link: their notices are mailed
                    confirm_from_outbox(desk, admin, email)


def confirm_from_outbox(desk: Desk, admin: Actor, email: str) -> None:
    """What a demo user does with the confirmation mail waiting in the outbox: follow its link."""
    for mail in desk.queries.outbox(admin).mails:
        found = CONFIRM_LINK.search(mail.body_text) if mail.recipient == email else None
        if found is not None:
            desk.commands.confirm_email(c.ConfirmEmail(found.group(1)))
            return


def provision_demo(platform: Platform, clock: DemoClock) -> None:
    """Demo tenants, users, and in a tenant without requests one finished and one in flight.

    Safe to run at every start of a demo server: existing data is left as it is.
    """
    clock.now = DEMO_SETUP
    provision_demo_tenants(platform)
    provision_demo_users(platform)
    for demo_tenant in DEMO_TENANTS:
        tenant = platform.tenant(demo_tenant.slug)
        desk = platform.desk(tenant)
        if desk.queries.requests(operator(tenant.slug, "demo"), clock(), paging=Paging(limit=1)).total:
            continue
        clock.now = datetime(2026, 3, 16, 8, 0, tzinfo=ZoneInfo(tenant.timezone))
        walk_one_request(desk, tenant, clock)
        flight = walk_one_request(desk, tenant, clock, steps=3, title="Aplikasi Sistem Informasi Kepegawaian")
        discuss(desk, tenant, clock, flight)
    clock.now = None


def discuss(desk: Desk, tenant: Tenant, clock: DemoClock, request: RequestDetail) -> None:
    """A short discussion on the request in flight: the official at its step asks the requester,
    who answers mentioning them (both are told of it)."""
    variant = desk.queries.variant(tenant.variant_id, tenant.variant_version)
    role = request.active_role
    if role is None or role == variant.requester_role:
        role = next(r.id for r in variant.roles if r.id != variant.requester_role)
    official, requester = demo_username(variant, role), demo_username(variant, variant.requester_role)
    said = [(official, f"Mohon @{requester} melengkapi perkiraan jumlah pengguna aplikasinya."),
            (requester, f"Sekitar 250 pegawai di 12 unit kerja, @{official}. Rinciannya kami kirim besok.")]
    for username, text in said:
        clock.now = clock() + timedelta(minutes=20)
        desk.commands.comment(_demo_actor(desk, username, clock), c.WriteComment(request.id, text))


DEMO_REFERENCE = "DEMO/2026 (berkas kertas)"


def walk_one_request(
    desk: Desk, tenant: Tenant, clock: DemoClock, steps: int | None = None, title: str = ""
) -> RequestDetail:
    """Submit a request and take it along the main path ("ya" at every decision), each step by
    the demo user who holds it (the appointee where the SOP names one).

    With `steps`, stop after that many steps have been taken, leaving the request in flight.
    """
    variant = desk.queries.variant(tenant.variant_id, tenant.variant_version)
    title = title or f"Aplikasi Layanan Perizinan Terpadu ({tenant.region})"
    pdf = sample_pdf("Surat Permohonan Pembuatan Aplikasi", "Nomor 500/017/DPMPTSP/2026", title,
                     "(contoh demo)")  # fmt: skip
    letter = c.SubmitRequest(
        title=title,
        purpose="Mempercepat layanan perizinan bagi masyarakat",
        letter_number="500/017/DPMPTSP/2026",
        letter_date="2026-03-13",
        letter=Upload("surat-permohonan-500-017.pdf", pdf, "letter"),
        references=submission_references(variant, DEMO_REFERENCE),
    )
    requester = _demo_actor(desk, demo_username(variant, variant.requester_role), clock)
    request = desk.commands.submit(requester, letter)
    with structlog.contextvars.bound_contextvars(request_id=request.id):
        log.info("permohonan.diajukan", variant=variant.id, version=variant.version)
        while not request.is_finished and (steps is None or len(request.steps_taken) < steps):
            step = variant.step(request.active_step or 0)
            _advance(clock, request)
            role = request.active_role or step.role
            user = request.appointee(variant) or demo_username(variant, role)  # the appointee's own step
            decision = "ya" if step.decision else None
            records = records_of(request.steps_taken, request.pauses)
            command = c.CompleteStep(
                request_id=request.id,
                step=step.number,
                decision=decision,
                assignee=_assignee(variant, step.number) if step.assigns else None,
                deadline=clock() + timedelta(days=30) if step.sets_deadline_for else None,
                note="demo",
                expected_version=request.version,
                # the demo's documents were all handed over on paper: a reference for each
                references=outside_references(variant, step, records, decision, DEMO_REFERENCE),
            )
            request = desk.commands.act(_demo_actor(desk, user, clock), command)
            log.info("langkah.selesai", step=step.number, role=role, status=request.status)
    return request


def _demo_actor(desk: Desk, username: str, clock: DemoClock) -> Actor:
    actor = desk.queries.actor(username, clock())
    if actor is None:
        raise NotFoundError(f"pengguna demo {username!r} tidak ada", f"no demo user {username!r}")
    return actor


def _advance(clock: DemoClock, request: RequestDetail) -> None:
    """Spend 60% of the allowed time, or an hour where the step has no time standard."""
    if request.active_due is not None and request.active_since is not None:
        clock.now = request.active_since + (request.active_due - request.active_since) * 0.6
    else:
        clock.now = clock() + timedelta(hours=1)


def _assignee(variant: Variant, number: int) -> str:
    """The demo user of the role whose steps the person appointed here does (else of the next
    step's role): the one an assigning step appoints."""
    following = [step for step in variant.steps if step.appointee_of == number]
    following = following or [step for step in variant.steps if step.number > number]
    return demo_username(variant, following[0].role) if following else "petugas"


def describe(desk: Desk, tenant: Tenant, request: RequestDetail, quiet: bool = False) -> str:
    """The request's history and deadlines as a readable table."""
    zone = ZoneInfo(tenant.timezone)
    variant = desk.queries.variant(request.variant_id, request.variant_version)
    lines = [
        "",
        f"== {tenant.name} ({tenant.slug}) — SOP {variant.id} versi {variant.version}",
        f"   Permohonan {request.id}: {request.title} — status: {request.status}",
    ]
    if quiet:
        return "\n".join(lines)
    lines.append(f"   {'No':>3}  {'Peristiwa':<20} {'Pelaksana':<26} {'Selesai':<17} {'Tenggat':<17} Ket.")
    for taken in request.steps_taken:
        due = taken.due_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if taken.due_at else "-"
        lines.append(
            f"   {taken.number:>3}  {taken.event:<20} {variant.role_name(taken.role)[:26]:<26} "
            f"{taken.ended_at.astimezone(zone):%Y-%m-%d %H:%M} {due:<17} "
            f"{'TERLAMBAT' if taken.late else 'tepat waktu'}{' ' + taken.decision if taken.decision else ''}"
        )
    _, history = desk.queries.history(operator(tenant.slug, "demo"), request.id)
    lines.append(f"   Peristiwa tersimpan: {len(history)}")
    return "\n".join(lines)
