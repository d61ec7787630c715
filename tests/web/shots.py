"""Where the browser tests save their screenshots (desktop 1366x900, phone 390x844).

One folder for every test, so a reviewer finds each screenshot the closing notes name:
ALUR_SHOTS, default /tmp/alur-shots. File names start with the item they show.
"""

from __future__ import annotations

import os
from pathlib import Path

SHOTS = Path(os.environ.get("ALUR_SHOTS", "/tmp/alur-shots"))
