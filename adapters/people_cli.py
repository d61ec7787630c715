"""`alur opd …` and `alur user …`: a tenant's OPDs, users and role grants from the shell.

Times given without a zone are read in the tenant's time zone; a bare date given to `--until`
means through the end of that day, as an appointment letter (SK) would say.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from adapters.config import Settings
from adapters.passwords import hash_password
from adapters.platform import Platform
from domain.errors import InvalidInputError
from domain.people_service import UserView
from domain.service import RequestService
from tenants.model import Tenant

ACTOR = "cli"


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
    new.add_argument("--opd", metavar="CODE", help="OPD pengguna (wajib untuk peran opd)")
    new.add_argument("--full-name", default="", metavar="NAME")
    new.add_argument("--nip", metavar="NIP", help="18 angka / 18 digits")
    new.add_argument("--password-stdin", action="store_true", required=True, help="kata sandi dari stdin")
    new.set_defaults(handler=_user_create)

    grant = _with_tenant(user.add_parser("grant", help="beri peran / grant a role"))
    grant.add_argument("username", metavar="USERNAME")
    grant.add_argument("role", metavar="ROLE")
    grant.add_argument("--from", dest="valid_from", metavar="ISO", help="mulai / from (default: now)")
    grant.add_argument("--until", dest="valid_until", metavar="ISO", help="sampai / until (exclusive)")
    grant.add_argument("--plt", action="store_true", help="pelaksana tugas / acting official")
    grant.set_defaults(handler=_user_grant)

    revoke = _with_tenant(user.add_parser("revoke", help="cabut peran / revoke a role"))
    revoke.add_argument("username", metavar="USERNAME")
    revoke.add_argument("role", metavar="ROLE")
    revoke.set_defaults(handler=_user_revoke)

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


@contextmanager
def _tenant(slug: str) -> Iterator[tuple[Tenant, RequestService]]:
    with Platform(Settings.from_env()) as platform:
        yield platform.tenant(slug), platform.service(slug)


def _opd_create(args: argparse.Namespace) -> int:
    with _tenant(args.tenant) as (_, service):
        opd = service.create_opd(args.code, args.name, actor=ACTOR)
    print(f"OPD {opd.code} dibuat / created — {opd.name}")
    return 0


def _opd_list(args: argparse.Namespace) -> int:
    with _tenant(args.tenant) as (_, service):
        opds = service.opds()
    print(f"{'KODE':<16} NAMA")
    for opd in opds:
        print(f"{opd.code:<16} {opd.name}")
    return 0


def _user_create(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\r\n")
    with _tenant(args.tenant) as (tenant, service):
        user = service.create_user(
            args.username,
            password,
            hash_password=hash_password,
            roles=args.roles,
            sop=(tenant.variant_id, tenant.variant_version),
            actor=ACTOR,
            full_name=args.full_name,
            nip=args.nip,
            opd=args.opd,
        )
    print(f"pengguna {user.username} dibuat / user created — peran / roles: {', '.join(user.roles)}")
    return 0


def _user_grant(args: argparse.Namespace) -> int:
    with _tenant(args.tenant) as (tenant, service):
        zone = ZoneInfo(tenant.timezone)
        grant = service.grant_role(
            args.username,
            args.role,
            sop=(tenant.variant_id, tenant.variant_version),
            actor=ACTOR,
            valid_from=parse_moment(args.valid_from, zone, "--from"),
            valid_until=parse_moment(args.valid_until, zone, "--until", end_of_day=True),
            acting=args.plt,
        )
    until = f", berakhir / ends {_show(grant.valid_until, zone)}" if grant.valid_until else ""
    plt = "Plt. " if grant.acting else ""
    print(
        f"peran {plt}{grant.role} diberikan kepada / granted to {args.username} — "
        f"mulai / from {_show(grant.valid_from, zone)}{until}"
    )
    return 0


def _user_revoke(args: argparse.Namespace) -> int:
    with _tenant(args.tenant) as (_, service):
        service.revoke_role(args.username, args.role, actor=ACTOR)
    print(f"peran {args.role} dicabut dari / revoked from {args.username}")
    return 0


def _user_list(args: argparse.Namespace) -> int:
    with _tenant(args.tenant) as (tenant, service):
        zone = ZoneInfo(tenant.timezone)
        at = parse_moment(args.at, zone, "--at") or service.clock()
        users = service.users(at)
    print(f"pengguna pada / users at {_show(at, zone)}")
    print(f"{'USERNAME':<20} {'NAMA LENGKAP':<30} {'OPD':<12} PERAN / ROLES")
    for user in users:
        print(_user_row(user))
    return 0


def _user_holders(args: argparse.Namespace) -> int:
    with _tenant(args.tenant) as (tenant, service):
        zone = ZoneInfo(tenant.timezone)
        at = parse_moment(args.at, zone, "--at") or service.clock()
        holdings = service.holders_of(args.role, at)
    print(f"pemegang peran / holders of {args.role} pada / at {_show(at, zone)}:")
    if not holdings:
        print("  (tidak ada / none)")
    for holding in holdings:
        grant = holding.grant
        until = _show(grant.ends, zone) if grant.ends else "-"
        print(
            f"  {holding.username:<20} {holding.full_name or '-':<30} {'Plt.' if grant.acting else '    '} "
            f"{_show(grant.valid_from, zone)} → {until}  (oleh / by {grant.granted_by})"
        )
    return 0


def _user_row(user: UserView) -> str:
    roles = ", ".join(user.roles) or "-"
    return f"{user.username:<20} {user.full_name or '-':<30} {user.opd or '-':<12} {roles}"


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
