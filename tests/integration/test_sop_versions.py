"""A request stays on the SOP version it was submitted under; an edit needs a new version."""

from __future__ import annotations

import pytest

from domain.errors import VariantVersionError
from tenants.catalogue import builtin_variant
from tenants.sopfile import parse_variant

SHIPPED = builtin_variant("sumbawa-2021").variant.version  # the version the file ships as


def _edited(version: int, new_description: str):
    source = builtin_variant("sumbawa-2021").source
    source = source.replace(f"version: {SHIPPED}\n", f"version: {version}\n", 1)
    source = source.replace(
        "description: Kepala Dinas mendisposisikan surat ke Kepala Bidang TI",
        f"description: {new_description}",
    )
    return parse_variant(source, "sumbawa-2021.yaml")


def _submit(service, version: int):
    return service.submit(
        "sumbawa-2021",
        version,
        user="opd-bappeda",
        roles=["opd"],
        title="Aplikasi e-Planning",
        letter_number="050/88/BAPPEDA/2026",
        letter_date="2026-03-10",
    )


def test_an_edited_variant_under_the_same_version_is_refused(make_service):
    service = make_service("sumbawa-2021")
    edited = _edited(SHIPPED, "Kepala Dinas mendisposisikan surat (diubah)")
    with pytest.raises(VariantVersionError) as refused:
        service.adopt_variant(edited.variant, edited.source, edited.fingerprint)
    assert refused.value.field == "version"


def test_a_request_in_flight_keeps_its_version_after_a_new_version_is_adopted(make_service):
    service = make_service("sumbawa-2021")
    old_request = _submit(service, SHIPPED)
    edited = _edited(SHIPPED + 1, "Kepala Dinas mendisposisikan surat ke Kepala Bidang TI (versi baru)")
    service.adopt_variant(edited.variant, edited.source, edited.fingerprint)
    new_request = _submit(service, SHIPPED + 1)

    old, new = service.get(old_request), service.get(new_request)
    assert (old.variant_id, old.variant_version) == ("sumbawa-2021", SHIPPED)
    assert (new.variant_id, new.variant_version) == ("sumbawa-2021", SHIPPED + 1)
    assert service.variant("sumbawa-2021", SHIPPED).step(2).description.endswith("Kepala Bidang TI")
    assert service.variant("sumbawa-2021", SHIPPED + 1).step(2).description.endswith("(versi baru)")
    service.act(old_request, 2, user="kadis", roles=["kadis"])
    assert service.get(old_request).active_step == 3


def test_adopting_the_same_text_twice_changes_nothing(make_service):
    service = make_service("sumbawa-2021")
    loaded = builtin_variant("sumbawa-2021")
    adopted = service.adopt_variant(loaded.variant, loaded.source, loaded.fingerprint)
    assert adopted == ("sumbawa-2021", SHIPPED)
