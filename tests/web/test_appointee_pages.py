"""Pages say which steps the SOP gives to the person appointed at an earlier step."""

from __future__ import annotations

import html
import re

from tests.web.conftest import World, submit
from tests.web.pages_helpers import browser


def _row(text: str, number: int) -> str:
    """The SOP table's row of a step (its cells' text)."""
    rows = re.findall(r"<tr><td>(\d+)</td>(.*?)</tr>", text, flags=re.S)
    return next(re.sub(r"<[^>]+>", " ", cells) for found, cells in rows if int(found) == number)


def test_the_sop_page_names_the_appointing_step_of_each_appointees_step(world: World) -> None:
    page = html.unescape(browser(world, "admin").get(f"/t/{world.a}/admin/sop").text)
    assert "oleh petugas yang ditunjuk pada langkah 4" in _row(page, 9)
    assert "oleh petugas yang ditunjuk pada langkah" not in _row(page, 5)  # the Kasi's own analysis
    english = html.unescape(browser(world, "admin").get(f"/t/{world.a}/admin/sop?lang=en").text)
    assert "by the person appointed at step 4" in _row(english, 17)


def test_the_request_page_shows_the_coming_steps_of_the_appointee(world: World) -> None:
    request_id = submit(world)["id"]
    page = html.unescape(browser(world, "kadis").get(f"/t/{world.a}/requests/{request_id}").text)
    coming = re.findall(r'<li class="coming"><span>(\d+)\.(.*?)</li>', page, flags=re.S)
    marked = [int(number) for number, item in coming if "ditunjuk pada langkah 4" in item]
    assert marked == [9, 10, 12, 13, 15, 17]
