"""Settings for databases behind PgBouncer: each database's LISTEN goes to PostgreSQL itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.config import Settings
from adapters.store import behind_pooler

BOUNCER = "postgresql://alur@127.0.0.1:6432/alur"
DIRECT = "postgresql://alur@127.0.0.1:5432/alur"


def test_a_further_database_behind_pgbouncer_listens_on_postgresql_itself():
    settings = Settings.from_env({
        "ALUR_DATABASE_URL": BOUNCER, "ALUR_LISTEN_DATABASE_URL": DIRECT,
        "ALUR_DATABASES": "kedua=postgresql://alur@10.0.0.2:6432/alur; ketiga=postgresql://alur@10.0.0.3:5432/alur",
        "ALUR_LISTEN_DATABASES": "kedua=postgresql://alur@10.0.0.2:5432/alur",
    })  # fmt: skip
    assert settings.listen_urls() == {"main": DIRECT, "kedua": "postgresql://alur@10.0.0.2:5432/alur",
                                      "ketiga": "postgresql://alur@10.0.0.3:5432/alur"}  # fmt: skip
    assert behind_pooler(settings, "main") and behind_pooler(settings, "kedua")
    assert not behind_pooler(settings, "ketiga")  # no pooler named: its own DSN, statements prepared


def test_a_listen_entry_for_no_database_stops_the_start():
    with pytest.raises(ValueError, match="ALUR_LISTEN_DATABASES"):
        Settings.from_env({"ALUR_DATABASE_URL": DIRECT, "ALUR_LISTEN_DATABASES": f"salah={DIRECT}"})
    with pytest.raises(ValueError, match="ALUR_LISTEN_DATABASES"):
        Settings(database_url=DIRECT, data_dir=Path(), listen_databases=(("x", DIRECT),))
