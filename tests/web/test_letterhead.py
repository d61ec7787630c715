"""The kop surat of the documents the service makes (issue 20), at every door and on both stores:
the default from the office's name until an admin sets one; lines, a logo and a reason, each
refusal naming its field; the documents made afterwards carry it."""

from __future__ import annotations

import io
import os
from typing import Any

from PIL import Image

from tests.conftest import CREATE_SUMBAWA, Alur
from tests.web.conftest import World, complete, submit
from tests.web.pages_helpers import browser, post
from tests.web.test_naskah import pdf_text

LINES = {"government": "PEMERINTAH KABUPATEN UJI", "office": "DINAS KOMUNIKASI DAN INFORMATIKA",
         "address": "Jalan Garuda No. 1, Uji 84311, Telepon (0371) 21000", "city": "Kota Uji"}  # fmt: skip


def png(width: int = 40, noise: bool = False) -> bytes:
    """A logo; with `noise`, one that does not compress (430 px: over 512 KB)."""
    out = io.BytesIO()
    image = Image.frombytes("RGB", (width, width), os.urandom(width * width * 3)) if noise else \
        Image.new("RGB", (width, width), (200, 30, 30))  # fmt: skip
    image.save(out, format="PNG")
    return out.getvalue()


def test_the_default_until_an_admin_sets_one_then_documents_carry_it(world: World) -> None:
    before = world.api("GET", "/settings/letterhead", "admin").json()
    assert before["default"] and before["office"] == "DISKOMINFO A" and before["logo"] is None
    files = {"logo": ("logo.png", png(), "image/png")}
    answer = world.api("POST", "/settings/letterhead", "admin", data={**LINES, "reason": "Perbup 7/2026"},
                       files=files)  # fmt: skip
    assert answer.status_code == 200, answer.text
    set_ = answer.json()
    assert (
        not set_["default"]
        and set_["address"] == LINES["address"]
        and set_["logo"]["content_type"] == "image/png"
    )
    request_id = str(submit(world)["id"])
    assert complete(world, request_id, 2, "kadis").status_code == 200
    listed = world.api("GET", f"/requests/{request_id}/naskah", "kadis").json()["items"]
    taken = next(d["taken"] for d in listed if d["step"] == 2)
    made = world.api("POST", f"/requests/{request_id}/naskah", "kadis", json={"taken": taken,
                     "kind": "lembar-disposisi"}).json()["made"]  # fmt: skip
    pdf = world.api("GET", f"/requests/{request_id}/documents/{made['sha256']}", "kadis").content
    text = " ".join(pdf_text(pdf).split())
    assert "PEMERINTAH KABUPATEN UJI" in text and "Jalan Garuda No. 1" in text and "Kota Uji," in text
    assert b"/Subtype /Image" in pdf or b"/Subtype/Image" in pdf  # the logo is in it
    page = browser(world, "admin").get(f"/t/{world.a}/admin/kop-surat")
    assert "Jalan Garuda No. 1" in page.text and "Perbup 7/2026" in page.text
    logo = browser(world, "admin").get(f"/t/{world.a}/admin/kop-surat/logo")
    assert logo.content.startswith(b"\x89PNG")


def test_each_refusal_names_its_field_at_both_doors(world: World) -> None:
    def refused(
        data: dict[str, Any], files: dict[str, Any] | None = None, user: str = "admin"
    ) -> tuple[int, Any]:
        if files:
            answer = world.api("POST", "/settings/letterhead", user, data=data, files=files)
        else:
            answer = world.api("POST", "/settings/letterhead", user, json=data)
        return answer.status_code, answer.json()["error"].get("field")

    assert refused({**LINES, "government": " ", "reason": "x"}) == (422, "government")
    assert refused({**LINES, "office": "x" * 161, "reason": "x"}) == (422, "office")
    assert refused({**LINES, "reason": ""}) == (422, "reason")
    assert refused({**LINES, "reason": "x"}, {"logo": ("logo.pdf", b"%PDF-1.4 x", "application/pdf")}) == (
        415, "logo")  # fmt: skip
    big = png(430, noise=True)  # over 512 KB, under the route's body limit: the handler says why
    assert len(big) > 512 * 1024
    assert refused({**LINES, "reason": "x"}, {"logo": ("big.png", big, "image/png")}) == (413, "logo")
    assert refused({**LINES, "reason": "x"}, user="kadis")[0] == 403
    assert (
        world.api("POST", "/settings/letterhead", "admin", json={**LINES, "reason": "x"}).status_code == 200
    )
    assert refused({**LINES, "reason": "lagi"}) == (422, "government")  # the same again: nothing changes
    admin = browser(world, "admin")
    path = f"/t/{world.a}/admin/kop-surat"
    answer = post(admin, path, {**LINES, "city": "", "reason": "uji"})
    assert answer.status_code == 422 and 'id="letterhead-city-error"' in answer.text


def test_the_operator_sets_it_from_the_cli(alur_cli: Alur, tmp_path: Any) -> None:
    assert alur_cli(CREATE_SUMBAWA)[0] == 0
    logo = tmp_path / "logo.png"
    logo.write_bytes(png())
    code, out = alur_cli(
        "calendar set-letterhead --tenant sumbawa --government 'PEMERINTAH KABUPATEN SUMBAWA' "
        f"--office 'DISKOMINFOTIKSAN' --city 'Sumbawa Besar' --logo {logo} --reason 'kop baru'"
    )
    assert code == 0 and "Sumbawa Besar" in out and "logo" in out
    code, out = alur_cli(
        "calendar set-letterhead --tenant sumbawa --government '' --office x --city y --reason z"
    )
    assert code == 1 and "pemerintah daerah" in out
