"""The audit trail an Inspektorat or BPK inspector reads (issue 20), on SQLite and PostgreSQL:
each row names the person (full name and NIP as they were), the role (Plt. when held by an
acting grant), whom a step was done on behalf of, the request (title and letter number), the
step and whether it was on time, late or paused; the CSV opens in Excel as it is."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from uuid import UUID

import pytest

from adapters.config import Settings
from adapters.passwords import hash_password
from projections.audit import AuditEntry
from projections.audit_export import headers, to_csv
from tests import pg
from tests.conftest import PLT_SK, FakeClock
from tests.integration.test_projections import SOP, WITA, World, open_world

KADIS = "Kepala Dinas Komunikasi Informatika Statistik dan Persandian"
KABID = "Kepala Bidang Teknologi Informasi"
NIP_ANDI, NIP_BUDI = "198001012005011001", "197502022000031002"


@pytest.fixture
def office(settings: Settings, clock: FakeClock) -> Iterator[World]:
    services, tenant, service = open_world(settings, clock)
    try:
        yield World(services, tenant, service, services.projector(tenant), clock)
    finally:
        services.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, tenant.schema)


def person(w: World, username: str, full_name: str, roles: list[str], nip: str | None = None) -> None:
    w.service.create_user(username, "rahasia-sekali", hash_password=hash_password, roles=roles, sop=SOP,
                          actor="admin", full_name=full_name, nip=nip)  # fmt: skip


def walk(w: World) -> UUID:
    """Kadis disposes late; Budi, Plt. Kabid TI, disposes and decides; Joko does step 9 on
    behalf of Sari, the appointee; the file goes back to the requester at step 10."""
    w.clock.set(datetime(2026, 6, 8, 9, 0, tzinfo=WITA))  # a Monday of an ordinary week
    person(w, "andi", "Andi Wijaya", ["kadis"], NIP_ANDI)
    person(w, "budi", "Budi Santoso", ["tim-pengembang"], NIP_BUDI)
    w.service.grant_role("budi", "kabid-ti", sop=SOP, actor="admin", valid_until=date(2026, 12, 31),
                         acting=True, **PLT_SK)  # fmt: skip
    person(w, "citra", "Citra Lestari", ["kasi-aplikasi"])
    person(w, "sari", "Sari Dewi", ["tim-pengembang"])
    person(w, "joko", "Joko Susilo", ["tim-pengembang"])
    request_id = w.submit(title="Aplikasi Antrian", letter_number="050/77/DINKES/2026")
    w.act(request_id, 2, "kadis", hours=60, user="andi")  # 1 Hari Kerja: late
    w.service.edit_user("andi", {"full_name": "Andi Wijaya, S.Kom."}, sop=SOP, actor="admin")
    w.act(request_id, 3, "kabid-ti", user="budi")
    w.act(request_id, 4, "kasi-aplikasi", user="citra", assignee="sari")
    w.act(request_id, 5, "kasi-aplikasi", user="citra")  # 1 Hari Kerja: on time
    w.act(request_id, 6, "kabid-ti", user="budi", decision="ya")
    w.act(request_id, 8, "kasi-aplikasi", user="citra")
    w.act(request_id, 9, "tim-pengembang", user="joko", on_behalf_of="sari")  # on time
    w.clock.advance(hours=1)
    w.service.return_file(request_id, user="sari", roles=["tim-pengembang"], missing=["Alur Bisnis"])
    return request_id


def by_step(entries: list[AuditEntry]) -> dict[int | None, AuditEntry]:
    return {entry.step: entry for entry in entries}


def test_each_row_names_the_person_the_role_the_request_and_whether_it_was_on_time(office: World) -> None:
    request_id = walk(office)
    rows = by_step(office.projector.audit(request=str(request_id)))
    late = rows[2]
    assert (late.actor_name, late.actor_nip, late.role_name) == ("Andi Wijaya", NIP_ANDI, KADIS)  # as then
    assert late.timeliness == "late" and not late.acting
    assert (late.request_title, late.letter_number) == ("Aplikasi Antrian", "050/77/DINKES/2026")
    acting = rows[3]
    assert (acting.actor_name, acting.role_name, acting.acting) == ("Budi Santoso", KABID, True)
    sk = {"number": PLT_SK["sk_number"], "date": "2026-03-01"}
    assert (acting.acting_title, acting.acting_sk) == ("Plt.", sk)
    assert rows[5].acting_sk is None and rows[5].acting_title == ""
    assert acting.timeliness == ""  # step 3 has no time standard
    assert rows[6].acting
    assert rows[5].timeliness == "on_time"
    assert rows[5].actor_name == "Citra Lestari" and not rows[5].acting
    on_behalf = rows[9]
    assert (on_behalf.actor_name, on_behalf.on_behalf_of, on_behalf.on_behalf_name) == (
        "Joko Susilo", "sari", "Sari Dewi")  # fmt: skip
    assert on_behalf.timeliness == "on_time"
    assert (rows[10].type, rows[10].timeliness) == ("Returned", "paused")
    assert rows[1].timeliness == ""
    renamed = office.projector.audit(type="DetailsChanged")[0]
    assert renamed.actor == "admin"  # the later rename is in the trail, the earlier row unchanged


def test_the_filters_find_a_person_a_role_and_a_request_by_its_letter(office: World) -> None:
    request_id = walk(office)
    other = office.submit(title="Aplikasi Lain", letter_number="900/1/2026")
    assert {e.request_id for e in office.projector.audit(request_text="77/dinkes")} == {str(request_id)}
    assert {e.request_id for e in office.projector.audit(request_text="aplikasi lain")} == {str(other)}
    assert [e.step for e in office.projector.audit(actor="santoso")] == [3, 6]
    assert [e.step for e in office.projector.audit(actor="budi", request=str(request_id))] == [3, 6]
    by_role = office.projector.audit(role="kepala bidang")  # the steps done in the role, and its grants
    assert [(e.type, e.step, e.actor) for e in by_role] == [
        ("RoleGranted", None, "admin"), ("Disposed", 3, "budi"), ("Decided", 6, "budi")]  # fmt: skip
    kasi = office.projector.audit(role="kasi-aplikasi", request=str(request_id))
    assert [e.step for e in kasi] == [4, 5, 8]


def excel(text: str, delimiter: str) -> list[list[str]]:
    """The file as Excel reads it: a UTF-8 BOM first, then rows split on the list separator."""
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter))


def test_the_csv_opens_in_an_indonesian_excel_with_every_column(office: World) -> None:
    request_id = walk(office)
    table = excel(to_csv(office.projector.audit(request=str(request_id)), lang="id", zone=WITA), ";")
    assert table[0] == ["No", "Waktu", "Peristiwa", "Kode peristiwa", "Pengguna", "Nama", "NIP", "Peran",
                        "Plt./Plh.", "SK Plt./Plh.", "Atas nama", "Permohonan", "Nomor surat",
                        "ID permohonan", "Langkah",
                        "Ketepatan waktu", "Uraian"]  # fmt: skip
    rows = [dict(zip(table[0], row, strict=True)) for row in table[1:]]
    late = next(row for row in rows if row["Langkah"] == "2")
    assert late["Nama"] == "Andi Wijaya" and late["NIP"] == NIP_ANDI and late["Peran"] == KADIS
    assert late["Ketepatan waktu"] == "terlambat" and late["Waktu"].endswith(" WITA")
    assert late["Waktu"] == "10 Jun 2026 21.00 WITA"  # Monday 09:00 WITA + 60 h, local (13.00 UTC)
    assert (late["Permohonan"], late["Nomor surat"]) == ("Aplikasi Antrian", "050/77/DINKES/2026")
    acting = next(row for row in rows if row["Langkah"] == "3")
    assert acting["Plt./Plh."] == f"Plt. {KABID} (SK 800.1.3/123/BKPSDM/2026 tanggal 1 Maret 2026)"
    assert acting["SK Plt./Plh."] == "800.1.3/123/BKPSDM/2026 tanggal 1 Maret 2026"
    assert acting["Peran"] == KABID
    assert late["Plt./Plh."] == late["SK Plt./Plh."] == ""
    on_behalf = next(row for row in rows if row["Langkah"] == "9")
    assert on_behalf["Atas nama"] == "Sari Dewi" and on_behalf["Nama"] == "Joko Susilo"
    assert on_behalf["Ketepatan waktu"] == "tepat waktu"
    assert next(row for row in rows if row["Langkah"] == "10")["Ketepatan waktu"] == "dihentikan sementara"
    assert "mendisposisikan" in late["Uraian"]


def test_the_english_csv_uses_commas_and_english_headers_and_no_cell_holds_the_sop(office: World) -> None:
    walk(office)
    table = excel(to_csv(office.projector.audit(), lang="en", zone=WITA), ",")
    assert table[0] == headers("en") and "Acting (Plt./Plh.)" in table[0] and "On behalf of" in table[0]
    rows = [dict(zip(table[0], row, strict=True)) for row in table[1:]]
    assert {row["Timeliness"] for row in rows} >= {"late", "on time", "paused", ""}
    acting = next(row for row in rows if row["Step"] == "3")
    assert acting["Acting (Plt./Plh.)"] == f"Plt. {KABID} (SK 800.1.3/123/BKPSDM/2026 dated 1 March 2026)"
    assert acting["Acting SK"] == "800.1.3/123/BKPSDM/2026 dated 1 March 2026"
    adopted = next(row for row in rows if row["Event code"] == "Adopted")
    assert adopted["Description"].endswith("adopted SOP sumbawa-2021 version 3")  # not the SOP file
    assert max(len(cell) for row in table for cell in row) < 1000
