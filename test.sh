#!/usr/bin/env bash
# Every test: lint, type-check the domain, then unit, integration (SQLite and real PostgreSQL)
# and the executable SOP features. Sets itself up on first run.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh
.venv/bin/ruff check .
.venv/bin/mypy
exec .venv/bin/pytest "$@"
