"""The `DocumentMaker` port: a made document's facts (domain/naskah.py) as a PDF in tata naskah
dinas form (the Jinja2 templates beside this file), sealed with the tenant's certificate.

The seal: `ALUR_SEALS/<slug>.p12` (a PKCS#12 from BSrE or another authority), its password in
`ALUR_SEALS/<slug>.p12.pass`. Where none is configured (a laptop, the demo), a self-signed
development certificate is made on first use at `<data dir>/keys/<slug>.seal.p12`, named
"(pengembangan)" so no reader takes it for a real one.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from threading import Lock
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape

from adapters import pdf
from domain import formats
from domain.labels import MADE, STATUSES
from domain.naskah import Facts, Letterhead, letter_day
from tenants.model import Tenant

TEMPLATES = pdf.NASKAH
# The three Berita Acara share one form: the facts say what happened and who signs.
TEMPLATES_OF = {kind: "berita-acara.html" for kind in ("berita-acara-uat", "berita-acara-serah-terima",
                                                      "berita-acara-pekerjaan")}  # fmt: skip
_seals: dict[Path, tuple[float, pdf.Seal]] = {}
_lock = Lock()


def seal_paths(data_dir: Path, slug: str) -> tuple[Path, Path, bool]:
    """The tenant's PKCS#12 and its password file, and whether they are configured (not made)."""
    configured = os.environ.get("ALUR_SEALS")
    if configured:
        return Path(configured) / f"{slug}.p12", Path(configured) / f"{slug}.p12.pass", True
    folder = data_dir / "keys"
    return folder / f"{slug}.seal.p12", folder / f"{slug}.seal.pass", False


def tenant_seal(data_dir: Path, tenant: Tenant) -> pdf.Seal:
    """The tenant's seal, loaded once per change of its file."""
    p12, secret, configured = seal_paths(data_dir, tenant.slug)
    with _lock:
        if not configured and not p12.exists():
            password = secrets.token_urlsafe(24).encode()
            pdf.make_development_seal(p12, tenant.name, f"Pemerintah {tenant.region}".strip(), password)
            secret.write_bytes(password)
            secret.chmod(0o600)
        stamp = p12.stat().st_mtime if p12.exists() else 0.0
        known = _seals.get(p12)
        if known is not None and known[0] == stamp:
            return known[1]
        password = secret.read_bytes().strip() if secret.exists() else None
        seal = pdf.load_seal(p12, password)
        _seals[p12] = (stamp, seal)
        return seal


def check_sealed(data_dir: Path, tenant: Tenant, document: bytes) -> pdf.SealCheck:
    """What a PDF reader trusting the tenant's sealing authority says of a document."""
    return pdf.verify_pdf(document, tenant_seal(data_dir, tenant).trust_roots)


class SealedMaker:
    """Makes the tenant's documents: HTML from the templates, WeasyPrint, then its seal."""

    def __init__(
        self,
        tenant: Tenant,
        data_dir: Path,
        setting: Callable[[], Any] | None = None,
        content: Callable[[str], bytes | None] | None = None,
    ) -> None:
        self.tenant = tenant
        self.data_dir = data_dir
        self._setting = setting  # the office's kop surat (OfficeRules.LetterheadSet), if it set one
        self._content = content  # a stored document's bytes by SHA-256 (the logo)
        self.jinja = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))

    def letterhead(self) -> Letterhead:
        """The kop surat the office set, else one from the tenant's name and region."""
        found = self._setting() if self._setting else None
        if found is None:
            return Letterhead.default(self.tenant.name, self.tenant.region)
        logo = self._content(str(found.logo["sha256"])) if found.logo and self._content else None
        return Letterhead(found.government, found.office, found.address, found.city, logo)

    def html(self, facts: Facts) -> str:
        """The document as HTML (what the PDF is laid out from)."""
        return self.jinja.get_template(TEMPLATES_OF.get(facts.kind, f"{facts.kind}.html")).render(
            f=facts,
            day=lambda value: formats.day(value).split(", ", 1)[-1],
            logo=_data_url(facts.letterhead.logo_png),
        )

    def make(self, facts: Facts) -> tuple[bytes, str]:
        seal = tenant_seal(self.data_dir, self.tenant)
        made = pdf.render_pdf(self.html(facts))
        reason = f"{facts.title} {facts.number}"
        sealed = pdf.seal_pdf(made, seal, reason=reason, location=facts.place or "Indonesia")
        return sealed, seal.subject

    def make_dossier(self, dossier: Any) -> tuple[bytes, str]:
        """A request's dossier (projections/queries/dossier.py), laid out and sealed."""
        zone = ZoneInfo(self.tenant.timezone)
        letterhead = self.letterhead()
        html = self.jinja.get_template("dossier.html").render(
            d=dossier,
            letterhead=letterhead,
            logo=_data_url(letterhead.logo_png),
            moment=lambda value: formats.moment(value, zone, compact=True) if value else "-",
            day=lambda value: formats.day(value),
            made=MADE,
            status=lambda value: STATUSES.get(value, (value, value))[0],
            letter_day=letter_day,
            timeliness={"on_time": "tepat waktu", "late": "terlambat", "paused": "dihentikan sementara"},
        )
        seal = tenant_seal(self.data_dir, self.tenant)
        reason = f"Dosir permohonan {dossier.detail.letter_number}"
        sealed = pdf.seal_pdf(
            pdf.render_pdf(html), seal, reason=reason, location=self.letterhead().city or "Indonesia"
        )
        return sealed, seal.subject


def _data_url(image: bytes | None) -> str | None:
    """An image inline in the document's HTML (the renderer fetches nothing else)."""
    if not image:
        return None
    kind = "image/png" if image.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(image).decode()}"
