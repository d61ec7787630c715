"""The rules of a request's discussion (domain/comments.py), without a store."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.actor import Actor
from domain.comments import (
    Discussion,
    check_mentions,
    check_text,
    discussion_id,
    may_be_mentioned,
    may_comment,
    mentions_of,
    role_acted_in,
    told_of_comment,
)
from domain.errors import ForbiddenError, InvalidInputError, NotFoundError
from domain.notices import DEFAULT_CHOICES, KINDS, sentence
from domain.ports import Credentials

OFFICE = frozenset({"kadis", "kabid-ti", "kasi-aplikasi"})
AT = datetime(2026, 3, 17, 2, 0, tzinfo=UTC)


def actor(roles: tuple[str, ...], opd: str | None = None) -> Actor:
    return Actor("uji", "someone", roles, opd, "Someone", OFFICE)


def test_mentions_come_from_the_form_and_the_text_each_once_without_a_closing_full_stop() -> None:
    text = "Mohon @Kasi dan @kabid-ti melihat; surel a@b.id bukan sebutan. Terima kasih @kasi."
    assert mentions_of(text, ["kadis", "@kasi"]) == ("kadis", "kasi", "kabid-ti")


def test_the_text_is_trimmed_and_between_1_and_4000_characters() -> None:
    assert check_text("  Baik.  ") == "Baik."
    assert len(check_text("x" * 4000)) == 4000
    for bad in ("", "   \n", "x" * 4001):
        with pytest.raises(InvalidInputError) as refused:
            check_text(bad)
        assert refused.value.field == "text"


def test_officials_and_the_requesting_opd_write_an_auditor_and_another_opd_do_not() -> None:
    assert may_comment(actor(("kadis",)), "DPMPTSP")
    assert may_comment(actor(("opd",), "DPMPTSP"), "DPMPTSP")
    assert not may_comment(actor(("opd",), "DISKES"), "DPMPTSP")
    assert not may_comment(actor(("auditor",)), "DPMPTSP")
    assert not may_comment(actor(("admin",)), "DPMPTSP")  # reads, as the auditor does


def test_a_mention_names_someone_who_may_see_the_request() -> None:
    def person(roles: tuple[str, ...], opd: str | None = None, active: bool = True) -> Credentials:
        return Credentials("x", "X", opd, "", roles, active)

    assert may_be_mentioned(person(("kasi-aplikasi",)), "uji", OFFICE, "DPMPTSP")
    assert may_be_mentioned(person(("auditor",)), "uji", OFFICE, "DPMPTSP")  # may see, is told
    assert may_be_mentioned(person(("opd",), "DPMPTSP"), "uji", OFFICE, "DPMPTSP")
    assert not may_be_mentioned(person(("opd",), "DISKES"), "uji", OFFICE, "DPMPTSP")
    assert not may_be_mentioned(person(("kadis",), active=False), "uji", OFFICE, "DPMPTSP")
    assert not may_be_mentioned(None, "uji", OFFICE, "DPMPTSP")
    with pytest.raises(InvalidInputError) as refused:
        check_mentions(("kasi", "siapa"), {"kasi": True, "siapa": False})
    assert refused.value.field == "mentions" and "@siapa" in refused.value.english
    assert "@kasi" not in refused.value.indonesian


def test_a_comment_is_written_in_the_role_the_request_knows() -> None:
    roles = ["opd", "kadis", "kabid-ti", "kasi-aplikasi"]
    assert role_acted_in(actor(("kasi-aplikasi", "kadis")), roles, "opd", "DPMPTSP") == "kadis"
    assert role_acted_in(actor(("opd",), "DPMPTSP"), roles, "opd", "DPMPTSP") == "opd"


def test_the_mentioned_are_told_and_the_requester_of_an_officials_comment_never_the_author() -> None:
    told = told_of_comment(
        author="kadis", role="kadis", requester="pemohon", requester_role="opd", mentions=["kasi", "kadis"]
    )
    assert told == {"kasi": "mentioned", "pemohon": "commented"}
    own = told_of_comment(author="rekan", role="opd", requester="pemohon", requester_role="opd", mentions=[])
    assert own == {}  # the requesting OPD's own comment: no "commented" notice
    named = told_of_comment(
        author="kadis", role="kadis", requester="pemohon", requester_role="opd", mentions=["pemohon"]
    )
    assert named == {"pemohon": "mentioned"}  # told once


def test_comments_are_numbered_and_only_the_author_retracts_once() -> None:
    thread = Discussion.open("r-1", "kadis", AT)
    assert thread.id == discussion_id("r-1")
    first = thread.comment(
        actor="kadis", actor_name="Kadis", role="kadis", text=" Mohon ", mentions=(), at=AT
    )
    second = thread.comment(
        actor="kasi", actor_name="Kasi", role="kasi-aplikasi", text="Ya", mentions=(), at=AT
    )
    assert (first, second) == (1, 2)
    with pytest.raises(ForbiddenError):
        thread.retract(1, actor="kasi", role="kasi-aplikasi", at=AT)
    with pytest.raises(NotFoundError):
        thread.retract(3, actor="kadis", role="kadis", at=AT)
    thread.retract(1, actor="kadis", role="kadis", at=AT)
    with pytest.raises(InvalidInputError):
        thread.retract(1, actor="kadis", role="kadis", at=AT)
    events = thread.collect_events()
    assert [type(e).__name__ for e in events] == ["Opened", "Commented", "Commented", "CommentRetracted"]
    assert events[1].text == "Mohon"


def test_a_mention_notice_names_the_author_and_the_request_in_both_languages() -> None:
    assert {"mentioned", "commented"} <= set(KINDS)
    assert DEFAULT_CHOICES["mentioned"] == "immediate" and DEFAULT_CHOICES["commented"] == "digest"
    said = {
        lang: sentence(
            "mentioned",
            lang,
            step=None,
            step_name="",
            deadline="-",
            title="Aplikasi Perizinan",
            author="Drs. Kadis",
        )
        for lang in ("id", "en")
    }
    assert said["id"] == "Drs. Kadis menyebut Anda dalam diskusi permohonan \u201cAplikasi Perizinan\u201d."
    assert (
        said["en"]
        == "Drs. Kadis mentioned you in the discussion of the request \u201cAplikasi Perizinan\u201d."
    )
