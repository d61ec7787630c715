""""Berkas tidak lengkap" at the API, on SQLite and PostgreSQL: the holder of the active step
returns the file with what is missing, its clock stops, the requesting OPD completes it with
the documents (multipart) and the step resumes, due later by the time it stood still."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import World, submit
from tests.web.pages_helpers import browser, post

PDF = b"%PDF-1.4\n% surat permohonan yang sudah ditandatangani\n"
LETTER = "Surat Permohonan Pembuatan Aplikasi"


def returned(world: World, request_id: str, user: str = "kadis", **body: Any) -> Any:
    payload = {"missing": [LETTER], "note": "Surat belum ditandatangani Kepala OPD", **body}
    return world.api("POST", f"/requests/{request_id}/return", user, json=payload)


def resubmitted(
    world: World, request_id: str, user: str = "opd-disdik", files: Any = None, **data: Any
) -> Any:
    files = [("documents", ("surat-bertanda-tangan.pdf", PDF, "application/pdf"))] if files is None else files
    return world.api("POST", f"/requests/{request_id}/resubmit", user, data=data, files=files)


def test_a_returned_file_stops_the_clock_and_its_resubmission_moves_the_deadline(world: World):
    request_id = submit(world)["id"]
    assert world.api("GET", f"/requests/{request_id}", "kadis").json()["active_step"]["due_at"] == (
        "2026-03-25T10:00:00+08:00"  # Tuesday 10.00 + 1 hari kerja: 18-24 March are days off
    )
    world.clock.advance(hours=1)
    answer = returned(world, request_id)
    assert answer.status_code == 200, answer.text
    view = answer.json()
    assert view["returned"]["missing"] == [LETTER]
    assert view["returned"]["note"] == "Surat belum ditandatangani Kepala OPD"
    assert view["active_step"]["awaiting_requester"] is True
    assert view["active_step"]["due_at"] is None  # the clock stands still
    # The step cannot be completed meanwhile, and the request waits in the OPD's inbox, not the Kadis'.
    refused = world.api("POST", f"/requests/{request_id}/steps/2", "kadis", json={"note": "lanjut"})
    assert refused.status_code == 422
    assert "waiting for the requester to complete its file" in refused.json()["error"]["message"]
    assert [item["request_id"] for item in world.api("GET", "/inbox", "kadis").json()["items"]] == []
    (waiting,) = world.api("GET", "/inbox", "opd-disdik").json()["items"]
    assert (waiting["request_id"], waiting["missing"]) == (request_id, [LETTER])
    assert world.api("GET", "/inbox", "opd-dinkes").json()["items"] == []  # another OPD's
    # Eight days later (five of them off), the OPD sends the signed letter.
    world.clock.advance(days=8)
    world.tokens.clear()  # a token lasts a working day: sign in again
    done = resubmitted(world, request_id, note="Surat sudah ditandatangani")
    assert done.status_code == 200, done.text
    view = done.json()
    assert view["returned"] is None and view["active_step"]["awaiting_requester"] is False
    # Paused: Tuesday 11.00-16.00 and Wednesday 07.30-11.00, one office day of 8.5 hours; the
    # deadline moves from Wednesday 10.00 by as much: Thursday 26 March 10.00.
    assert view["active_step"]["due_at"] == "2026-03-26T10:00:00+08:00"
    (pause,) = view["pauses"]
    assert (pause["missing"], pause["resubmitted_by"], pause["resubmit_note"]) == (
        [LETTER], "opd-disdik", "Surat sudah ditandatangani"
    )
    (document,) = pause["documents"]
    fetched = world.api("GET", f"/requests/{request_id}/documents/{document['sha256']}", "kadis")
    assert (fetched.status_code, fetched.content) == (200, PDF)
    kadis = world.api("GET", "/inbox", "kadis").json()["items"]
    assert [item["request_id"] for item in kadis] == [request_id]
    # The Kadis completes step 2 before the moved deadline: on time.
    world.clock.advance(hours=-1)
    world.tokens.clear()
    step = world.api("POST", f"/requests/{request_id}/steps/2", "kadis", json={"note": "didisposisikan"})
    assert step.status_code == 200, step.text
    assert step.json()["steps_taken"][1]["late"] is False
    # The SLA report shows the pause with its reason, and the gross and net time.
    sla = world.api("GET", "/sla", "kadis").json()
    (paused,) = sla["pauses"]
    assert (paused["missing"], paused["note"], paused["paused_days"]) == (
        [LETTER], "Surat belum ditandatangani Kepala OPD", 1.0
    )
    (row,) = sla["requests"]
    assert row["paused_days"] == 1.0
    # Both are in the request's history and the audit trail, with their reasons.
    kinds = [event["type"] for event in world.api("GET", f"/requests/{request_id}/events", "kadis").json()]
    assert kinds[:4] == ["Submitted", "Returned", "Resubmitted", "Disposed"]
    audit = world.api("GET", f"/audit?request={request_id}", "auditor").json()["items"]
    sentences = " | ".join(entry["sentence"] for entry in audit)
    assert "mengembalikan berkas kepada pemohon karena tidak lengkap pada langkah 2" in sentences
    assert "kurang: Surat Permohonan Pembuatan Aplikasi" in sentences
    assert "melengkapi berkas (surat-bertanda-tangan.pdf)" in sentences


def test_what_may_be_named_missing_and_who_may_return_or_resubmit(world: World):
    request_id = submit(world)["id"]
    wrong = returned(world, request_id, missing=["Proposal"])
    assert wrong.status_code == 422
    assert wrong.json()["error"]["field"] == "missing"
    assert wrong.json()["error"]["message"].endswith("choose from: Surat Permohonan Pembuatan Aplikasi")
    assert returned(world, request_id, missing=[]).json()["error"]["field"] == "missing"
    assert returned(world, request_id, missing="Surat").json()["error"]["field"] == "missing"
    assert returned(world, request_id, user="kabid-ti").status_code == 403  # not the step's role
    assert resubmitted(world, request_id).status_code == 422  # nothing was returned
    assert returned(world, request_id).status_code == 200
    assert returned(world, request_id).status_code == 422  # already with the requester
    assert resubmitted(world, request_id, user="opd-dinkes").status_code == 404  # not theirs to see
    assert resubmitted(world, request_id, user="kadis").status_code == 403  # not the requester
    empty = world.api("POST", f"/requests/{request_id}/resubmit", "opd-disdik", json={"note": "sudah"})
    assert empty.status_code == 422 and empty.json()["error"]["field"] == "documents"
    assert empty.json()["error"]["message"] == f"attach the documents asked for: {LETTER}"
    stray = resubmitted(world, request_id, files=[("letter", ("s.pdf", PDF, "application/pdf"))])
    assert stray.status_code == 422 and stray.json()["error"]["field"] == "letter"
    # Nothing of the refusals was stored: one return, still open.
    view = world.api("GET", f"/requests/{request_id}", "kadis").json()
    assert view["returned"]["missing"] == [LETTER] and view["pauses"] == []
    # The OPD may still withdraw a returned request.
    gone = world.api("POST", f"/requests/{request_id}/withdraw", "opd-disdik", json={"note": "tidak jadi"})
    assert gone.status_code == 200 and gone.json()["returned"] is None


def test_the_api_takes_the_letter_and_a_steps_documents_as_multipart(world: World):
    body = {"title": "Aplikasi Sekolah", "letter_number": "420/2/2026", "letter_date": "2026-03-16"}
    answer = world.api("POST", "/requests", "opd-disdik", data=body,
                       files=[("letter", ("surat.pdf", PDF, "application/pdf"))])  # fmt: skip
    assert answer.status_code == 201, answer.text
    view = answer.json()
    (letter,) = view["steps_taken"][0]["documents"]
    assert (letter["name"], letter["file"], letter["part"]) == ("Surat Permohonan", "surat.pdf", "letter")
    assert letter["content_type"] == "application/pdf"
    fetched = world.api("GET", f"/requests/{view['id']}/documents/{letter['sha256']}", "kadis")
    assert fetched.content == PDF
    assert "surat.pdf" in fetched.headers["content-disposition"]
    step = world.api("POST", f"/requests/{view['id']}/steps/2", "kadis", data={"note": "disposisi"},
                     files=[("documents", ("disposisi.pdf", PDF, "application/pdf"))])  # fmt: skip
    assert step.status_code == 200, step.text
    assert [d["name"] for d in step.json()["steps_taken"][1]["documents"]] == ["disposisi.pdf"]
    not_pdf = world.api("POST", "/requests", "opd-disdik", data=body,
                        files=[("letter", ("surat.txt", b"hello", "text/plain"))])  # fmt: skip
    assert not_pdf.status_code == 415 and not_pdf.json()["error"]["field"] == "letter"
    unknown = world.api("GET", f"/requests/{view['id']}/documents/{'0' * 64}", "kadis")
    assert unknown.status_code == 404


def test_the_pages_return_and_resubmit_a_file_without_javascript(world: World):
    request_id = submit(world)["id"]
    kadis = browser(world, "kadis")
    page = kadis.get(f"/t/{world.a}/requests/{request_id}")
    assert "Berkas tidak lengkap? Kembalikan kepada pemohon" in page.text
    nothing = post(kadis, f"/t/{world.a}/requests/{request_id}/return", {"note": "kurang"})
    assert nothing.status_code == 422 and "sebutkan kelengkapan yang kurang" in nothing.text
    answer = post(kadis, f"/t/{world.a}/requests/{request_id}/return",
                  {"missing": LETTER, "note": "Belum ditandatangani"})  # fmt: skip
    assert answer.status_code == 303
    shown = kadis.get(answer.headers["location"]).text
    assert "Menunggu kelengkapan dari pemohon" in shown and "Belum ditandatangani" in shown
    assert "Selesaikan langkah" not in shown  # no step form while the file is with the requester
    opd = browser(world, "opd-disdik")
    inbox = opd.get(f"/t/{world.a}/inbox").text
    assert "Aplikasi Sekolah" in inbox and LETTER in inbox, inbox[inbox.find("<table"):]
    own = opd.get(f"/t/{world.a}/requests/{request_id}").text
    assert "Kirim kembali berkas yang sudah lengkap" in own
    empty = post(opd, f"/t/{world.a}/requests/{request_id}/resubmit", {"note": "sudah"})
    assert empty.status_code == 422 and f"lampirkan berkas yang diminta: {LETTER}" in empty.text
    sent = post(opd, f"/t/{world.a}/requests/{request_id}/resubmit", {"note": "Sudah ditandatangani"},
                files={"documents": ("surat-ttd.pdf", PDF, "application/pdf")})  # fmt: skip
    assert sent.status_code == 303
    after = kadis.get(f"/t/{world.a}/requests/{request_id}").text
    assert "Berkas dikembalikan dan dilengkapi" in after and "surat-ttd.pdf" in after
    assert "Selesaikan langkah" in after
