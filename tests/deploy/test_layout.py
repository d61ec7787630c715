"""The production layout, run: nginx (TLS) → 2 × `alur serve` → PgBouncer → PostgreSQL, plus
the projection worker, every process started from deploy/'s own files (tests/deploy/layout.py).

Under a short load through nginx over https (client threads looping inbox → request → step on
the JSON API, bench/load.py's clients): one web process is killed with SIGKILL, the worker is
restarted, and both web processes are restarted one after the other. It fails on any 5xx except
for requests that were in the killed process's hands, on any step answered 200 that is missing
from its request's history afterwards, on a worker that does not catch up within seconds, and on
the front door's promises (HTTPS only, Secure cookies, HSTS, static files and body limits in
nginx, LISTEN straight to PostgreSQL).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx2 as httpx
import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from tenants.catalogue import builtin_variant
from tests import pg
from tests.deploy.layout import (
    DEPLOY,
    ROOT,
    Layout,
    Process,
    binary,
    free_port,
    healthy,
    nginx_main_conf,
    pgbouncer_argv,
    private_folder,
    read_unit,
    render_pgbouncer,
    render_site,
    self_signed,
    unit_command,
    wait_until,
    with_port,
)

pytestmark = pytest.mark.postgres

CLIENTS = 4
BENCH_LOAD = ROOT / "bench" / "load.py"


def bench_load() -> ModuleType:
    """bench/load.py as a module (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("alur_bench_load", BENCH_LOAD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


# -- what the clients saw ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    started: float
    ended: float
    method: str
    path: str
    status: int  # 0: no answer (connection closed, timeout)
    text: str = ""


@dataclass(frozen=True)
class Ack:
    """A step action answered 200: the request's version before and after it."""

    request: str
    step: int
    before: int
    after: int
    at: float
    answer: dict[str, Any]


@dataclass
class Record:
    seen: list[Seen] = field(default_factory=list)
    acks: list[Ack] = field(default_factory=list)
    kills: list[tuple[float, float]] = field(default_factory=list)  # (signal sent, process reaped)

    def excused(self, seen: Seen) -> bool:
        """In the killed process's hands: sent before it was gone, answered after the kill."""
        return any(seen.started <= reaped and seen.ended >= sent for sent, reaped in self.kills)

    def five_xx(self) -> list[Seen]:
        return [s for s in self.seen if s.status >= 500 and not self.excused(s)]

    def acks_between(self, start: float, end: float) -> int:
        return sum(1 for ack in self.acks if start <= ack.at <= end)


def client_class(load: ModuleType) -> type:
    class Client(load.LoadClient):  # type: ignore[name-defined, misc]
        """bench/load.py's client, noting every answer and every acknowledged step."""

        record: Record

        def call(self, method: str, path: str, user: str, *, body: dict[str, Any] | None = None,
                 kind: str, form: dict[str, str] | None = None) -> Any:  # fmt: skip
            started = time.monotonic()
            try:
                token = self.tokens.token(self.tenant.slug, user)
                headers = {"Authorization": f"Bearer {token}"}
                if form is not None:  # a submission: multipart, with its letter (a PDF)
                    letter = {"letter": ("surat-permohonan.pdf", load.LETTER_PDF, "application/pdf")}
                    url = self.api + path
                    answer = self.http.request(method, url, data=form, files=letter, headers=headers)
                else:
                    answer = self.http.request(method, self.api + path, json=body, headers=headers)
            except load.SignInError as error:
                self.record.seen.append(Seen(started, time.monotonic(), "POST", "/session", error.status))
                return None
            except httpx.HTTPError as error:
                self.record.seen.append(Seen(started, time.monotonic(), method, path, 0, repr(error)))
                return None
            ended = time.monotonic()
            self.record.seen.append(Seen(started, ended, method, path, answer.status_code, answer.text[:300]))
            if answer.status_code >= 400:
                return None
            data = answer.json()
            if kind == "step":
                number = int(path.rsplit("/", 1)[1])
                ack = Ack(str(data["id"]), number, int(body["expected_version"]), int(data["version"]),  # type: ignore[index]
                          ended, data)  # fmt: skip
                self.record.acks.append(ack)
            return data

    return Client


# -- the test ----------------------------------------------------------------------------------------


@dataclass
class Site:
    """The running layout and how to reach it."""

    layout: Layout
    folder: Path
    ports: dict[str, int]
    webs: list[Process]
    worker: Process
    nginx_argv: list[str]
    site_file: Path
    direct: str
    tenant: Any = None  # bench/load.py's BenchTenant, once seeded
    slug: str = ""
    password: str = ""

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.ports['https']}"


def test_layout_behind_nginx_and_pgbouncer_survives_kill_worker_restart_and_rolling_restart(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    began = time.monotonic()
    cert, key = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the clients trust the layout's certificate
    load = bench_load()
    bouncer_folder = private_folder("alur-pgbouncer-")
    layout = Layout(tmp_path)
    with pg.scratch_database(postgres_url) as direct:
        try:
            site = start_layout(layout, bouncer_folder, direct, cert, key)
            seed(site, load, tmp_path)
            check_listen_connections(site, load)
            check_front_door(site)
            check_reset_links_reach_no_log(site)
            record = run_with_disruptions(site, load)
            check_nothing_lost(site, load, record)
            restore_drill(site, postgres_url, tmp_path)
            check_readiness_follows_pgbouncer(site)
        finally:
            layout.stop_all()
            shutil.rmtree(bouncer_folder, ignore_errors=True)
    print(f"layout test: {time.monotonic() - began:.1f} s")


def start_layout(layout: Layout, bouncer_folder: Path, direct: str, cert: Path, key: Path) -> Site:
    folder = layout.folder
    ports = {"http": free_port(), "https": free_port(), "bouncer": free_port()}
    web_ports = [free_port(), free_port()]
    dbname = str(conninfo_to_dict(direct)["dbname"])
    ini = render_pgbouncer(bouncer_folder, ports["bouncer"], direct, dbname)
    bouncer = layout.add("pgbouncer", pgbouncer_argv(ini, bouncer_folder))
    bouncer.start()
    pooled = with_port(direct, ports["bouncer"])

    def bouncer_answers() -> bool:
        with psycopg.connect(pooled, connect_timeout=2) as conn:
            return conn.execute("SELECT 1").fetchone() == (1,)

    wait_until(bouncer_answers, "PgBouncer answering", 10, [bouncer])
    overrides = {"ALUR_DATABASE_URL": pooled, "ALUR_LISTEN_DATABASE_URL": direct,
                 "ALUR_DATA_DIR": str(folder / "data")}  # fmt: skip
    web_unit = read_unit(DEPLOY / "systemd" / "alur-web@.service")
    worker_unit = read_unit(DEPLOY / "systemd" / "alur-worker.service")
    worker_cmd = unit_command(worker_unit, "", overrides)
    worker = layout.add("worker", worker_cmd.argv, worker_cmd.env, worker_cmd.cwd)
    webs = []
    for index, port in enumerate(web_ports):
        cmd = unit_command(web_unit, str(port), overrides)
        webs.append(layout.add(f"web{index}", cmd.argv, cmd.env, cmd.cwd))
    nginx_folder = folder / "nginx"
    nginx_folder.mkdir()
    site_file = render_site(nginx_folder, ports["http"], ports["https"], web_ports, cert, key)
    conf = nginx_main_conf(nginx_folder, site_file)
    nginx_argv = [
        binary("nginx"),
        "-p",
        str(nginx_folder),
        "-c",
        str(conf),
        "-e",
        str(nginx_folder / "error.log"),
    ]
    checked = subprocess.run([*nginx_argv, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, f"nginx -t refuses the rendered deploy/nginx/alur.conf:\n{checked.stderr}"
    layout.add("nginx", [*nginx_argv, "-g", "daemon off;"])
    ports.update({f"web{i}": port for i, port in enumerate(web_ports)})
    return Site(layout, nginx_folder, ports, webs, worker, nginx_argv, site_file, direct)


def seed(site: Site, load: ModuleType, folder: Path) -> None:
    """One tenant with a user per role and 20 requests in every stage (`alur bench seed`, with
    the units' environment: through PgBouncer), then the processes."""
    manifest = folder / "manifest.json"
    command = [site.worker.argv[0], "bench", "seed", "--tenants", "1", "--requests", "20", "--manifest",
               str(manifest)]  # fmt: skip
    seeded = subprocess.run(command, env=site.worker.env, cwd=site.worker.cwd, capture_output=True, text=True)
    assert seeded.returncode == 0, f"alur bench seed failed:\n{seeded.stdout}\n{seeded.stderr}"
    site.password, tenants = load.load_manifest(manifest)
    site.tenant, site.slug = tenants[0], tenants[0].slug
    for process in [site.worker, *site.webs, site.layout.processes["nginx"]]:
        process.start()
    everyone = list(site.layout.processes.values())
    for web in site.webs:
        port = site.ports[web.name]
        wait_until(lambda port=port: healthy(port), f"{web.name} healthy", 60, everyone)  # type: ignore[misc]
    wait_until(lambda: httpx.get(f"{site.base}/healthz", timeout=2).status_code == 200, "nginx", 20, everyone)
    wait_until(lambda: load.projection_backlog(site.direct) == 0, "the worker caught up", 60, everyone)


def check_listen_connections(site: Site, load: ModuleType) -> None:
    """Each web process's tenant directory and the worker LISTEN on PostgreSQL itself."""
    processes = {p.popen.pid: p.name for p in [site.worker, *site.webs] if p.popen is not None}

    def listening() -> set[str]:
        with psycopg.connect(site.direct, autocommit=True) as conn:
            rows = conn.execute("SELECT client_port FROM pg_stat_activity WHERE datname = current_database()"
                                " AND query LIKE 'LISTEN%%'").fetchall()  # fmt: skip
        owners = load.socket_owners(processes)
        return {processes[owners[port]] for (port,) in rows if owners.get(port) in processes}

    wait_until(lambda: listening() == set(processes.values()), "LISTEN straight to PostgreSQL", 10)


def set_cookies(answer: httpx.Response) -> list[str]:
    """The cookies an answer sets (not the ones it deletes)."""
    found = answer.headers.get_list("set-cookie")
    return [c for c in found if "max-age=0" not in c.lower() and "1970" not in c]


def hsts(answer: httpx.Response) -> bool:
    """Exactly one Strict-Transport-Security header, for a year."""
    found = answer.headers.get_list("strict-transport-security")
    return len(found) == 1 and "max-age=31536000" in found[0]


def check_front_door(site: Site) -> None:
    slug, base = site.slug, site.base
    plain = httpx.get(f"http://127.0.0.1:{site.ports['http']}/t/{slug}/inbox")
    assert plain.status_code == 301 and plain.headers["location"] == f"https://127.0.0.1/t/{slug}/inbox"
    with httpx.Client(base_url=base, timeout=30) as browser:
        form = browser.get(f"/t/{slug}/signin")
        assert form.status_code == 200 and hsts(form)
        csrf = browser.cookies.get("alur_signin_csrf")
        assert csrf and all("secure" in c.lower() for c in set_cookies(form)), set_cookies(form)
        signed = browser.post(f"/t/{slug}/signin", data={"username": "admin", "password": site.password,
                                                          "csrf": csrf})  # fmt: skip
        assert signed.status_code == 303, signed.text[:500]
        assert hsts(signed)
        session = set_cookies(signed)
        assert session and all("; secure" in c.lower() for c in session), session
        # static files come from disk, not from a process (no upstream in nginx's log)
        css = browser.get("/static/alur.css")
        htmx = browser.get("/assets/htmx.min.js")
        assert css.status_code == htmx.status_code == 200
        assert htmx.content == (ROOT / "node_modules/htmx.org/dist/htmx.min.js").read_bytes()
        assert browser.get("/assets/anything-else.js").status_code == 404
        pdfjs = browser.get("/assets/pdfjs/pdf.worker.min.mjs")  # a module: only run when JavaScript
        assert pdfjs.status_code == 200 and pdfjs.headers["content-type"].startswith("text/javascript")
        viewer = browser.get("/static/pdf-viewer.js")
        assert "javascript" in viewer.headers["content-type"]
        # body limits: past 256 KB nginx refuses a sign-in (no request id: never reached Alur);
        # the upload route takes a form with files on to the application
        big = b"x" * (300 * 1024)
        refused = browser.post(f"/t/{slug}/api/v1/session", content=big)
        assert refused.status_code == 413 and "x-request-id" not in refused.headers and hsts(refused)
        passed = browser.post(f"/t/{slug}/requests/new", content=big,
                              headers={"content-type": "multipart/form-data; boundary=x"})  # fmt: skip
        assert passed.status_code != 413 and "x-request-id" in passed.headers
    log = (site.folder / "alur.access.log").read_text()
    static = [
        line for line in log.splitlines() if '"GET /static/alur.css' in line or '"GET /assets/htmx' in line
    ]
    assert static and all("upstream=- " in line for line in static), static


def check_reset_links_reach_no_log(site: Site) -> None:
    """The admin resets a password through nginx and the user sets it again through the link:
    neither nginx's access log nor the web processes' log lines carry the link's token."""
    with httpx.Client(base_url=site.base, timeout=30) as client:
        signed = client.post(f"/t/{site.slug}/api/v1/session", json={"username": "admin",
                                                                      "password": site.password})  # fmt: skip
        assert signed.status_code == 200, signed.text
        auth = {"Authorization": f"Bearer {signed.json()['token']}"}
        issued = client.post(f"/t/{site.slug}/api/v1/users/admin/password-reset", headers=auth, json={})
        assert issued.status_code == 200, issued.text
        link = issued.json()["link"]
        token = link.rsplit("/", 1)[1]
        assert client.get(link).status_code == 200
        chosen = client.post(link, data={"password": site.password, "confirm": site.password})
        assert chosen.status_code == 200 and "disimpan" in chosen.text
    access = site.folder / "alur.access.log"
    logged = "/password/[disembunyikan]"
    wait_until(lambda: access.read_text().count(logged) >= 2, "nginx logged the link", 10)
    files = [access, site.folder / "alur.error.log", *(p.log for p in site.layout.processes.values())]
    logs = [path.read_text(errors="replace") for path in files if path.exists()]
    processes = "\n".join(logs[1:])
    assert all(token not in text for text in logs), "a reset link's token reached a log"
    assert f"/t/{site.slug}/password/[disembunyikan]" in processes  # the web processes' own lines


def run_with_disruptions(site: Site, load: ModuleType) -> Record:
    """The load, and meanwhile: SIGKILL one web process (systemd brings it back), restart the
    worker, roll a restart through both web processes (drained in nginx first)."""
    tenant = site.tenant
    tokens = load.TokenBook(site.base, site.password)
    tokens.sign_in_all([(tenant.slug, name) for name in [*tenant.workers, "auditor"]])
    assert not tokens.failures, tokens.failures
    steps = load.sop_steps(site.base, tenant, tokens)
    record, stop = Record(), threading.Event()
    Client = client_class(load)
    clients = []
    for index in range(CLIENTS):
        client = Client(site.base, tenant, tokens, steps, seed=index, stop=stop, lag_every=0, timeout=30.0)
        client.record = record
        clients.append(client)
    threads = [threading.Thread(target=c.run, daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    try:
        time.sleep(3)
        kill_window = kill_one_web_process(site, record)
        worker_window = restart_worker(site, tenant, tokens, record)
        rolling_window = rolling_restart(site)
        time.sleep(2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=40)
    bad = record.five_xx()
    assert not bad, f"5xx outside the kill: {bad[:5]}\n{site.layout.logs()}"
    for name, window in [
        ("kill", kill_window),
        ("worker restart", worker_window),
        ("rolling", rolling_window),
    ]:
        assert record.acks_between(*window), f"no step acknowledged during the {name}: the load stalled"
    passed_on = f"upstream=127.0.0.1:{site.ports['web0']}, 127.0.0.1:{site.ports['web1']}"
    retried = [
        line for line in (site.folder / "alur.access.log").read_text().splitlines() if passed_on in line
    ]
    assert retried, "nginx never passed a request on from the killed process to the other"
    no_answer = [s for s in record.seen if s.status == 0]
    unanswered = len(no_answer)
    # A reload (alur-drain) closes the clients' idle keep-alive connections; one that sent a
    # request at that instant sees the connection closed unanswered, and nothing was done.
    stray = [
        s
        for s in no_answer
        if not any(s.ended >= a and s.started <= b for a, b in (kill_window, rolling_window))
    ]
    assert not stray, f"requests without an answer outside the kill and the rolling restart: {stray[:3]}"
    for seen in no_answer[:5]:  # the client's side of a reload or a kill: not a 5xx, shown
        print(f"no answer: {seen.method} {seen.path} {seen.text}")
    excused = sum(1 for s in record.seen if s.status >= 500)
    print(f"{len(record.seen)} answers, {len(record.acks)} steps acknowledged, {excused} 5xx in the "
          f"killed process's hands, {unanswered} without an answer, {len(retried)} passed on by "
          "nginx")  # fmt: skip
    return record


def kill_one_web_process(site: Site, record: Record) -> tuple[float, float]:
    web, port = site.webs[0], site.ports["web0"]
    start = time.monotonic()
    assert web.popen is not None
    sent = time.monotonic()
    web.send(signal.SIGKILL)
    web.popen.wait(timeout=10)
    record.kills.append((sent, time.monotonic()))
    web.popen = None
    # Down past nginx's fail_timeout: after it, nginx tries the dead process again, is refused,
    # and must pass the request on (a kill that caught only POSTs is not retried, see README).
    found = re.search(r"fail_timeout=(\d+)s", site.site_file.read_text())
    time.sleep(int(found.group(1)) + 1.5 if found else 1.5)
    web.start()
    wait_until(lambda: healthy(port), "web0 back after SIGKILL", 60, [web])
    return start, time.monotonic()


def restart_worker(site: Site, tenant: Any, tokens: Any, record: Record) -> tuple[float, float]:
    """`systemctl restart alur-worker` (SIGTERM) with steps acted meanwhile; the last of them
    must show in the next role's inbox within seconds."""
    start = time.monotonic()
    site.worker.stop(signal.SIGTERM)
    time.sleep(1.5)
    site.worker.start()
    restarted = time.monotonic()
    waiting = [
        a for a in record.acks if a.answer.get("status") == "in_progress" and a.answer.get("active_step")
    ]
    assert waiting, "no step acknowledged before the worker restart"
    last = waiting[-1]
    took = wait_until(lambda: shows_in_inbox(site, tenant, tokens, last),
                      "the restarted worker catching up", 20, [site.worker])  # fmt: skip
    print(f"worker restarted: step {last.step} of {last.request} in the next inbox {took:.1f} s after "
          f"its start (acted {restarted - last.at:.1f} s before it)")  # fmt: skip
    return start, time.monotonic()


def shows_in_inbox(site: Site, tenant: Any, tokens: Any, ack: Ack) -> bool:
    """The next role's inbox shows the request at its next step, or someone has acted on it
    since (which they could only do once the read models had it)."""
    active = ack.answer["active_step"]
    role, number = str(active["role"]), int(active["number"])
    if role == builtin_variant(tenant.variant_id).variant.requester_role:
        viewers = [tenant.opd_user(ack.answer.get("opd"))]
    else:
        viewers = tenant.holders(role)
    api = f"{site.base}/t/{tenant.slug}/api/v1"
    for viewer in [v for v in viewers if v]:
        auth = {"Authorization": f"Bearer {tokens.token(tenant.slug, viewer)}"}
        answer = httpx.get(f"{api}/inbox", params={"request": ack.request}, headers=auth, timeout=10)
        assert answer.status_code < 500, answer.text
        if answer.status_code == 200 and any(
            i.get("request_id") == ack.request and int(i.get("step", 0)) == number
            for i in answer.json()["items"]
        ):
            return True
    auth = {"Authorization": f"Bearer {tokens.token(tenant.slug, 'auditor')}"}
    now = httpx.get(f"{api}/requests/{ack.request}", headers=auth, timeout=10)
    return now.status_code == 200 and int(now.json()["version"]) > ack.after


def rolling_restart(site: Site) -> tuple[float, float]:
    """deploy/README.md's rolling restart: drain in nginx, restart, wait for /healthz, back in."""
    start = time.monotonic()
    drain_env = {
        **os.environ,
        "ALUR_NGINX_SITE": str(site.site_file),
        "ALUR_NGINX": " ".join(site.nginx_argv),
    }
    for web in site.webs:
        port = site.ports[web.name]
        subprocess.run([str(DEPLOY / "nginx" / "alur-drain"), "down", str(port)], env=drain_env, check=True)
        web.stop(signal.SIGTERM)
        web.start()
        wait_until(lambda port=port: healthy(port), f"{web.name} healthy after restart", 60, [web])  # type: ignore[misc]
        subprocess.run([str(DEPLOY / "nginx" / "alur-drain"), "up", str(port)], env=drain_env, check=True)
    return start, time.monotonic()


def check_nothing_lost(site: Site, load: ModuleType, record: Record) -> None:
    """Every step answered 200 is in its request's history (the audit read model, once the
    worker has caught up)."""
    wait_until(lambda: load.projection_backlog(site.direct) == 0, "read models caught up", 30, [site.worker])
    tokens = load.TokenBook(site.base, site.password)
    auth = {"Authorization": f"Bearer {tokens.token(site.slug, 'auditor')}"}
    histories: dict[str, list[dict[str, Any]]] = {}
    with httpx.Client(base_url=f"{site.base}/t/{site.slug}/api/v1", headers=auth, timeout=30) as api:
        for request in {ack.request for ack in record.acks}:
            answer = api.get(f"/requests/{request}/events")
            assert answer.status_code == 200, answer.text
            histories[request] = answer.json()

    def recorded(ack: Ack) -> bool:
        return any(
            e["step"] == ack.step and ack.before < e["position"] <= ack.after for e in histories[ack.request]
        )

    lost = [ack for ack in record.acks if not recorded(ack)]
    assert not lost, f"{len(lost)} acknowledged steps missing from their history: {lost[:3]}"


def check_readiness_follows_pgbouncer(site: Site) -> None:
    """/readyz (when the service has it) is 503 with PgBouncer stopped and 200 once it is back."""
    port = site.ports["web0"]
    if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=10).status_code == 404:
        return
    bouncer = site.layout.processes["pgbouncer"]
    bouncer.stop(signal.SIGTERM)
    down = wait_until(lambda: httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=10).status_code == 503,
                      "/readyz 503 without PgBouncer", 20)  # fmt: skip
    bouncer.start()
    up = wait_until(lambda: httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=10).status_code == 200,
                    "/readyz 200 with PgBouncer back", 30)  # fmt: skip
    print(f"/readyz: 503 {down:.1f} s after PgBouncer stopped, 200 {up:.1f} s after it started again")


def _counts(dsn: str, schema: str) -> tuple[int, int, int]:
    """Events, their last position, and requests in the read model, of one tenant schema."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        name = sql.Identifier(schema)
        events, last = conn.execute(
            sql.SQL("SELECT count(*), max(notification_id) FROM {}.alur_events").format(name)
        ).fetchone()
        requests = conn.execute(sql.SQL("SELECT count(*) FROM {}.rm_requests").format(name)).fetchone()
        return int(events), int(last), int(requests[0])


def restore_drill(site: Site, postgres_url: str, folder: Path) -> None:
    """deploy/README.md's backup and restore runbook, as written: after the load, (1) `pg_dump`
    of the tenant's schema and the registry's, restored into a new database, holds every event;
    (2) `alur tenant export`, then `alur tenant import --as`, gives a second tenant with the same
    events and read models, which the running web processes serve."""
    alur, env, cwd = site.worker.argv[0], site.worker.env, site.worker.cwd
    schema = "t_" + site.slug.replace("-", "_")
    source = _counts(site.direct, schema)
    dump = folder / "alur.dump"
    dumped = subprocess.run([binary("pg_dump"), "--format=custom", f"--schema={schema}",
                             "--schema=alur_platform", f"--file={dump}", site.direct],
                            capture_output=True, text=True)  # fmt: skip
    assert dumped.returncode == 0, dumped.stderr
    with pg.scratch_database(postgres_url) as restored:
        loaded = subprocess.run([binary("pg_restore"), "--no-owner", f"--dbname={restored}", str(dump)],
                                capture_output=True, text=True)  # fmt: skip
        assert loaded.returncode == 0, loaded.stderr
        assert _counts(restored, schema) == source, "pg_restore gave back another history"
    exported = folder / f"{site.slug}.alur"
    for argv in ([alur, "tenant", "export", site.slug, str(exported)],
                 [alur, "tenant", "import", str(exported), "--as", f"{site.slug}-pulih"]):  # fmt: skip
        ran = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True)
        assert ran.returncode == 0, f"{' '.join(argv[1:3])}: {ran.stdout}\n{ran.stderr}"
    copy = _counts(site.direct, "t_" + f"{site.slug}-pulih".replace("-", "_"))
    assert copy[0] == source[0] and copy[2] == source[2], f"import gave {copy}, the tenant has {source}"
    page = httpx.get(f"{site.base}/t/{site.slug}-pulih/signin", timeout=10)
    assert page.status_code == 200, "the web processes do not serve the restored tenant"
    print(f"restore drill: {source[0]} events and {source[2]} requests back from pg_dump and from the export")
