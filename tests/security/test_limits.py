"""A body limit before reading: 413 before any authentication work, whether the length is declared
or the body comes chunked; a refused upload leaves nothing behind (both stores)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest

from tests.security.bounds import bounded
from tests.security.served import send_chunked, serving
from tests.web.conftest import World, submit
from tests.web.pages_helpers import browser, post
from web.limits import DEFAULT, SOP_FILE, UPLOADS

PDF = b"%PDF-1.4\n"
MB = 1024 * 1024


@pytest.fixture
def port(world: World) -> Iterator[int]:
    with serving(world.client.app) as found:
        yield found


def test_a_declared_300_mb_sign_in_is_413_before_anything_is_read(world: World, port: int):
    import socket

    with bounded(seconds=2, megabytes=10), socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        head_lines = f"POST /t/{world.a}/api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: {300 * MB}\r\n"
        conn.sendall(head_lines.encode() + b"Content-Type: application/json\r\n\r\n" + b"{" * 1000)
        head = conn.recv(4096).decode("latin-1")
    assert head.startswith("HTTP/1.1 413"), head
    assert "x-frame-options: deny" in head.lower()


@pytest.mark.parametrize("parallel", [4])
def test_chunked_bodies_without_credentials_stop_at_the_limit(world: World, port: int, parallel: int):
    """The probe: four parallel 300 MB posts to /session grew the process by 1.3 GB. Now each is
    cut off at 256 KB, with no memory to speak of."""
    from concurrent.futures import ThreadPoolExecutor

    with bounded(seconds=10, megabytes=16), ThreadPoolExecutor(parallel) as pool:
        results = list(pool.map(lambda _: send_chunked(port, f"/t/{world.a}/api/v1/session", 300 * MB),
                                range(parallel)))  # fmt: skip
    for status, head, sent in results:
        assert status == 413, head
        assert sent < 16 * MB  # the server stopped reading long before the 300 MB
        assert "request body is too large" not in head  # the reason is in the body, in the client's language


def test_a_chunked_sop_file_over_its_limit_is_413_not_silently_cut(world: World, port: int):
    status, head, sent = send_chunked(port, f"/t/{world.a}/admin/sop/file", 11 * MB)
    assert status == 413, head
    assert sent < SOP_FILE.bytes + 8 * MB


def test_each_route_has_its_limit(world: World):
    assert DEFAULT.bytes < SOP_FILE.bytes < UPLOADS.bytes
    over = world.client.post(f"/t/{world.a}/api/v1/requests", content=b"x" * (DEFAULT.bytes + 1),
                             headers={"Content-Type": "application/json"})  # fmt: skip
    assert over.status_code == 413  # before the token is looked at (there is none)
    assert over.json()["error"]["field"] == "body" and "256 KB" in over.json()["error"]["message"]
    page = world.client.post(f"/t/{world.a}/requests/new", content=b"x" * (UPLOADS.bytes + 1),
                             headers={"Content-Type": "multipart/form-data; boundary=x"})  # fmt: skip
    assert page.status_code == 413 and "25 MB" in page.text


def _kept(world: World, content: bytes) -> bool:
    sha = hashlib.sha256(content).hexdigest()
    return world.platform.desk(world.platform.tenant(world.a)).queries.documents.content(sha) is not None


def test_a_letter_refused_with_422_leaves_no_file_behind(world: World):
    letter = PDF + b" surat yang ditolak"
    answer = post(browser(world, "opd-disdik"), f"/t/{world.a}/requests/new",
                  {"letter_number": "1", "letter_date": "2026-03-16", "title": ""},
                  files={"letter": ("surat.pdf", letter, "application/pdf")})  # fmt: skip
    assert answer.status_code == 422
    assert not _kept(world, letter)


def test_step_documents_refused_for_role_or_step_leave_no_file_behind(world: World):
    view = submit(world)
    url = f"/t/{world.a}/requests/{view['id']}"
    wrong_role, wrong_step = PDF + b" peran salah", PDF + b" langkah salah"
    answer = post(browser(world, "kabid-ti"), f"{url}/steps/2", {}, from_page=url,
                  files={"documents": ("a.pdf", wrong_role, "application/pdf")})  # fmt: skip
    assert answer.status_code == 403
    answer = post(browser(world, "kadis"), f"{url}/steps/5", {}, from_page=url,
                  files={"documents": ("b.pdf", wrong_step, "application/pdf")})  # fmt: skip
    assert answer.status_code == 409
    assert not _kept(world, wrong_role) and not _kept(world, wrong_step)
