"""The documents made from a request's events (issue 20), at both doors and on both stores: a
disposition gives its Lembar Disposisi; made once, sealed with the tenant's certificate (a test CA
issued it), its SHA-256 in a `DocumentMade` event, its bytes kept with it; a reader trusting that
CA finds the seal valid, one changed byte breaks it; another OPD never sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.pdf import verify_pdf
from domain.documents import sha256_hex
from tests.conftest import Alur
from tests.sealkit import IssuedSeal, make_seal
from tests.web.conftest import World, complete, submit
from tests.web.pages_helpers import browser, csrf_of


@pytest.fixture
def seal(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> IssuedSeal:
    """The tenant's PKCS#12 from a test authority, where ALUR_SEALS says."""
    kit = make_seal(tmp_path / "issued", "Diskominfo Kabupaten Uji")
    folder = tmp_path / "seals"
    folder.mkdir()
    (folder / f"{world.a}.p12").write_bytes(kit.p12.read_bytes())
    (folder / f"{world.a}.p12.pass").write_bytes(kit.password)
    monkeypatch.setenv("ALUR_SEALS", str(folder))
    return kit


def disposed(world: World) -> str:
    request_id = str(submit(world, title="Aplikasi Rapor Daring", letter_number="420/88/DISDIK/2026")["id"])
    world.service().edit_user("kadis", {"full_name": "Andi Wijaya", "nip": "198001012005011001"},
                              sop=("sumbawa-2021", 3), actor="test")  # fmt: skip
    assert complete(world, request_id, 2, "kadis").status_code == 200
    return request_id


def test_a_disposition_gives_its_lembar_disposisi_made_once_sealed_and_recorded(
    world: World, seal: IssuedSeal
) -> None:
    request_id = disposed(world)
    listed = world.api("GET", f"/requests/{request_id}/naskah", "kabid-ti").json()["items"]
    wanted = [d for d in listed if d["kind"] == "lembar-disposisi" and d["step"] == 2]
    assert wanted and wanted[0]["made"] is None
    body = {"taken": wanted[0]["taken"], "kind": "lembar-disposisi"}
    made = world.api("POST", f"/requests/{request_id}/naskah", "kabid-ti", json=body)
    assert made.status_code == 201, made.text
    record = made.json()["made"]
    assert record["sealed_by"] == "Diskominfo Kabupaten Uji" and record["number"].startswith("000.7/")
    pdf = world.api("GET", f"/requests/{request_id}/documents/{record['sha256']}", "kabid-ti").content
    assert pdf.startswith(b"%PDF-") and sha256_hex(pdf) == record["sha256"]
    check = verify_pdf(pdf, [seal.ca_pem])
    assert check.valid and check.signer == "Diskominfo Kabupaten Uji", check.problem
    tampered = pdf[: len(pdf) // 3] + bytes([pdf[len(pdf) // 3] ^ 1]) + pdf[len(pdf) // 3 + 1 :]
    assert not verify_pdf(tampered, [seal.ca_pem]).intact

    again = world.api("POST", f"/requests/{request_id}/naskah", "kabid-ti", json=body)
    assert again.status_code == 200 and again.json()["made"]["sha256"] == record["sha256"]  # kept, not remade
    events = world.api("GET", f"/requests/{request_id}/events", "kabid-ti").json()
    made_events = [e for e in events if e["type"] == "DocumentMade"]
    assert len(made_events) == 1 and made_events[0]["data"]["document"]["sha256"] == record["sha256"]
    # The read model moved with the event: acting on its version is not a conflict.
    shown = world.api("GET", f"/requests/{request_id}", "kabid-ti").json()
    assert shown["version"] == made_events[0]["position"]
    assert complete(world, request_id, 3, "kabid-ti").status_code == 200


def test_the_page_lists_makes_shows_and_downloads_it(world: World, seal: IssuedSeal) -> None:
    request_id = disposed(world)
    client = browser(world, "kabid-ti")
    page = client.get(f"/t/{world.a}/requests/{request_id}").text
    assert "Dokumen resmi" in page and "Lembar Disposisi" in page and "Buat dan segel" in page
    taken = world.api("GET", f"/requests/{request_id}/naskah", "kabid-ti").json()["items"]
    taken_of = next(d["taken"] for d in taken if d["step"] == 2 and d["kind"] == "lembar-disposisi")
    answer = client.post(f"/t/{world.a}/requests/{request_id}/naskah",
                         data={"csrf": csrf_of(page), "taken": str(taken_of), "kind": "lembar-disposisi"},
                         follow_redirects=True)  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert "Lembar Disposisi dibuat dan disegel" in answer.text
    assert "Sah: dokumen tidak berubah sejak disegel" in answer.text
    assert "Diskominfo Kabupaten Uji" in answer.text
    base = f"/t/{world.a}/requests/{request_id}/naskah/{taken_of}/lembar-disposisi"
    preview = client.get(f"{base}/preview.png")
    assert preview.status_code == 200 and preview.content.startswith(b"\x89PNG")
    download = client.get(f"{base}/pdf")
    assert download.content.startswith(b"%PDF-") and "attachment" in download.headers["content-disposition"]


def test_another_opd_never_sees_it_and_a_step_without_it_is_refused(world: World, seal: IssuedSeal) -> None:
    request_id = disposed(world)
    body = {"taken": 0, "kind": "berita-acara-uat"}
    refused = world.api("POST", f"/requests/{request_id}/naskah", "kabid-ti", json=body)
    assert refused.status_code == 404 and refused.json()["error"]["field"] == "kind"
    bad = world.api("POST", f"/requests/{request_id}/naskah", "kabid-ti", json={"taken": -1, "kind": "x"})
    assert bad.status_code == 422
    assert world.api("GET", f"/requests/{request_id}/naskah", "opd-dinkes").status_code == 404
    assert world.api("GET", f"/requests/{request_id}/naskah", "boss", tenant=world.b).status_code == 404


def pdf_text(pdf: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(document[n].get_textpage().get_text_range() for n in range(len(document)))
    finally:
        document.close()


def test_the_dossier_names_who_did_each_step_every_document_and_the_chain(
    world: World, seal: IssuedSeal
) -> None:
    request_id = str(submit(world, title="Aplikasi Rapor Daring", letter_number="420/88/DISDIK/2026")["id"])
    world.service().edit_user("kadis", {"full_name": "Andi Wijaya", "nip": "198001012005011001"},
                              sop=("sumbawa-2021", 3), actor="test")  # fmt: skip
    world.clock.advance(days=10)  # step 2 late
    assert complete(world, request_id, 2, "kadis").status_code == 200
    assert complete(world, request_id, 3, "kabid-ti").status_code == 200
    answer = world.api("GET", f"/requests/{request_id}/dossier", "auditor")
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF-")
    assert verify_pdf(answer.content, [seal.ca_pem]).valid
    text = " ".join(pdf_text(answer.content).split())
    assert "DOSIR PERMOHONAN" in text and "420/88/DISDIK/2026" in text
    assert "Andi Wijaya" in text and "198001012005011001" in text  # who disposed, by name and NIP
    assert "terlambat" in text and "WITA" in text, text[:3000]
    letter = world.service().get(request_id).steps_taken[0].outputs[0]
    assert letter["sha256"] in text.replace(" ", "")  # every document's SHA-256
    events = world.api("GET", f"/requests/{request_id}/events", "auditor").json()
    assert len(events) >= 3 and "Kepala rantai saat dosir ini dibuat" in text
    page = browser(world, "auditor").get(f"/t/{world.a}/requests/{request_id}/dosir.pdf")
    assert (
        page.content.startswith(b"%PDF-")
        and "dosir-420-88-DISDIK-2026" in page.headers["content-disposition"]
    )
    assert world.api("GET", f"/requests/{request_id}/dossier", "opd-dinkes").status_code == 404


DECLINED = [(2, "kadis", {}), (3, "kabid-ti", {}), (4, "kasi-aplikasi", {"assignee": "tim-pengembang"}),
            (5, "kasi-aplikasi", {}), (6, "kabid-ti", {"decision": "tidak", "note": "Anggaran belum ada"}),
            (7, "kabid-ti", {"note": "Anggaran tahun 2026 belum tersedia"})]  # fmt: skip


def test_a_request_declined_for_want_of_resources_gives_its_letter_and_each_step_its_document(
    world: World, seal: IssuedSeal
) -> None:
    request_id = str(submit(world, title="Aplikasi Rapor Daring", letter_number="420/88/DISDIK/2026")["id"])
    for number, user, body in DECLINED:
        assert complete(world, request_id, number, user, **body).status_code == 200, number
    listed = world.api("GET", f"/requests/{request_id}/naskah", "kabid-ti").json()["items"]
    kinds = {(d["step"], d["kind"]) for d in listed}
    assert {(1, "lembar-disposisi"), (2, "lembar-disposisi"), (3, "lembar-disposisi"), (4, "penunjukan"),
            (7, "surat-penolakan")} <= kinds  # fmt: skip
    letter = next(d for d in listed if d["kind"] == "surat-penolakan")
    made = world.api("POST", f"/requests/{request_id}/naskah", "kabid-ti",
                     json={"taken": letter["taken"], "kind": "surat-penolakan"}).json()["made"]  # fmt: skip
    pdf = world.api("GET", f"/requests/{request_id}/documents/{made['sha256']}", "opd-disdik").content
    assert verify_pdf(pdf, [seal.ca_pem]).valid  # the requesting OPD reads the letter it is sent
    text = " ".join(pdf_text(pdf).split())
    assert "Yth. Kepala Dinas Pendidikan" in text and "belum dapat kami tindak lanjuti" in text
    assert "Anggaran tahun 2026 belum tersedia" in text and "Kabid-Ti" in text
    appointed = next(d for d in listed if d["kind"] == "penunjukan")
    made = world.api("POST", f"/requests/{request_id}/naskah", "kasi-aplikasi",
                     json={"taken": appointed["taken"], "kind": "penunjukan"}).json()["made"]  # fmt: skip
    pdf = world.api("GET", f"/requests/{request_id}/documents/{made['sha256']}", "kasi-aplikasi").content
    assert "Tim-Pengembang" in pdf_text(pdf)  # who was appointed, by name


def test_the_operator_lists_makes_and_saves_them_and_the_dossier_from_the_cli(
    world: World, seal: IssuedSeal, tmp_path: Path, alur_cli: Alur, monkeypatch: pytest.MonkeyPatch
) -> None:
    if world.platform.settings.database_url:  # the CLI on the world's database, not a scratch one
        monkeypatch.setenv("ALUR_DATABASE_URL", world.platform.settings.database_url)
    request_id = disposed(world)
    code, listed = alur_cli(f"naskah list --tenant {world.a} --request {request_id}")
    assert code == 0, listed
    row = next(line for line in listed.splitlines() if "\tlangkah / step 2\tlembar-disposisi" in line)
    assert "belum dibuat" in row
    out = tmp_path / "ld.pdf"
    taken = row.split()[0]
    make = f"naskah make --tenant {world.a} --request {request_id} --taken {taken} --kind lembar-disposisi"
    code, said = alur_cli(f"{make} --out {out}")
    assert code == 0 and "dibuat dan disegel" in said, said
    assert verify_pdf(out.read_bytes(), [seal.ca_pem]).valid
    events = world.api("GET", f"/requests/{request_id}/events", "kadis").json()
    assert [e["data"]["actor"] for e in events if e["type"] == "DocumentMade"] == ["operator:uji"]
    assert "sudah ada" in alur_cli(make)[1]
    dossier = tmp_path / "dosir.pdf"
    assert alur_cli(f"naskah dossier --tenant {world.a} --request {request_id} --out {dossier}")[0] == 0
    assert verify_pdf(dossier.read_bytes(), [seal.ca_pem]).valid
