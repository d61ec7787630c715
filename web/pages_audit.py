"""The auditor's and the managers' pages: a request's events, the audit trail with its
exports, and the SLA dashboard (target vs. realisation, overdue requests)."""

from __future__ import annotations

import csv
import io
import json
from zoneinfo import ZoneInfo

from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from domain.sop import parse_time_standard
from web.api import audit_filters, require_auditor, require_official
from web.render import Page, page
from web.views import event_view, jsonable

CSV_COLUMNS = ("position", "at", "kind", "type", "request_id", "step", "actor", "role", "sentence", "data")


def history(p: Page) -> Response:
    found = p.t.request_for(p.user, p.request.path_params["id"])
    events = [event_view(e, ZoneInfo(p.t.tenant.timezone)) for e in p.t.service.history(found.id)]
    return p.render("history.html", r=found, events=events)


def audit(p: Page) -> Response:
    require_auditor(p.user)
    query = p.request.query_params
    entries = p.t.projector.audit(**audit_filters(p.t, query))
    export = query.get("format")
    stamp = p.t.now.strftime("%Y%m%d-%H%M")
    if export == "json":
        return JSONResponse(jsonable(entries), headers=_attachment(f"audit-{p.t.tenant.slug}-{stamp}.json"))
    if export == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for entry in entries:
            row = jsonable(entry)
            row["data"] = json.dumps(row["data"], ensure_ascii=False, sort_keys=True)
            writer.writerow([row[column] for column in CSV_COLUMNS])
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers=_attachment(f"audit-{p.t.tenant.slug}-{stamp}.csv"))  # fmt: skip
    return p.render("audit.html", entries=entries[-500:][::-1], total=len(entries), q=query,
                    export_query=str(query).replace("format=", "_="))  # fmt: skip


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


def sla(p: Page) -> Response:
    require_official(p.user)
    report = p.t.projector.sla(now=p.t.now)
    overdue = p.t.projector.requests(now=p.t.now, overdue=True)
    return p.render("sla.html", report=report, overdue=overdue, days=_standard_days)


def _standard_days(text: str | None) -> float | None:
    """A time standard in working days, for drawing the target bar (None: no fixed target)."""
    if not text:
        return None
    standard = parse_time_standard(text)
    per_day = {"hari_kerja": 1.0, "hari": 1.0, "minggu": 5.0, "bulan": 21.0, "jam": 1 / 8, "menit": 1 / 480}
    if standard.amount is None or standard.unit not in per_day:
        return None
    return standard.amount * per_day[standard.unit]


ROUTES: list[BaseRoute] = [
    Route("/requests/{id}/history", page(history)),
    Route("/audit", page(audit)),
    Route("/sla", page(sla)),
]
