"""The demo: six demo tenants, one per SOP variant, and one request walked through each.

It runs on whatever `ALUR_DATABASE_URL` / `ALUR_DATA_DIR` point at, against the real
application service, with a simulated clock so the deadlines and lateness are meaningful.
"""

from __future__ import annotations

from datetime import datetime, timedelta
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
    """Simulated time: each action moves it on by part of the step's time standard."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def run_demo(settings: Settings | None = None, quiet: bool = False) -> int:
    """Provision the demo tenants, walk one request per variant, print history and deadlines."""
    settings = settings or Settings.from_env()
    clock = DemoClock(datetime(2026, 3, 16, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    where = settings.database_url or settings.data_dir
    print(f"Alur demo — penyimpanan / store: {settings.backend} ({where})")
    with Platform(settings, clock) as platform:
        provision_demo_tenants(platform)
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


def walk_one_request(service: RequestService, tenant: Tenant, clock: DemoClock) -> Request:
    """Submit a request and take it along the main path ("ya" at every decision)."""
    variant = service.variant(tenant.variant_id, tenant.variant_version)
    request_id = service.submit(
        variant.id,
        variant.version,
        user="demo-opd",
        roles=[variant.first_step.role, variant.requester_role],
        title=f"Aplikasi Layanan Perizinan Terpadu ({tenant.region})",
        purpose="Mempercepat layanan perizinan bagi masyarakat",
        letter_number="500/017/DPMPTSP/2026",
        letter_date="2026-03-13",
        opd="DPMPTSP",
    )
    with structlog.contextvars.bound_contextvars(request_id=str(request_id)):
        log.info("permohonan.diajukan", variant=variant.id, version=variant.version)
        request = service.get(request_id)
        while not request.is_finished:
            step = variant.step(request.active_step or 0)
            _advance(clock, request)
            role = request.active_role or step.role
            request = service.act(
                request_id,
                step.number,
                user=f"demo-{role}",
                roles=[role],
                decision="ya" if step.decision else None,
                assignee=f"demo-{_assignee_role(variant, step.number)}" if step.assigns else None,
                deadline=clock.now + timedelta(days=30) if step.sets_deadline_for else None,
                note="demo",
            )
            log.info("langkah.selesai", step=step.number, role=role, status=request.status)
    return request


def _advance(clock: DemoClock, request: Request) -> None:
    """Spend 60% of the allowed time, or an hour where the step has no time standard."""
    if request.active_due is not None and request.active_since is not None:
        clock.now = request.active_since + (request.active_due - request.active_since) * 0.6
    else:
        clock.now = clock.now + timedelta(hours=1)


def _assignee_role(variant: Variant, number: int) -> str:
    following = [step for step in variant.steps if step.number > number]
    return following[0].role if following else "petugas"


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
