"""Configuration from the environment, read once by the composition root."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Settings:
    """ALUR_DATABASE_URL: a PostgreSQL DSN (unset: SQLite files). ALUR_DATA_DIR: data folder.

    ALUR_PROJECTIONS: `inline` (default) brings the read models up to date in the process that
    wrote, right after each save; `worker` leaves that to `alur projections run`.
    ALUR_WEB_SLOTS: how many tenant requests one web process works on at once (default 4, about
    what one core keeps busy); more wait their tenant's fair turn (web/fairness.py).
    ALUR_TRUSTED_PROXIES: addresses or networks (comma-separated) of the reverse proxies whose
    X-Forwarded-For / X-Forwarded-Proto are believed; empty (default): none, so a client cannot
    claim another address to the sign-in throttle.
    """

    database_url: str | None
    data_dir: Path
    projections: str = "inline"
    web_slots: int = 4  # tenant requests a web process works on at once, in fair turns
    trusted_proxies: tuple[Network, ...] = ()

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("ALUR_DATABASE_URL") or None,
            data_dir=Path(env.get("ALUR_DATA_DIR") or "./data"),
            projections=_projections_mode(env.get("ALUR_PROJECTIONS") or "inline"),
            web_slots=_positive("ALUR_WEB_SLOTS", env.get("ALUR_WEB_SLOTS") or "4"),
            trusted_proxies=networks("ALUR_TRUSTED_PROXIES", env.get("ALUR_TRUSTED_PROXIES") or ""),
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


def networks(name: str, value: str) -> tuple[Network, ...]:
    """`10.0.0.5, 10.1.0.0/16, ::1` as networks; a typo stops the start, never trusts silently."""
    found = []
    for item in value.replace(",", " ").split():
        try:
            found.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(
                f"{name}: {item!r} bukan alamat IP atau jaringan / is not an IP address or network"
            ) from None
    return tuple(found)
