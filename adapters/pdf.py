"""The SOP's documents as sealed PDF: HTML (Jinja2, adapters/naskah/) laid out by WeasyPrint,
sealed (PAdES) with pyHanko using the tenant's certificate, checked the way a PDF reader checks it.

Why these: WeasyPrint lays out print CSS (A4/F4 pages, the kop surat, tables that break across
pages) from the same Jinja2 the web uses, so the tata naskah dinas form is written once as HTML
and CSS; pyHanko writes a PAdES signature any PDF reader shows ("sealed by ..., unchanged since")
and validates one, offline, against the trust roots given.

Nothing here reaches the network: a document's resources are `data:` URLs or files under the
templates' own folder; anything else is refused while rendering.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from domain.errors import InvalidInputError

NASKAH = Path(__file__).with_name("naskah")
FIELD = "Segel"  # the signature field every sealed document carries


class SealError(InvalidInputError):
    """The tenant's seal cannot be used: the file, its password or its certificate."""


@dataclass(frozen=True)
class Seal:
    """A tenant's sealing certificate, loaded: what signs, and whose it is."""

    signer: Any  # pyhanko SimpleSigner
    subject: str  # "Diskominfo Kabupaten Sumbawa" (the certificate's common name)
    organisation: str
    not_after: datetime
    certificate_pem: bytes
    trust_roots: tuple[bytes, ...] = ()  # PEM: the chain's authorities (itself, if self-signed)


@dataclass(frozen=True)
class SealCheck:
    """What a reader would say of a sealed PDF."""

    intact: bool  # the signed bytes are unchanged and cover the whole file
    trusted: bool  # the certificate chains to one of the trust roots given
    signer: str
    signed_at: datetime | None
    problem: str | None = None

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fetcher(root: Path) -> Any:
    """Resources: `data:` URLs and files under `root` only (no network, no other file)."""
    from weasyprint.urls import URLFetcher

    allowed = root.resolve()

    class Confined(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("file://"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if not path.is_relative_to(allowed):
                    raise ValueError(f"a file outside the templates' folder: {url[:80]}")
            elif not url.startswith("data:"):
                raise ValueError(f"resource refused while rendering a document: {url[:80]}")
            return super().fetch(url, headers)

    return Confined(allowed_protocols=("data", "file"), allow_redirects=False)


def render_pdf(html: str, base: Path = NASKAH) -> bytes:
    """The HTML laid out as PDF by its own @page CSS; resources only from `base` or `data:`."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(base.resolve()) + "/", url_fetcher=_fetcher(base))
    return bytes(document.write_pdf())


def load_seal(path: Path, password: bytes | None) -> Seal:
    """The tenant's PKCS#12 (e.g. from BSrE), or a refusal naming what is wrong with it."""
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
    from cryptography.x509.oid import NameOID
    from pyhanko.sign.signers import SimpleSigner

    if not path.is_file():
        raise SealError(
            f"berkas sertifikat segel {path} tidak ada",
            f"the seal's certificate file {path} does not exist",
            field="seal",
        )
    raw = path.read_bytes()
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(raw, password)
    except ValueError as error:
        raise SealError(
            "kata sandi sertifikat segel salah, atau berkasnya bukan PKCS#12",
            f"the seal certificate's password is wrong, or the file is not PKCS#12 ({error})",
            field="seal_password",
        ) from error
    if key is None or certificate is None:
        raise SealError(
            "berkas PKCS#12 tidak memuat kunci dan sertifikat",
            "the PKCS#12 file holds no key and certificate",
            field="seal",
        )
    not_after = certificate.not_valid_after_utc
    if not_after <= datetime.now(UTC):
        raise SealError(
            f"sertifikat segel kedaluwarsa pada {not_after:%Y-%m-%d}",
            f"the seal certificate expired on {not_after:%Y-%m-%d}",
            field="seal",
        )
    signer = SimpleSigner.load_pkcs12(str(path), passphrase=password)
    if signer is None:
        raise SealError(
            "sertifikat segel tidak dapat dipakai", "the seal certificate cannot be used", field="seal"
        )

    def name(oid: Any) -> str:
        found = certificate.subject.get_attributes_for_oid(oid)
        return str(found[0].value) if found else ""

    own = certificate.public_bytes(Encoding.PEM)
    authorities = tuple(c.public_bytes(Encoding.PEM) for c in chain or () if c.subject == c.issuer)
    roots = authorities or tuple(c.public_bytes(Encoding.PEM) for c in chain or ()) or (own,)
    return Seal(signer, name(NameOID.COMMON_NAME), name(NameOID.ORGANIZATION_NAME), not_after, own,
                roots)  # fmt: skip


def seal_pdf(pdf: bytes, seal: Seal, *, reason: str, location: str) -> bytes:
    """The PDF with a PAdES signature over all of it (an incremental update)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        name=seal.subject,
    )
    out = signers.sign_pdf(writer, meta, signer=seal.signer)
    return bytes(out.getvalue())


def verify_pdf(pdf: bytes, trust_roots: Sequence[bytes]) -> SealCheck:
    """Check a sealed PDF as a reader would, offline, against these roots (PEM or DER)."""
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = []
    for root in trust_roots:
        der = pem.unarmor(root)[2] if pem.detect(root) else root
        roots.append(x509.Certificate.load(der))
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        signatures = reader.embedded_signatures
    except Exception as error:  # not a PDF any more
        return SealCheck(False, False, "", None, f"unreadable PDF: {error}")
    if not signatures:
        return SealCheck(False, False, "", None, "the PDF carries no seal")
    embedded = signatures[-1]
    try:
        status = validate_pdf_signature(embedded, ValidationContext(trust_roots=roots))
    except Exception as error:  # a damaged signature dictionary or CMS blob
        return SealCheck(False, False, "", None, f"the seal cannot be read: {error}")
    signer = status.signing_cert.subject.native.get("common_name", "") if status.signing_cert else ""
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    intact = bool(status.intact and status.valid and whole)
    problem = None
    if not intact:
        problem = "the document was changed after it was sealed"
    elif not status.trusted:
        problem = "the seal's certificate is not from a trusted authority"
    return SealCheck(intact, bool(status.trusted), str(signer), status.signer_reported_dt, problem)


_pdfium = threading.Lock()  # PDFium is not thread-safe: one page drawn at a time per process


def preview_png(pdf: bytes, page: int = 0, width: int = 900) -> bytes:
    """One page drawn as PNG, `width` pixels wide: what a page shows of a document."""
    import pypdfium2 as pdfium

    with _pdfium:
        return _drawn(pdfium, pdf, page, width)


def _drawn(pdfium: Any, pdf: bytes, page: int, width: int) -> bytes:
    document = pdfium.PdfDocument(pdf)
    try:
        sheet = document[page]
        scale = width / sheet.get_width()
        image = sheet.render(scale=scale).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        document.close()


def make_development_seal(path: Path, common_name: str, organisation: str, password: bytes) -> None:
    """A self-signed sealing certificate for a laptop or a demo, where no PKCS#12 from a real
    authority is configured: named "(pengembangan)" so no reader mistakes it for a real one."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, f"{common_name[:49].rstrip()} (pengembangan)"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64] or "Pemerintah Daerah"),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
    ])  # fmt: skip
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=False,
                          encipher_only=False, decipher_only=False),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .sign(key, hashes.SHA256())
    )
    blob = pkcs12.serialize_key_and_certificates(
        common_name[:64].encode(), key, certificate, None, serialization.BestAvailableEncryption(password)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(blob)
    path.chmod(0o600)
