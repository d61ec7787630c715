"""Every refusal where the user is looking, confirmations before what cannot be undone, and a
line after each success — without JavaScript (plain forms) and with htmx fragments, and at the
API. The browser shows the same in tests/web/test_browser_refusals.py."""

from __future__ import annotations

import html
import re

import pytest

from tests.conftest import PLT_SK
from tests.mutu import as_form, letter_files, needed
from tests.web.conftest import World, add_user, submit
from tests.web.pages_helpers import browser, hidden_fields, post
from tests.web.variants import performer, request_at, use_variant, walk_to

HTMX = {"HX-Request": "true"}
ENDING = [("sumbawa-2021", 6), ("tangerang-selatan-2017", 6), ("aplikasi-database-2013", 4)]


def form_of(page: str, number: int) -> str:
    """The action form of step `number` on a request page, or "" when the page shows none."""
    found = re.search(rf'<form method="post" action="[^"]*/steps/{number}".*?</form>', page, re.S)
    return found.group(0) if found else ""


def note_in(form: str) -> str:
    found = re.search(r'<textarea name="note"[^>]*>(.*?)</textarea>', form, re.S)
    return html.unescape(found.group(1)) if found else ""


def plt_kasi(world: World) -> None:
    """A Plt. Kepala Seksi Aplikasi beside the real one (an acting grant)."""
    add_user(world.service(), ("sumbawa-2021", 3), "plt-kasi", ["tim-pengembang"])
    world.service().grant_role(
        "plt-kasi", "kasi-aplikasi", sop=("sumbawa-2021", 3), actor="admin", acting=True, **PLT_SK
    )


# -- 1. a step someone else completed first -------------------------------------------------


@pytest.mark.parametrize("with_htmx", [False, True], ids=["plain form", "htmx"])
def test_a_plt_official_submitting_a_step_someone_just_completed_sees_why_not_the_next_form(
    world: World, with_htmx: bool
):
    plt_kasi(world)
    request_id = request_at(world, "sumbawa-2021", 4)
    url = f"/t/{world.a}/requests/{request_id}"
    plt = browser(world, "plt-kasi")
    opened = plt.get(url).text
    assert form_of(opened, 4)
    done = world.api("POST", f"/requests/{request_id}/steps/4", "kasi-aplikasi",
                     json={"assignee": "tim-pengembang", "note": "Tim dibentuk"})  # fmt: skip
    assert done.status_code == 200
    mine = {"expected_version": hidden_fields(form_of(opened, 4))["expected_version"], "assignee": "plt-kasi",
            "note": "Tim: Budi dan Sari, mulai Senin"}  # fmt: skip
    answer = post(plt, f"{url}/steps/4", mine, from_page=url, headers=HTMX if with_htmx else {})
    assert answer.status_code == (200 if with_htmx else 409)
    page = answer.text
    assert page.lstrip().startswith('<section id="panel">') == with_htmx
    refusal = re.search(
        r'<div class="refusal" role="alert" tabindex="-1" autofocus id="refusal">.*?</div>', page, re.S
    )
    assert refusal, "the refusal is at the top of the panel, focused"
    assert "langkah 4 baru saja diselesaikan oleh kasi-aplikasi" in refusal.group(0)
    assert "Tim: Budi dan Sari, mulai Senin" in refusal.group(0) and "plt-kasi" in refusal.group(0)
    assert page.index('id="refusal"') < page.index('id="active-step"')
    step_five = form_of(page, 5)
    assert step_five, "the Plt. holds the next step's role too: its form is there"
    assert note_in(step_five) == "" and "Budi" not in step_five  # never the old input in the next form


def test_a_form_of_a_finished_request_shows_it_has_ended(world: World):
    request_id = str(submit(world)["id"])
    url = f"/t/{world.a}/requests/{request_id}"
    kadis = browser(world, "kadis")
    kadis.get(url)
    assert (
        world.api(
            "POST", f"/requests/{request_id}/withdraw", "opd-disdik", json={"note": "Batal"}
        ).status_code
        == 200
    )
    answer = post(
        kadis,
        f"{url}/steps/2",
        {"expected_version": "1", "note": "Disposisi"},
        from_page=f"/t/{world.a}/inbox",
    )
    assert answer.status_code == 409
    assert 'id="refusal"' in answer.text and "ditarik" in answer.text and not form_of(answer.text, 2)


# -- 1. field errors beside their fields ---------------------------------------------------


@pytest.mark.parametrize("with_htmx", [False, True], ids=["plain form", "htmx"])
def test_a_missing_decision_is_marked_beside_the_question_keeping_the_note(world: World, with_htmx: bool):
    request_id = request_at(world, "sumbawa-2021", 6)
    url = f"/t/{world.a}/requests/{request_id}"
    answer = post(browser(world, "kabid-ti"), f"{url}/steps/6", {"note": "Sudah diperiksa"}, from_page=url,
                  headers=HTMX if with_htmx else {})  # fmt: skip
    assert answer.status_code == (200 if with_htmx else 422)
    form = form_of(answer.text, 6)
    assert 'aria-invalid="true" aria-describedby="decision-error" autofocus' in form
    assert re.search(r'<small class="field-error" id="decision-error">[^<]*keputusan', form)
    assert note_in(form) == "Sudah diperiksa"
    assert 'id="refusal"' not in answer.text


def test_a_letter_date_that_cannot_be_read_is_explained_beside_the_field(world: World):
    client = browser(world, "opd-disdik")
    answer = post(
        client,
        f"/t/{world.a}/requests/new",
        {"letter_number": "420/1", "letter_date": "16/03/2026", "title": "Aplikasi Data"},
    )
    assert answer.status_code == 422
    assert re.search(r'name="letter_date" type="date" value="16/03/2026" required aria-invalid="true" '
                     r'aria-describedby="letter_date-error" autofocus>', answer.text)  # fmt: skip
    message = re.search(r'<small class="field-error" id="letter_date-error">([^<]*)</small>', answer.text)
    assert message and "YYYY" not in message.group(1) and "tanggal surat" in message.group(1)
    assert 'value="Aplikasi Data"' in answer.text
    future = post(
        client,
        f"/t/{world.a}/requests/new",
        {"letter_number": "420/1", "letter_date": "2026-12-01", "title": "Aplikasi Data"},
    )
    assert "tidak boleh setelah hari ini" in future.text and 'id="letter_date-error"' in future.text


def test_an_empty_title_is_named_as_people_call_it(world: World):
    answer = post(browser(world, "opd-disdik", ), f"/t/{world.a}/requests/new?lang=en",
                  {"letter_number": "420/1", "letter_date": "2026-03-16", "title": " "})  # fmt: skip
    assert answer.status_code == 422
    assert (
        '<small class="field-error" id="title-error">enter the application&#39;s name</small>' in answer.text
    )


# -- 9. a line after each success ----------------------------------------------------------


def test_a_step_done_says_where_the_request_went(world: World):
    request_id = str(submit(world)["id"])
    url = f"/t/{world.a}/requests/{request_id}"
    kadis = browser(world, "kadis")
    answer = post(kadis, f"{url}/steps/2", {"note": "Ke Kabid"}, from_page=url)
    assert answer.status_code == 303
    said = "Langkah 2 selesai · diteruskan ke Kepala Bidang Teknologi Informasi (langkah 3)"
    assert said in kadis.get(url).text
    assert said not in kadis.get(url).text  # once
    quick = post(browser(world, "kabid-ti"), f"{url}/steps/3?lang=en", {"note": "Ke Kasi"}, from_page=url,
                 headers=HTMX)  # fmt: skip
    assert (
        'id="flash">Step 3 done · passed on to Kepala Seksi Aplikasi dan E-Government (step 4)' in quick.text
    )


def test_a_submission_and_a_grant_are_confirmed(world: World):
    opd = browser(world, "opd-disdik")
    answer = post(
        opd,
        f"/t/{world.a}/requests/new",
        {"letter_number": "420/9", "letter_date": "2026-03-16", "title": "Aplikasi Baru"},
        files=letter_files(),
    )
    page = opd.get(answer.headers["location"]).text
    assert "Permohonan terkirim · diteruskan ke Kepala Dinas" in page
    admin = browser(world, "admin")
    granted = post(admin, f"/t/{world.a}/admin/grants", {"username": "kasi-aplikasi", "role": "kabid-ti",
                   "valid_until": "2026-03-31", "acting": "on", "sk_number": "800/3/2026",
                   "sk_date": "2026-03-01"},
                   from_page=f"/t/{world.a}/admin/users")  # fmt: skip
    assert granted.status_code == 303
    assert ("Peran Plt. Kepala Bidang Teknologi Informasi diberikan kepada kasi-aplikasi, sampai Selasa, "
            "31 Maret 2026" in admin.get(f"/t/{world.a}/admin/users").text)  # fmt: skip


# -- 6. withdrawal: confirm, with a reason ----------------------------------------------------


def test_withdrawing_asks_first_and_keeps_the_reason_in_the_event(world: World):
    request_id = str(submit(world)["id"])
    url = f"/t/{world.a}/requests/{request_id}"
    opd = browser(world, "opd-disdik")
    assert f'href="{url}/withdraw"' in opd.get(url).text
    asked = opd.get(f"{url}/withdraw")
    assert asked.status_code == 200 and "Tarik permohonan ini?" in asked.text
    assert 'id="confirm-reason" name="note"' in asked.text
    empty = post(
        opd, f"{url}/withdraw", {**hidden_fields(asked.text), "note": ""}, from_page=f"{url}/withdraw"
    )
    assert empty.status_code == 422
    assert 'aria-invalid="true" aria-describedby="note-error" autofocus' in empty.text
    assert "tulis alasan penarikan" in empty.text
    assert world.api("GET", f"/requests/{request_id}", "kadis").json()["status"] == "in_progress"
    done = post(opd, f"{url}/withdraw", {**hidden_fields(asked.text), "note": "Dibangun Kementerian"},
                from_page=f"{url}/withdraw")  # fmt: skip
    assert done.status_code == 303
    assert "Permohonan ditarik" in opd.get(url).text
    withdrawn = world.api("GET", f"/requests/{request_id}/events", "auditor").json()[-1]
    assert (withdrawn["type"], withdrawn["data"]["note"]) == ("Withdrawn", "Dibangun Kementerian")


def test_withdrawing_with_htmx_swaps_the_confirmation_in_place(world: World):
    request_id = str(submit(world)["id"])
    url = f"/t/{world.a}/requests/{request_id}"
    asked = browser(world, "opd-disdik").get(f"{url}/withdraw", headers=HTMX)
    assert asked.text.lstrip().startswith('<section id="withdraw" class="confirm"')
    assert "<html" not in asked.text


def test_only_the_requesting_opd_is_asked_to_confirm_a_withdrawal(world: World):
    request_id = str(submit(world)["id"])
    url = f"/t/{world.a}/requests/{request_id}"
    answer = browser(world, "kadis").get(f"{url}/withdraw", follow_redirects=False)
    assert answer.status_code == 403 and "hanya OPD pemohon" in answer.text
    world.api("POST", f"/requests/{request_id}/withdraw", "opd-disdik", json={"note": "Batal"})
    ended = browser(world, "opd-disdik").get(f"{url}/withdraw", follow_redirects=False)
    assert ended.status_code == 303 and ended.headers["location"] == url  # nothing left to withdraw


def test_the_api_refuses_a_withdrawal_without_a_reason_naming_the_field(world: World):
    request_id = str(submit(world)["id"])
    answer = world.api("POST", f"/requests/{request_id}/withdraw", "opd-disdik", json={})
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "note"


# -- 6. an answer that ends the request: it says so, confirm, with a reason -----------------


@pytest.mark.parametrize(("variant_id", "number"), ENDING)
def test_an_answer_that_ends_the_request_is_confirmed_first_with_a_reason(
    world: World, variant_id: str, number: int
):
    request_id = request_at(world, variant_id, number)
    url = f"/t/{world.a}/requests/{request_id}"
    view = world.api("GET", f"/requests/{request_id}", "auditor").json()
    user = view["active_step"]["role"]
    official = browser(world, user)
    form = form_of(official.get(url).text, number)
    assert re.search(r"<strong>tidak</strong> →.*permohonan berakhir", form, re.S)
    paper = as_form(needed(view["checklist"], "tidak"))  # every document handed over on paper
    asked = post(official, f"{url}/steps/{number}", {"decision": "tidak", "note": "Anggaran belum ada",
                 "expected_version": str(view["version"]), **paper}, from_page=url)  # fmt: skip
    assert asked.status_code == 200 and "Ini tidak dapat dibatalkan" in asked.text and "ditolak" in asked.text
    assert "Ya, jawab “tidak”" in asked.text and ">Anggaran belum ada</textarea>" in asked.text
    assert world.api("GET", f"/requests/{request_id}", "auditor").json()["version"] == view["version"]
    refused = post(
        official, f"{url}/steps/{number}", {**hidden_fields(asked.text), "note": ""}, from_page=url
    )
    assert refused.status_code == 422 and 'aria-describedby="note-error"' in refused.text
    assert "Ya, jawab “tidak”" in refused.text  # still the confirmation, the reason marked
    reasoned = {**hidden_fields(asked.text), "note": "Anggaran belum ada"}
    done = post(official, f"{url}/steps/{number}", reasoned, from_page=url)
    assert done.status_code == 303
    after = world.api("GET", f"/requests/{request_id}", "auditor").json()
    taken = after["steps_taken"][-1]
    assert (taken["number"], taken["decision"]) == (number, "tidak")
    assert world.api("GET", f"/requests/{request_id}/events", "auditor").json()[-1]["data"]["note"] == (
        "Anggaran belum ada"
    )


@pytest.mark.parametrize(("variant_id", "number"), ENDING)
def test_the_api_refuses_an_ending_answer_without_a_reason_naming_the_field(
    world: World, variant_id: str, number: int
):
    request_id = request_at(world, variant_id, number)
    view = world.api("GET", f"/requests/{request_id}", "auditor").json()
    answer = world.api("POST", f"/requests/{request_id}/steps/{number}", view["active_step"]["role"],
                       json={"decision": "tidak"})  # fmt: skip
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "note"


# Where each answer of each decision step leads, as its form says (muara-enim: no decisions).
DECISIONS = {
    "sumbawa-2021": {6: ("lanjut ke langkah 8", "langkah 7"),
                     11: ("lanjut ke langkah 12", "kembali ke langkah 9"),
                     14: ("lanjut ke langkah 15", "kembali ke langkah 12")},
    "tangerang-selatan-2017": {6: ("lanjut ke langkah 7", "permohonan berakhir: ditolak"),
                               14: ("lanjut ke langkah 15", "kembali ke langkah 11")},
    "cirebon-2019": {4: ("lanjut ke langkah 6", "lanjut ke langkah 5"),
                     7: ("lanjut ke langkah 8", "lanjut ke langkah 8")},  # the PIC coordinates on both
    "aplikasi-database-2013": {4: ("lanjut ke langkah 5", "permohonan berakhir: ditolak")},
    "muara-enim-2021-mandiri": {},
    "muara-enim-2021-pengembang": {},
}  # fmt: skip


@pytest.mark.parametrize("variant_id", list(DECISIONS))
def test_each_decision_form_says_where_each_answer_leads(world: World, variant_id: str):
    use_variant(world, variant_id)
    request_id = str(submit(world, title=f"Aplikasi {variant_id}")["id"])
    seen = []
    for number, (ya, tidak) in DECISIONS[variant_id].items():
        view = walk_to(world, request_id, number)
        page = (
            browser(world, performer(view["active_step"]["role"]))
            .get(f"/t/{world.a}/requests/{request_id}")
            .text
        )
        labels = re.findall(r'<label class="lead[^"]*">(.*?)</label>', form_of(page, number), re.S)
        text = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", label)).split()) for label in labels]
        assert text[0].startswith("ya →") and ya in text[0], text
        assert text[1].startswith("tidak →") and tidak in text[1], text
        assert ("permohonan berakhir" in text[1]) == ((variant_id, number) in ENDING), text
        assert "permohonan berakhir" not in text[0], text
        seen.append(number)
    assert seen == list(DECISIONS[variant_id])
    if not seen:  # a variant without decisions: its step forms ask no question
        view = world.api("GET", f"/requests/{request_id}", "auditor").json()
        holder = browser(world, performer(view["active_step"]["role"]))
        page = holder.get(f"/t/{world.a}/requests/{request_id}")
        assert 'name="decision"' not in page.text  # (the return form's checklist is no question)


# -- 6. switching SOP: confirm, the new roles nobody holds, a reason ------------------------


@pytest.mark.parametrize("variant_id", sorted(DECISIONS))
def test_switching_sop_lists_the_new_roles_nobody_holds_and_keeps_the_reason(world: World, variant_id: str):
    from tenants.catalogue import builtin_variant

    admin = browser(world, "admin")
    asked = admin.get(f"/t/{world.a}/admin/sop/switch?variant={variant_id}")
    if variant_id == "sumbawa-2021":  # already in force: nothing to confirm
        assert asked.history and "sudah berlaku" in asked.text
        return
    variant = builtin_variant(variant_id).variant
    held = {"opd", "kadis", "kabid-ti", "kasi-aplikasi", "tim-pengembang"}  # the users of the test tenant
    unheld = [role for role in variant.roles if role.id not in held]
    listed = re.search(r'id="unheld-roles">(.*?)</div>', asked.text, re.S)
    assert unheld and listed
    assert re.findall(r"<li>(.*?) <small>", listed.group(1)) == [html.escape(r.name) for r in unheld]
    refused = post(admin, f"/t/{world.a}/admin/sop", {**hidden_fields(asked.text), "reason": ""},
                   from_page=f"/t/{world.a}/admin/sop")  # fmt: skip
    assert refused.status_code == 422 and 'aria-describedby="reason-error"' in refused.text
    assert world.platform.tenant(world.a).variant_id == "sumbawa-2021"
    done = post(admin, f"/t/{world.a}/admin/sop", {**hidden_fields(asked.text), "reason": "Perbup baru"},
                from_page=f"/t/{world.a}/admin/sop")  # fmt: skip
    assert done.status_code == 303 and world.platform.tenant(world.a).variant_id == variant_id
    assert "SOP diganti" in admin.get(f"/t/{world.a}/admin/sop").text
    switched = world.api("GET", "/audit?type=Switched", "auditor").json()["items"][-1]
    assert switched["data"]["reason"] == "Perbup baru" and "alasan: Perbup baru" in switched["sentence"]


def test_a_sop_where_every_role_is_held_says_so(world: World):
    use_variant(world, "cirebon-2019")
    asked = browser(world, "admin").get(f"/t/{world.a}/admin/sop/switch?variant=sumbawa-2021")
    assert 'id="unheld-roles">Setiap peran SOP baru sudah dipegang' in asked.text


# -- 9. error pages keep the navigation --------------------------------------------------------


def test_an_error_page_keeps_the_navigation_of_the_signed_in_user(world: World):
    answer = browser(world, "kadis").get(f"/t/{world.a}/requests/00000000-0000-0000-0000-000000000000")
    assert answer.status_code == 404
    assert f'href="/t/{world.a}/inbox"' in answer.text
    assert 'title="kadis">Keluar<span class="who"> (kadis)' in answer.text
    assert "permohonan tidak ditemukan" in answer.text
    anonymous = world.client.get(f"/t/{world.a}/nothing-here")
    assert anonymous.status_code == 404 and f'href="/t/{world.a}/signin"' in anonymous.text


def test_the_openapi_document_says_a_withdrawal_and_an_ending_answer_need_a_reason(world: World):
    doc = world.client.get(f"/t/{world.a}/api/v1/openapi.json").json()
    withdraw = doc["paths"]["/requests/{id}/withdraw"]["post"]
    assert withdraw["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/Withdrawal")
    assert "422" in withdraw["responses"]
    assert doc["components"]["schemas"]["Withdrawal"]["required"] == ["note"]
    assert "reason" in doc["components"]["schemas"]["StepAction"]["properties"]["note"]["description"]


def test_an_error_answering_htmx_comes_retargeted_to_the_main_content(world: World):
    answer = browser(world, "kadis").post(
        f"/t/{world.a}/requests/{submit(world)['id']}/steps/2", data={"csrf": "kedaluwarsa"}, headers=HTMX
    )
    assert answer.status_code == 403
    assert (answer.headers["hx-retarget"], answer.headers["hx-reswap"]) == (
        "main",
        "innerHTML show:window:top",
    )
    assert (
        answer.text.lstrip().startswith('<article class="error-page">')
        and "formulir kedaluwarsa" in answer.text
    )


def test_confirmations_read_in_english_too(world: World):
    request_id = request_at(world, "tangerang-selatan-2017", 6)
    url = f"/t/{world.a}/requests/{request_id}"
    form = form_of(browser(world, "bidang-ptikp").get(f"{url}?lang=en").text, 6)
    assert "the request ends: declined" in form and "on to step 7" in form
    asked = browser(world, "opd-disdik").get(f"{url}/withdraw?lang=en").text
    assert "Withdraw this request?" in asked and "Reason for withdrawing (required)" in asked
    switch = browser(world, "admin").get(f"/t/{world.a}/admin/sop/switch?variant=cirebon-2019&lang=en").text
    assert "Roles of the new SOP that nobody holds" in switch and "Yes, switch the SOP" in switch


def test_a_withdrawal_confirmed_after_the_request_ended_says_so_and_offers_no_form(world: World):
    request_id = str(submit(world)["id"])
    url = f"/t/{world.a}/requests/{request_id}"
    opd = browser(world, "opd-disdik")
    asked = opd.get(f"{url}/withdraw")
    world.api("POST", f"/requests/{request_id}/withdraw", "opd-disdik", json={"note": "Dari tab lain"})
    late = post(opd, f"{url}/withdraw", {**hidden_fields(asked.text), "note": "Batal"}, from_page=url)
    assert late.status_code == 409 and "sudah berakhir (ditarik)" in late.text
    assert 'id="confirm-reason"' not in late.text and "Lihat permohonan" in late.text
