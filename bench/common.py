"""What the bench scripts share: the Sumbawa main path and a scratch PostgreSQL database."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tenants.catalogue import builtin_variant
from tests.pg import scratch_database

__all__ = ["DEFAULT_SERVER", "LETTER", "PATH", "scratch_database", "user_for"]

DEFAULT_SERVER = os.environ.get("ALUR_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")

# Sumbawa's main path after submission: (step, role, extra arguments), "ya" at every decision.
PATH: list[tuple[int, str, dict[str, Any]]] = [
    (2, "kadis", {}), (3, "kabid-ti", {}), (4, "kasi-aplikasi", {"assignee": "sari"}),
    (5, "kasi-aplikasi", {}), (6, "kabid-ti", {"decision": "ya"}), (8, "kasi-aplikasi", {}),
    (9, "tim-pengembang", {}), (10, "tim-pengembang", {}), (11, "opd", {"decision": "ya"}),
    (12, "tim-pengembang", {}), (13, "tim-pengembang", {}), (14, "opd", {"decision": "ya"}),
    (15, "tim-pengembang", {}), (16, "kabid-ti", {}), (17, "tim-pengembang", {}),
]  # fmt: skip
LETTER = {"title": "Bench", "letter_number": "1/2026", "letter_date": "2026-03-01"}  # before every clock
# The steps Sumbawa gives to the person appointed at step 4 ("sari" in PATH): done by her.
APPOINTED = frozenset(s.number for s in builtin_variant("sumbawa-2021").variant.steps if s.appointee_of)


def user_for(number: int, role: str) -> str:
    """Who does step `number` of PATH: its appointee where the SOP names one, else the role's user."""
    return "sari" if number in APPOINTED else role
