"""Who leads the office in each SOP (and so sees the office overview), read from the SOP."""

from __future__ import annotations

import pytest

from tenants.catalogue import builtin_variant
from tenants.sopfile import parse_variant


@pytest.mark.parametrize(
    ("variant_id", "leaders"),
    [
        ("sumbawa-2021", {"kadis", "kabid-ti"}),  # both dispose the letter
        ("cirebon-2019", {"kadis", "kabid-egov"}),  # the Kadis disposes, the Kabid decides
        ("aplikasi-database-2013", {"kadis", "kabid-egov"}),
        ("tangerang-selatan-2017", {"diskominfo", "bidang-ptikp"}),  # the Kadis' office; the Bidang decides
        ("muara-enim-2021-mandiri", {"kabid-egov"}),  # neither disposes nor decides: named Kabid
        ("muara-enim-2021-pengembang", {"kabid-egov"}),
    ],
)
def test_the_leaders_of_each_shipped_sop_are_those_who_dispose_or_decide_or_are_named_kadis_or_kabid(
    variant_id: str, leaders: set[str]
):
    assert builtin_variant(variant_id).variant.leadership_roles == leaders


def test_the_requesting_opd_leads_nothing_even_where_it_answers_the_uat_question():
    sumbawa = builtin_variant("sumbawa-2021").variant
    assert sumbawa.step(14).decision is not None and sumbawa.step(14).role == "opd"
    assert "opd" not in sumbawa.leadership_roles


def test_a_tenants_own_sop_file_gets_its_leaders_the_same_way():
    text = """
id: kami-2026
version: 1
title: SOP kami
roles:
  - {id: opd, name: OPD}
  - {id: sekretaris, name: Sekretaris Dinas}
  - {id: kepala-bidang-aptika, name: Kepala Bidang Aptika}
  - {id: staf, name: Staf}
steps:
  - {number: 1, description: Surat masuk, role: opd, event: Submitted}
  - {number: 2, description: Disposisi, role: sekretaris, event: Disposed}
  - {number: 3, description: Membangun, role: staf}
  - {number: 4, description: Memeriksa, role: kepala-bidang-aptika}
"""
    assert parse_variant(text).variant.leadership_roles == {"sekretaris", "kepala-bidang-aptika"}
