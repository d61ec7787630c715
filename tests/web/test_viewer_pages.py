"""The document viewer's page and assets, on SQLite and PostgreSQL: the same access as the
download (another OPD's user sees neither), the viewer for a PDF, an image as an image, the
history's links, pdf.js and its worker served from the npm package as JavaScript, and the
Content-Security-Policy as strict as on every page."""

from __future__ import annotations

import re

from tests.web.conftest import World
from tests.web.pages_helpers import browser
from tests.web.test_browser_viewer import filed_with_real_files


def shas(page_html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"/files/([0-9a-f]{64})/view", page_html)))


def test_the_viewer_shows_a_pdf_and_an_image_to_whoever_may_download_them(world: World) -> None:
    request_id = filed_with_real_files(world)
    kadis = browser(world, "kadis")
    base = f"/t/{world.a}/requests/{request_id}"
    letter, photo = shas(kadis.get(base).text)
    pdf = kadis.get(f"{base}/files/{letter}/view")
    assert pdf.status_code == 200
    assert f'data-src="{base}/files/{letter}"' in pdf.text and 'id="pdf-viewer" hidden' in pdf.text
    assert f'href="{base}/files/{letter}" download' in pdf.text
    image = kadis.get(f"{base}/files/{photo}/view")
    assert f'<img src="{base}/files/{photo}" alt="foto-ruang-server.png">' in image.text
    assert "pdf-viewer" not in image.text
    assert shas(kadis.get(f"{base}/history").text) == [letter, photo]
    csp = pdf.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp


def test_a_user_who_may_not_download_a_document_may_not_view_it(world: World) -> None:
    request_id = filed_with_real_files(world)
    base = f"/t/{world.a}/requests/{request_id}"
    letter = shas(browser(world, "kadis").get(base).text)[0]
    other_opd = browser(world, "opd-dinkes")
    assert other_opd.get(f"{base}/files/{letter}").status_code == 404
    assert other_opd.get(f"{base}/files/{letter}/view").status_code == 404
    assert browser(world, "kadis").get(f"{base}/files/{'0' * 64}/view").status_code == 404
    signed_out = world.client.__class__(world.client.app, base_url="http://testserver")
    answer = signed_out.get(f"{base}/files/{letter}/view", follow_redirects=False)
    assert answer.status_code == 303 and "/signin" in answer.headers["location"]


def test_pdfjs_and_its_worker_are_served_from_the_npm_package(world: World) -> None:
    for name in ("pdf.min.mjs", "pdf.worker.min.mjs"):
        answer = world.client.get(f"/assets/pdfjs/{name}")
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/javascript")
    font = world.client.get("/assets/pdfjs/standard_fonts/LiberationSans-Regular.ttf")
    assert font.status_code == 200 and len(font.content) > 1000
    for outside in (
        "pdfjs/standard_fonts/..%2F..%2Fpackage.json",
        "pdfjs/standard_fonts/.hidden",
        "pdfjs/package.json",
        "pdfjs/cmaps/sub/dir",
    ):
        assert world.client.get(f"/assets/{outside}").status_code == 404
    viewer = world.client.get("/static/pdf-viewer.mjs")
    assert viewer.status_code == 200 and viewer.headers["content-type"].startswith("text/javascript")
