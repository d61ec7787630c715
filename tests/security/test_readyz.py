"""`/readyz` tells the public only its status and the reasons' codes (issue 17): the tenants'
slugs, their projections' lag and error messages go to loopback and the trusted proxies only.
On SQLite and PostgreSQL."""

from __future__ import annotations

import ipaddress
from dataclasses import replace
from datetime import UTC, datetime

from starlette.testclient import TestClient

from adapters.composition import Platform
from adapters.config import Settings
from tests.conftest import FakeClock, random_slug
from web.app import create_app

SOP = ("sumbawa-2021", 3)
PUBLIC = ("203.0.113.7", 40000)
PROXY = ("10.1.2.3", 40000)


def test_a_public_client_learns_only_the_status_and_the_reason_codes(store: Settings, clock: FakeClock):
    clock.set(datetime.now(UTC))  # lag is an event's age by the platform's clock; some stamp their own
    with Platform(replace(store, projections="worker", ready_max_lag=2.0), clock) as platform:
        slug = random_slug("rdy")
        platform.create_tenant(slug, name="Uji", variant_id=SOP[0])
        platform.service(slug).submit(*SOP, user="opd", roles=["opd"], title="Aplikasi",
                                      letter_number="1/2026", letter_date="2026-03-16")  # fmt: skip
        clock.advance(seconds=30)  # no worker: the read models fall behind
        app = create_app(platform, trusted_proxies=(ipaddress.ip_network("10.1.2.0/24"),))
        app.state.probe.fresh = 0.0
        with TestClient(app, client=PUBLIC) as public:
            answer = public.get("/readyz")
        assert answer.status_code == 503
        assert answer.json() == {"status": "not ready", "reasons": ["projection_lag"]}
        assert slug not in answer.text
        for operator in (("127.0.0.1", 40000), PROXY):
            with TestClient(app, client=operator) as client:
                detailed = client.get("/readyz")
            assert detailed.status_code == 503 and slug in detailed.text
            assert detailed.json()["reasons"][0]["code"] == "projection_lag"
