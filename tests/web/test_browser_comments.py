"""A request's discussion in Chromium: the "Diskusi" section of the request page, a comment
sent with htmx (a name chosen from the list and an @mention in the text), the mentioned user told
in the header and on /notifications, the requester's answer sent without JavaScript. Screenshots
at 1366x900 and 390x844, `comments-desktop.png` and `comments-phone.png` (and `comments-…-told`),
go to ALUR_SHOTS (default /tmp/alur-shots).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import World, submit
from tests.web.shots import SHOTS
from tests.web.test_browser import chromium, server  # noqa: F401  (fixtures)
from tests.web.test_browser_overview import DESKTOP, PHONE, Browser, no_sideways_scroll

SCREENS = {"desktop": DESKTOP, "phone": PHONE}

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_comment_with_a_mention_tells_the_user_and_the_requester_answers_without_javascript(
    world: World,
    server: str,  # noqa: F811
    chromium: Any,  # noqa: F811
    screen: str,
) -> None:
    request_id = submit(world)["id"]
    browser = Browser(chromium, f"{server}/t/{world.a}")
    kadis = browser.tab("kadis", SCREENS[screen])
    kadis.goto(f"{browser.base}/requests/{request_id}")
    kadis.wait_for_selector("#comments")
    assert "Belum ada komentar." in kadis.inner_text("#comments")
    kadis.fill("#comment-text", "Mohon @tim-pengembang siapkan perkiraan kebutuhan server.\nTerima kasih.")
    kadis.click("#comments details.mention-people summary")
    kadis.check("#comments input[name=mentions][value=kasi-aplikasi]")
    kadis.click("#comment-form button[type=submit]")
    kadis.wait_for_selector("#comment-1")
    assert "Komentar terkirim" in kadis.inner_text("#comments .flash")
    first = kadis.inner_text("#comment-1")
    assert "Kadis" in first and "Mohon @tim-pengembang siapkan" in first and "Terima kasih." in first
    assert "@kasi-aplikasi" in first and "@tim-pengembang" in first
    assert kadis.input_value("#comment-text") == ""  # the form starts empty again

    kasi = browser.tab("kasi-aplikasi", SCREENS[screen])
    kasi.goto(f"{browser.base}/inbox")
    assert kasi.inner_text("#notice-count") == "1"
    kasi.click("#notices-link")
    kasi.wait_for_selector("ol.notices")
    assert "Kadis menyebut Anda dalam diskusi permohonan \u201cAplikasi Sekolah\u201d." in kasi.inner_text(
        "ol.notices"
    )
    assert no_sideways_scroll(kasi)
    browser.shot(kasi, f"comments-{screen}-told")

    requester = browser.tab("opd-disdik", SCREENS[screen], javascript=False)
    requester.goto(f"{browser.base}/requests/{request_id}")
    requester.fill("#comment-text", "Baik, @kadis. Perkiraan kami kirim besok.")
    requester.click("#comment-form button[type=submit]")
    requester.wait_for_selector("#comment-2")
    assert "Komentar terkirim" in requester.inner_text("#flash")
    assert "Perkiraan kami kirim besok." in requester.inner_text("#comment-2")

    kadis.reload()
    section = kadis.locator("#comments")
    section.scroll_into_view_if_needed()
    assert kadis.locator("#comments li.comment").count() == 2
    assert no_sideways_scroll(kadis)
    section.screenshot(path=str(SHOTS / f"comments-{screen}.png"))
    browser.shot(kadis, f"comments-{screen}-page")
