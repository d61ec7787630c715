#!/usr/bin/env bash
# Debian's nginx and pgbouncer for the layout test (tests/deploy/test_layout.py), which starts
# them itself on its own ports: their system services are never started here.
set -euo pipefail
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"  # a newcomer's own machine: apt needs root
missing=()
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
[ -x /usr/sbin/pgbouncer ] || command -v pgbouncer >/dev/null 2>&1 || missing+=(pgbouncer)
[ "${#missing[@]}" -eq 0 ] && exit 0
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then  # "exit 101": invoke-rc.d starts no service while we install
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy"
  trap '$sudo rm -f "$policy"' EXIT
fi
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
