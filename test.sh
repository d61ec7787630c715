#!/usr/bin/env bash
# Every test: lint, type-check the domain, then unit, integration (SQLite and real PostgreSQL),
# browser, layout and the executable SOP features. Sets itself up on first run, on a fresh
# machine too: the Python packages (.venv), the front-end assets from the npm registry
# (package-lock.json), Debian's Chromium for the browser tests and Debian's nginx and pgbouncer
# for the layout test (installed if missing; their system services are never started).
# Arguments go to pytest (`./test.sh tests/unit -q`); the tests run on several workers
# (pytest-xdist, each with its own PostgreSQL database) unless the arguments say otherwise.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh
bash tests/web/setup_browser.sh
bash scripts/setup_pdf.sh
bash tests/deploy/setup_layout.sh
[ -d node_modules/elkjs ] && [ -d node_modules/htmx.org ] && [ -d node_modules/@picocss/pico ] &&
  [ -d node_modules/pdfjs-dist ] ||
  npm ci --no-audit --no-fund --silent
.venv/bin/ruff check .
.venv/bin/mypy
# worksteal: a worker that runs out takes tests queued at a busier one, so the long tests at the
# end of one queue do not keep the others idle
exec .venv/bin/pytest -n "${ALUR_TEST_WORKERS:-4}" --dist worksteal "$@"  # a later `-n 0` runs them in one process
