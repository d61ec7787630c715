"""The audit trail at the page, in its CSV and over the API (issue 20): one filter builder, so a
request found by its letter number or a person by part of their name is the same rows at every
door; the page names the person (and NIP), the role (Plt.), the request and on time / late."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from tests.conftest import PLT_SK
from tests.web.conftest import World, complete, submit
from tests.web.pages_helpers import browser

SOP = ("sumbawa-2021", 3)
NIP = "198001012005011001"
KABID = "Kepala Bidang Teknologi Informasi"


def two_requests(world: World) -> tuple[str, str]:
    """Andi Wijaya (Kadis) disposes the first; the Kasi, Plt. Kabid TI, disposes it on."""
    service = world.service()
    service.edit_user("kadis", {"full_name": "Andi Wijaya", "nip": NIP}, sop=SOP, actor="test")
    service.grant_role("kasi-aplikasi", "kabid-ti", sop=SOP, actor="test", valid_until=date(2030, 12, 31),
                       acting=True, **PLT_SK)  # fmt: skip
    first = submit(world, title="Aplikasi Rapor Daring", letter_number="420/88/DISDIK/2026")["id"]
    second = submit(world, title="Aplikasi Perpustakaan", letter_number="420/99/DISDIK/2026")["id"]
    world.clock.advance(hours=1)
    assert complete(world, first, 2, "kadis").status_code == 200
    assert complete(world, first, 3, "kasi-aplikasi").status_code == 200
    return first, second


def api_rows(world: World, query: str) -> list[dict[str, Any]]:
    answer = world.api("GET", f"/audit?{query}", "auditor")
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def test_a_request_found_by_its_letter_number_is_the_same_at_the_page_and_the_api(world: World) -> None:
    first, second = two_requests(world)
    rows = api_rows(world, "request=88/DISDIK")
    assert {row["request_id"] for row in rows} == {first}
    assert {(row["request_title"], row["letter_number"]) for row in rows} == {
        ("Aplikasi Rapor Daring", "420/88/DISDIK/2026")}  # fmt: skip
    disposed = next(row for row in rows if row["step"] == 2)
    named = (disposed["actor_name"], disposed["actor_nip"], disposed["timeliness"])
    assert named == ("Andi Wijaya", NIP, "on_time")
    acting = next(row for row in rows if row["step"] == 3)
    assert (acting["acting"], acting["role_name"]) == (True, KABID)
    assert acting["acting_sk"] == {"number": "800.1.3/123/BKPSDM/2026", "date": "2026-03-01"}  # the API
    page = browser(world, "auditor").get(f"/t/{world.a}/audit?request=88%2FDISDIK").text
    assert "Aplikasi Rapor Daring" in page and "Aplikasi Perpustakaan" not in page
    assert f"/requests/{first}/history" in page and f"/requests/{second}/history" not in page
    assert "Andi Wijaya" in page and f"NIP {NIP}" in page
    assert f"Plt. {KABID} (SK 800.1.3/123/BKPSDM/2026 tanggal 1 Maret 2026)" in page
    assert "420/88/DISDIK/2026" in page and '<mark class="badge on_time">tepat waktu</mark>' in page
    assert {row["request_id"] for row in api_rows(world, "request=perpustakaan")} == {second}


def test_a_person_found_by_part_of_their_name_is_the_same_at_the_page_and_the_api(world: World) -> None:
    two_requests(world)
    assert [(row["type"], row["actor"]) for row in api_rows(world, "actor=wijaya")] == [("Disposed", "kadis")]
    assert [row["step"] for row in api_rows(world, "actor=kasi-aplikasi&type=Disposed")] == [3]
    assert [row["step"] for row in api_rows(world, "role=kepala%20bidang&type=Disposed")] == [3]
    client = browser(world, "auditor")
    page = client.get(f"/t/{world.a}/audit?actor=wijaya").text
    assert page.count('<tr id="audit-') == 1 and "Andi Wijaya" in page
    htmx = {"HX-Request": "true", "HX-Target": "list"}
    fragment = client.get(f"/t/{world.a}/audit?actor=wijaya", headers=htmx).text  # the list alone
    assert fragment.strip().startswith('<section id="list">') and "Andi Wijaya" in fragment


def test_the_page_exports_the_csv_in_its_language_named_by_the_local_date(world: World) -> None:
    first, _ = two_requests(world)
    client = browser(world, "auditor")
    today = world.clock().astimezone(world.service().calendar.zone).date().isoformat()
    indonesian = client.get(f"/t/{world.a}/audit?format=csv&request={first}")
    assert f'filename="audit-{world.a}-{today}.csv"' in indonesian.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(indonesian.text.removeprefix("\ufeff")), delimiter=";"))
    assert indonesian.text.startswith("\ufeff")
    disposed = next(row for row in rows if row["Langkah"] == "2")
    named = (disposed["Nama"], disposed["NIP"], disposed["Ketepatan waktu"])
    assert named == ("Andi Wijaya", NIP, "tepat waktu")
    sk = "800.1.3/123/BKPSDM/2026 tanggal 1 Maret 2026"
    assert next(row for row in rows if row["Langkah"] == "3")["Plt./Plh."] == f"Plt. {KABID} (SK {sk})"
    english = client.get(f"/t/{world.a}/audit?format=csv&request={first}&lang=en")
    assert english.text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(english.text.removeprefix("\ufeff"))))
    assert table[0][:4] == ["No", "Time", "Event", "Event code"] and "Timeliness" in table[0]
    assert any(row[table[0].index("Timeliness")] == "on time" for row in table[1:])
    as_json = client.get(f"/t/{world.a}/audit?format=json&request={first}")
    assert f'filename="audit-{world.a}-{today}.json"' in as_json.headers["content-disposition"]
    assert as_json.json()[0]["data"]["title"] == "Aplikasi Rapor Daring"  # JSON keeps everything
    acting = next(row for row in as_json.json() if row["step"] == 3)
    assert (acting["acting"], acting["acting_title"]) == (True, "Plt.")
    assert acting["acting_sk"] == {"number": "800.1.3/123/BKPSDM/2026", "date": "2026-03-01"}
