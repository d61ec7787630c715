"""The lists' query handlers on SQLite and real PostgreSQL: search, sort, pages, totals, and
the office overview (who holds each open step, working days waited and left, counts).

One Sumbawa tenant (WITA) with requests submitted on Tuesday 17 March 2026, just before Nyepi
and Idul Fitri: 18-24 March are holidays, cuti bersama and a weekend, so a "1 Hari Kerja" step
started on the 17th is due on Wednesday the 25th, and on Friday the 27th it has waited three
working days (ten calendar days) and is two working days late.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from argon2 import PasswordHasher

from adapters.composition import Platform
from adapters.config import Settings
from domain.actor import Actor
from domain.errors import ForbiddenError, InvalidInputError
from domain.service import RequestService
from projections.audit import AuditFilter
from projections.queries import Paging, Queries
from tests import pg
from tests.conftest import PLT_SK, FakeClock, random_slug

SOP = ("sumbawa-2021", 3)
WITA = ZoneInfo("Asia/Makassar")
FRIDAY = datetime(2026, 3, 27, 10, 0, tzinfo=WITA)
_cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@dataclass
class Office:
    platform: Platform
    slug: str
    clock: FakeClock

    @property
    def service(self) -> RequestService:
        return self.platform.service(self.slug)

    @property
    def queries(self) -> Queries:
        return self.platform.desk(self.platform.tenant(self.slug)).queries

    def actor(self, username: str) -> Actor:
        found = self.queries.actor(username, self.clock())
        assert found is not None, username
        return found

    def submit(self, title: str, letter: str, opd: str = "DISDIK") -> UUID:
        return self.service.submit(*SOP, user=f"opd-{opd.lower()}", roles=["opd"], opd=opd, title=title,
                                   letter_number=letter, letter_date="2026-03-16")  # fmt: skip

    def act(self, request_id: UUID, number: int, role: str, **kwargs: Any) -> None:
        self.service.act(request_id, number, user=kwargs.pop("user", role), roles=[role], **kwargs)


@pytest.fixture
def office(settings: Settings, clock: FakeClock) -> Iterator[Office]:
    platform = Platform(settings, clock)
    slug = random_slug("ls")
    platform.create_tenant(slug, name="DKISP Uji", variant_id="sumbawa-2021", timezone="Asia/Makassar")
    service = platform.service(slug)
    for code, name in (("DISDIK", "Dinas Pendidikan"), ("DINKES", "Dinas Kesehatan"),
                       ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah")):  # fmt: skip
        service.create_opd(code, name, actor="test")
    people = [("kadis", "kadis"), ("kabid-ti", "kabid-ti"), ("kasi-aplikasi", "kasi-aplikasi"),
              ("sari", "tim-pengembang"), ("budi", "tim-pengembang"), ("admin", "admin"),
              ("auditor", "auditor"), ("opd-disdik", "opd"), ("opd-dinkes", "opd"),
              ("opd-bappeda", "opd")]  # fmt: skip
    for username, role in people:
        opd = username.removeprefix("opd-").upper() if role == "opd" else None
        service.create_user(username, "rahasia-uji-123", hash_password=_cheap.hash, roles=[role], sop=SOP,
                            actor="test", full_name=username.title(), opd=opd)  # fmt: skip
    try:
        yield Office(platform, slug, clock)
    finally:
        platform.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, "t_" + slug.replace("-", "_"))


def a_busy_office(office: Office) -> dict[str, UUID]:
    """Four requests a minute apart from 10:01 on the 17th: two with the Kadis (due on the 25th),
    one with the Kabid (no time standard); one the Kasi gave Sari of the team on Thursday the
    26th at 14:00 (due on Friday at 14:00). Then it is Friday the 27th, 10:00."""
    found = {}
    for key, title, letter, opd in (
        ("ppdb", "Aplikasi PPDB", "420/15/DISDIK/2026", "DISDIK"),
        ("puskesmas", "Sistem Antrean Puskesmas", "440/7/DINKES/2026", "DINKES"),
        ("perencanaan", "E-Planning 100% Daring", "050/3/BAPPEDA/2026", "BAPPEDA"),
        ("rapor", "Rapor_Digital", "420/16/DISDIK/2026", "DISDIK"),
    ):
        office.clock.advance(minutes=1)
        found[key] = office.submit(title, letter, opd=opd)
    office.act(found["perencanaan"], 2, "kadis")
    office.clock.set(datetime(2026, 3, 26, 14, 0, tzinfo=WITA))
    office.act(found["rapor"], 2, "kadis")
    office.act(found["rapor"], 3, "kabid-ti")
    office.act(found["rapor"], 4, "kasi-aplikasi", assignee="sari")
    office.act(found["rapor"], 5, "kasi-aplikasi")
    office.act(found["rapor"], 6, "kabid-ti", decision="ya")
    office.act(found["rapor"], 8, "kasi-aplikasi")
    office.clock.set(FRIDAY)
    return found


# -- search -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("search", "titles"),
    [
        ("ppdb", ["Aplikasi PPDB"]),  # a title, whatever the case
        ("440/7", ["Sistem Antrean Puskesmas"]),  # a letter number
        ("dinkes", ["Sistem Antrean Puskesmas"]),  # an OPD's code
        ("perencanaan pembangunan", ["E-Planning 100% Daring"]),  # an OPD's name
        ("100%", ["E-Planning 100% Daring"]),  # % and _ mean themselves
        ("pp_b", []),  # as a wildcard it would find "PPDB"
        ("rapor_", ["Rapor_Digital"]),
    ],
)
def test_a_search_finds_requests_by_title_letter_number_and_opd(
    office: Office, search: str, titles: list[str]
):
    a_busy_office(office)
    found = office.queries.requests(office.actor("kadis"), office.clock(), search=search)
    assert sorted(row.title for row in found.items) == titles
    assert found.total == len(titles)


def test_an_opd_user_searching_still_sees_only_its_own_opds_requests(office: Office):
    a_busy_office(office)
    found = office.queries.requests(office.actor("opd-dinkes"), office.clock(), search="aplikasi")
    assert [row.title for row in found.items] == []
    found = office.queries.requests(office.actor("opd-dinkes"), office.clock(), search="a")
    assert [row.title for row in found.items] == ["Sistem Antrean Puskesmas"]


# -- sort and pages ---------------------------------------------------------------------------


def test_every_sort_column_pages_through_each_request_exactly_once(office: Office):
    a_busy_office(office)
    kadis = office.actor("kadis")
    for key in ("submitted", "title", "letter", "opd", "status", "step", "role", "since", "due"):
        for sort in (key, f"-{key}"):
            whole = office.queries.requests(kadis, office.clock(), sort=sort).items
            pages = [office.queries.requests(kadis, office.clock(), sort=sort, paging=Paging(limit=2, page=n))
                     for n in (1, 2, 3)]  # fmt: skip
            assert [row.id for page in pages for row in page.items] == [row.id for row in whole], sort
            assert {page.total for page in pages} == {4}


def test_sorting_by_title_and_due_puts_rows_in_that_order_and_empty_values_last(office: Office):
    a_busy_office(office)
    kadis, now = office.actor("kadis"), office.clock()
    titles = [row.title for row in office.queries.requests(kadis, now, sort="title").items]
    assert titles == ["Aplikasi PPDB", "E-Planning 100% Daring", "Rapor_Digital", "Sistem Antrean Puskesmas"]
    assert [row.title for row in office.queries.requests(kadis, now, sort="-title").items] == titles[::-1]
    due = [row.title for row in office.queries.requests(kadis, now, sort="due").items]
    assert due[-1] == "E-Planning 100% Daring"  # with the Kabid: no time standard, no due time
    assert [row.title for row in office.queries.requests(kadis, now, sort="-due").items][-1] == due[-1]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda q, a, now: q.requests(a, now, sort="password_hash"), "sort"),
        (lambda q, a, now: q.requests(a, now, sort="title; DROP TABLE rm_requests"), "sort"),
        (lambda q, a, now: q.inbox(a, now, sort="role"), "sort"),
        (lambda q, a, now: q.overview(a, now, sort="-nope"), "sort"),
        (lambda q, a, now: q.audit(a, AuditFilter(), sort="sentence"), "sort"),
        (lambda q, a, now: q.users(a, now, sort="password"), "sort"),
        (lambda q, a, now: q.requests(a, now, search="x" * 101), "q"),
    ],
)
def test_a_sort_outside_the_lists_columns_or_a_huge_search_is_refused_naming_the_field(
    office: Office, call: Any, field: str
):
    with pytest.raises(InvalidInputError) as refused:
        call(office.queries, office.actor("admin"), office.clock())
    assert refused.value.field == field


# -- the inbox ---------------------------------------------------------------------------------


def test_the_inbox_tells_working_days_waited_and_left_and_when_a_step_has_no_time_standard(office: Office):
    found = a_busy_office(office)
    items = {i.title: i for i in office.queries.inbox(office.actor("kadis"), FRIDAY, Paging()).items}
    ppdb = items["Aplikasi PPDB"]
    assert ppdb.due_at == datetime(2026, 3, 25, 10, 1, tzinfo=WITA)  # after Nyepi and Lebaran
    assert (ppdb.waiting_days, ppdb.remaining_days, ppdb.overdue) == (3.0, -2.0, True)
    assert ppdb.time_standard == "1 Hari Kerja"
    kabid = office.queries.inbox(office.actor("kabid-ti"), FRIDAY, Paging()).items
    assert [(i.request_id, i.due_at, i.time_standard, i.remaining_days) for i in kabid] == [
        (str(found["perencanaan"]), None, None, None)
    ]


def test_the_inbox_searches_and_sorts_too(office: Office):
    a_busy_office(office)
    kadis = office.actor("kadis")
    assert [i.title for i in office.queries.inbox(kadis, FRIDAY, Paging(), search="440/7").items] == [
        "Sistem Antrean Puskesmas"
    ]
    assert [i.title for i in office.queries.inbox(kadis, FRIDAY, Paging(), sort="-title").items] == [
        "Sistem Antrean Puskesmas", "Aplikasi PPDB"
    ]  # fmt: skip


# -- the office overview ----------------------------------------------------------------------


def test_the_overview_shows_every_open_request_overdue_first_with_who_holds_it(office: Office):
    found = a_busy_office(office)
    seen = office.queries.overview(office.actor("kadis"), FRIDAY)
    items = seen.found.items
    assert (seen.open, seen.overdue, seen.found.total) == (4, 2, 4)
    assert [i.title for i in items[:2]] == ["Aplikasi PPDB", "Sistem Antrean Puskesmas"]  # overdue first
    assert all(i.overdue for i in items[:2]) and not any(i.overdue for i in items[2:])
    ppdb = items[0]
    assert (ppdb.step, ppdb.role) == (2, "kadis")
    assert ppdb.role_name == "Kepala Dinas Komunikasi Informatika Statistik dan Persandian"
    assert [(h.username, h.assigned) for h in ppdb.holders] == [("kadis", False)]
    assert (ppdb.waiting_days, ppdb.remaining_days) == (3.0, -2.0)
    by_id = {i.request_id: i for i in items}
    plan = by_id[str(found["perencanaan"])]
    assert (plan.role, plan.due_at, plan.time_standard) == ("kabid-ti", None, None)
    rapor = by_id[str(found["rapor"])]
    # 4 of 8.5 office hours left
    assert (rapor.step, rapor.role, rapor.remaining_days) == (9, "tim-pengembang", 0.47)
    assert [(h.username, h.assigned) for h in rapor.holders] == [("sari", True)]  # not Budi


def test_the_overview_counts_per_role_and_opd_and_filters_by_each(office: Office):
    a_busy_office(office)
    kadis = office.actor("kadis")
    seen = office.queries.overview(kadis, FRIDAY)
    assert [(t.key, t.open, t.overdue) for t in seen.roles] == [
        ("kadis", 2, 2), ("kabid-ti", 1, 0), ("tim-pengembang", 1, 0)
    ]  # fmt: skip
    assert [(t.key, t.name, t.open, t.overdue) for t in seen.opds] == [
        ("DISDIK", "Dinas Pendidikan", 2, 1), ("DINKES", "Dinas Kesehatan", 1, 1),
        ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", 1, 0),
    ]  # fmt: skip
    assert [i.title for i in office.queries.overview(kadis, FRIDAY, role="kabid-ti").found.items] == [
        "E-Planning 100% Daring"
    ]
    late_disdik = office.queries.overview(kadis, FRIDAY, opd="DISDIK", overdue=True).found.items
    assert [i.title for i in late_disdik] == ["Aplikasi PPDB"]
    searched = office.queries.overview(kadis, FRIDAY, search="disdik", sort="-title")
    assert [i.title for i in searched.found.items] == ["Rapor_Digital", "Aplikasi PPDB"]
    assert (searched.open, searched.overdue) == (2, 1)  # the counts follow the search


def test_only_the_offices_leaders_and_its_admins_see_the_overview(office: Office):
    a_busy_office(office)
    for username in ("kadis", "kabid-ti", "admin"):
        assert office.queries.oversees(office.actor(username))
        assert office.queries.overview(office.actor(username), FRIDAY).open == 4
    for username in ("kasi-aplikasi", "sari", "auditor", "opd-disdik"):
        assert not office.queries.oversees(office.actor(username))
        with pytest.raises(ForbiddenError):
            office.queries.overview(office.actor(username), FRIDAY)


def test_an_acting_kabid_sees_the_overview_while_the_grant_is_in_force(office: Office):
    office.service.grant_role("kasi-aplikasi", "kabid-ti", sop=SOP, actor="admin", acting=True, **PLT_SK,
                              valid_until=datetime(2026, 3, 20, tzinfo=WITA))  # fmt: skip
    assert office.queries.oversees(office.actor("kasi-aplikasi"))
    office.clock.set(FRIDAY)
    assert not office.queries.oversees(office.actor("kasi-aplikasi"))


# -- audit trail and users ----------------------------------------------------------------------


def test_the_audit_trail_finds_a_requests_events_by_its_letter_number_or_opd(office: Office):
    found = a_busy_office(office)
    auditor = office.actor("auditor")
    entries = office.queries.audit(auditor, AuditFilter(search="050/3/bappeda"), Paging()).items
    assert {e.request_id for e in entries} == {str(found["perencanaan"])}
    assert [e.type for e in entries] == ["Submitted", "Disposed"]
    newest = office.queries.audit(auditor, AuditFilter(search="Dinas Kesehatan"), Paging(), sort="-at").items
    assert [e.request_id for e in newest] == [str(found["puskesmas"]), None]  # and the OPD's own


def test_the_admin_searches_users_by_name_and_opd_and_sorts_them(office: Office):
    admin = office.actor("admin")
    found = office.queries.users(admin, office.clock(), search="kesehatan")
    assert [u.username for u in found.items] == ["opd-dinkes"]
    assert found.items[0].roles == ("opd",)
    by_opd = office.queries.users(admin, office.clock(), sort="-opd", paging=Paging(limit=3))
    assert [u.opd for u in by_opd.items] == ["DISDIK", "DINKES", "BAPPEDA"]
    assert by_opd.total == 10
    with pytest.raises(ForbiddenError):
        office.queries.users(office.actor("kadis"), office.clock())
