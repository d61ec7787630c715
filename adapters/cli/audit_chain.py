"""`alur audit export|verify|head|check`: the tenant's chained trail, exported, proven offline,
its head signed for publishing, the store itself checked (issue 20)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from adapters import audit_bundle, audit_verify
from adapters.composition import Platform
from adapters.config import Settings

SUBCOMMANDS = ("export", "verify", "head", "check")


def routed(argv: list[str]) -> list[str]:
    """`alur audit export …` and its siblings to their own commands; `alur audit --tenant …`
    (the trail as text, CSV or JSON) stays as it is."""
    for index, word in enumerate(argv):
        if word == "audit" and index + 1 < len(argv) and argv[index + 1] in SUBCOMMANDS:
            return [*argv[:index], f"audit-{argv[index + 1]}", *argv[index + 2:]]
        if not word.startswith("-"):
            break
    return argv


def register_audit_chain_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser("audit-export", help="alur audit export: bundel jejak bertanda tangan / a "
                                 "signed bundle of the trail")  # fmt: skip
    export.add_argument("--tenant", required=True, metavar="SLUG")
    export.add_argument("file", metavar="FILE")
    export.add_argument("--from", dest="first", type=int, default=0, metavar="POSITION")
    export.add_argument("--to", dest="last", type=int, metavar="POSITION")
    export.set_defaults(handler=_export)
    verify = commands.add_parser("audit-verify", help="alur audit verify: periksa bundel tanpa basis data / "
                                 "check a bundle offline")  # fmt: skip
    verify.add_argument("file", metavar="FILE")
    verify.add_argument("--key", metavar="BASE64", help="kunci publik yang diterbitkan / the published key")
    verify.set_defaults(handler=_verify)
    head = commands.add_parser("audit-head", help="alur audit head: kepala rantai bertanda tangan / the "
                               "signed chain head")  # fmt: skip
    head.add_argument("--tenant", required=True, metavar="SLUG")
    head.set_defaults(handler=_head)
    check = commands.add_parser("audit-check", help="alur audit check: periksa rantai di basis data / check "
                                "the chain in the store")  # fmt: skip
    check.add_argument("--tenant", required=True, metavar="SLUG")
    check.set_defaults(handler=_check)


def _export(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    with Platform(settings) as platform:
        tenant = platform.tenant(args.tenant)
        db = platform.services.projector(tenant).db
        key = audit_bundle.signing_key(settings.data_dir, tenant.slug)
        manifest = audit_bundle.export_bundle(db, tenant.slug, tenant.name, Path(args.file), key,
                                              datetime.now(UTC), args.first, args.last)  # fmt: skip
    print(f"{args.file}: {manifest['count']} peristiwa / events, posisi / positions {manifest['first']}-"
          f"{manifest['last']}, kepala / head {manifest['head']}")  # fmt: skip
    return 0


def _verify(args: argparse.Namespace) -> int:
    key = ["--key", args.key] if args.key else []
    return audit_verify.main([args.file, *key])


def _head(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    with Platform(settings) as platform:
        tenant = platform.tenant(args.tenant)
        key = audit_bundle.signing_key(settings.data_dir, tenant.slug)
        db = platform.services.projector(tenant).db
        head = audit_bundle.current_head(db, tenant.slug, key, datetime.now(UTC))
    print(f"tenant {head.tenant} · posisi / position {head.position} · {head.at}")
    print(f"hash {head.hash}")
    print(f"tanda tangan / signature {head.signature}")
    print(f"kunci publik / public key {head.public_key}")
    return 0


def _check(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    with Platform(settings) as platform:
        found = audit_bundle.verify_store(platform.services.projector(platform.tenant(args.tenant)).db)
    if found is not None:
        print(f"TIDAK SAH / INVALID: {found}")
        return 1
    print("sah / valid: rantai utuh / the chain holds")
    return 0

