"""A shipped SOP version never changes: each shipped file's text matches its recorded fingerprint.

A tenant holds a variant by (id, version) and the SHA-256 of its text; a second text under the same
version is refused ("version N already exists with other content"). The record is
`tenants/sops/SHIPPED.json`; `python -m tenants.shipped --record` adds a new version to it.
"""

from __future__ import annotations

import json

import pytest

from tenants import shipped
from tenants.catalogue import VARIANT_IDS, available_variant_ids, builtin_variant


@pytest.mark.parametrize("variant_id", VARIANT_IDS)
def test_a_shipped_file_keeps_the_text_of_its_recorded_version(variant_id):
    loaded = builtin_variant(variant_id)
    recorded = shipped.load_record().get(variant_id, {})
    version = str(loaded.variant.version)
    assert version in recorded, (
        f"{variant_id} version {version} is new: record its fingerprint with `{shipped.RECORD_COMMAND}`"
    )
    assert recorded[version] == loaded.fingerprint, (
        f"{variant_id} version {version} has shipped with other content: raise `version:` in "
        f"tenants/sops/{variant_id}.yaml (then `{shipped.RECORD_COMMAND}`)"
    )


def test_every_shipped_file_is_in_the_record_and_no_version_goes_back():
    record = shipped.load_record()
    assert set(available_variant_ids()) == set(VARIANT_IDS) == set(record)
    for variant_id in VARIANT_IDS:
        newest = max(int(version) for version in record[variant_id])
        assert builtin_variant(variant_id).variant.version == newest, variant_id


def test_a_changed_text_under_a_shipped_version_is_found_and_never_recorded(tmp_path):
    record = json.loads(shipped.RECORD.read_text(encoding="utf-8"))
    current = builtin_variant("sumbawa-2021")
    version = str(current.variant.version)
    record["shipped"]["sumbawa-2021"][version] = "0" * 64  # as if another text had shipped
    del record["shipped"]["cirebon-2019"][str(builtin_variant("cirebon-2019").variant.version)]
    path = tmp_path / "SHIPPED.json"
    path.write_text(json.dumps(record), encoding="utf-8")

    findings = {finding.variant_id: finding for finding in shipped.compare(path)}
    assert set(findings) == {"sumbawa-2021", "cirebon-2019"}
    assert findings["sumbawa-2021"].changed and "raise `version:`" in str(findings["sumbawa-2021"])
    assert not findings["cirebon-2019"].changed and "--record" in str(findings["cirebon-2019"])

    shipped.record_new(path)
    kept = shipped.load_record(path)
    assert kept["sumbawa-2021"][version] == "0" * 64  # a shipped fingerprint is never overwritten
    cirebon = builtin_variant("cirebon-2019")
    assert kept["cirebon-2019"][str(cirebon.variant.version)] == cirebon.fingerprint
