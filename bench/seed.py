"""Bench seeding (`alur bench seed`): many tenants with people and requests at every stage.

A load test is only worth its figures when the data looks like a year of real use: every SOP
variant, every stage of every variant, requests finished, withdrawn, declined, looped back and
late, Plt. grants current and lapsed. Everything is written through the tenant's command
handlers, as every door does: the set-up as the operator `bench`, each submission, step and
withdrawal as the user who holds it (an `Actor` with the roles the seed gave them, Plt. grants
included, at that moment), with a clock set in the past and moved on between actions, so
deadlines and lateness are computed by the real calendar. One argon2 hash serves every user,
and tenants are spread over several processes, each with its own Platform.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.composition import Platform
from adapters.config import Settings
from domain import commands as c
from domain.actor import Actor, operator
from domain.documents import Upload
from domain.mutu_baku import outside_references, records_of, submission_references
from domain.request import IN_PROGRESS
from domain.request_view import RequestDetail
from domain.sop import Step, Variant
from projections.desk import Desk
from tenants.catalogue import available_variant_ids
from tenants.sample_pdf import sample_pdf

BENCH_PREFIX = "bench-"
BENCH_PASSWORD = "alur-bench-2026"
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")  # WIB, WITA, WIT
OPDS = (
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("DISDIK", "Dinas Pendidikan"),
    ("DINKES", "Dinas Kesehatan"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"),
)
TITLES = (
    "Aplikasi Perizinan Online", "Sistem Informasi Kepegawaian", "Aplikasi Antrean Puskesmas",
    "Portal Data Terpadu", "Aplikasi Pengaduan Masyarakat", "Sistem Informasi Sekolah",
    "Aplikasi Surat Elektronik", "Dasbor Keuangan Daerah", "Aplikasi Layanan Kependudukan",
    "Sistem Informasi Aset Daerah",
)  # fmt: skip
LETTER_PDF = sample_pdf("Surat Permohonan Pembuatan Aplikasi", "(data bench)")
PAPER = "BENCH/2026 (berkas kertas)"  # every other document handed over on paper, with this reference
HISTORY_DAYS = 160  # people exist this long before real now; requests start within it
MAX_ACTIONS = 60  # a walk that loops longer than this stops where it is


# -- the plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TenantPlan:
    """One bench tenant to seed: who it is, its SOP, and how many requests it gets."""

    slug: str
    name: str
    variant_id: str
    timezone: str
    requests: int
    seed: int


@dataclass(frozen=True)
class Person:
    """A user the seed creates: username, roles from the start, OPD for requesting users."""

    username: str
    roles: tuple[str, ...]
    opd: str | None = None


@dataclass(frozen=True)
class ActingGrant:
    """A Plt. grant: `username` acts as `role` from `valid_from` until `valid_until`."""

    username: str
    role: str
    valid_from: datetime
    valid_until: datetime


@dataclass
class TenantResult:
    """What one tenant got: for the summary and for the load's sign-ins (the manifest)."""

    slug: str
    variant_id: str
    variant_version: int
    timezone: str
    opds: list[str]
    users: list[dict[str, Any]]
    statuses: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    late_steps: int = 0
    events: int = 0
    requests: int = 0
    seconds: float = 0.0


def plan_tenants(tenants: int, requests: int, seed: int) -> list[TenantPlan]:
    """`tenants` tenants round-robin over every built-in variant and WIB/WITA/WIT; requests even."""
    variants = available_variant_ids()
    plans = []
    for index in range(tenants):
        variant_id = variants[index % len(variants)]
        share = requests // tenants + (1 if index < requests % tenants else 0)
        slug = f"{BENCH_PREFIX}{index + 1:04d}"
        plans.append(
            TenantPlan(
                slug=slug,
                name=f"Diskominfo Bench {index + 1:04d} ({variant_id})",
                variant_id=variant_id,
                timezone=ZONES[(index // len(variants) + index) % len(ZONES)],
                requests=share,
                seed=seed * 1_000_003 + index,
            )
        )
    return plans


# -- SOP helpers (shared with bench/load.py) --------------------------------------------------


def step_roles(step: Step) -> list[str]:
    """Who may do a step: the roles an earlier decision may hand it to, then its own."""
    return [override.role for override in step.role_overrides] + [step.role]


_ASSIGNED: dict[tuple[str, int, int], str | None] = {}


def assigned_role(variant: Variant, number: int) -> str | None:
    """The official role whose later steps the person named at assigning step `number` does.

    Where the variant declares it (`appointee_of`), the role of those steps; else read from the
    SOP's shape: the first role of a later step that no earlier step had (the analyst, the PIC,
    the third party), other than the requester, an assigning role or one an earlier assigning
    step took; failing that, the first later role not the assigner's own.
    """
    key = (variant.id, variant.version, number)
    if key in _ASSIGNED:
        return _ASSIGNED[key]
    declared = list(variant.appointed_roles(number))  # the SOP says so (a step's own role or an override's)
    if declared:
        _ASSIGNED[key] = declared[0]
        return declared[0]
    ordered = sorted(variant.steps, key=lambda s: s.number)
    step = variant.step(number)
    earlier = [s for s in ordered if s.number <= number]
    later = [s for s in ordered if s.number > number]
    seen = {role for s in earlier for role in step_roles(s)}
    assigners = {s.role for s in ordered if s.assigns}
    taken = {assigned_role(variant, s.number) for s in earlier if s.assigns and s.number < number}

    def fits(role: str) -> bool:
        return role not in (variant.requester_role, step.role) and role not in taken

    candidates = [role for s in later for role in step_roles(s) if fits(role)]
    fresh = [role for role in candidates if role not in seen and role not in assigners]
    found = next(iter(fresh or candidates), None)
    _ASSIGNED[key] = found
    return found


def official_roles(variant: Variant) -> list[str]:
    return [role.id for role in variant.roles if role.id != variant.requester_role]


def opd_username(code: str) -> str:
    return f"opd-{code.lower()}"


def roster(variant: Variant, opds: Iterable[str]) -> list[Person]:
    """Every user of a bench tenant: one per SOP role (named after it), a second holder of the
    roles people get appointed to and of the first official role, each OPD's user, the auditor
    and the admin."""
    people = [Person("admin", ("admin",)), Person("auditor", ("auditor",))]
    officials = official_roles(variant)
    people += [Person(role, (role,)) for role in officials]
    appointed = {assigned_role(variant, step.number) for step in variant.steps if step.assigns}
    seconds = [role for role in officials if role in appointed or role == officials[0]]
    people += [Person(f"{role}-2", (role,)) for role in seconds]
    people += [Person(opd_username(code), (variant.requester_role,), code) for code in opds]
    return people


def acting_grants(variant: Variant, now: datetime, rng: random.Random) -> list[ActingGrant]:
    """Plt. grants: the second official acting for the first (current), the first for the last
    (lapsed), and the first role's second holder acting for the second role (lapsed)."""
    officials = official_roles(variant)
    if len(officials) < 2:
        return []
    current = ActingGrant(
        officials[1], officials[0],
        now - timedelta(days=rng.uniform(5, 40)), now + timedelta(days=rng.uniform(10, 90)),
    )  # fmt: skip
    lapsed = ActingGrant(
        officials[0], officials[-1],
        now - timedelta(days=rng.uniform(120, 150)), now - timedelta(days=rng.uniform(3, 30)),
    )  # fmt: skip
    second = ActingGrant(
        f"{officials[0]}-2", officials[1],
        now - timedelta(days=rng.uniform(90, 110)), now - timedelta(days=rng.uniform(40, 60)),
    )  # fmt: skip
    return [current, lapsed, second]


def roles_now(people: list[Person], acting: list[ActingGrant], now: datetime) -> list[dict[str, Any]]:
    """Each user with the roles in force at `now` (its own, and Plt. grants not yet lapsed)."""
    found = []
    for person in people:
        mine = [grant for grant in acting if grant.username == person.username]
        extra = [grant.role for grant in mine if grant.valid_from <= now < grant.valid_until]
        roles = sorted({*person.roles, *extra})
        found.append({"username": person.username, "roles": roles, "opd": person.opd})
    return sorted(found, key=lambda user: str(user["username"]))


def successors(step: Step) -> list[int]:
    outcomes = (step.decision.ya, step.decision.tidak) if step.decision else (step.outcome_for(None),)
    return [outcome.next_step for outcome in outcomes if outcome.next_step is not None]


def ends(step: Step) -> bool:
    """Whether some answer of this step ends the request."""
    outcomes = (step.decision.ya, step.decision.tidak) if step.decision else (step.outcome_for(None),)
    return any(outcome.end for outcome in outcomes)


def distance(variant: Variant, start: int, target: int | None) -> int | None:
    """Fewest actions from active step `start` until `target` is active (None: until the end)."""
    frontier, seen = deque([(start, 0)]), {start}
    while frontier:
        number, steps = frontier.popleft()
        if number == target:
            return steps
        step = variant.step(number)
        if target is None and ends(step):
            return steps + 1
        for following in successors(step):
            if following not in seen:
                seen.add(following)
                frontier.append((following, steps + 1))
    return None


# -- walking one request -----------------------------------------------------------------------


class SeedClock:
    """The time the service stamps on events: set by the seed; None means the real clock."""

    def __init__(self) -> None:
        self.now: datetime | None = None

    def __call__(self) -> datetime:
        return self.now if self.now is not None else datetime.now(UTC)


@dataclass(frozen=True)
class FixedHash:
    """The `Passwords` port of a seed: every user gets the one argon2 hash made beforehand."""

    hashed: str

    def hash(self, password: str) -> str:
        return self.hashed

    def verify(self, stored_hash: str, password: str) -> bool:
        from adapters.passwords import verify_password

        return verify_password(stored_hash, password)


@dataclass
class Walker:
    """Walks requests of one tenant through its variant with the tenant's command handlers."""

    desk: Desk
    variant: Variant
    clock: SeedClock
    rng: random.Random
    opds: list[str]
    people: list[Person]
    acting: list[ActingGrant]
    cap: datetime  # no event later than this: real now, less a minute
    late_steps: int = 0

    def __post_init__(self) -> None:
        self._end = self.cap
        self._holders: dict[str, list[str]] = {}
        self._people = {person.username: person for person in self.people}
        self._office = self.desk.commands.office_roles()
        for person in self.people:
            for role in person.roles:
                self._holders.setdefault(role, []).append(person.username)

    @property
    def calendar(self) -> Any:
        return self.desk.queries.calendar

    def as_user(self, username: str) -> Actor:
        """The user as an actor now: their own roles and the Plt. grants in force."""
        person, now = self._people[username], self.clock()
        acting = {g.role for g in self.acting
                  if g.username == username and g.valid_from <= now < g.valid_until}  # fmt: skip
        return Actor(self.desk.commands.service.tenant, username, tuple(sorted({*person.roles, *acting})),
                     person.opd, f"Bench {username}", self._office)  # fmt: skip

    def request(self, index: int, kind: str, target: int | None) -> RequestDetail:
        """Submit, then act until `target` is the active step (None: the end); `withdrawn` ends
        with the OPD withdrawing it at that stage."""
        rng = self.rng
        self._end = self._walk_end(kind, target)
        earliest = self.cap - timedelta(days=HISTORY_DAYS - 1)
        start = max(earliest, self._end - self._usual_span(target) * rng.uniform(0.5, 2.0))
        self.clock.now = start
        opd = self.opds[index % len(self.opds)]
        letter = (start.astimezone(self.calendar.zone) - timedelta(days=rng.randint(0, 6))).date()
        command = c.SubmitRequest(
            title=f"{TITLES[index % len(TITLES)]} {index + 1}",
            purpose="Meningkatkan layanan publik secara elektronik",
            letter_number=f"{index + 1:03d}/{opd}/{letter.year}",
            letter_date=letter.isoformat(),
            letter=Upload("surat-permohonan.pdf", LETTER_PDF, "letter"),
            references=submission_references(self.variant, PAPER),
        )
        request = self.desk.commands.submit(self.as_user(opd_username(opd)), command)
        assignees: dict[str, str] = {}
        actions = 0
        while not request.is_finished and request.active_step != target and actions < MAX_ACTIONS:
            request = self._act(request, target, assignees, actions)
            actions += 1
        if kind == "withdrawn" and not request.is_finished:
            self._advance(request, target)
            said = "ditarik oleh OPD / withdrawn by the OPD"
            withdrawal = c.WithdrawRequest(request.id, said, request.version)
            request = self.desk.commands.withdraw(self.as_user(opd_username(opd)), withdrawal)
        return request

    def _walk_end(self, kind: str, target: int | None) -> datetime:
        """When the last action happens: real now, except that a request left waiting at a step
        with a time standard stops a while before, about a third of them longer than allowed
        (overdue now), the rest within it."""
        if kind != "in_progress" or target is None:
            return self.cap
        standard = self.variant.step(target).time_standard
        if standard is None or standard.is_target:
            return self.cap
        origin = self.cap - timedelta(days=30)
        due = self.calendar.due(origin, standard)
        if due is None:
            return self.cap
        late = self.rng.random() < 0.35
        gap = (due - origin) * (self.rng.uniform(1.2, 3.0) if late else self.rng.uniform(0.05, 0.8))
        return self.cap - min(gap, timedelta(days=HISTORY_DAYS // 2))

    def _usual_span(self, target: int | None) -> timedelta:
        """About how long the "ya" path from submission to `target` (or the end) takes."""
        origin = self.cap - timedelta(days=30)
        total = timedelta(0)
        step = self.variant.first_step
        for _ in range(MAX_ACTIONS):
            outcome = step.decision.ya if step.decision else step.outcome_for(None)
            if outcome.next_step is None or outcome.next_step == target:
                break
            step = self.variant.step(outcome.next_step)
            due = self.calendar.due(origin, step.time_standard) if step.time_standard else None
            total += (due - origin) * 0.5 if due is not None else timedelta(hours=24)
        return max(total, timedelta(hours=2))

    def _act(
        self, request: RequestDetail, target: int | None, assignees: dict[str, str], actions: int
    ) -> RequestDetail:
        number = request.active_step
        assert number is not None
        step = self.variant.step(number)
        role = request.active_role or step.role
        self._advance(request, target)
        decision = assignee = deadline = None
        if step.decision is not None:
            decision = self._answer(step, target, actions)
        if step.assigns:
            wanted = assigned_role(self.variant, number) or role
            assignee = assignees[wanted] = self.rng.choice(self._holders.get(wanted) or [wanted])
        if step.sets_deadline_for:
            deadline = self.clock() + timedelta(days=self.rng.uniform(3, 40))
        note = f"langkah {number} selesai"
        references = outside_references(self.variant, step, records_of(request.steps_taken, request.pauses),
                                        decision, PAPER)  # fmt: skip
        actor = self._actor(role, request.opd, assignees)
        appointee = request.appointee(self.variant)  # another holder of the role acts for them
        on_behalf_of = appointee if appointee and appointee != actor else None
        command = c.CompleteStep(request.id, number, decision, note, assignee, deadline,
                                 expected_version=request.version, references=references,
                                 on_behalf_of=on_behalf_of)  # fmt: skip
        return self.desk.commands.act(self.as_user(actor), command)

    def _answer(self, step: Step, target: int | None, actions: int) -> str:
        """Toward the target where only one answer leads there; else mostly "ya", sometimes
        "tidak" (declined, rejected for resources, loops back)."""
        assert step.decision is not None
        if actions > MAX_ACTIONS // 2:
            return "ya"
        if target is not None:
            outcomes = (("ya", step.decision.ya), ("tidak", step.decision.tidak))
            leads = [
                answer
                for answer, outcome in outcomes
                if outcome.next_step is not None
                and distance(self.variant, outcome.next_step, target) is not None
            ]
            if len(leads) == 1:
                return leads[0]
        return "tidak" if self.rng.random() < 0.2 else "ya"

    def _actor(self, role: str, opd: str | None, assignees: dict[str, str]) -> str:
        if role == self.variant.requester_role:
            return opd_username(opd or self.opds[0])
        if role in assignees:
            return assignees[role]
        holders = self._holders.get(role) or [role]
        now = self.clock()
        acting = [g.username for g in self.acting if g.role == role and g.valid_from <= now < g.valid_until]
        if acting and self.rng.random() < 0.3:
            return acting[0]
        return holders[0]

    def _advance(self, request: RequestDetail, target: int | None) -> None:
        """Move the clock on: mostly within the step's time standard, one step in six past it;
        squeezed so the rest of the walk still ends before real now."""
        rng, now = self.rng, self.clock()
        if request.active_due is not None and request.active_since is not None:
            allowed = request.active_due - request.active_since
            late = rng.random() < 1 / 6
            spent = allowed * (rng.uniform(1.05, 3.0) if late else rng.uniform(0.1, 0.9))
            spent = max(spent - (now - request.active_since), timedelta(minutes=1))
        else:
            spent = timedelta(hours=rng.uniform(0.5, 72))
        remaining = 1
        if request.active_step is not None:
            remaining = (distance(self.variant, request.active_step, target) or 1) + 1
        room = (self._end - now) / (remaining + 1)
        step_to = now + min(spent, max(room, timedelta(0)))
        if target is not None and remaining == 2 and self._end > step_to:
            step_to = self._end  # this action makes the target active: it waits from then on
        if request.active_due is not None and step_to > request.active_due:
            self.late_steps += 1
        self.clock.now = step_to


# -- one tenant --------------------------------------------------------------------------------

_counter: Any = None  # a shared multiprocessing.Value in seed workers: requests done so far


def _init_worker(counter: Any) -> None:
    global _counter
    _counter = counter


def _count(done: int) -> None:
    if _counter is not None:
        with _counter.get_lock():
            _counter.value += done


def seed_tenant(settings: Settings, plan: TenantPlan, password_hash: str) -> TenantResult:
    """Create one bench tenant with its OPDs, users, Plt. grants and requests; catch its read
    models up at the end (one batched pass is much faster than a pass per save)."""
    started = time.perf_counter()
    rng = random.Random(plan.seed)
    clock = SeedClock()
    real_now = datetime.now(UTC)
    cap = real_now - timedelta(minutes=1)
    clock.now = real_now - timedelta(days=HISTORY_DAYS)
    # Read models are caught up once at the end: one batched pass, not a pass per save.
    platform = Platform(replace(settings, projections="worker", inline_projections=()), clock, pool_size=2,
                        passwords=FixedHash(password_hash))  # fmt: skip
    with platform:
        tenant = platform.create_tenant(
            plan.slug, name=plan.name, variant_id=plan.variant_id, timezone=plan.timezone,
            region="Bench", actor=operator(plan.slug, "bench").username,
        )  # fmt: skip
        desk = platform.desk(tenant)
        admin = operator(tenant.slug, "bench")
        variant = desk.queries.sop(admin)
        opds = [code for code, _ in rng.sample(OPDS, 2)]
        for code, name in OPDS:
            if code in opds:
                desk.commands.create_opd(admin, c.CreateOpd(code, name))
        people = roster(variant, opds)
        for person in people:
            user = c.CreateUser(person.username, BENCH_PASSWORD, person.roles, f"Bench {person.username}",
                                opd=person.opd)  # fmt: skip
            desk.commands.create_user(admin, user)
        acting = acting_grants(variant, real_now, rng)
        for number, grant in enumerate(acting, start=1):
            plt = c.GrantRole(grant.username, grant.role, grant.valid_from, grant.valid_until, acting=True,
                              sk_number=f"800.1.3/{number}/BKPSDM/{grant.valid_from.year}",
                              sk_date=grant.valid_from.date())  # fmt: skip
            desk.commands.grant(admin, plt)
        projector = platform.services.projector(tenant)
        projector.catch_up(["people"])  # the steps check assignees against who holds which role
        walker = Walker(desk, variant, clock, rng, opds, people, acting, cap)
        statuses: Counter[str] = Counter()
        overdue = 0
        for index, (kind, target) in enumerate(_request_kinds(variant, plan.requests, rng)):
            request = walker.request(index, kind, target)
            statuses[request.status] += 1
            overdue += int(request.is_overdue(real_now))
            _count(1)
        clock.now = None  # the real clock from here on
        events = projector.catch_up()
        users = roles_now(people, acting, datetime.now(UTC))
        return TenantResult(
            slug=plan.slug, variant_id=variant.id, variant_version=variant.version,
            timezone=plan.timezone, opds=opds, users=users, statuses=dict(statuses), overdue=overdue,
            late_steps=walker.late_steps, events=max(events, projector.status()[0].head),
            requests=plan.requests, seconds=time.perf_counter() - started,
        )  # fmt: skip


def _request_kinds(variant: Variant, count: int, rng: random.Random) -> list[tuple[str, int | None]]:
    """(kind, target stage) per request: a quarter walked to the end, a few withdrawn, the rest
    left in progress at stages taken in turn from a shuffled list of every stage but the first."""
    stages = [step.number for step in variant.steps[1:]]
    rng.shuffle(stages)
    kinds: list[tuple[str, int | None]] = []
    waiting = 0
    for _ in range(count):
        draw = rng.random()
        if draw < 0.25:
            kinds.append(("finished", None))
        elif draw < 0.33:
            kinds.append(("withdrawn", rng.choice(stages)))
        else:
            kinds.append(("in_progress", stages[waiting % len(stages)]))
            waiting += 1
    return kinds


# -- many tenants --------------------------------------------------------------------------------


class BenchTenantsExist(RuntimeError):
    """Bench tenants are there already: seeding is not idempotent, so it refuses."""


@dataclass
class SeedResult:
    tenants: list[TenantResult]
    seconds: float
    processes: int

    @property
    def requests(self) -> int:
        return sum(t.requests for t in self.tenants)

    @property
    def events(self) -> int:
        return sum(t.events for t in self.tenants)

    def manifest(self) -> dict[str, Any]:
        """What a load client needs: each tenant's users and roles, and the one password."""
        return {
            "password": BENCH_PASSWORD,
            "tenants": [{k: v for k, v in asdict(t).items() if k not in ("seconds",)} for t in self.tenants],
        }


def existing_bench_tenants(settings: Settings) -> list[str]:
    with Platform(settings, pool_size=1) as platform:
        return [t.slug for t in platform.tenants() if t.slug.startswith(BENCH_PREFIX)]


def seed(
    settings: Settings,
    tenants: int,
    requests: int,
    seed_value: int = 2026,
    processes: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SeedResult:
    """Seed `tenants` bench tenants with `requests` requests in all, over `processes` processes."""
    from adapters.passwords import hash_password

    found = existing_bench_tenants(settings)
    if found:
        raise BenchTenantsExist(
            f"tenant bench sudah ada ({', '.join(found[:3])}{', …' if len(found) > 3 else ''}); "
            f"pakai basis data kosong / bench tenants exist already ({len(found)}); use an empty store"
        )
    plans = plan_tenants(tenants, requests, seed_value)
    password_hash = hash_password(BENCH_PASSWORD)
    workers = max(1, min(processes or default_processes(), len(plans)))
    started = time.perf_counter()
    results: list[TenantResult] = []
    if workers == 1:
        _init_worker(None)
        for plan in plans:
            results.append(seed_tenant(settings, plan, password_hash))
            if progress:
                progress(sum(r.requests for r in results), requests)
    else:
        results = _seed_in_processes(settings, plans, password_hash, workers, requests, progress)
    results.sort(key=lambda r: r.slug)
    return SeedResult(results, time.perf_counter() - started, workers)


def default_processes() -> int:
    """One process per core: each save waits on PostgreSQL as much as it computes."""
    return max(1, os.cpu_count() or 1)


def _seed_in_processes(
    settings: Settings,
    plans: list[TenantPlan],
    password_hash: str,
    workers: int,
    requests: int,
    progress: Callable[[int, int], None] | None,
) -> list[TenantResult]:
    """Tenants spread over `workers` processes; any failure or interrupt terminates them all."""
    context = multiprocessing.get_context("spawn")  # no inherited pools, threads or locks
    counter = context.Value("q", 0)
    pool = context.Pool(workers, initializer=_init_worker, initargs=(counter,))
    try:
        pending = [pool.apply_async(seed_tenant, (settings, plan, password_hash)) for plan in plans]
        results: list[TenantResult] = []
        while pending:
            pending[0].wait(0.5)
            results += [job.get() for job in pending if job.ready()]
            pending = [job for job in pending if not job.ready()]
            if progress:
                progress(int(counter.value), requests)
        pool.close()
        return results
    finally:
        pool.terminate()
        pool.join()


# -- the command -----------------------------------------------------------------------------------


def progress_bar(width: int = 30) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        fraction = 1.0 if total <= 0 else min(1.0, done / total)
        filled = int(fraction * width)
        sys.stderr.write(
            f"\r{'permohonan / requests':<24} [{'#' * filled}{'.' * (width - filled)}] "
            f"{fraction * 100:5.1f}% {done}/{total}"
        )
        sys.stderr.flush()

    return show


def summary(result: SeedResult) -> str:
    """What was seeded, how fast, and how to sign in."""
    statuses: Counter[str] = Counter()
    for tenant in result.tenants:
        statuses.update(tenant.statuses)
    overdue = sum(t.overdue for t in result.tenants)
    late = sum(t.late_steps for t in result.tenants)
    seconds = max(result.seconds, 1e-9)
    variants = Counter(t.variant_id for t in result.tenants)
    zones = Counter(t.timezone for t in result.tenants)
    lines = [
        f"Diisi / seeded: {len(result.tenants)} tenant, {result.requests} permohonan / requests, "
        f"{result.events:,} peristiwa / events in {result.seconds:.1f} s with {result.processes} "
        f"proses / processes ({result.requests / seconds:,.1f} permohonan/s, {result.events / seconds:,.0f} "
        "peristiwa/s)",
        "Status: "
        + ", ".join(f"{name} {count}" for name, count in sorted(statuses.items()))
        + f"; terlambat / overdue now {overdue} of {statuses.get(IN_PROGRESS, 0)} in progress;"
        f" {late} langkah lewat tenggat / steps done late",
        "Varian / variants: " + ", ".join(f"{name} {count}" for name, count in sorted(variants.items())),
        "Zona waktu / time zones: " + ", ".join(f"{name} {count}" for name, count in sorted(zones.items())),
        f"Kata sandi semua pengguna / password of every user: {BENCH_PASSWORD}",
    ]
    for tenant in result.tenants[:6]:
        names = ", ".join(user["username"] for user in tenant.users)
        lines.append(f"  /t/{tenant.slug}/ ({tenant.variant_id}, {tenant.timezone}): {names}")
    if len(result.tenants) > 6:
        lines.append(f"  … {len(result.tenants) - 6} tenant lagi / more, same user names per variant")
    return "\n".join(lines)
