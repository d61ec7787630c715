"""The `alur` command: SOP files, the working calendar, and the demo."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from adapters.cli.audit_chain import register_audit_chain_commands, routed
from adapters.cli.bench import register_bench_commands
from adapters.cli.calendar import register_calendar_commands
from adapters.cli.mail import register_mail_commands
from adapters.cli.naskah import register_naskah_commands
from adapters.cli.people import operator_name, register_people_commands, tenant_desk
from adapters.cli.reads import register_projection_commands
from adapters.cli.serve import register_serve_commands
from adapters.cli.tenancy import register_tenant_transfer_commands
from adapters.composition import Platform
from adapters.config import Settings
from adapters.holidays_id import indonesian_calendar
from adapters.logging import configure_logging
from domain.actor import operator
from domain.calendar import CalendarError
from domain.commands import CheckSopFile, SwitchSop
from domain.errors import AlurError
from domain.sop import Outcome, Step, TimeStandardError, Variant, variant_to_dict
from tenants.catalogue import available_variant_ids, builtin_variant
from tenants.sopfile import VariantFileError, load_variant_file


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `alur` command; returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(routed(list(sys.argv[1:] if argv is None else argv)))
    except SystemExit as exit_:  # argparse has printed the usage error
        return int(exit_.code or 0)
    configure_logging(json=bool(getattr(args, "log_json", False)))
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except AlurError as error:
        print(f"galat / error: {error}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="alur", description="Alur — SOP pengembangan aplikasi.")
    parser.add_argument("--log-json", action="store_true", help="log lines as JSON")
    parser.add_argument("--operator", metavar="NAME",
                        help="siapa yang menjalankan (dicatat sebagai operator:NAME) / who runs it "
                             "(recorded as operator:NAME); default ALUR_OPERATOR, or the login")  # fmt: skip
    commands = parser.add_subparsers(title="perintah / commands")

    sop = commands.add_parser("sop", help="varian SOP / SOP variants").add_subparsers()
    validate = sop.add_parser("validate", help="periksa berkas varian / check variant files")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(handler=_sop_validate)
    show = sop.add_parser("show", help="tampilkan varian / show a variant")
    show.add_argument("variant_id", metavar="ID")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_sop_show)
    listing = sop.add_parser("list", help="daftar varian / list variants")
    listing.set_defaults(handler=_sop_list)

    cal = commands.add_parser("calendar", help="kalender kerja / working calendar").add_subparsers()
    due = cal.add_parser("due", help="hitung tenggat / compute a due time")
    due.add_argument("--timezone", required=True, metavar="TZ")
    due.add_argument("--start", required=True, metavar="ISO-TIME")
    due.add_argument("--standard", required=True, metavar="WAKTU")
    due.set_defaults(handler=_calendar_due)
    register_calendar_commands(cal)

    tenant = commands.add_parser("tenant", help="tenant (Diskominfo)").add_subparsers()
    create = tenant.add_parser("create", help="daftarkan tenant / register a tenant")
    create.add_argument("slug", metavar="SLUG")
    create.add_argument("--name", required=True, help="nama resmi / official name")
    create.add_argument("--sop", required=True, metavar="VARIANT")
    create.add_argument("--timezone", default="Asia/Jakarta", metavar="TZ")
    create.add_argument("--region", default="")
    create.add_argument("--office-hours", default="07:30-16:00", metavar="HH:MM-HH:MM")
    create.set_defaults(handler=_tenant_create)
    tenant_list = tenant.add_parser("list", help="daftar tenant / list tenants")
    tenant_list.set_defaults(handler=_tenant_list)
    set_sop = tenant.add_parser("set-sop", help="ganti SOP tenant / switch the tenant's SOP")
    set_sop.add_argument("slug", metavar="SLUG")
    set_sop.add_argument("variant_id", metavar="VARIANT", nargs="?", help="varian bawaan / built-in variant")
    set_sop.add_argument("--file", metavar="PATH", help="berkas varian sendiri / own variant file")
    set_sop.add_argument("--reason", default="", metavar="TEXT",
                         help="alasan, dicatat bersama perubahan / the reason, kept with it")  # fmt: skip
    set_sop.set_defaults(handler=_tenant_set_sop)
    register_tenant_transfer_commands(tenant)

    register_audit_chain_commands(commands)
    register_people_commands(commands)
    register_naskah_commands(commands)
    register_projection_commands(commands)
    register_mail_commands(commands)
    register_serve_commands(commands)
    register_bench_commands(commands)
    demo = commands.add_parser("demo", help="jalankan demo / run the demo walk")
    demo.add_argument("--quiet", action="store_true", help="only the summary")
    demo.set_defaults(handler=_demo)
    return parser


def _sop_validate(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.files:
        try:
            loaded = load_variant_file(path)
        except VariantFileError as error:
            failed += 1
            for located in error.errors:
                print(located)
            continue
        variant = loaded.variant
        print(f"{path}: sah / valid — {variant.id} versi {variant.version}, {len(variant.steps)} langkah")
    return 1 if failed else 0


def _sop_list(args: argparse.Namespace) -> int:
    for variant_id in available_variant_ids():
        variant = builtin_variant(variant_id).variant
        print(f"{variant.id:<30} v{variant.version:<3} {len(variant.steps):>3} langkah  {variant.title}")
    return 0


def _sop_show(args: argparse.Namespace) -> int:
    variant = builtin_variant(args.variant_id).variant
    if args.json:
        print(json.dumps(variant_to_dict(variant), ensure_ascii=False, indent=2))
    else:
        print(format_variant(variant))
    return 0


COLUMNS = (("No", 4), ("Kegiatan", 44), ("Pelaksana", 22), ("Kelengkapan", 26), ("Waktu", 12),
           ("Output", 26), ("Lanjut", 18))  # fmt: skip


def format_variant(variant: Variant) -> str:
    """The SOP as the official table: No, Kegiatan, Pelaksana, Kelengkapan, Waktu, Output."""
    document = variant.metadata.get("document", {})
    number = document.get("sop_number") if isinstance(document, dict) else None
    lines = [f"{variant.title} — {variant.id} versi {variant.version}", f"Nomor SOP: {number or '-'}", ""]
    lines.append("Pelaksana / roles:")
    lines += [f"  {role.id:<28} {role.name}" for role in variant.roles]
    lines += ["", _row([name for name, _ in COLUMNS]), _row(["-" * width for _, width in COLUMNS])]
    for step in variant.steps:
        pelaksana = variant.role_name(step.role)
        for override in step.role_overrides:
            pelaksana += (
                f" (jika {override.decision_step}={override.answer}: {variant.role_name(override.role)})"
            )
        cells = [
            str(step.number),
            step.description,
            pelaksana,
            "; ".join(step.inputs) or "-",
            step.time_standard.text if step.time_standard else "-",
            _outputs_text(step),
            _next_text(variant, step),
        ]
        lines.append(_row(cells))
        lines.append("")
    return "\n".join(lines)


def _outputs_text(step: Step) -> str:
    """The step's outputs, then each answer's own ("bila tidak: ...")."""
    parts = list(step.outputs)
    if step.decision:
        parts += [
            f"bila {answer}: {name}"
            for answer in ("ya", "tidak")
            for name in step.decision.outcome(answer).outputs
        ]
    return "; ".join(parts) or "-"


def _next_text(variant: Variant, step: Step) -> str:
    def target(outcome: Outcome) -> str:
        return f"langkah {outcome.next_step}" if outcome.next_step else f"selesai ({outcome.end})"

    if step.decision:
        return f"ya → {target(step.decision.ya)}; tidak → {target(step.decision.tidak)}"
    if step.next and (step.next.end or step.next.next_step != _following(variant, step.number)):
        return target(step.next)
    return "-"


def _row(cells: list[str]) -> str:
    """One table row, each cell wrapped to its column's width."""
    wrapped = [textwrap.wrap(cell, width) or [""] for cell, (_, width) in zip(cells, COLUMNS, strict=True)]
    height = max(len(cell) for cell in wrapped)
    return "\n".join(
        " | ".join(
            (cell[line] if line < len(cell) else "").ljust(width)
            for cell, (_, width) in zip(wrapped, COLUMNS, strict=True)
        ).rstrip()
        for line in range(height)
    )


def _following(variant: Variant, number: int) -> int | None:
    index = variant.position(number) + 1
    return variant.steps[index].number if index < len(variant.steps) else None


def _calendar_due(args: argparse.Namespace) -> int:
    try:
        start = datetime.fromisoformat(args.start)
    except ValueError:
        print(f"galat / error: --start {args.start!r} bukan waktu ISO (YYYY-MM-DDTHH:MM)", file=sys.stderr)
        return 2
    try:
        calendar = indonesian_calendar(args.timezone)
        if start.tzinfo is None:
            start = start.replace(tzinfo=calendar.zone)
        due = calendar.due(start, args.standard)
    except (CalendarError, TimeStandardError) as error:
        print(f"galat / error: {error}", file=sys.stderr)
        return 2
    if due is None:
        print("tenggat ditetapkan selama permohonan berjalan / the deadline is set during the request")
        return 0
    print(due.astimezone(calendar.zone).isoformat())
    return 0


def _platform() -> Platform:
    return Platform(Settings.from_env())


def _tenant_create(args: argparse.Namespace) -> int:
    with _platform() as platform:
        tenant = platform.create_tenant(
            args.slug,
            name=args.name,
            variant_id=args.sop,
            timezone=args.timezone,
            region=args.region,
            office_hours=args.office_hours,
            actor=operator(args.slug, operator_name(args)).username,
        )
    print(f"tenant {tenant.slug} dibuat / created — SOP {tenant.variant_id} versi {tenant.variant_version}")
    return 0


def _tenant_list(args: argparse.Namespace) -> int:
    with _platform() as platform:
        tenants = platform.tenants()
    print(f"{'SLUG':<24} {'SOP':<30} {'ZONA WAKTU':<15} NAMA")
    for tenant in tenants:
        sop = f"{tenant.variant_id} v{tenant.variant_version}"
        where = "" if tenant.database == "main" else f"  [basis data / database {tenant.database}]"
        frozen = "  [beku / frozen]" if tenant.frozen else ""
        print(f"{tenant.slug:<24} {sop:<30} {tenant.timezone:<15} {tenant.name}{where}{frozen}")
    return 0


def _tenant_set_sop(args: argparse.Namespace) -> int:
    """Through the tenant's own command, as at the admin page: a reason is required, a file is
    checked by the same loader and refused with every problem."""
    if (args.variant_id is None) == (args.file is None):
        print("sebut VARIANT atau --file, salah satu / give VARIANT or --file, one of them", file=sys.stderr)
        return 2
    with tenant_desk(args, args.slug) as (_, desk, actor):
        if args.file is not None:
            try:
                text = Path(args.file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                print(f"galat / error: {args.file}: {error}", file=sys.stderr)
                return 1
            checked = desk.commands.check_sop_file(actor, CheckSopFile(args.file, text, True, args.reason))
            if checked.variant is None:
                for problem in checked.problems:
                    print(problem, file=sys.stderr)
                return 1
            key = (checked.variant.id, checked.variant.version)
        else:
            key = desk.commands.switch_sop(actor, SwitchSop(args.variant_id, args.reason))
    print(
        f"tenant {args.slug} kini menjalankan {key[0]} versi {key[1]}; "
        "permohonan yang sedang berjalan tetap pada versinya / requests in flight keep their version"
    )
    return 0


def _demo(args: argparse.Namespace) -> int:
    from adapters.cli.demo import run_demo

    return run_demo(quiet=args.quiet)


if __name__ == "__main__":
    raise SystemExit(main())
