"""No tenant's own SOP file can slow the service for the others (issue 17).

Before: a valid file of 2,500 steps and 40 roles (298 KB) was accepted by `alur sop validate` and
the admin page, and `time_standard: 1000000000 jam` validated; every submission on it then spent
4.6 s of CPU in the calendar's loops and ended in a 500 (OverflowError). Now a file is bounded
like a printed SOP (steps, roles, texts, lists, a Waktu of about two years), refused with
file:line the same way at both doors, and the calendar refuses a deadline beyond its reach at
once, so a variant pinned before the bounds still reads.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from adapters.cli import main
from adapters.holidays_id import indonesian_calendar
from domain.calendar import REACH_YEARS, DeadlineBeyondReachError
from domain.sop import MAX_ROLES, MAX_STEPS, parse_time_standard, variant_from_dict, variant_to_dict
from projections.sla import unit_of
from tenants.catalogue import builtin_variant
from tenants.sopfile import LoadedVariant, VariantFileError, parse_variant
from tests.mutu import as_form, first_references, letter_files
from tests.security.bounds import bounded
from tests.unit.test_calendar import walked_working_days
from tests.unit.test_cli import restore_logging  # noqa: F401  (fixture: `main` configures logging)
from tests.unit.test_sop_loader import HEADER, errors_of
from tests.web.conftest import World
from tests.web.pages_helpers import browser, csrf_of

START = datetime(2026, 3, 17, 10, 0, tzinfo=ZoneInfo("Asia/Makassar"))


def sop_file(steps: int, roles: int) -> str:
    """A valid SOP file of this many steps and roles (2,500 and 40 make the 298 KB of the probe)."""
    lines = ["id: besar", "version: 1", "title: SOP yang panjang", "roles:", "  - {id: opd, name: OPD}"]
    lines += [f"  - {{id: peran-{n}, name: Peran nomor {n} di dinas}}" for n in range(1, roles)]
    lines.append("steps:")
    for n in range(1, steps + 1):
        lines += [f"  - number: {n}", f"    description: Langkah {n} diperiksa lalu diteruskan segera",
                  f"    role: {'opd' if n % roles == 0 else f'peran-{n % roles}'}",
                  "    time_standard: 1 jam"]  # fmt: skip
    return "\n".join(lines) + "\n"


BIG = sop_file(2500, 40)
STEP = "  - number: 1\n    description: Ajukan\n    role: opd\n"
ENDLESS = HEADER + STEP + "    time_standard: 1000000000 jam\n"


def line_in(text: str, fragment: str, exact: bool = False) -> int:
    """The number of the first line that holds the fragment (or, exact, is it but for indent)."""
    lines = enumerate(text.splitlines(), start=1)
    return next(n for n, line in lines if (line.strip() == fragment if exact else fragment in line))


# Each refused file: where its first error is (path, line) and the words that say why.
REFUSED = {
    "40-roles": (BIG, "roles[16]", line_in(BIG, "{id: peran-16,"), f"more than {MAX_ROLES} roles (40)"),
    "2500-steps": (BIG, "steps[60]", line_in(BIG, "- number: 61", exact=True),
                   f"more than {MAX_STEPS} steps (2500)"),
    "1000000000-jam": (ENDLESS, "steps[0].time_standard", line_in(ENDLESS, "1000000000 jam"),
                       "beyond the limit of 4250 jam"),
}  # fmt: skip


def test_a_file_of_2500_steps_and_40_roles_is_refused_before_its_steps_are_built():
    assert len(BIG) > 280 * 1024
    started = time.perf_counter()
    with pytest.raises(VariantFileError) as refused:
        parse_variant(BIG, "besar.yaml")
    seconds = time.perf_counter() - started
    print(f"\nrefusing {len(BIG) // 1024} KB, 2,500 steps, 40 roles: {seconds:.3f} s")
    assert seconds < 5  # sanity only: it was accepted after 0.3 s, and the pages were O(n²)
    located = [(error.path, error.line) for error in refused.value.errors]
    assert located == [(path, line) for text, path, line, _ in REFUSED.values() if text is BIG]
    assert "lebih dari 60 langkah (ada 2500)" in str(refused.value)


def test_a_time_standard_of_a_billion_hours_is_refused_at_its_line():
    [error] = errors_of(ENDLESS.removeprefix(HEADER))
    assert (error.path, error.line) == REFUSED["1000000000-jam"][1:3]
    assert "melebihi batas 4250 jam" in error.reason and "beyond the limit of 4250 jam" in error.reason


def test_a_time_standard_thousands_of_digits_long_is_refused_not_a_crash():
    [error] = errors_of(STEP + "    time_standard: " + "9" * 5000 + " menit\n")
    assert error.path == "steps[0].time_standard" and "beyond the limit of 255000 menit" in error.reason
    assert len(error.reason) < 400  # the value is not echoed whole


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_alur_sop_validate_shows_the_refusal_with_file_and_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    text, path, line, reason = REFUSED[case]
    file = tmp_path / "serang.yaml"
    file.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    code = main(["sop", "validate", str(file)])
    seconds = time.perf_counter() - started
    out = capsys.readouterr().out
    print(f"\nalur sop validate ({case}, {len(text) // 1024} KB): {seconds:.3f} s")
    assert code == 1
    assert f"{file}:{line}: {path}: " in out and reason in out


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_the_admin_page_shows_the_refusal_with_file_and_line(world: World, case: str):
    text, path, line, reason = REFUSED[case]
    client = browser(world, "admin")
    csrf = csrf_of(client.get(f"/t/{world.a}/admin/sop").text)
    with bounded(seconds=5.0, megabytes=60):
        answer = client.post(f"/t/{world.a}/admin/sop/file", data={"csrf": csrf, "use": "1"},
                             files={"file": ("serang.yaml", text.encode(), "text/yaml")})  # fmt: skip
    assert answer.status_code == 422, answer.text[:300]
    assert f"serang.yaml:{line}: {path}: " in answer.text and reason in answer.text
    assert world.platform.tenant(world.a).variant_id == "sumbawa-2021"  # nothing switched


def test_a_file_at_every_bound_is_accepted():
    longest, documents = "x" * 1000, ", ".join(["d" * 200] * 20)
    first = "  - number: 1\n    description: Langkah 1 diperiksa lalu diteruskan segera\n"
    text = sop_file(MAX_STEPS, MAX_ROLES).replace(first, (
        f"  - number: 1\n    description: {longest}\n    remarks: {longest}\n"
        f"    inputs: [{documents}]\n    outputs: [{documents}]\n"
    )).replace("time_standard: 1 jam", "time_standard: Maksimal 500 Hari Kerja", 1)  # fmt: skip
    text = text.replace("peran-1,", "p" * 64 + ",").replace("role: peran-1\n", f"role: {'p' * 64}\n")
    variant = parse_variant(text, "batas.yaml").variant
    assert (len(variant.steps), len(variant.roles)) == (MAX_STEPS, MAX_ROLES)
    assert (len(variant.step(1).description), len(variant.step(1).inputs)) == (1000, 20)
    assert variant.step(1).role == "p" * 64


DECIDE = """\
  - number: 1
    description: Putuskan
    role: opd
    decision: {question: Lanjut?, ya: 2, tidak: {end: declined}}
  - number: 2
    description: Kerjakan
    role: kadis
"""


@pytest.mark.parametrize(
    ("steps", "path", "reason"),
    [
        (STEP.replace("Ajukan", "x" * 1001), "steps[0].description", "longer than 1000 characters (1001)"),
        (STEP + "    remarks: " + "x" * 1001 + "\n", "steps[0].remarks", "longer than 1000 characters"),
        (DECIDE.replace("Lanjut?", "x" * 1001), "steps[0].decision.question", "longer than 1000"),
        (STEP + f"    inputs: [{', '.join(['Surat'] * 21)}]\n", "steps[0].inputs", "more than 20 documents"),
        (STEP + "    outputs: [" + "x" * 201 + "]\n", "steps[0].outputs[0]", "longer than 200 characters"),
        (DECIDE.replace("{end: declined}", "{end: declined, outputs: [" + ", ".join(["Laporan"] * 21) + "]}"),
         "steps[0].decision.tidak.outputs", "more than 20 documents"),
        (STEP.replace("Ajukan", "Ajukan\n    time_standard: Target " + "x" * 200), "steps[0].time_standard",
         "longer than 200 characters"),
    ],
    ids=["description", "remarks", "question", "inputs", "output-name", "answer-outputs", "waktu-text"],
)  # fmt: skip
def test_a_text_or_a_list_past_its_bound_is_refused_at_its_line(steps: str, path: str, reason: str):
    errors = [error for error in errors_of(steps) if error.path == path]
    assert [reason in error.reason for error in errors] == [True]
    assert errors[0].line == line_in(HEADER + steps, path.split(".")[1].split("[")[0] + ":")


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [("{id: kadis,", "{id: " + "k" * 65 + ",", "roles[1].id"),
     ("name: Kepala Dinas}", "name: " + "K" * 201 + "}", "roles[1].name"),
     ("title: Uji", "title: " + "U" * 201, "title")],
)  # fmt: skip
def test_a_role_id_a_role_name_or_a_title_past_its_bound_is_refused(old: str, new: str, path: str):
    text = (HEADER + STEP).replace(old, new)
    with pytest.raises(VariantFileError) as refused:
        parse_variant(text, "x.yaml")
    [error] = [error for error in refused.value.errors if error.path == path]
    assert error.line == line_in(text, new[:12]) and "longer than" in error.reason


# -- a variant pinned in a store before the bounds ----------------------------------------------------


def pinned_with(text: str) -> dict[str, object]:
    """Sumbawa as a tenant's store keeps it, its step 2 with a Waktu no file may declare now."""
    data = variant_to_dict(builtin_variant("sumbawa-2021").variant)
    data["id"] = "sumbawa-lama"
    step = data["steps"][1]  # type: ignore[index]
    step["time_standard"] = {"text": text, "amount": None, "unit": "", "maximum": False}
    return data


def test_a_pinned_variant_with_a_billion_hours_still_reads_and_its_deadline_is_refused_at_once():
    variant = variant_from_dict(pinned_with("1000000000 jam"))
    standard = variant.step(2).time_standard
    assert standard is not None and standard.amount == 1_000_000_000
    calendar = indonesian_calendar("Asia/Makassar")
    with bounded(seconds=5.0, megabytes=20), pytest.raises(DeadlineBeyondReachError) as refused:
        calendar.due(START, standard)  # was 4.6 s of loops, then OverflowError
    assert f"more than {REACH_YEARS} years" in str(refused.value)
    assert f"lebih dari {REACH_YEARS} tahun" in str(refused.value)


def test_a_pinned_standard_past_the_horizon_but_within_reach_keeps_its_deadline_and_sla_unit():
    standard = variant_from_dict(pinned_with("1000 Hari Kerja")).step(2).time_standard
    assert standard is not None
    with pytest.raises(ValueError, match="500"):
        parse_time_standard("1000 Hari Kerja")  # no file may declare it now
    calendar = indonesian_calendar("Asia/Makassar")
    assert calendar.due(START, standard) == walked_working_days(calendar, START, 1000)
    assert unit_of("1000 Hari Kerja") == ("hari_kerja", 1000.0)


def test_a_submission_on_a_pinned_variant_beyond_reach_is_refused_at_once_not_a_500(world: World):
    pinned = variant_from_dict(pinned_with("1000000000 jam"))
    world.platform.set_own_sop(world.a, LoadedVariant(pinned, "(pinned before the bounds)", "lama"))
    page = browser(world, "admin").get(f"/t/{world.a}/admin/sop")
    assert page.status_code == 200 and "1000000000 jam" in page.text  # the pinned SOP still reads
    body = {"title": "Aplikasi", "letter_number": "420/1/2026", "letter_date": "2026-03-16"}
    with bounded(seconds=5.0, megabytes=60):
        form = body | as_form(first_references(pinned))
        answer = world.api("POST", "/requests", "opd-disdik", data=form, files=letter_files())
    assert answer.status_code == 422, answer.text[:300]
    assert answer.json()["error"]["code"] == "deadline_beyond_reach"
