#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
set -euo pipefail
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"  # a newcomer's own machine: apt needs root
if [ ! -x /usr/bin/chromium ]; then
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
