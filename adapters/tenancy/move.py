"""`alur tenant move SLUG --to NAME`: a tenant's store to another PostgreSQL database.

1. Freeze. The registry says the tenant is frozen (every process hears it through its tenant
   directory and refuses the tenant's saves: 503 with Retry-After), and a trigger on the
   tenant's events table refuses any save that still arrives, from a process that has not heard
   yet. Creating the trigger waits for saves in flight to commit: from then on the old copy
   cannot change, so every save acknowledged before is in it, and none after.
2. Copy and verify: an export of the old copy (sessions included, so nobody is signed out) is
   imported into the new database, read models rebuilt; the new copy's manifest must equal the
   old one's, section by section.
3. Switch: the registry points the tenant at the new database and thaws it in one save.
4. The old copy stays, frozen, unless `drop_old`: then it is dropped once processes have had
   `settle` seconds to hear of the switch.

If anything fails before the switch, the new copy is dropped and the old one thawed: the tenant
carries on where it was.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from psycopg import sql
from psycopg_pool import ConnectionPool

from adapters.composition import Platform
from adapters.store import FROZEN
from adapters.tenancy.transfer import Progress, import_tenant, manifest_of, write_export
from domain.errors import InvalidInputError
from tenants.model import Tenant

COMPARED = ("events", "sop_versions", "documents", "sessions", "mail")


@dataclass(frozen=True)
class MoveReport:
    source: str
    target: str
    manifest: dict[str, Any]  # of the copy, as exported from the old database
    frozen_seconds: float
    dropped: bool


class MoveError(InvalidInputError):
    """The copy differs from the original: nothing switched, the tenant thawed where it was."""


def move_tenant(
    platform: Platform,
    slug: str,
    to: str,
    *,
    drop_old: bool = False,
    settle: float = 5.0,
    say: Callable[[str], object] = lambda _: None,
    progress: Progress | None = None,
) -> MoveReport:
    """Freeze, copy and verify, switch, and (if asked) drop the old copy; see the module."""
    if platform.settings.database_url is None:
        raise InvalidInputError(
            "memindahkan tenant butuh PostgreSQL; pakai export/import",
            "moving a tenant needs PostgreSQL; use export and import",
            field="database",
        )
    tenant = platform.registry.get(slug)  # the registry itself, not a directory a moment old
    if tenant.database == to:
        raise InvalidInputError(f"tenant {slug!r} sudah di {to!r}", f"tenant {slug!r} is in {to!r} already",
                                field="database")  # fmt: skip
    old_pool, new_pool = platform.services.pool_for(tenant.database), platform.services.pool_for(to)
    moved = replace(tenant, database=to, frozen=False)
    if _holds_schema(new_pool, tenant.schema):
        raise InvalidInputError(
            f"basis data {to!r} sudah memuat skema {tenant.schema}; periksa lalu hapus dengan "
            f"`alur tenant drop-copy {slug} --database {to}`",
            f"database {to!r} holds schema {tenant.schema} already (an old copy?); check it, then "
            f"`alur tenant drop-copy {slug} --database {to}`",
            field="database",
        )

    say(f"1/4 bekukan / freeze {slug} ({tenant.database})")
    started = time.monotonic()
    platform.registry.freeze(slug, f"move to {to}", actor="move")
    platform.directory.refresh()
    _freeze_table(old_pool, tenant.schema)
    try:
        say(f"2/4 salin dan periksa / copy and verify -> {to}")
        manifest = _copy(platform, tenant, moved, progress)
    except BaseException:
        platform.services.forget(moved)
        _drop_schema(new_pool, tenant.schema)
        _thaw_table(old_pool, tenant.schema)
        platform.registry.switch(slug, None, actor="move")  # thawed where it was
        platform.directory.refresh()
        raise
    say(f"3/4 alihkan / switch {slug} -> {to}")
    platform.registry.switch(slug, to, actor="move")
    platform.directory.refresh()
    frozen_seconds = time.monotonic() - started
    if drop_old:
        say(f"4/4 hapus salinan lama / drop the old copy ({tenant.database}) in {settle:.0f} s")
        time.sleep(settle)  # every process hears of the switch before the old tables go
        _drop_schema(old_pool, tenant.schema)
    else:
        say(f"4/4 salinan lama tetap, beku / the old copy stays, frozen ({tenant.database})")
    return MoveReport(tenant.database, to, manifest, frozen_seconds, drop_old)


def thaw_tenant(platform: Platform, slug: str) -> Tenant:
    """Lift a freeze a move left behind (its process killed before the switch): the tenant takes
    writes again where the registry says it is."""
    tenant = platform.registry.get(slug)
    if platform.settings.database_url is not None:
        _thaw_table(platform.services.pool_for(tenant.database), tenant.schema)
    tenant = platform.registry.switch(slug, None, actor="thaw")
    platform.directory.refresh()
    return tenant


def drop_copy(platform: Platform, slug: str, database: str) -> None:
    """Drop the tenant's copy in a database the registry no longer routes it to (the old copy
    a move kept, or a new one a killed move left half-written)."""
    tenant = platform.registry.get(slug)
    if tenant.database == database:
        raise InvalidInputError(
            f"{database!r} memuat salinan hidup tenant {slug!r}; tidak dihapus",
            f"{database!r} holds the live copy of tenant {slug!r}; not dropped",
            field="database",
        )
    if tenant.frozen:
        raise InvalidInputError(
            f"tenant {slug!r} sedang dipindahkan; bila pemindahan terhenti, jalankan dulu `alur tenant thaw`",
            f"tenant {slug!r} is being moved; if that move stopped, run `alur tenant thaw` first",
            field="slug",
        )
    _drop_schema(platform.services.pool_for(database), tenant.schema)


def _copy(platform: Platform, tenant: Tenant, moved: Tenant, progress: Progress | None) -> dict[str, Any]:
    """Export the frozen old copy, import it under the same slug into the new database, and
    compare the new copy's manifest with the old one's."""
    with tempfile.TemporaryDirectory(prefix="alur-move-") as folder:
        file = Path(folder) / f"{tenant.slug}.alur.gz"
        with file.open("wb") as out:
            manifest = write_export(platform, tenant, out, sessions=True, progress=progress)
        import_tenant(platform, file, database=moved.database, register=False)
    copied = manifest_of(platform, moved, sessions=True)
    for section in COMPARED:
        if (copied["counts"][section], copied["digests"][section]) != (
            manifest["counts"][section],
            manifest["digests"][section],
        ):
            raise MoveError(
                f"salinan berbeda dari aslinya pada bagian {section}; tidak dialihkan",
                f"the copy differs from the original in section {section}; not switched",
            )
    return manifest


def _holds_schema(pool: ConnectionPool[Any], schema: str) -> bool:
    with pool.connection() as conn:
        return conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone() is not None


def _freeze_table(pool: ConnectionPool[Any], schema: str) -> None:
    """Refuse every write to the tenant's events, whoever sends it; waits for saves in flight."""
    name = sql.Identifier(schema)
    with pool.connection() as conn, conn.transaction():
        conn.execute(
            sql.SQL(
                "CREATE OR REPLACE FUNCTION {}.alur_frozen() RETURNS trigger LANGUAGE plpgsql AS"
                " $$ BEGIN RAISE EXCEPTION {}; END $$"
            ).format(name, sql.Literal(f"{FROZEN}: tenant {schema} is moving"))
        )
        conn.execute(sql.SQL("DROP TRIGGER IF EXISTS alur_frozen ON {}.alur_events").format(name))
        conn.execute(
            sql.SQL(
                "CREATE TRIGGER alur_frozen BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {0}.alur_events"
                " FOR EACH STATEMENT EXECUTE FUNCTION {0}.alur_frozen()"
            ).format(name)
        )


def _thaw_table(pool: ConnectionPool[Any], schema: str) -> None:
    with pool.connection() as conn:
        conn.execute(
            sql.SQL("DROP TRIGGER IF EXISTS alur_frozen ON {}.alur_events").format(sql.Identifier(schema))
        )


def _drop_schema(pool: ConnectionPool[Any], schema: str) -> None:
    with pool.connection() as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
