"""Agreement of csassess's marker with real tutors on the SAF short-answer dataset.

Rubrics in benchmarks/agreement/saf/ were written from the questions and reference answers
only. Every answer is marked, put on the rubric's integer scale beside the tutor's mark
(gold / largest gold seen for the question x the rubric's marks, rounded half up), and
compared per split with a lexical-overlap baseline computed in the same run: the share of
the reference answer's content words that the answer uses, mapped to a mark by a straight
line fitted on the training split's tutor marks (so the baseline is calibrated on human
marks, which the csassess rubrics never saw).

Two harder protocols are reported beside it (see saf_protocols.py):
- mechanical: rubrics made from the reference answers by rule (each sentence or clause a
  point whose evidence is that text, no synonyms), as an author who does not know the engine
  would write them;
- calibration: per question a seeded sample of 30 answers is marked by the tutors' marks,
  every suggestion `csassess calibrate` makes is accepted, and QWK is measured on the other
  answers before and after, for the hand-written and the mechanical rubrics.

QWK over all answers pools questions with different scales, which flatters every marker;
the mean of per-question QWK is printed beside it. "over" counts answers the marker gave more
than the tutor did.

    python benchmarks/saf_agreement.py [--data ../shared/data/saf/saf_v2_english.jsonl] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from csassess.calibration.sample import SampleRow
from csassess.content.contentset import ContentSet, load_content
from csassess.marking import Marker
from csassess.marking.text import tokenise
from csassess.models.rubric import Rubric
from csassess.moderation.agreement import agreement, quadratic_weighted_kappa
from saf_protocols import calibrated, mechanical_rubric, split_sample, with_rubrics

ROOT = Path(__file__).resolve().parents[1]
RUBRICS = ROOT / "benchmarks" / "agreement" / "saf"
DATA = ROOT.parent / "shared" / "data" / "saf" / "saf_v2_english.jsonl"
SPLITS = ("training", "unseen_answers", "unseen_questions")
Pair = tuple[str, int, int, float, float]
"""(question, human mark, machine mark, human fraction, machine fraction)."""


def half_up(x: float) -> int:
    """Round half up (Python's round() rounds half to even)."""
    return math.floor(x + 0.5)


def overlap_share(answer: str, reference: str) -> float:
    """Share of the reference's distinct content stems that the answer uses."""
    wanted = set(tokenise(reference).stems)
    if not wanted:
        return 0.0
    return len(wanted & set(tokenise(answer).stems)) / len(wanted)


def machine_marks(
    marker: Marker, content: ContentSet, rows: Sequence[dict], rubrics: Mapping[str, Rubric] | None = None
) -> tuple[list[int], int]:
    """Each answer's mark against its question's rubric (or `rubrics`' one), and how many went to review."""
    marks, reviewed = [], 0
    for row in rows:
        qid = f"SAF-{row['question_id']}"
        rubric = rubrics[qid] if rubrics else content.rubric(qid)
        result = marker.mark(content.question(qid), row["answer"], rubric, content.synonyms_of[qid])
        marks.append(result.mark)
        reviewed += result.needs_review
    return marks, reviewed


def figures_of(data: Sequence[Pair]) -> dict[str, float]:
    """Agreement of one marker on some answers: pooled and per-question QWK, exact, r, SMD, over."""
    a = agreement([h for _, h, *_ in data], [m for _, _, m, *_ in data])
    r = float(np.corrcoef([g for *_, g, _ in data], [f for *_, f in data])[0, 1])
    per_question = []
    for qid in sorted({q for q, *_ in data}):
        hs = [h for q, h, *_ in data if q == qid]
        ms = [m for q, _, m, *_ in data if q == qid]
        per_question.append(quadratic_weighted_kappa(hs, ms))
    over = sum(1 for _, h, m, *_ in data if m > h)
    return {
        **a.as_dict(),
        "pearson_fraction": r,
        "qwk_per_question": float(np.mean(per_question)),
        "over": over,
    }


HEADER = (
    f"{'split':18} {'marker':22} {'n':>5} {'QWK':>6} {'QWK/q':>6} {'exact':>6} "
    f"{'adj':>6} {'r':>6} {'SMD':>7} {'over':>5}"
)


def print_row(split: str, who: str, f: Mapping[str, object]) -> None:
    """One line of the agreement table."""
    print(
        f"{split:18} {who:22} {f['n']:5d} {f['qwk']:6.3f} {f['qwk_per_question']:6.3f} {f['exact']:6.3f} "
        f"{f['adjacent']:6.3f} {f['pearson_fraction']:6.3f} {f['smd']:+7.3f} {f['over']:5d}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--no-fuzzy", action="store_true")
    parser.add_argument("--seed", type=int, default=1, help="seed of the calibration samples")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"error: {args.data}: SAF data not found (expected ../shared beside the repo)")
        return 2
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line]
    content = load_content([RUBRICS])
    gold_max: dict[str, float] = defaultdict(float)
    references: dict[str, list[str]] = {}
    for row in rows:
        gold_max[row["question_id"]] = max(gold_max[row["question_id"]], float(row["gold"]))
        references.setdefault(f"SAF-{row['question_id']}", row["reference_answers"])
    scale = {qid: content.question(qid).marks for qid in references}
    gold = [float(row["gold"]) / (gold_max[row["question_id"]] or 1.0) for row in rows]
    qids = [f"SAF-{row['question_id']}" for row in rows]
    human = [half_up(g * scale[q]) for g, q in zip(gold, qids, strict=True)]

    marker = Marker(fuzzy=not args.no_fuzzy, language_check=False)
    started = time.perf_counter()
    hand, reviewed = machine_marks(marker, content, rows)
    elapsed = time.perf_counter() - started
    mechanical = with_rubrics(
        content, {qid: mechanical_rubric(content.question(qid), refs) for qid, refs in references.items()}
    )
    mech, _ = machine_marks(marker, mechanical, rows)
    shares = [max(overlap_share(row["answer"], ref) for ref in row["reference_answers"]) for row in rows]
    train = [(g, sh) for row, g, sh in zip(rows, gold, shares, strict=True) if row["split"] == "training"]
    slope, intercept = np.polyfit([sh for _, sh in train], [g for g, _ in train], 1)
    baseline = [
        half_up(min(1.0, max(0.0, intercept + slope * sh)) * scale[q])
        for sh, q in zip(shares, qids, strict=True)
    ]

    markers = {"csassess": hand, "csassess mechanical": mech, "overlap baseline": baseline}
    pairs: dict[tuple[str, str], list[Pair]] = defaultdict(list)
    for i, row in enumerate(rows):
        for who, marks in markers.items():
            pair = (qids[i], human[i], marks[i], gold[i], marks[i] / scale[qids[i]])
            for group in (row["split"], "all"):
                pairs[(group, who)].append(pair)

    n_points = sum(len(where.model.marking_points) for where in mechanical.rubrics.values())
    print(
        f"SAF: {len(rows)} answers, {len(gold_max)} questions, marked in {elapsed:.2f}s "
        f"({reviewed} sent to review); mechanical rubrics: {n_points} points from the reference answers\n"
    )
    print(HEADER)
    print("-" * len(HEADER))
    figures: dict[str, dict[str, object]] = {}
    for split in (*SPLITS, "all"):
        for who in markers:
            figures[f"{split}/{who}"] = f = figures_of(pairs[(split, who)])
            print_row(split, who, f)
        ours, base = figures[f"{split}/csassess"], figures[f"{split}/overlap baseline"]
        print(
            f"{'':18} {'ratio csassess/baseline':22} {'':5} {ours['qwk'] / base['qwk']:5.2f}x "
            f"{ours['qwk_per_question'] / base['qwk_per_question']:5.2f}x\n"
        )
    figures.update(calibration_protocol(content, rows, human, gold, scale, mechanical, args))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))
    beaten = all(figures[f"{s}/csassess"]["qwk"] > figures[f"{s}/overlap baseline"]["qwk"] for s in SPLITS)
    print(
        "csassess beats the baseline on QWK in every split"
        if beaten
        else "csassess does NOT beat the baseline on QWK in every split"
    )
    return 0


def calibration_protocol(
    content: ContentSet,
    rows: Sequence[dict],
    human: Sequence[int],
    gold: Sequence[float],
    scale: Mapping[str, int],
    mechanical: ContentSet,
    args: argparse.Namespace,
) -> dict[str, dict[str, object]]:
    """Per question, 30 seeded answers calibrate the rubric; QWK on the rest before and after."""
    samples = [
        SampleRow(f"SAF-{row['question_id']}", row["answer"], h, line=i)
        for i, (row, h) in enumerate(zip(rows, human, strict=True))
    ]
    sample, held = split_sample(samples, args.seed)
    held_rows = [rows[r.line] for r in held]
    marker = Marker(fuzzy=not args.no_fuzzy, language_check=False)
    print(
        f"calibration: {len(sample)} answers drawn as standardisation samples (30 per question, seed "
        f"{args.seed}), every suggestion accepted; agreement on the other {len(held)} answers\n"
    )
    print(HEADER)
    print("-" * len(HEADER))
    figures: dict[str, dict[str, object]] = {}
    for name, base in (("csassess", content), ("csassess mechanical", mechanical)):
        started = time.perf_counter()
        patched, result = calibrated(base, sample, fuzzy=not args.no_fuzzy)
        took = time.perf_counter() - started
        assert result.patch is not None
        rubrics = {qid: where.model for qid, where in base.rubrics.items()}
        for label, chosen in (("before", rubrics), ("after", patched)):
            marks, _ = machine_marks(marker, base, held_rows, chosen)
            data = [
                (r.item, r.mark, m, gold[r.line], m / scale[r.item]) for r, m in zip(held, marks, strict=True)
            ]
            figures[f"calibration/{name}/{label}"] = f = figures_of(data)
            print_row("held out", f"{name} {label}", f)
        changes = result.patch.changes
        added = sum(len(c.add_evidence) for c in changes)
        removed = sum(len(c.remove_evidence) for c in changes)
        reviews = sum(1 for c in changes if c.review)
        print(
            f"{'':18} {name}: {added} phrases added, {removed} removed, {reviews} review notes "
            f"(calibrated in {took:.1f}s)\n"
        )
    return figures


if __name__ == "__main__":
    sys.exit(main())
