"""The hash chain over a tenant's events (issue 20), on SQLite and PostgreSQL: every event is
linked as it is saved; an exported bundle verifies offline with `adapters/audit_verify.py`
alone; a row changed, deleted or reordered in the store is named by position; events stored
before the chain are chained once, and that is recorded."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest

from adapters import audit_bundle, audit_verify
from adapters.composition import Platform
from adapters.config import Settings
from adapters.store import sqlite_path
from tests import pg
from tests.conftest import FakeClock, random_slug

LETTER = {"title": "Aplikasi Antrian", "letter_number": "440/1/2026", "letter_date": "2026-03-16"}
AT = datetime(2026, 12, 5, tzinfo=UTC)


@pytest.fixture
def office(settings: Settings, clock: FakeClock) -> Iterator[tuple[Platform, str]]:
    platform = Platform(settings, clock)
    slug = random_slug("ch")
    platform.create_tenant(slug, name="Diskominfo Uji", variant_id="sumbawa-2021", timezone="Asia/Makassar")
    service = platform.service(slug)
    for n in range(3):
        letter = {**LETTER, "title": f"A{n}"}
        request_id = service.submit("sumbawa-2021", 3, user="pemohon", roles=["opd"], **letter)
        service.act(request_id, 2, user="kadis", roles=["kadis"])
    try:
        yield platform, slug
    finally:
        platform.close()
        if settings.database_url:
            pg.drop_schema(settings.database_url, "t_" + slug.replace("-", "_"))


def db_of(platform: Platform, slug: str) -> Any:
    return platform.services.projector(platform.tenant(slug)).db


def exported(platform: Platform, slug: str, path: Path) -> dict[str, Any]:
    key = audit_bundle.signing_key(platform.settings.data_dir, slug)
    return audit_bundle.export_bundle(db_of(platform, slug), slug, "Diskominfo Uji", path, key, AT)


def tamper(settings: Settings, slug: str) -> Callable[[str], None]:
    """Run SQL on the tenant's events table directly, as someone with database access would."""
    if settings.database_url is None:
        def run(statement: str) -> None:
            with sqlite3.connect(sqlite_path(settings, slug)) as conn:
                conn.executescript(statement.replace("EVENTS", "stored_events").replace("POS", "rowid"))
        return run

    def run_pg(statement: str) -> None:
        schema = "t_" + slug.replace("-", "_")
        with psycopg.connect(settings.database_url, autocommit=True) as conn:
            conn.execute(f"SET search_path TO {schema}")
            named = statement.replace("EVENTS", "alur_events").replace("POS", "notification_id")
            for part in named.split(";"):
                if part.strip():
                    conn.execute(part)
    return run_pg


def test_an_exported_bundle_verifies_offline_with_the_verifier_alone(
    office: tuple[Platform, str], tmp_path: Path
) -> None:
    platform, slug = office
    assert audit_bundle.verify_store(db_of(platform, slug)) is None
    bundle = tmp_path / "jejak.alur-audit.gz"
    manifest = exported(platform, slug, bundle)
    assert manifest["count"] >= 9 and manifest["first"] == 1
    # The verifier as an inspector runs it: its own file, no Alur on the path.
    copy = tmp_path / "audit_verify.py"
    copy.write_text(Path(audit_verify.__file__).read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-I", str(copy), str(bundle)], capture_output=True, text=True,
                          cwd=tmp_path, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"sah / valid: {manifest['count']} peristiwa")
    # A second export extends the head the first published.
    service = platform.service(slug)
    service.submit("sumbawa-2021", 3, user="pemohon", roles=["opd"], **{**LETTER, "title": "Berikutnya"})
    later = exported(platform, slug, tmp_path / "later.gz")
    assert [head["position"] for head in later["earlier_heads"]] == [manifest["last"]]
    assert audit_verify.verify(str(tmp_path / "later.gz")).ok


@pytest.mark.parametrize(("damage", "statement", "position"), [
    ("a changed event", "UPDATE EVENTS SET state = substr(state, 1, length(state) - 1) WHERE POS = 5", 5),
    ("a deleted event", "DELETE FROM EVENTS WHERE POS = 6", 6),
    ("two events reordered", "UPDATE EVENTS SET POS = -7 WHERE POS = 7; UPDATE EVENTS SET POS = 7"
                             " WHERE POS = 8; UPDATE EVENTS SET POS = 8 WHERE POS = -7", 7),
])  # fmt: skip
def test_a_tampered_store_fails_naming_the_first_bad_position(
    office: tuple[Platform, str], settings: Settings, tmp_path: Path, damage: str, statement: str,
    position: int,
) -> None:
    platform, slug = office
    tamper(settings, slug)(statement)
    found = audit_bundle.verify_store(db_of(platform, slug))
    assert found is not None and found.position == position, (damage, found)
    bundle = tmp_path / "rusak.gz"
    exported(platform, slug, bundle)
    outcome = audit_verify.verify(str(bundle))
    assert not outcome.ok and outcome.problem is not None
    assert outcome.problem.startswith(f"posisi / position {position}:"), outcome.problem


def test_a_changed_manifest_or_another_key_is_refused(office: tuple[Platform, str], tmp_path: Path) -> None:
    import gzip
    import json

    platform, slug = office
    bundle = tmp_path / "b.gz"
    exported(platform, slug, bundle)
    lines = gzip.decompress(bundle.read_bytes()).decode().splitlines()
    closing = json.loads(lines[-1])
    closing["manifest"]["count"] += 1
    forged = tmp_path / "forged.gz"
    forged.write_bytes(gzip.compress("\n".join([*lines[:-1], json.dumps(closing)]).encode()))
    assert "signature is not valid" in str(audit_verify.verify(str(forged)).problem)
    other = audit_bundle.public_key(audit_bundle.signing_key(tmp_path, "lain"))
    import base64

    assert "not the one given" in str(audit_verify.verify(str(bundle), base64.b64decode(other)).problem)


def test_events_stored_before_the_chain_are_chained_once_and_that_is_recorded(
    settings: Settings, clock: FakeClock, office: tuple[Platform, str], tmp_path: Path
) -> None:
    platform, slug = office
    tamper(settings, slug)("DELETE FROM alur_chain")
    platform.close()
    with Platform(settings, clock) as again:  # opening the tenant chains what has no link
        service = again.service(slug)
        assert audit_bundle.verify_store(db_of(again, slug)) is None
        (begun,) = [e for e in service.recorder.select_events(audit_bundle_id())]
        assert begun.topic.endswith("Begun")
        assert audit_verify.verify(str(exported_to(again, slug, tmp_path))).ok


def audit_bundle_id() -> Any:
    from domain.audit_chain import AUDIT_CHAIN_ID

    return AUDIT_CHAIN_ID


def exported_to(platform: Platform, slug: str, tmp_path: Path) -> Path:
    path = tmp_path / "after.gz"
    exported(platform, slug, path)
    return path


def test_the_operator_exports_verifies_and_reads_the_signed_head(alur_cli: Any, tmp_path: Path) -> None:
    from tests.conftest import CREATE_SUMBAWA

    assert alur_cli(CREATE_SUMBAWA)[0] == 0
    assert alur_cli("opd create --tenant sumbawa DINKES --name 'Dinas Kesehatan'")[0] == 0
    bundle = tmp_path / "sumbawa.alur-audit.gz"
    code, out = alur_cli(f"audit export --tenant sumbawa {bundle}")
    assert code == 0 and "peristiwa / events" in out, out
    code, out = alur_cli(f"audit verify {bundle}")
    assert code == 0 and out.startswith("sah / valid: "), out
    code, out = alur_cli("audit head --tenant sumbawa")
    assert code == 0 and "tanda tangan / signature" in out and "kunci publik / public key" in out
    assert alur_cli("audit check --tenant sumbawa") == (0, "sah / valid: rantai utuh / the chain holds\n")
    code, out = alur_cli("audit --tenant sumbawa --format text")  # the trail itself, as before
    assert code == 0 and "DINKES" in out
    (tmp_path / "kosong.gz").write_bytes(b"bukan bundel")
    assert alur_cli(f"audit verify {tmp_path / 'kosong.gz'}")[0] == 2


def test_the_signed_head_is_public_and_verifies_with_its_key(
    office: tuple[Platform, str], tmp_path: Path
) -> None:
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from starlette.testclient import TestClient

    from web.app import create_app

    platform, slug = office
    exported(platform, slug, tmp_path / "x.gz")
    with TestClient(create_app(platform)) as client:
        page = client.get(f"/t/{slug}/rantai")
        assert page.status_code == 200 and "Kepala rantai jejak audit" in page.text
        head = client.get(f"/t/{slug}/rantai?format=json").json()
    statement = {key: head[key] for key in ("tenant", "position", "hash", "at")}
    Ed25519PublicKey.from_public_bytes(base64.b64decode(head["public_key"])).verify(
        base64.b64decode(head["signature"]), audit_verify.manifest_bytes(statement))  # fmt: skip
    assert head["published"][0]["position"] == head["position"]  # nothing saved since the export
