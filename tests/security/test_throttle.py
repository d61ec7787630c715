"""Proxies and the sign-in throttle: forwarded headers count only from configured proxies; the
throttle counts per account across addresses and per address across accounts; it says when to
try again."""

from __future__ import annotations

import argparse
import ipaddress
from typing import Any

import httpx2 as httpx
import pytest
from starlette.testclient import TestClient

from tests.security.bounds import bounded
from tests.security.served import serving
from tests.web.conftest import World
from tests.web.pages_helpers import csrf_of
from web.app import create_app

WRONG = {"username": "kadis", "password": "salah-sekali"}


def _sign_in(client: Any, slug: str, forwarded: str | None = None, **body: str) -> Any:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post(f"/t/{slug}/api/v1/session", json={**WRONG, **body}, headers=headers)


def test_forwarded_for_from_an_untrusted_peer_gets_no_fresh_attempts(world: World):
    """The probe: ten different X-Forwarded-For values from 127.0.0.1 got ten fresh attempts."""
    with serving(world.client.app) as port, httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        with bounded(seconds=20, megabytes=30):
            statuses = [_sign_in(client, world.a, f"10.9.8.{n}").status_code for n in range(10)]
        assert statuses[:3] == [401, 401, 401]
        assert set(statuses[3:]) == {429}
        throttled = _sign_in(client, world.a, "10.9.8.200")
        assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) >= 1


def test_behind_a_trusted_proxy_one_account_is_limited_across_all_addresses(world: World):
    app = create_app(world.platform, trusted_proxies=[ipaddress.ip_network("127.0.0.0/8")])
    with serving(app) as port, httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        statuses = [_sign_in(client, world.a, f"10.1.0.{n}").status_code for n in range(14)]
        assert statuses[:10] == [401] * 10  # each address is new: the per-address count never bites
        assert set(statuses[10:]) == {429}  # the account's own count does
        other = _sign_in(client, world.a, "10.1.0.99", username="kabid-ti")
        assert other.status_code == 401  # another account from a fresh address is not held up


def test_one_address_trying_many_accounts_is_limited(world: World):
    statuses = [_sign_in(world.client, world.a, username=f"tebakan-{n}").status_code for n in range(33)]
    assert statuses[:30] == [401] * 30 and set(statuses[30:]) == {429}


def test_a_throttled_sign_in_page_says_when_to_try_again(world: World):
    client = TestClient(world.client.app, base_url="http://testserver")
    for _ in range(4):
        form = client.get(f"/t/{world.a}/signin")
        answer = client.post(f"/t/{world.a}/signin", data={**WRONG, "csrf": csrf_of(form.text)})
    assert answer.status_code == 429
    assert int(answer.headers["retry-after"]) >= 1 and "detik" in answer.text


def test_alur_serve_leaves_forwarded_headers_to_the_door(monkeypatch: pytest.MonkeyPatch, tmp_path):
    """uvicorn by default believes X-Forwarded-For from 127.0.0.1; `alur serve` turns that off."""
    import uvicorn

    from adapters.cli import serve as serve_cli

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(kwargs))
    monkeypatch.setattr("web.assets.ensure_installed", lambda: None)
    monkeypatch.setenv("ALUR_DATA_DIR", str(tmp_path))
    serve_cli._serve(argparse.Namespace(host="127.0.0.1", port=0, workers=1, demo=False))
    assert seen["proxy_headers"] is False


def test_trusted_proxies_are_read_from_the_environment_and_a_typo_stops_the_start():
    from adapters.config import Settings

    found = Settings.from_env({"ALUR_TRUSTED_PROXIES": "10.0.0.5, 10.1.0.0/16 ::1"}).trusted_proxies
    assert [str(n) for n in found] == ["10.0.0.5/32", "10.1.0.0/16", "::1/128"]
    assert Settings.from_env({}).trusted_proxies == ()
    with pytest.raises(ValueError, match="ALUR_TRUSTED_PROXIES"):
        Settings.from_env({"ALUR_TRUSTED_PROXIES": "10.0.0.300"})
