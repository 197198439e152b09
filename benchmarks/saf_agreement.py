"""Agreement of csassess's marker with real tutors on the SAF short-answer dataset.

Rubrics in benchmarks/agreement/saf/ were written from the questions and reference answers
only. Every answer is marked, put on the rubric's integer scale beside the tutor's mark
(gold / largest gold seen for the question x the rubric's marks, rounded half up), and
compared per split with a lexical-overlap baseline computed in the same run: the share of
the reference answer's content words that the answer uses, mapped to a mark by a straight
line fitted on the training split's tutor marks (so the baseline is calibrated on human
marks, which the csassess rubrics never saw).

QWK over all answers pools questions with different scales, which flatters every marker;
the mean of per-question QWK is printed beside it.

    python benchmarks/saf_agreement.py [--data ../shared/data/saf/saf_v2_english.jsonl]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from csassess.content.contentset import load_content
from csassess.marking import Marker
from csassess.marking.text import tokenise
from csassess.moderation.agreement import Agreement, agreement, quadratic_weighted_kappa

ROOT = Path(__file__).resolve().parents[1]
RUBRICS = ROOT / "benchmarks" / "agreement" / "saf"
DATA = ROOT.parent / "shared" / "data" / "saf" / "saf_v2_english.jsonl"
SPLITS = ("training", "unseen_answers", "unseen_questions")


def half_up(x: float) -> int:
    """Round half up (Python's round() rounds half to even)."""
    return math.floor(x + 0.5)


def overlap_share(answer: str, reference: str) -> float:
    """Share of the reference's distinct content stems that the answer uses."""
    wanted = set(tokenise(reference).stems)
    if not wanted:
        return 0.0
    return len(wanted & set(tokenise(answer).stems)) / len(wanted)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--no-fuzzy", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"error: {args.data}: SAF data not found (expected ../shared beside the repo)")
        return 2
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line]
    content = load_content([RUBRICS])
    gold_max: dict[str, float] = defaultdict(float)
    for row in rows:
        gold_max[row["question_id"]] = max(gold_max[row["question_id"]], float(row["gold"]))

    marker = Marker(fuzzy=not args.no_fuzzy, language_check=False)
    records = []
    reviewed = 0
    started = time.perf_counter()
    for row in rows:
        qid = f"SAF-{row['question_id']}"
        question = content.question(qid)
        result = marker.mark(question, row["answer"], content.rubric(qid), content.synonyms_of[qid])
        reviewed += result.needs_review
        gold = float(row["gold"]) / (gold_max[row["question_id"]] or 1.0)
        records.append((row["split"], qid, question.marks, gold, result.mark / question.marks))
    elapsed = time.perf_counter() - started
    shares = [max(overlap_share(row["answer"], ref) for ref in row["reference_answers"]) for row in rows]
    train = [(g, sh) for (split, _, _, g, _), sh in zip(records, shares, strict=True) if split == "training"]
    slope, intercept = np.polyfit([sh for _, sh in train], [g for g, _ in train], 1)

    pairs: dict[tuple[str, str], list[tuple[str, int, int, float, float]]] = defaultdict(list)
    for (split, qid, scale, gold, ours), share in zip(records, shares, strict=True):
        fitted = min(1.0, max(0.0, intercept + slope * share))
        human = half_up(gold * scale)
        for group in (split, "all"):
            pairs[(group, "csassess")].append((qid, human, half_up(ours * scale), gold, ours))
            pairs[(group, "overlap baseline")].append((qid, human, half_up(fitted * scale), gold, fitted))

    figures: dict[str, dict[str, object]] = {}
    print(
        f"SAF: {len(rows)} answers, {len(gold_max)} questions, marked in {elapsed:.2f}s "
        f"({reviewed} sent to review)\n"
    )
    header = (
        f"{'split':18} {'marker':17} {'n':>5} {'QWK':>6} {'QWK/q':>6} {'exact':>6} "
        f"{'adj':>6} {'r':>6} {'SMD':>7}"
    )
    print(header)
    print("-" * len(header))
    for split in (*SPLITS, "all"):
        for who in ("csassess", "overlap baseline"):
            data = pairs[(split, who)]
            a: Agreement = agreement([h for _, h, *_ in data], [m for _, _, m, *_ in data])
            r = float(np.corrcoef([g for *_, g, _ in data], [f for *_, f in data])[0, 1])
            per_question = []
            for qid in sorted({q for q, *_ in data}):
                hs = [h for q, h, *_ in data if q == qid]
                ms = [m for q, _, m, *_ in data if q == qid]
                per_question.append(quadratic_weighted_kappa(hs, ms))
            mean_q = float(np.mean(per_question))
            figures[f"{split}/{who}"] = {**a.as_dict(), "pearson_fraction": r, "qwk_per_question": mean_q}
            print(
                f"{split:18} {who:17} {a.n:5d} {a.qwk:6.3f} {mean_q:6.3f} {a.exact:6.3f} "
                f"{a.adjacent:6.3f} {r:6.3f} {a.smd:+7.3f}"
            )
        ours, base = figures[f"{split}/csassess"], figures[f"{split}/overlap baseline"]
        print(
            f"{'':18} {'ratio':17} {'':5} {ours['qwk'] / base['qwk']:5.2f}x "
            f"{ours['qwk_per_question'] / base['qwk_per_question']:5.2f}x\n"
        )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))
    beaten = all(figures[f"{s}/csassess"]["qwk"] > figures[f"{s}/overlap baseline"]["qwk"] for s in SPLITS)
    print(
        "csassess beats the baseline on QWK in every split"
        if beaten
        else "csassess does NOT beat the baseline on QWK in every split"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
