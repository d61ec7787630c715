"""The words of a notice mail, a daily digest and the confirmation mail, in both languages."""

from __future__ import annotations

from domain.mail_text import Notice, confirmation_mail, digest_mail, notice_mail

STEP4 = Notice(
    title="Aplikasi Sistem Informasi Kepegawaian",
    letter_number="000.7/12/BKPSDM/2026",
    step="Langkah 4 · Membentuk Tim Pengembangan Aplikasi",
    deadline="Senin, 9 Maret 2026 pukul 16.00 WITA",
    link="https://alur.example.go.id/t/sumbawa/requests/42",
)


def test_a_notice_names_the_request_its_letter_the_step_the_deadline_and_the_link() -> None:
    subject, body = notice_mail(STEP4)
    assert subject == "Tugas baru: Aplikasi Sistem Informasi Kepegawaian (000.7/12/BKPSDM/2026)"
    assert "Nomor surat: 000.7/12/BKPSDM/2026" in body
    assert "Langkah: Langkah 4 · Membentuk Tim Pengembangan Aplikasi" in body
    assert "Tenggat: Senin, 9 Maret 2026 pukul 16.00 WITA" in body
    assert "Buka: https://alur.example.go.id/t/sumbawa/requests/42" in body


def test_a_notice_in_english_and_of_another_kind() -> None:
    overdue = Notice(**{**STEP4.__dict__, "kind": "overdue", "letter_number": ""})
    subject, body = notice_mail(overdue, english=True)
    assert subject == "Overdue: Aplikasi Sistem Informasi Kepegawaian"
    assert "Letter number: -" in body and "Deadline: Senin" in body
    assert body.endswith("This mail was sent automatically by Alur; please do not reply.\n")


def test_a_title_with_line_breaks_never_breaks_the_subject_header() -> None:
    subject, _ = notice_mail(Notice(**{**STEP4.__dict__, "title": "Satu\r\nBcc: x@y.z"}))
    assert "\n" not in subject and "\r" not in subject


def test_a_digest_lists_each_notice_once_numbered() -> None:
    reminder = Notice(**{**STEP4.__dict__, "kind": "reminder", "title": "Aplikasi Perizinan"})
    subject, body = digest_mail([STEP4, reminder], "Senin, 9 Maret 2026")
    assert subject == "Alur: 2 pemberitahuan untuk Senin, 9 Maret 2026"
    assert "1. Tugas baru: Aplikasi Sistem Informasi Kepegawaian (000.7/12/BKPSDM/2026)" in body
    assert "2. Pengingat tenggat: Aplikasi Perizinan (000.7/12/BKPSDM/2026)" in body
    assert body.count(STEP4.link) == 2
    subject, _ = digest_mail([STEP4], "Monday, 9 March 2026", english=True)
    assert subject == "Alur: 1 notice for Monday, 9 March 2026"


def test_the_confirmation_mail_carries_its_link_and_says_it_works_once() -> None:
    link = "https://x/t/s/email/abc"
    subject, body = confirmation_mail("Budi Santoso", "budi@example.go.id", link, "DKISP")
    assert subject == "Konfirmasi alamat email Anda untuk Alur · DKISP"
    assert "Yth. Budi Santoso," in body and "https://x/t/s/email/abc" in body and "sekali" in body
    subject, body = confirmation_mail("", "budi@example.go.id", "https://x", "DKISP", english=True)
    assert subject.startswith("Confirm your email address") and "Dear budi@example.go.id," in body
