"""Reads that see your own writes (issue 18): in worker mode the read models lag the events, yet
a client that acted reads what it did. The command's answer carries its position; the next read
that names it waits for the read models, within ALUR_READ_WAIT, and says so if they are still
behind. At the API (a header) and at the pages without JavaScript (the 303's cookie). On SQLite
and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from starlette.testclient import TestClient

from adapters.composition import Platform
from adapters.config import Settings
from projections.engine import Projector
from tests import pg
from tests.conftest import FakeClock, random_slug
from tests.mutu import letter_files
from tests.web.conftest import PASSWORD, add_user
from tests.web.pages_helpers import csrf_of
from web.app import create_app
from web.freshness import HEADER, STALE

SOP = ("sumbawa-2021", 3)
LETTER = {"title": "Aplikasi Sekolah", "letter_number": "420/1/2026", "letter_date": "2026-03-16"}


@dataclass
class Office:
    client: TestClient
    slug: str
    projector: Projector

    def token(self, username: str) -> str:
        signed = self.client.post(f"/t/{self.slug}/api/v1/session", json={"username": username,
                                                                          "password": PASSWORD})  # fmt: skip
        assert signed.status_code == 200, signed.text
        return str(signed.json()["token"])

    def api(self, method: str, path: str, token: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
        return self.client.request(method, f"/t/{self.slug}/api/v1{path}", headers=headers, **kwargs)

    def worker_soon(self) -> threading.Timer:
        """The projection worker's turn a little later (as `alur projections run` would)."""
        later = threading.Timer(0.3, self.projector.catch_up)
        later.start()
        return later


@pytest.fixture
def office(settings: Settings, clock: FakeClock) -> Iterator[Office]:
    """Worker mode, and no worker running: the read models move only when the test says so
    (none kept by the writer, ALUR_INLINE_PROJECTIONS=none, so every read waits on the worker)."""
    platform = Platform(replace(settings, projections="worker", inline_projections=(), read_wait=1.5), clock)
    slug = random_slug("ryw")
    platform.create_tenant(slug, name="Diskominfo Uji", variant_id=SOP[0], timezone="Asia/Makassar")
    service = platform.service(slug)
    service.create_opd("DISDIK", "Dinas Pendidikan", actor="test")
    for username, roles, opd in (("kadis", ["kadis"], None), ("opd-disdik", ["opd"], "DISDIK")):
        add_user(service, SOP, username, roles, opd=opd)
    projector = platform.services.projector(platform.tenant(slug))
    projector.catch_up()  # who is who, before anyone signs in
    try:
        with TestClient(create_app(platform), base_url="http://testserver") as client:
            yield Office(client, slug, projector)
    finally:
        platform.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, "t_" + slug.replace("-", "_"))


def test_an_api_client_reads_its_own_step_and_acts_on_it_without_a_409(office: Office) -> None:
    opd, kadis = office.token("opd-disdik"), office.token("kadis")
    filed = office.api("POST", "/requests", opd, data=LETTER, files=letter_files())
    assert filed.status_code == 201 and filed.headers[HEADER].isdigit()
    office.projector.catch_up()
    request_id = filed.json()["id"]
    done = office.api("POST", f"/requests/{request_id}/steps/2", kadis, json={})
    assert done.status_code == 200
    position = done.headers[HEADER]
    lagging = office.api("GET", f"/requests/{request_id}", kadis)  # no position named: as it is
    assert lagging.json()["active_step"]["number"] == 2  # the worker has not run yet
    later = office.worker_soon()
    fresh = office.api("GET", f"/requests/{request_id}", kadis, headers={HEADER: position})
    later.join()
    assert fresh.status_code == 200 and STALE not in fresh.headers
    assert fresh.json()["active_step"]["number"] == 3 and fresh.json()["version"] == done.json()["version"]


def test_a_read_says_so_when_the_read_models_stay_behind_past_the_wait(office: Office) -> None:
    kadis = office.token("kadis")
    far = office.api("GET", "/inbox", kadis, headers={HEADER: "999999"})  # a position no worker reached
    assert far.status_code == 200 and far.headers[STALE] == "1"


def test_the_page_after_a_plain_form_post_shows_the_new_state(office: Office) -> None:
    filed = office.api("POST", "/requests", office.token("opd-disdik"), data=LETTER, files=letter_files())
    office.projector.catch_up()
    request_id = filed.json()["id"]
    browser = TestClient(office.client.app, base_url="http://testserver")
    form = browser.get(f"/t/{office.slug}/signin")
    browser.post(f"/t/{office.slug}/signin", data={"username": "kadis", "password": PASSWORD,
                                                   "csrf": csrf_of(form.text)})  # fmt: skip
    page = browser.get(f"/t/{office.slug}/requests/{request_id}")
    posted = browser.post(f"/t/{office.slug}/requests/{request_id}/steps/2", follow_redirects=False,
                          data={"csrf": csrf_of(page.text), "expected_version": "1"})  # fmt: skip
    assert posted.status_code == 303 and "alur_position" in posted.headers["set-cookie"]
    later = office.worker_soon()
    shown = browser.get(posted.headers["location"])
    later.join()
    assert 'id="stale"' not in shown.text
    assert '<li class="active" data-step="3">' in shown.text  # not step 2, as the read models had it
    assert "Langkah 2 selesai" in shown.text


def test_a_comment_is_answered_and_shown_as_saved_before_the_worker_has_it(office: Office) -> None:
    filed = office.api("POST", "/requests", office.token("opd-disdik"), data=LETTER, files=letter_files())
    office.projector.catch_up()
    request_id = filed.json()["id"]
    kadis = office.token("kadis")
    said = office.api("POST", f"/requests/{request_id}/comments", kadis, json={"text": "Mohon dilengkapi."})
    assert said.status_code == 201 and said.json()["text"] == "Mohon dilengkapi."
    assert office.api("GET", f"/requests/{request_id}/comments", kadis).json()["items"] == []  # worker idle
    browser = TestClient(office.client.app, base_url="http://testserver")
    form = browser.get(f"/t/{office.slug}/signin")
    browser.post(f"/t/{office.slug}/signin", data={"username": "kadis", "password": PASSWORD,
                                                   "csrf": csrf_of(form.text)})  # fmt: skip
    page = browser.get(f"/t/{office.slug}/requests/{request_id}")
    swapped = browser.post(f"/t/{office.slug}/requests/{request_id}/comments", headers={"HX-Request": "true"},
                           data={"csrf": csrf_of(page.text), "text": "Yang kedua."})  # fmt: skip
    assert swapped.status_code == 200 and 'id="comment-2"' in swapped.text and "Yang kedua." in swapped.text
