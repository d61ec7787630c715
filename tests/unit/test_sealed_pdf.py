"""Sealed PDFs (adapters/pdf.py): a document made from HTML, sealed with a certificate a test CA
issued, valid for a reader that trusts that CA; one changed byte, or another CA, and it is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.pdf import SealError, load_seal, preview_png, render_pdf, seal_pdf, verify_pdf
from tests.sealkit import make_seal

LETTER = """<!doctype html><html lang="id"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 2cm; } body { font-family: serif; } h1 { text-align: center; }
</style></head><body><h1>PEMERINTAH KABUPATEN UJI</h1><p>Berita Acara Serah Terima — dibuat di
Sumbawa Besar, 5 Desember 2026.</p><table><tr><td>Nama</td><td>Budi Santoso</td></tr></table>
</body></html>"""


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    kit = make_seal(tmp_path_factory.mktemp("segel"), "Diskominfo Kabupaten Uji")
    seal = load_seal(kit.p12, kit.password)
    pdf = seal_pdf(render_pdf(LETTER), seal, reason="Berita Acara Serah Terima", location="Sumbawa Besar")
    return pdf, kit.ca_pem


def test_a_sealed_document_is_intact_trusted_and_names_its_sealer(sealed: tuple[bytes, bytes]) -> None:
    pdf, ca = sealed
    assert pdf.startswith(b"%PDF-")
    check = verify_pdf(pdf, [ca])
    assert check.intact and check.trusted and check.valid, check.problem
    assert check.signer == "Diskominfo Kabupaten Uji" and check.signed_at is not None


def test_one_changed_byte_breaks_the_seal(sealed: tuple[bytes, bytes]) -> None:
    pdf, ca = sealed
    at = pdf.index(b"Budi") if b"Budi" in pdf else len(pdf) // 3  # inside the signed range
    tampered = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]
    check = verify_pdf(tampered, [ca])
    assert not check.intact and not check.valid and check.problem


def test_a_seal_from_an_authority_not_trusted_is_not_valid(
    sealed: tuple[bytes, bytes], tmp_path: Path
) -> None:
    pdf, _ = sealed
    other = make_seal(tmp_path, "Diskominfo Lain")
    check = verify_pdf(pdf, [other.ca_pem])
    assert check.intact and not check.trusted and not check.valid


def test_a_wrong_password_or_a_missing_file_is_refused_naming_the_field(tmp_path: Path) -> None:
    kit = make_seal(tmp_path, "Diskominfo Kabupaten Uji")
    with pytest.raises(SealError) as wrong:
        load_seal(kit.p12, b"salah")
    assert wrong.value.field == "seal_password" and "kata sandi" in wrong.value.indonesian
    with pytest.raises(SealError) as missing:
        load_seal(tmp_path / "tidak-ada.p12", kit.password)
    assert missing.value.field == "seal"


def test_an_expired_certificate_is_refused(tmp_path: Path) -> None:
    kit = make_seal(tmp_path, "Diskominfo Kabupaten Uji", days=-1)
    with pytest.raises(SealError) as expired:
        load_seal(kit.p12, kit.password)
    assert "kedaluwarsa" in expired.value.indonesian


def test_the_first_page_is_previewed_as_png(sealed: tuple[bytes, bytes]) -> None:
    png = preview_png(sealed[0], width=600)
    assert png.startswith(b"\x89PNG")
    assert int.from_bytes(png[16:20], "big") == 600  # the IHDR width


def test_rendering_never_fetches_from_the_network() -> None:
    html = LETTER.replace("<h1>", '<img src="http://example.invalid/logo.png"><h1>')
    pdf = render_pdf(html)  # the image is refused, the document still made
    assert pdf.startswith(b"%PDF-")
