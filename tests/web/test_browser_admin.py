"""The tenant admin's users page in real Chromium, at 1366×900 and on a 390×844 phone.

Screenshots go to ALUR_SHOTS (default /tmp/alur-shots), named `admin-<moment>-<size>.png`: the
users page, a refused grant beside its field, the edit form and its refusal, a deactivated user
(badge) and their refused sign-in, the reset link as the admin sees it and the set-password page
the user opens. The pages are plain forms: the same with and without JavaScript (one run each).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.conftest import PASSWORD, World
from tests.web.shots import SHOTS
from tests.web.test_browser import chromium, server, sign_in  # noqa: F401  (fixtures: the app served, the browser)

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)


class Screen:
    """Tabs at one size (signed in or not), and screenshots named by moment and size."""

    def __init__(self, browser: Any, base: str, size: str, javascript: bool) -> None:
        self.browser, self.base, self.size, self.javascript = browser, base, size, javascript
        self.contexts: list[Any] = []
        SHOTS.mkdir(parents=True, exist_ok=True)

    def tab(self, username: str | None = None, password: str = PASSWORD) -> Any:
        context = self.browser.new_context(viewport=SIZES[self.size], java_script_enabled=self.javascript)
        self.contexts.append(context)
        page = context.new_page()
        if username is not None:
            sign_in(page, self.base, username, password)
        return page

    def shot(self, page: Any, moment: str, whole: bool = False) -> None:
        suffix = "" if self.javascript else "-nojs"
        page.screenshot(path=str(SHOTS / f"admin-{moment}-{self.size}{suffix}.png"), full_page=whole)



@pytest.fixture(params=[("desktop", True), ("phone", True), ("phone", False)],
                ids=["desktop", "phone", "phone-nojs"])  # fmt: skip
def screen(request: pytest.FixtureRequest, chromium: Any, server: str, world: World) -> Iterator[Screen]:  # noqa: F811
    size, javascript = request.param
    made = Screen(chromium, f"{server}/t/{world.a}", size, javascript)
    yield made
    for context in made.contexts:
        context.close()


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"))


def on_screen(page: Any, selector: str) -> bool:
    script = """selector => { const box = document.querySelector(selector).getBoundingClientRect();
                              return box.top >= -2 && box.bottom <= window.innerHeight + 2; }"""
    return bool(page.evaluate(script, selector))


def test_the_users_page_shows_role_names_and_labelled_forms(world: World, screen: Screen) -> None:
    admin = screen.tab("admin")
    admin.goto(f"{screen.base}/admin/users")
    screen.shot(admin, "users", whole=True)
    assert no_sideways_scroll(admin)
    kadis_row = admin.locator("table.users tr", has_text="Kadis").first
    assert "Kepala Dinas" in kadis_row.inner_text()
    assert admin.locator("#new-user input[value=opd]").count() == 1
    for form in ("grant", "revoke"):
        assert admin.locator(f"label[for={form}-username]").is_visible()
        assert admin.locator(f"#{form}-username").input_value() == ""  # nobody chosen for the admin
        assert admin.locator(f"#{form}-role").input_value() == ""
    grant = admin.locator("#grant form")
    grant.locator("#grant-username").select_option("kadis")
    grant.locator("#grant-role").select_option("kadis")
    grant.locator("button[type=submit]").click()
    admin.wait_for_load_state()
    error = admin.locator("#grant-role-error")
    assert error.inner_text().lower() == "kadis sudah memegang peran kadis pada periode itu"
    assert admin.locator("#grant-role").get_attribute("aria-invalid") == "true"
    assert admin.locator("#revoke-role-error").count() == 0
    error.scroll_into_view_if_needed()
    assert on_screen(admin, "#grant-role-error") and no_sideways_scroll(admin)
    screen.shot(admin, "grant-refused")


def test_the_admin_edits_and_deactivates_and_the_user_is_refused(world: World, screen: Screen) -> None:
    admin = screen.tab("admin")
    admin.goto(f"{screen.base}/admin/users")
    admin.locator("table.users a[aria-label='Ubah kabid-ti']").click()
    admin.wait_for_load_state()
    assert admin.locator("h1").inner_text() == "kabid-ti"
    edit = admin.locator("#edit form")
    edit.locator("input[name=full_name]").fill("Ir. Kabid TI Baru")
    edit.locator("input[name=nip]").fill("12345")
    edit.locator("select[name=opd]").select_option("DISDIK")
    edit.locator("button[type=submit]").click()
    admin.wait_for_load_state()
    assert admin.locator("#edit-nip-error").inner_text() == "NIP harus 18 angka"
    assert admin.locator("input[name=full_name]").input_value() == "Ir. Kabid TI Baru"  # kept
    assert on_screen(admin, "#edit-nip-error") and no_sideways_scroll(admin)
    screen.shot(admin, "edit-refused")
    admin.locator("input[name=nip]").fill("198001012005011001")
    admin.locator("#edit button[type=submit]").click()
    admin.wait_for_load_state()
    assert admin.locator(".flash").inner_text() == "Data kabid-ti disimpan"
    assert "NIP 198001012005011001" in admin.locator("main").inner_text()
    screen.shot(admin, "edit-saved")

    admin.locator("#status button[type=submit]").click()
    admin.wait_for_load_state()
    assert admin.locator(".flash").inner_text().startswith("kabid-ti dinonaktifkan")
    assert admin.locator("h1 mark.badge").inner_text() == "nonaktif"
    screen.shot(admin, "deactivated")
    admin.goto(f"{screen.base}/admin/users?q=kabid")
    assert admin.locator("table.users tr.inactive mark.badge").inner_text() == "nonaktif"
    screen.shot(admin, "deactivated-list")

    kabid = screen.tab()
    sign_in(kabid, screen.base, "kabid-ti")
    assert kabid.locator("p.error").inner_text().lower() == "akun ini dinonaktifkan; hubungi admin tenant"
    assert no_sideways_scroll(kabid)
    screen.shot(kabid, "deactivated-signin")


def test_a_reset_link_lets_the_user_choose_their_password(world: World, screen: Screen) -> None:
    admin = screen.tab("admin")
    admin.goto(f"{screen.base}/admin/users/kasi-aplikasi")
    admin.locator("#reset button[type=submit]").click()
    admin.wait_for_load_state()
    url = admin.locator("#reset-url").input_value()
    assert re.fullmatch(rf"{re.escape(screen.base)}/password/[A-Za-z0-9_-]{{43}}", url), url
    assert on_screen(admin, "#reset-url") and no_sideways_scroll(admin)
    screen.shot(admin, "reset-link")

    user = screen.tab()
    user.goto(url)
    assert "kasi-aplikasi" in user.locator("main").inner_text()
    assert no_sideways_scroll(user)
    screen.shot(user, "set-password")
    user.fill("input[name=password]", "kata-sandi-panjang")
    user.fill("input[name=confirm]", "kata-sandi-lain-lagi")
    user.click("main button[type=submit]")
    user.wait_for_load_state()
    assert user.locator("#confirm-error").inner_text().lower() == "kedua kata sandi tidak sama"
    assert user.locator("input[name=confirm]").get_attribute("aria-invalid") == "true"
    assert "kasi-aplikasi" in user.locator("main").inner_text()  # still names whose password it is
    screen.shot(user, "set-password-refused")
    user.fill("input[name=password]", "kata-sandi-panjang")
    user.fill("input[name=confirm]", "kata-sandi-panjang")
    user.click("main button[type=submit]")
    user.wait_for_load_state()
    assert "disimpan" in user.locator(".flash").inner_text()
    screen.shot(user, "set-password-done")
    signed = screen.tab("kasi-aplikasi", "kata-sandi-panjang")
    assert "/signin" not in signed.url
