"""Configuration from the environment, read once by the composition root."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """ALUR_DATABASE_URL: a PostgreSQL DSN (unset: SQLite files). ALUR_DATA_DIR: data folder."""

    database_url: str | None
    data_dir: Path

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("ALUR_DATABASE_URL") or None,
            data_dir=Path(env.get("ALUR_DATA_DIR") or "./data"),
        )

    @property
    def backend(self) -> str:
        return "postgresql" if self.database_url else "sqlite"
