"""Every page reads in the language asked for: no Indonesian UI word on an English page, and in
either language no raw id (a status, a role id, an event class name) and no ISO timestamp.

Each kind of user signs in on two SOP variants and visits every page. The Indonesian words come
from the templates' own `t("…", "…")` calls and the label tables, so a new untranslated string
is caught without updating a list. The SOP's own texts (step descriptions, role and document
names, questions) and what users typed stay as written and are taken out before looking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment
from jinja2.filters import do_truncate

from domain import labels
from domain.sop import Variant
from projections import audit_sentences
from tenants.catalogue import builtin_variant
from tests.conftest import PLT_SK, random_slug
from tests.mutu import as_form, first_references, letter_files, needed
from tests.web.conftest import World, add_user
from tests.web.pages_helpers import browser

TEMPLATES = Path(__file__).parents[2] / "web" / "templates"
PAIR = re.compile(r"""t\(\s*(["'])((?:(?!\1).)*)\1\s*,\s*(["'])((?:(?!\3).)*)\3\s*[,)]""", re.S)
WORD = re.compile(r"(?<![\w-])[a-zA-Z]+(?![\w-])")  # not a piece of an id such as kasi-aplikasi
ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
RAW_IDS = ("in_progress", "rejected_for_resources")
# Words both languages write alike, or names: not a sign of an untranslated string.
SHARED = {"opd", "sop", "uat", "plt", "csv", "json", "data", "status", "admin", "auditor", "nip", "total",
          "administrator", "email", "format", "alur", "tenant"}  # fmt: skip
TEXT_ATTRIBUTES = ("placeholder", "title", "aria-label", "data-label", "alt")
CHART = "\x00"  # marks a line of a chart's label


def indonesian_words() -> set[str]:
    """Words only the Indonesian side of the templates and label tables writes."""
    indonesian: set[str] = set()
    english: set[str] = set()
    pairs = [(m.group(2), m.group(4)) for f in TEMPLATES.glob("*.html") for m in PAIR.finditer(f.read_text())]
    tables = (labels.STATUSES, labels.EVENTS, labels.KIND_EVENTS, labels.SPECIAL_ROLES, labels.ANSWERS,
              audit_sentences.STEP_SENTENCES, audit_sentences.ENDINGS)  # fmt: skip
    for table in tables:
        pairs += list(table.values())
    for ind, eng in pairs:
        indonesian |= {w.lower() for w in WORD.findall(ind)}
        english |= {w.lower() for w in WORD.findall(eng)}
    return {w for w in indonesian - english - SHARED if len(w) > 3}


class Visible(HTMLParser):
    """The text a person sees: element text and the attributes shown to them, no scripts, no
    collapsed raw event data."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0
        self.role_id = False
        self.in_chart = 0  # an SVG chart wraps its labels: each line is a piece of a longer text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.in_chart += tag == "svg"
        if tag in ("script", "style", "head") or (tag == "details" and "raw" in (found.get("class") or "")):
            self.hidden += 1
        if tag == "small" and "role-id" in (found.get("class") or ""):  # an id beside its role's name
            self.hidden += 1
            self.role_id = True
        if not self.hidden:
            self.parts += [value for key, value in attrs if key in TEXT_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        self.in_chart -= tag == "svg" and self.in_chart > 0
        if tag in ("script", "style", "head", "details") and self.hidden:
            self.hidden -= 1
        if tag == "small" and self.role_id:
            self.hidden -= 1
            self.role_id = False

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(f"{CHART}{data}" if self.in_chart else data)


def visible_text(html: str) -> str:
    parser = Visible()
    parser.feed(html)
    return "\n".join(part if part.startswith(CHART) else part.replace("\n", " ") for part in parser.parts)


def seed_texts(variant: Variant, typed: list[str]) -> list[str]:
    """What stays as written: the SOP's texts (whole and as the pages shorten them), typed text."""
    found = [variant.title]
    for role in variant.roles:
        found.append(role.name)
    for step in variant.steps:
        found += [step.description, *step.inputs, *step.outputs]
        if step.decision:
            found += [name for answer in ("ya", "tidak") for name in step.decision.outcome(answer).outputs]
        found += [step.time_standard.text] if step.time_standard else []
        found += [step.decision.question] if step.decision else []
    env = Environment()
    shortened = [do_truncate(env, text, n) for text in list(found) for n in (70, 90) if len(text) > n]
    return sorted({*found, *shortened, *typed}, key=len, reverse=True)


@dataclass
class Office:
    """A tenant of its own on one variant, with users whose names are not role ids."""

    world: World
    slug: str
    variant: Variant
    typed: list[str]

    def user(self, role: str) -> str:
        return f"{role}-1"

    def api(self, method: str, path: str, role: str, **kwargs: Any) -> Any:
        return self.world.api(method, path, self.user(role), tenant=self.slug, **kwargs)


def office(world: World, variant_id: str) -> Office:
    slug = random_slug("lang")
    world.platform.create_tenant(slug, name="Diskominfo Uji", variant_id=variant_id, timezone="Asia/Makassar")
    variant = builtin_variant(variant_id).variant
    sop = (variant.id, variant.version)
    service = world.platform.service(slug)
    service.create_opd("DISDIK", "Dinas Pendidikan", actor="admin-1")
    for role in variant.roles:
        add_user(
            service,
            sop,
            f"{role.id}-1",
            [role.id],
            opd="DISDIK" if role.id == variant.requester_role else None,
        )
    add_user(service, sop, "auditor-1", ["auditor"])
    add_user(service, sop, "admin-1", ["admin"])
    add_user(service, sop, "plt-1", ["auditor"])
    official = next(r.id for r in variant.roles if r.id != variant.requester_role)
    now = world.clock()
    service.grant_role("plt-1", official, sop=sop, actor="admin-1", valid_from=now,
                       valid_until=now + timedelta(days=10), acting=True, **PLT_SK)  # fmt: skip
    return Office(world, slug, variant, ["Dinas Pendidikan", "Diskominfo Uji"])


def submitted(o: Office, title: str) -> str:
    body = {
        "title": title,
        "purpose": "Layanan warga",
        "letter_number": "420/7/2026",
        "letter_date": "2026-03-16",
    }
    o.typed += [title, "Layanan warga", "420/7/2026"]
    form = body | as_form(first_references(o.variant))
    answer = o.api("POST", "/requests", o.variant.requester_role, data=form, files=letter_files())
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def walk(o: Office, request_id: str, steps: int, answer: str = "ya") -> dict[str, Any]:
    """Act `steps` times as whoever the request waits for; decisions answer `answer`."""
    view: dict[str, Any] = {}
    for _ in range(steps):
        view = o.api("GET", f"/requests/{request_id}", "auditor").json()
        if view["active_step"] is None:
            return view
        step = o.variant.step(view["active_step"]["number"])
        body: dict[str, Any] = {"expected_version": view["version"], "note": "Sudah diperiksa"}
        if step.decision is not None:
            body["decision"] = answer
            body["note"] = "Alasan keputusan"
        if step.assigns:
            wanted = o.variant.appointed_roles(step.number)  # a holder of the appointed steps' role
            officials = [r.id for r in o.variant.roles if r.id != o.variant.requester_role]
            body["assignee"] = o.user(next(r for r in officials if not wanted or r in wanted))
        if step.sets_deadline_for:
            body["deadline"] = (o.world.clock() + timedelta(days=30)).date().isoformat()
        role = view["active_step"]["role"]
        if view.get("appointee") and step.appointee_of:
            body["on_behalf_of"] = view["appointee"]  # the role's user acts for the appointee
        body["references"] = needed(view["checklist"], body.get("decision"))  # handed over on paper
        done = o.api("POST", f"/requests/{request_id}/steps/{step.number}", role, json=body)
        assert done.status_code == 200, done.text
    o.typed += ["Sudah diperiksa", "Alasan keputusan", *(o.user(r.id) for r in o.variant.roles)]
    return o.api("GET", f"/requests/{request_id}", "auditor").json()


def busy_office(world: World, variant_id: str) -> tuple[Office, list[str]]:
    """Requests in progress (far along), declined and withdrawn."""
    o = office(world, variant_id)
    far = submitted(o, "Sistem Antrian")
    walk(o, far, 6)
    declined = submitted(o, "Portal Warga")
    walk(o, declined, 12, answer="tidak")
    withdrawn = submitted(o, "Arsip Digital")
    view = o.api("GET", f"/requests/{withdrawn}", "auditor").json()
    answer = o.api("POST", f"/requests/{withdrawn}/withdraw", o.variant.requester_role,
                   json={"note": "Tidak jadi", "expected_version": view["version"]})  # fmt: skip
    assert answer.status_code == 200, answer.text
    o.typed += ["Tidak jadi"]
    return o, [far, declined, withdrawn]


def pages(o: Office, request_ids: list[str]) -> list[str]:
    paths = ["/", "/inbox", "/overview", "/requests", "/audit", "/sla", "/admin/users", "/admin/opds",
             "/admin/sop", "/requests/new", "/notifications", "/me"]  # fmt: skip
    paths += [f"/requests?status={status}" for status in labels.STATUSES]
    for request_id in request_ids:
        paths += [f"/requests/{request_id}", f"/requests/{request_id}/history"]
    return paths


def role_ids(variant: Variant) -> re.Pattern[str]:
    """A role id as a word of its own (a username like `kadis-1` is not one)."""
    ids = [re.escape(role.id) for role in variant.roles if role.id != variant.requester_role]
    return re.compile(r"(?<![\w-])(" + "|".join(ids) + r")(?![\w-])")


def kept_apart(text: str, seeds: list[str]) -> str:
    """The text without what stays as written: lines that are a piece of a seed text (the
    flowchart wraps a step's description over several lines), then seed texts within lines."""
    blob = "\n".join(" ".join(seed.split()) for seed in seeds)
    lines = []
    for line in text.split("\n"):
        piece = re.sub(r"^\d+\. ", "", " ".join(line.lstrip(CHART).split()).rstrip(".…").strip())
        if not (piece in seeds or (piece in blob and (line.startswith(CHART) or len(piece) >= 10))):
            lines.append(line)
    text = "\n".join(lines)
    for kept in seeds:  # as words: a short one ("Aplikasi") must not cut a word in two
        text = re.sub(rf"(?<!\w){re.escape(kept)}(?!\w)", " ", text)
    return text


def leftovers(text: str, o: Office, english: bool, words: set[str], path: str = "") -> list[str]:
    text = kept_apart(text, seed_texts(o.variant, o.typed))
    found = [f"ISO timestamp {m}" for m in ISO.findall(text)]
    found += [f"raw id {raw}" for raw in RAW_IDS if raw in text]
    found += [f"role id {m}" for m in role_ids(o.variant).findall(text)]
    # In English a one-word class name is an English word ("Submitted" heads a date column).
    names = [name for name in labels.EVENTS if not english or len(re.findall("[A-Z][a-z]+", name)) > 1]
    found += [f"event class {name}" for name in names if re.search(rf"\b{name}\b", text)]
    if english:
        found += sorted(
            {
                f"Indonesian {w!r} in {' '.join(line.split())[:80]!r}"
                for line in text.split("\n")
                for w in WORD.findall(line)
                if w.lower() in words
            }
        )
    return found


KINDS = ("opd", "leader", "official", "developer", "auditor", "admin")


def username_of(o: Office, kind: str) -> str:
    officials = [r.id for r in o.variant.roles if r.id != o.variant.requester_role]
    chosen = {"opd": o.variant.requester_role, "leader": officials[0], "official": officials[1],
              "developer": officials[-1], "auditor": "auditor", "admin": "admin"}[kind]  # fmt: skip
    return o.user(chosen)


@pytest.mark.parametrize("variant_id", ["sumbawa-2021", "cirebon-2019"])
def test_every_page_reads_in_its_language_without_raw_ids(world: World, variant_id: str):
    o, request_ids = busy_office(world, variant_id)
    words = indonesian_words()
    problems: dict[str, list[str]] = {}
    for kind in KINDS:
        client = browser(world, username_of(o, kind), tenant=o.slug)
        for path in pages(o, request_ids):
            for lang in ("en", "id"):
                answer = client.get(f"/t/{o.slug}{path}{'&' if '?' in path else '?'}lang={lang}")
                assert answer.status_code in (200, 403, 404), (kind, path, answer.status_code)
                found = leftovers(visible_text(answer.text), o, lang == "en", words, path)
                if found:
                    problems[f"{kind} {lang} {path}"] = found
    assert not problems, "\n".join(f"{page}: {found}" for page, found in problems.items())


def test_the_word_list_knows_the_templates_indonesian():
    """The check above looks for real words: the templates' Indonesian sides are in the list."""
    words = indonesian_words()
    assert {"langkah", "permohonan", "riwayat", "berjalan", "didisposisikan"} <= words
    assert not words & {"step", "request", "history", "opd"}
