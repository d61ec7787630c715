#!/usr/bin/env bash
# Debian's Pango and a font for WeasyPrint, which lays out the SOP's documents as PDF
# (adapters/pdf.py). Installed only if missing; nothing is started.
set -euo pipefail
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"  # a newcomer's own machine: apt needs root
if ! ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || [ ! -d /usr/share/fonts/truetype/dejavu ]; then
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
    fonts-dejavu-core >/dev/null
fi
