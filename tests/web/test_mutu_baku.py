"""Every step held to its Mutu Baku at both doors, on SQLite and PostgreSQL: the letter is
required, a step completes only with each Kelengkapan on the request and each Output recorded
(a file in its slot, a reference when handed over on paper, or made by the service), the refusal
names every document missing, and files attached before a confirmation are kept."""

from __future__ import annotations

import html
import re
from typing import Any

from tests.mutu import PDF, as_form, letter_files
from tests.web.conftest import World, submit
from tests.web.pages_helpers import browser, csrf_of, post
from tests.web.variants import walk_to

ANALYSIS_INPUTS = ["Dokumentasi daftar aplikasi", "Daftar Kebutuhan aplikasi",
                   "Laporan Ketersediaan Infrastruktur, SDM dan anggaran"]  # fmt: skip
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def pdf(name: str) -> tuple[str, bytes, str]:
    return (name, PDF + name.encode() + b"\n", "application/pdf")


def at_step_5(world: World) -> dict[str, Any]:
    request_id = submit(world)["id"]
    return walk_to(world, request_id, 5)


def test_a_request_without_its_letter_is_refused_naming_the_field(world: World):
    body = {"title": "Aplikasi Sekolah", "letter_number": "420/1/2026", "letter_date": "2026-03-16"}
    answer = world.api("POST", "/requests", "opd-disdik", json=body)
    assert answer.status_code == 422
    assert answer.json()["error"]["field"] == "letter"
    assert "Surat Permohonan" in answer.json()["error"]["message"]
    assert world.api("GET", "/requests", "opd-disdik").json()["items"] == []
    # An image is not a letter: the letter is a PDF.
    png = {"letter": ("surat.png", b"\x89PNG\r\n\x1a\n" + b"0" * 16, "image/png")}
    answer = world.api("POST", "/requests", "opd-disdik", data=body, files=png)
    assert (answer.status_code, answer.json()["error"]["field"]) == (415, "letter")


def test_the_letter_meets_the_first_steps_and_the_disposition_is_made_by_the_service(world: World):
    view = submit(world)
    (first,) = view["steps_taken"]
    recorded = {(doc["name"], doc["how"]) for doc in first["recorded"]}
    assert recorded == {("Surat Permohonan", "uploaded"), ("Disposisi Dinas", "made")}
    # Step 2 needs the letter: it is there, with a link to the file the OPD filed.
    (letter,) = [item for item in view["checklist"] if item["part"] == "input"]
    assert (letter["name"], letter["source"], letter["present"]) == (
        "Surat Permohonan Pembuatan Aplikasi", "letter", True)  # fmt: skip
    sha = letter["documents"][0]["sha256"]
    got = world.api("GET", f"/requests/{view['id']}/documents/{sha}", "kadis")
    assert got.status_code == 200 and got.content.startswith(b"%PDF-")
    # The Kadis's disposition is made by the service: nothing to bring.
    (made,) = [item for item in view["checklist"] if item["part"] == "output"]
    assert (made["made"], made["needs_recording"]) == ("lembar-disposisi", False)
    done = world.api("POST", f"/requests/{view['id']}/steps/2", "kadis", json={"note": "Segera"})
    assert done.status_code == 200, done.text


def test_a_step_without_its_documents_is_refused_naming_each_one_and_nothing_changes(world: World):
    view = at_step_5(world)
    path = f"/requests/{view['id']}/steps/5"
    refused = world.api("POST", path, "kasi-aplikasi", json={"expected_version": view["version"]})
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("missing_documents", "documents")
    for name in [*ANALYSIS_INPUTS, "Laporan Hasil Analisis"]:
        assert name in error["message"]
    again = world.api("GET", f"/requests/{view['id']}", "kasi-aplikasi").json()
    assert (again["version"], again["active_step"]["number"]) == (view["version"], 5)
    # A slot the step does not have is refused by its name.
    wrong = world.api("POST", path, "kasi-aplikasi", json={"references": {"output-9": "x"}})
    assert wrong.status_code == 422 and wrong.json()["error"]["field"] == "output-9"


def test_inputs_uploaded_in_their_slots_and_an_output_handed_over_on_paper(world: World):
    view = at_step_5(world)
    files = [(f"input-{n}", pdf(f"{name}.pdf")) for n, name in enumerate(ANALYSIS_INPUTS, start=1)]
    data = {"expected_version": str(view["version"]), "output-1-reference": "045/ANL/DKISP/2026"}
    done = world.api("POST", f"/requests/{view['id']}/steps/5", "kasi-aplikasi", data=data, files=files)
    assert done.status_code == 200, done.text
    after = done.json()
    step5 = after["steps_taken"][-1]
    uploaded = {doc["name"]: doc for doc in step5["recorded"] if doc["how"] == "uploaded"}
    assert set(uploaded) == set(ANALYSIS_INPUTS)
    assert uploaded["Daftar Kebutuhan aplikasi"]["file"] == "Daftar Kebutuhan aplikasi.pdf"
    (outside,) = [doc for doc in step5["recorded"] if doc["how"] == "outside"]
    assert (outside["name"], outside["reference"]) == ("Laporan Hasil Analisis", "045/ANL/DKISP/2026")
    # Step 6 takes the analysis report from step 5: present, and the rest still to bring.
    inputs = {item["name"]: item for item in after["checklist"] if item["part"] == "input"}
    report = inputs["Laporan Hasil Analisis"]
    assert (report["source"], report["present"]) == ("output", True)
    assert report["documents"][0]["reference"] == "045/ANL/DKISP/2026"
    assert [name for name, item in inputs.items() if not item["present"]] == [
        "Laporan Ketersediaan Infrastruktur", "Renstra, Renja, RKA"]  # fmt: skip


def test_the_request_page_shows_the_checklist_and_keeps_files_through_a_confirmation(world: World):
    view = at_step_5(world)
    files = [(f"input-{n}", pdf(f"{name}.pdf")) for n, name in enumerate(ANALYSIS_INPUTS, start=1)]
    data = as_form({"output-1": "045/ANL/2026"}) | {"expected_version": str(view["version"])}
    done = world.api("POST", f"/requests/{view['id']}/steps/5", "kasi-aplikasi", data=data, files=files)
    assert done.status_code == 200, done.text
    kabid = browser(world, "kabid-ti")
    url = f"/t/{world.a}/requests/{view['id']}"
    page = html.unescape(kabid.get(url).text)
    assert 'id="checklist"' in page
    assert re.search(r'class="present"[^>]*>\s*<span class="mark"[^>]*>✓</span>\s*<span class="name">'
                     r"Laporan Hasil Analisis", page)  # fmt: skip
    assert re.search(r'class="missing"[^>]*>\s*<span class="mark"[^>]*>✗</span>\s*<span class="name">'
                     r"Renstra, Renja, RKA", page)  # fmt: skip
    assert 'name="input-2"' in page and 'name="input-2-reference"' in page
    # "tidak" ends the request: the page asks to confirm, and the files attached go on with it.
    form = {"decision": "tidak", "note": "Anggaran 2026 tidak tersedia",
            "expected_version": str(view["version"] + 1), "input-3-reference": "RKA/2026/12"}  # fmt: skip
    uploads = [("input-2", pdf("ketersediaan.pdf")), ("output-1", pdf("laporan-ketidaktersediaan.pdf"))]
    asked = post(kabid, f"{url}/steps/6", form, files=uploads, from_page=url)
    assert asked.status_code == 200, asked.text
    assert "ketersediaan.pdf" in asked.text and "laporan-ketidaktersediaan.pdf" in asked.text
    hidden = HIDDEN.findall(asked.text)
    fields = [(name, html.unescape(value)) for name, value in hidden if name != "csrf"]
    again = {"csrf": csrf_of(asked.text), "note": form["note"], **dict(fields),
             "carried": [v for k, v in fields if k == "carried"]}  # fmt: skip
    confirmed = kabid.post(f"{url}/steps/6", data=again, follow_redirects=False)
    assert confirmed.status_code == 303, confirmed.text
    step6 = world.api("GET", f"/requests/{view['id']}", "auditor").json()["steps_taken"][-1]
    files_kept = {doc["name"]: doc.get("file") for doc in step6["recorded"] if doc["how"] == "uploaded"}
    assert files_kept == {"Laporan Ketersediaan Infrastruktur": "ketersediaan.pdf",
                          "Laporan ketidakterediaan infrastruktur dan/atau SDM dan/atau anggaran":
                          "laporan-ketidaktersediaan.pdf"}  # fmt: skip
    assert {doc["name"]: doc.get("reference") for doc in step6["recorded"] if doc["how"] == "outside"} == {
        "Renstra, Renja, RKA": "RKA/2026/12"}  # fmt: skip


def test_the_submission_form_requires_the_letter(world: World):
    client = browser(world, "opd-disdik")
    url = f"/t/{world.a}/requests/new"
    form = client.get(url).text
    assert 'name="letter" type="file" accept="application/pdf" required' in form
    data = {"title": "Aplikasi Sekolah", "letter_number": "420/9/2026", "letter_date": "2026-03-16"}
    refused = post(client, url, data)
    assert refused.status_code == 422
    assert 'id="letter-error"' in refused.text
    filed = post(client, url, data, files=letter_files())
    assert filed.status_code == 303, filed.text
