"""Exports (issue 17): a tenant export holds every password hash a user ever had, so the file is
written readable by its owner only, whatever the umask, and `--without-credentials` leaves the
hashes out for a file handed to an auditor. On SQLite and PostgreSQL."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from adapters.codec import CompactTranscoder
from adapters.composition import Platform
from adapters.config import Settings
from adapters.tenancy.archive import Event, read_archive
from domain.commands import SignIn
from domain.errors import UnauthenticatedError
from tests.conftest import Alur, FakeClock, random_slug

PASSWORD = "sandi-rahasia-2026"
HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
CHANGED = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash("sandi-baru-2026")


@pytest.fixture
def exported(store: Settings, clock: FakeClock, alur_cli: Alur, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    slug = random_slug("ex")
    with Platform(store, clock) as platform:
        platform.create_tenant(slug, name="Diskominfo Uji", variant_id="sumbawa-2021")
        platform.service(slug).create_user("budi", PASSWORD, hash_password=lambda _p: HASH, roles=["kadis"],
                                           sop=("sumbawa-2021", 3), actor="admin")  # fmt: skip
        platform.service(slug).change_password("budi", "sandi-baru-2026", hash_password=lambda _p: CHANGED)
    old = os.umask(0o002)  # a umask that would leave the file readable by the group and others
    try:
        yield slug, tmp_path
    finally:
        os.umask(old)


def test_an_export_is_readable_by_its_owner_only_and_says_it_holds_hashes(
    exported: tuple[str, Path], alur_cli: Alur
) -> None:
    slug, folder = exported
    code, out = alur_cli(f"tenant export {slug} {folder / 'full.alur.gz'}")
    assert code == 0, out
    assert stat.S_IMODE((folder / "full.alur.gz").stat().st_mode) == 0o600
    assert "hash kata sandi" in out and "password hashes" in out
    assert _hashes(folder / "full.alur.gz") == [HASH, CHANGED]


def test_an_export_without_credentials_holds_no_hash_and_imports_with_no_one_signing_in(
    exported: tuple[str, Path], alur_cli: Alur, store: Settings, clock: FakeClock
) -> None:
    slug, folder = exported
    path = folder / "auditor.alur.gz"
    code, out = alur_cli(f"tenant export {slug} {path} --without-credentials")
    assert code == 0, out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _hashes(path) == ["", ""]
    copy = random_slug("au")
    code, out = alur_cli(f"tenant import {path} --as {copy}")
    assert code == 0, out
    with Platform(store, clock) as platform:
        desk = platform.desk(platform.tenant(copy))
        with pytest.raises(UnauthenticatedError):
            desk.commands.sign_in(SignIn("budi", PASSWORD, "10.0.0.1"))
        with pytest.raises(UnauthenticatedError):
            desk.commands.sign_in(SignIn("budi", "sandi-baru-2026", "10.0.0.1"))  # nor the one it changed to
        assert platform.service(copy).user("budi").roles == ("kadis",)  # the people are all there


CREDENTIAL_EVENTS = ("User.Registered", "User.PasswordSet", "User.PasswordChanged")


def _hashes(path: Path) -> list[str]:
    """The password hashes in the file's user events (each decoded as its store encoded it)."""
    found = []
    for record in read_archive(path):
        if isinstance(record, Event) and record.topic.endswith(CREDENTIAL_EVENTS):
            found.append(CompactTranscoder().decode(record.state)["password_hash"])
    return found
