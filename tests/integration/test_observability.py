"""Seeing it run (issue 12, section 2): /healthz, /readyz, /metrics, one JSON line a request, and
projection failures that are recorded and shown, never swallowed. On SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
import structlog
from starlette.testclient import TestClient

from adapters.cli import main
from adapters.composition import Platform
from adapters.config import Settings
from adapters.logging import configure_logging
from projections.audit import AuditProjection
from projections.engine import ERROR_COLUMNS, TRACKING, _columns
from tests import pg
from tests.conftest import Alur, FakeClock, random_slug
from tests.mutu import letter_files
from tests.web.conftest import PASSWORD, add_user
from web.app import create_app

LOOPBACK = ("127.0.0.1", 50000)
SOP = ("sumbawa-2021", 3)
LETTER = {"title": "Aplikasi Sekolah", "purpose": "Data siswa", "letter_number": "420/1/2026",
          "letter_date": "2026-03-16"}  # fmt: skip


@dataclass
class Site:
    platform: Platform
    client: TestClient
    clock: FakeClock
    slug: str

    def token(self, username: str) -> str:
        answer = self.client.post(f"/t/{self.slug}/api/v1/session",
                                  json={"username": username, "password": PASSWORD})  # fmt: skip
        assert answer.status_code == 200, answer.text
        return str(answer.json()["token"])

    def api(self, method: str, path: str, token: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
        return self.client.request(method, f"/t/{self.slug}/api/v1{path}", headers=headers, **kwargs)

    def metrics(self) -> str:
        answer = self.client.get("/metrics")
        assert answer.status_code == 200, answer.text
        return str(answer.text)


Open = Callable[..., Site]
Lines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def open_site(store: Settings, clock: FakeClock) -> Iterator[Open]:
    """A platform on the test's own store (a scratch database on PostgreSQL: /readyz looks at
    every tenant), one tenant with an OPD user and the Kadis, and a client at 127.0.0.1.

    The clock starts at the real time: the library stamps some events itself, and lag is the
    age of an event by the platform's clock."""
    opened: list[tuple[Platform, TestClient]] = []
    clock.set(datetime.now(UTC))

    def open_(**overrides: Any) -> Site:
        platform = Platform(replace(store, **overrides), clock)
        slug = random_slug("obs")
        platform.create_tenant(slug, name="Diskominfo Uji", variant_id="sumbawa-2021")
        service = platform.service(slug)
        service.create_opd("DISDIK", "Dinas Pendidikan", actor="test")
        add_user(service, SOP, "kadis", ["kadis"])
        add_user(service, SOP, "opd-disdik", ["opd"], opd="DISDIK")
        app = create_app(platform)
        app.state.probe.fresh = 0.0  # each probe looks again: the tests change the world between them
        client = TestClient(app, client=LOOPBACK).__enter__()
        opened.append((platform, client))
        return Site(platform, client, clock, slug)

    yield open_
    for platform, client in opened:
        client.__exit__(None, None, None)
        platform.close()


@pytest.fixture
def json_log(capsys: pytest.CaptureFixture[str]) -> Iterator[Lines]:
    """Logging as production has it (ALUR_LOG_FORMAT=json) from the first call in the test (pytest
    gives capsys a new stderr for the test itself); each call gives the lines written since."""
    import logging

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configured = False

    def lines() -> list[dict[str, Any]]:
        nonlocal configured
        if not configured:
            configure_logging(json=True)
            configured = True
        err = capsys.readouterr().err
        return [json.loads(line) for line in err.splitlines() if line.startswith("{")]

    yield lines
    root.handlers[:], root.level = handlers, level
    structlog.reset_defaults()


# -- health ------------------------------------------------------------------------------------


def test_healthz_answers_and_readyz_is_ready_on_a_current_store(open_site: Open) -> None:
    site = open_site()
    assert site.client.get("/healthz").json() == {"status": "ok"}
    ready = site.client.get("/readyz")
    assert ready.status_code == 200, ready.text
    body = ready.json()
    assert body["status"] == "ready" and body["database"] == "ok"
    assert body["projections"]["max_lag_seconds"] == 0 and body["projections"]["errors"] == []


def test_readyz_is_not_ready_while_read_models_lag_past_the_threshold(open_site: Open) -> None:
    # and no worker running, nor any read model kept by the writer (ALUR_INLINE_PROJECTIONS=none)
    site = open_site(projections="worker", inline_projections=(), ready_max_lag=2.0)
    service = site.platform.service(site.slug)
    service.submit(*SOP, user="opd-disdik", roles=["opd"], title="Aplikasi", letter_number="1/2026",
                   letter_date="2026-03-16", opd="DISDIK")  # fmt: skip
    assert site.client.get("/readyz").status_code == 200  # behind, but by less than 2 s
    site.clock.advance(seconds=30)
    answer = site.client.get("/readyz")
    assert answer.status_code == 503, answer.text
    body = answer.json()
    assert body["status"] == "not ready"
    (reason,) = body["reasons"]
    assert reason["code"] == "projection_lag"
    assert "tertinggal" in reason["indonesian"] and "behind" in reason["english"]
    behind = {(row["tenant"], row["projection"]) for row in body["projections"]["behind"]}
    assert (site.slug, "requests") in behind and body["projections"]["max_lag_seconds"] >= 29
    assert sample(site.metrics(), 'alur_projection_lag_seconds{projection="requests"}') >= 29
    site.platform.services.projector(site.platform.tenant(site.slug)).catch_up()  # the worker's turn
    assert site.client.get("/readyz").status_code == 200


def test_readyz_is_not_ready_when_postgresql_cannot_be_reached(
    postgres_url: str, tmp_path: Path, clock: FakeClock
) -> None:
    with pg.scratch_database(postgres_url) as url, Forwarder(url) as door:  # PgBouncer's stand-in
        platform = Platform(Settings(door.url, tmp_path), clock)
        platform.create_tenant(random_slug("obs"), name="Uji", variant_id="sumbawa-2021")
        app = create_app(platform, close_platform=True)
        app.state.probe.fresh = 0.0
        with TestClient(app, client=LOOPBACK) as client:
            assert client.get("/readyz").status_code == 200
            door.stop()  # nothing listens on its port any more; open connections are cut
            answer = client.get("/readyz")
            assert answer.status_code == 503, answer.text
            body = answer.json()
            assert body["database"] == "unreachable"
            assert [r["code"] for r in body["reasons"]] == ["database_unreachable"]
            assert "basis data" in body["reasons"][0]["indonesian"]
            assert "database" in body["reasons"][0]["english"]
            assert client.get("/healthz").status_code == 200  # alive: no restart for an outage
            assert "alur_database_up 0.0" in client.get("/metrics").text


# -- metrics -----------------------------------------------------------------------------------


def test_metrics_answer_the_allowed_addresses_only(open_site: Open) -> None:
    site = open_site()
    assert site.client.get("/metrics").status_code == 200
    nowhere = site.client.get("/tidak-ada")
    with TestClient(site.client.app) as elsewhere:  # the test client's own, non-loopback address
        refused = elsewhere.get("/metrics")
    assert refused.status_code == 404 and refused.text == nowhere.text  # nothing tells it exists
    behind_proxy = create_app(site.platform, trusted_proxies=[ipaddress.ip_network("127.0.0.1/32")])
    with TestClient(behind_proxy, client=LOOPBACK) as proxied:
        outside = proxied.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
        assert outside.status_code == 404  # the proxy is on loopback, its client is not
        assert proxied.get("/metrics").status_code == 200  # the proxy's own scrape
    allowed = replace(site.platform.settings, metrics_allow=(ipaddress.ip_network("203.0.113.0/24"),))
    site.platform.settings = allowed
    with TestClient(behind_proxy, client=LOOPBACK) as proxied:
        assert proxied.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 200


def test_metrics_count_requests_by_route_steps_by_tenant_and_throttled_sign_ins(
    open_site: Open, store: Settings
) -> None:
    site = open_site()
    opd, kadis = site.token("opd-disdik"), site.token("kadis")
    request_id = site.api("POST", "/requests", opd, data=LETTER, files=letter_files()).json()["id"]
    acted = site.api("POST", f"/requests/{request_id}/steps/2", kadis, json={"note": "lanjut"})
    assert acted.status_code == 200, acted.text
    wrong = {"username": "kadis", "password": "salah-sekali"}
    codes = [site.client.post(f"/t/{site.slug}/api/v1/session", json=wrong).status_code for _ in range(5)]
    assert 429 in codes
    text = site.metrics()
    step_route = "/t/{tenant}/api/v1/requests/{id}/steps/{number}"
    labels = f'method="POST",route="{step_route}",status="200"'
    assert f"alur_http_requests_total{{{labels}}} 1.0" in text
    assert f"alur_http_request_duration_seconds_count{{{labels}}} 1.0" in text
    assert 'alur_http_requests_total{method="POST",route="/t/{tenant}/api/v1/session",status="429"}' in text
    assert f'alur_step_actions_total{{tenant="{site.slug}",variant="sumbawa-2021"}} 1.0' in text
    assert f'alur_signin_throttled_total{{tenant="{site.slug}"}} {codes.count(429)}.0' in text
    assert 'alur_projection_lag_seconds{projection="audit"} 0.0' in text
    assert "alur_database_up 1.0" in text
    assert request_id not in text  # a route's template, never its path
    if store.database_url:
        assert 'alur_db_pool_in_use{database="main"}' in text
        assert 'alur_db_pool_waiting{database="main"} 0.0' in text


# -- logs --------------------------------------------------------------------------------------


def test_each_request_writes_one_json_line_with_its_id_tenant_user_route_status_and_duration(
    open_site: Open, json_log: Lines
) -> None:
    site = open_site()
    token = site.token("opd-disdik")
    json_log()  # forget the set-up's lines
    answer = site.api(
        "POST", "/requests", token, data=LETTER, files=letter_files(), headers={"X-Request-ID": "uji-42"}
    )
    assert answer.status_code == 201 and answer.headers["x-request-id"] == "uji-42"
    (line,) = [line for line in json_log() if line["event"] == "request"]
    assert line["request_id"] == "uji-42" and line["tenant"] == site.slug and line["user"] == "opd-disdik"
    assert line["route"] == "/t/{tenant}/api/v1/requests" and line["method"] == "POST"
    assert line["status"] == 201 and isinstance(line["duration_ms"], float) and line["level"] == "info"
    anonymous = site.client.get("/healthz")
    (line,) = [line for line in json_log() if line["event"] == "request"]
    assert line["request_id"] == anonymous.headers["x-request-id"] and line["user"] is None


def test_an_inline_projection_failure_is_logged_shown_by_status_and_readyz_then_cleared(
    open_site: Open, alur_cli: Alur, json_log: Lines, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = open_site()
    token = site.token("opd-disdik")
    assert site.client.get("/readyz").status_code == 200  # caught up: the next check reads what moved
    original = AuditProjection.apply

    def broken(self: AuditProjection, *args: Any) -> None:
        raise RuntimeError("audit rusak")

    monkeypatch.setattr(AuditProjection, "apply", broken)
    json_log()
    answer = site.api(
        "POST", "/requests", token, data=LETTER, files=letter_files(), headers={"X-Request-ID": "uji-gagal"}
    )
    assert answer.status_code == 201  # the events are stored; the read models wait
    # The filing's own save, and the office calendar's year recorded just before it: each logged.
    failure, *more = [line for line in json_log() if line["event"] == "projections_catch_up_failed"]
    assert all(line["request_id"] == "uji-gagal" for line in more)
    assert failure["tenant"] == site.slug and failure["projection"] == "audit"
    assert failure["request_id"] == "uji-gagal" and failure["user"] == "opd-disdik"
    assert failure["route"] == "/t/{tenant}/api/v1/requests"  # every line of a request names these
    assert isinstance(failure["position"], int) and failure["level"] == "error"
    assert "Traceback" in failure["exception"] and "audit rusak" in failure["exception"]

    code, out = alur_cli(f"projections status --tenant {site.slug}")
    assert code == 1, out
    assert f"at position {failure['position']}" in out and "RuntimeError: audit rusak" in out
    body = site.client.get("/readyz").json()
    (shown,) = body["projections"]["errors"]
    assert shown["tenant"] == site.slug and shown["projection"] == "audit"
    assert shown["error"]["position"] == failure["position"] and "audit rusak" in shown["error"]["message"]
    assert f'alur_projection_failed{{projection="audit",tenant="{site.slug}"}} 1.0' in site.metrics()
    site.clock.advance(seconds=site.platform.settings.ready_max_lag + 1)
    assert site.client.get("/readyz").status_code == 503  # stuck past the threshold: not ready

    monkeypatch.setattr(AuditProjection, "apply", original)  # the bug fixed: the next save catches up
    site.platform.services.projector(site.platform.tenant(site.slug)).catch_up()
    assert alur_cli(f"projections status --tenant {site.slug}")[0] == 0
    ready = site.client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["projections"]["errors"] == []


def test_a_tracking_table_from_before_gains_the_error_columns(open_site: Open) -> None:
    site = open_site()
    projector = site.platform.services.projector(site.platform.tenant(site.slug))
    with projector.db.transaction() as tx:
        for column in ERROR_COLUMNS:
            tx.execute(f"ALTER TABLE {TRACKING} DROP COLUMN {column}")
    projector._ready = False  # the new release starting on a store of the old one
    assert site.client.get("/readyz").status_code == 200  # PostgreSQL: read as "no error" as it is
    projector.setup()
    with projector.db.transaction() as tx:
        assert set(ERROR_COLUMNS) <= _columns(tx)
    assert all(status.error is None for status in projector.status())


def test_serve_and_the_worker_log_as_configured_and_uvicorn_writes_no_access_lines(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import logging
    import signal

    import uvicorn

    from adapters.cli import reads as projections_cli

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # `projections run` installs its own
    calls: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.update(kwargs))
    monkeypatch.setattr("web.assets.ensure_installed", lambda: None)
    monkeypatch.setenv("ALUR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ALUR_DATABASE_URL", raising=False)
    monkeypatch.setenv("ALUR_LOG_FORMAT", "json")
    try:
        assert main(["serve"]) == 0
        assert calls["access_log"] is False and calls["log_config"] is None
        assert isinstance(structlog.get_config()["processors"][-1], structlog.processors.JSONRenderer)
        structlog.reset_defaults()

        class Worker:
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                pass

            def run(self, stop: Any) -> None:
                pass

        monkeypatch.setattr(projections_cli, "ProjectionWorker", Worker)
        assert main(["projections", "run"]) == 0
        assert isinstance(structlog.get_config()["processors"][-1], structlog.processors.JSONRenderer)
    finally:
        root.handlers[:], root.level = handlers, level
        structlog.reset_defaults()


def sample(text: str, series: str) -> float:
    """The value of one series in Prometheus text."""
    (value,) = [line.rsplit(" ", 1)[1] for line in text.splitlines() if line.startswith(series + " ")]
    return float(value)


# -- a TCP door in front of PostgreSQL that the test can shut ---------------------------------


class Forwarder:
    """Forwards a local port to the PostgreSQL server, like PgBouncer; `stop` cuts every
    connection and leaves nothing listening on the port."""

    def __init__(self, url: str) -> None:
        params = psycopg.conninfo.conninfo_to_dict(url)
        self.target = (str(params.get("host") or "127.0.0.1"), int(params.get("port") or 5432))
        self.listener = socket.create_server(("127.0.0.1", 0))
        params.update(host="127.0.0.1", port=str(self.listener.getsockname()[1]))
        self.url = psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in params.items()})
        self.sockets: list[socket.socket] = []
        self.stopped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def __enter__(self) -> Forwarder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.stopped.set()
        for sock in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
