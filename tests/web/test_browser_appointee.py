"""An appointee's step in real Chromium: in the appointee's own inbox, and for another holder of
the step's role (the Kasi, Plt. for the team) only "on behalf of" the appointee, with a notice
and a required confirmation; the history then says who acted for whom.

Screenshots at 1366x900 and 390x844 go to ALUR_SHOTS (default /tmp/alur-shots), named
`appointee-<size>-<moment>.png`.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PLT_SK
from tests.mutu import fill_on_paper
from tests.web.conftest import World, add_user
from tests.web.shots import SHOTS
from tests.web.test_browser import chromium, server  # noqa: F401  (fixtures: the app served, the browser)
from tests.web.test_browser_charts import _signed_in
from tests.web.variants import request_at, walk_to

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
SOP = ("sumbawa-2021", 3)

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


@pytest.fixture(params=list(SIZES))
def size(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def shot(page: Any, size: str, moment: str, full: bool = True) -> None:
    """The whole page, or (a long request page) the screen as the user sees it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"appointee-{size}-{moment}.png"), full_page=full)


def test_the_appointee_has_the_step_and_the_kasi_acts_only_on_their_behalf(
    world: World, chromium: Any, server: str, size: str  # noqa: F811
) -> None:  # fmt: skip
    service = world.service()
    add_user(service, SOP, "budi", ["tim-pengembang"])
    service.grant_role("kasi-aplikasi", "tim-pengembang", sop=SOP, actor="admin",
                       acting=True, **PLT_SK)  # Plt.
    request_id = request_at(world, "sumbawa-2021", 4)
    named = world.api("POST", f"/requests/{request_id}/steps/4", "kasi-aplikasi",
                      json={"assignee": "budi", "note": "Tim Pengembang: Budi"})  # fmt: skip
    assert named.status_code == 200, named.text
    walk_to(world, request_id, 9)
    base = f"{server}/t/{world.a}"

    budi = _signed_in(chromium, base, SIZES[size], "budi")
    budi.goto(f"{base}/inbox")
    row = budi.locator(f'main a[href$="/requests/{request_id}"]')
    assert row.count() >= 1, budi.inner_text("main")
    assert "Aplikasi sumbawa-2021" in budi.inner_text("main")
    shot(budi, size, "1-inbox-of-the-appointee")
    kasi = _signed_in(chromium, base, SIZES[size], "kasi-aplikasi")
    kasi.goto(f"{base}/inbox")
    assert "Aplikasi sumbawa-2021" not in kasi.inner_text("main")  # not "yours": it is Budi's

    kasi.goto(f"{base}/requests/{request_id}")
    notice = kasi.inner_text("#appointee")
    assert "Langkah ini ditugaskan kepada budi" in notice and "Anda bertindak atas nama beliau." in notice
    form = kasi.locator('form.action[action$="/steps/9"]')
    box = form.locator("input[name=on_behalf_of]")
    assert box.get_attribute("value") == "budi" and box.get_attribute("required") is not None
    form.locator("textarea[name=note]").fill("Budi sedang dinas luar; rencana disusun bersama")
    fill_on_paper(form, world.api("GET", f"/requests/{request_id}", "auditor").json()["checklist"])
    box.check()
    kasi.locator("#active-step").evaluate("e => e.scrollIntoView({block: 'start'})")
    shot(kasi, size, "2-kasi-acts-on-behalf", full=False)
    with kasi.expect_response(lambda r: "/steps/9" in r.url and r.request.method == "POST"):
        form.locator("button[type=submit]").click()
    kasi.wait_for_load_state()
    done = kasi.wait_for_selector('li.done:has-text("atas nama budi")')
    assert "kasi-aplikasi atas nama budi" in done.inner_text()
    following = kasi.locator('form.action[action$="/steps/10"]')  # Budi's too: asked again, not carried over
    assert not following.locator("input[name=on_behalf_of]").is_checked()
    assert following.locator("textarea[name=note]").input_value() == ""
    done.evaluate("e => e.scrollIntoView({block: 'center'})")
    shot(kasi, size, "3-step-done-on-behalf", full=False)

    kasi.goto(f"{base}/requests/{request_id}/history")
    rows = kasi.locator("tbody tr", has_text="atas nama budi")
    assert rows.count() == 1 and "kasi-aplikasi atas nama budi" in rows.first.inner_text()
    # On a phone the table scrolls sideways: bring the actor's cell into view.
    rows.first.locator("td").nth(3).evaluate("e => e.scrollIntoView({block: 'center', inline: 'center'})")
    shot(kasi, size, "4-history-on-behalf", full=size == "desktop")
