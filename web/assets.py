"""Front-end libraries (htmx, Pico CSS) served from the npm packages installed beside the app,
and elkjs, which lays out the SOP flowchart on the server (`web/charts/flowchart.py`, run in node).

`npm ci` installs them from package-lock.json; nothing third-party is copied into the repo and
nothing is fetched from a CDN at page time (government networks are often closed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from web.errors import not_found

ROOT = Path(__file__).resolve().parent.parent
ASSETS = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "pico.min.css": "@picocss/pico/css/pico.min.css",
}

SERVER_SIDE = {"elkjs": "elkjs/lib/elk.bundled.js"}  # used by the server, never served


def modules_dir() -> Path:
    return Path(os.environ.get("ALUR_NODE_MODULES") or ROOT / "node_modules")


def missing() -> list[str]:
    wanted = {**ASSETS, **SERVER_SIDE}
    return [name for name, rel in wanted.items() if not (modules_dir() / rel).is_file()]


def ensure_installed() -> None:
    """Run `npm ci` once if an asset is missing (needs the npm registry, like pip needs PyPI)."""
    if not missing():
        return
    npm = shutil.which("npm")
    if npm is None or not (ROOT / "package-lock.json").is_file():
        raise RuntimeError(f"aset front-end tidak ada / front-end assets missing: {', '.join(missing())}; "
                           "jalankan / run `npm ci`")  # fmt: skip
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)


async def serve(request: Request) -> Response:
    rel = ASSETS.get(request.path_params["name"])
    if rel is None or not (modules_dir() / rel).is_file():
        raise not_found("aset", "asset")
    return FileResponse(modules_dir() / rel, headers={"Cache-Control": "public, max-age=86400"})
