"""An unexpected error is logged with a request id and answered politely with that id, carrying
the security headers like every other answer."""

from __future__ import annotations

import pytest
from structlog.testing import capture_logs

from projections.queries import Queries
from tests.web.conftest import World
from tests.web.pages_helpers import browser


@pytest.fixture
def broken_inbox(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug nobody foresaw")

    monkeypatch.setattr(Queries, "inbox", broken)


def test_an_api_bug_is_a_500_with_a_request_id_that_finds_the_log_line(world: World, broken_inbox: None):
    with capture_logs() as logs:
        answer = world.api("GET", "/inbox", "kadis")
    assert answer.status_code == 500
    error = answer.json()["error"]
    assert error["code"] == "internal" and "RuntimeError" not in answer.text  # no internals shown
    assert error["request_id"] == answer.headers["x-request-id"]
    assert answer.headers["x-frame-options"] == "DENY" and "content-security-policy" in answer.headers
    assert answer.headers["cache-control"] == "no-store"
    logged = [entry for entry in logs if entry["event"] == "unexpected_error"]
    assert logged and logged[0]["request_id"] == error["request_id"] and logged[0]["exc_info"]


def test_a_page_bug_is_a_500_page_naming_the_reference(world: World, broken_inbox: None):
    answer = browser(world, "kadis").get(f"/t/{world.a}/inbox", headers={"X-Request-ID": "rujukan-42"})
    assert answer.status_code == 500
    assert "rujukan-42" in answer.text and answer.headers["x-request-id"] == "rujukan-42"
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_a_request_id_that_is_not_sane_is_replaced(world: World):
    answer = world.client.get(f"/t/{world.a}/signin", headers={"X-Request-ID": "<script>" + "x" * 100})
    assert answer.status_code == 200 and len(answer.headers["x-request-id"]) == 32
