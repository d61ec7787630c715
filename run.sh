#!/usr/bin/env bash
# Alur's main job. At this stage: the demo (demo tenants for all six SOP variants, one request
# walked through each, its history and deadlines printed). Sets itself up on first run.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh
exec .venv/bin/alur demo "$@"
