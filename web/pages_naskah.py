"""The documents made from a request's events (naskah dinas), at the page door: make one (it is
made and sealed once, then kept), look at it (its first page as a picture, its number, SHA-256
and seal as a PDF reader would check it) and download it.

Routes only translate: which documents a request has and who may see them is the queries'
business, making one the command handler's.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from adapters import naskah as sealing
from adapters.pdf import preview_png
from domain.errors import NotFoundError
from domain.labels import MADE
from web import builders
from web.render import Page, document_response, page

_previews: OrderedDict[str, bytes] = OrderedDict()  # by SHA-256: a made document never changes
_previews_lock = Lock()
PREVIEWS_KEPT = 64


def make(p: Page) -> Response:
    request_id = p.request.path_params["id"]
    made = p.t.commands.make_document(p.user, builders.make_document(request_id, p.form))
    title = MADE[made.due.kind]
    said = ("dibuat dan disegel", "made and sealed") if made.made_now else ("sudah ada", "already made")
    return p.done(f"{p.base}/requests/{request_id}/naskah/{made.due.taken}/{made.due.kind}",
                  f"{title[0]} {said[0]}", f"{title[1]} {said[1]}")  # fmt: skip


def _entry(p: Page) -> tuple[str, object]:
    request_id = p.request.path_params["id"]
    taken, kind = int(p.request.path_params["taken"]), str(p.request.path_params["kind"])
    for entry in p.t.queries.made_documents(p.user, request_id):
        if entry.taken == taken and entry.kind == kind:
            return request_id, entry
    raise NotFoundError("dokumen tidak ditemukan", "document not found", field="kind")


def view(p: Page) -> Response:
    """One made document: its first page, its record, and what a reader says of its seal."""
    request_id, entry = _entry(p)
    shown = p.t.queries.request(p.user, request_id, p.t.now)
    check = None
    made = getattr(entry, "made", None)
    data_dir = p.t.web.platform.settings.data_dir
    if made is not None:
        _, content = p.t.queries.document(p.user, request_id, str(made["sha256"]))
        check = sealing.check_sealed(data_dir, p.t.tenant, content)
    development = not sealing.seal_paths(data_dir, p.t.tenant.slug)[2]  # no authority's certificate
    return p.render(
        "naskah.html", r=shown.detail, entry=entry, made=made, check=check, development=development
    )


def preview(p: Page) -> Response:
    """The first page of a made document as PNG (kept by its SHA-256)."""
    request_id, entry = _entry(p)
    made = getattr(entry, "made", None)
    if made is None:
        raise NotFoundError("dokumen belum dibuat", "the document is not made yet", field="kind")
    sha = str(made["sha256"])
    with _previews_lock:
        png = _previews.get(sha)
    if png is None:
        _, content = p.t.queries.document(p.user, request_id, sha)
        png = preview_png(content, width=900)
        with _previews_lock:
            _previews[sha] = png
            while len(_previews) > PREVIEWS_KEPT:
                _previews.popitem(last=False)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"})


def download(p: Page) -> Response:
    request_id, entry = _entry(p)
    made = getattr(entry, "made", None)
    if made is None:
        raise NotFoundError("dokumen belum dibuat", "the document is not made yet", field="kind")
    record, content = p.t.queries.document(p.user, request_id, str(made["sha256"]))
    return document_response(record, content)


def dossier(p: Page) -> Response:
    """The request's dossier for the inspector, sealed, made now from the record."""
    request_id = p.request.path_params["id"]
    found, content, _ = p.t.queries.dossier_pdf(p.user, request_id, p.t.now)
    stamp = p.t.now.astimezone(p.t.zone).strftime("%Y-%m-%d")
    name = f"dosir-{found.detail.letter_number}-{stamp}.pdf".replace("/", "-")
    return document_response({"name": name, "content_type": "application/pdf", "sha256": ""}, content)


ROUTES: list[BaseRoute] = [
    Route("/requests/{id}/dosir.pdf", page(dossier)),
    Route("/requests/{id}/naskah", page(make), methods=["POST"]),
    Route("/requests/{id}/naskah/{taken:int}/{kind}", page(view)),
    Route("/requests/{id}/naskah/{taken:int}/{kind}/preview.png", page(preview)),
    Route("/requests/{id}/naskah/{taken:int}/{kind}/pdf", page(download)),
]
