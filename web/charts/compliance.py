"""The SOP compliance charts, drawn as the SLA charts are (web/charts/sla.py): Vega-Lite specs
turned into SVG on the server by vl-convert, one drawing per width in FITS, plain SVG that the
strict CSP lets through.

Per SOP version: how many requests followed the path, had each deviation, or ended early (a
horizontal bar each); and per step, the late steps, loops back to it and returns at it.
"""

from __future__ import annotations

from typing import Any

from domain.formats import number
from projections.compliance import KIND_WORDS, ComplianceVariant
from web.charts.sla import CONFIG, FITS, FONT, render
from web.charts.textmetrics import text_width

FOLLOWED, DEVIATED, ENDED = "#2e7d32", "#b00020", "#9e9e9e"
STEP_KINDS = (
    ("late", ("terlambat", "late"), "#b00020"),
    ("loops", ("putaran ulang", "loops back"), "#f57c00"),
    ("returned", ("dikembalikan", "returned"), "#1565c0"),
)


def kinds_chart(variant: ComplianceVariant, english: bool = False) -> str:
    """Requests that followed the path, then each deviation and each early ending: a bar each,
    its count at its end (with the share of all the version's requests)."""
    if not variant.total:
        return ""
    followed = ("followed the path" if english else "sesuai alur SOP", variant.followed, "followed")
    kinds = [(KIND_WORDS[d.kind][0][int(english)], d.requests, "deviated" if d.deviation else "ended")
             for d in variant.deviations]  # fmt: skip
    rows = [followed, *kinds]
    values = [{"name": name, "value": value, "tone": tone,
               "label": f"{number(value, english, 0)} ({number(100 * value / variant.total, english, 0)}%)"}
              for name, value, tone in rows]  # fmt: skip
    tones = {"domain": ["followed", "deviated", "ended"], "range": [FOLLOWED, DEVIATED, ENDED]}
    return "".join(_fit(_bars(values, tones, width, english), english, fit) for fit, width in FITS)


def steps_chart(variant: ComplianceVariant, english: bool = False) -> str:
    """Per step where anything happened: late steps, loops back to it, returns at it, grouped."""
    values = []
    for step in variant.steps:
        for key, words, _ in STEP_KINDS:
            count = getattr(step, key)
            if count:
                name = f"{'Step' if english else 'Langkah'} {step.step}"
                values.append({"name": name, "kind": words[int(english)], "value": count, "order": step.step,
                               "label": number(count, english, 0)})  # fmt: skip
    if not values:
        return ""
    return "".join(_fit(_grouped(values, width, english), english, fit) for fit, width in FITS)


def _bars(values: list[dict[str, Any]], tones: dict[str, Any], width: int, english: bool) -> dict[str, Any]:
    axis = max(text_width(row["name"], FONT) for row in values) + 12
    plot = int(width - axis - 8)
    longest = max(text_width(row["label"], FONT) for row in values)
    top = max(row["value"] for row in values) or 1
    scale_top = top * plot / max(plot - longest - 12, plot * 0.25)  # the longest bar's label fits
    names = [row["name"] for row in values]
    return {
        "width": plot, "height": 24 * len(values), "data": {"values": values}, "config": CONFIG,
        "encoding": {
            "y": {"field": "name", "type": "nominal", "title": None, "sort": names,
                  "axis": {"domain": False, "ticks": False, "labelPadding": 6, "labelLimit": 0}},
            "x": {"field": "value", "type": "quantitative", "title": None,
                  "scale": {"domain": [0, scale_top], "nice": False}, "axis": None},
        },
        "layer": [
            {"mark": {"type": "bar", "height": 16},
             "encoding": {"color": {"field": "tone", "type": "nominal", "legend": None, "scale": tones}}},
            {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": FONT, "color": "#222"},
             "encoding": {"text": {"field": "label"}}},
        ],
    }  # fmt: skip


def _grouped(values: list[dict[str, Any]], width: int, english: bool) -> dict[str, Any]:
    kinds = [words[int(english)] for _, words, _ in STEP_KINDS]
    axis = max(text_width(row["name"], FONT) for row in values) + 12
    plot = int(width - axis - 8)
    longest = max(text_width(row["label"], FONT) for row in values)
    top = max(row["value"] for row in values)
    scale_top = top * plot / max(plot - longest - 12, plot * 0.25)
    steps = sorted({(row["order"], row["name"]) for row in values})
    return {
        "width": plot, "height": {"step": 16}, "data": {"values": values}, "config": CONFIG,
        "encoding": {
            "y": {"field": "name", "type": "nominal", "title": None, "sort": [name for _, name in steps],
                  "axis": {"domain": False, "ticks": False, "labelPadding": 6, "labelLimit": 0},
                  "scale": {"paddingInner": 0.3}},
            "yOffset": {"field": "kind", "type": "nominal", "sort": kinds},
            "x": {"field": "value", "type": "quantitative", "title": None,
                  "scale": {"domain": [0, scale_top], "nice": False}, "axis": None},
            "color": {"field": "kind", "type": "nominal", "title": None, "sort": kinds,
                      "scale": {"domain": kinds, "range": [colour for _, _, colour in STEP_KINDS]},
                      "legend": {"direction": "horizontal" if width >= 500 else "vertical"}},
        },
        "layer": [
            {"mark": {"type": "bar"}},
            {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": FONT, "color": "#222"},
             "encoding": {"text": {"field": "label"}}},
        ],
    }  # fmt: skip


def _fit(spec: dict[str, Any], english: bool, fit: str) -> str:
    """Drawn for one of FITS, marked so that only the screens it fits show it (alur.css)."""
    return render(spec, english).replace('class="sla-chart"', f'class="sla-chart fit-{fit}"', 1)
