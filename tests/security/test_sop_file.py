"""A tenant admin's SOP file cannot take the shared process down: the probe's 348-byte alias bomb
took 19.6 s and 2.2 GB; a tag or 5,000 nested brackets was a 500. Through the admin page now,
each is a 422 naming file:line, in well under a second and a few MB (both stores)."""

from __future__ import annotations

import pytest

from tests.security.bounds import bounded
from tests.web.conftest import World
from tests.web.pages_helpers import browser, csrf_of

BOMB = "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    + [f"a{n}: &a{n} [{', '.join(f'*a{n - 1}' for _ in range(9))}]" for n in range(1, 7)]
    + ["id: *a6"]
)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (BOMB, "alias"),
        ("id: " + "[" * 5000 + "]" * 5000, "nested"),
        ("id: !!python/name:os.system\n", "tag"),
        ("id: !custom x\n", "tag"),
    ],
    ids=["alias-bomb", "deep-nest", "python-tag", "custom-tag"],
)
def test_a_hostile_sop_file_is_refused_at_once_through_the_admin_page(world: World, text: str, reason: str):
    client = browser(world, "admin")
    csrf = csrf_of(client.get(f"/t/{world.a}/admin/sop").text)
    with bounded(seconds=1.0, megabytes=30):
        answer = client.post(f"/t/{world.a}/admin/sop/file", data={"csrf": csrf},
                             files={"file": ("serang.yaml", text.encode(), "text/yaml")})  # fmt: skip
    assert answer.status_code == 422, answer.text[:300]
    assert "serang.yaml:" in answer.text and reason in answer.text
    assert answer.headers["x-frame-options"] == "DENY"
    assert world.platform.tenant(world.a).variant_id == "sumbawa-2021"  # nothing switched
