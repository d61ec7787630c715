"""Configuration from the environment, read once by the composition root."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from projections.engine import PROJECTION_NAMES

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# In worker mode, what the web process still projects of its own writes (ALUR_INLINE_PROJECTIONS).
WEB_PROJECTIONS = ("inbox", "requests", "notices", "comments")
LOOPBACK: tuple[Network, ...] = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))


@dataclass(frozen=True)
class Settings:
    """ALUR_DATABASE_URL: a PostgreSQL DSN (unset: SQLite files). ALUR_DATA_DIR: data folder.

    ALUR_PROJECTIONS: `inline` (default) brings the read models up to date in the process that
    wrote, right after each save; `worker` leaves that to `alur projections run`, except those
    of ALUR_INLINE_PROJECTIONS.
    ALUR_INLINE_PROJECTIONS: in worker mode, the read models the writing process still brings up
    to date right after its own save, taking turns with the worker on their tracking rows
    (default `inbox,requests,notices,comments`: what the next role's inbox, the request's page,
    its discussion and the header's count of notices show, so a step is visible as soon as it
    is answered); `none`: the worker does every one.
    ALUR_WEB_SLOTS: how many tenant requests one web process works on at once (default 4, about
    what one core keeps busy); more wait their tenant's fair turn (web/fairness.py).
    ALUR_TRUSTED_PROXIES: addresses or networks (comma-separated) of the reverse proxies whose
    X-Forwarded-For / X-Forwarded-Proto are believed; empty (default): none, so a client cannot
    claim another address to the sign-in throttle.
    ALUR_LISTEN_DATABASE_URL: where LISTEN connections go (default: ALUR_DATABASE_URL); behind
    PgBouncer in transaction mode it must name PostgreSQL itself (LISTEN needs a session).
    ALUR_METRICS_ALLOW: addresses or networks that may read /metrics (default: loopback only).
    ALUR_READY_MAX_LAG: /readyz says "not ready" once any tenant's read models are this many
    seconds behind its events (default 60).
    ALUR_LOG_FORMAT: `console` (readable lines, default) or `json` (production).
    ALUR_DATABASES: further PostgreSQL databases tenants may live in, as `name=postgresql://…`
    pairs separated by spaces or semicolons; the registry records a tenant's database by name
    only, so no password is ever in an event. `main` is ALUR_DATABASE_URL.
    ALUR_LISTEN_DATABASES: for those databases, where LISTEN goes when their ALUR_DATABASES entry
    names PgBouncer, in the same `name=postgresql://…` form (default: the entry itself).
    ALUR_SMTP_HOST, ALUR_SMTP_PORT (default 587), ALUR_SMTP_USER, ALUR_SMTP_PASSWORD,
    ALUR_SMTP_STARTTLS (`yes` default, `no`), ALUR_SMTP_FROM: where the outbox's mail goes out;
    no host (the default, the demo): nothing is sent and mail waits in the outbox page.
    ALUR_MAIL_SENDER: `serve` (default) delivers inside `alur serve`; `process` leaves it to
    `alur mail run`. ALUR_PUBLIC_URL: the address people open, for links in mail.
    """

    database_url: str | None
    data_dir: Path
    projections: str = "inline"
    inline_projections: tuple[str, ...] = WEB_PROJECTIONS  # worker mode: kept by the writer too
    web_slots: int = 4  # tenant requests a web process works on at once, in fair turns
    web_budget: float = 10.0  # seconds a request holds its slot; past them it gives the slot back
    trusted_proxies: tuple[Network, ...] = ()
    listen_database_url: str | None = None  # None: database_url
    metrics_allow: tuple[Network, ...] = LOOPBACK
    ready_max_lag: float = 60.0
    read_wait: float = 2.0  # seconds a read waits for the read models to have its client's own write
    log_format: str = "console"
    databases: tuple[tuple[str, str], ...] = ()  # (name, DSN) besides `main`
    listen_databases: tuple[tuple[str, str], ...] = ()  # (name, DSN of PostgreSQL itself) for LISTEN
    smtp: SmtpSettings | None = None  # None: no mail server, mail stays in the outbox
    mail_sender: str = "serve"  # or "process": `alur mail run`; "off": no mail job here
    public_url: str = "http://127.0.0.1:8000"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("ALUR_DATABASE_URL") or None,
            data_dir=Path(env.get("ALUR_DATA_DIR") or "./data"),
            projections=_projections_mode(env.get("ALUR_PROJECTIONS") or "inline"),
            inline_projections=_projection_names(
                env.get("ALUR_INLINE_PROJECTIONS") or ",".join(WEB_PROJECTIONS)
            ),
            web_slots=_positive("ALUR_WEB_SLOTS", env.get("ALUR_WEB_SLOTS") or "4"),
            web_budget=_seconds("ALUR_WEB_BUDGET", env.get("ALUR_WEB_BUDGET") or "10"),
            trusted_proxies=networks("ALUR_TRUSTED_PROXIES", env.get("ALUR_TRUSTED_PROXIES") or ""),
            listen_database_url=env.get("ALUR_LISTEN_DATABASE_URL") or None,
            metrics_allow=networks("ALUR_METRICS_ALLOW", env.get("ALUR_METRICS_ALLOW") or "127.0.0.1 ::1"),
            ready_max_lag=_seconds("ALUR_READY_MAX_LAG", env.get("ALUR_READY_MAX_LAG") or "60"),
            read_wait=_seconds("ALUR_READ_WAIT", env.get("ALUR_READ_WAIT") or "2"),
            log_format=_one_of("ALUR_LOG_FORMAT", env.get("ALUR_LOG_FORMAT") or "console", LOG_FORMATS),
            databases=named_databases(env.get("ALUR_DATABASES") or ""),
            listen_databases=named_databases(env.get("ALUR_LISTEN_DATABASES") or "", "ALUR_LISTEN_DATABASES"),
            smtp=smtp_settings(env),
            mail_sender=_one_of("ALUR_MAIL_SENDER", env.get("ALUR_MAIL_SENDER") or "serve", MAIL_SENDERS),
            public_url=_public_url(env.get("ALUR_PUBLIC_URL") or "http://127.0.0.1:8000"),
        )

    def __post_init__(self) -> None:
        unknown = {name for name, _ in self.listen_databases} - {name for name, _ in self.databases}
        if unknown:
            raise ValueError(f"ALUR_LISTEN_DATABASES: {', '.join(sorted(unknown))} tidak ada di / "
                             "not in ALUR_DATABASES")  # fmt: skip

    @property
    def backend(self) -> str:
        return "postgresql" if self.database_url else "sqlite"

    @property
    def listen_url(self) -> str | None:
        """The DSN LISTEN connections use: PostgreSQL itself, even when the pool goes through PgBouncer."""
        return self.listen_database_url or self.database_url

    def listen_urls(self) -> dict[str, str]:
        """Where LISTEN goes for each database by name: PostgreSQL itself, never a transaction pooler."""
        urls = {name: url for name, url in self.databases}
        urls.update(self.listen_databases)
        if self.listen_url:
            urls["main"] = self.listen_url
        return urls

    def database_urls(self) -> dict[str, str]:
        """Every database a tenant may live in, by name: `main` and those of ALUR_DATABASES."""
        urls = dict(self.databases)
        if self.database_url:
            urls["main"] = self.database_url
        return urls


@dataclass(frozen=True)
class SmtpSettings:
    """The mail server the sender delivers to (ALUR_SMTP_*)."""

    host: str
    port: int = 587
    user: str | None = None
    password: str | None = None
    starttls: bool = True
    sender: str = "alur@localhost"  # ALUR_SMTP_FROM

    def __repr__(self) -> str:  # the password never reaches a log line
        shown = f"host={self.host!r}, port={self.port}, user={self.user!r}, starttls={self.starttls}"
        return f"SmtpSettings({shown})"


def smtp_settings(env: Mapping[str, str]) -> SmtpSettings | None:
    host = (env.get("ALUR_SMTP_HOST") or "").strip()
    if not host:
        return None
    starttls = (env.get("ALUR_SMTP_STARTTLS") or "yes").strip().lower()
    if starttls not in ("yes", "no", "true", "false", "1", "0"):
        raise ValueError(f"ALUR_SMTP_STARTTLS harus / must be yes or no, not {starttls!r}")
    sender = (env.get("ALUR_SMTP_FROM") or f"alur@{host}").strip()
    if "@" not in sender or any(char in sender for char in "\r\n"):
        raise ValueError(f"ALUR_SMTP_FROM harus alamat email / must be an email address, not {sender!r}")
    return SmtpSettings(
        host=host,
        port=_positive("ALUR_SMTP_PORT", env.get("ALUR_SMTP_PORT") or "587"),
        user=env.get("ALUR_SMTP_USER") or None,
        password=env.get("ALUR_SMTP_PASSWORD") or None,
        starttls=starttls in ("yes", "true", "1"),
        sender=sender,
    )


def _public_url(value: str) -> str:
    value = value.strip().rstrip("/")
    if not value.startswith(("http://", "https://")) or any(char in value for char in " \r\n"):
        raise ValueError(f"ALUR_PUBLIC_URL harus / must be http(s)://…, not {value!r}")
    return value


MAIL_SENDERS = ("serve", "process", "off")
PROJECTION_MODES = ("inline", "worker")
LOG_FORMATS = ("console", "json")


def _projections_mode(value: str) -> str:
    if value not in PROJECTION_MODES:
        raise ValueError(
            f"ALUR_PROJECTIONS harus / must be one of {', '.join(PROJECTION_MODES)}, not {value!r}"
        )
    return value


def _projection_names(value: str) -> tuple[str, ...]:
    """`inbox,requests` as a tuple of read model names (`none`: none); an unknown name is refused."""
    if value.strip().lower() == "none":
        return ()
    names = tuple(dict.fromkeys(name.strip() for name in value.split(",") if name.strip()))
    unknown = [name for name in names if name not in PROJECTION_NAMES]
    if unknown:
        raise ValueError(
            f"ALUR_INLINE_PROJECTIONS: {', '.join(unknown)} tidak dikenal / unknown; "
            f"pilih / choose from {', '.join(PROJECTION_NAMES)} or none"
        )
    return names


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


def _seconds(name: str, value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise ValueError(
            f"{name} harus bilangan detik positif / must be a positive number of seconds, not {value!r}"
        )
    return seconds


def _one_of(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{name} harus / must be one of {', '.join(allowed)}, not {value!r}")
    return value


DATABASE_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


def named_databases(value: str, variable: str = "ALUR_DATABASES") -> tuple[tuple[str, str], ...]:
    """`eu=postgresql://… ; west=postgresql://…` as (name, DSN) pairs; `main` is reserved for
    ALUR_DATABASE_URL, and a name given twice or a pair without a DSN stops the start."""
    found: dict[str, str] = {}
    for item in value.replace(";", " ").split():
        name, sign, url = item.partition("=")
        if (
            not sign
            or not DATABASE_NAME.fullmatch(name)
            or not url.startswith(("postgresql://", "postgres://"))
        ):
            raise ValueError(
                f"{variable}: {item.split('=')[0]!r} harus nama=postgresql://… / must be name=postgresql://…"
            )
        if name == "main":
            raise ValueError(f"{variable}: 'main' adalah / is ALUR_DATABASE_URL")
        if name in found:
            raise ValueError(f"{variable}: nama {name!r} dipakai dua kali / name {name!r} given twice")
        found[name] = url
    return tuple(found.items())
