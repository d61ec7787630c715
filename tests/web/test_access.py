"""Every route of the app, walked with users who must not get in: nothing of tenant A leaks.

- A user of tenant B (holding every role there) asks B's URLs about A's request: 404.
- The same user's credentials sent to A's URLs: not signed in (401 / to the sign-in page).
- In A, a user of another OPD and users lacking the role: 404 for the request, 403 for the
  role-bound pages; the request's title never appears in what they get.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from starlette.routing import Mount, Route

from tests.web.conftest import World
from tests.web.pages_helpers import browser, csrf_of

SECRET = "Rahasia Dinas Pendidikan"
# The signed chain head is published on purpose: it names no person and no request (issue 20).
PUBLIC = {"/signin", "/signout", "/api/v1/session", "/api/v1/openapi.json", "/password/{token}", "/rantai",
          "/email/{token}"}  # fmt: skip  (a confirmation link: the token is its only credential)
OPEN_TO_ANY_USER = {"/", "/inbox", "/requests", "/requests/new", "/api/v1/inbox", "/api/v1/requests",
                    "/api/v1/sop"}  # fmt: skip
AUDITOR_ONLY = {"/audit", "/api/v1/audit"}
OFFICIALS_ONLY = {"/sla", "/api/v1/sla"}
LEADERS_AND_AUDITORS = {"/kepatuhan", "/api/v1/compliance"}  # SOP compliance (kabid-ti leads in Sumbawa)


def tenant_routes(world: World) -> Iterator[tuple[str, str]]:
    """(path template below /t/{tenant}, method) of every route the app has."""

    def walk(routes: list[Any], prefix: str) -> Iterator[tuple[str, str]]:
        for route in routes:
            if isinstance(route, Mount):
                yield from walk(route.routes, prefix + route.path)
            elif isinstance(route, Route):
                for method in sorted(route.methods or {"GET"}):
                    if method != "HEAD":
                        yield prefix + route.path, method

    for path, method in walk(world.client.app.routes, ""):
        if path.startswith("/t/{tenant}"):
            yield path.removeprefix("/t/{tenant}") or "/", method


def fill(template: str, request_id: str, sha: str) -> str:
    path = template.replace("{id}", request_id).replace("{number:int}", "2").replace("{sha}", sha)
    path = path.replace("{sha256}", sha).replace("{date}", "2026-03-18")
    path = path.replace("{username}", "kasi-aplikasi").replace("{token}", "no-such-link")
    path = path.replace("{taken:int}", "1").replace("{kind}", "lembar-disposisi")
    path = path.replace("{mail}", "no-such-mail")
    assert "{" not in path, path
    return path


def a_request_with_a_document(world: World) -> tuple[str, str]:
    client = browser(world, "opd-disdik")
    page = client.get(f"/t/{world.a}/requests/new").text
    answer = client.post(f"/t/{world.a}/requests/new", data={"csrf": csrf_of(page), "title": SECRET,
                         "letter_number": "9/9", "letter_date": "2026-03-16"},
                         files={"letter": ("s.pdf", b"%PDF-1.4 x", "application/pdf")},
                         follow_redirects=False)  # fmt: skip
    request_id = answer.headers["location"].rsplit("/", 1)[1]
    sha = re.search(r"/files/([0-9a-f]{64})", client.get(answer.headers["location"]).text)
    assert sha
    return request_id, sha.group(1)


def call(world: World, client: Any, slug: str, path: str, method: str, token: str) -> Any:
    url = f"/t/{slug}{path}"
    if path.startswith("/api/"):
        return world.client.request(method, url, headers={"Authorization": f"Bearer {token}"}, json={})
    data = {"csrf": csrf_of(client.get(f"/t/{slug}/requests").text)} if method == "POST" else None
    return client.request(method, url, data=data, follow_redirects=False)


def test_a_user_of_another_tenant_gets_404_for_every_url_about_this_tenants_request(world: World):
    request_id, sha = a_request_with_a_document(world)
    outsider = browser(world, "boss", tenant=world.b)
    token = world.token("boss", world.b)
    checked = 0
    for template, method in tenant_routes(world):
        if "{id}" not in template or template in PUBLIC:
            continue
        answer = call(world, outsider, world.b, fill(template, request_id, sha), method, token)
        assert answer.status_code == 404, (template, method, answer.status_code)
        assert SECRET not in answer.text and request_id not in answer.text
        checked += 1
    assert checked >= 9


def test_credentials_of_another_tenant_sign_nobody_in_here(world: World):
    request_id, sha = a_request_with_a_document(world)
    outsider = browser(world, "boss", tenant=world.b)
    cookie = outsider.cookies.get("alur_session")
    token = world.token("boss", world.b)
    for template, method in tenant_routes(world):
        if template in PUBLIC:
            continue
        path = fill(template, request_id, sha)
        if path.startswith("/api/"):
            bearer = {"Authorization": f"Bearer {token}"}
            answer = world.client.request(method, f"/t/{world.a}{path}", headers=bearer)
            assert answer.status_code in (401, 404), (template, method)
        else:
            answer = world.client.request(method, f"/t/{world.a}{path}", follow_redirects=False,
                                          headers={"Cookie": f"alur_session={cookie}"})  # fmt: skip
            assert answer.status_code in (303, 403), (template, method, answer.status_code)
        assert SECRET not in answer.text


def test_users_without_the_right_opd_or_role_get_nothing_of_the_request(world: World):
    request_id, sha = a_request_with_a_document(world)
    for username in ("opd-dinkes", "kabid-ti", "auditor", "admin"):
        client = browser(world, username)
        token = world.token(username)
        for template, method in tenant_routes(world):
            if template in PUBLIC or (template, method) == ("/requests/new", "POST"):
                continue
            answer = call(world, client, world.a, fill(template, request_id, sha), method, token)
            expected = expected_status(username, template, method)
            if expected is not None:
                assert answer.status_code == expected, (username, template, method, answer.status_code)
            if username == "opd-dinkes":
                assert SECRET not in answer.text, (template, method)
                assert request_id not in answer.text or answer.status_code == 404, (template, method)


def expected_status(username: str, template: str, method: str) -> int | None:
    """What each outsider must get; None where the user may legitimately use the route."""
    if username == "opd-dinkes":
        if template.removeprefix("/api/v1").startswith("/absences/{id}/"):
            return 403  # deciding absences is for admins and leaders, whichever absence is named
        if "{id}" in template:
            return 404
        if template in AUDITOR_ONLY | OFFICIALS_ONLY | LEADERS_AND_AUDITORS or template.startswith("/admin"):
            return 403
        return None
    if template.startswith("/admin") and username != "admin":
        return 403
    if template in AUDITOR_ONLY and username == "kabid-ti":
        return 403
    if template.endswith("/steps/{number:int}"):
        return 403 if template.startswith("/api/") else None  # the page shows the refusal (403)
    if template.endswith("/withdraw"):
        return 403  # the same refusal at both doors: seen, but not theirs to withdraw
    return None


def test_unknown_tenants_are_404_on_every_route(world: World):
    request_id, sha = a_request_with_a_document(world)
    for template, method in tenant_routes(world):
        answer = world.client.request(method, f"/t/tidak-ada{fill(template, request_id, sha)}",
                                      follow_redirects=False)  # fmt: skip
        assert answer.status_code == 404, (template, method, answer.status_code)
