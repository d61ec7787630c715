"""`alur serve`: the web service on uvicorn, over whatever ALUR_DATABASE_URL / ALUR_DATA_DIR name.

`--demo` first provisions the six demo tenants with one user per role (idempotent), so a fresh
machine has something to sign in to; without it nothing is created.
"""

from __future__ import annotations

import argparse

from adapters.config import Settings
from adapters.demo import DEMO_TENANTS, provision_demo_tenants
from adapters.passwords import hash_password
from adapters.platform import Platform
from domain.errors import AlurError
from domain.people import ADMIN, AUDITOR, OPD

DEMO_PASSWORD = "alur-demo-2026"
DEMO_OPD = ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu")


def register_serve_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `alur serve` to the `alur` parser."""
    serve = commands.add_parser("serve", help="jalankan layanan web / run the web service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="proses pekerja / worker processes")
    serve.add_argument("--demo", action="store_true", help="siapkan tenant dan pengguna demo / demo data")
    serve.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from web.assets import ensure_installed

    ensure_installed()
    settings = Settings.from_env()
    if args.demo:
        with Platform(settings) as platform:
            provision_demo_users(platform)
        print_demo_logins(args.host, args.port)
    uvicorn.run("web.app:app_from_env", factory=True, host=args.host, port=args.port,
                workers=max(1, args.workers), log_level="info")  # fmt: skip
    return 0


def demo_users(platform: Platform, slug: str) -> list[tuple[str, list[str], str | None]]:
    """(username, roles, opd) of a demo tenant: admin, auditor, an OPD user, one per SOP role."""
    tenant = platform.tenant(slug)
    variant = platform.service(slug).variant(tenant.variant_id, tenant.variant_version)
    users: list[tuple[str, list[str], str | None]] = [
        ("admin", [ADMIN], None),
        ("auditor", [AUDITOR], None),
        ("opd", [OPD], DEMO_OPD[0]),
    ]
    users += [(role.id, [role.id], None) for role in variant.roles if role.id != variant.requester_role]
    return users


def provision_demo_users(platform: Platform) -> None:
    """The demo tenants, their OPD and users; what exists already is left as it is."""
    provision_demo_tenants(platform)
    for demo in DEMO_TENANTS:
        tenant = platform.tenant(demo.slug)
        service = platform.service(demo.slug)
        if DEMO_OPD[0] not in {opd.code for opd in service.opds()}:
            service.create_opd(*DEMO_OPD, actor="demo")
        existing = {user.username for user in service.users()}
        for username, roles, opd in demo_users(platform, demo.slug):
            if username in existing:
                continue
            try:
                service.create_user(username, DEMO_PASSWORD, hash_password=hash_password, roles=roles,
                                    sop=(tenant.variant_id, tenant.variant_version), actor="demo",
                                    full_name=username.replace("-", " ").title(), opd=opd)  # fmt: skip
            except AlurError as error:  # e.g. a role id that is not a valid username
                print(f"pengguna demo dilewati / demo user skipped: {username}: {error}")


def print_demo_logins(host: str, port: int) -> None:
    print(f"\nAlur: http://{host}:{port}/t/<tenant>/  —  kata sandi demo / demo password: {DEMO_PASSWORD}")
    for demo in DEMO_TENANTS:
        print(f"  http://{host}:{port}/t/{demo.slug}/  ({demo.variant_id})")
    print("  pengguna / users: admin, auditor, opd (OPD DPMPTSP), satu per peran SOP / one per SOP role\n")
