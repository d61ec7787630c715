"""What the lists' pages and API routes share: reading `?q=` and `?sort=`, links that keep the
other filters, and whether htmx asked for the list alone.

The query handlers check both (a sort column outside the list's whitelist is a 422 naming
`sort`); this only reads them, the same way at both doors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment
from starlette.requests import Request

from domain.request import STATUSES
from projections.listing import Sort
from web import htmx, inputs

LIST_ID = "list"  # the id of a list page's fragment: its block name, and the element htmx swaps


def list_args(query: Mapping[str, Any]) -> dict[str, str | None]:
    """`?q=` (a title, a letter number, an OPD) and `?sort=` (`due`, or `-due` for descending)."""
    return {"search": inputs.optional_text(query, "q"), "sort": inputs.optional_text(query, "sort")}


def request_filters(query: Mapping[str, Any]) -> dict[str, Any]:
    """The request list's filters, read alike at both doors: `?status=`, `?opd=`, `?overdue=`
    (true: only overdue; false: only what is not; absent: both), `?q=` and `?sort=`."""
    return {"status": inputs.one_of(query, "status", STATUSES), "opd": inputs.optional_text(query, "opd"),
            "overdue": inputs.boolean(query, "overdue"), **list_args(query)}  # fmt: skip


def office_filters(query: Mapping[str, Any]) -> dict[str, Any]:
    """The office overview's filters, read alike at both doors: `?role=`, `?opd=`, `?overdue=`
    (as for the request list), `?q=` and `?sort=`."""
    return {"role": inputs.optional_text(query, "role"), "opd": inputs.optional_text(query, "opd"),
            "overdue": inputs.boolean(query, "overdue"), **list_args(query)}  # fmt: skip


def sort_shown(text: str | None, default: str) -> Sort:
    """The sort a list is shown in, for its column headers (the handler has checked it)."""
    given = (text or "").strip() or default
    return Sort(given.removeprefix("-"), given.startswith("-"))


def wants_list(request: Request) -> bool:
    """An htmx request for the list alone (its filters, sort links and pager target `#list`)."""
    return htmx.is_htmx(request) and request.headers.get("hx-target") == LIST_ID


def query_with(query: Any, **changes: Any) -> str:
    """The page's query string with some parameters changed (None: left out); never `lang`,
    and back to the first page whenever anything but the page changes."""
    kept = [(k, v) for k, v in query.multi_items() if k not in changes and k not in ("lang", "page")]
    if "page" in changes or not changes:
        kept += [("page", v) for k, v in query.multi_items() if k == "page" and "page" not in changes]
    kept += [(k, str(v)) for k, v in changes.items() if v is not None and v != ""]
    return urlencode(kept)


def install(env: Environment) -> None:
    env.globals["query_with"] = query_with
