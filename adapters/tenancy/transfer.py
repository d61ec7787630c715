"""`alur tenant export` and `import`: a tenant's whole store as one file, and back into any store.

Export reads one consistent snapshot of the tenant's store (adapters/tenancy/stores.py) and
streams it into the file (adapters/tenancy/archive.py): events exactly as stored, the SOP
versions adopted, the documents. That is the whole tenant: every request and document, every
user's details and every argon2 hash of every password a user ever had. The file is written
readable by its owner only; `credentials=False` (`--without-credentials`) blanks the hashes
in the users' events, for a file handed to an auditor (its users cannot sign in once imported
until an admin resets their passwords).

Import reads the file twice. The first pass checks every record and the manifest and writes
nothing, so a damaged file is refused naming its first bad record with nothing changed. The
second pass writes every event and document in one transaction, checking the same digests
again (a file changed in between rolls the transaction back). Events keep their notification
ids: the order, and the positions the read models track, are the exporter's. The tenant is then
registered and its read models rebuilt from zero.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from eventsourcing.persistence import Notification

from adapters.composition import Platform
from adapters.tenancy.archive import (
    ADOPTED_TOPICS,
    ArchiveError,
    ArchiveWriter,
    DocumentRecord,
    Event,
    read_archive,
)
from adapters.tenancy.stores import TargetNotEmptyError, snapshot, target
from domain.calendar import OfficeHours
from domain.errors import InvalidInputError, NotFoundError
from tenants.model import MAIN_DATABASE, Tenant

Progress = Callable[[int, int], None]  # (done, total)


def tenant_header(tenant: Tenant) -> dict[str, Any]:
    hours = tenant.office_hours
    return {
        "slug": tenant.slug,
        "name": tenant.name,
        "region": tenant.region,
        "timezone": tenant.timezone,
        "office_hours": f"{hours.start:%H:%M}-{hours.end:%H:%M}",
        "variant_id": tenant.variant_id,
        "variant_version": tenant.variant_version,
    }


# -- export ------------------------------------------------------------------------------------


def export_tenant(
    platform: Platform, slug: str, path: Path, *, sessions: bool = False, credentials: bool = True,
    progress: Progress | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Write the tenant's store to `path` (gzip'd JSON lines, mode 0600); returns the manifest.

    The file appears under its name only once complete: a failed export leaves none behind.
    `sessions`: also the signed-in sessions (token hashes), for a move; a file for the archive
    does not need them. `credentials=False`: the password hashes left out.
    """
    tenant = platform.tenant(slug)
    partial = path.with_name(path.name + ".partial")
    try:
        # created owner-only (whatever the umask): the file holds every user's password hashes
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            manifest = write_export(platform, tenant, out, sessions=sessions, credentials=credentials,
                                    progress=progress)  # fmt: skip
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def write_export(
    platform: Platform, tenant: Tenant, out: IO[bytes], *, sessions: bool = False, credentials: bool = True,
    progress: Progress | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Stream the tenant's store into `out`; returns the manifest."""
    service = platform.services.for_tenant(tenant)  # its tables exist from here on
    writer = ArchiveWriter(out)
    backend = "postgresql" if platform.settings.database_url else "sqlite"
    now = datetime.now(UTC).isoformat()
    source = {"backend": backend, "database": tenant.database, "credentials": credentials}
    writer.header(tenant_header(tenant), source, now)
    with snapshot(platform, tenant) as reading:
        total, done = reading.count(), 0
        adopted: list[Event] = []
        for event in reading.events():
            state = event.state
            if not credentials and event.topic in CREDENTIAL_TOPICS:
                state = _without_password_hash(service.mapper, state)
            writer.event(event.position, event.originator_id, event.originator_version, event.topic, state)
            if event.topic in ADOPTED_TOPICS:
                adopted.append(event)
            done += 1
            if progress is not None and done % 500 == 0:
                progress(done, total)
        for event in adopted:
            stored = Notification(id=event.position, originator_id=event.originator_id,
                                  originator_version=event.originator_version, topic=event.topic,
                                  state=event.state)  # fmt: skip
            version: Any = service.mapper.to_domain_event(stored)
            writer.sop_version(
                event.position, version.variant_id, version.variant_version, version.fingerprint
            )
        for document in reading.documents():
            writer.document(document.sha256, document.content_type, document.content)
            done += 1
            if progress is not None:
                progress(done, total)
        if sessions:
            for row in reading.sessions():
                writer.session(row)
        # the tenant's mail: what waits to be sent is not lost by a move, and what was sent
        # stays on record, as does how each notice was mailed; open confirmation links travel
        # with the sessions only
        for table in ("mail_outbox", "mail_notices", *(("mail_email_links",) if sessions else ())):
            for row in reading.mail(table):
                writer.mail(table, row)
    manifest = writer.close()
    if progress is not None:
        progress(total, total)
    return manifest


# The user events that carry a password hash, under their short and their older long topics.
CREDENTIAL_TOPICS = frozenset(
    f"{module}{name}"
    for module in ("", "domain.people:")
    for name in ("User.Registered", "User.PasswordSet", "User.PasswordChanged")
)


def _without_password_hash(mapper: Any, state: bytes) -> bytes:
    """The stored state with its hash blanked, encoded as the store encodes it (the event keeps
    its class version: nothing is upcast)."""
    if mapper.cipher:
        state = mapper.cipher.decrypt(state)
    if mapper.compressor:
        state = mapper.compressor.decompress(state)
    data = mapper.transcoder.decode(state)
    data["password_hash"] = ""
    state = mapper.transcoder.encode(data)
    if mapper.compressor:
        state = mapper.compressor.compress(state)
    if mapper.cipher:
        state = mapper.cipher.encrypt(state)
    return bytes(state)


def manifest_of(platform: Platform, tenant: Tenant, *, sessions: bool = False) -> dict[str, Any]:
    """The manifest an export of the tenant's store would have, writing nothing anywhere."""
    with open(os.devnull, "wb") as nowhere:
        return write_export(platform, tenant, nowhere, sessions=sessions)


# -- import ------------------------------------------------------------------------------------


def check_archive(path: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Read the whole file, checking every record; returns its header (ArchiveError if bad)."""
    header: dict[str, Any] = {}
    for record in read_archive(path, progress):
        if isinstance(record, dict) and record.get("kind") == "header":
            header = record
    _tenant_fields(header)
    return header


def import_tenant(
    platform: Platform,
    path: Path,
    *,
    slug: str | None = None,
    database: str = MAIN_DATABASE,
    register: bool = True,
    progress: Progress | None = None,
    rebuild_progress: Progress | None = None,
) -> Tenant:
    """Restore the tenant of `path` (as `slug` if given) into `database`; returns it.

    Refused, changing nothing: a damaged file (ArchiveError naming the record), a slug the
    registry has already (`register`: a move keeps the registry's own record), or a target
    store that holds events already.
    """
    header = check_archive(path, progress)
    tenant = _tenant_fields(header, slug, database)
    if register:
        try:
            platform.registry.get(tenant.slug)
        except NotFoundError:
            pass
        else:
            raise InvalidInputError(
                f"tenant {tenant.slug!r} sudah ada; impor dengan --as SLUG lain",
                f"tenant {tenant.slug!r} already exists; import it --as another SLUG",
                field="slug",
            )
    _check_database(platform, database)
    store = target(platform, tenant)
    existed = store.exists()
    try:
        platform.services.for_tenant(tenant)  # the library's tables, in a new schema or file
        with store.transaction() as writer:
            for record in read_archive(path, progress):  # checked again as written
                if isinstance(record, Event):
                    writer.event(record)
                elif isinstance(record, DocumentRecord):
                    writer.document(record)
                elif record.get("kind") == "session":
                    writer.session(record["row"])
                elif record.get("kind") == "mail":
                    writer.mail(record["table"], record["row"])
        if register:
            platform.registry.restore(
                tenant.slug, name=tenant.name, variant_id=tenant.variant_id,
                variant_version=tenant.variant_version, timezone=tenant.timezone, region=tenant.region,
                office_hours=header["tenant"]["office_hours"], database=database, actor="import",
            )  # fmt: skip
            platform.directory.refresh()
    except BaseException as error:
        if not existed and not isinstance(error, TargetNotEmptyError):  # else: another's, not ours
            platform.services.forget(tenant)
            store.discard()
        raise
    platform.services.projector(tenant).rebuild(progress=rebuild_progress)
    return tenant


def _tenant_fields(header: dict[str, Any], slug: str | None = None, database: str = MAIN_DATABASE) -> Tenant:
    try:
        fields = header["tenant"]
        return Tenant(
            slug=slug or fields["slug"],
            name=fields["name"],
            region=fields["region"],
            timezone=fields["timezone"],
            variant_id=fields["variant_id"],
            variant_version=int(fields["variant_version"]),
            office_hours=OfficeHours.parse(fields["office_hours"]),
            database=database,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ArchiveError(
            1, f"kepala berkas tidak lengkap ({error})", f"incomplete header ({error})"
        ) from None


def _check_database(platform: Platform, database: str) -> None:
    known = platform.settings.database_urls()
    if database != MAIN_DATABASE and database not in known:
        raise InvalidInputError(
            f"basis data {database!r} tidak ada di ALUR_DATABASES",
            f"no database {database!r} in ALUR_DATABASES",
            field="database",
        )
