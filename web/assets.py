"""Front-end libraries (htmx, Pico CSS, pdf.js for the document viewer with its worker and the
standard fonts and character maps it fetches) served from the npm packages installed beside the app,
and elkjs, which lays out the SOP flowchart on the server (`web/charts/flowchart.py`, run in node).

`npm ci` installs them from package-lock.json; nothing third-party is copied into the repo and
nothing is fetched from a CDN at page time (government networks are often closed).
"""

from __future__ import annotations

import os
import re
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
    "pdfjs/pdf.min.mjs": "pdfjs-dist/build/pdf.min.mjs",
    "pdfjs/pdf.worker.min.mjs": "pdfjs-dist/build/pdf.worker.min.mjs",
}
# Folders of a package served file by file (pdf.js fetches the 14 standard PDF fonts and the CJK
# character maps a document names but does not embed): a plain file name inside, nothing else.
FOLDERS = {
    "pdfjs/standard_fonts/": "pdfjs-dist/standard_fonts/",
    "pdfjs/cmaps/": "pdfjs-dist/cmaps/",
}
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,100}$")

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
    name = str(request.path_params["name"])
    rel = ASSETS.get(name) or _in_folder(name)
    if rel is None or not (modules_dir() / rel).is_file():
        raise not_found("aset", "asset")
    return FileResponse(modules_dir() / rel, headers={"Cache-Control": "public, max-age=86400"})


def _in_folder(name: str) -> str | None:
    """The package path of a file of a served folder (`FOLDERS`), or None."""
    for prefix, folder in FOLDERS.items():
        rest = name.removeprefix(prefix)
        if rest != name and FILE_NAME.fullmatch(rest) and ".." not in rest:
            return folder + rest
    return None
