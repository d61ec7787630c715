"""`alur projections …` and the read commands (`alur inbox`, `requests`, `audit`, `sla`).

The read commands read the read models, not the event log: what they print is what the web
shows. In the default inline mode those are current after every command; with
`ALUR_PROJECTIONS=worker` they are as current as the worker.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from adapters.cli.people import parse_moment, tenant_desk
from adapters.composition import Platform
from adapters.config import Settings
from adapters.logging import configure_logging
from adapters.projection_worker import ProjectionWorker
from domain.errors import NotFoundError
from projections import audit_export
from projections.audit import AuditFilter, request_given
from projections.audit_export import to_json_document
from projections.engine import PROJECTION_NAMES, UnknownProjectionError
from projections.queries import MAX_LIMIT, Paging
from tenants.model import Tenant


def register_projection_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `projections run|rebuild|status` and the read commands to the `alur` parser."""
    group = commands.add_parser("projections", help="model baca / read models").add_subparsers()
    run = group.add_parser("run", help="pekerja proyeksi semua tenant / worker over all tenants")
    run.add_argument("--batch", type=int, default=500, help="peristiwa per transaksi / events per batch")
    run.add_argument("--rescan", type=float, default=30.0, help="detik antar pemindaian penuh")
    run.add_argument("--throttle-ms", type=float, default=0.0,
                     help="jeda per peristiwa (diagnosis, uji crash) / pause per event")  # fmt: skip
    run.set_defaults(handler=_run)
    rebuild = group.add_parser("rebuild", help="bangun ulang dari nol / rebuild from zero")
    rebuild.add_argument("--tenant", metavar="SLUG", help="satu tenant (default: semua) / one tenant")
    rebuild.add_argument("name", nargs="?", choices=PROJECTION_NAMES, metavar="NAME",
                         help=f"satu proyeksi / one of {', '.join(PROJECTION_NAMES)}")  # fmt: skip
    rebuild.set_defaults(handler=_rebuild)
    status = group.add_parser("status", help="posisi dan lag / position and lag")
    status.add_argument("--tenant", metavar="SLUG")
    status.set_defaults(handler=_status)

    inbox = _tenant_arg(commands.add_parser("inbox", help="kotak masuk pengguna / a user's inbox"))
    inbox.add_argument("username", metavar="USERNAME")
    inbox.set_defaults(handler=_inbox)
    listing = _tenant_arg(commands.add_parser("requests", help="daftar permohonan / list requests"))
    listing.add_argument("--status")
    listing.add_argument("--opd")
    listing.add_argument("--variant")
    listing.add_argument("--overdue", action="store_true", help="hanya yang terlambat / overdue only")
    listing.set_defaults(handler=_requests)
    audit = _tenant_arg(commands.add_parser("audit", help="jejak audit / audit trail"))
    audit.add_argument("--request", metavar="ID|TEKS", help="id, judul, nomor surat / id, title, letter")
    audit.add_argument("--actor", help="username, atau kata dari nama lengkap / or words of the full name")
    audit.add_argument("--role", help="id peran atau kata dari namanya / a role id or words of its name")
    audit.add_argument("--type", metavar="EVENT")
    audit.add_argument("--since", metavar="ISO")
    audit.add_argument("--until", metavar="ISO")
    audit.add_argument("--format", choices=("text", "csv", "json"), default="text")
    audit.add_argument("--lang", choices=("id", "en"), default="id", help="bahasa CSV / the CSV's language")
    audit.set_defaults(handler=_audit)
    sla = _tenant_arg(commands.add_parser("sla", help="target dan realisasi / SLA report"))
    sla.add_argument("--variant")
    sla.set_defaults(handler=_sla)


def _tenant_arg(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--tenant", required=True, metavar="SLUG")
    return parser


# -- projections ----------------------------------------------------------------------------


def _run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    configure_logging(json=settings.log_format == "json" or bool(getattr(args, "log_json", False)))
    throttle = args.throttle_ms / 1000.0
    worker = ProjectionWorker(
        settings,
        batch_size=args.batch,
        rescan=args.rescan,
        on_event=(lambda: time.sleep(throttle)) if throttle > 0 else None,
    )
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    print("pekerja proyeksi berjalan / projection worker running", file=sys.stderr, flush=True)
    worker.run(stop)
    return 0


def _tenants(platform: Platform, slug: str | None) -> list[Tenant]:
    return [platform.tenant(slug)] if slug else platform.tenants()


def _rebuild(args: argparse.Namespace) -> int:
    names = [args.name] if args.name else None
    with Platform(Settings.from_env()) as platform:
        for tenant in _tenants(platform, args.tenant):
            projector = platform.services.projector(tenant)
            label = f"{tenant.slug} {args.name or 'semua / all'}"
            started = time.perf_counter()
            try:
                count = projector.rebuild(names, progress=_progress_bar(label))
            except UnknownProjectionError as error:
                print(error, file=sys.stderr)
                return 2
            seconds = max(time.perf_counter() - started, 1e-9)
            print(f"\n  {count} peristiwa / events in {seconds:.2f} s ({count / seconds:,.0f}/s)",
                  file=sys.stderr)  # fmt: skip
    return 0


def _progress_bar(label: str, width: int = 30) -> Callable[[int, int], None]:
    def show(position: int, head: int) -> None:
        fraction = 1.0 if head <= 0 else min(1.0, position / head)
        filled = int(fraction * width)
        sys.stderr.write(
            f"\r{label:<40} [{'#' * filled}{'.' * (width - filled)}] {fraction * 100:5.1f}% {position}/{head}"
        )
        sys.stderr.flush()

    return show


def _status(args: argparse.Namespace) -> int:
    """Each projection's position, head, lag in events and in seconds (the age of the oldest
    event not applied); a projection stopped by an error shows it below its row, and the exit
    status is then 1."""
    failed = 0
    with Platform(Settings.from_env()) as platform:
        now = platform.services.clock()
        print(f"{'TENANT':<28} {'PROYEKSI':<10} {'POSISI':>8} {'KEPALA':>8} {'LAG':>6} {'DETIK':>8}")
        for tenant in _tenants(platform, args.tenant):
            for status in platform.services.projector(tenant).status(ages=True):
                seconds = status.lag_seconds(now)
                numbers = f"{status.position:>8} {status.head:>8} {status.lag:>6} {seconds:>8.1f}"
                print(f"{tenant.slug:<28} {status.name:<10} {numbers}")
                if status.error is not None:
                    failed += 1
                    print(f"    GALAT / ERROR pada posisi / at position {status.error_position}"
                          f" ({status.error_at}): {status.error}")  # fmt: skip
    return 1 if failed else 0


# -- read commands ----------------------------------------------------------------------------


def _inbox(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (tenant, desk, _):
        queries = desk.queries
        now = datetime.now(UTC)
        actor = queries.actor(args.username, now)
        if actor is None:
            raise NotFoundError(
                f"pengguna {args.username!r} tidak ditemukan atau tidak memegang peran",
                f"user {args.username!r} not found or holds no role",
                field="username",
            )
        items = queries.inbox(actor, now).items
        zone = ZoneInfo(tenant.timezone)
        if not items:
            print("kotak masuk kosong / inbox empty")
        for item in items:
            due = item.due_at.astimezone(zone).strftime("%d-%m-%Y %H:%M") if item.due_at else "-"
            flag = "TERLAMBAT" if item.overdue else ""
            print(f"{item.request_id}  langkah {item.step:<3} {item.role_name:<40} tenggat {due} {flag}")
            print(f"    {item.title}")
    return 0


def _requests(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (_, desk, actor):
        now, page, rows = datetime.now(UTC), 1, []
        while True:
            found = desk.queries.requests(actor, now, status=args.status, opd=args.opd, variant=args.variant,
                                          overdue=True if args.overdue else None,
                                          paging=Paging(limit=MAX_LIMIT, page=page))  # fmt: skip
            rows += found.items
            if page >= found.pages:
                break
            page += 1
    for row in rows:
        active = f"langkah {row.active_step} ({row.active_role})" if row.active_step else "-"
        late = " TERLAMBAT" if row.overdue else ""
        print(f"{row.id}  {row.status:<22} {active:<36} {row.opd or '-':<12} {row.title}{late}")
    return 0


def _audit(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (tenant, desk, actor):
        zone = ZoneInfo(tenant.timezone)
        where = AuditFilter(**request_given(args.request), actor=args.actor, role=args.role, type=args.type,
                            since=parse_moment(args.since, zone, "--since"),
                            until=parse_moment(args.until, zone, "--until"))  # fmt: skip
        entries = desk.queries.audit(actor, where).items
    if args.format == "csv":
        _write_utf8(audit_export.to_csv(entries, lang=args.lang, zone=zone))
    elif args.format == "json":
        print(to_json_document(entries))
    else:
        for entry in entries:
            print(f"{entry.position:>6}  {entry.at.astimezone(zone):%d-%m-%Y %H:%M}  {entry.sentence}")
    return 0


def _write_utf8(text: str) -> None:
    """The file's bytes as UTF-8 (its BOM included) whatever the terminal's encoding."""
    stream = sys.stdout
    utf8 = (stream.encoding or "").lower().replace("-", "") in ("utf8", "utf8sig")
    if utf8 or not hasattr(stream, "buffer"):
        stream.write(text)
        return
    stream.flush()
    stream.buffer.write(text.encode("utf-8"))
    stream.buffer.flush()


def _sla(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (_, desk, actor):
        report = desk.queries.sla(actor, datetime.now(UTC), variant=args.variant)
        head = report.headline
        pct = "-" if head.on_time_pct is None else f"{head.on_time_pct:.1f}%"
        print(f"terbuka {head.open} · terlambat {head.overdue} · "
              f"tepat waktu {head.month}: {pct} ({head.on_time}/{head.settled})")  # fmt: skip
        print(f"{'VARIAN':<28} {'NO':>3} {'JML':>4} {'TEPAT%':>7} {'MEDIAN':>7} {'P90':>7}  SATUAN/BAKU")
        for row in report.steps:
            pct = "-" if row.on_time_pct is None else f"{row.on_time_pct:.1f}"
            print(
                f"{row.variant_id:<28} {row.step:>3} {row.count:>4} {pct:>7} {row.median or 0:>7.2f}"
                f" {row.p90 or 0:>7.2f}  {row.unit}/{row.standard or '-'}"
            )
        print()
        for request in report.requests:
            total = "-" if request.total_days is None else f"{request.total_days:.2f} hari kerja"
            print(f"{request.request_id}  {request.status:<22} {total:<18} terlambat {request.late_steps}"
                  f"/{request.steps}  {request.title}")  # fmt: skip
    return 0
