"""Documents attached to a step: PDF and images only, checked by their first bytes, named by SHA-256.

A document is checked here, before anything is stored, and its content travels with the events
of the action it belongs to: the store keeps both in one transaction, so a refused or
conflicting action leaves no file behind, and every file kept is named by an event.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from domain.errors import TooLargeError, UnsupportedMediaError

MAX_BYTES = 10 * 1024 * 1024
MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
SHA_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Upload:
    """A file as the user sent it: its name, its bytes, and the form field it came in (the API
    tells the letter from a step's documents by it)."""

    name: str
    data: bytes
    field: str = ""


@dataclass(frozen=True)
class Document:
    """A checked upload: what the event records, and the content the store keeps with it."""

    name: str
    sha256: str
    size: int
    content_type: str
    content: bytes

    def record(self, label: str = "") -> dict[str, Any]:
        """The entry in the event's outputs (never the content)."""
        name = f"{label}{self.name}" if label else self.name
        return {"name": name, "sha256": self.sha256, "size": self.size, "content_type": self.content_type}


def sniff(head: bytes) -> str | None:
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_upload(upload: Upload, max_bytes: int = MAX_BYTES, field: str = "documents") -> Document:
    """A PDF or an image within the size limit, or a refusal naming the file."""
    if len(upload.data) > max_bytes:
        limit = max_bytes // (1024 * 1024)
        raise TooLargeError(
            f"berkas {upload.name!r} terlalu besar (maksimal {limit} MB)",
            f"file {upload.name!r} is too large (at most {limit} MB)",
            field=field,
        )
    content_type = sniff(upload.data[:16])
    if content_type is None:
        raise UnsupportedMediaError(
            f"berkas {upload.name!r} bukan PDF atau gambar",
            f"file {upload.name!r} is not a PDF or an image",
            field=field,
        )
    clean = PurePosixPath(upload.name.replace("\\", "/")).name.strip()[:200] or "dokumen"
    digest = hashlib.sha256(upload.data).hexdigest()
    return Document(clean, digest, len(upload.data), content_type, upload.data)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_sha256(text: str) -> bool:
    return bool(SHA_RE.fullmatch(text))
