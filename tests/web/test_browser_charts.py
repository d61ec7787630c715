"""The SLA charts and the SOP flowcharts as Chromium draws them, on a laptop and on a phone.

The flowchart of every variant is measured from the rendered SVG (bounding boxes of the boxes,
the points of every arrow, the labels): no arrow runs through a box other than its two ends,
no two labels overlap, no label is cut, the chart fits its column; a phone gets the list.
The SLA charts likewise (sla_geometry.js): each fills its column, no two texts overlap, every
text lies inside its chart, with a year and a half of months to crowd the labels.
Screenshots go to ALUR_SHOTS (default /tmp/alur-shots).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tenants.catalogue import VARIANT_IDS, builtin_variant
from tests.conftest import random_slug
from tests.web.conftest import World, add_user, complete, submit
from tests.web.shots import SHOTS
from tests.web.test_browser import chromium, server, sign_in  # noqa: F401  (fixtures)

WITA = ZoneInfo("Asia/Makassar")
DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)

# Runs in the page: every problem of the drawn flowchart, in screen pixels.
GEOMETRY = Path(__file__).with_name("flowchart_geometry.js").read_text()
SLA_GEOMETRY = Path(__file__).with_name("sla_geometry.js").read_text()  # the same for the SLA charts


def _signed_in(browser: Any, base: str, viewport: dict[str, int], username: str = "admin") -> Any:
    page = browser.new_context(viewport=viewport).new_page()
    sign_in(page, base, username)
    return page


def _tenant_on(world: World, variant_id: str) -> str:
    if variant_id == "sumbawa-2021":
        return world.a
    slug = random_slug("fc")
    world.platform.create_tenant(slug, name=f"Diskominfo {variant_id}", variant_id=variant_id)
    add_user(world.platform.service(slug), (variant_id, builtin_variant(variant_id).variant.version), "admin",
             ["admin"])  # fmt: skip
    world.charts_ready()
    return slug


def test_every_variants_flowchart_has_no_edge_through_a_box_no_overlapping_or_cut_label_and_fits(
    world: World, server: str, chromium: Any  # noqa: F811
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for variant_id in VARIANT_IDS:
        base = f"{server}/t/{_tenant_on(world, variant_id)}"
        laptop = _signed_in(chromium, base, DESKTOP)
        laptop.goto(f"{base}/admin/sop")
        found = laptop.evaluate(GEOMETRY)
        assert found["problems"] == [], f"{variant_id}: {found['problems']}"
        assert found["boxes"] > 5 and found["edges"] >= found["boxes"] - 1, found
        assert laptop.locator(".flowchart-list").is_hidden()
        laptop.locator("#flowchart").screenshot(path=str(SHOTS / f"flowchart-{variant_id}-1366.png"))
        phone = _signed_in(chromium, base, PHONE)
        phone.goto(f"{base}/admin/sop")
        assert phone.locator("#flowchart svg.flowchart").is_hidden()
        steps = phone.locator(".flowchart-list li")
        assert steps.count() == found["boxes"] - laptop.locator("#flowchart g.end").count()
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        phone.locator("#flowchart").screenshot(path=str(SHOTS / f"flowchart-{variant_id}-390.png"))
        laptop.context.close()
        phone.context.close()


def test_the_request_page_marks_the_active_step_in_the_chart_and_the_phone_list(
    world: World, server: str, chromium: Any  # noqa: F811
) -> None:
    view = submit(world, title="Aplikasi Bagan Alir")
    base = f"{server}/t/{world.a}"
    laptop = _signed_in(chromium, base, DESKTOP, "kadis")
    laptop.goto(f"{base}/requests/{view['id']}")
    assert laptop.evaluate(GEOMETRY)["problems"] == []
    assert laptop.locator('#flowchart g.step.active[data-step="2"]').count() == 1
    phone = _signed_in(chromium, base, PHONE, "kadis")
    phone.goto(f"{base}/requests/{view['id']}")
    active = phone.locator('.flowchart-list li.active[data-step="2"]')
    assert active.is_visible() and "Kepala Dinas" in active.inner_text()


def _sla_history(world: World) -> None:
    """March: a step 2 on time, a step 5 late; April: a step 2 done late, and one never done
    (overdue since April); May: a step 2 on time."""

    def at(month: int, day: int, hour: int) -> None:
        world.clock.set(datetime(2026, month, day, hour, 0, tzinfo=WITA))
        world.tokens.clear()  # a token lapses when the clock jumps days

    def act(request_id: str, number: int, user: str, **body: Any) -> None:
        world.clock.advance(hours=1)
        answer = complete(world, request_id, number, user, **{"note": f"langkah {number}", **body})
        assert answer.status_code == 200, answer.text

    at(3, 17, 10)  # Tuesday 17 March, the users' first day
    first = submit(world, title="Aplikasi Maret")["id"]
    act(first, 2, "kadis")
    act(first, 3, "kabid-ti")
    act(first, 4, "kasi-aplikasi", assignee="tim-pengembang")
    at(3, 27, 14)  # step 5 (1 Hari Kerja) was due before Nyepi and Idul Fitri
    act(first, 5, "kasi-aplikasi")
    at(4, 6, 9)  # Monday 6 April
    late = submit(world, title="Aplikasi Disposisi Lambat")["id"]
    at(4, 9, 9)
    act(late, 2, "kadis")
    submit(world, title="Aplikasi Tertahan di Kadis")  # due Friday 10 April, never done
    at(5, 11, 9)  # Monday 11 May
    act(submit(world, title="Aplikasi Mei")["id"], 2, "kadis")
    world.tokens.clear()


def test_the_sla_page_shows_headline_figures_and_charts_in_one_unit_per_step_on_a_laptop_and_a_phone(
    world: World, server: str, chromium: Any  # noqa: F811
) -> None:
    _sla_history(world)
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = f"{server}/t/{world.a}"
    for name, viewport in (("1366", DESKTOP), ("390", PHONE)):
        page = _signed_in(chromium, base, viewport, "kadis")
        page.goto(f"{base}/sla")
        assert page.locator('[data-figure="open"]').inner_text() == "4"
        assert page.locator('[data-figure="overdue"]').inner_text() == "1"
        assert page.locator('[data-figure="stalled"]').inner_text() == "2"  # steps 6 and 3, no Waktu
        # May: 1 on time; late: 1 overdue and the 2 macet (waiting since March and April).
        assert page.locator('[data-figure="on-time"]').inner_text() == "25%"
        assert page.locator("svg.sla-chart:visible").count() == 2  # one of each chart's widths
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert page.evaluate(SLA_GEOMETRY)["problems"] == []
        for chart in page.locator("svg.sla-chart:visible").all():
            box = chart.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
        steps = page.locator("#sla-steps svg:visible").text_content() or ""
        assert "1 hari kerja" in steps and "Kepala Dinas Komunikasi Informatika" in steps
        assert "kadis" not in steps and "0.0" not in steps
        assert "1 hari 5 jam kerja" in steps  # step 2's median in office days of 8.5 h, not "1,59 hari kerja"
        months = page.locator("#sla-months svg:visible").text_content() or ""
        assert "Mar2026" in months and "Mei" in months and "masih terlambat" in months  # "Mar" over "2026"
        shares = [m["on_time_pct"] for m in world.api("GET", "/sla", "kadis").json()["months"]]
        assert shares == [50.0, 0.0, 25.0]  # May: the two macet steps count as late (see above)
        assert "Aplikasi Tertahan di Kadis" in page.locator(".sla-overdue").inner_text()
        page.screenshot(path=str(SHOTS / f"sla-{name}.png"), full_page=True)
        page.context.close()
    figures = world.api("GET", "/sla", "kadis").json()
    assert figures["headline"] == {"open": 4, "overdue": 1, "month": "2026-05", "on_time": 1, "settled": 4,
                                   "on_time_pct": 25.0, "stalled": 2, "stalled_after": 10}  # fmt: skip
    step_two = next(s for s in figures["steps"] if s["step"] == 2)
    assert (step_two["unit"], step_two["target"], step_two["open_late"]) == ("hari_kerja", 1.0, 1)


def _sla_months(world: World, first: date, months: int) -> None:
    """A request or more on a working day of each month from `first`, for `months` months: step 2
    done within the hour, or (every third month, the second of three) a week late; the fifth and sixth
    months with nothing; one request left overdue from three months before the last."""

    def at(moment: datetime) -> None:
        world.clock.set(moment)
        world.tokens.clear()  # a token lapses when the clock jumps days

    for index in range(months):
        year, month = first.year + (first.month - 1 + index) // 12, (first.month - 1 + index) % 12 + 1
        if index in (4, 5):
            continue  # empty months
        day = date(year, month, 20)  # after the users' first day, 17 March 2026
        day += timedelta(days=7 - day.weekday() if day.weekday() >= 5 else 0)  # the Monday after a weekend
        at(datetime(day.year, day.month, day.day, 9, 0, tzinfo=WITA))
        for number in range(1 + index % 3):
            title = f"Aplikasi {year}-{month:02d} {number}"
            request = submit(world, title=title, letter_date=day.isoformat())
            if index == months - 3 and number == 0:
                continue  # never disposed: overdue from then on
            world.clock.advance(days=7 if index % 3 == 2 and number == 1 else 0, hours=1)
            world.tokens.clear()
            path = f"/requests/{request['id']}/steps/2"
            answer = world.api("POST", path, "kadis", json={"note": "disposisi"})
            assert answer.status_code == 200, answer.text
    world.tokens.clear()


MONTH_NAMES = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}


def test_the_sla_charts_fill_the_page_and_no_label_overlaps_another_on_a_laptop_and_a_phone(
    world: World, server: str, chromium: Any  # noqa: F811
) -> None:
    """A year and a half of months (the trend shows the last twelve): at 1280 px every month is
    named and the shares stand level above their bars; at 390 px every other month is named and
    the shares stand upright; at both no text meets another or leaves its chart, and each chart
    is as wide as the page's column."""
    # Disposed requests wait at step 3 (no Waktu) for good: with the default threshold they would
    # be macet, and late, in every month after; these months are about the charts' labels.
    raised = world.api("POST", "/settings/stalled-after", "admin", json={"days": 250, "reason": "uji grafik"})
    assert raised.status_code == 200, raised.text
    _sla_months(world, date(2026, 3, 1), 18)
    months = world.api("GET", "/sla", "kadis").json()["months"]
    assert [m["month"] for m in months][:6] == [f"2026-{n:02d}" for n in range(3, 9)]
    assert months[4]["on_time"] + months[4]["late_done"] + months[4]["open_late"] == 0  # empty, shown
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = f"{server}/t/{world.a}"
    for name, viewport in (("1280", LAPTOP), ("390", PHONE)):
        page = _signed_in(chromium, base, viewport, "kadis")
        page.goto(f"{base}/sla")
        found = page.evaluate(SLA_GEOMETRY)
        assert found["problems"] == [], found["problems"]
        assert len(found["charts"]) == 2
        column = page.evaluate("document.querySelector('#sla-months').getBoundingClientRect().width")
        assert all(width >= column - 1 for width in found["widths"]), (found["widths"], column)
        texts = [text.split(": ", 1)[1] for text in found["texts"] if text.startswith("sla-months: ")]
        named = [text for text in texts if text[:3] in MONTH_NAMES]
        shares = [text for text in texts if text.endswith("%")]
        if viewport is LAPTOP:
            assert len(named) == 12 and len(shares) == 12, texts  # every month named, every share level
        else:
            assert len(named) == 6 and len(shares) == 12, texts  # every other month, shares upright
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.screenshot(path=str(SHOTS / f"sla-months-{name}.png"), full_page=True)
        page.context.close()
