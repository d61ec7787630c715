"""Issue "one tenant's admin must never take down the service": sessions, headers, odd input.

Each test reproduces what an outside probe found and asserts the refusal users see.
"""

from __future__ import annotations

import re

from tests.security.bounds import bounded
from tests.web.conftest import World
from tests.web.pages_helpers import browser, post


def test_signing_out_with_a_bad_csrf_token_still_ends_the_session_on_the_server(world: World):
    client = browser(world, "kadis")
    cookie = client.cookies.get("alur_session")
    with bounded(seconds=2, megabytes=20):
        client.post(f"/t/{world.a}/signout", data={"csrf": "palsu"}, follow_redirects=False)
    stolen = world.client.get(f"/t/{world.a}/inbox", headers={"Cookie": f"alur_session={cookie}"},
                              follow_redirects=False)  # fmt: skip
    assert stolen.status_code == 303 and "/signin" in stolen.headers["location"]


def test_a_405_says_which_methods_the_url_takes(world: World):
    with bounded(seconds=2, megabytes=20):
        answer = world.client.put(f"/t/{world.a}/api/v1/inbox")
    assert answer.status_code == 405
    assert set(answer.headers["allow"].replace(" ", "").split(",")) >= {"GET"}
    assert answer.headers["x-frame-options"] == "DENY"  # errors carry the security headers too


def test_an_empty_value_where_a_boolean_is_expected_is_422_naming_the_field(world: World):
    with bounded(seconds=2, megabytes=20):
        answer = world.api("GET", "/requests?overdue=", "kadis")
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "overdue"


def test_nothing_of_a_tenant_is_kept_by_a_shared_cache(world: World):
    client = browser(world, "opd-disdik")
    letter = {"letter": ("surat.pdf", b"%PDF-1.4 surat", "application/pdf")}
    form = {"letter_number": "1", "letter_date": "2026-03-16", "title": "Dok"}
    posted = post(client, f"/t/{world.a}/requests/new", form, files=letter)
    page = client.get(posted.headers["location"])
    download = client.get(re.search(r'href="([^"]*/files/[0-9a-f]{64})"', page.text).group(1))
    assert download.status_code == 200
    for answer in (page, download, client.get(f"/t/{world.a}/inbox"), world.api("GET", "/inbox", "kadis"),
                   world.client.get(f"/t/{world.a}/signin")):  # fmt: skip
        assert answer.headers["cache-control"] == "no-store"


def test_hsts_only_when_the_request_came_over_https(world: World):
    assert "strict-transport-security" not in world.client.get(f"/t/{world.a}/signin").headers
    from starlette.testclient import TestClient

    secure = TestClient(world.client.app, base_url="https://testserver")
    assert "max-age=" in secure.get(f"/t/{world.a}/signin").headers["strict-transport-security"]


def test_hsts_behind_a_trusted_proxy_that_says_https(world: World):
    import ipaddress

    from starlette.testclient import TestClient

    from web.app import create_app

    app = create_app(world.platform, trusted_proxies=[ipaddress.ip_network("0.0.0.0/0")])
    with TestClient(app, base_url="http://testserver", client=("10.0.0.2", 5000)) as behind:
        proxied = behind.get(f"/t/{world.a}/signin", headers={"X-Forwarded-Proto": "https"})
        plain = behind.get(f"/t/{world.a}/signin")
    assert "max-age=" in proxied.headers["strict-transport-security"]
    assert "strict-transport-security" not in plain.headers
    untrusted = world.client.get(f"/t/{world.a}/signin", headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" not in untrusted.headers  # only a trusted proxy's word counts
