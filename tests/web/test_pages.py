"""The pages, without JavaScript (plain forms) and with htmx fragments, on both stores."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

from starlette.testclient import TestClient

from adapters.composition import Platform
from adapters.config import Settings
from domain.documents import MAX_BYTES
from tenants.catalogue import builtin_variant
from tests.web.conftest import PASSWORD, World, submit
from tests.web.pages_helpers import browser, csrf_of, hidden_fields, post
from web.app import create_app

PDF = b"%PDF-1.4\n% surat permohonan\n"


def test_pages_need_sign_in_and_come_back_after_it(world: World):
    client = browser(world, "kadis")
    client.cookies.clear()
    answer = client.get(f"/t/{world.a}/inbox", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/t/{world.a}/signin?next=/t/{world.a}/inbox"


def test_wrong_password_says_so_without_telling_whether_the_user_exists(world: World):
    client = browser(world, "kadis")
    client.cookies.clear()
    url = f"/t/{world.a}/signin"
    answers = []
    for username in ("kadis", "tidak-ada"):
        token = csrf_of(client.get(url).text)
        form = {"username": username, "password": "salah-sekali", "csrf": token}
        answers.append(client.post(url, data=form))
    assert [a.status_code for a in answers] == [401, 401]
    assert answers[0].text.replace("kadis", "X") == answers[1].text.replace("tidak-ada", "X")
    assert "kata sandi salah" in answers[0].text


def test_session_cookie_is_httponly_samesite_and_secure_over_https(world: World):
    from starlette.testclient import TestClient

    client = TestClient(world.client.app, base_url="https://testserver")
    token = csrf_of(client.get(f"/t/{world.a}/signin").text)
    answer = client.post(f"/t/{world.a}/signin", data={"username": "kadis", "password": PASSWORD,
                         "csrf": token}, follow_redirects=False)  # fmt: skip
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("alur_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" in cookie


def test_a_form_without_the_csrf_token_is_refused(world: World):
    client = browser(world, "opd-disdik")
    answer = client.post(f"/t/{world.a}/requests/new", data={"title": "X"}, follow_redirects=False)
    assert answer.status_code == 403


def test_opd_submits_with_a_pdf_letter_and_sees_its_request(world: World):
    client = browser(world, "opd-disdik")
    answer = post(client, f"/t/{world.a}/requests/new", {
        "letter_number": "420/7/2026", "letter_date": "2026-03-16", "title": "Aplikasi PPDB",
        "purpose": "Penerimaan siswa", "business_process": "Pendaftaran daring"},
        files={"letter": ("surat.pdf", PDF, "application/pdf")})  # fmt: skip
    assert answer.status_code == 303
    page = client.get(answer.headers["location"])
    assert "Aplikasi PPDB" in page.text and "surat.pdf" in page.text
    listing = client.get(f"/t/{world.a}/requests")
    assert "Aplikasi PPDB" in listing.text


def test_a_letter_that_is_not_a_pdf_is_refused_and_the_form_kept(world: World):
    client = browser(world, "opd-disdik")
    answer = post(client, f"/t/{world.a}/requests/new", {
        "letter_number": "1", "letter_date": "2026-03-16", "title": "Judul Saya"},
        files={"letter": ("surat.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")})  # fmt: skip
    assert answer.status_code == 415
    assert 'value="Judul Saya"' in answer.text


def test_an_upload_over_the_limit_is_refused(world: World):
    client = browser(world, "opd-disdik")
    big = PDF + b"0" * (MAX_BYTES + 1)
    form = {"title": "X", "letter_number": "1", "letter_date": "2026-03-16"}
    answer = post(
        client, f"/t/{world.a}/requests/new", form, files={"letter": ("a.pdf", big, "application/pdf")}
    )
    assert answer.status_code == 413


def test_documents_download_only_for_those_who_may_see_the_request(world: World):
    client = browser(world, "opd-disdik")
    answer = post(client, f"/t/{world.a}/requests/new", {"letter_number": "1", "letter_date": "2026-03-16",
                  "title": "Dok"}, files={"letter": ("surat.pdf", PDF, "application/pdf")})  # fmt: skip
    page = client.get(answer.headers["location"]).text
    url = re.search(r'href="([^"]*/files/[0-9a-f]{64})"', page).group(1)
    assert client.get(url).content == PDF
    assert browser(world, "kadis").get(url).content == PDF
    assert browser(world, "opd-dinkes").get(url).status_code == 404
    assert client.get(url[:-8] + "00000000").status_code == 404


def test_an_official_acts_with_a_plain_form_and_the_request_moves_on(world: World):
    view = submit(world)
    client = browser(world, "kadis")
    url = f"/t/{world.a}/requests/{view['id']}"
    answer = post(client, f"{url}/steps/2", {"note": "Disposisi", "expected_version": "1"}, from_page=url)
    assert answer.status_code == 303
    page = client.get(url).text
    assert 'id="active-step"' in page and "3. " in page and "Disposisi" in page


def test_htmx_action_returns_only_the_panel(world: World):
    view = submit(world)
    client = browser(world, "kadis")
    url = f"/t/{world.a}/requests/{view['id']}"
    answer = post(client, f"{url}/steps/2", {"note": "cepat"}, from_page=url, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<section id="panel">')
    assert "<html" not in answer.text


def test_a_refused_action_shows_the_reason(world: World):
    view = submit(world)
    client = browser(world, "kadis")
    url = f"/t/{world.a}/requests/{view['id']}"
    answer = post(client, f"{url}/steps/2", {"expected_version": "7"}, from_page=url)
    assert answer.status_code == 409
    assert "telah berubah" in answer.text


def test_the_action_form_is_only_for_holders_of_the_steps_role(world: World):
    view = submit(world)
    url = f"/t/{world.a}/requests/{view['id']}"
    assert 'class="action"' in browser(world, "kadis").get(url).text
    assert 'class="action"' not in browser(world, "kabid-ti").get(url).text
    assert 'class="action"' not in browser(world, "opd-disdik").get(url).text


def test_inbox_lists_the_users_active_steps_with_the_count_in_the_navigation(world: World):
    view = submit(world, title="Aplikasi Kotak Masuk")
    page = browser(world, "kadis").get(f"/t/{world.a}/inbox").text
    assert "Aplikasi Kotak Masuk" in page and view["id"] in page
    assert '<mark id="inbox-count">1</mark>' in page


def test_the_opd_withdraws_its_request(world: World):
    view = submit(world)
    client = browser(world, "opd-disdik")
    url = f"/t/{world.a}/requests/{view['id']}"
    answer = post(client, f"{url}/withdraw", {"note": "batal"}, from_page=url)
    assert answer.status_code == 303
    assert world.api("GET", f"/requests/{view['id']}", "kadis").json()["status"] == "withdrawn"


def test_auditor_sees_history_and_exports_the_audit_trail(world: World):
    view = submit(world)
    client = browser(world, "auditor")
    assert "Diajukan" in client.get(f"/t/{world.a}/requests/{view['id']}/history").text
    assert view["id"] in client.get(f"/t/{world.a}/audit").text
    exported = client.get(f"/t/{world.a}/audit?format=csv")
    assert exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    assert exported.text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(exported.text.removeprefix("\ufeff")), delimiter=";"))
    assert any(row["Kode peristiwa"] == "Submitted" and row["ID permohonan"] == view["id"] for row in rows)
    as_json = client.get(f"/t/{world.a}/audit?format=json&type=Submitted").json()
    assert {entry["type"] for entry in as_json} == {"Submitted"}


def test_sla_dashboard_shows_steps_and_overdue_requests(world: World):
    view = submit(world, title="Terlambat Sekali")
    world.clock.advance(days=10)
    page = browser(world, "kadis").get(f"/t/{world.a}/sla")
    assert page.status_code == 200
    assert "Terlambat Sekali" in page.text and view["id"] in page.text


def test_admin_manages_opds_users_and_acting_grants(world: World):
    client = browser(world, "admin")
    assert post(client, f"/t/{world.a}/admin/opds", {"code": "BAPPEDA", "name": "Bappeda"}).status_code == 303
    new_user = {"username": "staf-baru", "password": "rahasia-baru-1", "roles": ["kasi-aplikasi"], "opd": ""}
    created = post(client, f"/t/{world.a}/admin/users", new_user)
    assert created.status_code == 303
    granted = post(client, f"/t/{world.a}/admin/grants", {"username": "staf-baru", "role": "kabid-ti",
                   "valid_from": "2026-03-01", "valid_until": "2026-04-30", "acting": "on",
                   "sk_number": "800.1.3/12/BKPSDM/2026", "sk_date": "2026-02-27"},
                   from_page=f"/t/{world.a}/admin/users")  # fmt: skip
    assert granted.status_code == 303
    page = client.get(f"/t/{world.a}/admin/users").text
    assert "staf-baru" in page and "Plt. Kepala Bidang Teknologi Informasi" in page  # the role by its name
    assert world.service().user("staf-baru").roles == ("kabid-ti", "kasi-aplikasi")
    refused = post(
        client, f"/t/{world.a}/admin/users", {"username": "X Y", "password": "pendek", "roles": "opd"}
    )
    assert refused.status_code == 422


def test_admin_sees_the_sop_table_and_switches_the_variant(world: World):
    client = browser(world, "admin")
    page = client.get(f"/t/{world.a}/admin/sop").text
    for column in ("No", "Kegiatan", "Pelaksana", "Kelengkapan", "Waktu", "Output"):
        assert f"<th>{column}</th>" in page
    asked = client.get(f"/t/{world.a}/admin/sop/switch?variant=cirebon-2019")
    assert asked.status_code == 200 and 'name="reason"' in asked.text
    assert world.platform.tenant(world.a).variant_id == "sumbawa-2021"  # nothing switched yet
    answer = post(client, f"/t/{world.a}/admin/sop", {"variant": "cirebon-2019", "reason": "Perwali baru"},
                  from_page=f"/t/{world.a}/admin/sop")  # fmt: skip
    assert answer.status_code == 303
    assert world.platform.tenant(world.a).variant_id == "cirebon-2019"


def test_english_is_one_click_away_and_remembered(world: World):
    client = browser(world, "kadis")
    answer = client.get(f"/t/{world.a}/inbox?lang=en")
    assert "Inbox" in answer.text and "Sign out" in answer.text
    assert "alur_lang=en" in answer.headers["set-cookie"]
    assert "Sign out" in client.get(f"/t/{world.a}/inbox").text
    assert "Keluar" in client.get(f"/t/{world.a}/inbox?lang=id").text


def test_front_end_assets_are_served_by_the_app(world: World):
    for name in ("htmx.min.js", "pico.min.css"):
        assert world.client.get(f"/assets/{name}").status_code == 200
    assert world.client.get("/assets/../../etc/passwd").status_code == 404


def test_admin_checks_a_variant_file_and_sees_each_error_with_its_location(world: World):
    client = browser(world, "admin")
    url = f"/t/{world.a}/admin/sop/file"
    bad = b"id: coba\nversion: 1\ntitle: Coba\nroles:\n  - {id: opd, name: OPD}\nsteps:\n  - number: 1\n"
    answer = post(
        client, url, files={"file": ("coba.yaml", bad, "text/yaml")}, from_page=f"/t/{world.a}/admin/sop"
    )
    assert answer.status_code == 422
    assert 'id="sop-problems"' in answer.text and "coba.yaml:" in answer.text
    good = (Path(__file__).parents[2] / "tenants" / "sops" / "cirebon-2019.yaml").read_bytes()
    answer = post(
        client, url, files={"file": ("c.yaml", good, "text/yaml")}, from_page=f"/t/{world.a}/admin/sop"
    )
    assert answer.status_code == 200 and 'id="sop-checked"' in answer.text


def test_pages_forbid_framing_and_foreign_scripts(world: World):
    answer = browser(world, "kadis").get(f"/t/{world.a}/inbox")
    assert answer.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in answer.headers["content-security-policy"]


def test_the_request_list_names_who_holds_the_active_step_and_filters_the_overdue(world: World):
    submit(world, title="Tepat Waktu")
    client = browser(world, "kadis")
    page = client.get(f"/t/{world.a}/requests").text
    assert "Tepat Waktu" in page and "Kepala Dinas" in page
    assert "Tepat Waktu" not in client.get(f"/t/{world.a}/requests?overdue=true").text


def test_the_front_page_lists_the_tenants_with_links_to_sign_in(world: World):
    page = world.client.get("/").text
    assert f'href="/t/{world.a}/signin"' in page and "Diskominfo A" in page


def test_malformed_forms_are_refused_never_a_500(world: World):
    client = browser(world, "opd-disdik")
    url = f"/t/{world.a}/requests/new"
    nul = post(client, url, {"title": "a\x00b", "letter_number": "1", "letter_date": "2026-03-16"})
    assert nul.status_code == 422
    broken = client.post(url, content=b"--xx\r\nbroken", follow_redirects=False,
                         headers={"Content-Type": "multipart/form-data; boundary=xx"})  # fmt: skip
    assert 400 <= broken.status_code < 500


def test_admin_runs_the_tenants_own_variant_file_for_new_requests(world: World):
    client = browser(world, "admin")
    url, page = f"/t/{world.a}/admin/sop/file", f"/t/{world.a}/admin/sop"
    text = (Path(__file__).parents[2] / "tenants" / "sops" / "sumbawa-2021.yaml").read_text()
    own = text.replace("id: sumbawa-2021", "id: sumbawa-kustom", 1)
    asked = post(client, url, {"use": "1"}, files={"file": ("k.yaml", own.encode(), "text/yaml")},
                 from_page=page)  # fmt: skip
    assert asked.status_code == 200 and 'name="reason"' in asked.text  # confirm first, with a reason
    assert world.platform.tenant(world.a).variant_id == "sumbawa-2021"
    answer = post(client, url, {**hidden_fields(asked.text), "reason": "SOP daerah sendiri"}, from_page=page)
    assert answer.status_code == 303
    assert "sumbawa-kustom" in client.get(page).text
    tenant = world.platform.tenant(world.a)
    shipped = builtin_variant("sumbawa-2021").variant.version  # the copied file keeps its version
    assert (tenant.variant_id, tenant.variant_version) == ("sumbawa-kustom", shipped)
    assert submit(world, title="Pada SOP sendiri")["sop"] == {"id": "sumbawa-kustom", "version": shipped}
    edited = own.replace("1 Hari Kerja", "2 Hari Kerja", 1)  # same id and version, other text
    asked = post(client, url, {"use": "1"}, files={"file": ("k.yaml", edited.encode(), "text/yaml")},
                 from_page=page)  # fmt: skip
    answer = post(client, url, {**hidden_fields(asked.text), "reason": "Waktu baku berubah"}, from_page=page)
    assert answer.status_code == 409 and "naikkan nomor versi" in answer.text
    assert world.platform.tenant(world.a).variant_id == "sumbawa-kustom"


def _document_kept(world: World, content: bytes) -> bool:
    sha = hashlib.sha256(content).hexdigest()
    return world.platform.desk(world.platform.tenant(world.a)).queries.documents.content(sha) is not None


def test_a_refused_or_conflicting_action_leaves_no_file_behind(world: World):
    view = submit(world)
    url = f"/t/{world.a}/requests/{view['id']}"
    wrong_role = PDF + b" ditolak: peran"
    stale = PDF + b" ditolak: versi"
    answer = post(browser(world, "kabid-ti"), f"{url}/steps/2", {}, from_page=url,
                  files={"documents": ("a.pdf", wrong_role, "application/pdf")})  # fmt: skip
    assert answer.status_code == 403
    answer = post(browser(world, "kadis"), f"{url}/steps/2", {"expected_version": "9"}, from_page=url,
                  files={"documents": ("b.pdf", stale, "application/pdf")})  # fmt: skip
    assert answer.status_code == 409
    assert not _document_kept(world, wrong_role) and not _document_kept(world, stale)
    kept = PDF + b" diterima"
    answer = post(browser(world, "kadis"), f"{url}/steps/2", {"expected_version": "1"}, from_page=url,
                  files={"documents": ("c.pdf", kept, "application/pdf")})  # fmt: skip
    assert answer.status_code == 303 and _document_kept(world, kept)


def test_any_web_process_serves_any_document_from_the_store(world: World, settings, clock):
    client = browser(world, "opd-disdik")
    answer = post(client, f"/t/{world.a}/requests/new", {"letter_number": "1", "letter_date": "2026-03-16",
                  "title": "Dok"}, files={"letter": ("surat.pdf", PDF, "application/pdf")})  # fmt: skip
    page = client.get(answer.headers["location"]).text
    url = re.search(r'href="([^"]*/files/[0-9a-f]{64})"', page).group(1)
    other_data_dir = settings.data_dir / "another-machine"
    if settings.database_url:  # PostgreSQL: another process on another machine, nothing shared but the DB
        other = Platform(Settings(settings.database_url, other_data_dir), clock)
    else:  # SQLite: the same files, but no `files/` folder of the web process is involved
        other = Platform(settings, clock)
    try:
        with TestClient(create_app(other), base_url="http://testserver") as second:
            cookie = client.cookies.get("alur_session")
            got = second.get(url, headers={"Cookie": f"alur_session={cookie}"})
        assert got.status_code == 200 and got.content == PDF
    finally:
        other.close()
    assert not (settings.data_dir / "files").exists()
