"""deploy/'s files say what the application does: the same body limits and asset paths as the
code, hardened units, PgBouncer in transaction mode with LISTEN beside it, every variable in
deploy/CONFIG.md. (tests/deploy/test_layout.py runs them.)"""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import pytest
from psycopg.conninfo import conninfo_to_dict

from adapters.config import Settings
from adapters.store import Services, behind_pooler
from tests.deploy.layout import DEPLOY, ROOT, read_env_file, read_unit
from web import assets, limits

NGINX = (DEPLOY / "nginx" / "alur.conf").read_text()
LOCATION = re.compile(r"^\s*location\s+(?:(~\*?|=|\^~)\s+)?(\S+)\s*\{(.*?)^\s*\}", re.M | re.S)
SIZE = re.compile(r"^\s*client_max_body_size\s+(\d+)([kKmM]?)\s*;", re.M)


def nginx_bytes(number: str, unit: str) -> int:
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit.lower()]


def locations() -> dict[str, str]:
    """Each location's path (regex or prefix) and its body."""
    return {path: body for _, path, body in LOCATION.findall(NGINX)}


def test_nginx_body_limits_are_the_applications() -> None:
    outside = LOCATION.sub("", NGINX)
    (default,) = SIZE.findall(outside)
    assert nginx_bytes(*default) == limits.DEFAULT.bytes
    sized = {
        path: nginx_bytes(*found[0]) for path, body in locations().items() if (found := SIZE.findall(body))
    }
    routes = {pattern.pattern: limit.bytes for _, pattern, limit in limits.ROUTES}
    assert sized == routes, "deploy/nginx/alur.conf's per-location client_max_body_size != web/limits.py"


def test_nginx_serves_the_static_files_and_front_end_assets_itself() -> None:
    found = locations()
    assert "alias /opt/alur/web/static/;" in found["/static/"]
    for name, rel in {**assets.ASSETS, **assets.FOLDERS}.items():
        assert f"alias /opt/alur/node_modules/{rel};" in found[f"/assets/{name}"], name
    for prefix, folder in assets.FOLDERS.items():
        assert f"alias /opt/alur/node_modules/{folder};" in found[f"/assets/{prefix}"], prefix
    assert "return 404;" in found["/assets/"]


def test_nginx_tells_the_application_who_asked_and_retries_only_what_is_safe() -> None:
    assert re.search(r"proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;", NGINX)
    assert re.search(r"proxy_set_header X-Forwarded-Proto \$scheme;", NGINX)
    (retry,) = re.findall(r"^\s*proxy_next_upstream\s+([^;]*);", NGINX, flags=re.M)
    assert retry.split() == ["error", "timeout"]  # never non_idempotent: a submission has no version
    assert re.search(r"return 301 https://\$host\$request_uri;", NGINX)
    assert "proxy_hide_header Strict-Transport-Security;" in NGINX  # one HSTS header, nginx's


@pytest.mark.parametrize("name", ["alur-web@.service", "alur-worker.service", "alur-mail.service"])
def test_units_restart_on_failure_hardened_as_user_alur(name: str) -> None:
    unit = read_unit(DEPLOY / "systemd" / name)
    for key, value in [("User", "alur"), ("Restart", "on-failure"), ("NoNewPrivileges", "yes"),
                       ("ProtectSystem", "strict"), ("ProtectHome", "yes"), ("PrivateTmp", "yes"),
                       ("EnvironmentFile", "/etc/alur/alur.env")]:  # fmt: skip
        assert unit.value(key) == value, f"{name}: {key}"
    assert unit.value("ExecStart").startswith("/opt/alur/.venv/bin/alur ")


def test_each_web_unit_instance_is_a_port_of_nginxs_upstream() -> None:
    unit = read_unit(DEPLOY / "systemd" / "alur-web@.service")
    assert "--port %i" in unit.value("ExecStart")
    assert len(re.findall(r"^\s*server 127\.0\.0\.1:\d+ ", NGINX, flags=re.M)) >= 2


def test_pgbouncer_pools_transactions_and_listen_goes_around_it() -> None:
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(DEPLOY / "pgbouncer" / "pgbouncer.ini")
    assert ini["pgbouncer"]["pool_mode"] == "transaction"
    env = read_env_file(DEPLOY / "systemd" / "alur.env.example")
    pooled = conninfo_to_dict(env["ALUR_DATABASE_URL"])
    listen = conninfo_to_dict(env["ALUR_LISTEN_DATABASE_URL"])
    server = dict(item.split("=", 1) for item in ini["databases"]["alur"].split())
    assert str(pooled["port"]) == ini["pgbouncer"]["listen_port"]
    assert str(listen["port"]) == server["port"] and listen["dbname"] == server["dbname"]
    settings = Settings.from_env(env)
    assert behind_pooler(settings) and settings.listen_url == env["ALUR_LISTEN_DATABASE_URL"]


def test_config_md_names_every_environment_variable() -> None:
    documented = set(re.findall(r"`(ALUR_[A-Z_]+)`", (DEPLOY / "CONFIG.md").read_text()))
    used: set[str] = set()
    for folder in ["adapters", "web", "projections", "domain", "tenants", "bench", "tests", "scripts"]:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".py", ".sh"} and path.is_file():
                used |= set(re.findall(r"\b(ALUR_[A-Z][A-Z_]*[A-Z])\b", path.read_text(errors="replace")))
    used |= set(read_env_file(DEPLOY / "systemd" / "alur.env.example"))
    assert used <= documented, f"missing from deploy/CONFIG.md: {sorted(used - documented)}"


def test_no_pooler_prepares_as_usual() -> None:
    assert not behind_pooler(Settings(database_url="postgresql://db/alur", data_dir=Path()))
    same = "postgresql://db/alur"
    assert not behind_pooler(Settings(database_url=same, data_dir=Path(), listen_database_url=same))
    assert not behind_pooler(Settings(database_url=None, data_dir=Path(), listen_database_url=same))


@pytest.mark.postgres
@pytest.mark.parametrize(("listen", "threshold"), [(None, 5), ("postgresql://postgres@elsewhere/alur", None)])
def test_pool_behind_a_pooler_prepares_no_statements(
    postgres_url: str, tmp_path: Path, listen: str | None, threshold: int | None
) -> None:
    services = Services(Settings(database_url=postgres_url, data_dir=tmp_path, listen_database_url=listen))
    try:
        assert services.pool is not None
        with services.pool.connection() as conn:
            assert conn.prepare_threshold == threshold
    finally:
        services.close()
