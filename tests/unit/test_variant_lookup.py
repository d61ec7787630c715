"""A variant finds a step by its number and a role by its id without walking its lists: pages ask
for every step they show, so a scan made each page quadratic in the steps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.sop import MAX_STEPS, Role, Step, Variant, variant_from_dict, variant_to_dict


class CountedSteps(tuple[Step, ...]):
    """The steps, counting how often they are walked."""

    walks = 0

    def __iter__(self) -> Iterator[Step]:
        type(self).walks += 1
        return super().__iter__()


def sixty_steps() -> Variant:
    numbers = range(10, 10 + 2 * MAX_STEPS, 2)  # not 1..60: a number is not a position
    steps = CountedSteps(Step(number, f"Langkah {number}", "opd", sets_deadline_for=(number + 2,))
                         for number in numbers)  # fmt: skip
    return Variant("uji", 1, "Uji", (Role("opd", "OPD"), Role("kadis", "Kadis")), steps)


def test_every_step_is_found_by_its_number_and_an_unknown_number_raises_key_error() -> None:
    variant = sixty_steps()
    for position, step in enumerate(variant.steps):
        assert variant.step(step.number) is step
        assert variant.has_step(step.number) and variant.position(step.number) == position
    for missing in (1, 11, 10 + 2 * MAX_STEPS):
        assert not variant.has_step(missing)
        with pytest.raises(KeyError):
            variant.step(missing)


def test_looking_up_every_step_walks_the_steps_once_not_once_a_lookup() -> None:
    variant = sixty_steps()
    numbers = [step.number for step in variant.steps]
    CountedSteps.walks = 0
    for number in numbers:
        variant.step(number)
        variant.has_step(number)
        variant.target_setter(number)
    assert CountedSteps.walks <= 2  # building the index by number, and the one of target setters


def test_a_target_setter_and_a_role_are_found_and_a_missing_one_is_not() -> None:
    variant = sixty_steps()
    assert variant.target_setter(14) is variant.step(12)
    assert variant.target_setter(10) is None and variant.target_setter(None) is None
    assert variant.role("kadis").name == "Kadis"
    with pytest.raises(KeyError):
        variant.role("camat")


def test_the_index_changes_neither_equality_nor_plain_data() -> None:
    indexed, fresh = sixty_steps(), sixty_steps()
    indexed.step(12)
    indexed.role("opd")
    assert indexed == fresh
    assert variant_to_dict(indexed) == variant_to_dict(fresh)
    assert variant_from_dict(variant_to_dict(indexed)).steps == fresh.steps
