"""The built-in SOP variants shipped in `tenants/sops/`, one file per regional variant."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from domain.errors import NotFoundError
from tenants.sopfile import LoadedVariant, load_variant_file

SOPS_DIR = Path(__file__).parent / "sops"

VARIANT_IDS = (
    "cirebon-2019",
    "sumbawa-2021",
    "tangerang-selatan-2017",
    "muara-enim-2021-mandiri",
    "muara-enim-2021-pengembang",
    "aplikasi-database-2013",
)


def variant_path(variant_id: str) -> Path:
    return SOPS_DIR / f"{variant_id}.yaml"


@cache
def builtin_variant(variant_id: str) -> LoadedVariant:
    """A shipped variant, validated; NotFoundError for an unknown id."""
    path = variant_path(variant_id)
    if variant_id not in available_variant_ids() or not path.is_file():
        raise NotFoundError(
            f"varian SOP {variant_id!r} tidak dikenal; pilihan: {', '.join(available_variant_ids())}",
            f"unknown SOP variant {variant_id!r}",
            field="sop",
        )
    return load_variant_file(path)


def available_variant_ids() -> list[str]:
    """Every variant file shipped, by id (file name)."""
    return sorted(path.stem for path in SOPS_DIR.glob("*.yaml"))
