"""Three times the pool size of concurrent inbox, request and step calls on PostgreSQL: no pool
timeout, no 5xx, and never more connections than the pool holds.

The server is the real app on uvicorn (in a thread), over a pool of 4 connections; 12 clients
go over the JSON API on requests with assigned steps and an acting (Plt.) official, a fixed
number of rounds each (work counted, never timed), while a sampler watches the connections.
Every thread's second borrow while it holds a connection is refused at once by the pool
(`NestedConnectionError`, a 500), so a path that would stall the pool under load fails here.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx2 as httpx
import psycopg
import pytest
import uvicorn
from argon2 import PasswordHasher

from adapters.composition import Platform
from adapters.config import Settings
from domain.service import utc_now
from tests import pg
from tests.conftest import PLT_SK
from tests.mutu import letter_files
from web.app import create_app

POOL = 4
CLIENTS = 3 * POOL
ROUNDS = 8  # each client's rounds: an inbox, the views and steps it offers, now and then a letter
PASSWORD = "rahasia-beban-1"
SOP = ("sumbawa-2021", 3)
# (username, roles, OPD): every official role, a second developer, and an acting Kabid (Plt.)
PEOPLE = [
    ("kadis", ["kadis"], None),
    ("kabid", ["kabid-ti"], None),
    ("kasi", ["kasi-aplikasi"], None),
    ("dev-1", ["tim-pengembang"], None),
    ("dev-2", ["tim-pengembang"], None),
    ("plt-kabid", ["kasi-aplikasi"], None),
    ("pemohon", ["opd"], "DISDIK"),
]
INPUTS: dict[int, dict[str, Any]] = {4: {"assignee": "dev-1"}, 6: {"decision": "ya"}, 11: {"decision": "ya"},
                                     14: {"decision": "ya"}}  # fmt: skip


@pytest.fixture
def server(postgres_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    with pg.scratch_database(postgres_url) as url:
        platform = Platform(Settings(url, tmp_path), pool_size=POOL)
        try:
            _provision(platform)
            port = _free_port()
            config = uvicorn.Config(create_app(platform), host="127.0.0.1", port=port, log_level="warning")
            uv = uvicorn.Server(config)
            thread = threading.Thread(target=uv.run, daemon=True)
            thread.start()
            deadline = time.monotonic() + 10
            while not uv.started and time.monotonic() < deadline:
                time.sleep(0.02)
            assert uv.started, "the server did not start"
            try:
                yield f"http://127.0.0.1:{port}/t/beban/api/v1", url
            finally:
                uv.should_exit = True
                thread.join(10)
        finally:
            platform.close()


def _provision(platform: Platform) -> None:
    platform.create_tenant("beban", name="Diskominfo Beban", variant_id=SOP[0], timezone="Asia/Makassar")
    service = platform.service("beban")
    service.create_opd("DISDIK", "Dinas Pendidikan", actor="uji")
    hashed = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    for username, roles, opd in PEOPLE:
        service.create_user(username, PASSWORD, hash_password=lambda _p: hashed, roles=roles, sop=SOP,
                            actor="uji", opd=opd)  # fmt: skip
    now = utc_now()
    service.grant_role(
        "plt-kabid", "kabid-ti", sop=SOP, actor="uji", valid_until=now + timedelta(days=7),
        acting=True, **PLT_SK,
    )
    path = [(2, "kadis"), (3, "kabid-ti"), (4, "kasi-aplikasi"), (5, "kasi-aplikasi"), (6, "kabid-ti"),
            (8, "kasi-aplikasi"), (9, "tim-pengembang")]  # fmt: skip
    for index in range(24):
        letter = {"title": f"Aplikasi {index}", "letter_number": f"{index}/2026", "letter_date": "2026-03-16"}
        request_id = service.submit(*SOP, user="pemohon", roles=["opd"], opd="DISDIK", **letter)
        for number, role in path[: index % len(path)]:
            service.act(request_id, number, user="uji", roles=[role], **INPUTS.get(number, {}))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _client(base: str, username: str, seen: Counter[str], lock: threading.Lock) -> None:
    with httpx.Client(base_url=base, timeout=60) as http:
        signed = http.post("/session", json={"username": username, "password": PASSWORD})
        assert signed.status_code == 200, signed.text
        http.headers["Authorization"] = f"Bearer {signed.json()['token']}"
        for round_ in range(1, ROUNDS + 1):
            answers = [http.get("/inbox?limit=5")]
            if username == "pemohon" and round_ % 3 == 0:
                letter = {
                    "title": f"Baru {round_}",
                    "letter_number": f"{round_}/B",
                    "letter_date": "2026-03-16",
                }
                answers.append(http.post("/requests", data=letter, files=letter_files()))
            items = answers[0].json().get("items", []) if answers[0].status_code == 200 else []
            for item in items[:2]:
                view = http.get(f"/requests/{item['request_id']}")
                answers.append(view)
                if view.status_code != 200 or not view.json()["active_step"]:
                    continue
                number = view.json()["active_step"]["number"]
                body = {"note": "beban", "expected_version": view.json()["version"], **INPUTS.get(number, {})}
                answers.append(http.post(f"/requests/{item['request_id']}/steps/{number}", json=body))
            with lock:  # a Counter's += is no atomic step between threads
                for answer in answers:
                    seen[str(answer.status_code)] += 1
                    if answer.status_code >= 500:
                        seen["body:" + answer.text[:200]] += 1


def _connections(url: str) -> int:
    with psycopg.connect(url, application_name="alur-test-probe") as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND application_name LIKE 'alur-%' AND application_name <> 'alur-test-probe'"
        ).fetchone()
    return int(row[0]) if row else 0


@pytest.mark.postgres
def test_three_times_the_pool_of_concurrent_clients_get_no_pool_timeout_and_no_5xx(server: tuple[str, str]):
    base, url = server
    seen: Counter[str] = Counter()
    lock, done = threading.Lock(), threading.Event()
    peaks: list[int] = []

    def sample() -> None:  # the connections the process holds, every 20 ms until the clients end
        while not done.is_set():
            peaks.append(_connections(url))
            done.wait(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    users = [PEOPLE[index % len(PEOPLE)][0] for index in range(CLIENTS)]
    try:
        with ThreadPoolExecutor(max_workers=CLIENTS) as clients:
            for future in [clients.submit(_client, base, username, seen, lock) for username in users]:
                future.result()  # a transport error or timeout fails the test here
    finally:
        done.set()
        sampler.join()
    peak = max(peaks)
    print(f"\n{CLIENTS} clients on a pool of {POOL}: {dict(seen)}; peak {peak} connections "
          f"in {len(peaks)} samples")  # fmt: skip
    assert not [key for key in seen if key.startswith("5") or key.startswith("body:")], dict(seen)
    assert seen["200"] >= CLIENTS * ROUNDS and seen["201"] > 0  # every round's inbox answered
    assert peak <= POOL + 1  # the pool, and the tenant directory's LISTEN connection
