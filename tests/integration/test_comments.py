"""A request's discussion on SQLite and real PostgreSQL, through the application layer: the
thread read back, a mention telling the user, the requester told of an official's comment, the
comments in the request's history and the audit trail, retracting, and who may write."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from adapters.composition import Platform
from adapters.config import Settings
from adapters.mail_sender import tell
from domain import commands as c
from domain.actor import Actor
from domain.comments import discussion_id
from domain.documents import Upload
from domain.errors import ForbiddenError, InvalidInputError, NotFoundError
from projections.audit import AuditFilter
from projections.desk import Desk
from projections.notice_mail import Office as MailOffice
from projections.outbox import outbox_rows
from tests import pg
from tests.conftest import FakeClock, random_slug
from tests.integration.test_sign_in import PASSWORD, SOP, _hash

LETTER = Upload("surat.pdf", b"%PDF-1.4\n% surat permohonan\n%%EOF\n", "letter")
KADIS = "Kepala Dinas Komunikasi Informatika Statistik dan Persandian"
KASI = "Kepala Seksi Aplikasi dan E-Government"
PEOPLE = (
    ("admin", ["admin"], None, "Admin Kantor"),
    ("auditor", ["auditor"], None, "Ani Auditor"),
    ("kadis", ["kadis"], None, "Drs. Kadis Utama"),
    ("kasi", ["kasi-aplikasi"], None, "Sari Kasi"),
    ("pemohon", ["opd"], "DPMPTSP", "Pemohon DPMPTSP"),
    ("rekan", ["opd"], "DPMPTSP", "Rekan DPMPTSP"),
    ("lain", ["opd"], "DISKES", "Orang Dinkes"),
)


@dataclass
class Office:
    desk: Desk
    clock: FakeClock
    request_id: str

    def actor(self, username: str) -> Actor:
        found = self.desk.queries.actor(username, self.clock.now)
        assert found is not None
        return found

    def say(self, username: str, text: str, *mentions: str) -> int:
        self.clock.advance(minutes=1)
        command = c.WriteComment(self.request_id, text, tuple(mentions))
        return self.desk.commands.comment(self.actor(username), command).number

    def told(self, username: str) -> list[tuple[str, str]]:
        found = self.desk.queries.notices(self.actor(username), self.clock.now)
        return [(n.kind, n.author) for n in found.items if n.kind in ("mentioned", "commented")]


@pytest.fixture
def office(settings: Settings, clock: FakeClock) -> Iterator[Office]:
    platform = Platform(settings, clock)
    slug = random_slug("cm")
    platform.create_tenant(slug, name="Diskominfo Uji", variant_id=SOP[0], timezone="Asia/Makassar")
    service = platform.service(slug)
    service.create_opd("DPMPTSP", "Dinas Penanaman Modal dan PTSP", actor="admin")
    service.create_opd("DISKES", "Dinas Kesehatan", actor="admin")
    for name, roles, opd, full_name in PEOPLE:
        service.create_user(
            name,
            PASSWORD,
            hash_password=lambda _p: _hash,
            roles=roles,
            sop=SOP,
            actor="admin",
            opd=opd,
            full_name=full_name,
        )
    desk = platform.desk(platform.tenant(slug))
    try:
        pemohon = desk.queries.actor("pemohon", clock.now)
        assert pemohon is not None
        letter = c.SubmitRequest("Aplikasi Perizinan", "500/017/2026", "2026-03-16", letter=LETTER)
        request_id = desk.commands.submit(pemohon, letter).id
        yield Office(desk, clock, str(request_id))
    finally:
        platform.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, "t_" + slug.replace("-", "_"))


def test_comments_read_back_in_order_with_author_role_and_mentions(office: Office) -> None:
    office.say("kadis", "Mohon @kasi telaah kebutuhan servernya.")
    office.say("pemohon", "  Baik, dokumen pendukung kami kirim besok.  ")
    thread = office.desk.queries.comments(office.actor("kasi"), office.request_id, office.clock.now)
    assert [(x.number, x.actor, x.role, x.text, x.mentions) for x in thread.comments] == [
        (1, "kadis", "kadis", "Mohon @kasi telaah kebutuhan servernya.", ("kasi",)),
        (2, "pemohon", "opd", "Baik, dokumen pendukung kami kirim besok.", ()),
    ]
    assert thread.comments[0].actor_name == "Drs. Kadis Utama"
    assert thread.comments[0].role_name == KADIS
    assert thread.may_comment
    assert "lain" not in {p.username for p in thread.people}  # another OPD cannot see the request
    assert {"kadis", "pemohon", "rekan", "auditor"} <= {p.username for p in thread.people}


def test_a_mention_tells_the_user_and_an_officials_comment_tells_the_requester(office: Office) -> None:
    office.say("kadis", "Mohon ditelaah.", "kasi")
    assert office.told("kasi") == [("mentioned", "Drs. Kadis Utama")]
    assert office.told("pemohon") == [("commented", "Drs. Kadis Utama")]
    office.say("pemohon", "Terima kasih @kadis.")
    assert office.told("kadis") == [("mentioned", "Pemohon DPMPTSP")]
    assert office.told("pemohon") == [("commented", "Drs. Kadis Utama")]  # not of their own comment
    assert office.told("rekan") == []


def test_comments_stand_in_the_requests_history_and_the_audit_trail(office: Office) -> None:
    office.say("kadis", "Mohon ditelaah.", "kasi")
    number = office.say("kasi", "Sudah saya baca.")
    office.desk.commands.retract_comment(office.actor("kasi"), c.RetractComment(office.request_id, number))
    _, history = office.desk.queries.history(office.actor("pemohon"), office.request_id)
    said = [(e.type, e.sentence) for e in history if e.type in ("Opened", "Commented", "CommentRetracted")]
    assert said == [
        ("Opened", "kadis membuka diskusi permohonan"),
        ("Commented", f"kadis ({KADIS}) berkomentar (#1): \u201cMohon ditelaah.\u201d; menyebut @kasi"),
        ("Commented", f"kasi ({KASI}) berkomentar (#2): \u201cSudah saya baca.\u201d"),
        ("CommentRetracted", f"kasi ({KASI}) menarik komentarnya #2 (teksnya tetap tercatat di riwayat)"),
    ]
    trail = office.desk.queries.audit(office.actor("auditor"), AuditFilter(request=office.request_id))
    comments = [e for e in trail.items if e.kind == "Discussion"]
    assert {e.originator_id for e in comments} == {str(discussion_id(office.request_id))}
    assert comments[1].request_title == "Aplikasi Perizinan" and comments[1].actor_name == "Drs. Kadis Utama"
    thread = office.desk.queries.comments(office.actor("kadis"), office.request_id, office.clock.now)
    assert thread.comments[1].retracted_at is not None and thread.comments[1].text == "Sudah saya baca."


def test_who_may_write_and_whom_one_may_mention(office: Office) -> None:
    with pytest.raises(ForbiddenError):
        office.say("auditor", "Saya hanya membaca.")
    with pytest.raises(NotFoundError):
        office.say("lain", "Dari OPD lain.")
    with pytest.raises(NotFoundError):
        office.desk.queries.comments(office.actor("lain"), office.request_id, office.clock.now)
    with pytest.raises(InvalidInputError) as unknown:
        office.say("kadis", "Mohon @siapa dan @lain melihat.")
    assert unknown.value.field == "mentions"
    assert "@siapa, @lain" in unknown.value.indonesian and "@siapa, @lain" in unknown.value.english
    with pytest.raises(InvalidInputError) as empty:
        office.say("kadis", "   ")
    assert empty.value.field == "text"
    with pytest.raises(InvalidInputError) as long:
        office.say("kadis", "x" * 4001)
    assert long.value.field == "text"
    assert office.say("rekan", "x" * 4000) == 1  # the requesting OPD's other user writes too
    thread = office.desk.queries.comments(office.actor("auditor"), office.request_id, office.clock.now)
    assert not thread.may_comment and thread.people == [] and len(thread.comments) == 1


def test_only_its_author_retracts_a_comment(office: Office) -> None:
    number = office.say("kadis", "Catatan sementara.")
    with pytest.raises(ForbiddenError):
        office.desk.commands.retract_comment(
            office.actor("kasi"), c.RetractComment(office.request_id, number)
        )
    with pytest.raises(NotFoundError):
        office.desk.commands.retract_comment(office.actor("kadis"), c.RetractComment(office.request_id, 9))


def test_the_comments_read_model_rebuilds_to_the_same_rows(office: Office) -> None:
    office.say("kadis", "Mohon ditelaah.", "kasi")
    office.say("pemohon", "Baik.")
    projector = office.desk.queries.projector
    before = {name: projector.dump(name) for name in ("comments", "notices", "audit")}
    projector.rebuild()
    assert {name: projector.dump(name) for name in ("comments", "notices", "audit")} == before


def test_a_mention_is_mailed_at_once_with_its_sentence_and_link(office: Office) -> None:
    service = office.desk.commands.service
    service.change_email("kasi", "kasi@kominfo.example.go.id", actor="admin")
    service.confirm_email("kasi", "kasi@kominfo.example.go.id")
    office.say("kadis", "Mohon @kasi telaah.")
    projector = office.desk.queries.projector
    written = tell(
        projector.db, MailOffice("uji", "https://alur.example.go.id", projector.calendar), office.clock()
    )
    assert written == 1
    with projector.db.transaction(write=False) as tx:
        [mail] = [row for row in outbox_rows(tx) if row.recipient == "kasi@kominfo.example.go.id"]
    assert mail.subject == "Anda disebut dalam diskusi: Aplikasi Perizinan (500/017/2026)"
    assert (
        "Drs. Kadis Utama menyebut Anda dalam diskusi permohonan \u201cAplikasi Perizinan\u201d."
        in mail.body_text
    )
    assert f"https://alur.example.go.id/t/uji/requests/{office.request_id}#comment-1" in mail.body_text
