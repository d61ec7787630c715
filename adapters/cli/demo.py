"""`alur demo`: the demo tenants on the configured store, one request of each walked to its
end, each printed with its history and deadlines (the demo itself is tenants/demo.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import structlog

from adapters.composition import Platform
from adapters.config import Settings
from tenants.demo import (
    DEMO_SETUP,
    DEMO_TENANTS,
    DemoClock,
    describe,
    provision_demo_tenants,
    provision_demo_users,
    walk_one_request,
)


def run_demo(settings: Settings | None = None, quiet: bool = False) -> int:
    """Provision the demo tenants, walk one request per variant, print history and deadlines."""
    settings = settings or Settings.from_env()
    clock = DemoClock(DEMO_SETUP)
    where = settings.database_url or settings.data_dir
    print(f"Alur demo — penyimpanan / store: {settings.backend} ({where})")
    with Platform(settings, clock) as platform:
        provision_demo_tenants(platform)
        provision_demo_users(platform)
        for demo_tenant in DEMO_TENANTS:
            tenant = platform.tenant(demo_tenant.slug)
            desk = platform.desk(tenant)
            clock.now = datetime(2026, 3, 16, 8, 0, tzinfo=ZoneInfo(tenant.timezone))
            with structlog.contextvars.bound_contextvars(tenant=tenant.slug):
                request = walk_one_request(desk, tenant, clock)
            print(describe(desk, tenant, request, quiet))
    return 0


