"""`alur opd …` and `alur user …`: a tenant's OPDs, users and role grants from the shell.

Every command goes through the tenant's command and query handlers, as the pages and the API
do, with the operator as the actor (`domain.actor.operator`: recorded as `operator:NAME`), so
the shell refuses what the API refuses, with the same message.

Times given without a zone are read in the tenant's time zone; a bare date given to `--until`
means through the end of that day, as an appointment letter (SK) would say.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from adapters.composition import Platform
from adapters.config import Settings
from domain import commands as c
from domain.actor import Actor, operator
from domain.documents import Upload
from domain.errors import HandOverNeededError, InvalidInputError
from domain.people import Grant
from domain.people_service import UserView
from projections.desk import Desk
from projections.queries import Paging
from tenants.model import Tenant


def register_people_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `opd` and `user` command groups to the `alur` parser."""
    opd = commands.add_parser("opd", help="OPD pemohon / requesting agencies").add_subparsers()
    create = _with_tenant(opd.add_parser("create", help="daftarkan OPD / register an OPD"))
    create.add_argument("code", metavar="CODE")
    create.add_argument("--name", required=True, help="nama OPD / the OPD's name")
    create.set_defaults(handler=_opd_create)
    _with_tenant(opd.add_parser("list", help="daftar OPD / list OPDs")).set_defaults(handler=_opd_list)

    user = commands.add_parser("user", help="pengguna dan peran / users and roles").add_subparsers()
    new = _with_tenant(user.add_parser("create", help="buat pengguna / create a user"))
    new.add_argument("username", metavar="USERNAME")
    new.add_argument("--role", action="append", required=True, metavar="ROLE", dest="roles")
    new.add_argument("--opd", metavar="CODE", help="OPD pengguna (wajib bagi pengaju permohonan)")
    new.add_argument("--full-name", default="", metavar="NAME")
    new.add_argument("--nip", metavar="NIP", help="18 angka / 18 digits")
    new.add_argument("--password-stdin", action="store_true", required=True, help="kata sandi dari stdin")
    new.set_defaults(handler=_user_create)

    grant = _with_tenant(user.add_parser("grant", help="beri peran / grant a role"))
    grant.add_argument("username", metavar="USERNAME")
    grant.add_argument("role", metavar="ROLE")
    grant.add_argument("--from", dest="valid_from", metavar="ISO", help="mulai / from (default: now)")
    grant.add_argument("--until", dest="valid_until", metavar="ISO",
                       help="sampai / until (a date: through that day)")  # fmt: skip
    acting = grant.add_mutually_exclusive_group()
    acting.add_argument("--plt", action="store_true", help="pelaksana tugas / acting official (with an SK)")
    acting.add_argument("--plh", action="store_true", help="pelaksana harian / daily acting (with an SK)")
    grant.add_argument("--sk-number", metavar="TEXT", help="nomor SK / the SK number (800.1.3/1/BKPSDM/2026)")
    grant.add_argument("--sk-date", metavar="YYYY-MM-DD", help="tanggal SK / the SK's date")
    grant.add_argument("--sk-file", metavar="PDF", help="berkas PDF SK / the SK as a PDF file (optional)")
    grant.set_defaults(handler=_user_grant)

    revoke = _with_tenant(user.add_parser("revoke", help="cabut peran / revoke a role"))
    revoke.add_argument("username", metavar="USERNAME")
    revoke.add_argument("role", metavar="ROLE")
    _hand_over_options(revoke)
    revoke.set_defaults(handler=_user_revoke)

    edit = _with_tenant(user.add_parser("edit", help="ubah data pengguna / correct a user's details"))
    edit.add_argument("username", metavar="USERNAME")
    edit.add_argument("--full-name", metavar="NAME")
    edit.add_argument("--nip", metavar="NIP", help='18 angka; "" menghapus / 18 digits; "" clears')
    edit.add_argument("--opd", metavar="CODE", help='OPD; "" menghapus / "" clears')
    edit.set_defaults(handler=_user_edit)
    for name, active, said in (("deactivate", False, "nonaktifkan / deactivate"),
                               ("reactivate", True, "aktifkan kembali / reactivate")):  # fmt: skip
        status = _with_tenant(user.add_parser(name, help=f"{said} a user"))
        status.add_argument("username", metavar="USERNAME")
        if not active:
            _hand_over_options(status)
        status.set_defaults(handler=_user_status, active=active)
    reset = _with_tenant(user.add_parser("reset-password", help="atur ulang kata sandi / reset a password"))
    reset.add_argument("username", metavar="USERNAME")
    reset.set_defaults(handler=_user_reset)

    listing = _with_tenant(user.add_parser("list", help="daftar pengguna / list users"))
    listing.add_argument("--at", metavar="ISO", help="peran yang berlaku saat itu / roles in force then")
    listing.set_defaults(handler=_user_list)

    holders = _with_tenant(user.add_parser("holders", help="pemegang peran / who held a role"))
    holders.add_argument("role", metavar="ROLE")
    holders.add_argument("--at", required=True, metavar="ISO")
    holders.set_defaults(handler=_user_holders)


def _with_tenant(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--tenant", required=True, metavar="SLUG")
    return parser


def operator_name(args: argparse.Namespace) -> str:
    """Who runs the command: `--operator`, else ALUR_OPERATOR, else the login name."""
    given = getattr(args, "operator", None) or os.environ.get("ALUR_OPERATOR") or getpass.getuser()
    return given.strip().lower()


@contextmanager
def tenant_desk(args: argparse.Namespace, slug: str | None = None) -> Iterator[tuple[Tenant, Desk, Actor]]:
    """The tenant's command and query handlers, and the operator acting on them."""
    with Platform(Settings.from_env()) as platform:
        tenant = platform.tenant(slug or args.tenant)
        yield tenant, platform.desk(tenant), operator(tenant.slug, operator_name(args))


def _now(desk: Desk) -> datetime:
    return desk.commands.service.clock()


def _opd_create(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (_, desk, actor):
        opd = desk.commands.create_opd(actor, c.CreateOpd(args.code, args.name))
    print(f"OPD {opd.code} dibuat / created — {opd.name}")
    return 0


def _opd_list(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (_, desk, actor):
        opds = desk.queries.opds(actor)
    print(f"{'KODE':<16} NAMA")
    for opd in opds:
        print(f"{opd.code:<16} {opd.name}")
    return 0


def _user_create(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\r\n")
    command = c.CreateUser(args.username, password, tuple(args.roles), args.full_name, args.nip, args.opd)
    with tenant_desk(args) as (_, desk, actor):
        user = desk.commands.create_user(actor, command)
    print(f"pengguna {user.username} dibuat / user created — peran / roles: {', '.join(user.roles)}")
    return 0


def _user_grant(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (tenant, desk, actor):
        zone = ZoneInfo(tenant.timezone)
        command = c.GrantRole(args.username, args.role, parse_moment(args.valid_from, zone, "--from"),
                              parse_day_or_moment(args.valid_until, zone, "--until"), args.plt or args.plh,
                              title="Plh." if args.plh else "Plt." if args.plt else None,
                              sk_number=args.sk_number, sk_date=parse_day(args.sk_date, "--sk-date"),
                              sk_document=_file(args.sk_file, "--sk-file", "sk_document"))  # fmt: skip
        grant = desk.commands.grant(actor, command)
    until = f", berakhir / ends {_show(grant.valid_until, zone)}" if grant.valid_until else ""
    title = f"{grant.held_as} " if grant.acting else ""
    print(
        f"peran {title}{grant.role} diberikan kepada / granted to {args.username} — "
        f"mulai / from {_show(grant.valid_from, zone)}{until}{_sk(grant)}"
    )
    return 0


def _sk(grant: Grant) -> str:
    """ " — SK 800.1.3/123/BKPSDM/2026 tanggal 2026-03-01 (PDF sha256 …)", or "" without an SK."""
    if grant.sk_number is None:
        return ""
    dated = f" tanggal / dated {grant.sk_date.isoformat()}" if grant.sk_date else ""
    pdf = f" (PDF sha256 {grant.sk_document['sha256']})" if grant.sk_document else ""
    return f" — SK {grant.sk_number}{dated}{pdf}"


def _file(path: str | None, option: str, field: str) -> Upload | None:
    """A file the command sends (its name, its bytes, the field it fills), or a refusal naming the option."""
    if path is None:
        return None
    try:
        return Upload(Path(path).name, Path(path).read_bytes(), field)
    except OSError as error:
        raise InvalidInputError(f"{option}: berkas {path!r} tidak dapat dibaca ({error.strerror})",
                                f"{option}: cannot read {path!r} ({error.strerror})",
                                field=option.lstrip("-")) from None  # fmt: skip


def parse_day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"{option} {text!r} bukan tanggal ISO (YYYY-MM-DD)",
                                f"{option} {text!r} is not an ISO date (YYYY-MM-DD)",
                                field=option.lstrip("-")) from None  # fmt: skip


def _hand_over_options(parser: argparse.ArgumentParser) -> None:
    """Where the user's appointed open steps go (refused, with their list, until one is given)."""
    parser.add_argument("--hand-to", action="append", metavar="USERNAME",
                        help="serahkan tugasnya kepada / hand their appointed steps to (repeatable)")
    parser.add_argument("--to-role", action="store_true",
                        help="kepada semua pemegang perannya / to every holder of the role")
    parser.add_argument("--reason", help="alasan serah terima / the hand-over's reason")


def _hand_over(args: argparse.Namespace) -> c.HandOver | None:
    if not getattr(args, "hand_to", None) and not getattr(args, "to_role", False):
        return None
    return c.HandOver(tuple(args.hand_to or ()), args.reason or "")


T = TypeVar("T")


def _listing_hand_over(run: Callable[[], T]) -> T:
    """Run a revocation or deactivation; refused for a hand-over, print what it would hand over."""
    try:
        return run()
    except HandOverNeededError as needed:
        for item in needed.appointments:
            print(f"  {item['letter_number']}  {item['title']} — langkah / step {item['active_step']} "
                  f"(ditunjuk pada langkah / appointed at step {item['appointing']})", file=sys.stderr)
        names = ", ".join(str(one["username"]) for one in needed.candidates) or "-"
        print(f"  --hand-to: {names}  (atau / or --to-role) --reason ...", file=sys.stderr)
        raise


def _user_revoke(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (_, desk, actor):
        revoking = c.RevokeRole(args.username, args.role, _hand_over(args))
        _listing_hand_over(lambda: desk.commands.revoke(actor, revoking))
    print(f"peran {args.role} dicabut dari / revoked from {args.username}")
    return 0


def _user_edit(args: argparse.Namespace) -> int:
    given = {"full_name": args.full_name, "nip": args.nip, "opd": args.opd}
    changes = {name: value or None for name, value in given.items() if value is not None}
    if not changes:
        raise InvalidInputError("sebutkan yang diubah: --full-name, --nip atau --opd",
                                "say what changes: --full-name, --nip or --opd", "full_name")  # fmt: skip
    with tenant_desk(args) as (_, desk, actor):
        user = desk.commands.edit_user(actor, c.EditUser(args.username, changes))
    print(f"data {user.username} disimpan / details saved — {_user_row(user)}")
    return 0


def _user_status(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (_, desk, actor):
        command = c.SetUserActive(args.username, args.active, _hand_over(args))
        user = _listing_hand_over(lambda: desk.commands.set_active(actor, command))
    if user.active:
        print(f"{user.username} aktif kembali dan dapat masuk / is active again and can sign in")
    else:
        print(f"{user.username} dinonaktifkan; sesinya diakhiri / deactivated; their sessions ended")
    return 0


def _user_reset(args: argparse.Namespace) -> int:
    """The old password ends at once; the link (printed once) lets the user choose a new one."""
    with tenant_desk(args) as (tenant, desk, actor):
        issued = desk.commands.reset_password(actor, c.ResetPassword(args.username))
        zone = ZoneInfo(tenant.timezone)
    print(f"kata sandi {issued.username} diakhiri / password ended; tautan sekali pakai / one-time link "
          f"(berlaku sampai / valid until {_show(issued.expires_at, zone)}), serahkan kepada pengguna / "
          f"hand it to the user:")  # fmt: skip
    print(f"/t/{tenant.slug}/password/{issued.token}")
    return 0


def _user_list(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (tenant, desk, actor):
        zone = ZoneInfo(tenant.timezone)
        at = parse_moment(args.at, zone, "--at") or _now(desk)
        users, page = [], 1
        while True:
            found = desk.queries.users(actor, at, paging=Paging(limit=200, page=page))
            users += found.items
            if page >= found.pages:
                break
            page += 1
    print(f"pengguna pada / users at {_show(at, zone)}")
    print(f"{'USERNAME':<20} {'NAMA LENGKAP':<30} {'OPD':<12} PERAN / ROLES")
    for user in users:
        print(_user_row(user))
    return 0


def _user_holders(args: argparse.Namespace) -> int:
    with tenant_desk(args) as (tenant, desk, actor):
        zone = ZoneInfo(tenant.timezone)
        at = parse_moment(args.at, zone, "--at") or _now(desk)
        holdings = desk.queries.holders(actor, args.role, at)
    print(f"pemegang peran / holders of {args.role} pada / at {_show(at, zone)}:")
    if not holdings:
        print("  (tidak ada / none)")
    for holding in holdings:
        grant = holding.grant
        until = _show(grant.ends, zone) if grant.ends else "-"
        print(
            f"  {holding.username:<20} {holding.full_name or '-':<30} {grant.held_as or '    '} "
            f"{_show(grant.valid_from, zone)} → {until}  (oleh / by {grant.granted_by}){_sk(grant)}"
        )
    return 0


def _user_row(user: UserView) -> str:
    roles = ", ".join(user.roles) or "-"
    return f"{user.username:<20} {user.full_name or '-':<30} {user.opd or '-':<12} {roles}"


def parse_day_or_moment(text: str | None, zone: ZoneInfo, option: str) -> date | datetime | None:
    """A bare ISO date (through that day, as the handlers take it) or a moment."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return parse_moment(text, zone, option)


def parse_moment(text: str | None, zone: ZoneInfo, option: str, end_of_day: bool = False) -> datetime | None:
    """An ISO date or time; without a zone, in the tenant's."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return datetime.combine(day + timedelta(days=1 if end_of_day else 0), time(), zone)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            f"{option} {text!r} bukan waktu ISO (YYYY-MM-DD atau YYYY-MM-DDTHH:MM)",
            f"{option} {text!r} is not an ISO time",
            field=option.lstrip("-"),
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _show(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z") if moment else "-"
