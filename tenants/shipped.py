"""The fingerprints of every shipped SOP version, kept in `tenants/sops/SHIPPED.json`.

A tenant adopts a shipped variant by its (id, version) and the SHA-256 of its text (the
`LoadedVariant.fingerprint`); the service refuses a second text under a version it already holds
("version N already exists with other content"). So a shipped file may never change under a
version that has shipped: any change to its text, even a comment, needs a new version.
`tests/unit/test_shipped_fingerprints.py` holds the files to the record.

After raising a variant's version, record it:

    PYTHONPATH=$PWD .venv/bin/python -m tenants.shipped --record

which adds every new (id, version) with its fingerprint and never changes one already recorded.
Without `--record` it only lists what differs from the record.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from tenants.catalogue import SOPS_DIR, VARIANT_IDS, variant_path
from tenants.sopfile import load_variant_file

RECORD = SOPS_DIR / "SHIPPED.json"
RECORD_COMMAND = "PYTHONPATH=$PWD .venv/bin/python -m tenants.shipped --record"


@dataclass(frozen=True)
class Finding:
    """A shipped file compared with the record: `changed` (a shipped version's text differs) or `new`."""

    variant_id: str
    version: int
    fingerprint: str
    recorded: str | None

    @property
    def changed(self) -> bool:
        return self.recorded is not None and self.recorded != self.fingerprint

    def __str__(self) -> str:
        if self.changed:
            return (
                f"{self.variant_id} versi {self.version} sudah dikirim dengan isi lain / version "
                f"{self.version} already shipped with other content (recorded {self.recorded[:12]}…, "
                f"file {self.fingerprint[:12]}…): raise `version:` in {variant_path(self.variant_id).name}"
            )
        return (
            f"{self.variant_id} versi {self.version} baru, belum dicatat / new version, not recorded: "
            f"run `{RECORD_COMMAND}`"
        )


def load_record(path: Path = RECORD) -> dict[str, dict[str, str]]:
    """The recorded fingerprints: variant id -> version (as text) -> SHA-256."""
    data = json.loads(path.read_text(encoding="utf-8"))
    shipped: dict[str, dict[str, str]] = data["shipped"]
    return shipped


def compare(path: Path = RECORD) -> list[Finding]:
    """Each shipped file whose (id, version) is new or whose text differs from the record."""
    record = load_record(path)
    findings = []
    for variant_id in VARIANT_IDS:
        loaded = load_variant_file(variant_path(variant_id))
        version = loaded.variant.version
        recorded = record.get(loaded.variant.id, {}).get(str(version))
        if recorded != loaded.fingerprint:
            findings.append(Finding(loaded.variant.id, version, loaded.fingerprint, recorded))
    return findings


def record_new(path: Path = RECORD) -> list[Finding]:
    """Add every new (id, version) to the record; never overwrite one already there."""
    findings = compare(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    for finding in findings:
        if not finding.changed:
            versions = data["shipped"].setdefault(finding.variant_id, {})
            versions[str(finding.version)] = finding.fingerprint
            data["shipped"][finding.variant_id] = dict(sorted(versions.items(), key=lambda kv: int(kv[0])))
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return findings


def main(argv: list[str]) -> int:
    recording = "--record" in argv
    findings = record_new() if recording else compare()
    for finding in findings:
        if recording and not finding.changed:
            print(f"dicatat / recorded: {finding.variant_id} versi {finding.version} {finding.fingerprint}")
        else:
            print(finding)
    return 1 if any(finding.changed for finding in findings) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
