"""Secrets never logged (issue 17): a set-password link's token is a credential, and whoever
reads the logs must not be able to set a user's password with it; nor confirm an email address
with a confirmation link's (issue 21). On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import logging

import pytest
import structlog

from adapters.logging import configure_logging
from tests.web.conftest import PASSWORD, World
from web.metrics import MASK, masked


def test_a_reset_links_token_reaches_no_log_line(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging(json=True)
    try:
        issued = world.api("POST", "/users/kadis/password-reset", "admin", json={})
        assert issued.status_code == 200, issued.text
        link = issued.json()["link"]
        token = link.rsplit("/", 1)[1]
        assert world.client.get(link).status_code == 200
        chosen = world.client.post(link, data={"password": PASSWORD, "confirm": PASSWORD})
        assert chosen.status_code == 200
        assert world.client.get(link).status_code == 404  # used: the page says so, still masked
        written = capsys.readouterr().err
    finally:
        root.handlers[:], root.level = handlers, level
        structlog.reset_defaults()
    lines = [json.loads(line) for line in written.splitlines() if line.startswith("{")]
    visits = [line for line in lines if line.get("route") == "/t/{tenant}/password/{token}"
              and line["event"] == "request"]  # fmt: skip
    assert len(visits) == 3
    assert {line["path"] for line in visits} == {f"/t/{world.a}/password/{MASK}"}
    assert token not in written


def test_only_the_credential_segment_is_masked() -> None:
    route = "/t/{tenant}/password/{token}"
    assert masked("/t/kab-x/password/abc.DEF_123", route) == f"/t/kab-x/password/{MASK}"
    assert masked("/t/kab-x/requests/42", "/t/{tenant}/requests/{id}") == "/t/kab-x/requests/42"
    assert masked("/nowhere/at/all", "unmatched") == "/nowhere/at/all"


def test_an_email_confirmation_links_token_reaches_no_log_line(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging(json=True)
    try:
        given = world.api("POST", "/me/email", "kadis", json={"email": "kadis@example.go.id"})
        assert given.status_code == 200
        [mail] = world.api("GET", "/mail/outbox", "admin").json()["items"]
        link = "/t/" + mail["body_text"].split("/t/", 1)[1].split()[0]
        token = link.rsplit("/", 1)[1]
        assert world.client.get(link).status_code == 200
        assert world.client.post(link).status_code == 200
        assert world.client.post(link).status_code == 404  # used: the page says so, still masked
        written = capsys.readouterr().err
    finally:
        root.handlers[:], root.level = handlers, level
        structlog.reset_defaults()
    lines = [json.loads(line) for line in written.splitlines() if line.startswith("{")]
    visits = [line for line in lines if line.get("route") == "/t/{tenant}/email/{token}"
              and line["event"] == "request"]  # fmt: skip
    assert len(visits) == 3
    assert {line["path"] for line in visits} == {f"/t/{world.a}/email/{MASK}"}
    assert token not in written
