"""Which format a file to import is in, read from its first bytes rather than its name."""

from __future__ import annotations

import re
from pathlib import Path

from csassess.interop.imported import ImportResult
from csassess.interop.safexml import MAX_XML_BYTES, InteropError, local, parse_xml

_ZIP = b"PK\x03\x04"
_GIFT_MARKS = re.compile(r"(::[^:]*::|\{[^}]*\}|\$CATEGORY:)", re.MULTILINE)


def detect(path: Path, head: bytes) -> str:
    """qti-package, qti-item, moodle or gift; InteropError naming the file otherwise."""
    if head.startswith(_ZIP):
        return "qti-package"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        sample = text[:2000]
        if b"<quiz" in sample:
            return "moodle"
        if b"ssessmentItem" in sample or b"qti-assessment-item" in sample:
            return "qti-item"
        raise InteropError(f"{path}: an XML file that is neither a QTI item nor a Moodle quiz")
    if _GIFT_MARKS.search(text.decode("utf-8", "replace")):
        return "gift"
    raise InteropError(
        f"{path}: cannot tell the format (expected a QTI package, QTI item, Moodle XML or GIFT)"
    )


def import_file(path: Path, spec: str | None = None) -> ImportResult:
    """Read any supported file into csassess content with a report on every question."""
    # each reader imported only for its own format
    from csassess.interop.qti3_read import read_qti_item, read_qti_package

    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise InteropError(f"{path}: cannot be read ({exc.strerror})") from None
    kind = detect(path, head)
    if kind == "qti-package":
        return read_qti_package(path, spec)
    if size > MAX_XML_BYTES:
        raise InteropError(f"{path}: {size:,} bytes is more than the {MAX_XML_BYTES:,} a file may have")
    data = path.read_bytes()
    if kind == "qti-item":
        return read_qti_item(path, data, spec)
    if kind == "moodle":
        from csassess.interop.moodle_read import read_moodle

        root = parse_xml(data, str(path))
        if local(root) != "quiz":
            raise InteropError(f"{path}: <{local(root)}>: a Moodle XML file starts with <quiz>")
        return read_moodle(path, root, spec)
    from csassess.interop.gift_read import read_gift

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InteropError(f"{path}: byte {exc.start}: GIFT files must be UTF-8") from None
    return read_gift(path, text, spec)
