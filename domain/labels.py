"""What people call the machine ids: statuses, event types, answers and the built-in roles,
in Indonesian and English.

The ids stay the contract (the JSON API, the stored events, the `?status=` filter); every page,
badge, history row and audit sentence names them through here, so a new status or event is
named once for both languages.
"""

from __future__ import annotations

from domain.sop import Variant

Text = tuple[str, str]  # (Indonesian, English)

STATUSES: dict[str, Text] = {
    "in_progress": ("berjalan", "in progress"),
    "completed": ("selesai", "completed"),
    "declined": ("ditolak", "declined"),
    "rejected_for_resources": ("ditolak: sumber daya", "rejected: no resources"),
    "withdrawn": ("ditarik", "withdrawn"),
}

# Event types by class name; the audit trail and the history name them so. The English words
# differ from the class names on purpose: a page showing "Submitted" showed the raw id.
EVENTS: dict[str, Text] = {
    "Submitted": ("Diajukan", "Request submitted"),
    "Disposed": ("Didisposisikan", "Request disposed"),
    "Analysed": ("Dianalisis", "Analysis done"),
    "Decided": ("Diputuskan", "Decision made"),
    "RejectedForResources": ("Ditolak: sumber daya", "Rejected: no resources"),
    "Assigned": ("Ditunjuk", "Person assigned"),
    "PlanReviewed": ("Rencana ditelaah", "Plan reviewed"),
    "UATPassed": ("UAT berhasil", "UAT passed"),
    "UATFailed": ("UAT belum berhasil", "UAT failed"),
    "HandedOver": ("Diserahterimakan", "Handed over"),
    "StepCompleted": ("Langkah selesai", "Step completed"),
    "DeadlineSet": ("Target waktu ditetapkan", "Deadline set"),
    "TargetRevised": ("Target baru ditetapkan", "New target set"),
    "Reassigned": ("Tugas petugas dialihkan", "Appointee's part handed over"),
    "Withdrawn": ("Ditarik", "Request withdrawn"),
    "DocumentMade": ("Dokumen dibuat dan disegel", "Document made and sealed"),
    "Returned": ("Berkas dikembalikan: tidak lengkap", "File returned: incomplete"),
    "Resubmitted": ("Berkas dilengkapi", "File completed and resubmitted"),
    "Archived": ("Diarsipkan", "Documents archived"),
    "Registered": ("Didaftarkan", "Record registered"),
    "RoleGranted": ("Peran diberikan", "Role granted"),
    "RoleRevoked": ("Peran dicabut", "Role revoked"),
    "Adopted": ("SOP dipakai", "SOP adopted"),
    "Chosen": ("SOP ditetapkan", "SOP chosen"),
    "Switched": ("SOP diganti", "SOP switched"),
    "DetailsChanged": ("Data pengguna diubah", "User details changed"),
    "Deactivated": ("Pengguna dinonaktifkan", "User deactivated"),
    "Reactivated": ("Pengguna diaktifkan kembali", "User reactivated"),
    "PasswordReset": ("Kata sandi diatur ulang", "Password reset"),
    "PasswordSet": ("Kata sandi ditetapkan", "Password set"),
    "PasswordChanged": ("Kata sandi diganti sendiri", "Own password changed"),
    "EmailChanged": ("Email ditetapkan", "Email set"),
    "EmailConfirmed": ("Email dikonfirmasi", "Email confirmed"),
    "NameCorrected": ("Nama dibetulkan sendiri", "Own name corrected"),
    "LanguageSet": ("Bahasa dipilih", "Language chosen"),
    "NoticeChoicesSet": ("Pilihan pemberitahuan diatur", "Notice choices set"),
    "NoticeRead": ("Pemberitahuan dibaca", "Notice read"),
    "NoticesAllRead": ("Semua pemberitahuan dibaca", "All notices read"),
    "DueRecomputed": ("Tenggat dihitung ulang", "Deadline recomputed"),
    "Opened": ("Kalender kantor dibuka", "Office calendar opened"),
    "YearRecorded": ("Hari libur setahun dicatat", "A year's holidays recorded"),
    "DayOffAdded": ("Hari libur ditambahkan", "Day off added"),
    "DayOffRemoved": ("Hari libur dihapus", "Day off removed"),
    "HoursSet": ("Jam kantor ditetapkan", "Office hours set"),
    "Begun": ("Rantai hash dimulai", "Hash chain begun"),
    "AbsenceRequested": ("Ketidakhadiran diajukan", "Absence requested"),
    "AbsenceApproved": ("Ketidakhadiran disetujui", "Absence approved"),
    "AbsenceRefused": ("Ketidakhadiran ditolak", "Absence refused"),
    "AbsenceCancelled": ("Ketidakhadiran dibatalkan", "Absence cancelled"),
    "Extended": ("Rantai hash diperpanjang", "Hash chain extended"),
    "Commented": ("Komentar", "Comment"),
    "CommentRetracted": ("Komentar ditarik", "Comment retracted"),
}
# The same class name means different things on different aggregates.
KIND_EVENTS: dict[tuple[str, str], Text] = {
    ("User", "Registered"): ("Pengguna didaftarkan", "User registered"),
    ("Opd", "Registered"): ("OPD didaftarkan", "OPD registered"),
    ("Discussion", "Opened"): ("Diskusi dibuka", "Discussion opened"),
}

# The documents the service makes (an output the SOP file marks `made`), and how a document
# came to be on a request (domain.mutu_baku).
MADE: dict[str, Text] = {
    "lembar-disposisi": ("Lembar Disposisi", "Disposition sheet"),
    "berita-acara-uat": ("Berita Acara Hasil UAT", "Record of the UAT result"),
    "berita-acara-serah-terima": ("Berita Acara Serah Terima", "Record of handover"),
    "berita-acara-pekerjaan": ("Berita Acara Pekerjaan", "Record of the work done"),
    "daftar-hadir-bimtek": ("Daftar Hadir Bimtek", "Training attendance record"),
    "surat-penolakan": ("Surat penolakan permohonan", "Letter declining the request"),
    "penunjukan": ("Catatan penunjukan petugas", "Record of the appointment"),
}
SOURCES: dict[str, Text] = {
    "letter": ("dari Surat Permohonan", "from the request letter"),
    "output": ("output langkah sebelumnya", "an earlier step's output"),
    "upload": ("dibawa ke langkah ini", "brought to this step"),
}

ANSWERS: dict[str, Text] = {"ya": ("ya", "yes"), "tidak": ("tidak", "no")}

# Roles every tenant has whatever its SOP; an SOP's own roles are named by the SOP file.
SPECIAL_ROLES: dict[str, Text] = {
    "admin": ("Administrator", "Administrator"),
    "auditor": ("Auditor", "Auditor"),
    "opd": ("OPD pemohon", "Requesting OPD"),
}


def say(text: Text, lang: str) -> str:
    """One of a pair in the page's language."""
    return text[1] if lang == "en" else text[0]


def status_label(status: str, lang: str) -> str:
    return say(STATUSES.get(status, (_spoken(status), _spoken(status))), lang)


def event_label(event_type: str, lang: str, kind: str = "") -> str:
    found = KIND_EVENTS.get((kind, event_type)) or EVENTS.get(event_type)
    return say(found, lang) if found else _spoken(event_type)


def made_label(kind: str, lang: str) -> str:
    return say(MADE.get(kind, (kind, kind)), lang)


def source_label(kind: str, lang: str) -> str:
    return say(SOURCES.get(kind, (kind, kind)), lang)


def answer_label(answer: str, lang: str) -> str:
    """A decision's answer ("tidak" -> "no"); answers sharing an arrow stay joined ("ya / tidak")."""
    return " / ".join(say(ANSWERS.get(one, (one, one)), lang) for one in answer.split(" / "))


def role_label(role_id: str, lang: str, variant: Variant | None = None) -> str:
    """A role's name: the SOP's own (as printed, both languages), else a built-in role's."""
    if variant is not None and any(role.id == role_id for role in variant.roles):
        return variant.role_name(role_id)
    return say(SPECIAL_ROLES[role_id], lang) if role_id in SPECIAL_ROLES else role_id


def _spoken(machine_id: str) -> str:
    """An id nobody named yet, readable at least: "on_hold" -> "on hold", "OnHold" -> "On hold"."""
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in machine_id).replace("_", " ").strip()
    return words[:1].upper() + words[1:] if machine_id[:1].isupper() else words
