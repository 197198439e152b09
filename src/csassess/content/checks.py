"""Checks that span files: ids, references, rubrics against items, marks that add up.

The models check each file on its own; these check that the files agree with each other.
Every check returns findings (never raises), so `validate` can list every problem at once.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterator

from csassess.content.blueprint_checks import check_blueprints
from csassess.content.contentset import ContentSet, Located
from csassess.content.loading import Loaded
from csassess.content.rubric_lint import check_rubric_warnings
from csassess.content.rubric_tests import check_rubric_tests
from csassess.findings import Finding
from csassess.models import Bank, Paper, RubricFile, Specification
from csassess.models.items import (
    FREE_TEXT_KINDS,
    MultipleChoice,
    MultipleResponse,
    PartMultipleChoice,
    PartMultipleResponse,
    Scenario,
    questions_of,
)
from csassess.models.rubric import Level, Rubric, Rule, rubric_max

Check = Callable[[ContentSet], Iterator[Finding]]


def check_unique_ids(content: ContentSet) -> Iterator[Finding]:
    """Item and question ids are unique across every bank; specification ids are unique."""
    first: dict[str, str] = {}
    for loaded in content.of_kind(Bank):
        for i, item in enumerate(loaded.model.items):
            entries = [(item.id, ("items", i, "id"))]
            if isinstance(item, Scenario):
                entries += [(p.id, ("items", i, "parts", j, "id")) for j, p in enumerate(item.parts)]
            for ident, path in entries:
                here = loaded.doc.finding(path, "")
                if ident in first:
                    yield loaded.doc.finding(path, f"duplicate id {ident!r} (first at {first[ident]})")
                else:
                    first[ident] = f"{here.path}:{here.line}"
    seen: set[str] = set()
    for loaded in content.of_kind(Specification):
        spec = loaded.model
        if spec.id in seen:
            yield loaded.doc.finding(("id",), f"duplicate specification id {spec.id!r}")
        seen.add(spec.id)
        ids = Counter(
            [lo.id for u in spec.units for lo in u.outcomes]
            + [ac.id for u in spec.units for lo in u.outcomes for ac in lo.criteria]
        )
        for ui, unit in enumerate(spec.units):
            for oi, lo in enumerate(unit.outcomes):
                if ids[lo.id] > 1:
                    yield loaded.doc.finding(
                        ("units", ui, "outcomes", oi, "id"), f"outcome id {lo.id!r} is used more than once"
                    )


def check_references(content: ContentSet) -> Iterator[Finding]:
    """Banks name a loaded specification; outcomes, criteria and enemies exist."""
    specs = {s.id: s for s in content.specifications}
    for loaded in content.of_kind(Bank):
        bank = loaded.model
        spec = specs.get(bank.specification)
        if spec is None and not content.dangling(bank.specification):
            pass  # the specification failed to load: its own findings say why
        elif spec is None and specs:
            yield loaded.doc.finding(
                ("specification",),
                f"no loaded specification has id {bank.specification!r} (loaded: {', '.join(sorted(specs))})",
            )
        elif spec is None and not specs:
            yield loaded.doc.finding(
                ("specification",),
                f"specification {bank.specification!r} is not loaded; validate it together with the bank",
            )
        criteria_of = {
            lo.id: {ac.id for ac in lo.criteria} for u in (spec.units if spec else []) for lo in u.outcomes
        }
        for i, item in enumerate(bank.items):
            for ei, enemy in enumerate(item.enemies):
                if enemy == item.id:
                    yield loaded.doc.finding(("items", i, "enemies", ei), "an item cannot be its own enemy")
                elif enemy not in content.items and content.dangling(enemy):
                    yield loaded.doc.finding(("items", i, "enemies", ei), f"unknown item {enemy!r}")
            if spec is None:
                continue
            for j, question in enumerate(questions_of(item)):
                base = ("items", i, "parts", j) if isinstance(item, Scenario) else ("items", i)
                for oi, outcome in enumerate(question.outcomes):
                    if outcome not in criteria_of:
                        yield loaded.doc.finding(
                            (*base, "outcomes", oi), f"unknown learning outcome {outcome!r} in {spec.id}"
                        )
                allowed = set().union(*(criteria_of.get(o, set()) for o in question.outcomes))
                for ci, criterion in enumerate(question.criteria):
                    if criterion not in allowed:
                        yield loaded.doc.finding(
                            (*base, "criteria", ci),
                            f"criterion {criterion!r} "
                            "is not under the item's outcomes "
                            f"({', '.join(question.outcomes)})",
                        )


def check_keys(content: ContentSet) -> Iterator[Finding]:
    """Choice questions have unique options and keys among them."""
    for qid, where in content.questions.items():
        q = where.model
        if not isinstance(q, MultipleChoice | MultipleResponse | PartMultipleChoice | PartMultipleResponse):
            continue
        ids = [o.id for o in q.options]
        for oi, count in enumerate(Counter(ids).values()):
            if count > 1:
                yield where.finding(("options", oi, "id"), f"option ids repeat in {qid}")
        expected = [chr(ord("A") + n) for n in range(len(ids))]
        if ids != expected:
            yield where.finding(
                ("options",), f"options must be lettered {', '.join(expected)} in order, got {', '.join(ids)}"
            )
        keys = [q.key] if isinstance(q, MultipleChoice | PartMultipleChoice) else q.keys
        field = "key" if isinstance(q, MultipleChoice | PartMultipleChoice) else "keys"
        for ki, key in enumerate(keys):
            sub = (field,) if field == "key" else (field, ki)
            if key not in ids:
                yield where.finding(sub, f"key {key!r} is not among the options ({', '.join(ids)})")
        if field == "keys":
            if len(set(keys)) != len(keys):
                yield where.finding((field,), "keys repeat")
            if len(keys) >= len(ids):
                yield where.finding((field,), "every option is a key; leave at least one distractor")


def check_rubric_coverage(content: ContentSet) -> Iterator[Finding]:
    """Every free-text question has exactly one rubric; every rubric marks a free-text question."""
    seen: dict[str, str] = {}
    for loaded in content.of_kind(RubricFile):
        for i, rubric in enumerate(loaded.model.rubrics):
            path = ("rubrics", i, "item")
            if rubric.item in seen:
                yield loaded.doc.finding(
                    path, f"second rubric for {rubric.item!r} (first at {seen[rubric.item]})"
                )
                continue
            here = loaded.doc.finding(path, "")
            seen[rubric.item] = f"{here.path}:{here.line}"
            question = content.questions.get(rubric.item)
            if question is None and content.questions and content.dangling(rubric.item):
                yield loaded.doc.finding(path, f"no loaded item or scenario part has id {rubric.item!r}")
            elif question is not None and question.model.kind not in FREE_TEXT_KINDS:
                yield loaded.doc.finding(
                    path,
                    f"{rubric.item!r} is a {question.model.kind} question, marked by its key, not a rubric",
                )
    if not content.of_kind(RubricFile) and not content.of_kind(Bank):
        return
    for qid, where in content.questions.items():
        if where.model.kind in FREE_TEXT_KINDS and qid not in seen and content.dangling(qid):
            yield where.finding(("id",), f"free-text question {qid!r} has no rubric")


def check_rubrics(content: ContentSet) -> Iterator[Finding]:
    """Rubrics are internally sound and award exactly their question's marks."""
    for loaded in content.of_kind(RubricFile):
        synonyms = loaded.model.synonyms
        for i, rubric in enumerate(loaded.model.rubrics):
            where = Located(rubric, loaded.doc, ("rubrics", i))
            yield from _rubric_findings(where, rubric)
            question = content.questions.get(rubric.item)
            if question is None or question.model.kind not in FREE_TEXT_KINDS:
                continue
            marks = question.model.marks
            top = rubric_max(rubric)
            if top != marks:
                how = "its levels reach" if rubric.levels else "its rules and points can give"
                yield where.finding(("item",), f"{rubric.item} is worth {marks} marks but {how} {top}")
            if rubric.levels:
                yield from _level_findings(where, rubric.levels, marks, len(rubric.marking_points))
        for key in synonyms:
            if " " in key:
                yield loaded.doc.finding(
                    ("synonyms", key), "a synonym group is named by one word", on_key=True
                )


def _rubric_findings(where: Located, rubric: Rubric) -> Iterator[Finding]:
    ids = [mp.id for mp in rubric.marking_points]
    for pi, count in enumerate(Counter(ids)[i] for i in ids):
        if count > 1:
            yield where.finding(("marking_points", pi, "id"), f"marking point id {ids[pi]!r} repeats")
    if rubric.levels and rubric.rules:
        yield where.finding(("rules",), "use either rules or levels, not both")
    in_rule: dict[str, int] = {}
    for ri, rule in enumerate(rubric.rules):
        for pi, point in enumerate(rule.points):
            if point not in ids:
                yield where.finding(("rules", ri, "points", pi), f"unknown marking point {point!r}")
            elif point in in_rule:
                yield where.finding(
                    ("rules", ri, "points", pi), f"{point!r} is already in rule {in_rule[point]}"
                )
            else:
                in_rule[point] = ri
        yield from _rule_shape(where, ri, rule)
    for mi, misconception in enumerate(rubric.misconceptions):
        has_cap = misconception.cap is not None
        if misconception.effect == "cap" and not has_cap:
            yield where.finding(("misconceptions", mi), "effect 'cap' needs a 'cap' mark")
        if misconception.effect != "cap" and has_cap:
            yield where.finding(
                ("misconceptions", mi, "cap"),
                f"'cap' only applies to effect 'cap', not {misconception.effect!r}",
            )


_RULE_FIELDS = {
    "each": ({"cap"}, set()),
    "at_least": ({"n", "marks"}, {"n", "marks"}),
    "all_of": ({"marks"}, {"marks"}),
    "table": ({"table"}, {"table"}),
}


def _rule_shape(where: Located, ri: int, rule: Rule) -> Iterator[Finding]:
    allowed, required = _RULE_FIELDS[rule.kind]
    for name in ("cap", "n", "marks", "table"):
        value = getattr(rule, name)
        if value is not None and name not in allowed:
            yield where.finding(("rules", ri, name), f"{name!r} does not apply to a {rule.kind!r} rule")
        if value is None and name in required:
            yield where.finding(("rules", ri), f"a {rule.kind!r} rule needs {name!r}")
    if rule.kind == "at_least" and rule.n is not None and rule.n > len(rule.points):
        yield where.finding(("rules", ri, "n"), f"needs {rule.n} of only {len(rule.points)} points")
    if rule.kind == "table" and rule.table:
        for count, mark in rule.table.items():
            if not 0 <= count <= len(rule.points):
                yield where.finding(
                    ("rules", ri, "table", count),
                    f"{count} points cannot be credited from {len(rule.points)}",
                )
            if mark < 0:
                yield where.finding(("rules", ri, "table", count), "marks cannot be negative")
        ordered = [rule.table[k] for k in sorted(rule.table)]
        if ordered != sorted(ordered):
            yield where.finding(("rules", ri, "table"), "more points must never give fewer marks")


def _level_findings(where: Located, levels: list[Level], marks: int, points: int) -> Iterator[Finding]:
    expected_low = None
    for li, level in enumerate(levels):
        path = ("levels", li)
        if level.level != li + 1:
            yield where.finding((*path, "level"), f"levels are numbered 1, 2, 3...; expected {li + 1}")
        if level.min_mark > level.max_mark:
            yield where.finding((*path, "min_mark"), "min_mark is above max_mark")
        if expected_low is None:
            if level.min_mark not in (0, 1):
                yield where.finding((*path, "min_mark"), "the first level must start at 0 or 1")
        elif level.min_mark != expected_low:
            kind = "gap" if level.min_mark > expected_low else "overlap"
            yield where.finding(
                (*path, "min_mark"),
                f"{kind} between levels: expected min_mark {expected_low} after the level below",
            )
        expected_low = level.max_mark + 1
        if level.min_points > points:
            yield where.finding(
                (*path, "min_points"), f"needs {level.min_points} points but the rubric has {points}"
            )
        if li and level.min_points <= levels[li - 1].min_points:
            yield where.finding((*path, "min_points"), "each level needs more points than the one below")
        if level.min_explained > level.min_points:
            yield where.finding((*path, "min_explained"), "cannot exceed min_points")
    if levels and levels[-1].max_mark != marks:
        yield where.finding(
            ("levels", len(levels) - 1, "max_mark"), f"the top level must end at the item's {marks} marks"
        )


def check_papers(content: ContentSet) -> Iterator[Finding]:
    """Papers name live items once each, keep enemies apart and have sane boundaries."""
    specs = {s.id: s for s in content.specifications}
    for loaded in content.of_kind(Paper):
        paper = loaded.model
        yield from _paper_syllabus(loaded, specs, content)
        placed: dict[str, tuple[int, int]] = {}
        total = 0
        for si, section in enumerate(paper.sections):
            for ii, item_id in enumerate(section.items):
                path = ("sections", si, "items", ii)
                if item_id in placed:
                    yield loaded.doc.finding(path, f"{item_id!r} appears twice on the paper")
                    continue
                placed[item_id] = (si, ii)
                found = content.items.get(item_id)
                if found is None and not content.dangling(item_id):
                    continue
                if found is None:
                    yield loaded.doc.finding(
                        path, f"unknown item {item_id!r}" + _did_you_mean(item_id, content.items)
                    )
                    continue
                total += found.model.marks
                if found.model.status != "live":
                    yield loaded.doc.finding(path, f"{item_id!r} is {found.model.status}, not live")
        for item_id, (si, ii) in placed.items():
            found = content.items.get(item_id)
            for enemy in found.model.enemies if found else []:
                if enemy in placed and item_id < enemy:
                    yield loaded.doc.finding(
                        ("sections", si, "items", ii), f"{item_id!r} and its enemy {enemy!r} are on one paper"
                    )
        previous = None
        for bi, boundary in enumerate(paper.grade_boundaries):
            if previous is not None and boundary.min_mark >= previous:
                yield loaded.doc.finding(
                    ("grade_boundaries", bi, "min_mark"), "list boundaries from the highest grade down"
                )
            if total and boundary.min_mark > total:
                yield loaded.doc.finding(
                    ("grade_boundaries", bi, "min_mark"), f"above the paper's {total} marks"
                )
            previous = boundary.min_mark


def _paper_syllabus(
    loaded: Loaded, specs: dict[str, Specification], content: ContentSet
) -> Iterator[Finding]:
    paper = loaded.model
    if not specs:
        return
    spec = specs.get(paper.specification)
    if spec is None and content.dangling(paper.specification):
        yield loaded.doc.finding(
            ("specification",),
            f"no loaded specification has id {paper.specification!r} (loaded: {', '.join(sorted(specs))})",
        )
    elif spec is not None and paper.unit not in {u.id for u in spec.units}:
        units = ", ".join(u.id for u in spec.units)
        yield loaded.doc.finding(("unit",), f"unit {paper.unit!r} is not in {spec.id} ({units})")


def _did_you_mean(name: str, known: dict[str, object]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.8)
    return f"; did you mean {close[0]!r}?" if close else ""


CHECKS: tuple[Check, ...] = (
    check_unique_ids,
    check_references,
    check_keys,
    check_rubric_coverage,
    check_rubrics,
    check_papers,
    check_blueprints,
    check_rubric_warnings,
    check_rubric_tests,
)


def check_content(content: ContentSet) -> list[Finding]:
    """Every finding: file-level ones from loading, then every cross-file check."""
    findings = list(content.load_findings)
    for check in CHECKS:
        findings.extend(check(content))
    return sorted(set(findings))
