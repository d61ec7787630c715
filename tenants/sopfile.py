"""Read an SOP variant file (YAML that officials can edit by hand) into a domain `Variant`.

Every error is reported with the file, the line and the path inside the file, so an official
editing the SOP can find it. The format is described in `tenants/sops/FORMAT.md`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from domain.sop import (
    DECISION_OUTCOMES,
    SOURCE_LETTER,
    SOURCE_OUTPUT,
    SOURCE_UPLOAD,
    Decision,
    InputSource,
    Outcome,
    Problem,
    Role,
    RoleOverride,
    Step,
    TimeStandardError,
    Variant,
    count_problems,
    parse_time_standard,
    validate_variant,
)

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class LocatedError:
    """One problem in a variant file: file, line, path and reason."""

    file: str
    line: int | None
    path: str
    reason: str

    def __str__(self) -> str:
        line = f":{self.line}" if self.line else ""
        return f"{self.file}{line}: {self.path}: {self.reason}"


class VariantFileError(ValueError):
    """A variant file that cannot be used; carries every located error."""

    def __init__(self, errors: list[LocatedError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass(frozen=True)
class LoadedVariant:
    """A validated variant with the text it came from and that text's fingerprint."""

    variant: Variant
    source: str
    fingerprint: str


def load_variant_file(path: str | Path) -> LoadedVariant:
    """Load and validate one variant file; raises VariantFileError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise VariantFileError([LocatedError(str(path), None, "(berkas)", str(exc))]) from exc
    return parse_variant(text, str(path))


MAX_CHARS = 512 * 1024  # the shipped files are 5-13 KB
MAX_DEPTH = 32  # a variant file nests five or six levels
MAX_NODES = 50_000  # values after aliases are followed (a shipped file has about 1,500)
MAX_ALIASES = 20  # `*name` references; the shipped files use none
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: scans in C


def parse_variant(text: str, filename: str = "<sop>") -> LoadedVariant:
    """Parse and validate variant text; raises VariantFileError listing every problem.

    The text is checked before it is built (size, nesting, aliases, tags), its lists of steps and
    roles are counted before any is built (`MAX_STEPS`, `MAX_ROLES`), and building stops at a
    bound on values, so a hostile file (an alias bomb, 5,000 nested brackets, a Python tag,
    2,500 steps) is refused at once with its line, not after minutes and gigabytes.
    """
    try:
        _check_bounds(text, filename)
        node = yaml.compose(text, Loader=_FAST)
        _check_counts(node, filename)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = f"YAML tidak sah / invalid YAML: {exc}"
        if "nesting depth" in str(exc):  # libyaml's own limit, met before ours can count
            reason = f"bersarang lebih dari {MAX_DEPTH} tingkat / nested more than {MAX_DEPTH} levels"
        raise VariantFileError([LocatedError(filename, line, "(berkas)", reason)]) from exc
    lines: dict[Path_, int] = {}
    duplicates: list[Problem] = []
    budget = _Budget(filename)
    data = _to_python(node, (), lines, duplicates, budget) if node is not None else None
    builder = _Builder(lines)
    variant = builder.variant(data)
    problems = duplicates + builder.problems
    if variant is not None:
        # Steps the builder could not read are left out of the variant: map positions back.
        problems += [_in_file(problem, builder.kept_steps) for problem in validate_variant(variant)]
    if problems:
        raise VariantFileError([_locate(filename, problem, lines) for problem in problems])
    assert variant is not None
    fingerprint = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return LoadedVariant(variant=variant, source=text, fingerprint=fingerprint)


class _Budget:
    """Values built so far: an alias repeats its whole subtree, so the count bounds the work."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.left = MAX_NODES

    def spend(self, node: yaml.Node) -> None:
        self.left -= 1
        if self.left < 0:
            raise _refused(self.filename, node.start_mark.line + 1,
                           f"lebih dari {MAX_NODES} nilai (alias mengulang nilainya) / more than "
                           f"{MAX_NODES} values (aliases repeat their values)")  # fmt: skip


def _check_bounds(text: str, filename: str) -> None:
    """Refuse what no SOP file needs before anything is built: one pass over the tokens."""
    if len(text) > MAX_CHARS:
        raise _refused(filename, None, f"berkas lebih dari {MAX_CHARS // 1024} KB / the file is over "
                                       f"{MAX_CHARS // 1024} KB")  # fmt: skip
    depth, aliases = 0, 0
    for token in yaml.scan(text, Loader=_FAST):
        line = token.start_mark.line + 1
        if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken
                      | yaml.BlockSequenceStartToken | yaml.BlockMappingStartToken):  # fmt: skip
            depth += 1
            if depth > MAX_DEPTH:
                raise _refused(filename, line, f"bersarang lebih dari {MAX_DEPTH} tingkat / nested more "
                                               f"than {MAX_DEPTH} levels")  # fmt: skip
        elif isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken | yaml.BlockEndToken):
            depth -= 1
        elif isinstance(token, yaml.TagToken):
            raise _refused(filename, line, "tag YAML (!…) tidak diizinkan / YAML tags (!…) are "
                                           "not allowed")  # fmt: skip
        elif isinstance(token, yaml.AliasToken):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise _refused(filename, line, f"lebih dari {MAX_ALIASES} alias (*…) / more than "
                                               f"{MAX_ALIASES} aliases (*…)")  # fmt: skip


def _check_counts(node: yaml.Node | None, filename: str) -> None:
    """Refuse more steps or roles than an SOP holds while they are still unbuilt YAML nodes,
    each at the line of the first item past its bound."""
    if not isinstance(node, yaml.MappingNode):
        return  # the builder says what the file should be
    lists: dict[str | int, list[yaml.Node]] = {
        key.value: value.value
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.SequenceNode)
    }
    problems = count_problems(len(lists.get("steps", [])), len(lists.get("roles", [])))
    if problems:
        raise VariantFileError([_at_item(filename, problem, lists) for problem in problems])


def _at_item(filename: str, problem: Problem, lists: dict[str | int, list[yaml.Node]]) -> LocatedError:
    key, index = problem.path[:2]
    item = lists[key][int(index)]
    return LocatedError(filename, item.start_mark.line + 1, problem.where(), problem.reason)


def _refused(filename: str, line: int | None, reason: str) -> VariantFileError:
    return VariantFileError([LocatedError(filename, line, "(berkas)", reason)])


def _to_python(
    node: yaml.Node, path: Path_, lines: dict[Path_, int], duplicates: list[Problem], budget: _Budget
) -> Any:
    """Build plain data from the YAML node tree, remembering each path's line number."""
    budget.spend(node)
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _refused(budget.filename, key_node.start_mark.line + 1,
                               "kunci harus teks biasa / a key must be plain text")  # fmt: skip
            key = _SCALARS.construct_object(key_node)
            if key in result:
                lines[(*path, str(key), "#dup")] = key_node.start_mark.line + 1
                duplicates.append(
                    Problem((*path, str(key), "#dup"), f"kunci {key!r} ganda / duplicate key {key!r}")
                )
            result[key] = _to_python(value_node, (*path, str(key)), lines, duplicates, budget)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = enumerate(node.value)
        return [_to_python(item, (*path, index), lines, duplicates, budget) for index, item in items]
    return _SCALARS.construct_object(node)


def _in_file(problem: Problem, kept_steps: list[int]) -> Problem:
    path = problem.path
    if len(path) >= 2 and path[0] == "steps" and isinstance(path[1], int) and path[1] < len(kept_steps):
        return Problem(("steps", kept_steps[path[1]], *path[2:]), problem.reason)
    return problem


_SCALARS = yaml.SafeLoader("")


def _locate(filename: str, problem: Problem, lines: dict[Path_, int]) -> LocatedError:
    path = problem.path
    while path and path not in lines:
        path = path[:-1]
    return LocatedError(filename, lines.get(path), problem.where(), problem.reason)


INPUT_FORMS = (
    "harus nama, {letter: NAMA}, {upload: NAMA} atau {name: NAMA, output: NAMA} / must be a "
    "name, {letter: NAME}, {upload: NAME} or {name: NAME, output: NAME}"
)


class _Builder:
    """Turns parsed YAML into a Variant, collecting shape errors instead of stopping."""

    def __init__(self, lines: dict[Path_, int]):
        self.lines = lines
        self.problems: list[Problem] = []
        self.kept_steps: list[int] = []
        self.made: dict[str, str] = {}  # the step being read: its outputs the service makes

    def fail(self, path: Path_, reason: str) -> None:
        self.problems.append(Problem(path, reason))

    def text(self, data: dict[str, Any], key: str, path: Path_, required: bool = True) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail((*path, key), f"wajib diisi / {key} is required")
            return ""
        if not isinstance(value, (str, int, float)):
            self.fail((*path, key), f"harus teks / {key} must be text")
            return ""
        return str(value).strip()

    def texts(self, data: dict[str, Any], key: str, path: Path_) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),)
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.fail((*path, key), f"harus daftar teks / {key} must be a list of text")
            return ()
        return tuple(str(v).strip() for v in value)

    def variant(self, data: Any) -> Variant | None:
        if not isinstance(data, dict):
            self.fail((), "berkas harus berisi pemetaan (id, version, roles, steps)")
            return None
        variant_id = self.text(data, "id", ())
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.fail(("version",), "versi harus bilangan bulat ≥ 1 / version must be an integer ≥ 1")
            version = 1
        roles = self.roles(data.get("roles"))
        raw_steps = data.get("steps")
        if not isinstance(raw_steps, list):
            self.fail(("steps",), "steps harus daftar langkah / steps must be a list")
            raw_steps = []
        steps = [self.step(raw, index, raw_steps) for index, raw in enumerate(raw_steps)]
        self.kept_steps = [index for index, step in enumerate(steps) if step is not None]
        metadata = {k: v for k, v in data.items() if k not in ("id", "version", "roles", "steps")}
        return Variant(
            id=variant_id,
            version=version,
            title=self.text(data, "title", ()),
            roles=roles,
            steps=tuple(step for step in steps if step is not None),
            requester_role=str(data.get("requester_role") or "opd"),
            metadata=metadata,
        )

    def roles(self, raw: Any) -> tuple[Role, ...]:
        if not isinstance(raw, list) or not raw:
            self.fail(("roles",), "roles harus daftar peran / roles must be a non-empty list")
            return ()
        roles = []
        for index, item in enumerate(raw):
            if not isinstance(item, dict):
                self.fail(("roles", index), "peran harus {id, name} / role must be {id, name}")
                continue
            roles.append(
                Role(
                    id=self.text(item, "id", ("roles", index)),
                    name=self.text(item, "name", ("roles", index)),
                )
            )
        return tuple(roles)

    def step(self, raw: Any, index: int, all_steps: list[Any]) -> Step | None:
        path: Path_ = ("steps", index)
        if not isinstance(raw, dict):
            self.fail(path, "langkah harus pemetaan / a step must be a mapping")
            return None
        number = raw.get("number")
        if not isinstance(number, int) or isinstance(number, bool):
            self.fail((*path, "number"), "nomor langkah harus bilangan bulat / number must be an integer")
            return None
        time_standard = None
        if raw.get("time_standard") not in (None, ""):
            try:
                time_standard = parse_time_standard(str(raw["time_standard"]))
            except TimeStandardError as exc:
                self.fail((*path, "time_standard"), str(exc))
        self.made = {}
        decision = self.decision(raw.get("decision"), (*path, "decision"))
        following = all_steps[index + 1] if index + 1 < len(all_steps) else None
        inputs, sources = self.inputs(raw.get("inputs"), (*path, "inputs"))
        outputs = self.documents(raw, "outputs", path)
        return Step(
            number=number,
            description=self.text(raw, "description", path),
            role=self.text(raw, "role", path),
            inputs=inputs,
            outputs=outputs,
            time_standard=time_standard,
            events=self.events(raw.get("event"), (*path, "event")),
            next=None if decision else self.next(raw, path, following),
            decision=decision,
            assigns=bool(raw.get("assigns", False)),
            appointee_of=self.number(raw.get("appointee_of"), (*path, "appointee_of")),
            sets_deadline_for=self.numbers(raw.get("sets_deadline_for"), (*path, "sets_deadline_for")),
            role_overrides=self.overrides(raw.get("role_if"), (*path, "role_if")),
            remarks=self.text(raw, "remarks", path, required=False),
            sources=sources,
            made=dict(self.made),
        )

    def inputs(self, raw: Any, path: Path_) -> tuple[tuple[str, ...], dict[str, InputSource]]:
        """Kelengkapan: each a name, or a name with what satisfies it: {letter: NAME},
        {upload: NAME}, or {name: NAME, output: EARLIER OUTPUT}."""
        if raw is None:
            return (), {}
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list):
            self.fail(path, "harus daftar teks / inputs must be a list of text")
            return (), {}
        names: list[str] = []
        sources: dict[str, InputSource] = {}
        for index, item in enumerate(items):
            if isinstance(item, (str, int)) and not isinstance(item, bool):
                names.append(str(item).strip())
            elif (
                isinstance(item, dict)
                and len(item) == 1
                and next(iter(item)) in (SOURCE_LETTER, SOURCE_UPLOAD)
            ):
                kind, name = next(iter(item.items()))
                names.append(str(name).strip())
                sources[names[-1]] = InputSource(kind)
            elif isinstance(item, dict) and set(item) == {"name", SOURCE_OUTPUT}:
                names.append(str(item["name"]).strip())
                sources[names[-1]] = InputSource(SOURCE_OUTPUT, str(item[SOURCE_OUTPUT]).strip())
            else:
                self.fail((*path, index), INPUT_FORMS)
        return tuple(names), sources

    def documents(self, data: dict[str, Any], key: str, path: Path_) -> tuple[str, ...]:
        """Outputs: each a name, or {made: KIND, name: NAME} for one the service makes."""
        raw = data.get(key)
        items = [raw] if isinstance(raw, str) else raw
        if items is None:
            return ()
        if not isinstance(items, list):
            self.fail((*path, key), f"harus daftar teks / {key} must be a list of text")
            return ()
        names: list[str] = []
        for index, item in enumerate(items):
            if isinstance(item, (str, int)) and not isinstance(item, bool):
                names.append(str(item).strip())
            elif isinstance(item, dict) and set(item) == {"made", "name"}:
                names.append(str(item["name"]).strip())
                self.made[names[-1]] = str(item["made"]).strip()
            else:
                self.fail((*path, key, index), "harus nama atau {made: JENIS, name: NAMA} / must be a name "
                                               "or {made: KIND, name: NAME}")  # fmt: skip
        return tuple(names)

    def events(self, raw: Any, path: Path_) -> dict[str, str]:
        if raw is None:
            return {}
        if isinstance(raw, str):
            return {"": raw}
        if isinstance(raw, dict) and all(k in DECISION_OUTCOMES for k in raw):
            return {str(k): str(v) for k, v in raw.items()}
        self.fail(path, "event harus nama peristiwa atau {ya: ..., tidak: ...}")
        return {}

    def outcome(self, raw: Any, path: Path_) -> Outcome | None:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return Outcome(next_step=raw)
        if isinstance(raw, dict) and set(raw) == {"end"} and isinstance(raw["end"], str):
            return Outcome(end=raw["end"])
        if raw is not None:
            self.fail(path, "harus nomor langkah atau {end: ...} / must be a step number or {end: ...}")
        return None

    def answer(self, raw: Any, path: Path_) -> Outcome | None:
        """A decision's answer: a step number or {end: ...}, or, where the answer produces
        documents of its own, {step: N, outputs: [...]} or {end: ..., outputs: [...]}."""
        if not (isinstance(raw, dict) and "outputs" in raw):
            return self.outcome(raw, path)
        outputs = self.documents(raw, "outputs", path)
        target = {key: value for key, value in raw.items() if key != "outputs"}
        step = target.get("step")
        if set(target) == {"step"} and isinstance(step, int) and not isinstance(step, bool):
            return Outcome(next_step=step, outputs=outputs)
        if set(target) == {"end"} and isinstance(target["end"], str):
            return Outcome(end=target["end"], outputs=outputs)
        self.fail(path, "harus {step: N, outputs: [...]} atau {end: ..., outputs: [...]} / must be "
                        "{step: N, outputs: [...]} or {end: ..., outputs: [...]}")  # fmt: skip
        return None

    def next(self, raw: dict[str, Any], path: Path_, following: Any) -> Outcome:
        if "next" in raw:
            outcome = self.outcome(raw["next"], (*path, "next"))
            if outcome is not None:
                return outcome
        if isinstance(following, dict) and isinstance(following.get("number"), int):
            return Outcome(next_step=following["number"])
        return Outcome(end="completed")

    def decision(self, raw: Any, path: Path_) -> Decision | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.fail(path, "decision harus {question, ya, tidak}")
            return None
        outcomes = {}
        for answer in DECISION_OUTCOMES:
            # A missing answer stays an empty Outcome; validate_variant reports it.
            outcomes[answer] = self.answer(raw.get(answer), (*path, answer)) or Outcome()
        return Decision(
            question=self.text(raw, "question", path, required=False),
            ya=outcomes["ya"],
            tidak=outcomes["tidak"],
        )

    def number(self, raw: Any, path: Path_) -> int | None:
        if raw is None:
            return None
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        self.fail(path, "harus nomor langkah / must be a step number")
        return None

    def numbers(self, raw: Any, path: Path_) -> tuple[int, ...]:
        if raw is None:
            return ()
        if isinstance(raw, list) and all(isinstance(v, int) for v in raw):
            return tuple(raw)
        self.fail(path, "harus daftar nomor langkah / must be a list of step numbers")
        return ()

    def overrides(self, raw: Any, path: Path_) -> tuple[RoleOverride, ...]:
        if raw is None:
            return ()
        items = raw if isinstance(raw, list) else [raw]
        result = []
        for item in items:
            appointing = item.get("appointee_of") if isinstance(item, dict) else None
            if (
                isinstance(item, dict)
                and isinstance(item.get("step"), int)
                and item.get("answer") in DECISION_OUTCOMES
                and isinstance(item.get("role"), str)
                and (appointing is None or (isinstance(appointing, int) and not isinstance(appointing, bool)))
            ):
                result.append(RoleOverride(item["step"], item["answer"], item["role"], appointing))
            else:
                self.fail(path, "role_if harus {step: N, answer: ya|tidak, role: ID, appointee_of: N?}")
        return tuple(result)
