"""Plane geometry for the flowchart: boxes, orthogonal segments, and where a label may go."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

Point = tuple[float, float]
Segment = tuple[Point, Point]


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return (self.x < other.x + other.w + gap and other.x < self.x + self.w + gap
                and self.y < other.y + other.h + gap and other.y < self.y + self.h + gap)  # fmt: skip

    def crossed_by(self, segment: Segment, gap: float = 0.0) -> bool:
        """Whether the segment passes through the box (grown by `gap`), touching included."""
        (x1, y1), (x2, y2) = segment
        left, right = min(x1, x2), max(x1, x2)
        top, bottom = min(y1, y2), max(y1, y2)
        return (left < self.x + self.w + gap and self.x - gap < right
                and top < self.y + self.h + gap and self.y - gap < bottom)  # fmt: skip


def place_label(
    route: list[Point],
    size: tuple[float, float],
    boxes: list[Box],
    labels: list[Box],
    segments: list[Segment],
) -> Box:
    """Where to put an arrow's label: beside its route, as near its start as can be, clear of
    every box and label and, if possible, of every other arrow."""
    w, h = size
    candidates: list[Box] = []
    for (x1, y1), (x2, y2) in itertools.pairwise(route):
        length = abs(x2 - x1) + abs(y2 - y1)
        steps = [6.0 + 4.0 * i for i in range(int(max(0.0, length - 12) // 4) + 1)]
        for along in steps:
            t = min(along, length) / length if length else 0.0
            x, y = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
            if x1 == x2:  # vertical: right of it, then left of it
                candidates += [Box(x + 4, y, w, h), Box(x - 4 - w, y, w, h)]
            else:  # horizontal: above it, then below it
                candidates += [Box(x, y - 3 - h, w, h), Box(x, y + 3, w, h)]
    for strict in (True, False):
        for spot in candidates:
            if any(spot.overlaps(box, 2) for box in boxes) or any(spot.overlaps(b, 2) for b in labels):
                continue
            if strict and any(spot.crossed_by(segment, 1) for segment in segments):
                continue
            return spot
    x, y = route[0]
    return Box(x + 4, y + 4, w, h)
