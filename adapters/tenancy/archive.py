"""The tenant export file: gzip'd JSON lines, written and read one record at a time.

A tenant may hold years of events and many documents, so the file is a stream: a header, the
events in order with their positions, the SOP versions the tenant adopted (an index into those
events), the documents, and a manifest at the end. Nothing is decoded or re-encoded: an event is
its stored topic and state bytes (base64), exactly as the store held them.

Each record carries its number `n` and the SHA-256 of its own content (`digest`), so a damaged file is
refused naming the first bad record, not merely "the digest differs". The manifest counts each
section and gives the SHA-256 of each section's lines and of every line before it.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from domain.errors import InvalidInputError

FORMAT = "alur-tenant-export"
FORMAT_VERSION = 1
SECTIONS = ("header", "events", "sop_versions", "documents", "sessions", "mail")
KIND_SECTION = {"header": "header", "event": "events", "sop_version": "sop_versions",
                "document": "documents", "session": "sessions", "mail": "mail"}  # fmt: skip
# Sections a file written before them does not name in its manifest: absent there means empty.
LATER_SECTIONS = ("mail",)
# The mail tables an export carries, each with the columns it may write (adapters/mail.py):
# the outbox (waiting, sent and failed mail) and how each notice was mailed (so a moved tenant
# mails none again) always, the confirmation links with the sessions.
MAIL_TABLES = {
    "mail_outbox": ("id", "recipient", "subject", "body_text", "body_html", "cause", "created_at",
                    "send_after", "attempts", "next_attempt_at", "claimed_by", "claimed_until", "sent_at",
                    "failed_at", "last_error", "message_id", "smtp_reply"),
    "mail_email_links": ("token_hash", "username", "email", "created_at", "expires_at", "used_at"),
    "mail_notices": ("notice_id", "username", "how", "day", "cause", "decided_at"),
}  # fmt: skip
ADOPTED_TOPICS = ("SopVersion.Adopted", "domain.sop_version:SopVersion.Adopted")


class ArchiveError(InvalidInputError):
    """A damaged or foreign export file; names the first record that is wrong."""

    def __init__(self, record: int, indonesian: str, english: str) -> None:
        where = f"rekaman {record}" if record else "berkas"
        where_en = f"record {record}" if record else "file"
        super().__init__(f"{where}: {indonesian}", f"{where_en}: {english}", field="file")
        self.record = record


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _digest(record: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


@dataclass
class Digests:
    """Counts and running SHA-256 per section and over every line before the manifest."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    sections: dict[str, Any] = field(default_factory=lambda: {s: hashlib.sha256() for s in SECTIONS})
    whole: Any = field(default_factory=hashlib.sha256)

    def add(self, section: str, line: bytes) -> None:
        self.counts[section] += 1
        self.sections[section].update(line)
        self.whole.update(line)

    def manifest(self) -> dict[str, Any]:
        return {
            "counts": dict(self.counts),
            "digests": {name: digest.hexdigest() for name, digest in self.sections.items()},  # SHA-256
            "sha256_all": self.whole.hexdigest(),
        }


class ArchiveWriter:
    """Writes records in order; `close()` writes the manifest. Holds one record at a time."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = gzip.GzipFile(fileobj=out, mode="wb", compresslevel=6)
        self._n = 0
        self.digests = Digests()

    def header(self, tenant: dict[str, Any], source: dict[str, Any], exported_at: str) -> None:
        self._write({"kind": "header", "format": FORMAT, "format_version": FORMAT_VERSION,
                     "tenant": tenant, "source": source, "exported_at": exported_at})  # fmt: skip

    def event(self, position: int, originator_id: UUID, version: int, topic: str, state: bytes) -> None:
        self._write({"kind": "event", "position": position, "originator_id": str(originator_id),
                     "originator_version": version, "topic": topic, "state": b64(state)})  # fmt: skip

    def sop_version(self, position: int, variant_id: str, version: int, fingerprint: str) -> None:
        self._write({"kind": "sop_version", "position": position, "variant_id": variant_id,
                     "variant_version": version, "fingerprint": fingerprint})  # fmt: skip

    def document(self, sha256: str, content_type: str, content: bytes) -> None:
        self._write({"kind": "document", "sha256": sha256, "content_type": content_type,
                     "size": len(content), "content": b64(content)})  # fmt: skip

    def session(self, row: dict[str, Any]) -> None:
        self._write({"kind": "session", "row": row})

    def mail(self, table: str, row: dict[str, Any]) -> None:
        self._write({"kind": "mail", "table": table, "row": row})

    def close(self) -> dict[str, Any]:
        """Write the manifest and finish the gzip stream; returns the manifest."""
        manifest = self.digests.manifest()
        self._n += 1
        record = {"n": self._n, "kind": "manifest", **manifest}
        self._out.write(_line({**record, "digest": _digest(record)}))
        self._out.close()
        return manifest

    def _write(self, record: dict[str, Any]) -> None:
        self._n += 1
        record = {"n": self._n, **record}
        line = _line({**record, "digest": _digest(record)})
        self.digests.add(KIND_SECTION[record["kind"]], line)
        self._out.write(line)


def _line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode() + b"\n"


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    position: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


@dataclass(frozen=True)
class DocumentRecord:
    sha256: str
    content_type: str
    content: bytes


Record = dict[str, Any] | Event | DocumentRecord


def read_archive(path: Path, progress: Callable[[int, int], None] | None = None) -> Iterator[Record]:
    """Every record of the file, checked as it is read; the last thing yielded is the manifest.

    Raises ArchiveError at the first record that is damaged, out of order or inconsistent with
    what came before, and at the end if the manifest's counts or digests differ from the file.
    The header comes first (a dict), then Event, sop_version dicts, DocumentRecord, session
    dicts, and the manifest dict. `progress` hears (bytes of the file read, its size).
    """
    reader = _Reader()
    size = path.stat().st_size
    try:
        with path.open("rb") as raw, gzip.GzipFile(fileobj=raw, mode="rb") as stream:
            for line in stream:
                yield reader.take(line)
                if progress is not None and reader.n % 500 == 0:
                    progress(raw.tell(), size)
    except (OSError, EOFError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
        raise ArchiveError(
            reader.n + 1,
            f"berkas rusak atau terpotong ({error})",
            f"the file is damaged or cut short ({error})",
        ) from None
    reader.finish()
    if progress is not None:
        progress(size, size)


class _Reader:
    """The checks of one pass over a file, record by record."""

    def __init__(self) -> None:
        self.n = 0
        self.digests = Digests()
        self.section = 0  # index into SECTIONS: sections come in order, each at most once
        self.position = 0
        self.adopted: set[int] = set()
        self.manifest: dict[str, Any] | None = None

    def fail(self, indonesian: str, english: str) -> ArchiveError:
        return ArchiveError(self.n, indonesian, english)

    def take(self, line: bytes) -> Record:
        self.n += 1
        if self.manifest is not None:
            raise self.fail("ada rekaman setelah manifest", "a record follows the manifest")
        try:
            record = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise self.fail("bukan JSON yang sah", "is not valid JSON") from None
        if not isinstance(record, dict):
            raise self.fail("bukan objek JSON", "is not a JSON object")
        claimed = record.pop("digest", None)
        if record.get("n") != self.n:
            number = record.get("n")
            raise self.fail(f"bernomor {number!r}, seharusnya {self.n} (hilang atau ganda)",
                            f"is numbered {number!r}, expected {self.n} (lost or repeated)")  # fmt: skip
        if claimed != _digest(record):
            raise self.fail("isinya tidak cocok dengan SHA-256-nya (rusak)",
                            "its content does not match its SHA-256 (damaged)")  # fmt: skip
        kind = record.get("kind")
        if kind == "manifest":
            self.manifest = record
            return record
        if kind not in KIND_SECTION:
            raise self.fail(f"jenis rekaman tidak dikenal {kind!r}", f"unknown record kind {kind!r}")
        section = SECTIONS.index(KIND_SECTION[kind])
        if section < self.section or (self.n == 1) != (kind == "header"):
            raise self.fail(f"rekaman {kind} tidak pada urutannya", f"{kind} record out of order")
        self.section = section
        self.digests.add(KIND_SECTION[kind], line)
        return self._checked(kind, record)

    def _checked(self, kind: str, record: dict[str, Any]) -> Record:
        try:
            if kind == "header":
                if record.get("format") != FORMAT or record.get("format_version") != FORMAT_VERSION:
                    raise self.fail("bukan berkas ekspor tenant Alur versi 1",
                                    "is not an Alur tenant export, format version 1")  # fmt: skip
                return record
            if kind == "event":
                return self._event(record)
            if kind == "sop_version":
                if record["position"] not in self.adopted:
                    raise self.fail("versi SOP menunjuk peristiwa yang tidak ada",
                                    "the SOP version names no adoption event of this file")  # fmt: skip
                return record
            if kind == "document":
                content = base64.b64decode(record["content"], validate=True)
                if hashlib.sha256(content).hexdigest() != record["sha256"] or len(content) != record["size"]:
                    raise self.fail("isi dokumen tidak cocok dengan SHA-256-nya",
                                    "the document's content does not match its SHA-256")  # fmt: skip
                return DocumentRecord(record["sha256"], str(record["content_type"]), content)
            if kind == "mail":
                columns, row = MAIL_TABLES.get(record["table"]), record["row"]
                if columns is None or not isinstance(row, dict) or not set(row) <= set(columns):
                    raise self.fail("rekaman surel untuk tabel atau kolom yang tidak dikenal",
                                    "a mail record for an unknown table or column")  # fmt: skip
            return record  # a session or mail row: checked by its digest
        except (KeyError, TypeError, ValueError, binascii.Error) as error:
            raise self.fail(
                f"rekaman {kind} tidak lengkap ({error})", f"incomplete {kind} record ({error})"
            ) from None

    def _event(self, record: dict[str, Any]) -> Event:
        position, version, topic = record["position"], record["originator_version"], record["topic"]
        if not isinstance(position, int) or position <= self.position:
            raise self.fail(f"posisi {position!r} tidak naik", f"position {position!r} does not ascend")
        if not isinstance(version, int) or version < 1 or not isinstance(topic, str) or not topic:
            raise self.fail("versi atau topik peristiwa tidak sah", "bad event version or topic")
        self.position = position
        if topic in ADOPTED_TOPICS:
            self.adopted.add(position)
        state = base64.b64decode(record["state"], validate=True)
        return Event(position, UUID(record["originator_id"]), version, topic, state)

    def finish(self) -> None:
        if self.manifest is None:
            raise ArchiveError(self.n + 1, "tidak ada: berkas berakhir tanpa manifest (terpotong)",
                               "missing: the file ends without a manifest (cut short)")  # fmt: skip
        expected = self.digests.manifest()
        for name in SECTIONS:
            named = name in self.manifest.get("counts", {})
            if name in LATER_SECTIONS and not named and not expected["counts"][name]:
                continue  # a file from before this section: it has none
            if self.manifest.get("counts", {}).get(name) != expected["counts"][name]:
                raise ArchiveError(self.n, f"manifest mencatat {self.manifest['counts'].get(name)} rekaman "
                                   f"{name}, berkas berisi {expected['counts'][name]}",
                                   f"the manifest counts {self.manifest['counts'].get(name)} {name}, "
                                   f"the file holds {expected['counts'][name]}")  # fmt: skip
            if self.manifest.get("digests", {}).get(name) != expected["digests"][name]:
                raise ArchiveError(self.n, f"SHA-256 bagian {name} tidak cocok",
                                   f"the SHA-256 of section {name} does not match")  # fmt: skip
        if self.manifest.get("sha256_all") != expected["sha256_all"]:
            raise ArchiveError(
                self.n, "SHA-256 seluruh berkas tidak cocok", "the SHA-256 of the whole does not match"
            )
