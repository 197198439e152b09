"""Helpers shared by the report tests (a plain module, so tests can import it): results
databases written directly through the store, and reading rendered reports."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path

from csassess.batch.worker import PaperMarker
from csassess.content.hashing import sha256_text
from csassess.marking.plan import marking_key
from csassess.models import FrozenPaper
from csassess.models.script import Answer
from csassess.store import NewScript, RunCounts, Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "scripts"

ESCALATION_ANSWER = (
    "<script>alert('x')</script> Refund the delivery charge straight away. He should refer it to the "
    "team leader with her order number and details, and tell her the team leader will ring her back "
    "within 48 hours."
)

Script = tuple[str, str, str | None, Mapping[str, Answer]]
"""(centre, candidate number, name, answers by question id)."""


def write_results(db: Path, paper: FrozenPaper, scripts: Sequence[Script]) -> None:
    """Mark `scripts` with the engine and store them as `csassess mark` would, without reading
    script files: so candidate numbers the script loader would refuse can be tested too."""
    marker = PaperMarker(paper)
    with Store(db) as store:
        store.save_paper(paper, marking_key(paper))
        run = store.begin_run(paper.content_hash, 0, ["tests"])
        rows = []
        for centre, candidate, name, answers in scripts:
            meta = NewScript(
                paper.id,
                paper.form,
                centre,
                candidate,
                name,
                sha256_text(repr(sorted(answers.items()))),
                "tests",
                None,
            )
            rows.append((meta, marker.mark(answers)))
        store.write_chunk(run, paper.content_hash, marking_key(paper), rows)
        store.finish_run(run, RunCounts(len(rows), 0, 0, 0))


class _Text(HTMLParser):
    """Visible text of an HTML document, leaving out elements with any of the given classes."""

    def __init__(self, skip_classes: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_classes = skip_classes
        self.depth = 0
        self.stack: list[bool] = []
        self.parts: list[str] = []

    VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "source", "col", "wbr"})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skip = bool(classes & self.skip_classes) or tag in ("style", "script", "title", "svg")
        self.stack.append(skip)
        self.depth += skip

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID or not self.stack:
            return
        self.depth -= self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def visible_text(html: str, skip_classes: Sequence[str] = ()) -> str:
    """The text a reader sees, whitespace collapsed, without elements of `skip_classes`."""
    parser = _Text(set(skip_classes))
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def marked_runs(html: str) -> list[str]:
    """The text inside each <mark> element of the answers, without the credit numbers."""
    runs = re.findall(r"<mark class=\"c\d\">(.*?)</mark>", html, flags=re.DOTALL)
    return [re.sub(r"<sup>\d+</sup>", "", run) for run in runs]
