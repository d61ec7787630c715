"""SOP compliance at both doors, on SQLite and PostgreSQL: six requests of Sumbawa 2021 taken
through the application as its officials would, one along the whole path, one ended for lack
of resources (an ending the SOP gives), one withdrawn, one returned and resubmitted, one
returned and still with the requester, and one late at step 2 whose plan the OPD turned down
once (step 11 "tidak" back to step 9). The API, the page and the CSV count each."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from projections.compliance import ComplianceReport, ComplianceStep, ComplianceVariant
from projections.compliance_export import to_csv
from tests.web.conftest import World, complete, submit
from tests.web.pages_helpers import browser
from tests.web.test_return_resubmit import resubmitted, returned

WALK = [(2, "kadis", {}), (3, "kabid-ti", {}), (4, "kasi-aplikasi", {"assignee": "tim-pengembang"}),
        (5, "kasi-aplikasi", {}), (6, "kabid-ti", {"decision": "ya"}), (8, "kasi-aplikasi", {}),
        (9, "tim-pengembang", {}), (10, "tim-pengembang", {}), (11, "opd-disdik", {"decision": "ya"}),
        (12, "tim-pengembang", {}), (13, "tim-pengembang", {}), (14, "opd-disdik", {"decision": "ya"}),
        (15, "tim-pengembang", {}), (16, "kabid-ti", {}), (17, "tim-pengembang", {})]  # fmt: skip
TURNED_DOWN = [
    (9, "tim-pengembang", {}),
    (10, "tim-pengembang", {}),
    (11, "opd-disdik", {"decision": "tidak"}),
]


def take(world: World, request_id: str, walk: list[tuple[int, str, dict[str, Any]]]) -> None:
    for number, user, body in walk:
        answer = complete(world, request_id, number, user, **body)
        assert answer.status_code == 200, (number, answer.text)


def six_requests(world: World) -> dict[str, str]:
    made = {}
    made["along"] = submit(world, title="Aplikasi Sekolah")["id"]
    take(world, made["along"], WALK)
    made["no_resources"] = submit(world, title="Aplikasi Gaji", letter_number="420/2/2026")["id"]
    take(
        world,
        made["no_resources"],
        [
            *WALK[:4],
            (6, "kabid-ti", {"decision": "tidak", "note": "Anggaran tidak tersedia"}),
            (7, "kabid-ti", {}),
        ],
    )
    made["withdrawn"] = submit(world, title="Aplikasi Arsip", letter_number="420/3/2026")["id"]
    answer = world.api(
        "POST", f"/requests/{made['withdrawn']}/withdraw", "opd-disdik", json={"note": "Digabung"}
    )
    assert answer.status_code == 200, answer.text
    made["resubmitted"] = submit(world, title="Aplikasi Perpustakaan", letter_number="420/4/2026")["id"]
    assert returned(world, made["resubmitted"]).status_code == 200
    assert resubmitted(world, made["resubmitted"], note="Sudah ditandatangani").status_code == 200
    take(world, made["resubmitted"], WALK[:1])
    made["paused"] = submit(world, title="Aplikasi Kepegawaian", letter_number="420/5/2026")["id"]
    assert returned(world, made["paused"]).status_code == 200
    made["late"] = submit(world, title="Aplikasi Kesehatan", letter_number="420/6/2026")["id"]
    world.clock.advance(days=9)  # step 2 was due on 25 March (18-24 March are days off)
    world.tokens.clear()  # a token lasts a working day
    take(world, made["late"], [*WALK[:6], *TURNED_DOWN, *WALK[6:]])
    return made


def test_the_compliance_report_counts_the_path_each_deviation_and_each_step_at_both_doors(world: World):
    made = six_requests(world)
    answer = world.api("GET", "/compliance", "kadis")
    assert answer.status_code == 200, answer.text
    (sumbawa,) = answer.json()["variants"]
    assert (sumbawa["variant_id"], sumbawa["variant_version"]) == ("sumbawa-2021", 3)
    summary = {key: sumbawa[key] for key in ("total", "finished", "running", "followed", "deviated")}
    assert summary == {"total": 6, "finished": 4, "running": 2, "followed": 2, "deviated": 4}
    kinds = {d["kind"]: (d["deviation"], d["requests"], d["occurrences"]) for d in sumbawa["deviations"]}
    assert kinds == {"withdrawn": (True, 1, 1), "loop": (True, 1, 1), "returned": (True, 2, 2),
                     "late": (True, 1, 1), "paused": (True, 1, 1), "declined": (False, 0, 0),
                     "rejected_for_resources": (False, 1, 1)}  # fmt: skip
    named: dict[str, set[str]] = {
        d["kind"]: {item["request_id"] for item in d["items"]} for d in sumbawa["deviations"]
    }
    assert named["loop"] == named["late"] == {made["late"]}
    assert named["returned"] == {made["resubmitted"], made["paused"]} and named["paused"] == {made["paused"]}
    assert named["withdrawn"] == {made["withdrawn"]}
    assert named["rejected_for_resources"] == {made["no_resources"]}
    steps = {s["step"]: (s["passed"], s["late"], s["loops"], s["returned"]) for s in sumbawa["steps"]}
    assert len(steps) == 17
    assert steps[1] == (6, 0, 0, 0)
    assert steps[2] == (4, 1, 0, 2)  # along, no resources, resubmitted, late; the paused one waits
    assert steps[7] == (1, 0, 0, 0)
    assert steps[9] == (2, 0, 1, 0) and steps[10] == steps[11] == (2, 0, 0, 0)  # the loop went back to 9
    assert steps[17] == (2, 0, 0, 0)

    page = browser(world, "kadis").get(f"/t/{world.a}/kepatuhan")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Kepatuhan SOP</h1>" in html and f'href="/t/{world.a}/kepatuhan"' in html
    assert re.search(r'data-figure="followed">2 <small>dari 4</small>', html)
    assert html.count('<svg role="img" class="sla-chart') == 6  # two charts, three widths each
    linked = (
        r'<tr data-kind="withdrawn"[^>]*>.*?data-count="1"><a href="/t/[^"]+/requests\?status=withdrawn">1'
    )
    assert re.search(linked, html, re.S)
    assert re.search(r'<tr data-step="9"[^>]*>.*?data-loops="1"', html, re.S)
    assert re.search(r'<tr data-step="2"[^>]*>.*?data-late="1".*?data-returned="2"', html, re.S)
    assert "Aplikasi Kesehatan" in html and 'data-label="Terlambat"' in html
    download = browser(world, "kadis").get(f"/t/{world.a}/kepatuhan?format=json")
    assert download.json() == answer.json()  # the page's JSON is the API's
    assert download.headers["content-disposition"].endswith('-2026-03-26.json"')
    english = browser(world, "auditor").get(f"/t/{world.a}/kepatuhan?lang=en").text
    assert "<h1>SOP compliance</h1>" in english and "returned for completeness" in english


def test_the_csv_opens_in_a_spreadsheet_in_either_language(world: World):
    request_id = submit(world)["id"]
    assert returned(world, request_id).status_code == 200
    client = browser(world, "auditor")
    answer = client.get(f"/t/{world.a}/kepatuhan?format=csv")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    name = f"kepatuhan-{world.a}-2026-03-17.csv"  # the tenant's local date
    assert answer.headers["content-disposition"] == f'attachment; filename="{name}"'
    text = answer.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:5] == ["SOP", "Versi", "Bagian", "Jenis", "Penyimpangan"]
    by_kind = {(row[2], row[3]): row for row in rows[1:] if row[3]}
    assert by_kind[("ringkasan", "jumlah permohonan")][7] == "1"
    assert by_kind[("penyimpangan dan akhir", "dihentikan sementara")][4:9] == ["ya", "", "", "1", "1"]
    assert by_kind[("penyimpangan dan akhir", "ditolak")][4] == "tidak"
    step_two = next(row for row in rows if row[2] == "langkah" and row[5] == "2")
    assert (step_two[6].startswith("Kepala Dinas"), step_two[11]) == (True, "1")
    assert len(rows) == 1 + 5 + 7 + 17
    english = client.get(f"/t/{world.a}/kepatuhan?format=csv&lang=en").content.decode("utf-8")
    header = next(csv.reader(io.StringIO(english.removeprefix("\ufeff")), delimiter=","))
    assert header[:4] == ["SOP", "Version", "Section", "Kind"]


def test_opd_users_and_officials_who_lead_nothing_get_no_compliance(world: World):
    submit(world)
    for username in ("opd-disdik", "kasi-aplikasi"):
        assert world.api("GET", "/compliance", username).status_code == 403
        client = browser(world, username)
        assert client.get(f"/t/{world.a}/kepatuhan").status_code == 403
        assert client.get(f"/t/{world.a}/kepatuhan?format=csv").status_code == 403
        assert "/kepatuhan" not in client.get(f"/t/{world.a}/inbox").text
    for username in ("kadis", "kabid-ti", "auditor", "admin"):
        assert world.api("GET", "/compliance", username).status_code == 200, username
    # Another tenant's leader sees only that tenant's requests.
    assert world.api("GET", "/compliance", "boss", world.b).json() == {"variants": []}


def test_a_cell_that_would_be_a_formula_is_written_as_text() -> None:
    step = ComplianceStep(1, '=HYPERLINK("http://x")', "opd", "OPD", 1, 0, 0, 0)
    variant = ComplianceVariant("mine", 1, "Milik", 1, 1, 0, 0, 0, [], [step])
    rows = list(csv.reader(io.StringIO(to_csv(ComplianceReport([variant]), lang="id")[1:]), delimiter=";"))
    assert rows[-1][6] == '\'=HYPERLINK("http://x")'
