"""The auditor's and the managers' pages: a request's events, the audit trail with its
exports, the SLA dashboard (target vs. realisation, overdue requests) and SOP compliance.

Every route only translates; who may read what is decided by the query handlers."""

from __future__ import annotations

from markupsafe import Markup
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from domain import labels
from projections import audit_export, compliance_export
from projections.compliance import KIND_WORDS
from web import inputs
from web.api import audit_filters, paging
from web.charts import compliance as compliance_charts
from web.charts import sla as sla_charts
from web.listing import LIST_ID, sort_shown, wants_list
from web.pages_admin import role_names
from web.render import Page, document_response, page
from web.views import jsonable


def history(p: Page) -> Response:
    found, events = p.t.queries.history(p.user, p.request.path_params["id"])
    variant = p.t.queries.variant(found.variant_id, found.variant_version)  # the request's own SOP
    return p.render("history.html", r=found, events=events, variant=variant)  # moments: by the page


def audit(p: Page) -> Response:
    query = p.request.query_params
    filters = audit_filters(p.t, query)
    export = query.get("format")
    sort = inputs.optional_text(query, "sort")
    if export in ("json", "csv"):
        entries = p.t.queries.audit(p.user, filters, sort=sort).items
        name = audit_export.file_name(p.t.tenant.slug, p.t.now, p.t.zone, export)
        if export == "json":
            return JSONResponse(jsonable(entries), headers=_attachment(name))
        text = audit_export.to_csv(entries, lang=p.lang, zone=p.t.zone)
        return Response(text, media_type="text/csv; charset=utf-8", headers=_attachment(name))
    found = p.t.queries.audit(p.user, filters, paging(query), newest_first=True, sort=sort)
    return p.render("audit.html", block=LIST_ID if wants_list(p.request) else None, entries=found.items,
                    found=found, total=found.total, q=query, sorted=sort_shown(sort, "-position"),
                    export_query=str(query).replace("format=", "_="),
                    event_types=list(labels.EVENTS))  # fmt: skip


def holders(p: Page) -> Response:
    """Who held a role on a date (today unless given), definitive or Plt./Plh., under which SK."""
    query = p.request.query_params
    day = inputs.day(query, "date") or p.t.now.astimezone(p.t.zone).date()
    found = p.t.queries.holders_on(p.user, inputs.optional_text(query, "role"), day)
    names = role_names(p, p.t.queries.sop(p.user))
    return p.render("audit_holders.html", found=found, roles=list(names.items()), names=names,
                    chosen_day=day.isoformat())  # fmt: skip


def sk_document(p: Page) -> Response:
    return document_response(*p.t.queries.sk_document(p.user, str(p.request.path_params["sha256"])))


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


def sla(p: Page) -> Response:
    report = p.t.queries.sla(p.user, p.t.now)
    overdue = p.t.queries.requests(p.user, p.t.now, overdue=True).items
    english = p.lang == "en"
    roles = {
        (row.variant_id, row.variant_version, row.active_role): p.t.queries.variant(
            row.variant_id, row.variant_version
        ).role_name(row.active_role)
        for row in overdue
        if row.active_role
    }
    return p.render(
        "sla.html", report=report, overdue=overdue, role_names=roles,
        steps_chart=Markup(sla_charts.steps_chart(report.steps, english, report.office_day_minutes)),
        months_chart=Markup(sla_charts.months_chart(report.months, english)),
    )  # fmt: skip


def kepatuhan(p: Page) -> Response:
    """SOP compliance per SOP version: a summary, the charts and a table per step; `?format=csv`
    (in the page's language) or `?format=json` (as the API answers)."""
    report = p.t.queries.compliance(p.user)
    export = p.request.query_params.get("format")
    if export in ("json", "csv"):
        name = compliance_export.file_name(p.t.tenant.slug, p.t.now, p.t.zone, export)
        if export == "json":  # as the API answers
            return JSONResponse(jsonable(report), headers=_attachment(name))
        text = compliance_export.to_csv(report, lang=p.lang)
        return Response(text, media_type="text/csv; charset=utf-8", headers=_attachment(name))
    english = p.lang == "en"
    charts = {
        (v.variant_id, v.variant_version): (Markup(compliance_charts.kinds_chart(v, english)),
                                            Markup(compliance_charts.steps_chart(v, english)))
        for v in report.variants
    }  # fmt: skip
    return p.render("kepatuhan.html", report=report, charts=charts, kind_words=KIND_WORDS)


ROUTES: list[BaseRoute] = [
    Route("/requests/{id}/history", page(history)),
    Route("/audit", page(audit)),
    Route("/audit/holders", page(holders)),
    Route("/audit/sk/{sha256}", page(sk_document)),
    Route("/sla", page(sla)),
    Route("/kepatuhan", page(kepatuhan)),
]
