"""Steps shared by every SOP feature (`features/sop/*.feature`), written in Indonesian.

The step text names roles by their id in the variant file ("kadis", "kabid-ti") and steps by
their number; the variant file supplies the rest (who performs the active step, whether it is
a decision, whether it names someone). Every step drives the real application service through
`make_service`, so every scenario runs on SQLite and on PostgreSQL. Times in the text are the
tenant's local time, written "YYYY-MM-DD HH:MM".

A refused action does not fail the `Ketika` step: the refusal is kept until a
`Maka tindakan ditolak dengan kode "..."` step checks it; any other `Maka` step fails on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from pytest_bdd import given, parsers, then, when

from domain.documents import Upload, check_upload
from domain.mutu_baku import (
    HOW_MADE,
    HOW_OUTSIDE,
    HOW_PASSED,
    HOW_UPLOADED,
    PART_INPUT,
    PART_OUTPUT,
    Brought,
    MissingDocumentsError,
    checklist,
    slot,
)
from domain.service import RequestService
from tests.bdd.sop_scenario import SopScenario, names, numbers
from tests.conftest import FakeClock
from tests.mutu import first_references


@pytest.fixture
def sop(make_service: Callable[..., RequestService], clock: FakeClock) -> Iterator[SopScenario]:
    scenario = SopScenario(make_service, clock)
    yield scenario
    assert scenario.error is None, f"penolakan tidak diperiksa oleh langkah Maka: {scenario.error}"


# -- Dengan -----------------------------------------------------------------------------------


@given(parsers.parse('Diskominfo yang menjalankan SOP "{variant_id}" di zona waktu "{timezone}"'))
def tenant_runs_sop(sop: SopScenario, variant_id: str, timezone: str) -> None:
    sop.open(variant_id, timezone)


@given(parsers.parse('waktu sekarang "{moment}"'))
@when(parsers.parse('waktu menunjukkan "{moment}"'))
def time_is(sop: SopScenario, moment: str) -> None:
    sop.clock.set(sop.moment(moment))


@given(parsers.parse('"{role}" telah mengajukan permohonan'))
def request_submitted(sop: SopScenario, role: str) -> None:
    sop.submit(role)


@given(parsers.parse("permohonan telah sampai pada langkah {number:d}"))
def request_reached_step(sop: SopScenario, number: int) -> None:
    sop.walk_to(number)


# -- Ketika -----------------------------------------------------------------------------------


@when(parsers.parse('"{role}" mengajukan permohonan'))
def submits(sop: SopScenario, role: str) -> None:
    sop.attempt(sop.submit, role)


@when(parsers.parse('"{role}" menyelesaikan langkah {number:d}'))
def completes(sop: SopScenario, role: str, number: int) -> None:
    sop.attempt(sop.act, role, number)


@when(parsers.parse('"{role}" memutuskan "{answer}" pada langkah {number:d}'))
def decides(sop: SopScenario, role: str, answer: str, number: int) -> None:
    sop.attempt(sop.act, role, number, decision=answer)


@when(parsers.parse('"{role}" memutuskan "{answer}" pada langkah {number:d} dengan alasan "{reason}"'))
def decides_with_reason(sop: SopScenario, role: str, answer: str, number: int, reason: str) -> None:
    sop.attempt(sop.act, role, number, decision=answer, note=reason)


@when(parsers.parse('"{role}" menyelesaikan langkah {number:d} dengan menunjuk "{assignee}"'))
def assigns(sop: SopScenario, role: str, number: int, assignee: str) -> None:
    sop.attempt(sop.act, role, number, assignee=assignee)


@when(parsers.parse('"{role}" menyelesaikan langkah {number:d} dengan menunjuk tim "{members}"'))
def assigns_team(sop: SopScenario, role: str, number: int, members: str) -> None:
    sop.attempt(sop.act, role, number, assignees=[m.strip() for m in members.split(",")])


@when(parsers.parse('"{role}" menyelesaikan langkah {number:d} atas nama "{appointee}"'))
def completes_on_behalf(sop: SopScenario, role: str, number: int, appointee: str) -> None:
    sop.attempt(sop.act, role, number, on_behalf_of=appointee)


@when(parsers.parse('pengguna "{user}" yang memegang peran "{role}" menyelesaikan langkah {number:d}'))
def user_completes(sop: SopScenario, user: str, role: str, number: int) -> None:
    sop.attempt(sop.service.act, sop.checked_request_id(), number, user=user, roles=[sop.role(role)])


@when(
    parsers.parse(
        'pengguna "{user}" yang memegang peran "{role}" menyelesaikan langkah {number:d} '
        'atas nama "{appointee}"'
    )
)
def user_completes_on_behalf(sop: SopScenario, user: str, role: str, number: int, appointee: str) -> None:
    sop.attempt(sop.service.act, sop.checked_request_id(), number, user=user, roles=[sop.role(role)],
                on_behalf_of=appointee)  # fmt: skip


@when(parsers.parse('"{role}" menetapkan target "{moment}" pada langkah {number:d}'))
def sets_target(sop: SopScenario, role: str, moment: str, number: int) -> None:
    sop.attempt(sop.act, role, number, deadline=sop.moment(moment))


@when(parsers.parse('"{role}" menetapkan target tanggal "{day}" pada langkah {number:d}'))
def sets_target_date(sop: SopScenario, role: str, day: str, number: int) -> None:
    """A target given as a date: until the end of that day in the tenant's zone."""
    sop.attempt(sop.act, role, number, deadline=date.fromisoformat(day))


@when(parsers.re(r'"(?P<role>[^"]+)" menetapkan target baru "(?P<day>[^"]+)" '
                 r'(?:dengan alasan "(?P<reason>[^"]*)"|tanpa alasan)'))  # fmt: skip
def sets_new_target(sop: SopScenario, role: str, day: str, reason: str | None) -> None:
    sop.attempt(sop.service.revise_target, sop.checked_request_id(), user=f"{role}-uji",
                roles=[sop.role(role)], deadline=date.fromisoformat(day), reason=reason or "")  # fmt: skip


@when(parsers.parse('"{role}" mengerjakan langkah {first:d} sampai {last:d}'))
def role_works_steps(sop: SopScenario, role: str, first: int, last: int) -> None:
    for number in range(first, last + 1):
        sop.attempt(sop.act, role, number, **sop.defaults(number))
        if sop.error:
            return


@when(parsers.parse("langkah {first:d} sampai {last:d} dikerjakan oleh pelaksananya masing-masing"))
def performers_work_steps(sop: SopScenario, first: int, last: int) -> None:
    for number in range(first, last + 1):
        sop.attempt(sop.act_as_performer, number)
        if sop.error:
            return


@when(parsers.parse("permohonan diteruskan oleh pelaksananya sampai langkah {number:d}"))
def request_forwarded_to_step(sop: SopScenario, number: int) -> None:
    sop.attempt(sop.walk_to, number)


@when(parsers.parse('"{role}" menarik permohonan'))
def withdraws(sop: SopScenario, role: str) -> None:
    sop.attempt(sop.service.withdraw, sop.checked_request_id(), user=f"{role}-uji", roles=[sop.role(role)])


@when(parsers.parse('"{role}" menarik permohonan dengan alasan "{reason}"'))
def withdraws_with_reason(sop: SopScenario, role: str, reason: str) -> None:
    sop.attempt(sop.service.withdraw, sop.checked_request_id(), user=f"{role}-uji", roles=[sop.role(role)],
                note=reason)  # fmt: skip


@when(parsers.parse('"{role}" mengembalikan berkas karena kurang "{names}" dengan catatan "{note}"'))
def returns_file(sop: SopScenario, role: str, names: str, note: str) -> None:
    """ "Berkas tidak lengkap": several missing documents are written apart by ";"."""
    missing = [name.strip() for name in names.split(";")]
    sop.attempt(sop.service.return_file, sop.checked_request_id(), user=f"{role}-uji", roles=[sop.role(role)],
                missing=missing, note=note)  # fmt: skip


@when(parsers.parse('"{role}" melengkapi berkas dengan "{filename}"'))
def resubmits_file(sop: SopScenario, role: str, filename: str) -> None:
    """The file, in the slot of each Kelengkapan the request was returned for."""
    document = check_upload(Upload(filename, b"%PDF-1.4\n% " + filename.encode() + b"\n"))
    request = sop.request
    assert request.returned is not None and request.active_step is not None
    step = sop.variant.step(request.active_step)
    files = {
        slot(PART_INPUT, step.inputs.index(name)): (document.record(),) for name in request.returned.missing
    }
    sop.attempt(sop.service.resubmit, sop.checked_request_id(), user=f"{role}-uji", roles=[sop.role(role)],
                brought=Brought(files=files), documents=[document])  # fmt: skip


@when(parsers.parse('"{role}" mengirim kembali berkas tanpa lampiran'))
def resubmits_nothing(sop: SopScenario, role: str) -> None:
    sop.attempt(sop.service.resubmit, sop.checked_request_id(), user=f"{role}-uji", roles=[sop.role(role)],
                brought=Brought())  # fmt: skip


@when(parsers.parse('"{role}" mengajukan permohonan tanpa surat'))
def submits_without_letter(sop: SopScenario, role: str) -> None:
    def without_letter() -> None:
        sop.request_id = sop.service.submit(sop.variant.id, sop.variant.version, user=f"{role}-uji",
                                            roles=[sop.role(role)], title="Aplikasi Tanpa Surat",
                                            letter_number="1/2026", letter_date="2026-03-02",
                                            brought=Brought(references=first_references(sop.variant)),
                                            )  # fmt: skip

    sop.attempt(without_letter)


@when(parsers.parse('"{role}" memutuskan "{answer}" pada langkah {number:d} tanpa membawa dokumen'))
def decides_bringing_nothing(sop: SopScenario, role: str, answer: str, number: int) -> None:
    sop.attempt(sop.act, role, number, decision=answer, note=f"jawaban {answer}", brought=Brought())


@when(parsers.parse('"{role}" menyelesaikan langkah {number:d} tanpa membawa dokumen'))
def completes_bringing_nothing(sop: SopScenario, role: str, number: int) -> None:
    sop.attempt(sop.act, role, number, brought=Brought())


@when(
    parsers.re(
        r'"(?P<role>[^"]+)" menyelesaikan langkah (?P<number>\d+) dengan berkas untuk "(?P<uploads>[^"]+)"'
        r' dan rujukan "(?P<reference>[^"]+)" untuk "(?P<outside>[^"]+)"'
    )
)
def completes_with_documents(sop: SopScenario, role: str, number: str, uploads: str, reference: str,
                             outside: str) -> None:  # fmt: skip
    """A PDF for each Kelengkapan named, and the outputs named handed over outside the system."""
    step = sop.variant.step(int(number))
    files, documents = {}, []
    for name in [part.strip() for part in uploads.split(";")]:
        document = check_upload(Upload(f"{name}.pdf", b"%PDF-1.4\n% " + name.encode() + b"\n"))
        documents.append(document)
        files[slot(PART_INPUT, step.inputs.index(name))] = (document.record(),)
    outputs = step.outputs_for(None)
    references = {slot(PART_OUTPUT, outputs.index(name.strip())): reference for name in outside.split(";")}
    sop.attempt(sop.act, role, int(number), brought=Brought(files=files, references=references),
                documents=documents)  # fmt: skip


# -- Maka -------------------------------------------------------------------------------------


@then(parsers.parse('langkah aktif adalah {number:d} oleh "{role}"'))
def active_step_is(sop: SopScenario, number: int, role: str) -> None:
    request = sop.request
    assert (request.status, request.active_step, request.active_role) == ("in_progress", number, role)


@then(parsers.parse('permohonan berakhir dengan status "{status}"'))
def request_ended(sop: SopScenario, status: str) -> None:
    request = sop.request
    assert (request.status, request.active_step, request.active_role) == (status, None, None)


@then(parsers.parse('tindakan ditolak dengan kode "{code}"'))
def action_refused(sop: SopScenario, code: str) -> None:
    """The refusal names its reason, and the request is exactly as it was before."""
    assert sop.refusal().code == code
    assert (len(sop.history) if sop.request_id else 0) == sop.events_before


@then(parsers.parse('tindakan ditolak dengan kode "{code}" pada isian "{field}"'))
def action_refused_naming_the_field(sop: SopScenario, code: str, field: str) -> None:
    """The refusal names the field to fix, and the request is exactly as it was before."""
    error = sop.refusal()
    assert (error.code, error.field) == (code, field)
    assert (len(sop.history) if sop.request_id else 0) == sop.events_before


@then(parsers.parse('peristiwa terakhir mencatat alasan "{reason}"'))
def last_event_keeps_the_reason(sop: SopScenario, reason: str) -> None:
    assert sop.history[-1].data["note"] == reason


@then(parsers.parse('langkah {number:d} jatuh tempo pada "{moment}"'))
def step_due_at(sop: SopScenario, number: int, moment: str) -> None:
    due = sop.due_of(number)
    assert due is not None, f"langkah {number} tidak memiliki tenggat"
    assert sop.local(due) == moment


@then(parsers.parse('target langkah {first:d} sampai {last:d} tercatat sebagai tanggal "{day}"'))
def target_recorded_as_date(sop: SopScenario, first: int, last: int, day: str) -> None:
    """The target as the user gave it (the date) and as the clock reads it (the end of that day)."""
    target = sop.request.targets[-1]
    assert (target.deadline_date, list(target.steps)) == (day, list(range(first, last + 1)))
    assert sop.local(target.deadline) == f"{date.fromisoformat(day) + timedelta(days=1)} 00:00"


@then(parsers.parse("langkah {number:d} tidak memiliki tenggat waktu"))
def step_has_no_due_time(sop: SopScenario, number: int) -> None:
    assert sop.due_of(number) is None


@then(parsers.re(r"langkah (?P<number>\d+) tercatat (?P<state>terlambat|tepat waktu)"))
def step_recorded_late_or_on_time(sop: SopScenario, number: str, state: str) -> None:
    assert ("terlambat" if sop.taken(int(number)).late else "tepat waktu") == state


@then(parsers.re(r"langkah aktif (?P<state>sudah|belum) lewat tenggat"))
def active_step_overdue_or_not(sop: SopScenario, state: str) -> None:
    assert ("sudah" if sop.request.is_overdue(sop.clock()) else "belum") == state


@then(parsers.parse('langkah {number:d} tercatat menunjuk "{assignee}"'))
def step_recorded_assignee(sop: SopScenario, number: int, assignee: str) -> None:
    assert sop.taken(number).assignee == assignee


@then(parsers.parse('langkah {number:d} tercatat menunjuk tim "{members}"'))
def step_recorded_team(sop: SopScenario, number: int, members: str) -> None:
    assert sop.taken(number).assignees == tuple(m.strip() for m in members.split(","))


@then(parsers.parse('langkah {number:d} tercatat dikerjakan oleh "{actor}" atas nama "{appointee}"'))
def step_recorded_on_behalf(sop: SopScenario, number: int, actor: str, appointee: str) -> None:
    assert (sop.taken(number).actor, sop.taken(number).on_behalf_of) == (actor, appointee)


@then(parsers.parse('langkah {number:d} tercatat dikerjakan sendiri oleh "{actor}"'))
def step_recorded_in_own_name(sop: SopScenario, number: int, actor: str) -> None:
    assert (sop.taken(number).actor, sop.taken(number).on_behalf_of) == (actor, None)


@then(parsers.parse('langkah {first:d} sampai {last:d} tercatat dikerjakan oleh "{role}"'))
def steps_recorded_by_role(sop: SopScenario, first: int, last: int, role: str) -> None:
    done = [step for step in sop.request.steps_taken if first <= step.number <= last]
    assert {step.number for step in done} == set(range(first, last + 1))
    assert {step.role for step in done} == {role}


@then(parsers.parse('riwayat permohonan berisi peristiwa "{events}"'))
def history_has_events(sop: SopScenario, events: str) -> None:
    assert [event.type for event in sop.history] == names(events)


@then(parsers.parse('riwayat permohonan melewati langkah "{steps}"'))
def history_went_through_steps(sop: SopScenario, steps: str) -> None:
    assert [step.number for step in sop.request.steps_taken] == numbers(steps)


@then(parsers.parse('peristiwa terakhir adalah "{event}" pada langkah {number:d}'))
def last_event_is(sop: SopScenario, event: str, number: int) -> None:
    last = sop.history[-1]
    assert (last.type, last.step) == (event, number)


@then(parsers.parse('peristiwa terakhir adalah "{event}"'))
def last_event_type_is(sop: SopScenario, event: str) -> None:
    assert sop.history[-1].type == event


@then(parsers.parse('langkah {number:d} tercatat menghasilkan "{documents}"'))
def step_recorded_documents(sop: SopScenario, number: int, documents: str) -> None:
    """The documents recorded as produced, as the SOP names them ("; " between names: a name
    may hold a comma)."""
    produced = [doc["name"] for doc in sop.taken(number).outputs if doc.get("part") in (None, PART_OUTPUT)]
    assert produced == [d.strip() for d in documents.split(";")]


@then(parsers.parse("langkah {number:d} tercatat tanpa dokumen"))
def step_recorded_no_documents(sop: SopScenario, number: int) -> None:
    """Nothing produced (the Kelengkapan the step took may still be recorded)."""
    assert [doc for doc in sop.taken(number).outputs if doc.get("part") in (None, PART_OUTPUT)] == []


@then(parsers.parse('penolakan menyebut kelengkapan "{inputs}" dan output "{outputs}"'))
def refusal_names_missing(sop: SopScenario, inputs: str, outputs: str) -> None:
    """Refused for what is missing, each document named, and nothing recorded."""
    error = sop.refusal()
    assert isinstance(error, MissingDocumentsError), error
    assert list(error.missing_inputs) == [name.strip() for name in inputs.split(";") if name.strip() != "-"]
    assert list(error.missing_outputs) == [name.strip() for name in outputs.split(";") if name.strip() != "-"]
    for name in [*error.missing_inputs, *error.missing_outputs]:
        assert name in error.indonesian and name in error.english
    assert len(sop.history) == sop.events_before


@then(
    parsers.re(
        r'langkah (?P<number>\d+) tercatat "(?P<name>[^"]+)" (?P<how>diunggah|diserahkan di luar sistem'
        r'|dibuat oleh layanan|diteruskan)(?: dengan rujukan "(?P<reference>[^"]+)")?'
    )
)
def step_recorded_document(sop: SopScenario, number: str, name: str, how: str, reference: str | None) -> None:
    wanted = {"diunggah": HOW_UPLOADED, "diserahkan di luar sistem": HOW_OUTSIDE,
              "dibuat oleh layanan": HOW_MADE, "diteruskan": HOW_PASSED}[how]  # fmt: skip
    found = [doc for doc in sop.taken(int(number)).outputs if doc.get("name") == name]
    assert found, f"{name!r} tidak tercatat pada langkah {number}"
    assert found[0]["how"] == wanted
    if wanted == HOW_UPLOADED:
        assert len(str(found[0]["sha256"])) == 64
    if reference is not None:
        assert found[0]["reference"] == reference


@then(parsers.parse('kelengkapan "{name}" langkah aktif sudah ada, dari "{origin}"'))
def input_present(sop: SopScenario, name: str, origin: str) -> None:
    """The active step's checklist: the input is on the request, recorded at an earlier step."""
    request = sop.request
    assert request.active_step is not None
    step = sop.variant.step(request.active_step)
    item = next(i for i in checklist(sop.variant, step, request.records()) if i.name == name)
    assert item.present, f"{name!r} belum ada"
    assert {str(doc["name"]) for doc in item.records} == {origin}


@then(parsers.parse('permohonan menunggu kelengkapan "{names}"'))
def awaits_completion(sop: SopScenario, names: str) -> None:
    """The file is with the requester: the named documents asked for, the step still active, its
    clock stopped (never overdue meanwhile)."""
    request = sop.request
    assert request.returned is not None, "permohonan tidak sedang menunggu kelengkapan"
    assert list(request.returned.missing) == [name.strip() for name in names.split(";")]
    assert not request.is_overdue(sop.clock() + timedelta(days=365))


@then(parsers.parse('permohonan tidak lagi menunggu kelengkapan, jeda tercatat dengan alasan "{note}"'))
def completion_recorded(sop: SopScenario, note: str) -> None:
    request = sop.request
    assert request.returned is None
    assert request.pauses and request.pauses[-1].returned.note == note
