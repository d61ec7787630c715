"""Issue 10, "remove inline styles so the CSP can drop 'unsafe-inline'".

The pages carry no style="..." attribute and no <style> element (the SLA charts and the SOP
flowchart are SVG with presentation attributes; htmx is told not to inject its indicator
<style>), so the policy says `style-src 'self'` alone; and real Chromium loading the pages
reports no CSP violation.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.conftest import PASSWORD, World, submit
from tests.web.pages_helpers import browser, post
from tests.web.test_browser import chromium, server  # noqa: F401  (fixtures)

# `style=` as an attribute of its own (not the SVG presentation attribute `font-style=`), or a <style>
INLINE_STYLE = re.compile(r"<style\b|[\s\"']style\s*=", re.IGNORECASE)


def policy(answer: Any) -> dict[str, list[str]]:
    directives = (part.split() for part in answer.headers["content-security-policy"].split(";"))
    return {words[0]: words[1:] for words in directives if words}


def a_request_in_flight(world: World) -> str:
    """A request past its first disposition (so the SLA has figures) and overdue at step 3."""
    view = submit(world, title="Aplikasi Tanpa Gaya")
    world.clock.advance(days=3)
    world.tokens.clear()  # the clock moved past the API tokens' lifetime
    acted = world.api("POST", f"/requests/{view['id']}/steps/2", "kadis", json={"note": "lanjut"})
    assert acted.status_code == 200, acted.text
    world.clock.advance(days=10)
    return view["id"]


def main_pages(world: World, request_id: str) -> list[tuple[str | None, str]]:
    """(who is signed in, path) for every screen: the public ones first, then each role's."""
    t = f"/t/{world.a}"
    return [
        (None, "/"),
        (None, f"{t}/signin"),
        (None, f"{t}/tidak-ada"),  # the error page
        ("kadis", f"{t}/inbox"),
        ("kadis", f"{t}/requests"),
        ("kadis", f"{t}/requests/{request_id}"),  # timeline, action form, flowchart
        ("kadis", f"{t}/sla"),
        ("opd-disdik", f"{t}/requests/new"),
        ("auditor", f"{t}/requests/{request_id}/history"),
        ("auditor", f"{t}/audit"),
        ("admin", f"{t}/admin/users"),
        ("admin", f"{t}/admin/opds"),
        ("admin", f"{t}/admin/sop"),  # the flowchart again
    ]


def test_the_content_security_policy_allows_no_inline_style(world: World):
    t = f"/t/{world.a}"
    answers = [world.client.get(path) for path in ("/", f"{t}/signin", f"{t}/tidak-ada", "/static/alur.css")]
    for answer in [*answers, browser(world, "kadis").get(f"{t}/inbox")]:
        assert "'unsafe-inline'" not in answer.headers["content-security-policy"]
        assert policy(answer)["style-src"] == ["'self'"]


def test_no_page_carries_a_style_attribute_or_element(world: World):
    request_id = a_request_in_flight(world)
    clients: dict[str | None, Any] = {None: world.client}
    for user, path in main_pages(world, request_id):
        if user not in clients:
            clients[user] = browser(world, user)
        answer = clients[user].get(path)
        assert answer.status_code in (200, 404), (path, answer.status_code)
        found = INLINE_STYLE.search(answer.text)
        assert found is None, f"{path}: {answer.text[max(found.start() - 80, 0) : found.end() + 80]}"
    sla = clients["kadis"].get(f"/t/{world.a}/sla").text
    assert sla.count('class="sla-chart fit-') == 6 and 'fill="#9e9e9e"' in sla  # two charts at three widths


def test_the_panel_htmx_swaps_in_carries_no_inline_style(world: World):
    request_id = a_request_in_flight(world)
    url = f"/t/{world.a}/requests/{request_id}"
    answer = post(browser(world, "kabid-ti"), f"{url}/steps/3", {"note": "diverifikasi"}, from_page=url,
                  headers={"HX-Request": "true"})  # fmt: skip
    assert answer.status_code == 200 and answer.text.lstrip().startswith('<section id="panel">')
    assert INLINE_STYLE.search(answer.text) is None


class Tab:
    """A browser tab of its own that records every console message and uncaught error."""

    def __init__(self, browser: Any, base: str) -> None:
        self.page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        self.messages: list[str] = []
        self.page.on("console", lambda message: self.messages.append(f"{message.type}: {message.text}"))
        self.page.on("pageerror", lambda error: self.messages.append(f"pageerror: {error}"))
        self.base = base

    def sign_in(self, tenant: str, username: str) -> None:
        self.page.goto(f"{self.base}/t/{tenant}/signin")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("main button[type=submit]")
        self.page.wait_for_load_state()

    def open(self, path: str) -> None:
        self.page.goto(f"{self.base}{path}")
        self.page.wait_for_load_state("networkidle")  # htmx has started (and would have injected its style)
        assert self.page.locator("style").count() == 0, f"{path}: a <style> element was added"

    def violations(self) -> list[str]:
        about_csp = [m for m in self.messages if "content security policy" in m.lower()]
        return about_csp + [m for m in self.messages if m.startswith("pageerror")]


# One store is enough for the browser (as in tests/web/test_browser.py): the markup test above runs on both.
@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_chromium_reports_no_csp_violation_on_any_page_nor_after_an_htmx_swap(
    world: World,
    server: str,  # noqa: F811  (fixture)
    chromium: Any,  # noqa: F811  (fixture)
):
    request_id = a_request_in_flight(world)
    tabs: dict[str | None, Tab] = {}
    for user, path in main_pages(world, request_id):
        if user not in tabs:
            tabs[user] = Tab(chromium, server)
            if user:
                tabs[user].sign_in(world.a, user)
        tabs[user].open(path)
        assert tabs[user].violations() == [], path

    kadis = tabs["kadis"].page
    kadis.goto(f"{server}/t/{world.a}/sla")
    fill = kadis.eval_on_selector('svg.sla-chart path[fill="#9e9e9e"]', "bar => getComputedStyle(bar).fill")
    assert fill == "rgb(158, 158, 158)", "the SLA target bar lost its colour"
    shown = "svg.sla-chart >> visible=true"  # of each chart's widths, the one this screen shows
    assert kadis.eval_on_selector(shown, "chart => chart.getBoundingClientRect().width") > 0

    kabid = Tab(chromium, server)
    kabid.sign_in(world.a, "kabid-ti")
    kabid.open(f"/t/{world.a}/requests/{request_id}")
    form = kabid.page.locator("form.action")
    form.locator("textarea[name=note]").fill("diverifikasi")
    with kabid.page.expect_response(lambda r: "/steps/" in r.url):
        form.locator("button[type=submit]").click()
    kabid.page.wait_for_selector("#panel")
    assert kabid.page.locator("style").count() == 0
    assert kabid.violations() == []
