"""SOP compliance (kepatuhan SOP): per SOP version the tenant's requests ran under, how many
went along the SOP's path and where the others left it.

A query over the "requests" read model, no table of its own: the steps taken (one row each,
with its due time), the returns for completeness and each request's status hold every answer,
grouped here in three statements of one transaction. What counts:

- **followed the path**: finished by an end the SOP gives (completed, declined, rejected for
  resources) with none of the deviations below;
- **deviations**: withdrawn; a loop (a step taken more than once: a decision sent the request
  back; its occurrences are the jumps back, each counted at the step it went back to);
  returned for completeness (the file went back to the requester); late (a step done after
  its due time); paused (the file is with the requester now, the step's clock stopped);
- **ended early** (declined, rejected for resources): an ending the SOP allows, so no deviation,
  but reported beside them.

"Finished" is every request that ended, withdrawn ones included, so "followed N of M" reads
against all that ended. A running request with no deviation yet is neither: it is counted as
running. The query's cost is one pass over the step rows (a window for the loops), as the SLA
report's is over its own; no new projection to keep and rebuild.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from domain.labels import Text
from domain.sop import Variant
from projections.base import Tx

DEVIATIONS = ("withdrawn", "loop", "returned", "late", "paused")
ENDED_EARLY = ("declined", "rejected_for_resources")
KINDS = (*DEVIATIONS, *ENDED_EARLY)
# Each kind in the page's two languages: its name, and what it means.
KIND_WORDS: dict[str, tuple[Text, Text]] = {
    "withdrawn": (
        ("ditarik", "withdrawn"),
        ("OPD menarik permohonannya", "the OPD withdrew its request"),
    ),
    "loop": (
        ("putaran ulang", "loop"),
        ("sebuah langkah dijalankan lebih dari sekali: keputusan mengembalikannya",
         "a step taken more than once: a decision sent the request back"),
    ),
    "returned": (
        ("dikembalikan (kelengkapan)", "returned for completeness"),
        ("berkas dikembalikan kepada pemohon karena tidak lengkap",
         "the file went back to the requester as incomplete"),
    ),
    "late": (
        ("terlambat", "late"),
        ("sebuah langkah selesai setelah tenggatnya", "a step was done after its deadline"),
    ),
    "paused": (
        ("dihentikan sementara", "paused"),
        ("berkas sedang di pemohon: jam langkah berhenti",
         "the file is with the requester now: the step's clock stopped"),
    ),
    "declined": (
        ("ditolak", "declined"),
        ("berakhir ditolak: akhir yang diatur SOP, bukan penyimpangan",
         "ended declined: an ending the SOP gives, not a deviation"),
    ),
    "rejected_for_resources": (
        ("ditolak: sumber daya", "rejected: no resources"),
        ("berakhir karena sumber daya tidak tersedia: akhir yang diatur SOP, bukan penyimpangan",
         "ended for lack of resources: an ending the SOP gives, not a deviation"),
    ),
}  # fmt: skip


@dataclass(frozen=True)
class CompliantRequest:
    """A request named under a kind, to open it."""

    request_id: str
    title: str
    letter_number: str


@dataclass(frozen=True)
class Deviation:
    """One kind: how many requests have it, how many times it happened (jumps back, returns,
    late steps), the requests; `deviation`: False for an ending the SOP allows."""

    kind: str
    deviation: bool
    requests: int
    occurrences: int
    items: list[CompliantRequest] = field(default_factory=list)


@dataclass(frozen=True)
class ComplianceStep:
    """One SOP step: requests that passed it, steps done late there, times a request came back
    to it (a loop), returns for completeness at it."""

    step: int
    description: str
    role: str
    role_name: str
    passed: int
    late: int
    loops: int
    returned: int


@dataclass(frozen=True)
class ComplianceVariant:
    variant_id: str
    variant_version: int
    title: str
    total: int
    running: int
    finished: int  # ended: by an end the SOP gives, or withdrawn
    followed: int  # finished along the SOP's path without a deviation (ended early included)
    deviated: int  # requests with at least one deviation
    deviations: list[Deviation]
    steps: list[ComplianceStep]

    @property
    def followed_pct(self) -> float | None:
        return round(100.0 * self.followed / self.finished, 1) if self.finished else None


@dataclass(frozen=True)
class ComplianceReport:
    variants: list[ComplianceVariant]


@dataclass
class _Tally:
    """One request as the kinds see it."""

    row: dict[str, Any]
    looped: bool = False  # a step taken more than once
    occurrences: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))


def compliance_report(tx: Tx, *, variant_of: Callable[[str, int], Variant]) -> ComplianceReport:
    """Every SOP version the tenant's requests ran under, newest first within an SOP."""
    requests = tx.query(
        "SELECT id, title, letter_number, variant_id, variant_version, status, returned_at"
        " FROM rm_requests ORDER BY submitted_at, id"
    )
    # Per request and step: times taken, times done late, times a request came back to it (a
    # retake reached from the same or a later step: a decision sent it back).
    taken = tx.query(
        "SELECT request_id, step, COUNT(*) AS taken,"
        " SUM(CASE WHEN due_at IS NOT NULL AND ended_at > due_at THEN 1 ELSE 0 END) AS late,"
        " SUM(CASE WHEN nth > 1 AND previous >= step THEN 1 ELSE 0 END) AS back"
        " FROM (SELECT request_id, step, due_at, ended_at,"
        " LAG(step) OVER (PARTITION BY request_id ORDER BY seq) AS previous,"
        " ROW_NUMBER() OVER (PARTITION BY request_id, step ORDER BY seq) AS nth"
        " FROM rm_request_steps) AS taken GROUP BY request_id, step"
    )
    returns = tx.query(
        "SELECT request_id, step, COUNT(*) AS n FROM rm_request_pauses GROUP BY request_id, step"
    )
    tallies = {row["id"]: _Tally(row) for row in requests}
    per_step: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
    for row in taken:
        found = tallies.get(row["request_id"])
        if found is None:
            continue
        late, back = int(row["late"] or 0), int(row["back"] or 0)
        found.looped = found.looped or int(row["taken"]) > 1
        found.occurrences["loop"] += back
        found.occurrences["late"] += late
        figures = per_step[row["request_id"]][int(row["step"])]
        figures[0] += 1
        figures[1] += late
        figures[2] += back
    for row in returns:
        found = tallies.get(row["request_id"])
        if found is None:
            continue
        found.occurrences["returned"] += int(row["n"])
        per_step[row["request_id"]][int(row["step"])][3] += int(row["n"])
    for tally in tallies.values():
        status = tally.row["status"]
        tally.occurrences["withdrawn"] = int(status == "withdrawn")
        tally.occurrences["paused"] = int(status == "in_progress" and tally.row["returned_at"] is not None)
        for kind in ENDED_EARLY:
            tally.occurrences[kind] = int(status == kind)
    groups: dict[tuple[str, int], list[_Tally]] = defaultdict(list)
    for tally in tallies.values():
        groups[(tally.row["variant_id"], int(tally.row["variant_version"]))].append(tally)
    order = sorted(groups, key=lambda key: (key[0], -key[1]))
    return ComplianceReport([_variant(variant_of(*key), groups[key], per_step) for key in order])


def _variant(
    variant: Variant, tallies: list[_Tally], per_step: dict[str, dict[int, list[int]]]
) -> ComplianceVariant:
    deviations = []
    for kind in KINDS:
        having = [t for t in tallies if (t.looped if kind == "loop" else t.occurrences[kind])]
        items = [CompliantRequest(t.row["id"], t.row["title"], t.row["letter_number"]) for t in having]
        deviations.append(Deviation(kind, kind in DEVIATIONS, len(having),
                                    sum(t.occurrences[kind] for t in having), items))  # fmt: skip
    deviated = {t.row["id"] for t in tallies if t.looped or any(t.occurrences[kind] for kind in DEVIATIONS)}
    finished = [t for t in tallies if t.row["status"] != "in_progress"]  # withdrawn included
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for tally in tallies:
        for number, figures in per_step.get(tally.row["id"], {}).items():
            sums[number] = [a + b for a, b in zip(sums[number], figures, strict=True)]
    steps = [
        ComplianceStep(
            step.number, step.description, step.role, variant.role_name(step.role), *sums[step.number]
        )
        for step in variant.steps
    ]
    return ComplianceVariant(
        variant_id=variant.id, variant_version=variant.version, title=variant.title, total=len(tallies),
        finished=len(finished), running=sum(1 for t in tallies if t.row["status"] == "in_progress"),
        followed=sum(1 for t in finished if t.row["id"] not in deviated), deviated=len(deviated),
        deviations=deviations, steps=steps,
    )  # fmt: skip
