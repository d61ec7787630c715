"""How big a request body each route takes: one table, read by the door before any work.

The reverse proxy (deploy/) mirrors these figures; a body over its route's limit is refused with
413 before the tenant, the session or the token is looked at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.documents import MAX_BYTES
from domain.stalled import MAX_LOGO
from tenants.sopfile import MAX_CHARS

KIB = 1024
MIB = 1024 * KIB
FORM_OVERHEAD = 64 * KIB  # multipart boundaries and the form's text fields
MAX_ACTION_UPLOAD = 25 * MIB  # all the documents of one action together (each at most MAX_BYTES)


@dataclass(frozen=True)
class Limit:
    """A route's body limit and how it is named to the user (in MB or KB)."""

    bytes: int
    indonesian: str
    english: str


DEFAULT = Limit(256 * KIB, "paling besar 256 KB", "at most 256 KB")  # JSON bodies and plain forms
UPLOADS = Limit(
    MAX_ACTION_UPLOAD + FORM_OVERHEAD,
    f"dokumen satu tindakan paling besar {MAX_ACTION_UPLOAD // MIB} MB bersama-sama, "
    f"tiap berkas {MAX_BYTES // MIB} MB",
    f"the documents of one action at most {MAX_ACTION_UPLOAD // MIB} MB together, "
    f"each file {MAX_BYTES // MIB} MB",
)
SOP_FILE = Limit(MAX_CHARS + FORM_OVERHEAD, f"berkas SOP paling besar {MAX_CHARS // KIB} KB",
                 f"an SOP file at most {MAX_CHARS // KIB} KB")  # fmt: skip

LOGO = Limit(MAX_LOGO + FORM_OVERHEAD, f"logo paling besar {MAX_LOGO // KIB} KB",
             f"a logo at most {MAX_LOGO // KIB} KB")  # fmt: skip

ROUTES: tuple[tuple[str, re.Pattern[str], Limit], ...] = (
    ("POST", re.compile(r"^/t/[^/]+/requests/new$"), UPLOADS),  # the letter (page)
    ("POST", re.compile(r"^/t/[^/]+/requests/[^/]+/steps/\d+$"), UPLOADS),  # a step's documents (page)
    ("POST", re.compile(r"^/t/[^/]+/requests/[^/]+/resubmit$"), UPLOADS),  # a returned file completed (page)
    ("POST", re.compile(r"^/t/[^/]+/api/v1/requests$"), UPLOADS),  # the API's multipart submission
    ("POST", re.compile(r"^/t/[^/]+/api/v1/requests/[^/]+/(steps/\d+|resubmit)$"), UPLOADS),
    ("POST", re.compile(r"^/t/[^/]+/admin/sop/file$"), SOP_FILE),
    ("POST", re.compile(r"^/t/[^/]+/admin/kop-surat$"), LOGO),  # the letterhead's logo (page)
    ("POST", re.compile(r"^/t/[^/]+/api/v1/settings/letterhead$"), LOGO),
)


def limit_for(method: str, path: str) -> Limit:
    """The limit of the route a request is for; every other route takes DEFAULT."""
    for route_method, pattern, limit in ROUTES:
        if method == route_method and pattern.match(path):
            return limit
    return DEFAULT
