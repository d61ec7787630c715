"""Verify an Alur audit bundle offline: `python audit_verify.py BUNDLE [--key PUBLIC-KEY]`.

Needs only the Python standard library and `cryptography` (for the Ed25519 signature): no
database, no service, no other part of Alur. An inspector may copy this one file.

A bundle (`alur audit export`) is gzip'd JSON lines: a header; one line per stored event in
order (its position, originator id, version, topic, state bytes in base64, and its chain hash),
or a line marking a position whose event is gone; then the manifest (tenant, counts, the hash
before the first event, the head, the earlier published heads it extends) with the tenant's
Ed25519 signature over it. The chain is `hash = SHA-256(previous hash ‖ canonical bytes)`, the
canonical bytes being the event as stored (see `canonical` below, the same as adapters/chain.py).

Exit 0 when the bundle is whole; 1 naming the first bad position otherwise; 2 when the file
cannot be read as a bundle.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import json
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

PREFIX = b"alur-event/1\n"
GENESIS = bytes(32)
FORMAT = "alur-audit-bundle/1"


def canonical(originator_id: str, version: int, topic: str, state: bytes) -> bytes:
    """An event as the chain hashes it (adapters/chain.py `canonical`, byte for byte)."""
    name = topic.encode("utf-8")
    return (PREFIX + uuid.UUID(originator_id).bytes + version.to_bytes(8, "big", signed=True)
            + len(name).to_bytes(4, "big") + name + len(state).to_bytes(8, "big") + state)  # fmt: skip


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """What the signature covers: the manifest as canonical JSON."""
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@dataclass
class Outcome:
    """A verification's result: `problem` names the first bad position (None: the bundle holds)."""

    events: int = 0
    head: str = ""
    problem: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem is None


class BundleError(ValueError):
    """The file is not a bundle this verifier reads."""


def lines(path: str) -> Iterator[dict[str, Any]]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            for number, line in enumerate(stream, start=1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as error:
                        raise BundleError(f"baris / line {number}: bukan JSON / not JSON ({error})") from None
    except (OSError, EOFError) as error:
        raise BundleError(f"berkas tidak terbaca / unreadable file: {error}") from None


def verify(path: str, key: bytes | None = None) -> Outcome:
    """Check the signature, then recompute the chain event by event; stop at the first break."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    records = list(lines(path))
    if not records or records[0].get("format") != FORMAT:
        raise BundleError(f"bukan bundel audit Alur / not an Alur audit bundle ({FORMAT})")
    if "manifest" not in records[-1]:
        raise BundleError("bundel terpotong: tanpa manifes / the bundle is cut short: no manifest")
    header, events, closing = records[0], records[1:-1], records[-1]
    manifest = closing["manifest"]
    outcome = Outcome()
    published = base64.b64decode(closing.get("public_key", ""))
    if key is not None and key != published:
        outcome.problem = ("kunci penanda tangan bukan kunci yang diberikan / the signing key is not the "
                           "one given (--key)")  # fmt: skip
        return outcome
    try:
        Ed25519PublicKey.from_public_bytes(published).verify(base64.b64decode(closing["signature"]),
                                                             manifest_bytes(manifest))  # fmt: skip
    except (InvalidSignature, ValueError):
        outcome.problem = ("tanda tangan manifes tidak sah: manifes atau kuncinya diubah / the manifest's "
                           "signature is not valid: the manifest or its key was changed")  # fmt: skip
        return outcome
    if manifest.get("tenant") != header.get("tenant"):
        outcome.problem = "manifes untuk tenant lain / the manifest is another tenant's"
        return outcome
    previous = bytes.fromhex(manifest["previous"])
    earlier = {int(h["position"]): h["hash"] for h in manifest.get("earlier_heads", [])}
    last_position = None
    for record in events:
        position = int(record["position"])
        if last_position is not None and position <= last_position:
            outcome.problem = f"posisi / position {position}: tidak berurutan / out of order"
            return outcome
        last_position = position
        if record.get("missing"):
            outcome.problem = (f"posisi / position {position}: peristiwa hilang (dihapus) / the event is "
                               "missing (deleted)")  # fmt: skip
            return outcome
        state = base64.b64decode(record["state"])
        event = canonical(record["originator_id"], int(record["version"]), record["topic"], state)
        expected = hashlib.sha256(previous + event).digest()
        if record.get("hash") != expected.hex():
            outcome.problem = (f"posisi / position {position}: hash tidak cocok: peristiwa ini atau "
                               "sebelumnya diubah, dihapus atau diurutkan ulang / the hash does not match: "
                               "this event or one before it was changed, deleted or reordered")  # fmt: skip
            return outcome
        if position in earlier and earlier[position] != expected.hex():
            outcome.problem = (f"posisi / position {position}: berbeda dari kepala rantai yang "
                               "diterbitkan / differs from the chain head published earlier")  # fmt: skip
            return outcome
        previous = expected
        outcome.events += 1
    outcome.head = previous.hex()
    if outcome.events != int(manifest["count"]):
        named = manifest["count"]
        outcome.problem = (f"manifes menyebut {named} peristiwa, bundel memuat {outcome.events} / the "
                           f"manifest names {named} events, the bundle holds {outcome.events}")  # fmt: skip
    elif outcome.head != manifest["head"]:
        outcome.problem = "kepala rantai bukan yang di manifes / the chain head is not the manifest's"
    first = int(manifest["first"]) if manifest.get("first") is not None else None
    beyond = [position for position in earlier if last_position is None or position > last_position]
    if outcome.problem is None and beyond and manifest.get("to") is None:
        outcome.problem = (f"posisi / position {min(beyond)}: kepala rantai yang diterbitkan tidak ada lagi: "
                           "peristiwa di akhir dihapus / a chain head published earlier is gone: events at "
                           "the end were removed")  # fmt: skip
    for position in sorted(earlier):
        if first is not None and position < first:
            outcome.notes.append(f"kepala terbitan di posisi {position} sebelum rentang bundel / a published "
                                 f"head at position {position} lies before the bundle's range")
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="audit_verify", description=__doc__.splitlines()[0])
    parser.add_argument("bundle", metavar="FILE")
    parser.add_argument("--key", metavar="BASE64", help="kunci publik tenant yang diterbitkan / the tenant's "
                        "published public key")
    args = parser.parse_args(argv)
    try:
        outcome = verify(args.bundle, base64.b64decode(args.key) if args.key else None)
    except (BundleError, KeyError, ValueError) as error:
        print(f"galat / error: {error}", file=sys.stderr)
        return 2
    for note in outcome.notes:
        print(f"catatan / note: {note}")
    if not outcome.ok:
        print(f"TIDAK SAH / INVALID: {outcome.problem}")
        return 1
    print(f"sah / valid: {outcome.events} peristiwa / events, kepala / head {outcome.head}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
