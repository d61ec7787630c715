"""features/audit/audit_sla.feature, scenario by scenario, on SQLite and on PostgreSQL.

A request walked to its end at written times; then what an auditor reads: the audit trail
(every step in order with actor, role, time and an Indonesian sentence; filters; CSV export,
one row per event) and the SLA report (late steps, on-time percentages, realisation).
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from projections.audit import AuditEntry
from projections.audit_export import to_csv, to_json_document
from tests.bdd.platform_scenario import PlatformScenario, at, names, numbers, rows_of, written
from tests.bdd.platform_steps import *  # noqa: F403  (the shared steps are fixtures of this module)

# Named here, not only inside the steps, so the store parametrization (SQLite, PostgreSQL) applies.
pytestmark = pytest.mark.usefixtures("platform_world")

scenarios("audit/audit_sla.feature")

TIME_COLUMN = re.compile(r"waktu \((?P<zone>WIB|WITA|WIT)\)")


def time_column(header: list[str]) -> tuple[str, str]:
    """The header of the time column ("waktu (WITA)") and its zone."""
    for name in header:
        if found := TIME_COLUMN.fullmatch(name):
            return name, found["zone"]
    raise AssertionError(f"tabel tanpa kolom 'waktu (WIB|WITA|WIT)': {header}")


def decimal(text: str) -> float:
    """A figure as officials write it: "2,04", "66,7%"."""
    return float(text.removesuffix("%").replace(",", "."))


def figure(value: float | None, places: int) -> str:
    return "-" if value is None else f"{value:.{places}f}".replace(".", ",")


def percent(value: float | None) -> str:
    """66.7 -> "66,7%", 100.0 -> "100%"."""
    return "-" if value is None else f"{figure(value, 1).removesuffix(',0')}%"


@pytest.fixture
def exported() -> dict[str, str]:
    """The CSV file a scenario exported (and the request's title, if it was one request's)."""
    return {}


# -- Dengan -----------------------------------------------------------------------------------


@given(parsers.parse('permohonan "{title}" di Diskominfo "{tenant}" telah dikerjakan sebagai berikut:'))
def request_worked(
    platform_world: PlatformScenario, title: str, tenant: str, datatable: list[list[str]]
) -> None:
    """Each row at its time: step 1 files the letter, any other step is completed by the user."""
    column, zone = time_column(datatable[0])
    for row in rows_of(datatable):
        platform_world.clock.set(at(row[column], zone))
        number = int(row["langkah"])
        if number == 1:
            platform_world.submit(tenant, row["pengguna"], title)
            continue
        details: dict[str, Any] = {}
        if row["keputusan"]:
            details["decision"] = row["keputusan"]
        if row["menunjuk"]:
            details["assignee"] = row["menunjuk"]
        platform_world.act(tenant, row["pengguna"], title, number, **details)


# -- Ketika -----------------------------------------------------------------------------------


@when(parsers.parse('jejak audit permohonan "{title}" diekspor sebagai CSV'))
def export_request_audit(platform_world: PlatformScenario, exported: dict[str, str], title: str) -> None:
    zone = ZoneInfo(platform_world.tenant(platform_world.owner(title)).timezone)
    exported["file"] = to_csv(platform_world.audit_of(title), lang="id", zone=zone)
    exported["title"] = title


@when(parsers.parse('seluruh jejak audit Diskominfo "{tenant}" diekspor sebagai CSV'))
def export_tenant_audit(platform_world: PlatformScenario, exported: dict[str, str], tenant: str) -> None:
    zone = ZoneInfo(platform_world.tenant(tenant).timezone)
    exported["file"] = to_csv(platform_world.projector(tenant).audit(), lang="id", zone=zone)
    exported.pop("title", None)


def csv_rows(exported: dict[str, str]) -> list[dict[str, str]]:
    """The rows as Excel set to Indonesian reads them: a UTF-8 BOM, then `;` between cells."""
    assert "file" in exported, "belum ada yang diekspor"
    assert exported["file"].startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(exported["file"].removeprefix("\ufeff")), delimiter=";"))


# -- Maka: jejak audit ------------------------------------------------------------------------


@then(parsers.parse('jejak audit permohonan "{title}" berisi, berurutan:'))
def audit_in_order(platform_world: PlatformScenario, title: str, datatable: list[list[str]]) -> None:
    column, zone = time_column(datatable[0])
    shown = [
        {
            column: written(entry.at, zone),
            "langkah": str(entry.step),
            "peristiwa": entry.type,
            "pengguna": entry.actor,
            "peran": entry.role,
        }
        for entry in platform_world.audit_of(title)
    ]
    assert shown == rows_of(datatable)


def steps_of(entries: list[AuditEntry]) -> list[int | None]:
    return [entry.step for entry in entries]


@then(parsers.parse('jejak audit Diskominfo "{tenant}" oleh pengguna "{username}" memuat langkah "{steps}"'))
def audit_by_actor(platform_world: PlatformScenario, tenant: str, username: str, steps: str) -> None:
    assert steps_of(platform_world.projector(tenant).audit(actor=username)) == numbers(steps)


@then(parsers.parse('jejak audit Diskominfo "{tenant}" oleh pengguna "{username}" kosong'))
def audit_by_actor_empty(platform_world: PlatformScenario, tenant: str, username: str) -> None:
    assert platform_world.projector(tenant).audit(actor=username) == []


@then(
    parsers.parse(
        'jejak audit Diskominfo "{tenant}" dari "{since}" sampai "{until}" {zone} memuat langkah "{steps}"'
    )
)
def audit_between(
    platform_world: PlatformScenario, tenant: str, since: str, until: str, zone: str, steps: str
) -> None:
    entries = platform_world.projector(tenant).audit(since=at(since, zone), until=at(until, zone))
    assert steps_of(entries) == numbers(steps)


# -- Maka: SLA --------------------------------------------------------------------------------

UNIT_WORDS = {"hari_kerja": "hari kerja", "hari": "hari", "jam_kerja": "jam kerja",
              "menit_kerja": "menit kerja"}  # fmt: skip


@then(parsers.parse('laporan SLA Diskominfo "{tenant}" mencatat langkah terlambat "{steps}"'))
def late_steps(platform_world: PlatformScenario, tenant: str, steps: str) -> None:
    """Late per the SLA report, and per the requests' own records (every request of the scenario)."""
    report = platform_world.projector(tenant).sla(now=platform_world.clock())
    assert [row.step for row in report.late_steps()] == numbers(steps)
    recorded = sorted(
        {
            step.number
            for title in platform_world.filed
            for step in platform_world.request(title).steps_taken
            if step.late
        }
    )
    assert recorded == numbers(steps)


@then(
    parsers.re(
        r'laporan SLA Diskominfo "(?P<tenant>[^"]+)" untuk '
        r'(?:langkah yang memiliki waktu baku|langkah "(?P<steps>[\d, ]+)") berisi:'
    )
)
def sla_per_step(
    platform_world: PlatformScenario, tenant: str, steps: str | None, datatable: list[list[str]]
) -> None:
    """Target and realisation of the steps named, or of every step with a time standard."""
    report = platform_world.projector(tenant).sla(now=platform_world.clock())
    assert all(row.with_target == 0 for row in report.steps if row.standard is None)
    chosen = [row for row in report.steps if (row.step in numbers(steps) if steps else row.standard)]
    shown = [
        {
            "langkah": str(row.step),
            "waktu baku": row.standard or "-",
            "jumlah": str(row.count),
            "terlambat": str(row.late),
            "tepat waktu": percent(row.on_time_pct),
            "realisasi (median)": f"{figure(row.median, 2)} {UNIT_WORDS[row.unit]}",
        }
        for row in chosen
    ]
    assert shown == rows_of(datatable)


@then(parsers.parse('laporan SLA Diskominfo "{tenant}" per bulan berisi:'))
def sla_per_month(platform_world: PlatformScenario, tenant: str, datatable: list[list[str]]) -> None:
    report = platform_world.projector(tenant).sla(now=platform_world.clock())
    shown = [
        {
            "bulan": month.month,
            "langkah bertarget": str(month.with_target),
            "terlambat": str(month.late),
            "tepat waktu": percent(month.on_time_pct),
        }
        for month in report.months
    ]
    assert shown == rows_of(datatable)


@then(
    parsers.re(
        r'laporan SLA Diskominfo "(?P<tenant>[^"]+)" mencatat permohonan "(?P<title>[^"]+)" "(?P<status>\w+)"'
        r" dengan (?P<late>\d+) dari (?P<steps>\d+) langkah terlambat,"
        r" (?:selesai dalam|berjalan) (?P<days>[\d,]+) hari kerja"
    ),
    converters={"late": int, "steps": int},
)
def sla_of_request(
    platform_world: PlatformScenario, tenant: str, title: str, status: str, late: int, steps: int, days: str
) -> None:
    """Per request: steps taken, how many late, working days from submission to end (or to now)."""
    report = platform_world.projector(tenant).sla(now=platform_world.clock())
    (row,) = [row for row in report.requests if row.request_id == str(platform_world.request_id(title))]
    request = platform_world.request(title)
    assert (row.status, row.late_steps, row.steps) == (status, late, steps)
    assert (row.submitted_at, row.finished_at) == (request.submitted_at, request.finished_at)
    assert row.total_days == pytest.approx(decimal(days), abs=0.005)


# -- Maka: ekspor CSV -------------------------------------------------------------------------


@then(parsers.parse('berkas CSV diawali BOM, dipisahkan titik koma, dan memiliki kolom "{columns}"'))
def csv_columns(exported: dict[str, str], columns: str) -> None:
    assert exported["file"].startswith("\ufeff")
    header = next(csv.reader(io.StringIO(exported["file"].removeprefix("\ufeff")), delimiter=";"))
    assert header == names(columns)


@then(parsers.parse('berkas CSV berisi satu baris untuk setiap peristiwa permohonan "{title}", berurutan'))
def csv_row_per_request_event(platform_world: PlatformScenario, exported: dict[str, str], title: str) -> None:
    """The rows are the request's stored events, one each, in the order they were stored, each
    naming the request by its title and letter number."""
    rows = csv_rows(exported)
    history = platform_world.history(title)
    request = platform_world.request(title)
    request_id = str(platform_world.request_id(title))
    found = [(row["ID permohonan"], row["Kode peristiwa"], row["Langkah"], row["Pengguna"]) for row in rows]
    assert found == [(request_id, event.type, str(event.step), event.actor) for event in history]
    assert {(row["Permohonan"], row["Nomor surat"]) for row in rows} == {(title, request.letter_number)}
    positions = [int(row["No"]) for row in rows]
    assert positions == sorted(set(positions))


@then("berkas CSV menyebut langkah berikut:")
def csv_names_steps(exported: dict[str, str], datatable: list[list[str]]) -> None:
    rows = {row["Langkah"]: row for row in csv_rows(exported)}
    for step, moment, name, role, timeliness in datatable[1:]:
        row = rows[step]
        found = (row["Waktu"], row["Nama"], row["Peran"], row["Ketepatan waktu"])
        assert found == (moment, name, role, timeliness)


@then("tidak ada sel berkas CSV yang memuat data JSON peristiwa")
def csv_without_json(exported: dict[str, str]) -> None:
    cells = [cell for row in csv_rows(exported) for cell in row.values()]
    assert not [cell for cell in cells if cell.startswith(("{", "["))]


@then(parsers.parse('ekspor JSON jejak audit permohonan "{title}" memuat data lengkap setiap peristiwanya'))
def json_full_data(platform_world: PlatformScenario, title: str) -> None:
    """The JSON export keeps each event's whole data: every field the store keeps."""
    document = json.loads(to_json_document(platform_world.audit_of(title)))
    for entry, event in zip(document, platform_world.history(title), strict=True):
        data = entry["data"]
        assert set(data) == set(event.data), entry["type"]
        assert (data["step"], data["actor"], data["role"]) == (event.step, event.actor, event.role)
        assert (data["assignees"], data["decision"]) == (event.data["assignees"], event.data["decision"])


@then(
    parsers.parse(
        'berkas CSV berisi satu baris untuk setiap peristiwa yang tersimpan di Diskominfo "{tenant}"'
    )
)
def csv_row_per_tenant_event(platform_world: PlatformScenario, exported: dict[str, str], tenant: str) -> None:
    """As many rows as events in the tenant's own store (its SOP, people and requests)."""
    recorder = platform_world.service(tenant).recorder
    stored = recorder.select_notifications(start=None, limit=100_000)
    rows = csv_rows(exported)
    assert [int(row["No"]) for row in rows] == [notification.id for notification in stored]
    kinds = {row["Kode peristiwa"] for row in rows}
    assert kinds >= {"Adopted", "Registered", "RoleGranted", "Submitted", "HandedOver"}


def office_sla(platform_world: PlatformScenario, tenant: str) -> Any:
    """The SLA report as an official reads it: under the tenant's own threshold for macet."""
    desk = platform_world.platform.desk(platform_world.tenant(tenant))
    actor = desk.queries.actor("inspektur", platform_world.clock())
    assert actor is not None
    return desk.queries.sla(actor, platform_world.clock())


@then(parsers.parse('laporan SLA Diskominfo "{tenant}" mencatat {count:d} langkah macet'))
def stalled(platform_world: PlatformScenario, tenant: str, count: int) -> None:
    assert office_sla(platform_world, tenant).headline.stalled == count


@then(parsers.parse('laporan SLA Diskominfo "{tenant}" mencatat {count:d} langkah macet, dihitung terlambat '
                    'pada langkah {number:d}'))  # fmt: skip
def stalled_late(platform_world: PlatformScenario, tenant: str, count: int, number: int) -> None:
    report = office_sla(platform_world, tenant)
    assert report.headline.stalled == count
    row = next(row for row in report.steps if row.step == number)
    assert row.open_late == count and row.on_time_pct == 0.0
