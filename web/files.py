"""Uploaded documents: PDF and images only, checked by their first bytes, stored by SHA-256.

The same file uploaded twice is stored once; the event records name, sha256, size and type,
so the history proves which document was attached.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from web.errors import TooLarge, UnsupportedMedia

MAX_BYTES = 10 * 1024 * 1024
MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
SHA_RE = re.compile(r"^[0-9a-f]{64}$")


def sniff(head: bytes) -> str | None:
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


class FileStore:
    """Content-addressed files under `<data dir>/files/<sha256>`."""

    def __init__(self, root: Path, max_bytes: int = MAX_BYTES) -> None:
        self.root = root
        self.max_bytes = max_bytes

    def put(self, name: str, data: bytes) -> dict[str, Any]:
        """Check and keep one upload; returns the document record for the event's outputs."""
        if len(data) > self.max_bytes:
            raise TooLarge(
                f"berkas {name!r} terlalu besar (maksimal {self.max_bytes // (1024 * 1024)} MB)",
                f"file {name!r} is too large (at most {self.max_bytes // (1024 * 1024)} MB)",
                field="documents",
            )
        content_type = sniff(data[:16])
        if content_type is None:
            raise UnsupportedMedia(
                f"berkas {name!r} bukan PDF atau gambar",
                f"file {name!r} is not a PDF or an image",
                field="documents",
            )
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
                tmp.write(data)
            os.replace(tmp.name, target)
        clean = Path(name.replace("\\", "/")).name.strip()[:200] or "dokumen"
        return {"name": clean, "sha256": digest, "size": len(data), "content_type": content_type}

    def path(self, digest: str) -> Path:
        if not SHA_RE.fullmatch(digest):
            raise ValueError("not a sha256")
        return self.root / digest

    def exists(self, digest: str) -> bool:
        return bool(SHA_RE.fullmatch(digest)) and self.path(digest).is_file()
