"""The SLA charts: Vega-Lite specifications drawn as SVG on the server by vl-convert.

Why Vega-Lite through vl-convert (PyPI `vl-convert-python`, kept by the Vega project beside
Vega and Vega-Lite themselves): the page gets finished SVG, so the charts work without
JavaScript, print, and pass the strict CSP (vl-convert writes presentation attributes only,
no `style=`, no <style>, no script; we check that in tests). A chart is a declarative spec
(data plus encodings), not drawing code of our own, and the same figures go to the JSON API.
No chart library runs in the browser and nothing is fetched at page time: the conversion
runs in-process, with every URL refused. Numbers on the charts are formatted here, in the
reader's language ("0,60 hari kerja").
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from threading import Lock
from typing import Any

from jinja2 import Environment, pass_context

from domain.formats import SHORT_MONTHS as MONTHS
from domain.formats import number
from projections.sla import SlaMonth, SlaStep
from web.charts.textmetrics import wrap

WIDTH = 320  # fits a 390 px phone with the page's margins
UNITS = {
    "hari_kerja": ("hari kerja", "working days"),
    "hari": ("hari", "days"),
    "jam_kerja": ("jam kerja", "office hours"),
    "menit_kerja": ("menit kerja", "office minutes"),
}
OK, OVER, TARGET = "#1565c0", "#b00020", "#9e9e9e"
TONES = {"domain": ["target", "ok", "over"], "range": [TARGET, OK, OVER]}
ON_TIME, LATE_DONE, OPEN_LATE = "#2e7d32", "#b00020", "#f57c00"
INDONESIAN = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]}  # d3-format
CONFIG = {
    "font": "sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#333"},
    "title": {"fontSize": 13, "subtitleFontSize": 12, "anchor": "start", "subtitleColor": "#555"},
    "legend": {"labelFontSize": 12, "orient": "bottom", "direction": "vertical"},
}


def install(env: Environment) -> None:
    """Templates write `x|num` ("0,60" in Indonesian), `x|num(1)`, `unit_name(u)`, `month_name(m)`."""

    @pass_context
    def num(context: Any, value: float | None, digits: int = 2) -> str:
        return number(value, context.get("lang") == "en", digits)

    @pass_context
    def unit(context: Any, name: str) -> str:
        return unit_name(name, context.get("lang") == "en")

    @pass_context
    def month(context: Any, name: str) -> str:
        return month_name(name, context.get("lang") == "en")

    env.filters["num"] = num
    env.globals["unit_name"] = unit
    env.globals["month_name"] = month


def unit_name(unit: str, english: bool = False) -> str:
    words = UNITS.get(unit, (unit, unit))
    return words[1] if english else words[0]


def month_name(month: str, english: bool = False) -> str:
    """ "2026-06" -> "Jun 2026"."""
    year, index = month.split("-")
    return f"{MONTHS[int(index) - 1][1 if english else 0]} {year}"


def steps_chart(steps: list[SlaStep], english: bool = False) -> str:
    """Per step: its target, and the median and p90 of its realisation, as bars in the step's
    own unit; a bar past the target is red. Steps that always take no time and have no target
    (the submission itself) are left to the table."""
    shown = [step for step in steps if step.median is not None and (step.target is not None or step.p90)]
    if not shown:
        return ""
    charts = [_step_spec(step, english) for step in shown]
    return render({"vconcat": charts, "spacing": 18, "config": CONFIG}, english)


def _step_spec(step: SlaStep, english: bool) -> dict[str, Any]:
    unit = unit_name(step.unit, english)
    rows = []
    if step.target is not None:
        rows.append({"name": "target", "value": step.target, "tone": "target",
                     "label": f"{number(step.target, english)} {unit}"})  # fmt: skip
    for name, value in (("median", step.median), ("p90", step.p90)):
        over = step.target is not None and value is not None and value > step.target
        rows.append({"name": name, "value": value, "tone": "over" if over else "ok",
                     "label": f"{number(value, english)} {unit}"})  # fmt: skip
    top = max(row["value"] or 0.0 for row in rows) or 1.0
    done = f"{step.count} {'done' if english else 'selesai'}"
    if step.on_time_pct is not None:
        done += f" · {number(step.on_time_pct, english, 1)}% {'on time' if english else 'tepat waktu'}"
    if step.open_late:
        done += f" · {step.open_late} {'still overdue' if english else 'masih terlambat'}"
    if step.target is None:
        standard = "no fixed time standard" if english else "tanpa waktu baku tetap"
    else:
        standard = f"{'time standard' if english else 'waktu baku'} {step.standard}"
    standard += f" · {'in' if english else 'dalam'} {unit}"
    title = wrap(f"{step.step}. {step.description}", WIDTH + 40, 13, bold=True)  # whole, never cut
    names = [row["name"] for row in rows]
    return {
        "title": {"text": title, "subtitle": [step.role_name, done, standard]},
        "width": WIDTH - 60,
        "height": 20 * len(rows),
        "data": {"values": rows},
        "encoding": {
            "y": {"field": "name", "type": "nominal", "title": None, "sort": names,
                  "axis": {"domain": False, "ticks": False, "labelPadding": 6}},
            "x": {"field": "value", "type": "quantitative", "title": None,
                  "scale": {"domain": [0, top * 1.7]}, "axis": None},
        },
        "layer": [
            {"mark": {"type": "bar", "height": 14},
             "encoding": {"color": {"field": "tone", "type": "nominal", "legend": None, "scale": TONES}}},
            {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 12, "color": "#222"},
             "encoding": {"text": {"field": "label"}}},
        ],
    }  # fmt: skip


def months_chart(months: list[SlaMonth], english: bool = False) -> str:
    """Per month: steps done on time, done late, and still overdue at the month's end, stacked,
    with the share on time above each month."""
    recent = months[-12:]
    if not recent:
        return ""
    kinds = (("on time", "tepat waktu", ON_TIME), ("done late", "terlambat (selesai)", LATE_DONE),
             ("still overdue", "masih terlambat", OPEN_LATE))  # fmt: skip
    names = [english_name if english else name for english_name, name, _ in kinds]
    values, totals = [], []
    for month in recent:
        label = month_name(month.month, english)
        for name, count in zip(names, (month.on_time, month.late_done, month.open_late), strict=True):
            values.append({"month": label, "kind": name, "count": count, "order": names.index(name)})
        pct = "-" if month.on_time_pct is None else f"{number(month.on_time_pct, english, 1)}%"
        totals.append({"month": label, "total": month.with_target, "pct": pct})
    order = [month_name(month.month, english) for month in recent]
    top = max(month.with_target for month in recent)
    x = {"field": "month", "type": "ordinal", "sort": order, "title": None, "axis": {"labelAngle": 0}}
    spec = {
        "width": WIDTH - 40,
        "height": 200,
        "layer": [
            {"data": {"values": values}, "mark": "bar",
             "encoding": {"x": x,
                          "y": {"field": "count", "type": "quantitative", "stack": "zero",
                                "title": "steps" if english else "langkah",
                                "axis": {"values": list(range(0, top + 1, max(1, top // 6))), "format": "d"}},
                          "color": {"field": "kind", "type": "nominal", "title": None, "sort": names,
                                    "scale": {"domain": names, "range": [c for _, _, c in kinds]}},
                          "order": {"field": "order", "type": "quantitative"}}},
            {"data": {"values": totals},
             "mark": {"type": "text", "dy": -8, "fontSize": 12, "fontWeight": "bold"},
             "encoding": {"x": x, "y": {"field": "total", "type": "quantitative"}, "text": {"field": "pct"}}},
        ],
        "config": CONFIG,
    }  # fmt: skip
    return render(spec, english)


_cache: OrderedDict[str, str] = OrderedDict()
_lock = Lock()


def render(spec: dict[str, Any], english: bool = False) -> str:
    """The spec drawn as SVG (kept for repeats of the same figures), ready to put in a page."""
    import vl_convert

    text = json.dumps([spec, english], sort_keys=True)
    key = hashlib.sha256(text.encode()).hexdigest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    locale = "en-US" if english else INDONESIAN
    svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[], format_locale=locale)
    svg = svg.replace("<svg ", f'<svg role="img" class="sla-chart" data-chart="{key[:8]}" ', 1)
    with _lock:
        _cache[key] = svg
        while len(_cache) > 64:
            _cache.popitem(last=False)
    return svg
