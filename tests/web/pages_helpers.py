"""Signing in through the page and posting forms with the session's CSRF token."""

from __future__ import annotations

import html
import re
from typing import Any

from starlette.testclient import TestClient

from tests.web.conftest import PASSWORD, World

CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')
HIDDEN_RE = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def browser(world: World, username: str, tenant: str | None = None) -> TestClient:
    """A client of its own (own cookies) signed in as `username`."""
    slug = tenant or world.a
    client = TestClient(world.client.app, base_url="http://testserver")
    form = client.get(f"/t/{slug}/signin")
    answer = client.post(f"/t/{slug}/signin", data={"username": username, "password": PASSWORD,
                         "csrf": csrf_of(form.text)}, follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    return client


def csrf_of(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def post(client: TestClient, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """Post a form the way the page would: with the CSRF token the page carries."""
    page_html = client.get(kwargs.pop("from_page", path)).text
    return client.post(
        path, data={"csrf": csrf_of(page_html), **(data or {})}, follow_redirects=False, **kwargs
    )


def hidden_fields(html_text: str) -> dict[str, str]:
    """The hidden fields of a page's forms (a confirmation carries what was asked), CSRF aside."""
    return {name: html.unescape(value) for name, value in HIDDEN_RE.findall(html_text) if name != "csrf"}
