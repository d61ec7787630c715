"""A Plt./Plh. with its decree, at every door: the grant names its SK (number, date, optionally the
PDF), a step done under it says so in the audit trail, and an auditor asks who held a role on a
date under which SK. On both stores."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from typing import Any

from tests.mutu import LETTER
from tests.web.conftest import World, complete, submit
from tests.web.pages_helpers import browser, post

KABID = "Kepala Bidang Teknologi Informasi"
SK = "800.1.3/123/BKPSDM/2026"
PDF = b"%PDF-1.4\n% SK Plt. Kepala Bidang TI\n%%EOF\n"
SHA = hashlib.sha256(PDF).hexdigest()
SK_SAID = f"SK {SK} tanggal 1 Maret 2026"


def grant_plt(world: World, **extra: Any) -> Any:
    """Over the API, multipart: the Kasi Aplikasi as Plt. Kabid TI for March, with the SK's PDF."""
    form = {"role": "kabid-ti", "acting": "true", "valid_from": "2026-03-01", "valid_until": "2026-03-31",
            "sk_number": SK, "sk_date": "2026-03-01", **extra}  # fmt: skip
    return world.api("POST", "/users/kasi-aplikasi/grants", "admin", data=form,
                     files={"sk_document": ("sk-plt.pdf", PDF, "application/pdf")})  # fmt: skip


def test_a_plt_without_its_sk_number_is_refused_naming_the_field_at_the_page_and_the_api(world: World):
    admin = browser(world, "admin")
    refused = post(admin, f"/t/{world.a}/admin/grants", {"username": "kasi-aplikasi", "role": "kabid-ti",
                   "valid_until": "2026-03-31", "acting": "on"},
                   from_page=f"/t/{world.a}/admin/users")  # fmt: skip
    assert refused.status_code == 422
    beside = re.search(r'<small class="field-error" id="grant-sk_number-error">([^<]*)</small>', refused.text)
    assert beside and beside.group(1) == "nomor SK wajib diisi untuk Plt./Plh."
    assert 'aria-describedby="grant-sk_number-error"' in refused.text
    no_date = post(admin, f"/t/{world.a}/admin/grants", {"username": "kasi-aplikasi", "role": "kabid-ti",
                   "acting": "on", "sk_number": SK}, from_page=f"/t/{world.a}/admin/users")  # fmt: skip
    assert no_date.status_code == 422 and 'id="grant-sk_date-error">tanggal SK wajib diisi<' in no_date.text
    api = world.api(
        "POST", "/users/kasi-aplikasi/grants", "admin", json={"role": "kabid-ti", "title": "Plh."}
    )
    assert (api.status_code, api.json()["error"]["field"]) == (422, "sk_number")
    too_long = world.api(
        "POST",
        "/users/kasi-aplikasi/grants",
        "admin",
        json={"role": "kabid-ti", "acting": True, "sk_number": "8" * 101, "sk_date": "2026-03-01"},
    )
    assert (too_long.status_code, too_long.json()["error"]["field"]) == (422, "sk_number")
    not_pdf = world.api(
        "POST",
        "/users/kasi-aplikasi/grants",
        "admin",
        data={"role": "kabid-ti", "acting": "true", "sk_number": SK, "sk_date": "2026-03-01"},
        files={"sk_document": ("sk.png", b"\x89PNG\r\n\x1a\nrest", "image/png")},
    )
    assert (not_pdf.status_code, not_pdf.json()["error"]["field"]) == (415, "sk_document")
    grants = world.api("GET", "/users/kasi-aplikasi", "admin").json()["grants"]
    assert "kabid-ti" not in [g["role"] for g in grants]  # nothing refused was recorded


def test_a_plt_granted_with_its_sk_and_pdf_shows_its_sk_on_the_users_admin_page(world: World):
    admin = browser(world, "admin")
    granted = post(admin, f"/t/{world.a}/admin/grants", {"username": "kasi-aplikasi", "role": "kabid-ti",
                   "valid_from": "2026-03-01", "valid_until": "2026-03-31", "title": "Plh.", "sk_number": SK,
                   "sk_date": "2026-03-01"}, from_page=f"/t/{world.a}/admin/users",
                   files={"sk_document": ("sk-plh.pdf", PDF, "application/pdf")})  # fmt: skip
    assert granted.status_code == 303
    page = admin.get(f"/t/{world.a}/admin/users/kasi-aplikasi").text
    assert f'Plh. <span class="role">{KABID}</span>' in page
    assert f"SK {SK} tanggal Minggu, 1 Maret 2026" in page
    assert f'href="/t/{world.a}/audit/sk/{SHA}"' in page
    shown = world.api("GET", "/users/kasi-aplikasi", "admin").json()
    plh = next(g for g in shown["grants"] if g["role"] == "kabid-ti")
    assert (plh["acting"], plh["title"], plh["sk_number"], plh["sk_date"]) == (True, "Plh.", SK, "2026-03-01")
    assert plh["sk_document"] == {"name": "sk-plh.pdf", "sha256": SHA, "size": len(PDF),
                                  "content_type": "application/pdf"}  # fmt: skip


def test_a_step_done_under_a_plt_reads_plt_with_its_sk_in_the_audit_page_json_and_csv(world: World):
    answer = grant_plt(world)
    assert answer.status_code == 201, answer.text
    assert (answer.json()["title"], answer.json()["sk_document"]["sha256"]) == ("Plt.", SHA)
    request_id = submit(world)["id"]
    assert complete(world, request_id, 2, "kadis").status_code == 200
    assert complete(world, request_id, 3, "kasi-aplikasi").status_code == 200  # as Plt. Kabid TI
    auditor = browser(world, "auditor")
    said = f"Plt. {KABID} ({SK_SAID})"
    assert said in auditor.get(f"/t/{world.a}/audit?request={request_id}").text
    rows = auditor.get(f"/t/{world.a}/audit?format=json&request={request_id}").json()
    acting = next(row for row in rows if row["step"] == 3)
    assert (acting["acting"], acting["acting_title"]) == (True, "Plt.")
    assert acting["acting_sk"] == {"number": SK, "date": "2026-03-01"}
    assert next(row for row in rows if row["step"] == 2)["acting_sk"] is None  # the Kadis in his own right
    text = auditor.get(f"/t/{world.a}/audit?format=csv&request={request_id}").text
    table = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    row = next(row for row in table if row["Langkah"] == "3")
    assert (row["Plt./Plh."], row["SK Plt./Plh."]) == (said, SK_SAID.removeprefix("SK "))
    api = world.api("GET", f"/audit?request={request_id}", "auditor").json()["items"]
    assert next(row for row in api if row["step"] == 3)["acting_sk"] == {"number": SK, "date": "2026-03-01"}


def test_who_held_a_role_on_a_date_inside_and_outside_the_grants_period(world: World):
    assert grant_plt(world).status_code == 201
    inside = world.api("GET", "/audit/holders?role=kabid-ti&date=2026-03-17", "auditor").json()
    held = {h["username"]: h for h in inside["holders"]}
    assert (inside["role"], inside["date"]) == ("kabid-ti", "2026-03-17")
    assert set(held) == {"kabid-ti", "kasi-aplikasi"}
    plt = held["kasi-aplikasi"]
    assert (plt["full_name"], plt["acting"], plt["title"]) == ("Kasi-Aplikasi", True, "Plt.")
    assert (plt["sk_number"], plt["sk_date"]) == (SK, "2026-03-01")
    assert plt["valid_until_date"] == "2026-03-31" and plt["sk_document"]["sha256"] == SHA
    assert (held["kabid-ti"]["acting"], held["kabid-ti"]["sk_number"]) == (False, None)
    before = world.api("GET", "/audit/holders?role=kabid-ti&date=2026-02-27", "admin").json()
    assert before["holders"] == []  # before the grant, and before the Kabid was registered
    after = world.api("GET", "/audit/holders?role=kabid-ti&date=2026-04-01", "auditor").json()
    assert [h["username"] for h in after["holders"]] == ["kabid-ti"]  # the Plt. lapsed with March
    assert world.api("GET", "/audit/holders", "auditor").status_code == 422
    assert world.api("GET", "/audit/holders?role=kabid-ti", "opd-disdik").status_code == 403
    page = browser(world, "auditor").get(f"/t/{world.a}/audit/holders?role=kabid-ti&date=2026-03-17").text
    assert "Kasi-Aplikasi" in page and f"Plt. {KABID}" in page and "Definitif" in page
    assert f"{SK} tanggal Minggu, 1 Maret 2026" in page and f"/audit/sk/{SHA}" in page
    outside = browser(world, "auditor").get(f"/t/{world.a}/audit/holders?role=kabid-ti&date=2026-04-01").text
    assert "Kasi-Aplikasi" not in outside and "Kabid-Ti" in outside


def test_the_sks_pdf_is_downloaded_by_an_admin_or_auditor_and_never_by_an_opd_user(world: World):
    assert grant_plt(world).status_code == 201
    for user in ("admin", "auditor"):
        answer = world.api("GET", f"/audit/sk/{SHA}", user)
        assert (answer.status_code, answer.content) == (200, PDF)
        assert answer.headers["content-type"] == "application/pdf"
        assert browser(world, user).get(f"/t/{world.a}/audit/sk/{SHA}").content == PDF
    assert world.api("GET", f"/audit/sk/{SHA}", "opd-disdik").status_code == 403
    assert browser(world, "opd-disdik").get(f"/t/{world.a}/audit/sk/{SHA}").status_code == 403
    assert world.api("GET", f"/audit/sk/{SHA}", "kabid-ti").status_code == 403  # an official, no auditor
    assert world.api("GET", f"/audit/sk/{'0' * 64}", "auditor").status_code == 404
    submit(world)
    letter = hashlib.sha256(LETTER.data).hexdigest()  # a request's document, stored: not an SK
    assert world.api("GET", f"/audit/sk/{letter}", "auditor").status_code == 404
    assert world.api("GET", f"/audit/sk/{SHA}", "boss", tenant=world.b).status_code == 404  # another tenant
