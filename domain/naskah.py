"""The official documents (naskah dinas) the service makes from a request's events: what each
says, as plain data, for the maker (adapters/naskah.py) to lay out in tata naskah dinas form and
seal. Nothing here renders or signs.

Which documents a request has: every output the SOP marks `made` on a completed step, and the
documents its events imply whatever the SOP's wording (a disposition has its Lembar Disposisi,
a handover its Berita Acara Serah Terima, a request declined for want of resources its letter).
Each is made once, from the events up to its step, and its SHA-256 recorded (`DocumentMade`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Protocol

from domain import formats
from domain.labels import MADE
from domain.mutu_baku import HOW_MADE
from domain.sop import Variant

# A step event implies its document, whatever the SOP file marks.
IMPLIED = {
    "Disposed": "lembar-disposisi",
    "UATPassed": "berita-acara-uat",
    "UATFailed": "berita-acara-uat",
    "HandedOver": "berita-acara-serah-terima",
    "RejectedForResources": "surat-penolakan",
}
# Kode klasifikasi arsip (Permendagri 83/2022) of each kind, for the document's number.
CODES = {
    "lembar-disposisi": "000.7",
    "berita-acara-uat": "000.5.2",
    "berita-acara-serah-terima": "000.5.2",
    "berita-acara-pekerjaan": "000.5.2",
    "daftar-hadir-bimtek": "000.4.2",
    "surat-penolakan": "500.12",
    "penunjukan": "800.1.11",
}
# Each kind's short mark in the number, so two documents of one step never share a number.
MARKS = {"lembar-disposisi": "LD", "berita-acara-uat": "BA-UAT", "berita-acara-serah-terima": "BA-ST",
         "berita-acara-pekerjaan": "BA-P", "daftar-hadir-bimtek": "DH", "surat-penolakan": "SP",
         "penunjukan": "PN"}  # fmt: skip
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class Due:
    """A document a completed step gives the request: made once, then kept."""

    taken: int  # the step's place in the request's history (a step may be taken twice)
    step: int
    kind: str
    name: str  # the SOP's name of the output, or the kind's own


@dataclass(frozen=True)
class Letterhead:
    """The kop surat: the government, the office, its address, the city letters are dated in."""

    government: str  # "PEMERINTAH KABUPATEN SUMBAWA"
    office: str  # "DINAS KOMUNIKASI INFORMATIKA STATISTIK DAN PERSANDIAN"
    address: str = ""  # "Jalan ... Sumbawa Besar 84311, Telepon ..."
    city: str = ""  # "Sumbawa Besar"
    logo_png: bytes | None = None

    @staticmethod
    def default(name: str, region: str) -> Letterhead:
        """Before the admin sets one: from the tenant's name and region."""
        city = region.removeprefix("Kabupaten ").removeprefix("Kota ").strip()
        government = f"PEMERINTAH {region.upper()}" if region else "PEMERINTAH DAERAH"
        return Letterhead(government, name.upper(), "", city)


@dataclass(frozen=True)
class Signatory:
    """Who signs: name, NIP and jabatan, "Plt."/"Plh." when acting in the role by a grant."""

    name: str
    nip: str | None
    jabatan: str
    acting: str = ""  # "Plt." or "Plh." when acting by a grant, else ""
    on_behalf_of: str | None = None  # "a.n." the appointee another holder acted for
    label: str = ""  # "PIHAK PERTAMA", where a Berita Acara has two parties


@dataclass(frozen=True)
class Facts:
    """Everything a made document says."""

    kind: str
    title: str  # "BERITA ACARA SERAH TERIMA"
    number: str  # "000.5.2/3/Diskominfo/XII/2026"
    dated: date
    place: str
    subject: str  # perihal
    letterhead: Letterhead
    request: dict[str, Any]  # title, letter_number, letter_date, opd, id
    rows: list[dict[str, Any]] = field(default_factory=list)  # the table of the document
    text: list[str] = field(default_factory=list)  # its paragraphs
    signatories: list[Signatory] = field(default_factory=list)
    note: str = ""


class Person(Protocol):
    full_name: str
    nip: str | None


Identify = Callable[[str, str, datetime], tuple[Any, str]]  # username, role, at -> (person, Plt./Plh./"")


def dues(request: Any, variant: Variant) -> Iterator[Due]:
    """The documents this request's completed steps give it, in the order of its history."""
    for taken, step in enumerate(request.steps_taken):
        kinds: dict[str, str] = {}
        for entry in step.outputs:
            if entry.get("how") == HOW_MADE and entry.get("kind") in MADE:
                kinds.setdefault(str(entry["kind"]), str(entry.get("name") or ""))
        implied = IMPLIED.get(step.event)
        if implied and implied not in kinds:
            kinds[implied] = MADE[implied][0]
        for kind, name in kinds.items():
            yield Due(taken, step.number, kind, name or MADE[kind][0])


def number_of(kind: str, taken: int, request_id: str, at: datetime, office_code: str = "Diskominfo") -> str:
    """The document's number: kode klasifikasi / the kind's mark / the request's short id and
    the step's place / the office / the month in Roman numerals / the year."""
    where = f"{request_id[:8].upper()}.{taken + 1}"
    return f"{CODES[kind]}/{MARKS[kind]}/{where}/{office_code}/{ROMAN[at.month - 1]}/{at.year}"


def facts_of(
    due_: Due,
    request: Any,
    variant: Variant,
    letterhead: Letterhead,
    identify: Identify,
    zone: Any,
    opd_name: Callable[[str | None], str],
) -> Facts:
    """What the document of `due_` says, from the request's history up to its step."""
    taken = request.steps_taken[due_.taken]
    local = taken.ended_at.astimezone(zone)
    about = {
        "title": request.title,
        "letter_number": request.letter_number,
        "letter_date": letter_day(request.letter_date),
        "opd": opd_name(request.opd),
        "id": str(request.id),
    }

    def signer(step: Any) -> Signatory:
        person, acting = identify(step.actor, step.role, step.ended_at)
        behalf = None
        if step.on_behalf_of:
            other, _ = identify(step.on_behalf_of, step.role, step.ended_at)
            behalf = other.full_name
        return Signatory(person.full_name, person.nip, variant.role_name(step.role), acting, behalf)

    title = MADE[due_.kind][0].upper()
    base = Facts(
        due_.kind,
        title,
        number_of(due_.kind, due_.taken, str(request.id), local),
        local.date(),
        letterhead.city,
        f"{MADE[due_.kind][0]} — {request.title}",
        letterhead,
        about,
        note=taken.note,
    )
    history = request.steps_taken[: due_.taken + 1]
    when = formats.moment(taken.ended_at, zone)
    if due_.kind == "lembar-disposisi":
        rows: list[dict[str, Any]] = []
        for index, step in enumerate(history):
            if step.event != "Disposed" and index != due_.taken:
                continue
            person, acting = identify(step.actor, step.role, step.ended_at)
            following = (
                request.steps_taken[index + 1].role
                if index + 1 < len(request.steps_taken)
                else request.active_role
            )
            rows.append(
                {
                    "no": len(rows) + 1,
                    "from": (f"{acting} " if acting else "") + variant.role_name(step.role),
                    "name": person.full_name,
                    "to": variant.role_name(following) if following else "-",
                    "at": f"{step.ended_at.astimezone(zone):%d-%m-%Y %H.%M}",
                    "note": step.note,
                }
            )
        return _with(
            base,
            rows=rows,
            signatories=[signer(taken)],
            text=[
                f"Surat permohonan nomor {request.letter_number} tanggal {about['letter_date']} "
                f"dari {about['opd']} perihal {request.title}."
            ],
        )
    if due_.kind == "berita-acara-uat":
        result = {"ya": "DITERIMA", "tidak": "TIDAK DITERIMA"}.get(str(taken.decision), "SELESAI DIUJI")
        if taken.event == "UATPassed":
            result = "DITERIMA"
        elif taken.event == "UATFailed":
            result = "TIDAK DITERIMA, PERLU PERBAIKAN"
        return _with(
            base,
            signatories=[signer(taken)],
            rows=[{"label": "Hasil pengujian", "value": result}],
            text=[
                f"Pada hari ini, {when}, telah dilaksanakan User Acceptance Test (UAT) atas aplikasi "
                f"\u201c{request.title}\u201d yang dimohon oleh {about['opd']} dengan surat nomor "
                f"{request.letter_number}.",
                f"Hasil pengujian: {result}.",
            ],
        )
    if due_.kind in ("berita-acara-serah-terima", "berita-acara-pekerjaan"):
        first = replace(signer(taken), label="PIHAK PERTAMA")
        requester, _ = identify(request.submitted_by, variant.requester_role, request.submitted_at)
        second = Signatory(
            requester.full_name,
            requester.nip,
            f"{variant.role_name(variant.requester_role)} ({about['opd']})",
            label="PIHAK KEDUA",
        )
        what = "serah terima" if due_.kind == "berita-acara-serah-terima" else "penyelesaian pekerjaan"
        return _with(
            base,
            signatories=[second, first],
            text=[
                f"Pada hari ini, {when}, telah dilaksanakan {what} aplikasi \u201c{request.title}\u201d "
                f"sebagaimana dimohon dengan surat nomor {request.letter_number} tanggal "
                f"{about['letter_date']}.",
                f"PIHAK PERTAMA: {first.name}, {f'{first.acting} ' if first.acting else ''}{first.jabatan}.",
                f"PIHAK KEDUA: {second.name}, {second.jabatan}.",
            ],
        )
    if due_.kind == "daftar-hadir-bimtek":
        names = [line.strip(" -•\t") for line in taken.note.splitlines() if line.strip(" -•\t")]
        rows = [{"no": n, "name": name} for n, name in enumerate(names, 1)]
        rows += [{"no": len(rows) + n, "name": ""} for n in range(1, max(0, 10 - len(rows)) + 1)]
        return _with(
            base,
            rows=rows,
            signatories=[signer(taken)],
            note="",
            text=[f"Bimbingan teknis aplikasi \u201c{request.title}\u201d, {when}."],
        )
    if due_.kind == "surat-penolakan":
        return _with(
            base,
            signatories=[signer(taken)],
            subject=f"Tanggapan atas permohonan \u201c{request.title}\u201d",
            text=[
                f"Menindaklanjuti surat Saudara nomor {request.letter_number} tanggal "
                f"{about['letter_date']} perihal permohonan pembuatan aplikasi "
                f"\u201c{request.title}\u201d, dengan ini kami sampaikan bahwa permohonan tersebut "
                "belum dapat kami tindak lanjuti karena ketersediaan sumber daya (infrastruktur, "
                "sumber daya manusia dan/atau anggaran) belum mencukupi.",
                *([f"Pertimbangan: {taken.note}"] if taken.note else []),
                "Demikian kami sampaikan, atas perhatian Saudara kami ucapkan terima kasih.",
            ],
            note="",
        )
    # penunjukan: who was appointed, by whom
    appointed = [name.strip() for name in str(taken.assignee or "").split(",") if name.strip()]
    rows = []
    for n, username in enumerate(appointed, 1):
        person, _ = identify(username, "", taken.ended_at)
        rows.append({"no": n, "name": person.full_name, "nip": person.nip or "-", "username": username})
    return _with(
        base,
        rows=rows,
        signatories=[signer(taken)],
        text=[
            f"Untuk melaksanakan permohonan \u201c{request.title}\u201d (surat nomor "
            f"{request.letter_number}), ditunjuk petugas berikut ({due_.name})."
        ],
    )


def letter_day(value: str) -> str:
    """An ISO date as the letter names it ("13 Maret 2026"); anything else as it was given."""
    try:
        return formats.day(date.fromisoformat(value)).split(", ", 1)[-1]
    except ValueError:
        return value


def _with(base: Facts, **changes: Any) -> Facts:
    return replace(base, **changes)
