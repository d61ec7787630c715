"""`alur calendar show|add-day|remove-day|set-hours|record-year` on SQLite and on real
PostgreSQL: the operator changes a tenant's office calendar through the same commands as the
admin page (a reference and a reason required), recorded as `operator:NAME`."""

from __future__ import annotations

from tests.conftest import CREATE_SUMBAWA, Alur

GROUND = "--reference 'SK Bupati No. 100/2026' --reason 'Hari jadi kabupaten'"


def test_the_operator_records_a_year_adds_and_removes_days_and_sets_hours(alur_cli: Alur) -> None:
    assert alur_cli(CREATE_SUMBAWA)[0] == 0
    code, out = alur_cli("calendar show --tenant sumbawa --year 2027")
    assert code == 0 and "belum dicatat / not recorded yet" in out and "2027-01-01" in out
    code, out = alur_cli("calendar record-year --tenant sumbawa 2027")
    assert (code, out) == (0, "dicatat / recorded: 2027\n")
    assert "none (already recorded)" in alur_cli("calendar record-year --tenant sumbawa 2027")[1]
    code, out = alur_cli(f"calendar add-day --tenant sumbawa --date 2027-03-03 --name 'Hari Jadi' {GROUND}")
    assert code == 0 and "DayOffAdded" in out and "deadlines recomputed: 0" in out
    code, out = alur_cli("calendar remove-day --tenant sumbawa --date 2027-01-01 --reference 'SKB revisi' "
                         "--reason 'masuk kerja'")  # fmt: skip
    assert code == 0 and "DayOffRemoved" in out
    code, out = alur_cli("calendar set-hours --tenant sumbawa --from 2027-02-08 --until 2027-03-09 "
                         "--start 08:00 --end 14:00 --reference 'SE 800/12' --reason Ramadan")  # fmt: skip
    assert code == 0 and "HoursSet" in out
    code, out = alur_cli("calendar show --tenant sumbawa --year 2027")
    assert "tercatat / recorded (holidays " in out
    assert "2027-03-03  libur-daerah    Hari Jadi  [SK Bupati No. 100/2026] Hari jadi kabupaten" in out
    assert "2027-01-01  hari kerja / working day  [SKB revisi] masuk kerja" in out
    assert "2027-02-08..2027-03-09  08:00-14:00  [SE 800/12] Ramadan" in out


def test_a_change_without_its_ground_exits_one_naming_the_field(alur_cli: Alur) -> None:
    assert alur_cli(CREATE_SUMBAWA)[0] == 0
    code, out = alur_cli("calendar add-day --tenant sumbawa --date 2027-03-03 --name X --reference ' ' "
                         "--reason y")  # fmt: skip
    assert code == 1 and out.startswith("galat / error: ") and "SK/SKB" in out
    saturday = "calendar add-day --tenant sumbawa --date 2027-03-06 --name X --reference a --reason y"
    code, out = alur_cli(saturday)
    assert code == 1 and "2027-03-06" in out  # a Saturday
