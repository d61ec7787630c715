"""No 500 from input: odd text and out-of-range times are 422 naming the field (both stores)."""

from __future__ import annotations

import pytest

from tests.mutu import letter_files
from tests.security.bounds import bounded
from tests.web.conftest import World

LETTER = {"title": "Aplikasi", "letter_number": "1/2026", "letter_date": "2026-03-16"}


def test_a_lone_surrogate_in_json_is_422_naming_the_field_and_nothing_is_stored(world: World):
    body = b'{"title": "Aplikasi", "letter_number": "1", "letter_date": "2026-03-16", "note": "\\ud800"}'
    with bounded(seconds=2, megabytes=20):
        answer = world.api("POST", "/requests", "opd-disdik", content=body,
                           headers={"Content-Type": "application/json"})  # fmt: skip
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["field"] == "note"
    assert world.api("GET", "/requests", "kadis").json()["total"] == 0


@pytest.mark.parametrize("value", ["a\x00b", "bel\x07", "esc\x1b[31m"])
def test_control_characters_are_422_naming_the_field(world: World, value: str):
    answer = world.api(
        "POST", "/requests", "opd-disdik", data={**LETTER, "title": value}, files=letter_files()
    )
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "title"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("until=9999-12-31", "until"),
        ("since=9999-12-31T23:59:59-23:59", "since"),
        ("since=2026-01-01T00:00:00%2B15:00", "since"),
        ("since=0001-01-01", "since"),
        ("until=2026-01-01T00:00:00-14:30", "until"),
    ],
)
def test_out_of_range_times_in_the_audit_filter_are_422_naming_the_field(
    world: World, query: str, field: str
):
    with bounded(seconds=2, megabytes=20):
        answer = world.api("GET", f"/audit?{query}", "auditor")
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["field"] == field
    assert "x-frame-options" in answer.headers


def test_an_offset_of_exactly_14_hours_is_still_a_time(world: World):
    assert world.api("GET", "/audit?since=2026-01-01T00:00:00%2B14:00", "auditor").status_code == 200


@pytest.mark.parametrize("letter_date", ["9999-12-31", "2099-01-01", "1899-12-31"])
def test_a_letter_date_far_out_is_422_naming_the_field(world: World, letter_date: str):
    answer = world.api("POST", "/requests", "opd-disdik", json={**LETTER, "letter_date": letter_date})
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "letter_date"


def test_an_empty_boolean_is_422_on_the_page_too(world: World):
    from tests.web.pages_helpers import browser

    answer = browser(world, "kadis").get(f"/t/{world.a}/requests?overdue=")
    assert answer.status_code == 422 and "overdue" in answer.text


@pytest.mark.parametrize(
    ("path", "field"),
    [("/requests?limit=%C2%B2", "limit"), ("/requests?limit=--5", "limit"), ("/inbox?page=%D9%A3", "page"),
     ("/audit?page=1%C2%B2", "page")],
)  # fmt: skip
def test_integers_are_ascii_digits_or_422_naming_the_field(world: World, path: str, field: str):
    user = "auditor" if path.startswith("/audit") else "kadis"
    answer = world.api("GET", path, user)
    assert answer.status_code == 422 and answer.json()["error"]["field"] == field


def test_an_expected_version_that_is_no_integer_is_422(world: World):
    view = world.api("POST", "/requests", "opd-disdik", data=LETTER, files=letter_files()).json()
    answer = world.api("POST", f"/requests/{view['id']}/withdraw", "opd-disdik",
                       json={"expected_version": "\u00b2", "note": "batal"})  # fmt: skip
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "expected_version"
