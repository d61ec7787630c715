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


def alur_at(world: World, command: str, stdin: str = "") -> tuple[int, str]:
    """Run `alur …` on the world's own store, as its operator would; the exit status and output."""
    import contextlib
    import io
    import logging
    import os
    import shlex
    import sys

    import structlog

    from adapters.cli import main

    settings = world.platform.settings
    env = {"ALUR_DATA_DIR": str(settings.data_dir), "ALUR_OPERATOR": "uji",
           "ALUR_DATABASE_URL": settings.database_url or ""}  # fmt: skip
    saved = {name: os.environ.get(name) for name in env}
    root = logging.getLogger()
    handlers, level, stdin_was = root.handlers[:], root.level, sys.stdin
    out, err = io.StringIO(), io.StringIO()
    try:
        os.environ.update(env)
        if not settings.database_url:
            del os.environ["ALUR_DATABASE_URL"]
        sys.stdin = io.StringIO(stdin)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(shlex.split(command))
    finally:  # `main` configures logging and reads the environment for the whole process
        sys.stdin = stdin_was
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        root.handlers[:], root.level = handlers, level
        structlog.reset_defaults()
    return code, out.getvalue() + err.getvalue()
