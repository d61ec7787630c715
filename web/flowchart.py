"""The SOP as a flowchart in swimlanes: one column per role, one box per step, arrows between.

Drawn as inline SVG on the server, so it needs no script and no chart library, prints, and
passes the strict CSP (presentation attributes only, no inline style). Steps taken are grey,
the active step is highlighted; a decision's arrows carry "ya"/"tidak"; an arrow that goes
back up (a loop, e.g. UAT failed) bends round the right of the chart.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from domain.sop import Outcome, Step, Variant

LANE, ROW, HEAD, BOX_W, BOX_H, MARGIN = 170, 64, 44, 150, 40, 40
ENDS = {
    "completed": "selesai",
    "declined": "tidak dilanjutkan",
    "rejected_for_resources": "ditolak (sumber daya)",
}
COLOURS = {  # fill, stroke, text
    "active": ("#fff3cd", "#d39e00", "#3d2e00"),
    "done": ("#e9ecef", "#adb5bd", "#495057"),
    "coming": ("#ffffff", "#1f6feb", "#0b2e5c"),
}


def _outcomes(step: Step) -> list[tuple[str, Outcome]]:
    if step.decision is not None:
        return [("ya", step.decision.ya), ("tidak", step.decision.tidak)]
    return [("", step.next or Outcome(end="completed"))]


def _label(step: Step, width: int = 22) -> list[str]:
    words, lines, line = step.description.split(), [], f"{step.number}."
    for word in words:
        if len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
            if len(lines) == 2:
                break
        else:
            line = f"{line} {word}"
    else:
        lines.append(line)
        return lines
    lines[-1] = lines[-1] + "…"
    return lines


def flowchart_svg(variant: Variant, active: int | None = None, done: Iterable[int] = ()) -> str:
    """The SVG markup of the variant's flowchart (safe to insert in a page as it is)."""
    lanes = [role.id for role in variant.roles]
    row = {step.number: index for index, step in enumerate(variant.steps)}
    taken = set(done)
    width = MARGIN + LANE * len(lanes) + MARGIN * 2
    height = HEAD + ROW * len(variant.steps) + 20

    def centre(step: Step) -> tuple[float, float]:
        lane = lanes.index(step.role) if step.role in lanes else 0
        return MARGIN + lane * LANE + LANE / 2, HEAD + row[step.number] * ROW + ROW / 2

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" role="img" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(variant.title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"'
        ' orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    ]
    for index, role in enumerate(variant.roles):
        x = MARGIN + index * LANE
        fill = "#f8f9fa" if index % 2 else "#ffffff"
        parts.append(f'<rect x="{x}" y="0" width="{LANE}" height="{height}" fill="{fill}" stroke="#dee2e6"/>')
        for line_no, text in enumerate(_wrap(role.name, 26)[:2]):
            parts.append(
                f'<text x="{x + LANE / 2}" y="{16 + line_no * 13}" text-anchor="middle" font-weight="bold">'
                f"{escape(text)}</text>"
            )
    loop = 0
    for step in variant.steps:
        x, y = centre(step)
        for answer, outcome in _outcomes(step):
            if outcome.next_step is None or not variant.has_step(outcome.next_step):
                end = ENDS.get(outcome.end or "", outcome.end or "")
                prefix = f"{answer}: " if answer else ""
                parts.append(
                    f'<text x="{x}" y="{y + BOX_H / 2 + 12}" text-anchor="middle" fill="#6c757d">'
                    f"{escape(prefix)}→ {escape(end)}</text>"
                )
                continue
            tx, ty = centre(variant.step(outcome.next_step))
            if ty > y:  # forward: from the bottom of this box to the top of the next
                path = f"M{x},{y + BOX_H / 2} C{x},{ty - BOX_H} {tx},{y + BOX_H} {tx},{ty - BOX_H / 2}"
                lx, ly = (x + tx) / 2 + 4, (y + BOX_H / 2 + ty - BOX_H / 2) / 2
            else:  # back up: round the right-hand side of the chart
                loop += 1
                side = MARGIN + LANE * len(lanes) + 8 * loop
                path = f"M{x + BOX_W / 2},{y} L{side},{y} L{side},{ty} L{tx + BOX_W / 2},{ty}"
                lx, ly = side - 28, y - 4
            parts.append(
                f'<path d="{path}" fill="none" stroke="#555" stroke-width="1.2" marker-end="url(#arrow)"/>'
            )
            if answer:
                parts.append(f'<text x="{lx}" y="{ly}" fill="#333" font-style="italic">{answer}</text>')
    for step in variant.steps:
        x, y = centre(step)
        state = "active" if step.number == active else "done" if step.number in taken else "coming"
        fill, stroke, ink = COLOURS[state]
        width_px = 3 if state == "active" else 1.2
        parts.append(f'<g class="step {state}" data-step="{step.number}">')
        parts.append(f"<title>{escape(step.description)}</title>")
        if step.decision is not None:
            points = (f"{x},{y - BOX_H / 2 - 4} {x + BOX_W / 2},{y} {x},{y + BOX_H / 2 + 4} "
                      f"{x - BOX_W / 2},{y}")  # fmt: skip
            parts.append(
                f'<polygon points="{points}" fill="{fill}" stroke="{stroke}" stroke-width="{width_px}"/>'
            )
        else:
            parts.append(
                f'<rect x="{x - BOX_W / 2}" y="{y - BOX_H / 2}" width="{BOX_W}" height="{BOX_H}" rx="6"'
                f' fill="{fill}" stroke="{stroke}" stroke-width="{width_px}"/>'
            )
        lines = _label(step, 20 if step.decision else 24)
        for line_no, text in enumerate(lines):
            offset = (line_no - (len(lines) - 1) / 2) * 12 + 4
            parts.append(
                f'<text x="{x}" y="{y + offset}" text-anchor="middle" fill="{ink}">{escape(text)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines
