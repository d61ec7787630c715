"""Every shipped SOP variant has its Indonesian feature file and a module that runs it; every
feature file (SOP, tenancy, audit and SLA) is Indonesian Gherkin the parser reads as written,
and is run by a module."""

from pathlib import Path

import pytest
from gherkin.dialect import Dialect

from tenants.catalogue import available_variant_ids

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "features"
ALL_FEATURES = sorted(FEATURES.rglob("*.feature"))
INDONESIAN = Dialect.for_name("id")


@pytest.mark.parametrize("variant_id", available_variant_ids())
def test_every_sop_variant_has_an_indonesian_feature_file_that_runs(variant_id: str) -> None:
    feature = ROOT / "features" / "sop" / f"{variant_id}.feature"
    module = Path(__file__).parent / f"test_sop_{variant_id.replace('-', '_')}.py"
    text = feature.read_text(encoding="utf-8")
    assert text.startswith("# language: id")
    assert f'Dengan Diskominfo yang menjalankan SOP "{variant_id}"' in text
    assert f'scenarios("sop/{variant_id}.feature")' in module.read_text(encoding="utf-8")


def test_the_features_that_cross_variants_are_there() -> None:
    assert {"tenancy/tenancy.feature", "audit/audit_sla.feature", "calendar/kalender_kerja.feature"} <= {
        path.relative_to(FEATURES).as_posix() for path in ALL_FEATURES
    }


@pytest.mark.parametrize("feature", ALL_FEATURES, ids=lambda path: path.relative_to(FEATURES).as_posix())
def test_every_feature_file_is_indonesian_and_run_by_a_module(feature: Path) -> None:
    assert feature.read_text(encoding="utf-8").startswith("# language: id")
    call = f'scenarios("{feature.relative_to(FEATURES).as_posix()}")'
    modules = Path(__file__).parent.glob("test_*.py")
    assert any(call in module.read_text(encoding="utf-8") for module in modules), f"no module has {call}"


def test_feature_backgrounds_use_a_keyword_the_parser_knows() -> None:
    """`Latar:` alone is not Gherkin: the parser takes it and its steps as plain description."""
    for feature in ALL_FEATURES:
        lines = [line.strip() for line in feature.read_text(encoding="utf-8").splitlines()]
        assert "Latar:" not in lines, feature.name
        assert "Latar Belakang:" in lines, feature.name


@pytest.mark.parametrize("feature", ALL_FEATURES, ids=lambda path: path.relative_to(FEATURES).as_posix())
def test_every_block_starts_with_a_keyword_the_parser_knows(feature: Path) -> None:
    """A block line the parser does not know ("Garis Besar Skenario:" without the hyphen) is
    read as description, and the scenario under it silently never runs."""
    blocks = (
        INDONESIAN.feature_keywords
        + INDONESIAN.background_keywords
        + INDONESIAN.rule_keywords
        + INDONESIAN.scenario_keywords
        + INDONESIAN.scenario_outline_keywords
        + INDONESIAN.examples_keywords
    )
    steps = tuple(
        keyword
        for keyword in INDONESIAN.given_keywords
        + INDONESIAN.when_keywords
        + INDONESIAN.then_keywords
        + INDONESIAN.and_keywords
        + INDONESIAN.but_keywords
        if keyword != "* "
    )
    for number, line in enumerate(feature.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip()
        if not text.endswith(":") or text.startswith(("#", "|", *steps)):
            continue
        keyword = text.split(":", 1)[0]
        assert keyword in blocks, (
            f"{feature.name}:{number}: {keyword!r} is not a Gherkin keyword in Indonesian"
        )
