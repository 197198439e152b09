"""Results as QTI 3.0 Results Reporting: one `assessmentResult` per candidate, zipped.

Each result holds the test's SCORE, MAXSCORE and GRADE, and per question the candidate's
response and the SCORE it earned (with `normalMaximum`). Answers still in review say so:
their item session is `pendingResponseProcessing` instead of `final`.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from csassess.fileio import write_atomic
from csassess.interop.qti3_items import qti_identifier
from csassess.interop.results_out import ResultRecords
from csassess.store.records import StoredAnswer, StoredScript

RESULT_NS = "http://www.imsglobal.org/xsd/imsqti_result_v3p0"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def _el(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{RESULT_NS}}}{tag}", attrs)


def _outcome(parent: etree._Element, ident: str, value: object, base: str = "float", **attrs: str) -> None:
    node = _el(parent, "outcomeVariable", identifier=ident, cardinality="single", baseType=base, **attrs)
    _el(node, "value").text = str(value)


def _response(parent: etree._Element, answer: StoredAnswer) -> None:
    raw = json.loads(answer.answer) if answer.answer is not None else None
    values = raw if isinstance(raw, list) else ([] if raw is None else [raw])
    node = _el(
        parent,
        "responseVariable",
        identifier="RESPONSE",
        cardinality="multiple" if isinstance(raw, list) else "single",
        baseType="string",
    )
    given = _el(node, "candidateResponse")
    for value in values:
        _el(given, "value").text = _NOT_XML.sub("", str(value))  # a candidate's text may hold anything


def result_xml(stored: StoredScript, max_of: dict[str, int], stamp: str) -> etree._Element:
    """One candidate's result document."""
    root = etree.Element(f"{{{RESULT_NS}}}assessmentResult", nsmap={None: RESULT_NS})
    context = _el(root, "context", sourcedId=qti_identifier(stored.candidate))
    _el(
        context,
        "sessionIdentifier",
        sourceID=f"urn:csassess:centre:{stored.centre}",
        identifier=qti_identifier(f"{stored.centre}-{stored.candidate}"),
    )
    test = _el(
        root, "testResult", identifier=qti_identifier(f"{stored.paper_id}-{stored.form}"), datestamp=stamp
    )
    _outcome(test, "SCORE", stored.total, normalMaximum=str(stored.max_total))
    _outcome(test, "MAXSCORE", stored.max_total)
    _outcome(test, "GRADE", stored.grade, "string")
    for index, answer in enumerate(stored.answers, start=1):
        pending = answer.needs_review and not answer.decisions
        item = _el(
            root,
            "itemResult",
            identifier=qti_identifier(answer.question_id),
            sequenceIndex=str(index),
            datestamp=stamp,
            sessionStatus="pendingResponseProcessing" if pending else "final",
        )
        _response(item, answer)
        _outcome(
            item, "SCORE", answer.mark, normalMaximum=str(max_of.get(answer.question_id, answer.max_mark))
        )
    return root


def write_qti_results(records: ResultRecords, out: Path, stamp: str | None = None) -> int:
    """A zip of one result document per candidate; returns the number of candidates."""
    stamp = stamp or datetime.now(UTC).replace(microsecond=0).isoformat()
    max_of = {q: m for p in records.papers.values() for q, m in p.questions}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for stored in records.scripts:
            doc = result_xml(stored, max_of, stamp)
            name = f"{stored.paper_id}-{stored.form}/{stored.centre}-{stored.candidate}.xml"
            archive.writestr(
                zipfile.ZipInfo(name, FIXED_TIME),
                etree.tostring(doc, xml_declaration=True, encoding="UTF-8", pretty_print=True),
                zipfile.ZIP_DEFLATED,
            )
    write_atomic(out, buffer.getvalue())
    return len(records.scripts)
