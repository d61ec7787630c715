"""Variant files: the six shipped SOPs load, and a broken file says where it is broken."""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from domain.sop import Outcome, Variant, variant_from_dict, variant_to_dict
from tenants import sopfile
from tenants.catalogue import VARIANT_IDS, builtin_variant, variant_path
from tenants.sopfile import LocatedError, VariantFileError, load_variant_file, parse_variant

STEP_COUNTS = {
    "cirebon-2019": 15,
    "sumbawa-2021": 17,
    "tangerang-selatan-2017": 17,
    "muara-enim-2021-mandiri": 14,
    "muara-enim-2021-pengembang": 8,
    "aplikasi-database-2013": 12,
}

HEADER = """\
id: uji
version: 1
title: Uji
roles:
  - {id: opd, name: OPD}
  - {id: kadis, name: Kepala Dinas}
steps:
"""


def variant(variant_id: str) -> Variant:
    return builtin_variant(variant_id).variant


def errors_of(steps: str) -> list[LocatedError]:
    with pytest.raises(VariantFileError) as raised:
        parse_variant(HEADER + steps, "x.yaml")
    return raised.value.errors


def line_of(steps: str, fragment: str, occurrence: int = 1) -> int:
    """The line number (in the whole file) of the n-th line containing the fragment."""
    lines = (HEADER + steps).splitlines()
    found = [number for number, line in enumerate(lines, start=1) if fragment in line]
    return found[occurrence - 1]


def test_the_shipped_variant_ids_are_the_six_known_ones() -> None:
    assert set(VARIANT_IDS) == set(STEP_COUNTS)


@pytest.mark.parametrize(("variant_id", "count"), STEP_COUNTS.items())
def test_every_shipped_variant_file_loads_with_its_printed_steps(variant_id: str, count: int) -> None:
    loaded = load_variant_file(variant_path(variant_id)).variant
    assert (loaded.id, len(loaded.steps)) == (variant_id, count)


SUMBAWA_REPORT = "Laporan ketidakterediaan infrastruktur dan/atau SDM dan/atau anggaran"


@pytest.mark.parametrize(
    ("variant_id", "number", "ya", "tidak"),
    [
        ("cirebon-2019", 4, Outcome(next_step=6), Outcome(next_step=5)),
        ("cirebon-2019", 7, Outcome(next_step=8), Outcome(next_step=8)),
        ("sumbawa-2021", 6, Outcome(next_step=8), Outcome(next_step=7, outputs=(SUMBAWA_REPORT,))),
        ("sumbawa-2021", 11, Outcome(next_step=12), Outcome(next_step=9)),
        ("sumbawa-2021", 14, Outcome(next_step=15), Outcome(next_step=12)),
        ("tangerang-selatan-2017", 6, Outcome(next_step=7), Outcome(end="declined")),
        ("tangerang-selatan-2017", 14, Outcome(next_step=15), Outcome(next_step=11)),
        ("aplikasi-database-2013", 4, Outcome(next_step=5), Outcome(end="declined")),
    ],
)
def test_decision_steps_lead_where_the_sop_says(
    variant_id: str, number: int, ya: Outcome, tidak: Outcome
) -> None:
    decision = variant(variant_id).step(number).decision
    assert decision is not None
    assert (decision.ya, decision.tidak) == (ya, tidak)


def test_sumbawa_step_seven_ends_the_request_rejected_for_resources() -> None:
    assert variant("sumbawa-2021").step(7).next == Outcome(end="rejected_for_resources")


def test_tangerang_selatan_step_seven_sets_the_deadline_of_steps_eight_to_eleven() -> None:
    assert variant("tangerang-selatan-2017").step(7).sets_deadline_for == (8, 9, 10, 11)


@pytest.mark.parametrize("number", [8, 9, 10, 11])
def test_tangerang_selatan_development_steps_run_to_a_target(number: int) -> None:
    standard = variant("tangerang-selatan-2017").step(number).time_standard
    assert standard is not None and standard.is_target


@pytest.mark.parametrize(
    ("variant_id", "appointing", "steps"),
    [("sumbawa-2021", 4, [9, 10, 12, 13, 15, 17]), ("cirebon-2019", 6, [8, 9, 10, 11, 12, 14]),
     ("muara-enim-2021-mandiri", 4, [5, 7, 8]), ("muara-enim-2021-mandiri", 6, [9]),
     ("muara-enim-2021-pengembang", 4, [])],
)  # fmt: skip
def test_the_steps_the_seed_gives_the_appointee_name_the_appointing_step(
    variant_id: str, appointing: int, steps: list[int]
) -> None:
    found = variant(variant_id)
    assert found.step(appointing).assigns
    assert [step.number for step in found.steps if step.appointee_of == appointing] == steps


def test_cirebon_steps_nine_to_twelve_are_the_pics_or_the_third_partys_named_at_step_five() -> None:
    coordination = variant("cirebon-2019").step(8)  # the PIC's on both paths (header comment)
    assert (coordination.role_given({"7": "tidak"}), coordination.appointing_step("pic")) == ("pic", 6)
    step = variant("cirebon-2019").step(9)
    assert step.appointing_step(step.role_given({"7": "ya"})) == 6
    assert step.appointing_step(step.role_given({"7": "tidak"})) == 5  # "dilanjutkan oleh pihak ketiga"
    assert step.appointing_step("kasie-aplikasi") is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [("1", "menunjuk"), ("9", "tidak ada"), ("[2]", "nomor langkah")],
)
def test_appointee_of_names_an_earlier_step_that_assigns_someone(value: str, reason: str) -> None:
    steps = f"""\
  - number: 1
    description: Ajukan
    role: opd
  - number: 2
    description: Tunjuk
    role: kadis
    assigns: true
  - number: 3
    description: Kerjakan
    role: kadis
    appointee_of: {value}
"""
    [error] = errors_of(steps)
    assert (error.line, error.path) == (line_of(steps, "appointee_of"), "steps[2].appointee_of")
    assert reason in error.reason


def test_a_role_if_appointee_must_be_named_at_an_assigning_step() -> None:
    steps = """\
  - number: 1
    description: Ajukan
    role: opd
    decision: {question: Sendiri?, ya: 2, tidak: 2}
  - number: 2
    description: Kerjakan
    role: kadis
    role_if: {step: 1, answer: tidak, role: opd, appointee_of: 1}
"""
    [error] = errors_of(steps)
    assert (error.path, "menunjuk" in error.reason) == ("steps[1].role_if", True)


def test_appointee_of_survives_the_round_trip_through_plain_data() -> None:
    shipped = variant("sumbawa-2021")
    assert variant_from_dict(variant_to_dict(shipped)).step(9).appointee_of == 4
    cirebon = variant("cirebon-2019")
    assert variant_from_dict(variant_to_dict(cirebon)).step(9) == cirebon.step(9)


def test_an_unknown_role_is_reported_at_its_line() -> None:
    steps = """\
  - number: 1
    description: Ajukan
    role: opd
  - number: 2
    description: Putuskan
    role: camat
"""
    [error] = errors_of(steps)
    assert (error.file, error.line, error.path) == ("x.yaml", line_of(steps, "role: camat"), "steps[1].role")


def test_a_next_step_that_does_not_exist_is_reported_at_its_line() -> None:
    steps = """\
  - number: 1
    description: Ajukan
    role: opd
    next: 9
"""
    [error] = errors_of(steps)
    assert (error.line, error.path) == (line_of(steps, "next: 9"), "steps[0].next")


def test_an_unreachable_step_is_reported_at_its_line() -> None:
    steps = """\
  - number: 1
    description: Ajukan
    role: opd
    next: {end: completed}
  - number: 2
    description: Tidak pernah
    role: kadis
"""
    [error] = errors_of(steps)
    assert (error.line, error.path) == (line_of(steps, "number: 2"), "steps[1]")
    assert "unreachable" in error.reason


def test_a_decision_missing_an_outcome_is_reported_in_the_decision_block() -> None:
    steps = """\
  - number: 1
    description: Putuskan
    role: opd
    decision:
      question: Lanjut?
      ya: 2
  - number: 2
    description: Kerjakan
    role: kadis
"""
    [error] = errors_of(steps)
    assert error.path == "steps[0].decision.tidak"
    assert error.line in range(line_of(steps, "decision:"), line_of(steps, "ya: 2") + 1)


def test_an_unparseable_time_standard_is_reported_at_its_line() -> None:
    steps = """\
  - number: 1
    description: Ajukan
    role: opd
    time_standard: sebentar
"""
    [error] = errors_of(steps)
    assert (error.line, error.path) == (line_of(steps, "sebentar"), "steps[0].time_standard")


def test_a_duplicate_step_number_is_reported_at_the_second_one() -> None:
    steps = """\
  - number: 1
    description: Ajukan
    role: opd
  - number: 1
    description: Lagi
    role: kadis
"""
    [error] = errors_of(steps)
    assert (error.line, error.path) == (line_of(steps, "number: 1", occurrence=2), "steps[1].number")


def test_invalid_yaml_is_reported_at_its_line() -> None:
    steps = """\
  - number: 1
    description: Ajukan: surat
    role: opd
"""
    [error] = errors_of(steps)
    assert (error.line, error.path) == (line_of(steps, "Ajukan: surat"), "(berkas)")


def test_a_file_with_several_errors_reports_every_one() -> None:
    steps = """\
  - number: 1
    description: Ajukan
    role: camat
    time_standard: sebentar
    next: 9
"""
    paths = {error.path for error in errors_of(steps)}
    assert paths == {"steps[0].role", "steps[0].time_standard", "steps[0].next"}


def test_the_error_message_lists_file_and_line_of_every_error() -> None:
    with pytest.raises(VariantFileError) as raised:
        parse_variant(HEADER + "  - number: 1\n    description: A\n    role: camat\n", "x.yaml")
    assert str(raised.value).startswith("x.yaml:10: steps[0].role:")


def test_a_missing_file_is_a_variant_file_error(tmp_path: Path) -> None:
    with pytest.raises(VariantFileError):
        load_variant_file(tmp_path / "tidak-ada.yaml")


@pytest.mark.parametrize("variant_id", STEP_COUNTS)
def test_a_variant_survives_a_round_trip_through_plain_data(variant_id: str) -> None:
    data = variant_to_dict(variant(variant_id))
    assert variant_to_dict(variant_from_dict(data)) == data


@pytest.mark.parametrize("variant_id", STEP_COUNTS)
def test_a_variant_rebuilt_from_plain_data_has_the_same_roles_and_steps(variant_id: str) -> None:
    original = variant(variant_id)
    rebuilt = variant_from_dict(variant_to_dict(original))
    assert (rebuilt.roles, rebuilt.steps) == (original.roles, original.steps)


def test_errors_after_an_unreadable_step_point_at_their_own_step() -> None:
    steps = """\
  - number: 1
    description: Ajukan
    role: opd
  - number: dua
    description: Teruskan
    role: opd
  - number: 3
    description: Putuskan
    role: camat
"""
    located = {(error.path, error.line) for error in errors_of(steps)}
    assert ("steps[1].number", line_of(steps, "number: dua")) in located
    assert ("steps[2].role", line_of(steps, "role: camat")) in located


def test_a_key_written_twice_in_one_step_is_reported_at_the_second_one() -> None:
    steps = """\
  - number: 1
    description: Ajukan
    role: opd
    role: kadis
"""
    [error] = errors_of(steps)
    assert (error.path, error.line) == ("steps[0].role", line_of(steps, "role: kadis"))
    assert "ganda" in error.reason


# -- hostile files: refused at once, with the line, whether from the CLI or the admin page ----------


def _refused_quickly(text: str) -> str:
    """Refused before the file is built: little memory (a bomb expands to gigabytes), and few
    values built (counted, not timed: a wall-clock bound fails on a busy machine)."""
    built = 0
    real = sopfile._to_python

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal built
        built += 1
        return real(*args, **kwargs)

    tracemalloc.start()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sopfile, "_to_python", counted)
            with pytest.raises(VariantFileError) as refused:
                parse_variant(text, "serang.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024
    assert built <= sopfile.MAX_NODES + 1
    return str(refused.value)


def test_an_alias_bomb_is_refused_at_once() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join(f'*a{n - 1}' for _ in range(9))}]" for n in range(1, 8)]
    message = _refused_quickly("\n".join([*lines, "id: *a7"]))
    assert "serang.yaml:" in message and "alias" in message


def test_deep_nesting_is_refused_at_once() -> None:
    message = _refused_quickly("id: " + "[" * 5000 + "]" * 5000)
    assert "serang.yaml:1" in message and "nested" in message


@pytest.mark.parametrize("tag", ["!!python/name:os.system", "!custom x", "!!binary aGk="])
def test_yaml_tags_are_refused(tag: str) -> None:
    message = _refused_quickly(f"id: sop-uji\nversion: 1\nname: {tag}\n")
    assert "serang.yaml:" in message and "tag" in message


def test_a_complex_key_is_refused_with_its_line() -> None:
    message = _refused_quickly("id: x\n? [a, b]\n: nilai\n")
    assert "serang.yaml:2" in message


def test_an_oversized_file_is_refused() -> None:
    assert "KB" in _refused_quickly("# " + "x" * (600 * 1024))


ANSWER_OUTPUTS = """\
  - number: 1
    description: Periksa sumber daya
    role: kadis
    outputs: [Berita Acara Pemeriksaan]
    decision:
      question: Tersedia?
      ya: 2
      tidak: {end: rejected_for_resources, outputs: [Laporan ketidaktersediaan]}
  - number: 2
    description: Kerjakan
    role: kadis
"""


TIDAK_WITH_OUTPUTS = "{end: rejected_for_resources, outputs: [Laporan ketidaktersediaan]}"


def test_an_answer_may_declare_outputs_of_its_own_recorded_only_with_that_answer() -> None:
    step = parse_variant(HEADER + ANSWER_OUTPUTS, "x.yaml").variant.step(1)
    assert step.outputs_for("tidak") == ("Berita Acara Pemeriksaan", "Laporan ketidaktersediaan")
    assert step.outputs_for("ya") == ("Berita Acara Pemeriksaan",)
    assert step.outputs_for(None) == ("Berita Acara Pemeriksaan",)


def test_an_answer_leading_to_a_step_with_outputs_names_the_step() -> None:
    steps = ANSWER_OUTPUTS.replace("{end: rejected_for_resources, outputs:", "{step: 2, outputs:")
    decision = parse_variant(HEADER + steps, "x.yaml").variant.step(1).decision
    assert decision is not None
    assert decision.tidak == Outcome(next_step=2, outputs=("Laporan ketidaktersediaan",))


@pytest.mark.parametrize(
    "broken",
    [
        "{outputs: [Laporan ketidaktersediaan]}",  # where does the answer lead?
        "{next: 2, outputs: [Laporan ketidaktersediaan]}",  # `step`, not `next`
        "{end: rejected_for_resources, outputs: {a: b}}",  # not a list of text
    ],
)
def test_an_answer_with_outputs_of_the_wrong_shape_is_reported_at_its_line(broken: str) -> None:
    steps = ANSWER_OUTPUTS.replace(TIDAK_WITH_OUTPUTS, broken)
    errors = errors_of(steps)
    shape = [e for e in errors if "must be {step: N, outputs" in e.reason or "list of text" in e.reason]
    assert [(e.path.startswith("steps[0].decision.tidak"), e.line) for e in shape] == [
        (True, line_of(steps, "tidak:"))
    ]


def test_an_answer_output_that_is_already_a_common_output_is_reported() -> None:
    steps = ANSWER_OUTPUTS.replace("[Laporan ketidaktersediaan]", "[Berita Acara Pemeriksaan]")
    [error] = errors_of(steps)
    assert (error.path, error.line) == ("steps[0].decision.tidak.outputs[0]", line_of(steps, "tidak:"))
    assert "every answer" in error.reason


def test_answer_outputs_survive_a_round_trip_and_old_plain_data_reads_without_them() -> None:
    original = parse_variant(HEADER + ANSWER_OUTPUTS, "x.yaml").variant
    data = variant_to_dict(original)
    assert variant_from_dict(data).steps == original.steps
    pinned_before = variant_to_dict(variant("cirebon-2019"))  # no answer has outputs: no key
    assert all("outputs" not in (s["outcomes"] or {}).get("ya", {}) for s in pinned_before["steps"])  # type: ignore[union-attr]
