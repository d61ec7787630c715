"""The audit trail's sentences, in either language, from the parts the projection stored.

The audit projection stores what a sentence says (who, which step, whose role, which moment)
when it projects the event, with the role names of the SOP version the request ran under;
the page renders it in its own language and time zone. So an English page reads English
sentences without replaying anything, and a moment is shown as the page shows every moment.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from domain import formats, labels
from domain.audit_chain import AuditChain
from domain.labels import MADE
from domain.office_calendar import KINDS, OfficeCalendar
from domain.people import Opd, User
from domain.request import Request
from domain.sop import Variant
from domain.sop_version import SopVersion, TenantSop
from projections.absence_sentences import ABSENCE_EVENTS, absence_parts, absence_sentence, acting_for_said
from projections.comment_sentences import comment_sentence

Parts = dict[str, Any]
When = Callable[[datetime], str]

ENDINGS: dict[str, labels.Text] = {
    "completed": ("permohonan selesai", "the request is completed"),
    "declined": ("permohonan tidak dilanjutkan", "the request is declined"),
    "rejected_for_resources": ("permohonan ditolak karena sumber daya tidak tersedia",
                               "the request is rejected: resources are not available"),
}  # fmt: skip

# What each kind of request event says, after "<who> " (Indonesian, English).
STEP_SENTENCES: dict[str, labels.Text] = {
    "Submitted": ("mengajukan permohonan \u201c{title}\u201d (surat {letter})",
                  "submitted the request \u201c{title}\u201d (letter {letter})"),
    "Disposed": ("mendisposisikan permohonan ke {next}", "disposed the request to {next}"),
    "Assigned": ("menunjuk {assignee} (langkah {step})", "assigned {assignee} (step {step})"),
    "DeadlineSet": ("menetapkan target waktu {deadline} untuk langkah {targets}",
                    "set the deadline {deadline} for step {targets}"),
    "RejectedForResources": ("menolak permohonan karena sumber daya tidak tersedia (langkah {step})",
                             "rejected the request: resources are not available (step {step})"),
    "UATPassed": ("menyatakan UAT berhasil (langkah {step})", "declared the UAT passed (step {step})"),
    "UATFailed": ("menyatakan UAT belum berhasil (langkah {step})", "declared the UAT failed (step {step})"),
    "HandedOver": ("menyerahterimakan aplikasi dengan Berita Acara (langkah {step})",
                   "handed the application over with the Berita Acara (step {step})"),
    "Archived": ("mengarsipkan dokumen (langkah {step})", "archived the documents (step {step})"),
    "Decided": ("memutuskan \u201c{answer}\u201d pada langkah {step}",
                "decided \u201c{answer}\u201d at step {step}"),
    "Analysed": ("menyelesaikan analisis (langkah {step})", "completed the analysis (step {step})"),
    "PlanReviewed": ("menelaah rencana (langkah {step})", "reviewed the plan (step {step})"),
    "StepCompleted": ("menyelesaikan langkah {step}", "completed step {step}"),
    "Withdrawn": ("menarik permohonan", "withdrew the request"),
}  # fmt: skip

# A user account's events (the admin's users page); never a secret in them.
ACCOUNT_EVENTS = (User.DetailsChanged, User.Deactivated, User.Reactivated, User.PasswordReset,
                  User.PasswordSet, User.PasswordChanged, User.NameCorrected, User.LanguageSet,
                  User.NoticeChoicesSet, User.NoticeRead, User.NoticesAllRead)  # fmt: skip
EMAIL_EVENTS = (User.EmailChanged, User.EmailConfirmed)
ACCOUNT_SENTENCES: dict[str, labels.Text] = {
    "DetailsChanged": ("{actor} mengubah data pengguna {user}: nama \u201c{full_name}\u201d, NIP {nip}, "
                       "OPD {opd}",
                       "{actor} changed the details of user {user}: name \u201c{full_name}\u201d, NIP {nip}, "
                       "OPD {opd}"),
    "Deactivated": ("{actor} menonaktifkan pengguna {user}", "{actor} deactivated user {user}"),
    "Reactivated": ("{actor} mengaktifkan kembali pengguna {user}", "{actor} reactivated user {user}"),
    "PasswordReset": ("{actor} mengatur ulang kata sandi {user}; tautan sekali pakai dibuat",
                      "{actor} reset the password of {user}; a one-time link was made"),
    "PasswordSet": ("{user} menetapkan kata sandi baru lewat tautan atur ulang",
                    "{user} set a new password through the reset link"),
    "PasswordChanged": ("{user} mengganti kata sandinya sendiri; sesi lainnya diakhiri",
                        "{user} changed own password; their other sessions were ended"),
    "EmailChanged": ("{actor} menetapkan email {user}: {email} (menunggu konfirmasi lewat tautan)",
                     "{actor} set the email of {user}: {email} (awaiting confirmation by link)"),
    "EmailRemoved": ("{actor} menghapus email {user}", "{actor} removed the email of {user}"),
    "EmailConfirmed": ("{user} mengonfirmasi email {email} lewat tautan",
                       "{user} confirmed the email {email} through the link"),
    "NameCorrected": ("{actor} sendiri membetulkan namanya menjadi \u201c{full_name}\u201d "
                      "di halaman pribadinya",
                      "{actor} corrected their own name to \u201c{full_name}\u201d on their own page"),
    "LanguageSet": ("{actor} memilih bahasa {language} untuk {user}",
                    "{actor} chose the language {language} for {user}"),
    "NoticeChoicesSet": ("{actor} mengatur pilihan pemberitahuan {user}: {choices}",
                         "{actor} set the notice choices of {user}: {choices}"),
    "NoticeRead": ("{user} membaca satu pemberitahuan", "{user} read a notice"),
    "NoticesAllRead": ("{user} menandai semua pemberitahuannya sudah dibaca",
                       "{user} marked all their notices read"),
}  # fmt: skip


def parts_of(
    event: Any, variant: Variant | None, username: str = "", tenant_variant: Variant | None = None
) -> Parts:
    """What the event's sentence says; `variant`: the SOP version the request runs under,
    `tenant_variant`: the one the tenant ran when a role was granted (names its roles)."""
    if isinstance(event, Request.TargetRevised) and variant is not None:
        return {"key": "target_revised", "who": _role(variant, event.role), "step": event.step,
                "deadline": event.deadline.isoformat(), "deadline_date": event.deadline_date,
                "targets": list(event.deadline_for), "reason": event.note}  # fmt: skip
    if isinstance(event, Request.Returned) and variant is not None:
        found: Parts = {"key": "returned", "who": _role(variant, event.role), "step": event.step,
                        "missing": list(event.missing), "note": event.note}  # fmt: skip
        if event.on_behalf_of:
            found |= {"actor": event.actor, "on_behalf_of": event.on_behalf_of}
        return found
    if isinstance(event, Request.Resubmitted) and variant is not None:
        return {"key": "resubmitted", "who": _role(variant, event.role), "step": event.step,
                "files": [str(doc.get("name", "")) for doc in event.outputs], "note": event.note,
                "due": event.next_due_at.isoformat() if event.next_due_at else None}  # fmt: skip
    if isinstance(event, AuditChain.Begun | AuditChain.Extended):
        return {"key": "chain", "actor": event.actor, "count": event.chained, "head": event.head,
                "begun": isinstance(event, AuditChain.Begun)}  # fmt: skip
    if isinstance(event, Request.Reassigned):
        return handover_parts(event)
    if isinstance(event, Request.DueRecomputed):
        return {"key": "due_recomputed", "actor": event.actor, "step": event.step,
                "was": event.previous_due.isoformat() if event.previous_due else None,
                "due": event.next_due_at.isoformat() if event.next_due_at else None,
                "reference": event.reference, "reason": event.reason}  # fmt: skip
    if isinstance(event, Request.DocumentMade):
        return {"key": "document_made", "actor": event.actor, "step": event.step, "kind": event.kind,
                "number": event.number, "sha256": event.document.get("sha256", ""),
                "sealed_by": event.sealed_by}  # fmt: skip
    if isinstance(event, OfficeCalendar.YearRecorded):
        return {"key": "year_recorded", "actor": event.actor, "year": event.year, "count": len(event.days),
                "source": event.source}  # fmt: skip
    if isinstance(event, OfficeCalendar.DayOffAdded | OfficeCalendar.DayOffRemoved):
        added = isinstance(event, OfficeCalendar.DayOffAdded)
        key = "day_off_added" if added else "day_off_removed"
        return {"key": key, "actor": event.actor, "day": event.day,
                "name": getattr(event, "name", ""), "kind": getattr(event, "kind", ""),
                "reference": event.reference, "reason": event.reason}  # fmt: skip
    if isinstance(event, OfficeCalendar.HoursSet):
        return {"key": "hours_set", "actor": event.actor, "first": event.first, "last": event.last,
                "start": event.start, "end": event.end, "reference": event.reference,
                "reason": event.reason}  # fmt: skip
    if isinstance(event, (Request.StepEvent, Request.Withdrawn)) and variant is not None:
        return _request_parts(event, variant)
    if isinstance(event, User.Registered):
        return {"key": "user_registered", "actor": event.actor, "username": event.username,
                "full_name": event.full_name, "opd": event.opd}  # fmt: skip
    if isinstance(event, User.RoleGranted | User.RoleRevoked):
        key = "role_granted" if isinstance(event, User.RoleGranted) else "role_revoked"
        role = _role(tenant_variant, event.role)
        found: Parts = {"key": key, "actor": event.actor, "username": username, "role": role}
        if isinstance(event, User.RoleGranted) and (event.acting or event.valid_until is not None):
            found["from"] = event.valid_from.isoformat()
            found["until"] = event.valid_until.isoformat() if event.valid_until else None
            found["until_date"] = event.until_date
            found["acting"] = (event.title or "Plt.") if event.acting else None
        if isinstance(event, User.RoleGranted) and event.sk_number:
            found["sk"] = {"number": event.sk_number, "date": event.sk_date or ""}
        if isinstance(event, User.RoleGranted) and event.acting_for:
            found["acting_for"], found["absence"] = event.acting_for, event.absence_id
        return found
    if isinstance(event, ABSENCE_EVENTS):
        return absence_parts(event, lambda role: _role(tenant_variant, role))
    if isinstance(event, ACCOUNT_EVENTS):
        return {"key": "account", "event": type(event).__name__, "actor": event.actor, "user": username,
                "full_name": getattr(event, "full_name", None) or "",
                "nip": getattr(event, "nip", None) or "-",
                "opd": getattr(event, "opd", None) or "-",
                "language": getattr(event, "language", None) or "-",
                "choices": _choices(getattr(event, "choices", None))}  # fmt: skip
    if isinstance(event, EMAIL_EVENTS):
        kind = "EmailConfirmed" if isinstance(event, User.EmailConfirmed) else (
            "EmailChanged" if event.email else "EmailRemoved")
        return {"key": "account", "event": kind, "actor": getattr(event, "actor", username), "user": username,
                "email": event.email or ""}  # fmt: skip
    if isinstance(event, Opd.Registered):
        return {"key": "opd_registered", "actor": event.actor, "code": event.code, "name": event.name}
    if isinstance(event, SopVersion.Adopted):
        return {
            "key": "sop_adopted",
            "actor": event.actor,
            "sop": event.variant_id,
            "version": event.variant_version,
        }
    if isinstance(event, TenantSop.Chosen | TenantSop.Switched):
        return {"key": "sop_chosen", "actor": event.actor, "sop": event.variant_id,
                "version": event.variant_version, "reason": getattr(event, "reason", "")}  # fmt: skip
    return {"key": "other", "type": type(event).__name__, "kind": type(event).__qualname__.split(".")[0]}


def handover_parts(event: Any) -> Parts:
    """A hand-over: whose part at which appointing step went to whom, why."""
    return {"key": "reassigned", "actor": event.actor, "step": event.step, "from": event.from_user,
            "to": list(event.to), "team": list(event.team), "reason": event.reason}  # fmt: skip


def handover_sentence(parts: Parts, en: bool) -> str:
    to = ", ".join(parts.get("to") or [])
    actor, whose, step, reason = parts.get("actor"), parts.get("from"), parts.get("step"), parts.get("reason")
    if en:
        where = f"to {to}" if to else "to every holder of the role"
        return f"{actor} handed {whose}'s part (appointed at step {step}) over {where}; reason: {reason}"
    where = f"kepada {to}" if to else "kepada semua pemegang perannya"
    return f"{actor} mengalihkan tugas {whose} (ditunjuk pada langkah {step}) {where}; alasan: {reason}"


def _choices(choices: dict[str, str] | None) -> str:
    """A user's notice choices as the audit says them: `arrived immediate, reminder digest`."""
    return ", ".join(f"{kind} {how}" for kind, how in (choices or {}).items()) or "-"


def _request_parts(event: Any, variant: Variant) -> Parts:
    kind = type(event).__name__
    found: Parts = {"key": "request", "event": kind, "who": _role(variant, event.role), "step": event.step}
    if isinstance(event, Request.Withdrawn):
        return found
    step = variant.step(event.step) if variant.has_step(event.step) else None
    found |= {"next": _role(variant, event.next_role) if event.next_role else None,
              "next_step": event.next_step, "end": event.end}  # fmt: skip
    if getattr(event, "on_behalf_of", None):
        found |= {"actor": event.actor, "on_behalf_of": event.on_behalf_of}
    if kind == "Submitted":
        found |= {"title": event.title, "letter": event.letter_number}
    elif kind == "Assigned" and event.assignees:
        found["assignee"] = ", ".join(event.assignees)  # a team: each member, in the order named
    elif kind == "DeadlineSet":
        found["deadline"] = event.deadline.isoformat() if event.deadline else None
        found["deadline_date"] = event.deadline_date
        found["targets"] = list(event.deadline_for)
    if event.decision is not None:
        found["answer"] = event.decision
    if step is not None:
        found["question"] = step.decision.question if step.decision else ""
        found["description"] = step.description  # the SOP's own words, as printed
    return found


def _role(variant: Variant | None, role_id: str) -> list[str | None]:
    """A role as [id, its name in the SOP] (no name: a built-in role, named per language)."""
    if variant is not None:
        try:
            return [role_id, variant.role(role_id).name]  # the variant's index, not a set per call
        except KeyError:
            pass
    return [role_id, None]


def role_said(role: list[str | None] | None, lang: str) -> str:
    if not role:
        return "-"
    return role[1] or labels.role_label(role[0] or "", lang)


def plain_when(moment: datetime) -> str:
    """A moment in the stored sentence (the search and the exports): as it was recorded."""
    return f"{moment:%d-%m-%Y %H:%M}"


def _until(instant: str | None, given: str | None, english: bool, when: When) -> str:
    """A deadline or a Plt.'s end: the day the user gave (it holds through that day), else the
    exact moment as the page shows moments."""
    if given:
        return formats.day(date.fromisoformat(given), english)
    return when(datetime.fromisoformat(instant)) if instant else ""


def sk_said(number: str, dated: str, lang: str) -> str:
    """An SK as a sentence names it: "800.1.3/123/BKPSDM/2026 tanggal 1 Maret 2026" (English:
    "dated 1 March 2026"); its number alone when no date was recorded."""
    if not dated:
        return number
    day, english = date.fromisoformat(dated), lang == "en"
    return (f"{number} {'dated' if english else 'tanggal'} "
            f"{day.day} {formats.MONTHS[day.month - 1][english]} {day.year}")  # fmt: skip


def sentence(parts: Parts, lang: str, when: When = plain_when) -> str:
    """The parts as one sentence in `lang` ("id" or "en"), moments shown by `when`."""
    en = lang == "en"
    key = parts.get("key")
    if key == "request":
        return _request_sentence(parts, lang, when)
    if key == "comment":
        return comment_sentence(parts, lang)
    if key == "target_revised":
        who = role_said(parts.get("who"), lang)
        until = _until(parts["deadline"], parts.get("deadline_date"), en, when)
        targets = ", ".join(str(n) for n in parts.get("targets", []))
        if en:
            return (f"{who} set a new target {until} for step {targets} (the old one had passed); "
                    f"reason: {parts.get('reason', '')}")  # fmt: skip
        return (f"{who} menetapkan target baru {until} untuk langkah {targets} (target lama "
                f"terlewati); alasan: {parts.get('reason', '')}")  # fmt: skip
    if key == "reassigned":
        return handover_sentence(parts, en)
    if key == "returned":
        who = role_said(parts.get("who"), lang)
        if parts.get("on_behalf_of"):
            who += f" ({parts.get('actor')} {'on behalf of' if en else 'atas nama'} {parts['on_behalf_of']})"
        missing = "; ".join(parts.get("missing", []))
        note = parts.get("note") or ""
        if en:
            return (f"{who} returned the file to the requester as incomplete at step {parts['step']}; "
                    f"missing: {missing}" + (f"; note: {note}" if note else "")
                    + "; the step's clock stopped")  # fmt: skip
        return (f"{who} mengembalikan berkas kepada pemohon karena tidak lengkap pada langkah "
                f"{parts['step']}; kurang: {missing}" + (f"; catatan: {note}" if note else "")
                + "; waktu langkah dihentikan")  # fmt: skip
    if key == "document_made":
        kind = MADE.get(str(parts.get("kind")), (str(parts.get("kind")),) * 2)[1 if en else 0]
        if en:
            return (f"{parts.get('actor')} had the service make the {kind} of step {parts.get('step')}, "
                    f"number {parts.get('number')}, sealed by {parts.get('sealed_by')}; "
                    f"SHA-256 {parts.get('sha256')}")
        return (f"{parts.get('actor')} meminta layanan membuat {kind} langkah {parts.get('step')}, "
                f"nomor {parts.get('number')}, disegel oleh {parts.get('sealed_by')}; "
                f"SHA-256 {parts.get('sha256')}")
    if key == "resubmitted":
        who = role_said(parts.get("who"), lang)
        files = ", ".join(parts.get("files", []))
        due = when(datetime.fromisoformat(parts["due"])) if parts.get("due") else ""
        note = parts.get("note") or ""
        if en:
            return (f"{who} completed the file ({files}) and sent it back to step {parts['step']}"
                    + (f"; note: {note}" if note else "") + (f"; now due {due}" if due else ""))
        return (f"{who} melengkapi berkas ({files}) dan mengirimkannya kembali ke langkah {parts['step']}"
                + (f"; catatan: {note}" if note else "") + (f"; tenggat kini {due}" if due else ""))
    actor = parts.get("actor", "")
    if key == "user_registered":
        name = f" ({parts['full_name']})" if parts.get("full_name") else ""
        opd = f", OPD {parts['opd']}" if parts.get("opd") else ""
        verb = "registered the user" if en else "mendaftarkan pengguna"
        return f"{actor} {verb} {parts['username']}{name}{opd}"
    if key == "role_revoked":
        role = role_said(parts.get("role"), lang)
        if en:
            return f"{actor} revoked the role {role} from {parts['username']}"
        return f"{actor} mencabut peran {role} dari {parts['username']}"
    if key == "role_granted":
        role = role_said(parts.get("role"), lang)
        period = ""
        sk = parts.get("sk")
        decree = sk_said(sk["number"], sk.get("date", ""), lang) if isinstance(sk, dict) else ""
        if parts.get("from"):
            start = when(datetime.fromisoformat(parts["from"]))
            end = _until(parts.get("until"), parts.get("until_date"), en, when)
            title = parts.get("acting", "Plt.")  # parts stored before v6 said only a Plt.'s period
            if en:
                said = f"acting{' as Plh.' if title == 'Plh.' else ''}, from" if title else "from"
                period = f" ({said} {start}" + (f" until {end}" if end else "")
            else:
                period = f" ({title + ' ' if title else ''}mulai {start}" + (f" s.d. {end}" if end else "")
            period += (f"; SK {decree}" if decree else "") + acting_for_said(parts, lang) + ")"
        elif decree:
            period = f" (SK {decree})"
        if en:
            return f"{actor} granted the role {role} to {parts['username']}{period}"
        return f"{actor} memberikan peran {role} kepada {parts['username']}{period}"
    if key == "account" and parts.get("event") in ACCOUNT_SENTENCES:
        return labels.say(ACCOUNT_SENTENCES[parts["event"]], lang).format(**parts)
    if key == "opd_registered":
        return (
            f"{actor} {'registered the OPD' if en else 'mendaftarkan OPD'} {parts['code']} — {parts['name']}"
        )
    if key == "sop_adopted":
        return f"{actor} {'adopted SOP' if en else 'memakai SOP'} {parts['sop']} " + (
            f"version {parts['version']}" if en else f"versi {parts['version']}"
        )
    if key == "chain":
        head = str(parts.get("head", ""))[:16]
        if en:
            what = "stored before the chain existed" if parts.get("begun") else "copied in unlinked"
            return f"{actor_of(parts)} chained {parts['count']} events {what}; head {head}…"
        what = "yang tersimpan sebelum rantai ada" if parts.get("begun") else "yang disalin tanpa rantai"
        return f"{actor_of(parts)} merangkai {parts['count']} peristiwa {what} ke rantai hash; kepala {head}…"
    if key in CALENDAR_KEYS:
        return _calendar_sentence(parts, en, when)
    if str(key).startswith("absence_"):
        return absence_sentence(parts, lang, role_said)
    if key == "sop_chosen":
        reason = parts.get("reason") or ""
        if en:
            return (f"{actor} set SOP {parts['sop']} version {parts['version']} for new requests"
                    + (f"; reason: {reason}" if reason else ""))  # fmt: skip
        return (f"{actor} menetapkan SOP {parts['sop']} versi {parts['version']} untuk permohonan baru"
                + (f"; alasan: {reason}" if reason else ""))  # fmt: skip
    label = labels.event_label(str(parts.get("type", "")), lang, str(parts.get("kind", "")))
    return f"{'Event' if en else 'Peristiwa'}: {label}"


CALENDAR_KEYS = frozenset(
    {"due_recomputed", "year_recorded", "day_off_added", "day_off_removed", "hours_set"}
)


def actor_of(parts: Parts) -> str:
    return str(parts.get("actor", ""))


def _calendar_sentence(parts: Parts, en: bool, when: When) -> str:
    """The office calendar's changes and the deadlines they moved, with their legal ground."""
    actor, key = parts.get("actor", ""), parts["key"]
    ground = (f"; basis: {parts.get('reference', '')}; reason: {parts.get('reason', '')}" if en
              else f"; dasar: {parts.get('reference', '')}; alasan: {parts.get('reason', '')}")  # fmt: skip
    if key == "due_recomputed":
        was = when(datetime.fromisoformat(parts["was"])) if parts.get("was") else "-"
        due = when(datetime.fromisoformat(parts["due"])) if parts.get("due") else "-"
        if en:
            return f"The office calendar changed: step {parts['step']} is now due {due} (was {was}){ground}"
        return f"Kalender kantor berubah: tenggat langkah {parts['step']} kini {due} (semula {was}){ground}"
    if key == "year_recorded":
        if en:
            return (f"{actor} recorded the {parts['count']} national holidays and cuti bersama of "
                    f"{parts['year']} (from {parts['source']})")  # fmt: skip
        return (f"{actor} mencatat {parts['count']} hari libur nasional dan cuti bersama tahun "
                f"{parts['year']} (dari {parts['source']})")  # fmt: skip
    day = formats.day(date.fromisoformat(parts["day"]), en) if parts.get("day") else ""
    if key == "day_off_added":
        kind = KINDS.get(str(parts.get("kind")), ("", ""))[1 if en else 0].lower()
        if en:
            return f"{actor} added {day} as a day off ({kind}: {parts.get('name', '')}){ground}"
        return f"{actor} menetapkan {day} sebagai hari libur ({kind}: {parts.get('name', '')}){ground}"
    if key == "day_off_removed":
        if en:
            return f"{actor} made {day} a working day again{ground}"
        return f"{actor} menjadikan {day} hari kerja kembali{ground}"
    first = formats.day(date.fromisoformat(parts["first"]), en)
    last = formats.day(date.fromisoformat(parts["last"]), en)
    hours = f"{parts['start']}–{parts['end']}"
    if en:
        return f"{actor} set office hours {hours} from {first} to {last}{ground}"
    return f"{actor} menetapkan jam kantor {hours} dari {first} sampai {last}{ground}"


OWN_WORDS = frozenset({"Submitted", "DeadlineSet", "RejectedForResources", "UATPassed", "UATFailed",
                       "HandedOver", "Archived"})  # fmt: skip


def _chosen(event: str, parts: Parts, has_next: bool) -> str:
    """Which sentence a request event reads as (a disposition names whom, a decision its answer)."""
    if (
        event in OWN_WORDS
        or (event == "Disposed" and has_next)
        or (event == "Assigned" and parts.get("assignee"))
    ):
        return event
    if event == "Decided" or parts.get("answer") is not None:
        return "Decided"
    return event if event in ("Analysed", "PlanReviewed") else "StepCompleted"


def _request_sentence(parts: Parts, lang: str, when: When) -> str:
    en = lang == "en"
    event = parts["event"]
    step = parts.get("step")
    who = role_said(parts.get("who"), lang)
    nxt = role_said(parts.get("next"), lang) if parts.get("next") else ""
    if event == "Withdrawn":
        at_step = "" if step is None else (f" at step {step}" if en else f" pada langkah {step}")
        return f"{who} {labels.say(STEP_SENTENCES['Withdrawn'], lang)}{at_step}"
    if parts.get("on_behalf_of"):
        for_whom = "on behalf of" if en else "atas nama"
        who = f"{who} ({parts.get('actor')} {for_whom} {parts['on_behalf_of']})"
    chosen = _chosen(event, parts, bool(nxt))
    template = labels.say(STEP_SENTENCES.get(chosen, STEP_SENTENCES["StepCompleted"]), lang)
    deadline = parts.get("deadline")
    main = who + " " + template.format(
        title=parts.get("title", ""), letter=parts.get("letter", ""), next=nxt, step=step,
        assignee=parts.get("assignee", ""), targets=", ".join(str(n) for n in parts.get("targets", [])),
        deadline=_until(deadline, parts.get("deadline_date"), en, when) or "-",
        answer=labels.answer_label(str(parts.get("answer", "")), lang),
    )  # fmt: skip
    if chosen == "Decided" and parts.get("question"):
        main += f": {parts['question']}"
    elif chosen == "StepCompleted" and parts.get("description"):
        main += f": {parts['description']}"
    said_already = chosen == "RejectedForResources" and parts.get("end") == "rejected_for_resources"
    if parts.get("end") is not None and not said_already:
        return f"{main}; {labels.say(ENDINGS.get(parts['end'], (parts['end'], parts['end'])), lang)}"
    if parts.get("next_step") is not None and chosen != "Disposed":
        then = (
            f"next step {parts['next_step']} by {nxt}"
            if en
            else f"berikutnya langkah {parts['next_step']} oleh {nxt}"
        )
        return f"{main}; {then}"
    return main
