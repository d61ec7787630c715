"""`alur serve`: the web service on uvicorn, over whatever ALUR_DATABASE_URL / ALUR_DATA_DIR name.

`--demo` first provisions the six demo tenants with one user per role, and in a tenant without
requests one finished and one in flight (idempotent), so a fresh machine has something to sign
in to; without it nothing is created.
"""

from __future__ import annotations

import argparse
import os

from adapters.composition import Platform
from adapters.config import Settings
from adapters.logging import configure_logging
from tenants.demo import DEMO_PASSWORD, DEMO_TENANTS, DemoClock, demo_logins, provision_demo


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

    if getattr(args, "log_json", False):  # `alur --log-json serve`: the worker processes too
        os.environ["ALUR_LOG_FORMAT"] = "json"
    settings = Settings.from_env()
    configure_logging(json=settings.log_format == "json")
    ensure_installed()
    if args.demo:
        clock = DemoClock()
        with Platform(settings, clock) as platform:
            provision_demo(platform, clock)
            print_demo_logins(platform, args.host, args.port)
    uvicorn.run(
        "adapters.composition:web_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=max(1, args.workers),
        log_level="info",
        log_config=None,  # uvicorn's own lines go through configure_logging (JSON in production)
        access_log=False,  # web/metrics.py writes the one line a request, with tenant and user
        proxy_headers=False,
    )  # fmt: skip  (web/door.py believes only ALUR_TRUSTED_PROXIES)
    return 0


def print_demo_logins(platform: Platform, host: str, port: int) -> None:
    """Where the demo tenants are and who can sign in to each (one password for all)."""
    print(f"\nAlur: http://{host}:{port}/  —  kata sandi demo / demo password: {DEMO_PASSWORD}")
    for demo in DEMO_TENANTS:
        tenant = platform.tenant(demo.slug)
        variant = platform.service(demo.slug).variant(tenant.variant_id, tenant.variant_version)
        names = ", ".join(username for username, _, _ in demo_logins(variant))
        print(f"  http://{host}:{port}/t/{demo.slug}/  ({tenant.variant_id}): {names}")
    print(flush=True)
