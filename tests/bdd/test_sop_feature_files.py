"""Every shipped SOP variant has its Indonesian feature file and a module that runs it."""

from pathlib import Path

import pytest

from tenants.catalogue import available_variant_ids

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("variant_id", available_variant_ids())
def test_every_sop_variant_has_an_indonesian_feature_file_that_runs(variant_id: str) -> None:
    feature = ROOT / "features" / "sop" / f"{variant_id}.feature"
    module = Path(__file__).parent / f"test_sop_{variant_id.replace('-', '_')}.py"
    text = feature.read_text(encoding="utf-8")
    assert text.startswith("# language: id")
    assert f'Dengan Diskominfo yang menjalankan SOP "{variant_id}"' in text
    assert f'scenarios("sop/{variant_id}.feature")' in module.read_text(encoding="utf-8")


def test_feature_backgrounds_use_a_keyword_the_parser_knows() -> None:
    """`Latar:` alone is not Gherkin: the parser takes it and its steps as plain description."""
    for feature in (ROOT / "features" / "sop").glob("*.feature"):
        lines = [line.strip() for line in feature.read_text(encoding="utf-8").splitlines()]
        assert "Latar:" not in lines, feature.name
        assert "Latar Belakang:" in lines, feature.name
