"""Configuration from the environment, read once by the composition root."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """ALUR_DATABASE_URL: a PostgreSQL DSN (unset: SQLite files). ALUR_DATA_DIR: data folder.

    ALUR_PROJECTIONS: `inline` (default) brings the read models up to date in the process that
    wrote, right after each save; `worker` leaves that to `alur projections run`.
    ALUR_WEB_SLOTS: how many tenant requests one web process works on at once (default 4, about
    what one core keeps busy); more wait their tenant's fair turn (web/fairness.py).
    """

    database_url: str | None
    data_dir: Path
    projections: str = "inline"
    web_slots: int = 4  # tenant requests a web process works on at once, in fair turns

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("ALUR_DATABASE_URL") or None,
            data_dir=Path(env.get("ALUR_DATA_DIR") or "./data"),
            projections=_projections_mode(env.get("ALUR_PROJECTIONS") or "inline"),
            web_slots=_positive("ALUR_WEB_SLOTS", env.get("ALUR_WEB_SLOTS") or "4"),
        )

    @property
    def backend(self) -> str:
        return "postgresql" if self.database_url else "sqlite"


PROJECTION_MODES = ("inline", "worker")


def _projections_mode(value: str) -> str:
    if value not in PROJECTION_MODES:
        raise ValueError(
            f"ALUR_PROJECTIONS harus / must be one of {', '.join(PROJECTION_MODES)}, not {value!r}"
        )
    return value


def _positive(name: str, value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{name} harus bilangan bulat positif / must be a positive integer, not {value!r}")
    return int(value)
