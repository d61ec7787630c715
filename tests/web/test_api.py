"""The JSON API answers exactly as the contract says, on SQLite and PostgreSQL."""

from __future__ import annotations

from tenants.catalogue import builtin_variant
from tests.web.conftest import PASSWORD, World, complete, submit
from tests.web.pages_helpers import browser

REPORT = "Laporan ketidakterediaan infrastruktur dan/atau SDM dan/atau anggaran"


def test_sign_in_gives_a_token_and_the_users_roles(world: World):
    answer = world.client.post(
        f"/t/{world.a}/api/v1/session", json={"username": "kadis", "password": PASSWORD}
    )
    assert answer.status_code == 200
    assert set(answer.json()) == {"token", "user"}
    assert answer.json()["user"] == {"username": "kadis", "roles": ["kadis"]}


def test_a_wrong_password_and_an_unknown_user_get_the_same_401(world: World):
    url = f"/t/{world.a}/api/v1/session"
    wrong = world.client.post(url, json={"username": "kadis", "password": "salah-sekali"})
    nobody = world.client.post(url, json={"username": "tidak-ada", "password": "salah-sekali"})
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json() == nobody.json()


def test_repeated_failures_slow_down_sign_in(world: World):
    url = f"/t/{world.a}/api/v1/session"
    codes = [world.client.post(url, json={"username": "kadis", "password": "salah-sekali"}).status_code
             for _ in range(5)]  # fmt: skip
    assert codes[:3] == [401, 401, 401]
    assert 429 in codes[3:]
    refused = world.client.post(url, json={"username": "kadis", "password": PASSWORD})
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1


def test_a_revoked_token_no_longer_works(world: World):
    assert world.api("GET", "/sop", "kadis").status_code == 200
    assert world.api("DELETE", "/session", "kadis").status_code == 204
    answer = world.api("GET", "/sop", "kadis")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthenticated"


def test_a_token_expires(world: World):
    world.token("kadis")
    world.clock.advance(hours=7, minutes=59)
    assert world.api("GET", "/sop", "kadis").status_code == 200  # still good just before its 8 hours
    world.clock.advance(minutes=2)
    assert world.api("GET", "/sop", "kadis").status_code == 401


def test_no_token_is_401(world: World):
    answer = world.client.get(f"/t/{world.a}/api/v1/sop")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthenticated"


def test_sop_is_the_tenants_current_variant(world: World):
    sop = world.api("GET", "/sop", "kadis").json()
    assert (sop["id"], sop["version"]) == ("sumbawa-2021", builtin_variant("sumbawa-2021").variant.version)
    assert {"id": "kadis", "name": sop["roles"][1]["name"]} in sop["roles"]
    step = sop["steps"][1]
    assert set(step) == {"number", "description", "role", "inputs", "outputs", "time_standard", "decision",
                         "assigns", "sets_deadline", "appointee_of",
                         "answer_outputs", "input_sources", "made"}  # fmt: skip
    assert step["input_sources"] == [{"name": "Surat Permohonan Pembuatan Aplikasi", "source": "letter",
                                      "from_output": None}]  # fmt: skip
    assert step["made"] == [{"name": "Disposisi Dinas", "kind": "lembar-disposisi"}]
    assert [s["number"] for s in sop["steps"] if s["appointee_of"] == 4] == [9, 10, 12, 13, 15, 17]
    assert (step["number"], step["role"], step["time_standard"]) == (2, "kadis", "1 Hari Kerja")
    six = sop["steps"][5]  # the report exists only when resources are lacking
    assert (six["outputs"], six["answer_outputs"]) == ([], {"ya": [], "tidak": [REPORT]})


def test_submitting_returns_the_request_view(world: World):
    view = submit(world)
    assert set(view) == {"id", "status", "sop", "title", "opd", "version", "active_step", "appointee",
                         "appointees", "checklist", "steps_taken", "targets", "returned",
                         "pauses"}  # fmt: skip
    assert view["appointee"] is None and view["appointees"] == []
    assert view["status"] == "in_progress"
    assert view["opd"] == "DISDIK"
    assert view["sop"] == {"id": "sumbawa-2021", "version": builtin_variant("sumbawa-2021").variant.version}
    assert set(view["active_step"]) == {"number", "description", "role", "started_at", "due_at", "due_date",
                                        "overdue", "decision", "awaiting_requester"}  # fmt: skip
    assert view["active_step"]["due_date"] is None  # a working day from a moment: an exact due time
    assert view["active_step"]["number"] == 2
    assert view["steps_taken"][0] == {
        "number": 1,
        "event": "Submitted",
        "actor": "opd-disdik",
        "role": "opd",
        "decision": None,
        "at": view["steps_taken"][0]["at"],
        "late": False,
        "on_behalf_of": None,
        "documents": [view["steps_taken"][0]["documents"][0]],  # the letter, a PDF
        "recorded": view["steps_taken"][0]["recorded"],
    }
    assert [(doc["name"], doc["how"]) for doc in view["steps_taken"][0]["recorded"]] == [
        ("Surat Permohonan", "uploaded"), ("Disposisi Dinas", "made")]  # fmt: skip


def test_an_opd_user_cannot_submit_for_another_opd(world: World):
    answer = world.api("POST", "/requests", "opd-disdik", json={
        "title": "X", "letter_number": "1", "letter_date": "2026-03-16", "opd": "DINKES"})  # fmt: skip
    assert answer.status_code == 422
    assert answer.json()["error"]["field"] == "opd"


def test_acting_on_the_active_step_moves_the_request_on(world: World):
    view = submit(world)
    answer = world.api("POST", f"/requests/{view['id']}/steps/2", "kadis", json={"note": "lanjut"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["active_step"]["number"] == 3
    assert answer.json()["version"] == view["version"] + 1


def test_action_errors_have_the_contracted_statuses(world: World):
    view = submit(world)
    rid = view["id"]
    cases = [
        ("kadis", 3, {}, 409, "not_active_step"),
        ("kabid-ti", 2, {}, 403, "role_not_held"),
        ("kadis", 2, {"expected_version": 99}, 409, "stale_version"),
        ("kadis", 2, {"decision": "ya"}, 422, "invalid_input"),
        ("kadis", 2, {"note": 5}, 422, "invalid_input"),
        ("kadis", 2, {"expected_version": "x"}, 422, "invalid_input"),
    ]
    for user, step, body, status, code in cases:
        answer = complete(world, rid, step, user, **body)
        assert (answer.status_code, answer.json()["error"]["code"]) == (status, code), (user, step, body)
    assert (
        world.api("POST", f"/requests/{rid}/steps/2", "kadis", json={"note": 5}).json()["error"]["field"]
        == "note"
    )


def test_unknown_and_malformed_ids_are_404(world: World):
    for rid in ("00000000-0000-0000-0000-000000000000", "not-a-uuid", "%00"):
        assert world.api("GET", f"/requests/{rid}", "kadis").status_code == 404


def test_malformed_bodies_are_422_never_500(world: World):
    view = submit(world)
    for raw in (b"{", b"[1,2]", b"null", b'"x"', b"\xff\xfe", b'{"title": {"a": 1}, "note": [1]}'):
        for path in ("/requests", f"/requests/{view['id']}/steps/2"):
            answer = world.api(
                "POST", path, "kadis", content=raw, headers={"Content-Type": "application/json"}
            )
            assert answer.status_code in (403, 422), (raw, path, answer.text)
            assert "error" in answer.json()


def test_bad_query_values_are_422(world: World):
    assert world.api("GET", "/requests?status=nope", "kadis").status_code == 422
    assert world.api("GET", "/requests?overdue=maybe", "kadis").status_code == 422
    assert world.api("GET", "/audit?since=yesterday", "auditor").status_code == 422
    assert world.api("GET", "/audit?request=" + "z" * 101, "auditor").status_code == 422  # words, not a novel
    assert world.api("GET", "/audit?actor=" + "z" * 101, "auditor").status_code == 422
    nothing = world.api("GET", "/audit?request=zzz", "auditor")  # not an id: words of a title or letter
    assert nothing.status_code == 200 and nothing.json()["items"] == []


def test_an_opd_user_sees_only_its_own_opds_requests(world: World):
    mine = submit(world, "opd-disdik")
    theirs = submit(world, "opd-dinkes")
    listed = [view["id"] for view in world.api("GET", "/requests", "opd-disdik").json()["items"]]
    assert listed == [mine["id"]]
    assert world.api("GET", f"/requests/{theirs['id']}", "opd-disdik").status_code == 404
    assert world.api("GET", f"/requests/{theirs['id']}/events", "opd-disdik").status_code == 404
    assert world.api("POST", f"/requests/{theirs['id']}/withdraw", "opd-disdik").status_code == 404
    listed_all = world.api("GET", "/requests", "kadis").json()["items"]
    assert {v["id"] for v in listed_all} == {mine["id"], theirs["id"]}


def test_list_filters_by_status_and_overdue(world: World):
    first = submit(world)
    world.api("POST", f"/requests/{first['id']}/withdraw", "opd-disdik", json={"note": "Digabung"})
    second = submit(world)
    ids = lambda q: [v["id"] for v in world.api("GET", f"/requests{q}", "kadis").json()["items"]]  # noqa: E731
    assert ids("?status=withdrawn") == [first["id"]]
    assert ids("?status=in_progress") == [second["id"]]
    assert ids("?overdue=true") == []
    world.clock.advance(days=10)
    assert world.api("GET", "/requests", "kadis").status_code == 401  # the old token expired meanwhile
    world.tokens.clear()
    assert ids("?overdue=true") == [second["id"]]


def test_withdraw_is_for_the_requesting_opd_only(world: World):
    view = submit(world)
    assert world.api("POST", f"/requests/{view['id']}/withdraw", "kadis").status_code == 403
    answer = world.api("POST", f"/requests/{view['id']}/withdraw", "opd-disdik", json={"note": "batal"})
    assert answer.status_code == 200
    assert answer.json()["status"] == "withdrawn"
    again = world.api("POST", f"/requests/{view['id']}/withdraw", "opd-disdik")
    assert (again.status_code, again.json()["error"]["code"]) == (409, "request_finished")


def test_events_list_every_event_in_order(world: World):
    view = submit(world)
    world.api("POST", f"/requests/{view['id']}/steps/2", "kadis", json={"note": "ok"})
    events = world.api("GET", f"/requests/{view['id']}/events", "auditor").json()
    assert [(e["position"], e["type"], e["step"]) for e in events] == [
        (1, "Submitted", 1),
        (2, "Disposed", 2),
    ]
    assert set(events[0]) == {"position", "type", "step", "actor", "role", "at", "data"}
    assert events[1]["data"]["note"] == "ok"


def test_inbox_audit_and_sla_read_the_projections(world: World):
    view = submit(world)
    inbox = world.api("GET", "/inbox", "kadis").json()
    assert [item["request_id"] for item in inbox["items"]] == [view["id"]]
    assert inbox["total"] == 1
    assert world.api("GET", "/inbox", "kabid-ti").json()["items"] == []
    audit = world.api("GET", f"/audit?request={view['id']}", "auditor").json()
    assert [entry["type"] for entry in audit["items"]] == ["Submitted"]
    assert world.api("GET", "/sla", "kadis").status_code == 200


def test_audit_is_for_auditors_and_sla_not_for_opd_users(world: World):
    assert world.api("GET", "/audit", "kadis").status_code == 403
    assert world.api("GET", "/sla", "opd-disdik").status_code == 403


def test_another_tenants_request_is_404(world: World):
    view = submit(world)
    for path in (f"/requests/{view['id']}", f"/requests/{view['id']}/events"):
        answer = world.api("GET", path, "boss", tenant=world.b)
        unknown = world.api("GET", "/requests/00000000-0000-0000-0000-000000000000", "boss", tenant=world.b)
        assert (answer.status_code, answer.json()) == (404, unknown.json())
    answer = world.api("POST", f"/requests/{view['id']}/steps/2", "boss", tenant=world.b, json={})
    assert answer.status_code == 404


def test_a_token_of_one_tenant_is_not_valid_in_another(world: World):
    token = world.token("kadis")
    answer = world.client.get(f"/t/{world.b}/api/v1/sop", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401


def test_unknown_tenant_is_404(world: World):
    assert world.client.get("/t/tidak-ada/api/v1/sop").status_code == 404
    assert world.client.get("/t/Bad..Slug/api/v1/sop").status_code == 404


def test_openapi_document_lists_the_paths(world: World):
    doc = world.client.get(f"/t/{world.a}/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert "/requests/{id}/steps/{number}" in doc["paths"]


def test_fuzzed_input_never_gets_a_500(world: World):
    view = submit(world)
    rid = view["id"]
    bodies = [{"title": "a\x00b", "letter_number": "1", "letter_date": "2026-03-16"}, {"title": ["x"]},
              {"letter_date": "2026-02-30", "title": "x", "letter_number": "1"}, {"expected_version": 1e308},
              {"deadline": "2026-13-45T99:00"}, {"decision": "mungkin"}, {"assignee": {"a": 1}},
              {"note": "x" * 100_000}, {"expected_version": True}, {"opd": "ZZZ", "title": "x",
              "letter_number": "1", "letter_date": "2026-03-16"}]  # fmt: skip
    paths = ["/requests", f"/requests/{rid}/steps/2", f"/requests/{rid}/steps/99999999999999999999",
             f"/requests/{rid}/withdraw", "/session"]  # fmt: skip
    for path in paths:
        for body in bodies:
            for user in ("kadis", "opd-disdik"):
                answer = world.api("POST", path, user, json=body)
                assert answer.status_code < 500, (path, body, answer.text)
    queries = ["/requests?overdue=%00", "/requests?status=%ff", "/audit?since=2026-01-01T25:00",
               "/audit?type=%00",
               "/audit?until=99999-01-01", f"/requests/{rid}%00", "/requests/%2e%2e"]  # fmt: skip
    for query in queries:
        assert world.api("GET", query, "auditor").status_code < 500, query
    assert world.api("GET", "/requests", "kadis").status_code == 200  # the read models still work


def test_failed_sign_ins_are_counted_across_worker_processes_and_the_wait_passes(world: World):
    from starlette.testclient import TestClient

    from web.app import create_app

    other_worker = TestClient(create_app(world.platform))
    url = f"/t/{world.a}/api/v1/session"
    wrong = {"username": "kadis", "password": "salah-sekali"}
    for client in (world.client, other_worker, world.client):
        assert client.post(url, json=wrong).status_code == 401
    assert other_worker.post(url, json=wrong).status_code == 429
    world.clock.advance(seconds=2)
    assert other_worker.post(url, json={"username": "kadis", "password": PASSWORD}).status_code == 200


def test_lists_come_in_pages_with_their_totals(world: World):
    ids = [submit(world, title=f"Aplikasi {n}")["id"] for n in range(5)]
    first = world.api("GET", "/requests?limit=2", "kadis").json()
    second = world.api("GET", "/requests?limit=2&page=2", "kadis").json()
    last = world.api("GET", "/requests?limit=2&page=3", "kadis").json()
    assert (first["total"], first["pages"], first["page"], first["limit"]) == (5, 3, 1, 2)
    listed = [v["id"] for page in (first, second, last) for v in page["items"]]
    assert sorted(listed) == sorted(ids) and len(last["items"]) == 1
    inbox = world.api("GET", "/inbox?limit=3&page=2", "kadis").json()
    assert (inbox["total"], len(inbox["items"])) == (5, 2)
    for bad in ("limit=0", "limit=201", "page=0", "limit=x"):
        answer = world.api("GET", f"/requests?{bad}", "kadis")
        assert answer.status_code == 422 and answer.json()["error"]["field"] in ("limit", "page"), bad
    page = browser(world, "kadis").get(f"/t/{world.a}/requests?limit=2&page=2").text
    assert "halaman 2 dari 3" in page and "page=3" in page and "page=1" in page
