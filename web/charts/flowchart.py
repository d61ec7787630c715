"""The SOP as a flowchart in swimlanes, laid out by ELK and drawn as SVG on the server.

One column (lane) per role, one row per step in the SOP's order, as the printed SOP draws it.
The Eclipse Layout Kernel (elkjs, from the npm registry; `adapters/flowchart_layout.js` runs it in
node) lays the chart out and routes the arrows: its layered algorithm keeps the rows in SOP
order (one partition per row, the lane names in row 0), its interactive placement keeps each
box at the x of its lane, and its orthogonal router sends every arrow through the channels
between the rows and lanes, with dummy nodes for long arrows and loops, so no arrow passes
through a box and parallel arrows get their own tracks. This module only measures and wraps
the text (every label whole), places the "ya"/"tidak" labels where no box, label or other
arrow is, and draws: presentation attributes only, no inline style or script (strict CSP),
nothing needed in the browser. Graphviz was the other candidate, but it has no lanes of its own
and would add a Debian package to every machine, where elkjs comes with the npm packages the
app installs already.

Work per page does not grow with what a tenant's SOP file holds: the arrows, the graph and the
drawing of an SOP version are made once (keyed by the variant's fingerprint, a bounded cache),
and a page only colours the steps. The layout itself is never computed on a page's path: it is
recorded once per graph by the `Layouts` adapter (adapters/layouts.py: node in the background,
with a time and memory budget), asked for when a version is adopted (`prepare`); a page that
finds none shows the numbered list of steps.
"""

from __future__ import annotations

import itertools
import logging
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from threading import Lock
from typing import Any, Generic, TypeVar

from markupsafe import Markup

from adapters.layouts import Graph, Layouts, graph_key
from domain.labels import answer_label
from domain.sop import Outcome, Step, Variant
from web.charts.geometry import Box, Point, place_label
from web.charts.textmetrics import text_width, wrap

log = logging.getLogger(__name__)
K, V = TypeVar("K"), TypeVar("V")
FONT, LINE, PAD, SLANT = 12, 15, 8, 10
CHART_W, MIN_PITCH, MAX_PITCH, GAP = 1000, 160, 230, 32
END_H, LABEL_FONT = 28, 11
ENDS = {
    "completed": ("selesai", "completed"),
    "declined": ("tidak dilanjutkan", "not continued"),
    "rejected_for_resources": ("ditolak (sumber daya)", "rejected (resources)"),
    "withdrawn": ("ditarik", "withdrawn"),
}
COLOURS = {  # fill, stroke, text
    "active": ("#fff3cd", "#d39e00", "#3d2e00"),
    "done": ("#e9ecef", "#adb5bd", "#495057"),
    "coming": ("#ffffff", "#1f6feb", "#0b2e5c"),
}
LAYOUT_OPTIONS = {
    "elk.algorithm": "layered",
    "elk.direction": "DOWN",
    "elk.edgeRouting": "ORTHOGONAL",
    "elk.partitioning.activate": "true",
    "elk.separateConnectedComponents": "false",
    "elk.layered.crossingMinimization.semiInteractive": "true",
    "elk.layered.nodePlacement.strategy": "INTERACTIVE",
    "elk.spacing.nodeNode": "30",
    "elk.layered.spacing.nodeNodeBetweenLayers": "30",
    "elk.layered.spacing.edgeNodeBetweenLayers": "14",
    "elk.spacing.edgeEdge": "12",
    "elk.spacing.edgeNode": "14",
    "elk.padding": "[top=0,left=20,bottom=16,right=20]",
}


@dataclass(frozen=True)
class Arrow:
    """An arrow from a step to a step or an end, with its answer ("ya", "tidak", "" or both)."""

    source: int
    target: str  # "s<number>" or "e<number><answer>"
    answer: str


def arrows(variant: Variant) -> tuple[list[Arrow], dict[str, tuple[int, str]]]:
    """Every arrow of the chart, and the end boxes (id → the step it follows, its end); made
    once per SOP version."""
    flow = _flows.get(variant.fingerprint)
    if flow is None:
        flow = _flows.put(variant.fingerprint, _arrows(variant))
    return flow


def _arrows(variant: Variant) -> tuple[list[Arrow], dict[str, tuple[int, str]]]:
    found: list[Arrow] = []
    ends: dict[str, tuple[int, str]] = {}
    for step in variant.steps:
        targets: dict[str, list[str]] = {}
        for answer, outcome in _outcomes(step):
            if outcome.next_step is not None and variant.has_step(outcome.next_step):
                target = f"s{outcome.next_step}"
            else:
                target = f"e{step.number}{answer}"
                ends[target] = (step.number, outcome.end or "completed")
            targets.setdefault(target, []).append(answer)
        for target, answers in targets.items():
            found.append(Arrow(step.number, target, " / ".join(a for a in answers if a)))
    return found, ends


def flow_targets(variant: Variant, step: Step) -> list[tuple[str, int | str]]:
    """Where a step leads, for the list view: (answer, step number or end), answers sharing a
    target together ("ya / tidak")."""
    found, ends = arrows(variant)
    return [
        (arrow.answer, int(arrow.target[1:]) if arrow.target[0] == "s" else ends[arrow.target][1])
        for arrow in found
        if arrow.source == step.number
    ]


class _Bounded(Generic[K, V]):
    """A small cache shared by the process's threads: the oldest entry goes first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            return self._items.get(key)

    def put(self, key: K, value: V) -> V:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


_flows: _Bounded[str, tuple[list[Arrow], dict[str, tuple[int, str]]]] = _Bounded(256)


class Fragments:
    """Rendered fragments of pages that depend only on their key (an SOP version, the page's
    language, the steps' states): the flowchart block of the largest SOP is 700 KB of HTML, and
    a repeated view takes it from here. Bounded by the characters kept, the oldest going first."""

    def __init__(self, most: int = 32_000_000) -> None:
        self._most = most
        self._kept = 0
        self._items: OrderedDict[tuple[Any, ...], Markup] = OrderedDict()
        self._lock = Lock()

    def __call__(self, *key: Any, caller: Callable[[], str]) -> Markup:
        """A jinja `{% call cached(key...) %}…{% endcall %}`: the block's output, made once."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        made = Markup(caller())
        with self._lock:
            if key not in self._items:
                self._items[key] = made
                self._kept += len(made)
                while self._kept > self._most and self._items:
                    self._kept -= len(self._items.popitem(last=False)[1])
        return made


def end_name(end: str, english: bool = False) -> str:
    """How an end of the request reads ("selesai", "tidak dilanjutkan", ...)."""
    return _end_text(end, english)


def _outcomes(step: Step) -> list[tuple[str, Outcome]]:
    if step.decision is not None:
        return [("ya", step.decision.ya), ("tidak", step.decision.tidak)]
    return [("", step.next or Outcome(end="completed"))]


def _step_lines(step: Step, box_w: float) -> list[str]:
    inner = box_w - 2 * PAD - (2 * SLANT if step.decision else 0)
    return wrap(f"{step.number}. {step.description}", inner, FONT)


def _lane_lines(name: str, box_w: float) -> list[str]:
    return wrap(name, box_w, FONT, bold=True)


def _end_text(end: str, english: bool) -> str:
    words = ENDS.get(end, (end, end))
    return words[1] if english else words[0]


def _sizes(lanes: int) -> tuple[float, float]:
    """The lane pitch and box width: about 1,000 px for the lanes (a laptop's column), loops
    routed round them beside, but never boxes too narrow to read."""
    pitch = max(MIN_PITCH, min(MAX_PITCH, CHART_W / max(1, lanes)))
    return pitch, pitch - GAP


def graph(variant: Variant, english: bool) -> Graph:
    """The ELK graph of an SOP version in a page's language, as node reads it (made once)."""
    key = (variant.fingerprint, english)
    found = _graphs.get(key)
    return found if found is not None else _graphs.put(key, graph_key(_graph(variant, english)))


def prepare(layouts: Layouts, variant: Variant) -> None:
    """Have the SOP version's charts laid out, in both languages (when it is adopted)."""
    for english in (False, True):
        layouts.prepare(graph(variant, english))


def _graph(variant: Variant, english: bool) -> dict[str, Any]:
    """The ELK graph: one partition per row in SOP order, each box at its lane's x."""
    lanes = {role.id: index for index, role in enumerate(variant.roles)}
    pitch, box_w = _sizes(len(variant.roles))
    found, ends = arrows(variant)
    head = max(len(_lane_lines(role.name, box_w)) for role in variant.roles) * LINE + 10
    children = [_node(f"h{lane}", box_w, head, (lane + 1) * pitch, 0) for lane in range(len(variant.roles))]
    for step in variant.steps:
        x = (lanes.get(step.role, 0) + 1) * pitch
        row = len(children) - len(variant.roles) + 1
        children.append(
            _node(f"s{step.number}", box_w, 2 * PAD + LINE * len(_step_lines(step, box_w)), x, row)
        )
        for end_id, (number, end) in ends.items():
            if number == step.number:
                width = text_width(_end_text(end, english), FONT) + 28
                row = len(children) - len(variant.roles) + 1
                children.append(_node(end_id, width, END_H, x + (box_w - width) / 2, row))
    edges = [
        {"id": f"a{index}", "sources": [f"s{arrow.source}"], "targets": [arrow.target]}
        for index, arrow in enumerate(found)
    ]
    # the root named after the SOP version: each version is laid out (and recorded) on its own
    return {"id": f"sop-{variant.fingerprint}", "layoutOptions": LAYOUT_OPTIONS, "children": children,
            "edges": edges}


def _node(ident: str, width: float, height: float, x: float, row: int) -> dict[str, Any]:
    """A box at its lane's x in its own row (an ELK partition; the lane names are row 0)."""
    return {
        "id": ident, "width": width, "height": height, "x": x, "y": row * 100,
        "layoutOptions": {"elk.partitioning.partition": str(row), "elk.position": f"({x:.1f},{row * 100})"},
    }  # fmt: skip


_graphs: _Bounded[tuple[str, bool], Graph] = _Bounded(256)


@dataclass(frozen=True)
class Drawing:
    """A laid-out chart, drawn once: all but the steps, and each step in each of its states."""

    head: str
    steps: dict[int, dict[str, str]]


_drawings: _Bounded[tuple[str, bool], Drawing] = _Bounded(128)


def flowchart_svg(
    layouts: Layouts, variant: Variant, active: int | None = None, done: Iterable[int] = (), *,
    english: bool = False,
) -> str:  # fmt: skip
    """The SVG markup of the variant's flowchart (safe to insert in a page as it is), or "" while
    its layout is not recorded (or could not be made): the page shows the list of steps. An
    arrow back up (a loop, e.g. UAT failed) is dashed."""
    shown = graph(variant, english)
    laid = layouts.layout(shown)
    if laid is None:
        return ""
    key = (variant.fingerprint, english)  # one graph, one recorded layout: one drawing
    drawing = _drawings.get(key)
    if drawing is None:
        drawing = _drawings.put(key, _drawing(variant, laid, english))
    taken = set(done)
    states = ("active" if step.number == active else "done" if step.number in taken else "coming"
              for step in variant.steps)  # fmt: skip
    return drawing.head + "".join(drawing.steps[step.number][state]
                                  for step, state in zip(variant.steps, states, strict=True)) + "</svg>"


def _drawing(variant: Variant, laid: dict[str, Any], english: bool) -> Drawing:
    nodes = {child["id"]: child for child in laid["children"]}
    _, box_w = _sizes(len(variant.roles))
    width, height = laid["width"], laid["height"]
    found, ends = arrows(variant)
    boxes = {i: Box(n["x"], n["y"], n["width"], n["height"]) for i, n in nodes.items() if i[0] != "h"}
    parts = [
        _open("svg", xmlns="http://www.w3.org/2000/svg", class_="flowchart", role="img",
              viewBox=f"0 0 {width:.0f} {height:.0f}", width=f"{width:.0f}", height=f"{height:.0f}",
              font_family="sans-serif", font_size=FONT),
        f"<title>{escape(variant.title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"'
        ' orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    ]  # fmt: skip
    lanes = _lane_bands(variant, nodes, width)
    for index, (role, (left, right)) in enumerate(zip(variant.roles, lanes, strict=True)):
        parts.append(_open("g", class_="lane", data_role=role.id) + f"<title>{escape(role.name)}</title>")
        parts.append(_tag("rect", x=left, y=0, width=right - left, height=height, stroke="#d0d7de",
                          fill="#f3f5f7" if index % 2 else "#ffffff"))  # fmt: skip
        for line_no, text in enumerate(_lane_lines(role.name, box_w)):
            parts.append(_tag("text", text, class_="lane-name", x=(left + right) / 2, y=16 + line_no * LINE,
                              text_anchor="middle", font_weight="bold"))  # fmt: skip
        parts.append("</g>")
    routes = _routes(laid["edges"])
    for index, points in routes.items():
        d = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points))
        source, target = found[index].source, found[index].target
        target = target[1:] if target[0] == "s" else target
        back = target[0] != "e" and variant.position(int(target)) <= variant.position(source)
        look = {"stroke_dasharray": "6 3", "stroke": "#8a4b00"} if back else {"stroke": "#555"}
        kind = "edge loop" if back else "edge"
        parts.append(_tag("path", class_=kind, data_from=source, data_to=target, d=d, fill="none",
                          stroke_width=1.3, marker_end="url(#arrow)", **look))  # fmt: skip
    parts += _labels_svg(found, routes, list(boxes.values()), english)
    for end_id, (number, end) in ends.items():
        box = boxes[end_id]
        parts.append(_open("g", class_="end", data_end=end_id, data_after=number))
        parts.append(_tag("rect", class_="box", x=box.x, y=box.y, width=box.w, height=box.h, rx=box.h / 2,
                          fill="#f6f8fa", stroke="#6c757d"))  # fmt: skip
        parts.append(_tag("text", _end_text(end, english), x=box.x + box.w / 2, y=box.y + box.h / 2 + 4,
                          text_anchor="middle", fill="#444") + "</g>")  # fmt: skip
    steps = {
        step.number: {state: _step_svg(step, boxes[f"s{step.number}"], state, english) for state in COLOURS}
        for step in variant.steps
    }
    return Drawing("".join(parts), steps)


def chart_ready(layouts: Layouts, variant: Variant, english: bool = False) -> bool:
    """Whether the version's chart in this language is laid out (a page's fragment that shows
    it may be kept; one that shows the list alone for want of a layout may not)."""
    found = layouts.recorded(graph(variant, english))
    return found is not None and found.status == "ok"


def flowchart_or_nothing(layouts: Layouts, *args: Any, **kwargs: Any) -> str:
    """The chart, or "" if it cannot be drawn (no layout yet, or it failed): the page then shows
    the list of steps instead, and the log says why."""
    try:
        return flowchart_svg(layouts, *args, **kwargs)
    except (RuntimeError, OSError, ValueError, KeyError) as exc:
        log.warning("flowchart not drawn: %s", exc)
        return ""


def _attrs(attrs: dict[str, object]) -> str:
    def value(v: object) -> str:
        return f"{v:.1f}".removesuffix(".0") if isinstance(v, float) else escape(str(v))

    return "".join(f' {k.rstrip("_").replace("_", "-")}="{value(v)}"' for k, v in attrs.items())


def _open(name: str, **attrs: object) -> str:
    return f"<{name}{_attrs(attrs)}>"


def _tag(name: str, text: str | None = None, **attrs: object) -> str:
    """An SVG element: `class_` gives class, `data_role` data-role, `text_anchor` text-anchor."""
    return f"<{name}{_attrs(attrs)}/>" if text is None else f"<{name}{_attrs(attrs)}>{escape(text)}</{name}>"


def _lane_bands(variant: Variant, nodes: dict[str, Any], width: float) -> list[tuple[float, float]]:
    """Each lane from halfway between its column and the one left of it to halfway to the next."""
    lanes = {role.id: index for index, role in enumerate(variant.roles)}
    columns = [[nodes[f"h{lane}"]] for lane in range(len(variant.roles))]
    for ident, node in nodes.items():
        if ident[0] in "se":
            number = int(ident[1:].removesuffix("ya").removesuffix("tidak"))
            columns[lanes.get(variant.step(number).role, 0)].append(node)
    spans = [(min(n["x"] for n in c), max(n["x"] + n["width"] for n in c)) for c in columns]
    cuts = [0.0] + [(spans[i][1] + spans[i + 1][0]) / 2 for i in range(len(spans) - 1)] + [width]
    return list(itertools.pairwise(cuts))


def _routes(edges: list[dict[str, Any]]) -> dict[int, list[Point]]:
    """Each arrow's points (by its index)."""
    routes: dict[int, list[Point]] = {}
    for edge in edges:
        points: list[Point] = []
        for section in edge.get("sections", []):
            ends = [section["startPoint"], *section.get("bendPoints", []), section["endPoint"]]
            points += [(p["x"], p["y"]) for p in ends]
        routes[int(edge["id"][1:])] = points
    return routes


def _labels_svg(
    found: list[Arrow], routes: dict[int, list[Point]], boxes: list[Box], english: bool = False
) -> list[str]:
    """The answers on the arrows ("ya" / "yes"), each where no box, other label or (if it can)
    arrow is."""
    placed: list[Box] = []
    parts = []
    segments = [(a, b) for points in routes.values() for a, b in itertools.pairwise(points)]
    for index, points in routes.items():
        arrow = found[index]
        if not arrow.answer:
            continue
        said = answer_label(arrow.answer, "en" if english else "id")
        size = (text_width(said, LABEL_FONT) + 6, LABEL_FONT + 5)
        spot = place_label(points, size, boxes, placed, segments)
        placed.append(spot)
        parts.append(_open("g", class_="edge-label", data_from=arrow.source))
        parts.append(_tag("rect", x=spot.x, y=spot.y, width=spot.w, height=spot.h, rx=3, fill="#ffffff",
                          fill_opacity=0.9))  # fmt: skip
        parts.append(_tag("text", said, x=spot.x + 3, y=spot.y + spot.h - 5, font_size=LABEL_FONT,
                          fill="#333", font_style="italic") + "</g>")  # fmt: skip
    return parts


def _tooltip(step: Step, english: bool = False) -> str:
    """The box's full text, and the documents only one answer produces ("tidak → Output: ...")."""
    lines = [step.description]
    if step.decision is not None:
        for answer, outcome in _outcomes(step):
            if outcome.outputs:
                said = answer_label(answer, "en" if english else "id")
                lines.append(f"{said} → Output: {', '.join(outcome.outputs)}")
    return "\n".join(lines)


def _step_svg(step: Step, box: Box, state: str, english: bool = False) -> str:
    fill, stroke, ink = COLOURS[state]
    paint = {"fill": fill, "stroke": stroke, "stroke_width": 3 if state == "active" else 1.3}
    parts = [
        _open("g", class_=f"step {state}", data_step=step.number, data_role=step.role),
        f"<title>{escape(_tooltip(step, english))}</title>",
    ]
    x, y, w, h = box.x, box.y, box.w, box.h
    if step.decision is not None:
        corners = [(x + SLANT, y), (x + w - SLANT, y), (x + w, y + h / 2), (x + w - SLANT, y + h),
                   (x + SLANT, y + h), (x, y + h / 2)]  # fmt: skip
        parts.append(
            _tag("polygon", class_="box", points=" ".join(f"{a:.1f},{b:.1f}" for a, b in corners), **paint)
        )
    else:
        parts.append(_tag("rect", class_="box", x=x, y=y, width=w, height=h, rx=6, **paint))
    for line_no, text in enumerate(_step_lines(step, w)):
        parts.append(
            _tag("text", text, x=x + w / 2, y=y + PAD + 11 + line_no * LINE, text_anchor="middle", fill=ink)
        )
    parts.append("</g>")
    return "".join(parts)
