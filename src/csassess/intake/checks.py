"""Checks of a valid script against the frozen paper it is to be marked on."""

from __future__ import annotations

import difflib

from csassess.intake.digest import script_digest
from csassess.intake.model import ReadScript, SetAside
from csassess.models import FrozenPaper


def check_against_paper(
    read: ReadScript, paper: FrozenPaper, question_ids: frozenset[str]
) -> SetAside | None:
    """Why this script cannot be marked on this paper, or None when it can."""
    script = read.script
    if script.paper != paper.id:
        return read.set_aside(("paper",), f"script is for paper {script.paper!r}, not {paper.id!r}")
    if script.form != paper.form:
        return read.set_aside(("form",), f"script is for form {script.form!r}, not form {paper.form!r}")
    if script.paper_hash is not None and script.paper_hash != paper.content_hash:
        return read.set_aside(
            ("paper_hash",), "script was sat on a different freeze of this paper (paper_hash differs)"
        )
    if script.digest is not None and script.digest != script_digest(script):
        what = (
            "answers"
            if script.arrangements is None and not script.breaks
            else "answers, arrangements or breaks"
        )
        return read.set_aside(("digest",), f"{what} do not match their digest (changed after the exam?)")
    unknown = [qid for qid in script.answers if qid not in question_ids]
    if unknown:
        close = difflib.get_close_matches(unknown[0], sorted(question_ids), n=1, cutoff=0.8)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
        return read.set_aside(
            ("answers", unknown[0]),
            f"no question {unknown[0]!r} on paper {paper.id} form {paper.form}{hint}{more}",
        )
    return None
