"""The items a blueprint may draw on, reduced to the numbers the solver needs.

A candidate is a live item of the blueprint's specification and unit whose kind has a section.
A scenario is one candidate: its parts' marks count towards their own outcomes and levels.
Candidates that no constraint or objective can tell apart (same kind, marks, outcome marks,
difficulty marks and exposure, and no enemies) form a group, so a bank of 10,000 items becomes
a few hundred choices. Before solving, `unfit` drops choices no form could take (more marks than
an outcome, level or section allows, a kind the blueprint caps at none), and `shortlist` picks
a seeded subset of the choices that many forms can be drawn from quickly.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property

from csassess.assembly.exposure import Usage
from csassess.assembly.memory import paused_gc
from csassess.content.contentset import ContentSet
from csassess.models import Bank
from csassess.models.blueprint import Blueprint
from csassess.models.items import DIFFICULTY_VALUE, AnyItem, questions_of

LEVELS = ("easy", "medium", "hard")
KIND_NAMES = {
    "multiple_choice": "multiple-choice items",
    "multiple_response": "multiple-response items",
    "short_answer": "short-answer items",
    "extended_response": "extended-response items",
    "scenario": "scenarios",
}
"""Item kinds as a sentence names them, counted."""


@dataclass(frozen=True)
class Candidate:
    """One selectable item as numbers: marks, marks per outcome and per difficulty level."""

    id: str
    kind: str
    section: str
    marks: int
    outcome_marks: tuple[tuple[str, int], ...]
    level_marks: tuple[int, int, int]
    """Marks at easy, medium and hard."""
    enemies: frozenset[str]
    uses: int = 0
    blocked: str | None = None
    """Why the exposure history leaves it out, if it does."""
    remaining: int | None = None
    """How many more forms it may appear on (max_uses), when limited."""

    @property
    def difficulty_points(self) -> int:
        """Marks times difficulty (1-3), summed: a form's total over its marks is its mean."""
        return sum(m * v for m, v in zip(self.level_marks, (1, 2, 3), strict=True))

    def outcome(self, outcome: str) -> int:
        """Marks this candidate gives towards `outcome`."""
        return dict(self.outcome_marks).get(outcome, 0)


@dataclass(frozen=True)
class Group:
    """Interchangeable candidates, in bank order; the solver picks how many of them per form."""

    members: tuple[Candidate, ...]

    @property
    def head(self) -> Candidate:
        """The member whose numbers stand for the group."""
        return self.members[0]

    @property
    def size(self) -> int:
        """How many candidates the group holds."""
        return len(self.members)


@dataclass(frozen=True, repr=False)
class Pool:
    """Every candidate, and the groups the solver chooses from."""

    candidates: tuple[Candidate, ...]
    groups: tuple[Group, ...]
    merged: bool
    """Whether interchangeable candidates were grouped (else every group has one member)."""

    @cached_property
    def open(self) -> tuple[Candidate, ...]:
        """Candidates the exposure history does not leave out."""
        return tuple(c for c in self.candidates if c.blocked is None)

    @cached_property
    def by_id(self) -> dict[str, Candidate]:
        """Candidates by item id."""
        return {c.id: c for c in self.candidates}

    def __repr__(self) -> str:
        return f"Pool({len(self.candidates)} candidates in {len(self.groups)} groups, merged={self.merged})"

    def enemy_pairs(self) -> list[tuple[str, str]]:
        """Pairs of candidates that must never share a form, each once, in a stable order."""
        pairs = {tuple(sorted((c.id, e))) for c in self.candidates for e in c.enemies if e in self.by_id}
        return sorted((a, b) for a, b in pairs)


def candidate(item: AnyItem, section: str, usage: Usage) -> Candidate:
    """The numbers of one item, with what the exposure history says about it."""
    outcomes: Counter[str] = Counter()
    levels = [0, 0, 0]
    for question in questions_of(item):
        for outcome in question.outcomes:
            outcomes[outcome] += question.marks
        level = getattr(question, "difficulty", None) or item.difficulty  # parts may inherit
        levels[DIFFICULTY_VALUE[level] - 1] += question.marks
    blocked = None
    if item.id in usage.recent:
        blocked = f"used on {usage.recent[item.id]}"
    remaining = None
    if usage.max_uses is not None:
        remaining = max(0, usage.max_uses - usage.uses[item.id])
        if remaining == 0 and blocked is None:
            blocked = f"already used {usage.uses[item.id]} times"
    return Candidate(
        id=item.id,
        kind=item.kind,
        section=section,
        marks=item.marks,
        outcome_marks=tuple(sorted(outcomes.items())),
        level_marks=(levels[0], levels[1], levels[2]),
        enemies=frozenset(item.enemies),
        uses=usage.uses[item.id],
        blocked=blocked,
        remaining=remaining,
    )


def natural_order(name: str) -> tuple[str, int, str]:
    """A sort key that puts LO2 before LO10."""
    digits = "".join(ch for ch in name if ch.isdigit())
    return (name.rstrip("0123456789"), int(digits) if digits else -1, name)


def unit_outcomes(blueprint: Blueprint, content: ContentSet) -> set[str] | None:
    """The outcomes of the blueprint's unit, or None when the specification is not loaded."""
    for spec in content.specifications:
        if spec.id == blueprint.specification:
            for unit in spec.units:
                if unit.id == blueprint.unit:
                    return {lo.id for lo in unit.outcomes}
    return None


PAIR_LIMIT = 20_000
"""Above this many (pair of forms, item) overlap counts, interchangeable items are grouped even
though forms then never share them: counting every pair is what makes big banks slow."""


def should_merge(blueprint: Blueprint, candidates: int) -> bool:
    """Group interchangeable items when it loses nothing (one form, or no sharing allowed) or
    when the bank is too large to count shared pairs item by item."""
    pairs = blueprint.forms * (blueprint.forms - 1) // 2
    return pairs == 0 or blueprint.max_overlap == 0 or candidates * pairs > PAIR_LIMIT


def build_pool(blueprint: Blueprint, content: ContentSet, usage: Usage, *, merge: bool | None = None) -> Pool:
    """The candidates for `blueprint`, grouped when `merge` is set (by default: `should_merge`)."""
    with paused_gc():
        return _build_pool(blueprint, content, usage, merge)


def _build_pool(blueprint: Blueprint, content: ContentSet, usage: Usage, merge: bool | None) -> Pool:
    section_of = {kind: s.id for s in reversed(blueprint.sections) for kind in s.kinds}
    outcomes = unit_outcomes(blueprint, content)
    found: list[Candidate] = []
    for loaded in content.of_kind(Bank):
        if loaded.model.specification != blueprint.specification:
            continue
        for item in loaded.model.items:
            if content.items[item.id].model is not item or item.status != "live":
                continue  # a duplicate id (reported by validate) or not live
            if item.kind not in section_of:
                continue
            if outcomes is not None and not {o for q in questions_of(item) for o in q.outcomes} <= outcomes:
                continue  # another unit's item
            found.append(candidate(item, section_of[item.kind], usage))
    candidates = _symmetric_enemies(found)
    if merge is None:
        merge = should_merge(blueprint, len(candidates))
    return Pool(tuple(candidates), _groups(candidates, merge), merge)


def _symmetric_enemies(found: list[Candidate]) -> list[Candidate]:
    """Enemies named on either side apply both ways."""
    ids = {c.id for c in found}
    named: dict[str, set[str]] = {c.id: set(c.enemies) & ids for c in found}
    for c in found:
        for enemy in c.enemies & ids:
            named[enemy].add(c.id)
    return [c if named[c.id] == c.enemies else replace(c, enemies=frozenset(named[c.id])) for c in found]


def _groups(candidates: list[Candidate], merge: bool) -> tuple[Group, ...]:
    if not merge:
        return tuple(Group((c,)) for c in candidates)
    grouped: dict[object, list[Candidate]] = {}
    for c in candidates:
        key: object = (
            (c.kind, c.section, c.marks, c.outcome_marks, c.level_marks, c.blocked is None, c.remaining)
            if not c.enemies
            else c.id  # an item with enemies is never interchangeable
        )
        grouped.setdefault(key, []).append(c)
    return tuple(Group(tuple(members)) for members in grouped.values())


def unfit(blueprint: Blueprint, c: Candidate) -> bool:
    """Whether no form could take this candidate whatever else it holds: it alone breaks a
    maximum (marks, an outcome's, a level's or its section's marks, its kind's count)."""
    if c.marks > blueprint.total_marks:
        return True
    limit = blueprint.kinds.get(c.kind)  # type: ignore[call-overload]
    if limit is not None and limit.max == 0:
        return True
    for outcome, marks in c.outcome_marks:
        rng = blueprint.outcomes.get(outcome)
        if rng is not None and rng.max is not None and marks > rng.max:
            return True
    section = next(s for s in blueprint.sections if s.id == c.section)
    if section.marks is not None and section.marks.max is not None and c.marks > section.marks.max:
        return True
    levels = (blueprint.difficulty.marks if blueprint.difficulty else None) or {}
    return any(
        rng.max is not None and c.level_marks[LEVELS.index(level)] > rng.max for level, rng in levels.items()
    )


SHORTLIST_CHOICES = 200
"""Choices of each kind a shortlist keeps at least (or all there are)."""
SHORTLIST_ITEMS = 8
"""And at least this many items of each kind per form's most of that kind, so that forms dealt
from the shortlist never run short of one kind."""


def shortlist(blueprint: Blueprint, groups: tuple[Group, ...], forms: int) -> tuple[Group, ...]:
    """A seeded subset of `groups`, in their order: of each kind, groups in a seeded random
    order until both `SHORTLIST_CHOICES` groups and `SHORTLIST_ITEMS` items per form's most of
    the kind are held. Forms found in it are forms of the whole pool; it is only smaller."""
    by_kind: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        by_kind.setdefault(group.head.kind, []).append(index)
    kept: set[int] = set()
    rng = random.Random(f"{blueprint.seed}:shortlist")
    for kind, indexes in sorted(by_kind.items()):
        limit = blueprint.kinds.get(kind)  # type: ignore[call-overload]
        fewest = min(groups[i].head.marks for i in indexes)
        most = limit.max if limit is not None and limit.max is not None else blueprint.total_marks // fewest
        wanted = SHORTLIST_ITEMS * forms * max(most, 1)
        order = indexes[:]
        rng.shuffle(order)
        held = 0
        for taken, index in enumerate(order):
            if taken >= SHORTLIST_CHOICES and held >= wanted:
                break
            kept.add(index)
            held += groups[index].size
    return tuple(g for i, g in enumerate(groups) if i in kept)
