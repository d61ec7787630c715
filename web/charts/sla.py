"""The SLA charts: Vega-Lite specifications drawn as SVG on the server by vl-convert.

Why Vega-Lite through vl-convert (PyPI `vl-convert-python`, kept by the Vega project beside
Vega and Vega-Lite themselves): the page gets finished SVG, so the charts work without
JavaScript, print, and pass the strict CSP (vl-convert writes presentation attributes only,
no `style=`, no <style>, no script; we check that in tests). A chart is a declarative spec
(data plus encodings), not drawing code of our own, and the same figures go to the JSON API.
No chart library runs in the browser and nothing is fetched at page time: the conversion
runs in-process, with every URL refused. Numbers on the charts are formatted here, in the
reader's language, durations in their largest units ("3 hari 4 jam kerja").
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import OrderedDict
from threading import Lock
from typing import Any

from jinja2 import Environment, pass_context

from domain.formats import SHORT_MONTHS as MONTHS
from domain.formats import duration, number
from projections.sla import SlaMonth, SlaStep
from web.charts.textmetrics import text_width, wrap

# Each chart is drawn at three widths, each shown on the screens whose column is about as wide
# (web/static/alur.css): scaled to the column (an SVG with a viewBox at 100 % width) by a factor
# near 1, so its text stays readable, and laid out for that width (month labels thinned, shares
# turned upright or left to the table where they would not fit), so no two labels meet.
FITS = (("narrow", 360), ("medium", 640), ("wide", 1100))
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
FONT = 12
CONFIG = {
    "font": "sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": FONT, "titleFontSize": FONT, "labelColor": "#333"},
    "title": {"fontSize": 13, "subtitleFontSize": FONT, "anchor": "start", "subtitleColor": "#555"},
    "legend": {"labelFontSize": FONT, "orient": "bottom"},
}
MONTHS_SHOWN = 12  # the trend: the last twelve months (the table below it has them all)


def install(env: Environment) -> None:
    """Templates write `x|num` ("0,60" in Indonesian), `x|num(1)`, `unit_name(u)`, `month_name(m)`,
    `duration(x, unit, office_day_minutes)` ("3 hari 4 jam kerja")."""

    @pass_context
    def num(context: Any, value: float | None, digits: int = 2) -> str:
        return number(value, context.get("lang") == "en", digits)

    @pass_context
    def unit(context: Any, name: str) -> str:
        return unit_name(name, context.get("lang") == "en")

    @pass_context
    def month(context: Any, name: str) -> str:
        return month_name(name, context.get("lang") == "en")

    @pass_context
    def how_long(context: Any, value: float | None, unit: str, office_day_minutes: float = 510.0) -> str:
        return duration(value, unit, office_day_minutes, context.get("lang") == "en")

    env.filters["num"] = num
    env.globals["unit_name"] = unit
    env.globals["month_name"] = month
    env.globals["duration"] = how_long


def unit_name(unit: str, english: bool = False) -> str:
    words = UNITS.get(unit, (unit, unit))
    return words[1] if english else words[0]


def month_name(month: str, english: bool = False) -> str:
    """ "2026-06" -> "Jun 2026"."""
    year, index = month.split("-")
    return f"{MONTHS[int(index) - 1][1 if english else 0]} {year}"


def steps_chart(steps: list[SlaStep], english: bool = False, office_day_minutes: float = 510.0) -> str:
    """Per step: its target, and the median and p90 of its realisation, as bars in the step's
    own unit, labelled in its largest sensible units ("3 hari 4 jam kerja"); a bar past the
    target is red. Steps that always take no time and have no target (the submission itself)
    are left to the table. One SVG per width in FITS."""
    shown = [step for step in steps if step.median is not None and (step.target is not None or step.p90)]
    if not shown:
        return ""
    return "".join(_fit(_steps_spec(shown, english, office_day_minutes, width), english, fit)
                   for fit, width in FITS)  # fmt: skip


def _steps_spec(steps: list[SlaStep], english: bool, office_day: float, width: int) -> dict[str, Any]:
    columns = 2 if width >= 900 and len(steps) > 1 else 1  # one step alone takes the whole width
    spacing = 32
    cell = (width - spacing * (columns - 1)) / columns  # one step's chart, its axis labels included
    axis = max(text_width(name, FONT) for name in ("target", "median", "p90")) + 12
    plot = int(cell - axis - 4)
    charts = [_step_spec(step, english, office_day, cell - 8, plot) for step in steps]
    return {"concat": charts, "columns": columns, "spacing": {"row": 22, "column": spacing},
            "config": CONFIG}  # fmt: skip


def _step_spec(step: SlaStep, english: bool, office_day: float, room: float, plot: int) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    if step.target is not None:
        rows.append({"name": "target", "value": step.target, "tone": "target",
                     "label": duration(step.target, step.unit, office_day, english)})  # fmt: skip
    for name, value in (("median", step.median), ("p90", step.p90)):
        over = step.target is not None and value is not None and value > step.target
        rows.append({"name": name, "value": value, "tone": "over" if over else "ok",
                     "label": duration(value, step.unit, office_day, english)})  # fmt: skip
    top = max(row["value"] or 0.0 for row in rows) or 1.0
    longest = max(text_width(row["label"], FONT) for row in rows)
    # The longest bar ends where its label still fits inside the plot.
    scale_top = top * plot / max(plot - longest - 12, plot * 0.25)
    done = f"{step.count} {'done' if english else 'selesai'}"
    if step.on_time_pct is not None:
        done += f" · {number(step.on_time_pct, english, 1)}% {'on time' if english else 'tepat waktu'}"
    if step.open_late:
        done += f" · {step.open_late} {'still overdue' if english else 'masih terlambat'}"
    if step.target is None:
        standard = "no fixed time standard" if english else "tanpa waktu baku tetap"
    else:
        standard = f"{'time standard' if english else 'waktu baku'} {step.standard}"
    title = wrap(f"{step.step}. {step.description}", room, 13, bold=True)  # whole, never cut
    subtitle = [line for text in (step.role_name, done, standard) for line in wrap(text, room, FONT)]
    names = [row["name"] for row in rows]
    return {
        "title": {"text": title, "subtitle": subtitle},
        "width": plot,
        "height": 20 * len(rows),
        "data": {"values": rows},
        "encoding": {
            "y": {"field": "name", "type": "nominal", "title": None, "sort": names,
                  "axis": {"domain": False, "ticks": False, "labelPadding": 6}},
            "x": {"field": "value", "type": "quantitative", "title": None,
                  "scale": {"domain": [0, scale_top], "nice": False}, "axis": None},
        },
        "layer": [
            {"mark": {"type": "bar", "height": 14},
             "encoding": {"color": {"field": "tone", "type": "nominal", "legend": None, "scale": TONES}}},
            {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": FONT, "color": "#222"},
             "encoding": {"text": {"field": "label"}}},
        ],
    }  # fmt: skip


def months_chart(months: list[SlaMonth], english: bool = False) -> str:
    """Per month: steps done on time, done late, and still overdue at the month's end, stacked,
    with the share on time above each month that has any. The last MONTHS_SHOWN months of the
    report, which has every month (projections/sla.py), empty ones as empty bars. One SVG per
    width in FITS."""
    recent = months[-MONTHS_SHOWN:]
    if not recent:
        return ""
    return "".join(_fit(_months_spec(recent, english, width), english, fit) for fit, width in FITS)


def _months_spec(recent: list[SlaMonth], english: bool, width: int) -> dict[str, Any]:
    kinds = (("on time", "tepat waktu", ON_TIME), ("done late", "terlambat (selesai)", LATE_DONE),
             ("still overdue", "masih terlambat", OPEN_LATE))  # fmt: skip
    names = [english_name if english else name for english_name, name, _ in kinds]
    keys = [month.month for month in recent]
    values: list[dict[str, Any]] = []
    shares: list[dict[str, Any]] = []
    for month in recent:
        for name, count in zip(names, (month.on_time, month.late_done, month.open_late), strict=True):
            values.append({"month": month.month, "kind": name, "count": count, "order": names.index(name)})
        if month.on_time_pct is not None:
            shares.append({"month": month.month, "total": month.with_target,
                           "pct": f"{number(month.on_time_pct, english, 1)}%"})  # fmt: skip
    band = (width - 70) / len(keys)  # the plot, less the y axis and its title, per month
    # Month labels: the month, and under it the year where it changes; every stride-th month
    # (counted back from the latest) where a label per month would not fit.
    shorts = [MONTHS[int(index) - 1][1 if english else 0] for index in range(1, 13)]
    stride = max(1, math.ceil((max(text_width(t, FONT) for t in [*shorts, "2026"]) + 10) / band))
    labelled = [key for i, key in enumerate(keys) if (len(keys) - 1 - i) % stride == 0]
    with_year = [key for i, key in enumerate(labelled) if i == 0 or labelled[i - 1][:4] != key[:4]]
    year = f"indexof({json.dumps(with_year)}, datum.value) >= 0 ? slice(datum.value, 0, 4) : ''"
    label = f"[{json.dumps(shorts)}[toNumber(slice(datum.value, 5, 7)) - 1], {year}]"
    # The share on time above each bar: level where it fits, upright where only its height does,
    # else only in the table.
    widest = max((text_width(row["pct"], FONT, bold=True) for row in shares), default=0.0)
    height = 200
    share_mark: dict[str, Any]
    if widest + 8 <= band:
        share_mark, headroom = {"dy": -8}, 22.0
    elif band >= FONT + 6:
        share_mark, headroom = {"angle": 270, "align": "left", "baseline": "middle", "dx": 5}, widest + 12
    else:
        share_mark, headroom, shares = {}, 4.0, []
    top = max(month.with_target for month in recent)
    scale_top = (top or 1) * height / (height - headroom)  # room above the highest bar for its share
    ticks = list(range(0, top + 1, max(1, math.ceil(top / 6)))) if top else [0]
    x = {"field": "month", "type": "ordinal", "sort": keys, "title": None,
         "axis": {"labelAngle": 0, "values": labelled, "labelExpr": label, "labelOverlap": False}}
    layers: list[dict[str, Any]] = [
        {"data": {"values": values}, "mark": {"type": "bar", **({"width": 64} if band > 90 else {})},
         "encoding": {"x": x,
                      "y": {"field": "count", "type": "quantitative", "stack": "zero",
                            "title": "steps" if english else "langkah",
                            "scale": {"domain": [0, scale_top], "nice": False},
                            "axis": {"values": ticks, "format": "d"}},
                      "color": {"field": "kind", "type": "nominal", "title": None, "sort": names,
                                "scale": {"domain": names, "range": [c for _, _, c in kinds]},
                                "legend": {"direction": "horizontal" if width >= 500 else "vertical"}},
                      "order": {"field": "order", "type": "quantitative"}}},
    ]  # fmt: skip
    if shares:
        layers.append({"data": {"values": shares},
                       "mark": {"type": "text", "fontSize": FONT, "fontWeight": "bold", **share_mark},
                       "encoding": {"x": x, "y": {"field": "total", "type": "quantitative"},
                                    "text": {"field": "pct"}}})  # fmt: skip
    return {"width": width, "height": height, "autosize": {"type": "fit-x", "contains": "padding"},
            "layer": layers, "config": CONFIG}  # fmt: skip


def _fit(spec: dict[str, Any], english: bool, fit: str) -> str:
    """The spec drawn for one of FITS: marked so that only the screens it fits show it."""
    return render(spec, english).replace('class="sla-chart"', f'class="sla-chart fit-{fit}"', 1)


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
