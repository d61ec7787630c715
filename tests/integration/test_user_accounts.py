"""The admin manages accounts through the application layer, on SQLite and PostgreSQL:
details corrected, a user deactivated (sessions end at once, no role anywhere, history kept)
and reactivated, a password reset through a one-time link only the user uses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.composition import Platform
from adapters.config import Settings
from domain import commands as c
from domain.actor import Actor
from domain.errors import AlurError, InvalidInputError, NotFoundError, UnauthenticatedError
from projections.audit import AuditFilter
from projections.desk import Desk
from tests import pg
from tests.conftest import FakeClock, random_slug
from tests.integration.test_sign_in import PASSWORD, SOP, _hash


@pytest.fixture
def desk(settings: Settings, clock: FakeClock) -> Iterator[Desk]:
    platform = Platform(settings, clock)
    slug = random_slug("ua")
    platform.create_tenant(slug, name="Diskominfo Uji", variant_id=SOP[0], timezone="Asia/Makassar")
    service = platform.service(slug)
    for name, roles in (("admin", ["admin"]), ("budi", ["kasi-aplikasi"]), ("kadis", ["kadis"])):
        service.create_user(name, PASSWORD, hash_password=lambda _p: _hash, roles=roles, sop=SOP,
                            actor="admin")  # fmt: skip
    service.create_opd("DISKES", "Dinas Kesehatan", actor="admin")
    try:
        yield platform.desk(platform.tenant(slug))
    finally:
        platform.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, "t_" + slug.replace("-", "_"))


def admin(desk: Desk, clock: FakeClock) -> Actor:
    found = desk.queries.actor("admin", clock.now)
    assert found is not None
    return found


def sign_in(desk: Desk, username: str = "budi", password: str = PASSWORD, kind: str = "web") -> str:
    return desk.commands.sign_in(c.SignIn(username, password, "10.0.0.9", kind)).token


def refusal(desk: Desk, username: str = "budi", password: str = PASSWORD) -> str:
    with pytest.raises(UnauthenticatedError) as refused:
        sign_in(desk, username, password)
    return refused.value.english


def test_edited_details_show_in_the_list_and_the_audit_trail(desk: Desk, clock: FakeClock) -> None:
    me = admin(desk, clock)
    details = {"full_name": "Budi Santoso", "nip": "198001012005011001", "opd": "diskes"}
    desk.commands.edit_user(me, c.EditUser("budi", details))
    shown = desk.queries.user(me, "budi", clock.now)
    assert (shown.full_name, shown.nip, shown.opd) == ("Budi Santoso", "198001012005011001", "DISKES")
    trail = desk.queries.audit(me, AuditFilter())
    assert any(e.type == "DetailsChanged" and e.actor == "admin" and "Budi Santoso" in e.sentence
               for e in trail.items)  # fmt: skip


def test_an_unknown_opd_is_refused_naming_the_opd_field(desk: Desk, clock: FakeClock) -> None:
    with pytest.raises(InvalidInputError) as refused:
        desk.commands.edit_user(admin(desk, clock), c.EditUser("budi", {"full_name": "Budi", "opd": "NOPE"}))
    assert refused.value.field == "opd"


def test_a_deactivated_user_cannot_sign_in_and_their_sessions_end(desk: Desk, clock: FakeClock) -> None:
    web, api = sign_in(desk), sign_in(desk, kind="api")
    assert desk.queries.identify(web, "web", clock.now) is not None
    desk.commands.set_active(admin(desk, clock), c.SetUserActive("budi", False))
    assert desk.queries.identify(web, "web", clock.now) is None
    assert desk.queries.identify(api, "api", clock.now) is None
    assert refusal(desk) == "this account is deactivated; ask the tenant admin"
    assert refusal(desk, password="salah-sekali") == "wrong username or password"  # nothing more to a guesser


def test_a_deactivated_user_holds_no_role_but_keeps_the_history(desk: Desk, clock: FakeClock) -> None:
    me = admin(desk, clock)
    desk.commands.set_active(me, c.SetUserActive("kadis", False))
    assert desk.queries.actor("kadis", clock.now) is None
    assert desk.commands._roles_in_force("kadis") == ()
    variant = desk.queries.sop(me)
    assert "kadis" not in [a.username for a in desk.queries.assignable(me, variant, clock.now)]
    held = desk.queries.sop_holders(me, variant, clock.now)
    assert [r.holders for r in held.roles if r.id == "kadis"] == [[]]
    shown = desk.queries.user(me, "kadis", clock.now)
    assert not shown.active and shown.roles == () and [g.role for g in shown.grants] == ["kadis"]


def test_a_reactivated_user_signs_in_again_but_old_sessions_stay_ended(desk: Desk, clock: FakeClock) -> None:
    me = admin(desk, clock)
    old = sign_in(desk)
    desk.commands.set_active(me, c.SetUserActive("budi", False))
    desk.commands.set_active(me, c.SetUserActive("budi", True))
    assert desk.queries.identify(old, "web", clock.now) is None
    assert desk.queries.identify(sign_in(desk), "web", clock.now) is not None


def test_an_admin_cannot_deactivate_themselves(desk: Desk, clock: FakeClock) -> None:
    with pytest.raises(InvalidInputError) as refused:
        desk.commands.set_active(admin(desk, clock), c.SetUserActive("admin", False))
    assert refused.value.field == "username"
    assert admin(desk, clock).is_admin


def test_a_reset_ends_the_password_and_the_user_sets_a_new_one_once(desk: Desk, clock: FakeClock) -> None:
    session = sign_in(desk)
    link = desk.commands.reset_password(admin(desk, clock), c.ResetPassword("budi"))
    assert desk.queries.identify(session, "web", clock.now) is None
    assert refusal(desk) == "wrong username or password"
    assert desk.queries.password_link(link.token) == "budi"
    with pytest.raises(InvalidInputError) as short:
        desk.commands.set_password(c.SetPassword(link.token, "pendek", "pendek"))
    assert short.value.field == "password"
    with pytest.raises(InvalidInputError) as differs:
        desk.commands.set_password(c.SetPassword(link.token, "kata-sandi-baru", "kata-sandi-lain"))
    assert differs.value.field == "confirm"
    done = desk.commands.set_password(c.SetPassword(link.token, "kata-sandi-baru", "kata-sandi-baru"))
    assert done == "budi"
    assert sign_in(desk, password="kata-sandi-baru")
    with pytest.raises(NotFoundError):
        desk.commands.set_password(c.SetPassword(link.token, "lagi-lagi-baru", "lagi-lagi-baru"))
    types = [e.type for e in desk.queries.audit(admin(desk, clock), AuditFilter()).items]
    assert "PasswordReset" in types and "PasswordSet" in types


def test_a_reset_link_expires_and_a_newer_one_replaces_it(desk: Desk, clock: FakeClock) -> None:
    me = admin(desk, clock)
    first = desk.commands.reset_password(me, c.ResetPassword("budi"))
    second = desk.commands.reset_password(me, c.ResetPassword("budi"))
    assert desk.queries.password_link(first.token) is None
    assert desk.queries.password_link(second.token) == "budi"
    clock.advance(days=1, seconds=1)
    assert second.expires_at <= clock.now
    assert desk.queries.password_link(second.token) is None


def test_no_secret_reaches_the_audit_trail(desk: Desk, clock: FakeClock) -> None:
    me = admin(desk, clock)
    link = desk.commands.reset_password(me, c.ResetPassword("budi"))
    desk.commands.set_password(c.SetPassword(link.token, "kata-sandi-baru", "kata-sandi-baru"))
    for entry in desk.queries.audit(me, AuditFilter()).items:
        assert link.token not in str(entry.data) and "argon2" not in str(entry.data)


def test_only_an_admin_manages_accounts(desk: Desk, clock: FakeClock) -> None:
    budi = desk.queries.actor("budi", clock.now)
    assert budi is not None
    for action in (lambda: desk.commands.set_active(budi, c.SetUserActive("kadis", False)),
                   lambda: desk.commands.reset_password(budi, c.ResetPassword("kadis")),
                   lambda: desk.commands.edit_user(budi, c.EditUser("kadis", {"full_name": "X"})),
                   ):  # fmt: skip
        with pytest.raises(AlurError) as refused:
            action()
        assert refused.value.code == "forbidden"
