"""The demo: six demo tenants, one per SOP variant, and one request walked through each.

It runs on whatever `ALUR_DATABASE_URL` / `ALUR_DATA_DIR` point at, against the real
application service, with a simulated clock so the deadlines and lateness are meaningful.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import structlog

from adapters.config import Settings
from adapters.logging import log
from adapters.platform import Platform
from domain.request import Request
from domain.service import RequestService
from domain.sop import Variant
from tenants.model import Tenant

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


def run_demo(settings: Settings | None = None, quiet: bool = False) -> int:
    """Provision the demo tenants, walk one request per variant, print history and deadlines."""
    settings = settings or Settings.from_env()
    clock = DemoClock(datetime(2026, 3, 16, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    where = settings.database_url or settings.data_dir
    print(f"Alur demo — penyimpanan / store: {settings.backend} ({where})")
    with Platform(settings, clock) as platform:
        provision_demo_tenants(platform)
        provision_demo_users(platform)
        for demo_tenant in DEMO_TENANTS:
            tenant = platform.tenant(demo_tenant.slug)
            service = platform.service(tenant.slug)
            clock.now = datetime(2026, 3, 16, 8, 0, tzinfo=ZoneInfo(tenant.timezone))
            with structlog.contextvars.bound_contextvars(tenant=tenant.slug):
                request = walk_one_request(service, tenant, clock)
            print(describe(service, tenant, request, quiet))
    return 0


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
                actor="demo",
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
    from adapters.passwords import hash_password

    for demo_tenant in DEMO_TENANTS:
        tenant = platform.tenant(demo_tenant.slug)
        service = platform.service(tenant.slug)
        if DEMO_OPD[0] not in {opd.code for opd in service.opds()}:
            service.create_opd(*DEMO_OPD, actor="demo")
        existing = {user.username for user in service.users()}
        sop = (tenant.variant_id, tenant.variant_version)
        for username, role, opd in demo_logins(service.variant(*sop)):
            if username not in existing:
                service.create_user(
                    username, DEMO_PASSWORD, hash_password=hash_password, roles=[role], sop=sop,
                    actor="demo", full_name=f"Demo {role}", opd=opd,
                )  # fmt: skip


def provision_demo(platform: Platform, clock: DemoClock) -> None:
    """Demo tenants, users, and in a tenant without requests one finished and one in flight.

    Safe to run at every start of a demo server: existing data is left as it is.
    """
    provision_demo_tenants(platform)
    provision_demo_users(platform)
    for demo_tenant in DEMO_TENANTS:
        tenant = platform.tenant(demo_tenant.slug)
        service = platform.service(tenant.slug)
        if next(iter(service.request_ids()), None) is not None:
            continue
        clock.now = datetime(2026, 3, 16, 8, 0, tzinfo=ZoneInfo(tenant.timezone))
        walk_one_request(service, tenant, clock)
        walk_one_request(service, tenant, clock, steps=3, title="Aplikasi Sistem Informasi Kepegawaian")
    clock.now = None


def walk_one_request(
    service: RequestService, tenant: Tenant, clock: DemoClock, steps: int | None = None, title: str = ""
) -> Request:
    """Submit a request and take it along the main path ("ya" at every decision).

    With `steps`, stop after that many steps have been taken, leaving the request in flight.
    """
    variant = service.variant(tenant.variant_id, tenant.variant_version)
    request_id = service.submit(
        variant.id,
        variant.version,
        user=demo_username(variant, variant.requester_role),
        roles=[variant.first_step.role, variant.requester_role],
        title=title or f"Aplikasi Layanan Perizinan Terpadu ({tenant.region})",
        purpose="Mempercepat layanan perizinan bagi masyarakat",
        letter_number="500/017/DPMPTSP/2026",
        letter_date="2026-03-13",
        opd="DPMPTSP",
    )
    with structlog.contextvars.bound_contextvars(request_id=str(request_id)):
        log.info("permohonan.diajukan", variant=variant.id, version=variant.version)
        request = service.get(request_id)
        while not request.is_finished and (steps is None or len(request.steps_taken) < steps):
            step = variant.step(request.active_step or 0)
            _advance(clock, request)
            role = request.active_role or step.role
            request = service.act(
                request_id,
                step.number,
                user=request.appointee(variant) or demo_username(variant, role),  # the appointee's own step
                roles=[role],
                decision="ya" if step.decision else None,
                assignee=_assignee(variant, step.number) if step.assigns else None,
                deadline=clock() + timedelta(days=30) if step.sets_deadline_for else None,
                note="demo",
            )
            log.info("langkah.selesai", step=step.number, role=role, status=request.status)
    return request


def _advance(clock: DemoClock, request: Request) -> None:
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


def describe(service: RequestService, tenant: Tenant, request: Request, quiet: bool = False) -> str:
    """The request's history and deadlines as a readable table."""
    zone = ZoneInfo(tenant.timezone)
    variant = service.variant(request.variant_id, request.variant_version)
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
    lines.append(f"   Peristiwa tersimpan: {len(service.history(request.id))}")
    return "\n".join(lines)
