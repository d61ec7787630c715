"""A request's discussion through both doors, on SQLite and PostgreSQL: the JSON API's
`/requests/{id}/comments` and the "Diskusi" section of the request page (htmx and a plain form),
the same refusals at each: a requester of another OPD does not find the request, an auditor reads
but does not write, an unknown mention is named."""

from __future__ import annotations

import html

from tests.web.conftest import World, submit
from tests.web.pages_helpers import browser, csrf_of, post


def comments_path(world: World, request_id: str) -> str:
    return f"/t/{world.a}/requests/{request_id}/comments"


def test_a_comment_over_the_api_mentions_and_tells_and_reads_back(world: World) -> None:
    request = submit(world)
    answer = world.api(
        "POST",
        f"/requests/{request['id']}/comments",
        "kadis",
        json={"text": "  Mohon @kasi-aplikasi telaah.  ", "mentions": ["kabid-ti"]},
    )
    assert answer.status_code == 201, answer.text
    comment = answer.json()
    assert comment["number"] == 1 and comment["text"] == "Mohon @kasi-aplikasi telaah."
    assert comment["mentions"] == ["kabid-ti", "kasi-aplikasi"] and comment["role"] == "kadis"
    assert comment["actor_name"] == "Kadis" and comment["retracted"] is False
    thread = world.api("GET", f"/requests/{request['id']}/comments", "opd-disdik").json()
    assert thread["may_comment"] is True and [c["number"] for c in thread["items"]] == [1]
    assert "opd-dinkes" not in {p["username"] for p in thread["people"]}
    told = world.api("GET", "/notifications", "kasi-aplikasi").json()["items"]
    assert [(n["kind"], n["sentence"]) for n in told if n["kind"] == "mentioned"] == [
        ("mentioned", "Kadis menyebut Anda dalam diskusi permohonan \u201cAplikasi Sekolah\u201d.")
    ]
    link = next(n["link"] for n in told if n["kind"] == "mentioned")
    assert link == f"/t/{world.a}/requests/{request['id']}#comment-1"
    requester = world.api("GET", "/notifications?lang=en", "opd-disdik").json()["items"]
    assert "Kadis commented on your request \u201cAplikasi Sekolah\u201d." in [
        n["sentence"] for n in requester
    ]
    events = world.api("GET", f"/requests/{request['id']}/events", "auditor").json()
    assert [e["type"] for e in events][-2:] == ["Opened", "Commented"]
    dossier = world.api("GET", f"/requests/{request['id']}/dossier", "auditor")  # its audit excerpt too
    assert dossier.status_code == 200 and dossier.content.startswith(b"%PDF")


def test_the_same_refusals_at_both_doors(world: World) -> None:
    request = submit(world)
    path = f"/requests/{request['id']}/comments"
    other = world.api("POST", path, "opd-dinkes", json={"text": "Dari OPD lain"})
    assert other.status_code == 404
    assert world.api("GET", path, "opd-dinkes").status_code == 404
    auditor = world.api("POST", path, "auditor", json={"text": "Saya auditor"})
    assert auditor.status_code == 403
    assert world.api("GET", path, "auditor").json()["may_comment"] is False
    unknown = world.api("POST", path, "kadis", json={"text": "Mohon @siapa-saja melihat"})
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "mentions"
    assert "@siapa-saja" in unknown.json()["error"]["message"]
    blank = world.api("POST", path, "kadis", json={"text": "   "})
    assert blank.status_code == 422 and blank.json()["error"]["field"] == "text"

    page_path = f"/t/{world.a}/requests/{request['id']}"
    dinkes = browser(world, "opd-dinkes")
    assert dinkes.get(page_path).status_code == 404
    auditor_page = browser(world, "auditor").get(page_path)
    assert 'id="comments"' in auditor_page.text and 'id="comment-form"' not in auditor_page.text
    refused = post(
        browser(world, "auditor"),
        comments_path(world, request["id"]),
        {"text": "Saya auditor"},
        from_page=page_path,
    )
    assert refused.status_code == 403
    assert 'id="comment-error"' in refused.text and "auditor hanya membaca" in refused.text
    kadis = browser(world, "kadis")
    wrong = post(
        kadis, comments_path(world, request["id"]), {"text": "Mohon @siapa-saja melihat"}, from_page=page_path
    )
    assert wrong.status_code == 422
    assert 'id="comment-mentions-error"' in wrong.text and "@siapa-saja" in html.unescape(wrong.text)
    assert "Mohon @siapa-saja melihat</textarea>" in html.unescape(wrong.text)  # the text typed is kept
    assert world.api("GET", path, "kadis").json()["items"] == []


def test_the_page_posts_a_comment_with_htmx_and_without_and_retracts_it(world: World) -> None:
    request = submit(world)
    page_path = f"/t/{world.a}/requests/{request['id']}"
    kadis = browser(world, "kadis")
    shown = kadis.get(page_path)
    assert "Diskusi" in shown.text and "Belum ada komentar." in shown.text
    assert 'value="kasi-aplikasi"' in shown.text  # the people one may mention, by full name
    plain = kadis.post(
        comments_path(world, request["id"]),
        follow_redirects=False,
        data={"csrf": csrf_of(shown.text), "text": "Mohon ditelaah.", "mentions": "kasi-aplikasi"},
    )
    assert plain.status_code == 303 and plain.headers["location"].endswith("#comment-1")
    swapped = kadis.post(
        comments_path(world, request["id"]),
        headers={"HX-Request": "true"},
        data={"csrf": csrf_of(shown.text), "text": "Baris satu\r\nbaris dua"},
    )
    assert swapped.status_code == 200
    assert swapped.text.lstrip().startswith('<section id="comments"')  # the thread alone
    assert "Komentar terkirim" in swapped.text and "Baris satu\nbaris dua" in swapped.text
    assert 'id="comment-2"' in swapped.text
    told = world.api("GET", "/notifications", "kasi-aplikasi").json()["items"]
    assert [n["kind"] for n in told].count("mentioned") == 1

    retracted = kadis.post(
        f"{comments_path(world, request['id'])}/2/retract",
        headers={"HX-Request": "true"},
        data={"csrf": csrf_of(shown.text)},
    )
    assert retracted.status_code == 200 and "Komentar ini ditarik oleh penulisnya" in retracted.text
    by_other = world.api("POST", f"/requests/{request['id']}/comments/1/retract", "kasi-aplikasi")
    assert by_other.status_code == 403
    by_author = world.api("POST", f"/requests/{request['id']}/comments/1/retract", "kadis")
    assert by_author.status_code == 200 and by_author.json()["retracted"] is True
    again = world.api("POST", f"/requests/{request['id']}/comments/1/retract", "kadis")
    assert again.status_code == 422 and again.json()["error"]["field"] == "number"
    history = kadis.get(f"{page_path}/history?lang=en")
    assert "commented (#1)" in history.text and "retracted their comment #2" in html.unescape(history.text)
