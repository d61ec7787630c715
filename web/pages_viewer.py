"""A document of a request seen in the page (`/requests/{id}/files/{sha}/view`): a PDF drawn by
pdf.js (served from the npm package, web/assets.py; its worker too) page by page on a canvas, an
image as an image, anything else offered for download.

The same query handler as the download (`queries.document`): whoever may not download a document
may not view it either. The page itself always offers the download link, and without JavaScript
that link is what it offers.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from web.render import Page, page

IMAGES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


def kind_of(content_type: str) -> str:
    """How the page shows a document: `pdf`, `image`, or `other` (download only)."""
    if content_type == "application/pdf":
        return "pdf"
    return "image" if content_type in IMAGES else "other"


def view(p: Page) -> Response:
    request_id, sha = str(p.request.path_params["id"]), str(p.request.path_params["sha"])
    record, _content = p.t.queries.document(p.user, request_id, sha)  # 404 for one who may not see it
    src = f"{p.base}/requests/{request_id}/files/{sha}"
    return p.render(
        "viewer.html",
        record=record,
        request_id=request_id,
        sha=sha,
        src=src,
        kind=kind_of(str(record.get("content_type") or "")),
    )


ROUTES: list[BaseRoute] = [Route("/requests/{id}/files/{sha}/view", page(view))]
