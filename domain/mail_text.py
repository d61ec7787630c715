"""The words of Alur's mail, in Indonesian or English, from plain arguments.

Nothing here knows where mail goes or how: these only say what a mail says (subject, text body),
so the notices read model, the email confirmation and their tests share one wording.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# What reached a user, by kind: (Indonesian, English) subject openings.
NOTICE_KINDS: dict[str, tuple[str, str]] = {
    "arrived": ("Tugas baru", "New task"),
    "reminder": ("Pengingat tenggat", "Deadline reminder"),
    "overdue": ("Terlambat", "Overdue"),
    "returned": ("Permohonan dikembalikan", "Request returned"),
    "decided": ("Permohonan diputuskan", "Request decided"),
    "finished": ("Permohonan selesai", "Request finished"),
    "mentioned": ("Anda disebut dalam diskusi", "You were mentioned in a discussion"),
    "commented": ("Komentar baru", "New comment"),
}
OTHER_KIND = ("Pemberitahuan", "Notice")  # a kind without its own opening
FOOTER = (
    "Surel ini dikirim otomatis oleh Alur; jangan dibalas.",
    "This mail was sent automatically by Alur; please do not reply.",
)


@dataclass(frozen=True)
class Notice:
    """One thing to tell a user: a request's step reached them, is due soon, is overdue …"""

    title: str  # the request's title
    letter_number: str  # its letter number (nomor surat), "" if none
    step: str  # the step, as people name it: "4 · Membentuk tim" (after the label "Langkah:")
    deadline: str  # the deadline as people mean it: "Senin, 8 Desember 2026 pukul 16.00 WIB"
    link: str  # where to act
    kind: str = "arrived"  # a key of NOTICE_KINDS
    said: str = ""  # the notice's sentence as the page says it (its first line), if given


def _one_line(text: str) -> str:
    """A header's text: no line breaks (they would start a new header), spaces squeezed."""
    return " ".join(text.split())


def notice_mail(notice: Notice, english: bool = False) -> tuple[str, str]:
    """The subject and text body of one notice."""
    opening = NOTICE_KINDS.get(notice.kind, OTHER_KIND)[english]
    letter = f" ({notice.letter_number})" if notice.letter_number else ""
    subject = _one_line(f"{opening}: {notice.title}{letter}")
    labels = ("Request", "Letter number", "Step", "Deadline", "Open") if english else (
        "Permohonan", "Nomor surat", "Langkah", "Tenggat", "Buka")  # fmt: skip
    lines = [
        notice.said or f"{opening}.",
        "",
        f"{labels[0]}: {notice.title}",
        f"{labels[1]}: {notice.letter_number or '-'}",
        f"{labels[2]}: {notice.step}",
        f"{labels[3]}: {notice.deadline or '-'}",
        "",
        f"{labels[4]}: {notice.link}",
        "",
        "-- ",
        FOOTER[english],
    ]
    return subject, "\n".join(lines) + "\n"


def digest_mail(notices: Sequence[Notice], day: str, english: bool = False) -> tuple[str, str]:
    """The daily digest of several notices (`day` as people say it: "Senin, 7 Desember 2026")."""
    count = len(notices)
    subject = _one_line(
        f"Alur: {count} notice{'s' if count != 1 else ''} for {day}" if english
        else f"Alur: {count} pemberitahuan untuk {day}"
    )  # fmt: skip
    lines = [("Your notices of " if english else "Pemberitahuan Anda untuk ") + day + ":", ""]
    for number, notice in enumerate(notices, start=1):
        opening = NOTICE_KINDS.get(notice.kind, OTHER_KIND)[english]
        letter = f" ({notice.letter_number})" if notice.letter_number else ""
        deadline = ("deadline " if english else "tenggat ") + notice.deadline if notice.deadline else ""
        lines.append(f"{number}. {opening}: {notice.title}{letter}")
        if notice.said:
            lines.append(f"   {notice.said}")
        lines.append(f"   {notice.step}" + (f" · {deadline}" if deadline else ""))
        lines.append(f"   {notice.link}")
    lines += ["", "-- ", FOOTER[english]]
    return subject, "\n".join(lines) + "\n"


def confirmation_mail(
    full_name: str, email: str, link: str, tenant: str, english: bool = False
) -> tuple[str, str]:
    """The mail that asks a user to confirm their address by following `link`."""
    name = full_name or email
    if english:
        subject = _one_line(f"Confirm your email address for Alur · {tenant}")
        lines = [f"Dear {name},", "",
                 f"This address ({email}) was given for your account in Alur · {tenant}.",
                 "Open this link to confirm it; until then no mail about your work is sent here:", "",
                 link, "",
                 "The link works once, for 3 days. If you did not expect this mail, ignore it."]  # fmt: skip
    else:
        subject = _one_line(f"Konfirmasi alamat email Anda untuk Alur · {tenant}")
        lines = [f"Yth. {name},", "", f"Alamat ini ({email}) dicatat untuk akun Anda di Alur · {tenant}.",
                 "Buka tautan ini untuk mengonfirmasinya; sebelum itu tidak ada surel pekerjaan yang "
                 "dikirim ke sini:", "", link, "",
                 "Tautan berlaku sekali, selama 3 hari. "
                 "Jika Anda tidak mengharapkan surel ini, abaikan."]  # fmt: skip
    return subject, "\n".join([*lines, "", "-- ", FOOTER[english]]) + "\n"
