"""The service hashes passwords with argon2id at RFC 9106's second recommended cost (64 MiB,
3 passes, 4 lanes), checked in a fresh process: the suite lowers the cost for the users the
tests make in their own process (tests/conftest.py), so this is where the real cost is held."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
from adapters.passwords import hash_password, needs_rehash, verify_password
made = hash_password("rahasia-uji-123")
print(made)
print(verify_password(made, "rahasia-uji-123"), verify_password(made, "salah"), needs_rehash(made))
cheap = "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$5e6xXJl1U6l6Tq2bMcmYQg"
print(needs_rehash(cheap))
"""


def test_the_service_hashes_with_argon2id_at_its_full_cost_and_would_rehash_a_cheaper_hash() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
    made, checks, cheaper = done.stdout.splitlines()
    assert made.startswith("$argon2id$v=19$m=65536,t=3,p=4$"), made
    assert checks == "True False False"  # the right password, a wrong one, no rehash needed
    assert cheaper == "True"  # a hash at the tests' cost is weaker than the service's
