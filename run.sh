#!/usr/bin/env bash
# Alur's main job: the web service on http://127.0.0.1:8000 with the six demo tenants (one per
# SOP variant), a user for every role and requests to work on; prints the address and logins.
# Arguments go to `alur serve` (e.g. ./run.sh --port 8080). Sets itself up on first run.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh
bash scripts/setup_pdf.sh  # Pango for the documents made as PDF
exec .venv/bin/alur serve --demo "$@"
