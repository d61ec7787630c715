"""Page plumbing: who is signed in, the CSRF check, reading forms, rendering a page or a fragment.

A route handler is a plain sync function of a `Page` (run in a worker thread, since the stores
block). A fragment is a named block of its page template, rendered alone for htmx.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from adapters.turns import encoded
from domain import formats
from domain.actor import Actor
from domain.documents import MAX_BYTES, Upload
from domain.errors import AlurError, InvalidInputError, TooLargeError
from domain.ports import Session
from web import flash, freshness, htmx
from web.context import Tenancy, page_user, state_of, tenancy
from web.errors import CsrfError, status_of
from web.fairness import run_in_turn
from web.i18n import COOKIE as LANG_COOKIE
from web.i18n import lang_of
from web.inputs import clean

FORM_ERRORS = {403, 409, 413, 415, 422}  # shown on the page the user is on, where they look


@dataclass
class Page:
    """One page request: the tenant, the signed-in user, the form if posted, the language."""

    request: Request
    t: Tenancy
    user: Actor
    session: Session
    form: dict[str, str] = field(default_factory=dict)
    files: list[Upload] = field(default_factory=list)
    lang: str = "id"
    error: AlurError | None = None
    lists: dict[str, list[str]] = field(default_factory=dict)
    stale: bool = False  # the read models had not caught up with the user's own write in time
    _inbox_count: int | None = None
    _notice_count: int | None = None

    def form_list(self, key: str) -> list[str]:
        """Every value of a repeated field (checkboxes)."""
        return self.lists.get(key, [])

    @property
    def base(self) -> str:
        return f"/t/{self.t.tenant.slug}"

    def when(self, moment: datetime | None, with_time: bool = True, compact: bool = False) -> str:
        """A moment in the tenant's zone and the reader's language (domain/formats.py)."""
        if moment is None:
            return "-"
        english = self.lang == "en"
        if not with_time:
            return formats.day(moment.astimezone(self.t.zone).date(), english, compact)
        return formats.moment(moment, self.t.zone, english, compact)

    def day(self, value: date | str | None, compact: bool = False) -> str:
        """A date (or an ISO date, as a letter's date is kept) in the reader's language."""
        if not value:
            return "-"
        day = date.fromisoformat(value) if isinstance(value, str) else value
        return formats.day(day, self.lang == "en", compact)

    def due(self, moment: datetime | None, compact: bool = False) -> str:
        """A deadline or an end date: the date itself when it is the end of a whole day."""
        if moment is None:
            return "-"
        return formats.due(moment, self.t.zone, self.lang == "en", compact)

    def render(
        self, template: str, block: str | None = None, status_code: int = 200, **context: Any
    ) -> Response:
        jinja = self.t.web.jinja
        waiting = None if "flash" in context else flash.taken(self.request)
        ctx = {
            "page": self,
            "lang": self.lang,
            "user": self.user,
            "tenant": self.t.tenant,
            "base": self.base,
            "csrf": self.session.csrf,
            "when": self.when,
            "due": self.due,
            "day": self.day,
            "error": self.error,
            "form": self.form,
            "inbox_count": self.inbox_count(),
            "notice_count": self.notice_count(),
            "oversees": self.t.queries.oversees(self.user),
            "stale": self.stale,
            "may_submit": self.t.queries.may_submit(self.user),
            "flash": waiting,
            **context,
        }
        tmpl = jinja.get_template(template)
        if block is None:
            html = encoded(tmpl.generate(ctx))
        else:
            html = encoded(tmpl.blocks[block](tmpl.new_context(ctx)))
        answer = HTMLResponse(html, status_code=status_code)
        if waiting is not None:
            flash.forget(answer, self.request)
        return answer

    def done(self, url: str, indonesian: str, english: str) -> Response:
        """After a success: on to `url` (303, or htmx's redirect), which confirms it in a line."""
        return flash.keep(htmx.redirect(self.request, url), self.request, flash.Flash(indonesian, english))

    def inbox_count(self) -> int:
        """How many steps wait on the user (the navigation shows it); read once per page."""
        if self._inbox_count is None:
            self._inbox_count = self.t.queries.inbox_count(self.user, self.t.now)
        return self._inbox_count


    def notice_count(self) -> int:
        """How many notices told by now the user has not read (the header shows it): one query."""
        if self._notice_count is None:
            self._notice_count = self.t.queries.notice_count(self.user, self.t.now)
        return self._notice_count


PageHandler = Callable[[Page], Response]


def page(handler: PageHandler, fallback: PageHandler | None = None) -> Callable[[Request], Any]:
    """Wrap a handler: tenant, sign-in (else to the sign-in page), CSRF on POST, language.

    With `fallback`, a refused POST (422, 409, …) shows the fallback page again with the error,
    keeping what the user typed.
    """

    async def run(request: Request) -> Response:
        form, files, lists = await read_form(request) if request.method == "POST" else ({}, [], {})
        lang = lang_of(request)

        def work() -> Response:
            t = tenancy(request)
            stale = not freshness.wait(request, t)  # the page after one's own action shows it
            with t.web.platform.one_connection(t.tenant):  # identify, act and render: one borrow
                return _work(t, stale)

        def _work(t: Tenancy, stale: bool) -> Response:
            found = page_user(request, t)
            if found is None:
                return to_sign_in(request, t.tenant.slug)
            chosen = lang if explicit_lang(request) else (t.queries.language_of(found[0].username) or lang)
            p = Page(request, t, found[0], found[1], form, files, chosen, lists=lists)
            given = form.get("csrf") or request.headers.get("x-csrf-token")  # htmx sends the header too
            if request.method == "POST" and not same_secret(given, p.session.csrf):
                raise CsrfError("formulir kedaluwarsa; muat ulang halaman", "the form expired; reload")
            p.stale = stale
            try:
                answer = handler(p)
            except AlurError as error:
                if fallback is None or status_of(error) not in FORM_ERRORS:
                    raise
                p.error = error
                answer = fallback(p)
                if not htmx.is_htmx(request):
                    answer.status_code = status_of(error)
            return freshness.mark(answer, request, t.tenant.slug, freshness.written(t), not p.stale)

        return with_lang(request, await run_in_turn(request, work))

    return run


def to_sign_in(request: Request, slug: str) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    url = f"/t/{slug}/signin?next={quote(target)}"
    if htmx.is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def explicit_lang(request: Request) -> bool:
    """Whether the reader chose a language here (`?lang=`, or the switch's cookie): else the
    language the user chose on their own page holds."""
    known = ("id", "en")
    return request.query_params.get("lang") in known or request.cookies.get(LANG_COOKIE) in known


def with_lang(request: Request, response: Response) -> Response:
    """Remember `?lang=` in a cookie so the next pages keep the language."""
    asked = request.query_params.get("lang")
    if asked in ("id", "en") and request.cookies.get(LANG_COOKIE) != asked:
        response.set_cookie(LANG_COOKIE, asked, max_age=365 * 86400, samesite="lax", httponly=True)
    return response


Form = tuple[dict[str, str], list[Upload], dict[str, list[str]]]


def same_secret(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given).encode(), expected.encode())


MAX_FILES, MAX_FIELDS = 10, 100  # of one form: a step's documents, a form's fields


async def read_form(request: Request, limit: int = MAX_BYTES) -> Form:
    """Text fields and uploaded files of a posted form, within the upload limit."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise TooLargeError("unggahan terlalu besar", "the upload is too large", field="documents")
    try:  # the parser's own caps far above ours: past them it leaves its temporary files open
        data = await request.form(max_files=1000, max_fields=1000, max_part_size=limit)
    except Exception as error:  # multipart parse errors of every kind are bad input, not a crash
        if isinstance(error, AlurError):
            raise
        if "exceeded maximum size" in str(error).lower():
            raise TooLargeError("satu bagian formulir terlalu besar", "a part of the form is too large",
                                field="documents") from None  # fmt: skip
        raise InvalidInputError("formulir tidak dapat dibaca", "the form cannot be read") from None
    items = data.multi_items()
    uploads = sum(isinstance(value, UploadFile) for _, value in items)
    if uploads > MAX_FILES or len(items) - uploads > MAX_FIELDS:
        await data.close()
        if uploads > MAX_FILES:
            raise InvalidInputError(f"paling banyak {MAX_FILES} berkas dalam satu tindakan",
                                    f"at most {MAX_FILES} files in one action",
                                    field="documents")  # fmt: skip
        raise InvalidInputError(f"formulir berisi terlalu banyak isian (paling banyak {MAX_FIELDS})",
                                f"the form has too many fields (at most {MAX_FIELDS})")  # fmt: skip
    fields: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    files: list[Upload] = []
    try:  # a field refused (control characters) still closes the form's temporary files
        for key, value in items:
            if isinstance(value, UploadFile):
                content = await value.read(limit + 1)
                if value.filename or content:
                    files.append(Upload(value.filename or "dokumen", content, key))
            else:
                value = clean(key, value)
                fields.setdefault(key, value)
                lists.setdefault(key, []).append(value)
    finally:
        await data.close()
    return fields, files, lists


def document_response(record: dict[str, Any], content: bytes) -> Response:
    """A document of a request as a download named as it was uploaded (either door)."""
    from urllib.parse import quote

    name = quote(str(record.get("file") or record.get("name", record["sha256"])).split(": ")[-1])
    return Response(content, media_type=str(record.get("content_type")),
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})  # fmt: skip


def is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").lower().startswith("multipart/form-data")


def public_page(
    template: str, request: Request, status: int = 200, block: str | None = None, **context: Any
) -> Response:
    """A page for someone not signed in (sign-in, errors), or one block of it."""
    jinja = state_of(request).jinja
    values = {"lang": lang_of(request), "user": None, "page": None, "inbox_count": 0, "notice_count": 0,
              "tenant": None, "base": "", "csrf": "", **context}  # fmt: skip
    tmpl = jinja.get_template(template)
    if block is not None:
        return HTMLResponse("".join(tmpl.blocks[block](tmpl.new_context(values))), status_code=status)
    return HTMLResponse(tmpl.render(values), status_code=status)
