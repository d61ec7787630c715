"""The office overview and the searched, sorted, paged lists through both doors (the pages
without JavaScript, their htmx fragment, and the JSON API), on SQLite and PostgreSQL.

Requests are filed on Tuesday 17 March 2026 (WITA); 18-24 March are Nyepi, Lebaran, cuti
bersama and a weekend, so the Kadis' "1 Hari Kerja" is due on the 25th, and on Friday the
27th it has waited three working days and is two late.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.web.conftest import World, complete, submit
from tests.web.pages_helpers import browser, csrf_of

FRIDAY = datetime(2026, 3, 27, 10, 0, tzinfo=ZoneInfo("Asia/Makassar"))


def act(world: World, request_id: str, number: int, user: str, **body: Any) -> dict[str, Any]:
    answer = complete(world, request_id, number, user, **body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def office(world: World) -> dict[str, str]:
    """Three requests filed on the 17th: two waiting on the Kadis; one the Kadis, the Kabid and
    the Kasi moved on on Thursday the 26th at 14:00, so the Kasi's analysis (1 Hari Kerja) is
    due on Friday at 14:00. Then it is Friday, 10:00."""
    found = {"ppdb": submit(world, title="Aplikasi PPDB", letter_number="420/15/DISDIK/2026")["id"]}
    world.clock.advance(minutes=1)
    found["puskesmas"] = submit(world, "opd-dinkes", title="Antrean Puskesmas",
                                letter_number="440/7/DINKES/2026", opd="DINKES")["id"]  # fmt: skip
    world.clock.advance(minutes=1)
    found["rapor"] = submit(world, title="Rapor Digital", letter_number="420/16/DISDIK/2026")["id"]
    world.clock.set(datetime(2026, 3, 26, 14, 0, tzinfo=ZoneInfo("Asia/Makassar")))
    world.tokens.clear()  # signed in again: sessions last hours, not days
    act(world, found["rapor"], 2, "kadis")
    act(world, found["rapor"], 3, "kabid-ti")
    act(world, found["rapor"], 4, "kasi-aplikasi", assignee="tim-pengembang")
    world.clock.set(FRIDAY)
    world.tokens.clear()
    return found


def rows(html: str) -> list[str]:
    """The titles of a list page's rows, in order."""
    return re.findall(r'<td class="c-main"[^>]*><a href="[^"]+">([^<]+)</a>', html)


def test_the_kadis_sees_every_open_request_with_its_holder_waiting_time_and_lateness(world: World):
    office(world)
    page = browser(world, "kadis").get(f"/t/{world.a}/overview")
    assert page.status_code == 200
    assert rows(page.text) == ["Aplikasi PPDB", "Antrean Puskesmas", "Rapor Digital"]  # overdue first
    assert page.text.count("terlambat 2 hari kerja") == 2
    assert "3 hari kerja" in page.text  # waited since the 17th: Tuesday, Wednesday 25th, Thursday
    assert "sisa &lt; 1 hari kerja" in page.text
    assert "Kepala Seksi Aplikasi dan E-Government" in page.text and "Kasi-Aplikasi" in page.text
    assert 'href="/t/' + world.a + '/overview"' in page.text  # the navigation leads there
    counts = re.search(r'class="headline">(.*?)</p>', page.text, re.S)
    assert counts is not None and re.sub(r"<[^>]+>|\s+", " ", counts.group(1)).split() == [
        "3", "permohonan", "terbuka", "2", "terlambat", "0", "macet"
    ]  # fmt: skip


def test_a_kasi_neither_sees_the_overview_nor_a_link_to_it(world: World):
    office(world)
    client = browser(world, "kasi-aplikasi")
    assert client.get(f"/t/{world.a}/overview").status_code == 403
    assert "/overview" not in client.get(f"/t/{world.a}/inbox").text
    assert world.api("GET", "/overview", "kasi-aplikasi").status_code == 403


def test_the_overview_filters_sorts_and_pages_with_plain_links(world: World):
    office(world)
    client = browser(world, "kabid-ti")
    page = client.get(f"/t/{world.a}/overview?sort=-title&limit=1&page=2")
    assert rows(page.text) == ["Aplikasi PPDB"]
    assert "halaman 2 dari 3" in page.text
    assert "?sort=-title&amp;limit=1&amp;page=3" in page.text  # the next page keeps the sort
    assert "?limit=1&amp;sort=title" in page.text  # the header sorts the other way, from page 1
    assert rows(client.get(f"/t/{world.a}/overview?opd=DINKES").text) == ["Antrean Puskesmas"]
    assert rows(client.get(f"/t/{world.a}/overview?role=kasi-aplikasi").text) == ["Rapor Digital"]
    assert rows(client.get(f"/t/{world.a}/overview?overdue=true&q=ppdb").text) == ["Aplikasi PPDB"]
    assert rows(client.get(f"/t/{world.a}/overview?sort=since").text)[0] == "Aplikasi PPDB"


def test_htmx_gets_the_list_alone_and_a_plain_request_the_whole_page(world: World):
    office(world)
    client = browser(world, "kadis")
    for path in ("/overview", "/inbox", "/requests"):
        whole = client.get(f"/t/{world.a}{path}?sort=-title")
        assert whole.status_code == 200 and "<html" in whole.text
    htmx = {"HX-Request": "true", "HX-Target": "list"}
    fragment = client.get(f"/t/{world.a}/overview?q=rapor", headers=htmx)
    assert fragment.text.lstrip().startswith('<section id="list">') and "<html" not in fragment.text
    assert rows(fragment.text) == ["Rapor Digital"]
    admin = browser(world, "admin")
    users = admin.get(f"/t/{world.a}/admin/users?q=dinkes", headers=htmx)
    assert users.text.lstrip().startswith('<section id="list">') and "opd-dinkes" in users.text
    assert "opd-disdik" not in users.text


def test_the_kadis_inbox_tells_what_is_overdue_in_the_office_when_nothing_waits_on_him(world: World):
    found = office(world)
    client = browser(world, "kadis")
    act(world, found["ppdb"], 2, "kadis")
    act(world, found["puskesmas"], 2, "kadis")
    world.clock.set(datetime(2026, 3, 31, 10, 0, tzinfo=ZoneInfo("Asia/Makassar")))
    world.tokens.clear()
    client = browser(world, "kadis")
    page = client.get(f"/t/{world.a}/inbox").text
    assert "Tidak ada langkah yang menunggu Anda" in page
    summary = re.search(r'<aside class="office".*?</aside>', page, re.S)
    assert summary is not None, "no word of the office's overdue work"
    assert "Rapor Digital" in summary.group(0) and "terlambat" in summary.group(0)
    assert f'href="/t/{world.a}/overview?overdue=true"' in summary.group(0)


def test_the_inbox_shows_the_waiting_time_and_no_dash_for_a_step_without_a_time_standard(world: World):
    found = office(world)
    act(world, found["ppdb"], 2, "kadis")
    page = browser(world, "kabid-ti").get(f"/t/{world.a}/inbox").text
    assert rows(page) == ["Aplikasi PPDB"]
    assert "tanpa standar waktu" in page and "&lt; 1 hari kerja" in page
    kadis = browser(world, "kadis").get(f"/t/{world.a}/inbox?sort=-title").text
    assert rows(kadis) == ["Antrean Puskesmas"]
    assert "terlambat 2 hari kerja" in kadis and "3 hari kerja" in kadis


def test_the_request_list_searches_sorts_and_shows_its_total(world: World):
    office(world)
    client = browser(world, "kadis")
    page = client.get(f"/t/{world.a}/requests?q=disdik&sort=title").text
    assert rows(page) == ["Aplikasi PPDB", "Rapor Digital"]
    assert "2 permohonan" in page and 'value="disdik"' in page
    assert rows(client.get(f"/t/{world.a}/requests?q=440%2F7").text) == ["Antrean Puskesmas"]


def test_a_sort_outside_the_list_is_refused_the_same_way_at_both_doors(world: World):
    office(world)
    page = browser(world, "kadis").get(f"/t/{world.a}/requests?sort=password_hash")
    assert page.status_code == 422 and "sort: harus salah satu dari" in page.text
    for path in ("/requests", "/inbox", "/overview", "/audit"):
        answer = world.api("GET", f"{path}?sort=password_hash", "admin")
        assert answer.status_code == 422, path
        assert answer.json()["error"]["field"] == "sort"
    answer = world.api("GET", "/requests?q=" + "x" * 101, "kadis")
    assert (answer.status_code, answer.json()["error"]["field"]) == (422, "q")


def test_the_api_gives_the_overview_with_its_counts_and_the_same_order_as_the_page(world: World):
    found = office(world)
    body = world.api("GET", "/overview?limit=2", "kadis").json()
    assert (body["total"], body["pages"], body["open"], body["overdue"]) == (3, 2, 3, 2)
    first = body["items"][0]
    assert first["request_id"] == found["ppdb"] and first["overdue"] is True
    assert (first["waiting_working_days"], first["remaining_working_days"]) == (3.0, -2.0)
    assert first["role"]["id"] == "kadis" and first["holders"][0]["username"] == "kadis"
    assert first["due_at"] == "2026-03-25T10:00:00+08:00"
    assert [(t["key"], t["open"], t["overdue"]) for t in body["by_role"]] == [
        ("kadis", 2, 2), ("kasi-aplikasi", 1, 0)
    ]  # fmt: skip
    assert [(t["key"], t["open"]) for t in body["by_opd"]] == [("DISDIK", 2), ("DINKES", 1)]
    page = browser(world, "kadis").get(f"/t/{world.a}/overview").text
    titles = [item["title"] for item in world.api("GET", "/overview", "kadis").json()["items"]]
    assert rows(page) == titles


def test_the_api_lists_take_the_same_search_and_sort_as_the_pages(world: World):
    found = office(world)
    listed = world.api("GET", "/requests?q=DINKES", "kadis").json()
    assert [item["id"] for item in listed["items"]] == [found["puskesmas"]] and listed["total"] == 1
    by_title = world.api("GET", "/requests?sort=-title", "kadis").json()["items"]
    assert [item["title"] for item in by_title] == ["Rapor Digital", "Aplikasi PPDB", "Antrean Puskesmas"]
    inbox = world.api("GET", "/inbox?q=420%2F15", "kadis").json()
    assert [item["request_id"] for item in inbox["items"]] == [found["ppdb"]]
    assert inbox["items"][0]["waiting_days"] == 3.0 and inbox["items"][0]["time_standard"] == "1 Hari Kerja"
    audit = world.api("GET", "/audit?q=antrean&sort=-position", "auditor").json()
    assert [e["type"] for e in audit["items"]] == ["Submitted"]
    users = world.api("GET", "/users?q=dinas%20pendidikan", "admin").json()
    assert [u["username"] for u in users["items"]] == ["opd-disdik"]
    assert world.api("GET", "/users", "kadis").status_code == 403


def test_the_openapi_document_names_the_lists_new_parameters(world: World):
    document = world.client.get(f"/t/{world.a}/api/v1/openapi.json").json()
    for path in ("/requests", "/inbox", "/audit", "/overview", "/users"):
        names = {p["name"] for p in document["paths"][path]["get"]["parameters"]}
        assert {"q", "sort", "limit", "page"} <= names, path
    overview = {p["name"] for p in document["paths"]["/overview"]["get"]["parameters"]}
    assert {"role", "opd", "overdue"} <= overview


def test_the_request_page_says_under_its_title_where_it_waits_and_how_late(world: World):
    found = office(world)
    client = browser(world, "kadis")
    page = client.get(f"/t/{world.a}/requests/{found['ppdb']}").text
    waiting = re.search(r'<p id="waiting"[^>]*>(.*?)</p>', page, re.S)
    assert waiting is not None and page.index('id="waiting"') < page.index('id="panel"')
    said = re.sub(r"<[^>]+>|\s+", " ", waiting.group(1))
    assert "Langkah 2" in said and "Rabu, 25 Maret 2026 10.00 WITA" in said
    assert "terlambat 2 hari kerja" in said
    form = {"note": "disposisi", "csrf": csrf_of(page)}
    url = f"/t/{world.a}/requests/{found['ppdb']}/steps/2"
    answer = client.post(url, data=form, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    swapped = re.search(r'<p id="waiting"[^>]*hx-swap-oob="true"[^>]*>(.*?)</p>', answer.text, re.S)
    assert swapped is not None and "tanpa standar waktu" in swapped.group(1)  # the Kabid's step 3
