"""`alur tenant export` / `import`: a tenant as one file, into either store, refused when damaged."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from adapters.composition import Platform
from adapters.config import Settings
from adapters.documents import DocumentStore
from adapters.mail import DDL as MAIL_DDL
from adapters.mail import Mail, enqueue
from adapters.tenancy.archive import ArchiveError, Event, read_archive
from adapters.tenancy.transfer import export_tenant, import_tenant, manifest_of
from domain.documents import Document
from domain.errors import AlurError
from tests import pg
from tests.conftest import Alur, random_slug

NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n% surat permohonan\n" + bytes(range(256)) * 40
PNG = b"\x89PNG\r\n\x1a\n" + b"rancangan" * 500


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Settings:
    return Settings(database_url=None, data_dir=tmp_path / "sqlite")


@pytest.fixture
def pg_store(postgres_url: str, tmp_path: Path) -> Iterator[Settings]:
    with pg.scratch_database(postgres_url) as url:
        yield Settings(database_url=url, data_dir=tmp_path / "pg")


def _document(name: str, content: bytes, content_type: str) -> Document:
    return Document(name, hashlib.sha256(content).hexdigest(), len(content), content_type, content)


def seed(platform: Platform, slug: str) -> str:
    """A tenant with people, two SOP versions, documents and a request part-way; its request id."""
    platform.create_tenant(slug, name="Diskominfo Asal", variant_id="sumbawa-2021", timezone="Asia/Makassar")
    service = platform.service(slug)
    service.create_opd("DPMPTSP", "Dinas Penanaman Modal", actor="admin")
    service.create_user("budi", "sandi-rahasia-2026", hash_password=lambda p: f"h:{p}", roles=["kadis"],
                        sop=("sumbawa-2021", 3), actor="admin")  # fmt: skip
    letter = _document("surat.pdf", PDF, "application/pdf")
    request = service.submit_request(
        "sumbawa-2021", 3, user="opd", roles=["opd"], title="Aplikasi Perizinan", letter_number="1/2026",
        letter_date="2026-03-16", opd="DPMPTSP", outputs=[letter.record()], documents=[letter],
    )  # fmt: skip
    sketch = _document("rancangan.png", PNG, "image/png")
    service.act(request.id, 2, user="budi", roles=["kadis"], outputs=[sketch.record()], documents=[sketch])
    platform.set_sop(slug, "cirebon-2019")  # a second SOP version in the tenant's store
    return str(request.id)


def events_of(path: Path) -> list[Event]:
    return [record for record in read_archive(path) if isinstance(record, Event)]


SAME = ("events", "sop_versions", "documents")


@pytest.mark.parametrize("direction", ["sqlite->postgres", "postgres->sqlite"])
def test_a_tenant_exported_from_one_store_imports_into_the_other_whole_and_working(
    direction: str, sqlite_store: Settings, pg_store: Settings, tmp_path: Path
):
    source, target = (sqlite_store, pg_store) if direction.startswith("sqlite") else (pg_store, sqlite_store)
    slug, file = random_slug("x"), tmp_path / "tenant.alur.gz"
    with Platform(source) as origin:
        request_id = seed(origin, slug)
        exported = export_tenant(origin, slug, file)
        before = origin.services.projector(origin.tenant(slug)).requests(now=NOW)
    # 9 of people, SOPs and the request; 3 of the office calendar (opened, this year and the next
    # recorded at the first filing).
    assert exported["counts"] == {"header": 1, "events": 12, "sop_versions": 2, "documents": 2, "sessions": 0,
                                  "mail": 0}  # fmt: skip

    with Platform(target) as there:
        tenant = import_tenant(there, file)
        assert there.tenant(slug).variant_id == "cirebon-2019"  # registered as it was
        again = manifest_of(there, tenant)
        assert {s: again["digests"][s] for s in SAME} == {s: exported["digests"][s] for s in SAME}
        projector = there.services.projector(tenant)
        assert [(r.id, r.status, r.active_step) for r in projector.requests(now=NOW)] == [
            (r.id, r.status, r.active_step) for r in before
        ]
        assert all(status.lag == 0 for status in projector.status())  # read models rebuilt
        store = DocumentStore(projector.db)
        assert store.content(hashlib.sha256(PDF).hexdigest()) == PDF
        after = there.service(slug).act(request_id, 3, user="kabid", roles=["kabid-ti"])  # it works
        assert after.active_step == 4


def test_positions_are_kept_so_the_order_and_the_tracked_positions_are_the_exporters(
    sqlite_store: Settings, pg_store: Settings, tmp_path: Path
):
    slug, first, second = random_slug("x"), tmp_path / "a.alur.gz", tmp_path / "b.alur.gz"
    with Platform(pg_store) as origin:
        seed(origin, slug)
        export_tenant(origin, slug, first)
    with Platform(sqlite_store) as there:
        import_tenant(there, first, slug="renamed")
        export_tenant(there, "renamed", second)
    assert [e.position for e in events_of(second)] == [e.position for e in events_of(first)]
    assert events_of(second) == events_of(first)  # topics and state bytes exactly as stored


def _rewrite(source: Path, target: Path, change) -> None:
    lines = gzip.decompress(source.read_bytes()).splitlines(keepends=True)
    target.write_bytes(gzip.compress(b"".join(change(lines))))


def _damage_state(lines: list[bytes]) -> list[bytes]:
    """Record 5, an event, with other state bytes (valid JSON and base64, a wrong digest)."""
    record = json.loads(lines[4])
    state = record["state"]
    record["state"] = state[:-8] + ("B" * 8 if state.endswith("A" * 8) else "A" * 8)
    changed = json.dumps(record, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    return [*lines[:4], changed, *lines[5:]]


DAMAGES = {
    "a changed event": (_damage_state, 5),
    "a lost record": (lambda lines: lines[:3] + lines[4:], 4),
    "cut short": (lambda lines: lines[:-1], 18),  # the manifest's place: after 17 records
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_file_is_refused_naming_the_first_bad_record_and_changes_nothing(
    damage: str, alur_cli: Alur, store: Settings, tmp_path: Path
):
    good, bad = tmp_path / "good.alur.gz", tmp_path / "bad.alur.gz"
    change, record = DAMAGES[damage]
    with Platform(store) as platform:
        seed(platform, "asal")
        export_tenant(platform, "asal", good)
    _rewrite(good, bad, change)

    code, out = alur_cli(f"tenant import {bad} --as salinan")
    assert code == 1
    assert f"record {record}:" in out
    with Platform(store) as platform:
        assert "salinan" not in {t.slug for t in platform.tenants()}
        if store.database_url:
            with psycopg.connect(store.database_url) as conn:
                found = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = 't_salinan'").fetchone()
            assert found is None
    assert not (store.data_dir / "tenants" / "salinan.sqlite3").exists()


def test_importing_under_a_slug_that_exists_is_refused_and_changes_nothing(alur_cli: Alur, tmp_path: Path):
    file = tmp_path / "t.alur.gz"
    assert alur_cli("tenant create asal --name 'DKISP Asal' --sop sumbawa-2021")[0] == 0
    code, out = alur_cli(f"tenant export asal {file}")
    assert code == 0 and "2 peristiwa / events, 1 versi SOP / SOP versions" in out  # adopted, chosen
    code, out = alur_cli(f"tenant import {file}")
    assert code == 1 and "already exists" in out
    code, out = alur_cli(f"tenant import {file} --as asal-2")
    assert code == 0, out
    listed = alur_cli("tenant list")[1]
    assert "asal-2" in listed and listed.count("DKISP Asal") == 2


def test_a_file_cut_mid_stream_or_not_an_export_at_all_is_refused(tmp_path: Path, sqlite_store: Settings):
    good, cut, foreign = tmp_path / "good.alur.gz", tmp_path / "cut.alur.gz", tmp_path / "x.alur.gz"
    foreign.write_bytes(b"not gzip at all")
    with Platform(sqlite_store) as platform:
        seed(platform, "asal")
        export_tenant(platform, "asal", good)
        cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
        for file in (cut, foreign):
            with pytest.raises(AlurError) as refused:
                import_tenant(platform, file, slug="salinan")
            assert isinstance(refused.value, ArchiveError) and refused.value.record >= 1
            assert "salinan" not in {t.slug for t in platform.tenants()}


MAIL_ROWS = {"mail_outbox": "SELECT id, recipient, subject, body_text, cause, attempts, sent_at, failed_at,"
             " message_id FROM mail_outbox ORDER BY id",
             "mail_email_links": "SELECT token_hash, username, email, expires_at, used_at"
             " FROM mail_email_links ORDER BY token_hash",
             "mail_notices": "SELECT notice_id, username, how, day, cause, decided_at FROM mail_notices"
             " ORDER BY notice_id"}  # fmt: skip


def _mail_rows(platform: Platform, slug: str) -> dict[str, list[dict[str, object]]]:
    db = platform.services.projector(platform.tenant(slug)).db
    with db.transaction(write=False) as tx:
        return {table: tx.query(statement) for table, statement in MAIL_ROWS.items()}


@pytest.mark.parametrize("direction", ["sqlite->postgres", "postgres->sqlite"])
def test_a_tenants_mail_travels_with_it_nothing_waiting_is_lost_and_sent_mail_stays_sent(
    direction: str, sqlite_store: Settings, pg_store: Settings, tmp_path: Path
):
    source, target = (sqlite_store, pg_store) if direction.startswith("sqlite") else (pg_store, sqlite_store)
    slug, plain, moving = random_slug("x"), tmp_path / "plain.alur.gz", tmp_path / "moving.alur.gz"
    with Platform(source) as origin:
        seed(origin, slug)
        db = origin.services.projector(origin.tenant(slug)).db
        with db.transaction() as tx:
            for statement in MAIL_DDL:
                tx.execute(statement)
            enqueue(tx, Mail("budi@example.go.id", "Menunggu", "belum terkirim", cause="waiting"), NOW)
            enqueue(tx, Mail("ani@example.go.id", "Terkirim", "sudah", cause="sent"), NOW)
            tx.execute("UPDATE mail_outbox SET sent_at = ?, attempts = 1 WHERE recipient = ?",
                       (NOW.isoformat(), "ani@example.go.id"))  # fmt: skip
            link = ("ab" * 32, "budi", "budi@example.go.id", NOW.isoformat(), NOW.isoformat())
            tx.execute("INSERT INTO mail_email_links (token_hash, username, email, created_at, expires_at)"
                       " VALUES (?, ?, ?, ?, ?)", link)  # fmt: skip
            told = ("n-1", "ani", "mail", None, "sent", NOW.isoformat())  # how a notice was mailed
            tx.execute("INSERT INTO mail_notices (notice_id, username, how, day, cause, decided_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)", told)  # fmt: skip
        before = _mail_rows(origin, slug)
        assert len(before["mail_outbox"]) == 2 and len(before["mail_email_links"]) == 1
        assert len(before["mail_notices"]) == 1
        assert export_tenant(origin, slug, plain)["counts"]["mail"] == 3  # the outbox and notices, no links
        assert export_tenant(origin, slug, moving, sessions=True)["counts"]["mail"] == 4  # a move's

    with Platform(target) as there:
        import_tenant(there, plain, slug="arsip")
        assert _mail_rows(there, "arsip") == {**before, "mail_email_links": []}
        import_tenant(there, moving, slug="pindah")
        assert _mail_rows(there, "pindah") == before
        waiting = [row for row in _mail_rows(there, "pindah")["mail_outbox"] if row["sent_at"] is None]
        assert [row["recipient"] for row in waiting] == ["budi@example.go.id"]  # still to be sent there


def test_a_file_from_before_the_mail_section_still_imports(tmp_path: Path, sqlite_store: Settings):
    new, old = tmp_path / "new.alur.gz", tmp_path / "old.alur.gz"

    def without_mail(lines: list[bytes]) -> list[bytes]:
        manifest = json.loads(lines[-1])
        manifest.pop("digest")
        del manifest["counts"]["mail"], manifest["digests"]["mail"]
        canonical = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()
        record = {**manifest, "digest": hashlib.sha256(canonical).hexdigest()}
        return [*lines[:-1], json.dumps(record, sort_keys=True, separators=(",", ":")).encode() + b"\n"]

    with Platform(sqlite_store) as platform:
        seed(platform, "asal")
        export_tenant(platform, "asal", new)
        _rewrite(new, old, without_mail)
        assert "mail" not in json.loads(gzip.decompress(old.read_bytes()).splitlines()[-1])["counts"]
        import_tenant(platform, old, slug="lama")
        assert platform.tenant("lama").variant_id == "cirebon-2019"
