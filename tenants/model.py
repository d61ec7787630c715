"""What Alur knows about a tenant (one Diskominfo) to run its workflow."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.calendar import OfficeHours
from domain.errors import InvalidInputError

SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
MAIN_DATABASE = "main"  # ALUR_DATABASE_URL; other names come from ALUR_DATABASES


def check_slug(slug: str) -> str:
    """A slug safe as a file name and (with '-' as '_') a PostgreSQL schema name."""
    if not isinstance(slug, str) or not SLUG_RE.fullmatch(slug) or slug.endswith("-"):
        raise InvalidInputError(
            "slug hanya huruf kecil, angka dan '-', diawali huruf, 2–40 karakter",
            "slug must be 2-40 lower-case letters, digits or '-', starting with a letter",
            field="slug",
        )
    return slug


@dataclass(frozen=True)
class Tenant:
    """A Diskominfo using Alur, and the SOP variant it runs."""

    slug: str
    name: str
    region: str
    timezone: str
    variant_id: str
    variant_version: int = 1
    office_hours: OfficeHours = field(default_factory=OfficeHours)
    database: str = MAIN_DATABASE  # the name of the database holding its store, never a DSN
    frozen: bool = False  # writes refused while it moves to another database

    def __post_init__(self) -> None:
        check_slug(self.slug)

    @property
    def schema(self) -> str:
        return "t_" + self.slug.replace("-", "_")
